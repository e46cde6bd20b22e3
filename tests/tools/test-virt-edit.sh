#!/bin/bash
# guestkit — virt-edit on a Debian-like image: -e on a passwd file
# (exact result) with -b (the backup is the original, untouched), the
# mode, owner, group and extended attributes (user.*, a POSIX ACL,
# security.selinux) kept on the edited file, a file left unchanged is
# not rewritten, $EDITOR as a command with arguments through a
# symbolic link in the old-style form, and the errors: a bad
# expression (before any launch), a non-regular file, bad options.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../inspect-images.sh"
require_appliance

cd "$scratch" || exit 1
insp_debian_image disk.img

# The file to edit, with attributes worth keeping; a FIFO; a symlink.
guestfish -a disk.img -i <<'EOF'
write /etc/passwd "root:x:0:0:root:/root:/bin/bash\nuser:x:1000:1000::/home/user:/bin/sh\n"
chmod 0640 /etc/passwd
chown 0 42 /etc/passwd
setxattr user.comment hello 5 /etc/passwd
setxattr security.selinux system_u:object_r:passwd_file_t:s0 34 /etc/passwd
acl-set-file /etc/passwd access "u::rw-,u:1000:r--,g::r--,m::r--,o::---"
mkfifo 0644 /etc/fifo
ln-s hostname /etc/hn-link
EOF
check_eq "prepare the guest" 0 $?

# What guestfish shows of a file's attributes.
attrs () {
    echo "getxattrs $1"
    echo "statns $1 | grep -E '^st_(mode|uid|gid|nlink):'"
}

# -e with -b: /etc/passwd changes; /etc/hostname does not (no backup).
out=$(virt-edit -a disk.img -b .bak -e 's/^root:.*?:/root::/' \
      /etc/passwd /etc/hostname 2>&1)
check_eq "-e -b: exit status and output" "0 " "$? $out"

# $EDITOR, a command with arguments, on a symlink; old-style arguments.
out=$(EDITOR="sed -i s/debby/renamed/" virt-edit disk.img /etc/hn-link 2>&1)
check_eq "EDITOR through a symlink, old style: exit status" "0 " "$? $out"

out=$(guestfish --ro -a disk.img -i <<EOF
cat /etc/passwd
cat /etc/passwd.bak
$(attrs /etc/passwd)
$(attrs /etc/passwd.bak)
ls /etc
readlink /etc/hn-link
cat /etc/hostname
EOF
)
acl='\x02\x00\x00\x00\x01\x00\x06\x00\xff\xff\xff\xff\x02\x00\x04\x00\xe8\x03\x00\x00\x04\x00\x04\x00\xff\xff\xff\xff\x10\x00\x04\x00\xff\xff\xff\xff \x00\x00\x00\xff\xff\xff\xff'
xattrs="[0] = {
  attrname: user.comment
  attrval: hello
}
[1] = {
  attrname: system.posix_acl_access
  attrval: $acl
}
[2] = {
  attrname: security.selinux
  attrval: system_u:object_r:passwd_file_t:s0
}
st_mode: 33184
st_nlink: 1
st_uid: 0
st_gid: 42"
check_eq "the edited file, its backup, their attributes, the links" \
"root::0:0:root:/root:/bin/bash
user:x:1000:1000::/home/user:/bin/sh

root:x:0:0:root:/root:/bin/bash
user:x:1000:1000::/home/user:/bin/sh

$xattrs
$xattrs
debian_version
fifo
fstab
hn-link
hostname
os-release
passwd
passwd.bak
hostname
renamed" "$out"

# Errors.
expect_one_line_error "a bad expression, before anything is launched" \
    "^virt-edit: -e: the flag 'e' is not supported (supported: g, i, m, s, x)$" \
    virt-edit -a nosuch.img /etc/passwd -e 's/a/b/e'
expect_one_line_error "a bad regular expression" \
    "^virt-edit: -e: bad regular expression '(a' at offset 2: missing closing parenthesis$" \
    virt-edit -a nosuch.img /etc/passwd -e 's/(a/b/'
expect_one_line_error "a FIFO is not a regular file" \
    "^virt-edit: /etc/fifo: not a regular file$" \
    virt-edit -a disk.img /etc/fifo -e s/a/b/
out=$(virt-edit --nope -a disk.img /etc/passwd 2>&1)
check_eq "unknown option" "1 virt-edit: unknown option '--nope'
Try 'virt-edit --help' for more information." "$? $out"
out=$(virt-edit -a disk.img 2>&1)
check_eq "no file given" "1 virt-edit: no file given
Try 'virt-edit --help' for more information." "$? $out"
out=$(virt-edit --help)
check "--help prints the usage" grep -q "^  virt-edit \[OPTIONS\] -a DISK.IMG" <<<"$out"
check "-V prints the version" grep -Eq '^virt-edit [0-9]+\.[0-9]+\.[0-9]+' \
    <<<"$(virt-edit -V)"

done_testing
