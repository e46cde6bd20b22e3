#!/bin/sh
# copy-out.sh -- copy files or directories out of a guest.
#
# Usage: copy-out.sh IMAGE GUESTPATH... LOCALDIR
#   Mounts the guest read-only by inspection and copies each GUESTPATH
#   (recursively for directories) into the existing local directory
#   LOCALDIR.
#
# Example:
#   $ mkdir etc-backup && ./copy-out.sh debian.img /etc etc-backup
#
# Exit status: 0, or 1 on failure.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -lt 3 ]; then
    echo "usage: $0 IMAGE GUESTPATH... LOCALDIR" >&2
    exit 1
fi
img=$1
shift
eval "dir=\${$#}"
if [ ! -d "$dir" ]; then
    echo "$0: $dir: not a directory" >&2
    exit 1
fi
exec guestfish --ro -a "$img" -i copy-out "$@"
