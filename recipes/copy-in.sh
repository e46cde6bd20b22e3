#!/bin/sh
# copy-in.sh -- copy local files or directories into a guest.
#
# Usage: copy-in.sh IMAGE GUESTDIR LOCALPATH...
#   Mounts the guest by inspection, creates GUESTDIR if needed and
#   copies each LOCALPATH (recursively for directories) into it, as
#   "cp -r" would.  The guest must not be running.
#
# Example:
#   $ ./copy-in.sh debian.img /root/setup setup.sh config/
#
# Exit status: 0, or 1 on failure.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -lt 3 ]; then
    echo "usage: $0 IMAGE GUESTDIR LOCALPATH..." >&2
    exit 1
fi
img=$1 dir=$2
shift 2
exec guestfish -a "$img" -i mkdir-p "$dir" : copy-in "$@" "$dir"
