#!/bin/bash
# guestkit — btrfs subvolumes: btrfsvol: mountables, list-filesystems,
# inspection of a root in subvolume @ with /home in @home (fstab
# subvol=), guestfish -i, and malformed btrfsvol: mountables.  The
# guest is built by one guestfish session (tests/guests/btrfs.sh).
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../guests/linux.sh"
. "$(dirname "$0")/../guests/btrfs.sh"
require_appliance

cd "$scratch" || exit 1
gb_build_guest "$scratch" >build.log 2>&1
check_eq "btrfs guest built by guestfish" 0 $?

fields="type distro product-name product-variant major-version minor-version
 arch hostname package-format package-management osinfo format"
root=btrfsvol:/dev/sda1/@
{
    echo run
    echo "echo == listfs"; echo list-filesystems
    echo "echo == roots"; echo inspect-os
    echo "echo == fields"
    for f in $fields; do echo "inspect-get-$f $root"; done
    echo "echo == mountpoints"; echo "inspect-get-mountpoints $root"
    echo "echo == filesystems"; echo "inspect-get-filesystems $root"
    echo "echo == vfs"
    echo "vfs-type $root"; echo "vfs-uuid btrfsvol:/dev/sda1/@home"
    echo "is-lv $root"
    echo "echo == mount"
    echo "mount-ro $root /"; echo "cat /etc/hostname"; echo "is-dir /data"
    echo "mount-vfs ro btrfs btrfsvol:/dev/sda1/@home /home"
    echo "cat /home/user/file"; echo mounts; echo umount-all
    echo "mount-options ro /dev/sda1 /"; echo "cat /data/readme"
    echo "is-dir /@/etc"; echo umount-all
    echo "echo == end"
} > script
timeout 600 guestfish --ro -a btrfs.img -f script > out 2> err
check_eq "btrfs session: exit status" 0 $?
check_eq "btrfs session: nothing on stderr" "" "$(cat err)"

# The lines of out after "== NAME" up to the next "== ".
section () {
    awk -v k="== $1" '$0 == k { on = 1; next } /^== / { on = 0 } on' out
}

check_eq "list-filesystems: the device, then its subvolumes" \
"/dev/sda1: btrfs
btrfsvol:/dev/sda1/@: btrfs
btrfsvol:/dev/sda1/@home: btrfs" "$(section listfs)"
check_eq "inspect-os: the root is subvolume @" "$root" "$(section roots)"
check_eq "every inspection field of the root" \
"linux
fedora
Fedora Linux 40 (Workstation Edition)
unknown
40
0
x86_64
tumble.example.org
rpm
dnf
fedora40
installed" "$(section fields)"
check_eq "mountpoints: fstab subvol=@ and subvol=/@home" \
"/: btrfsvol:/dev/sda1/@
/home: btrfsvol:/dev/sda1/@home" "$(section mountpoints)"
check_eq "filesystems: both subvolumes" \
"btrfsvol:/dev/sda1/@
btrfsvol:/dev/sda1/@home" "$(section filesystems)"
check_eq "vfs-type, vfs-uuid and is-lv of subvolumes" \
"btrfs
$GB_UUID
false" "$(section vfs)"
check_eq "mount-ro, mount-vfs and mount-options of btrfsvol mountables" \
"tumble.example.org

false
hello from @home
/dev/sda1
/dev/sda1
plain top level
true" "$(section mount)"
check_eq "the session ran to its end" "" "$(section end)"

out=$(guestfish --ro -a btrfs.img -i cat /etc/hostname : cat /home/user/file 2>&1)
check_eq "guestfish -i mounts / and /home from their subvolumes" \
"tumble.example.org

hello from @home" "$out"

# Malformed btrfsvol: mountables, one appliance for all.
{
    echo run
    for m in btrfsvol:/dev/sda1 btrfsvol:/dev/sda1/ btrfsvol:/dev/nonexist/x \
        btrfsvol:/dev/sda1/../x btrfsvol:/dev/sda1/a,subvolid=5 \
        btrfsvol:/dev/sda1/@/./x btrfsvol:sda1/@ btrfsvol:/dev/sda1/nosuch; do
        echo "-mount-ro $m /"
    done
} > bad
guestfish --ro -a btrfs.img -f bad > badout 2>&1
check_eq "bad mountables: one line each" \
"libguestfs: error: mount_ro: btrfsvol:/dev/sda1: expecting btrfsvol:/dev/DEVICE/SUBVOLUME
libguestfs: error: mount_ro: btrfsvol:/dev/sda1/: expecting btrfsvol:/dev/DEVICE/SUBVOLUME
libguestfs: error: mount_ro: btrfsvol:/dev/nonexist/x: no such device
libguestfs: error: mount_ro: btrfsvol:/dev/sda1/../x: expecting btrfsvol:/dev/DEVICE/SUBVOLUME
libguestfs: error: mount_ro: btrfsvol:/dev/sda1/a,subvolid=5: expecting btrfsvol:/dev/DEVICE/SUBVOLUME
libguestfs: error: mount_ro: btrfsvol:/dev/sda1/@/./x: expecting btrfsvol:/dev/DEVICE/SUBVOLUME
libguestfs: error: mount_ro: btrfsvol:sda1/@: expecting btrfsvol:/dev/DEVICE/SUBVOLUME
libguestfs: error: mount_ro: btrfsvol:/dev/sda1/nosuch on / (btrfs): Invalid argument" \
    "$(cat badout)"
expect_one_line_error "guestfish: a bad mountable is one line, exit 1" \
    'btrfsvol:/dev/sda1/\.\./x' guestfish --ro -a btrfs.img run : mount btrfsvol:/dev/sda1/../x /

done_testing
