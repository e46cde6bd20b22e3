#!/bin/bash
# guestkit — read an image made by other tools (sfdisk + mkfs.ext4 -d),
# and check that --ro never changes the image file.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/functions.sh"
require_appliance

root=$scratch/root
mkdir -p "$root/etc" "$root/home/user"
echo foreign-host > "$root/etc/hostname"
echo 'NAME="Foreign"' > "$root/etc/os-release"
echo data > "$root/home/user/file"
img=$scratch/foreign.img
truncate -s 64M "$img"
echo 'start=2048, type=83' | sfdisk -q "$img" >/dev/null
mkfs.ext4 -q -F -E offset=1048576 -d "$root" "$img" 63M >/dev/null 2>&1
before=$(sha256sum < "$img")

out=$(guestfish --ro -a "$img" -m /dev/sda1 -- cat /etc/hostname)
check_eq "cat /etc/hostname from a foreign image" foreign-host "$out"
out=$(guestfish --ro -a "$img" -m /dev/sda1 -- ls /home/user : list-filesystems)
check_eq "ls and list-filesystems" "file
/dev/sda1: ext4" "$out"
out=$(guestfish --ro -a "$img" -m /dev/sda1 -- write /x y 2>&1)
check "--ro -m mounts read-only" grep -q "Read-only file system" <<<"$out"
# Writes to a read-only drive mounted read-write go to a throwaway overlay.
out=$(guestfish --ro -a "$img" -- run : mount /dev/sda1 / : write /new x : \
      cat /new : rm /etc/hostname 2>&1)
check_eq "writes succeed in the overlay" x "$out"
check_eq "--ro leaves the image file unchanged" "$before" "$(sha256sum < "$img")"
out=$(guestfish -- add-drive "$img" readonly:true label:foreign : run : \
      mount-ro /dev/disk/guestfs/foreign1 / : cat /etc/hostname)
check_eq "a drive label names the disk's partitions" foreign-host "$out"
out=$(guestfish --ro -a "$img" -m /dev/sda1 -- exists /new)
check_eq "overlay writes are gone next time" false "$out"
done_testing
