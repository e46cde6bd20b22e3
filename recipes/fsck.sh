#!/bin/sh
# fsck.sh -- check and repair the ext2/3/4 filesystems of a disk image.
#
# Usage: fsck.sh IMAGE
#   Runs e2fsck on every ext2/3/4 filesystem of the (unmounted, shut
#   down) guest, repairing what can be repaired safely, as the boot
#   time check "e2fsck -p" would.  Prints "DEVICE: ok" for each
#   filesystem that is now clean, "DEVICE: needs manual repair" for one
#   that is not.
#
# Example:
#   $ ./fsck.sh debian.img
#   /dev/sda1: ok
#   /dev/sda2: ok
#
# Exit status: 0 all clean, 1 a filesystem still has errors or a
# failure.
# SPDX-License-Identifier: GPL-2.0-or-later

if [ $# -ne 1 ]; then
    echo "usage: $0 IMAGE" >&2
    exit 1
fi
out=$(guestfish --listen -a "$1") || exit 1
eval "$out"
trap 'guestfish --remote exit 2>/dev/null || :' EXIT
r () { guestfish --remote "$@" </dev/null; }

r run || exit 1
fss=$(r list-filesystems) || exit 1
status=0
for dev in $(echo "$fss" | awk -F': ' '$2 ~ /^ext[234]$/ { print $1 }'); do
    # A leading "-": a check that fails does not stop the listener.
    if r -- -e2fsck "$dev" correct:true 2>/dev/null; then
        echo "$dev: ok"
    else
        echo "$dev: needs manual repair"
        status=1
    fi
done
exit $status
