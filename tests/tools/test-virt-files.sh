#!/bin/bash
# guestkit — the tools that move files: virt-copy-in/out and
# virt-tar-in/out (round trips compared with the host files, modes and
# symlinks included; the -out tools leave the image unchanged; what the
# -in tools write is there after a fresh launch), virt-log (a syslog
# unpacked by virt-tar-in -z from standard input; Windows refused), and
# virt-cat (guest paths across the guest's mounts, -m, a missing file,
# a Windows path, no operating system, bad options).
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../inspect-images.sh"
require_appliance

cd "$scratch" || exit 1
insp_debian_image disk.img
insp_windows_image win.img
truncate -s 32M blank.img

# The tree listing that round trips must keep: type, mode, size, link.
listing () {
    (cd "$1" && find . -printf '%M %s %p -> %l\n' | sort)
}

# A local tree: modes 0750/0700 directories, 0600/0755/0644 files, a
# symlink, binary data and a name with a space.
mkdir -p src/tree/sub
head -c 100000 /dev/urandom > src/tree/data.bin
printf '#!/bin/sh\necho hi\n' > src/tree/run.sh
echo "a note" > "src/tree/sub/my note.txt"
ln -s data.bin src/tree/link
chmod 0600 src/tree/data.bin
chmod 0755 src/tree/run.sh
chmod 0644 "src/tree/sub/my note.txt"
chmod 0700 src/tree/sub
chmod 0750 src/tree

# virt-copy-in, then virt-copy-out into a new local directory.
out=$(virt-copy-in -a disk.img src/tree /srv 2>&1)
check_eq "virt-copy-in: exit status and output" "0 " "$? $out"
before=$(sha256sum < disk.img)
mkdir back
out=$(virt-copy-out -a disk.img /srv/tree back 2>&1)
check_eq "virt-copy-out: exit status and output" "0 " "$? $out"
check_eq "virt-copy-out: the image is unchanged" "$before" \
    "$(sha256sum < disk.img)"
check_eq "copy-in then copy-out: the same tree (modes, sizes, link)" \
    "$(listing src/tree)" "$(listing back/tree)"
check "copy-in then copy-out: the same bytes" diff -r src/tree back/tree

# virt-tar-out to standard output.
virt-tar-out -a disk.img /srv/tree - > tree.tar
check_eq "virt-tar-out -: exit status" 0 $?
check_eq "virt-tar-out: the image is unchanged" "$before" \
    "$(sha256sum < disk.img)"
mkdir untar
tar -C untar -xf tree.tar
check_eq "virt-tar-out: the same tree (modes, sizes, link)" \
    "$(listing src/tree)" "$(listing untar)"
check "virt-tar-out: the same bytes" diff -r src/tree untar

# virt-tar-in -z from standard input (a syslog), and a plain tarball.
mkdir -p logs/var/log plain
printf 'Jan  1 00:00:01 debby kernel: Linux version 6.1\nJan  1 00:00:02 debby dhclient[42]: bound to 10.0.2.15\n' \
    > logs/var/log/syslog
tar -C logs -czf - var | virt-tar-in -z -a disk.img - /
check_eq "virt-tar-in -z -: exit status" 0 $?
echo "added by tar" > plain/added.txt
chmod 0604 plain/added.txt
tar -C plain -cf plain.tar added.txt
out=$(virt-tar-in -a disk.img plain.tar /home/user 2>&1)
check_eq "virt-tar-in: exit status and output" "0 " "$? $out"

# virt-log prints the syslog that virt-tar-in wrote.
check_eq "virt-log: the Debian guest's /var/log/syslog" \
    "$(cat logs/var/log/syslog)" "$(virt-log -a disk.img)"
expect_one_line_error "virt-log: Windows is refused" \
    "^virt-log: Windows event logs are not supported$" virt-log -a win.img

# virt-cat: files across the guest's mounts, one written by virt-tar-in.
out=$(virt-cat -a disk.img /etc/hostname /srv/index.html \
      /boot/grub/grub.cfg /home/user/added.txt 2>&1)
check_eq "virt-cat: files of /, /srv, /boot and from virt-tar-in" "0 debby
served
set timeout=5
added by tar" "$? $out"
out=$(virt-cat -a disk.img -m /dev/sda1:/ /grub/grub.cfg 2>&1)
check_eq "virt-cat -m" "0 set timeout=5" "$? $out"
expect_one_line_error "virt-cat: a missing file" \
    "^libguestfs: error: download: /etc/nosuch: No such file or directory$" \
    virt-cat -a disk.img /etc/nosuch
insp_pe cmd.exe
virt-cat -a win.img 'c:\windows\SYSTEM32\cmd.exe' > cmd.out
check_eq "virt-cat: a Windows path: exit status" 0 $?
check "virt-cat: a Windows path: the bytes" cmp cmd.exe cmd.out
out=$(virt-cat -a blank.img /etc/hostname 2>&1)
check_eq "virt-cat: no operating system: exit status" 1 $?
check_eq "virt-cat: no operating system: message" \
    "virt-cat: no operating system was found on this disk" "$(head -n1 <<<"$out")"

# Usage errors: no appliance.
for t in "virt-cat --bad|virt-cat: unknown option '--bad'" \
         "virt-log -a disk.img extra|virt-log: unexpected argument 'extra'" \
         "virt-copy-in -a disk.img /srv|virt-copy-in: give the files to copy and the guest directory" \
         "virt-copy-out /srv .|virt-copy-out: no disk given: use -a or -d" \
         "virt-tar-in -a disk.img x.tar|virt-tar-in: give the tarball and the guest directory" \
         "virt-tar-out -a disk.img -q / -|virt-tar-out: unknown option '-q'"; do
    cmd=${t%%|*}
    prog=${cmd%% *}
    out=$($cmd 2>&1)
    check_eq "$cmd" "1 ${t#*|}
Try '$prog --help' for more information." "$? $out"
done
for p in virt-cat virt-log virt-copy-in virt-copy-out virt-tar-in virt-tar-out; do
    check "$p --help" grep -q "^Usage:" <<<"$($p --help)"
done

done_testing
