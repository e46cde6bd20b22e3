#!/bin/sh
# filesystems.sh -- list the filesystems of disk images with their sizes.
#
# Usage: filesystems.sh IMAGE...
#   Adds the images read-only to one session and prints one line per
#   filesystem found (partitions, whole disks, logical volumes):
#     DEVICE TYPE SIZE LABEL
#   SIZE is the size of the device in bytes; LABEL is "-" when there is
#   none (labels come from the guest: control characters and spaces are
#   replaced by "?").  Swap and unknown contents are listed too.
#
# Example:
#   $ ./filesystems.sh debian.img
#   /dev/sda1 ext4 16777216 -
#   /dev/sda2 ext4 116391936 -
#
# Exit status: 0, or 1 on failure.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -lt 1 ]; then
    echo "usage: $0 IMAGE..." >&2
    exit 1
fi
n=$#
for img; do set -- "$@" -a "$img"; done
shift "$n"
out=$(guestfish --listen --ro "$@") || exit 1
eval "$out"
trap 'guestfish --remote exit 2>/dev/null || :' EXIT
r () { guestfish --remote "$@" </dev/null; }

r run
r list-filesystems > /dev/null  # fail here if it fails
r list-filesystems | while IFS=': ' read -r dev type; do
    size=$(r blockdev-getsize64 "$dev")
    label=$(r -- -vfs-label "$dev" 2>/dev/null)
    label=$(printf '%s' "$label" | tr '\000-\040\177' '?')
    printf '%s %s %s %s\n' "$dev" "$type" "$size" "${label:--}"
done
