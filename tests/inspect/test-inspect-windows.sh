#!/bin/bash
# guestkit — Windows inspection on real NTFS (guests/windows.sh): every
# field of an MBR and a GPT Windows guest, a dual-boot disk, damaged
# hives and a hostile Linux root; NTFS mounted read-write and
# read-only through ntfs-3g; guestfish -i on NTFS; inspect-get-icon.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../inspect-images.sh"
. "$(dirname "$0")/../guests/windows.sh"
require_appliance

cd "$scratch" || exit 1
win_disks "$scratch"
check_eq "the test guests are built" 0 $?
disks=(-a win-mbr.img -a win-gpt.img -a dual.img -a bad.img)

# guestfish -i on an NTFS Windows guest, read-write: what it writes
# must be on the disk after the appliance is gone (checked below).
out=$(guestfish -i -a win-mbr.img -- mountpoints : cat /Windows/win.ini : \
      ls "/Program Files/App" : mkdir /Users : write /Users/note.txt "by -i" \
      2>&1)
check_eq "guestfish -i on NTFS: / mounted, files read" "0 /dev/sda1: /
[fonts]
readme.txt" "$? $out"

# Two operating systems on one disk: guestfish -i refuses.
out=$(guestfish --ro -i -a dual.img -- echo never 2>&1)
check_eq "dual-boot: guestfish -i exit status" 1 $?
check "dual-boot: guestfish -i message" \
    grep -q "^guestfish: multi-boot operating systems are not supported" <<<"$out"

# The fields of each root, then NTFS mounts and icons: one session.
fields="type distro product-name product-variant major-version
minor-version arch hostname package-format package-management osinfo
windows-systemroot windows-current-control-set windows-software-hive
windows-system-hive"
{
    echo run
    echo inspect-os
    for r in sda1 sdb1 sdc1 sdc2 sdd1 sdd2 sdd3 sdd4; do
        echo "echo == $r"
        for f in $fields; do echo "-inspect-get-$f /dev/$r"; done
        echo "inspect-get-drive-mappings /dev/$r"
        echo "inspect-get-mountpoints /dev/$r"
        echo "inspect-get-filesystems /dev/$r"
    done
    echo "echo == ntfs"
    printf '%s\n' "inspect-get-icon /dev/sdc1 | wc -c" \
        "mount-ro /dev/sda1 /" "cat /Users/note.txt" "umount /" \
        "mount /dev/sda2 /" "write /data.txt \"on E:\"" "mounts" \
        "mountpoints" "sync" "umount /dev/sda2" "mounts" \
        "mount-options ro,noatime /dev/sda2 /" "cat /data.txt" \
        "-write /x y" "umount-all" "mount-vfs \"\" ntfs-3g /dev/sda1 /" \
        "mkdir-p /mnt/e" "mount-vfs \"\" ntfs /dev/sda2 /mnt/e" \
        "write-append /mnt/e/data.txt \" again\"" "-mount-ro /dev/sda2 /mnt" \
        "mountpoints" "umount-all" "mount-ro /dev/sda2 /" "cat /data.txt" \
        "umount-all" "-mount-vfs \"\" ntfs /dev/sdc1 /" "mounts"
    echo "echo == icons"
    printf '%s\n' "mount-ro /dev/sdc1 /" "inspect-get-icon /dev/sdc1 | md5sum" \
        "inspect-get-icon /dev/sdc1 favicon:false | md5sum" \
        "inspect-get-icon /dev/sdc1 highquality:true | md5sum" \
        "umount-all" "mount-ro /dev/sdb1 /" "inspect-get-icon /dev/sdb1 | md5sum" \
        "inspect-get-icon /dev/sdb1 favicon:false | wc -c" "umount-all" \
        "mount-ro /dev/sda1 /" "inspect-get-icon /dev/sda1 | wc -c" "umount-all" \
        "mount-ro /dev/sdd4 /" "inspect-get-icon /dev/sdd4 | wc -c" \
        "inspect-get-icon /dev/sdd4 favicon:false | wc -c" \
        "-inspect-get-icon /dev/sdd9"
} > script
guestfish "${disks[@]}" < script > out 2>&1
check_eq "the session's exit status" 0 $?

# part NAME: the output between "== NAME" and the next "== ".
part () {
    awk -v n="== $1" '$0 == n { on = 1; next } /^== / { on = 0 } on' out
}

check_eq "inspect-os: every root, in device order" "/dev/sda1
/dev/sdb1
/dev/sdc1
/dev/sdc2
/dev/sdd1
/dev/sdd2
/dev/sdd3
/dev/sdd4" "$(sed -n '1,/^== /p' out | sed '$d')"

nowin="libguestfs: error: inspect_get_windows_systemroot: not a Windows guest, or systemroot could not be determined
libguestfs: error: inspect_get_windows_current_control_set: not a Windows guest, or CurrentControlSet could not be determined
libguestfs: error: inspect_get_windows_software_hive: not a Windows guest, or software hive not found
libguestfs: error: inspect_get_windows_system_hive: not a Windows guest, or system hive not found"
noccs="libguestfs: error: inspect_get_windows_current_control_set: not a Windows guest, or CurrentControlSet could not be determined"
hives="/Windows/System32/config/SOFTWARE
/Windows/System32/config/SYSTEM"
server="windows
windows
Windows Server 2019 Standard
Server
10
0
x86_64
win-srv2019
unknown
unknown
win2k19
/Windows
ControlSet002
$hives"
unknown="windows
windows
unknown
unknown
0
0
x86_64
unknown
unknown
unknown
unknown
/Windows"

check_eq "MBR Windows: every field, C: and E: from the disk signature" "$server
C: /dev/sda1
E: /dev/sda2
/: /dev/sda1
/dev/sda1" "$(part sda1)"
check_eq "GPT Windows: every field, drive letters from DMIO:ID: GUIDs" "$server
C: /dev/sdb1
E: /dev/sdb2
/: /dev/sdb1
/dev/sdb1" "$(part sdb1)"
check_eq "dual-boot: the Linux root" "linux
debian
Debian GNU/Linux 12 (bookworm)
unknown
12
0
x86_64
dualdeb
deb
apt
debian12
$nowin
/: /dev/sdc1
/dev/sdc1" "$(part sdc1)"
check_eq "dual-boot: Windows 7 (CurrentVersion, ComputerName)" "windows
windows
Windows 7 Professional
Client
6
1
x86_64
WIN7-PC
unknown
unknown
win7
/Windows
ControlSet001
$hives
C: /dev/sdc2
/: /dev/sdc2
/dev/sdc2" "$(part sdc2)"
check_eq "truncated SOFTWARE, no SYSTEM: unknown fields" "$unknown
$noccs
/Windows/System32/config/SOFTWARE
libguestfs: error: inspect_get_windows_system_hive: not a Windows guest, or system hive not found
/: /dev/sdd1
/dev/sdd1" "$(part sdd1)"
check_eq "garbage SOFTWARE, missing control set, odd-length C:" "$unknown
ControlSet009
$hives
/: /dev/sdd2
/dev/sdd2" "$(part sdd2)"
check_eq "600 MiB SOFTWARE (over the cap), empty SYSTEM" "$unknown
$noccs
$hives
/: /dev/sdd3
/dev/sdd3" "$(part sdd3)"
check_eq "hostile Linux root: absolute symlink, FIFO, huge file" "linux
debian
Debian GNU/Linux 11 (bullseye)
unknown
11
0
x86_64
unknown
deb
apt
debian11
$nowin
/: /dev/sdd4
/dev/sdd4" "$(part sdd4)"

check_eq "NTFS: read-write, read-only, ntfs-3g type, umount, errors" "0
by -i
/dev/sda2
/dev/sda2: /
on E:
/dev/sda1: /
/dev/sda2: /mnt/e
on E: again" "$(part ntfs | grep -v '^libguestfs: error:')"
errs=$(part ntfs | grep '^libguestfs: error:')
check "NTFS: writing to a read-only mount fails" \
    grep -qx "libguestfs: error: write: /x: Read-only file system" <<<"$errs"
check "NTFS: mount-vfs ntfs of an ext4 filesystem is an error naming it" \
    grep -q "^libguestfs: error: mount_vfs: /dev/sdc1 on / (ntfs): ." <<<"$errs"
check "NTFS: a volume mounted twice is an error naming it" \
    grep -q "^libguestfs: error: mount_ro: /dev/sda2 on /mnt (ntfs): ." <<<"$errs"
check_eq "NTFS: three errors" 3 "$(wc -l <<<"$errs")"

fav=$(md5sum < favicon.png) logo=$(md5sum < logo.png)
check_eq "icons: favicon, logo, highquality, Windows favicon, none" "$fav
$logo
$logo
$fav
0
0
0
0
libguestfs: error: inspect_get_icon: /dev/sdd9: root device not found: only call this function with a root device previously returned by guestfs_inspect_os" \
    "$(part icons)"

done_testing
