#!/bin/sh
# grow-filesystem.sh -- grow a disk image, its last partition and the
# ext2/3/4 filesystem inside.
#
# Usage: grow-filesystem.sh IMAGE NEWSIZE
#   NEWSIZE is as truncate(1) takes it (e.g. 2G, +512M).  The raw IMAGE
#   grows in place (sparsely), then the last partition is moved to end
#   at the end of the disk (for GPT the backup header is moved first
#   with part-expand-gpt), the filesystem is checked and resize2fs
#   fills the partition.  Use it on a guest that is shut down, on a
#   raw image (for qcow2 use "qemu-img resize" instead of truncate).
#
# Example:
#   $ ./grow-filesystem.sh disk.img 20G
#   /dev/sda2: 20401094656 bytes
#
# Prints the partition and its new size.  Exit status: 0, or 1 on
# failure (a smaller NEWSIZE, no partition, not ext2/3/4).
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -ne 2 ]; then
    echo "usage: $0 IMAGE NEWSIZE" >&2
    exit 1
fi
img=$1
old=$(stat -c %s "$img")
truncate -s "$2" "$img"
if [ "$(stat -c %s "$img")" -lt "$old" ]; then
    truncate -s "$old" "$img"
    echo "$0: $2 would shrink $img" >&2
    exit 1
fi

out=$(guestfish --listen -a "$img") || exit 1
eval "$out"
trap 'guestfish --remote exit 2>/dev/null || :' EXIT
r () { guestfish --remote "$@" </dev/null; }

r run
dev=/dev/sda
parts=$(r part-list "$dev" | awk '$1 == "part_num:" { n = $2 } END { print n }')
if [ -z "$parts" ]; then
    echo "$0: no partition on $img" >&2
    exit 1
fi
part=$dev$parts
case $(r vfs-type "$part") in
    ext2|ext3|ext4) ;;
    *) echo "$0: $part does not hold an ext2/3/4 filesystem" >&2; exit 1 ;;
esac
# The last usable sector: MBR uses the disk to its end, GPT keeps 33
# sectors for its backup table.
end=$(($(r blockdev-getsz "$dev") - 1))
if [ "$(r part-get-parttype "$dev")" = gpt ]; then
    r part-expand-gpt "$dev"
    end=$((end - 33))
fi
r part-resize "$dev" "$parts" "$end"
r e2fsck "$part" forceall:true
r resize2fs "$part"
echo "$part: $(r blockdev-getsize64 "$part") bytes"
