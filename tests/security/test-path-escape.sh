#!/bin/bash
# guestkit — security plan row 19: a guest whose files try to reach out
# of the guest root or the host target directory.  Absolute and
# relative symbolic links to /etc/passwd (the GUEST's file is read),
# `..' chains that climb above the root (clamped at the root), links to
# a host path (not found in the guest), a FIFO, a character device
# (/dev/zero: would never end) and a block device: download, cat,
# copy-out and tar-out in guestfish, then virt-copy-out, virt-tar-out
# and virt-cat.  Reads of the special files fail at once (a 60 s
# watchdog catches a hang); host copies write only below their target
# directory and never through a link; FIFOs and device nodes are never
# made on the host (the library's tar filter drops them with a warning).
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../inspect-images.sh"
require_appliance

cd "$scratch" || exit 1
insp_debian_image disk.img
mkdir host target vtarget
echo "host secret" > host/victim
victim=$scratch/host/victim

# Everything on the host below $scratch but the directory $1, with
# the type, size and link target of each.
host_files () {
    find "$scratch" -path "$scratch/$1" -prune -o \
         ! -name out ! -name err -printf '%y %s %p -> %l\n' | LC_ALL=C sort
}

# What a host copy of /srv/esc must be: the links as links (never
# followed), no FIFO or device node (as root, tar would make them:
# a block device 8:0 readable by anyone), nothing else.
copy_listing () {
    (cd "$1" && find . -printf '%y %p -> %l\n' | LC_ALL=C sort)
}
skipped_warning="libguestfs: warning: copy-out: /srv/esc: 3 FIFO or device nodes not copied: ./blk, ./fifo, ./zero"
# The names in that warning come in the guest's directory order: sort
# them.
sort_skipped () {
    local line pre names
    while IFS= read -r line; do
        case $line in
        *"not copied: "*)
            pre=${line%%not copied: *}
            names=$(sed 's/, /\n/g' <<<"${line#*not copied: }" |
                        LC_ALL=C sort | paste -sd, | sed 's/,/, /g')
            echo "${pre}not copied: $names" ;;
        *) echo "$line" ;;
        esac
    done
}
expected_copy="d . -> 
d ./esc -> 
d ./esc/sub -> 
f ./esc/sub/inner -> 
l ./esc/abs -> /etc/passwd
l ./esc/host -> $victim
l ./esc/hostdir -> ../../../../../../../../..$scratch/host
l ./esc/rel -> ../../../../../../../../../etc/passwd
l ./esc/sub/up -> ../../../../../../../../.."

# The hostile tree, /srv/esc (/srv is its own filesystem), then the
# guestfish reads of it in the same session.
cat > script <<END_SCRIPT
write /etc/passwd "guest-passwd\n"
mkdir /srv/esc
mkdir /srv/esc/sub
write /srv/esc/sub/inner "inner\n"
ln-s /etc/passwd /srv/esc/abs
ln-s ../../../../../../../../../etc/passwd /srv/esc/rel
ln-s ../../../../../../../../.. /srv/esc/sub/up
ln-s $victim /srv/esc/host
ln-s ../../../../../../../../..$scratch/host /srv/esc/hostdir
mkfifo 0644 /srv/esc/fifo
mknod-c 0644 1 5 /srv/esc/zero
mknod-b 0644 8 0 /srv/esc/blk
echo == cat
cat /srv/esc/abs
cat /srv/esc/rel
cat /srv/esc/sub/up/etc/passwd
cat /srv/esc/sub/up/../../../etc/passwd
-cat /srv/esc/host
-cat /srv/esc/hostdir/victim
-cat /srv/esc/fifo
-cat /srv/esc/zero
-cat /srv/esc/blk
echo == download
download /srv/esc/abs $scratch/dl-abs
download /srv/esc/sub/up/etc/passwd $scratch/dl-up
-download /srv/esc/host $scratch/dl-host
-download /srv/esc/fifo $scratch/dl-fifo
-download /srv/esc/zero $scratch/dl-zero
-download /srv/esc/blk $scratch/dl-blk
echo == copy-out
copy-out /srv/esc $scratch/target
tar-out /srv/esc $scratch/esc.tar
echo == alive
END_SCRIPT
before=$(host_files target)
timeout 60 guestfish -a disk.img -i -f script > out 2> err
check_eq "guestfish session: exit status (no hang)" 0 $?
check_eq "guestfish: cat through the links stays in the guest root" "== cat
guest-passwd

guest-passwd

guest-passwd

guest-passwd

== download
== copy-out
== alive" "$(cat out)"
check_eq "guestfish: the host path, FIFO and devices are refused" \
"libguestfs: error: cat: /srv/esc/host: No such file or directory
libguestfs: error: cat: /srv/esc/hostdir/victim: No such file or directory
libguestfs: error: cat: /srv/esc/fifo: not a regular file
libguestfs: error: cat: /srv/esc/zero: not a regular file
libguestfs: error: cat: /srv/esc/blk: not a regular file
libguestfs: error: download: /srv/esc/host: No such file or directory
libguestfs: error: download: /srv/esc/fifo: not a regular file or device
libguestfs: error: download: /srv/esc/zero: not a regular file or device
libguestfs: error: download: /srv/esc/blk: not a regular file or device
$skipped_warning" "$(sort_skipped < err)"
check_eq "guestfish download: the guest's /etc/passwd both ways" \
    "guest-passwd
guest-passwd" "$(cat dl-abs dl-up)"
check_eq "guestfish: the host victim is untouched" "host secret" "$(cat "$victim")"
check_eq "guestfish: only the downloads, the tarball and target/ are new" \
    "$(LC_ALL=C sort <<<"$before
f 13 $scratch/dl-abs -> 
f 13 $scratch/dl-up -> 
f $(stat -c %s esc.tar) $scratch/esc.tar -> ")" "$(host_files target)"
check_eq "guestfish copy-out: links kept as links inside the target" \
    "$expected_copy" "$(copy_listing target)"
# tar-out is the archive as it is, nodes included (extracting them is
# the user's choice); the rest of it must be the same tree.
check_eq "guestfish tar-out: the FIFO and device nodes are in the archive" \
    "b ./blk
c ./zero
p ./fifo" "$(tar -tvf esc.tar | awk '/^[bcp]/ { print substr($1, 1, 1), $NF }' |
            LC_ALL=C sort)"
mkdir -p untar/esc
tar -C untar/esc --exclude=./blk --exclude=./zero --exclude=./fifo -xf esc.tar
check_eq "guestfish tar-out: the same tree, links as links" \
    "$expected_copy" "$(copy_listing untar)"

# The tools: virt-copy-out, virt-tar-out, virt-cat (one launch each).
before=$(host_files vtarget)
timeout 60 virt-copy-out -a disk.img /srv/esc vtarget > out 2>&1
check_eq "virt-copy-out: exit status and output" "0 $skipped_warning" \
    "$? $(sort_skipped < out)"
check_eq "virt-copy-out: links kept as links inside the target" \
    "$expected_copy" "$(copy_listing vtarget)"
check_eq "virt-copy-out: nothing written outside the target" \
    "$before" "$(host_files vtarget)"
timeout 60 virt-tar-out -a disk.img /srv/esc - > v.tar 2> out
check_eq "virt-tar-out: exit status and output" "0 " "$? $(cat out)"
check_eq "virt-tar-out: the same archive as tar-out" \
    "$(tar -tvf esc.tar | sort)" "$(tar -tvf v.tar | sort)"
out=$(timeout 60 virt-cat -a disk.img /srv/esc/abs /srv/esc/sub/up/etc/passwd 2>&1)
check_eq "virt-cat through links: the guest's file" "0 guest-passwd
guest-passwd" "$? $out"
out=$(timeout 60 virt-cat -a disk.img /srv/esc/zero 2>&1)
check_eq "virt-cat of a character device: refused" \
    "1 libguestfs: error: download: /srv/esc/zero: not a regular file or device" "$? $out"
check_eq "the host victim is still untouched" "host secret" "$(cat "$victim")"

done_testing
