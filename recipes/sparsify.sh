#!/bin/sh
# sparsify.sh -- zero the free space of a guest and make its image sparse.
#
# Usage: sparsify.sh IMAGE
#   Runs zerofree on every ext2/3/4 filesystem of the (shut down)
#   guest, so that deleted data no longer lingers in free blocks and
#   the image compresses well, then punches holes in the raw IMAGE
#   where it is now zero ("fallocate --dig-holes", when the host has
#   it) so that it takes less space on the host.
#
# Example:
#   $ ./sparsify.sh debian.img
#   /dev/sda1: zeroed
#   /dev/sda2: zeroed
#
# Exit status: 0, or 1 on failure.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -ne 1 ]; then
    echo "usage: $0 IMAGE" >&2
    exit 1
fi
out=$(guestfish --listen -a "$1") || exit 1
eval "$out"
trap 'guestfish --remote exit 2>/dev/null || :' EXIT
r () { guestfish --remote "$@" </dev/null; }

r run
fss=$(r list-filesystems)
for dev in $(echo "$fss" | awk -F': ' '$2 ~ /^ext[234]$/ { print $1 }'); do
    r zerofree "$dev"
    echo "$dev: zeroed"
done
r exit
trap - EXIT
if command -v fallocate >/dev/null 2>&1; then
    fallocate --dig-holes "$1"
fi
