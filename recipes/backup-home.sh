#!/bin/sh
# backup-home.sh -- back up a guest's /home into a gzipped tarball.
#
# Usage: backup-home.sh IMAGE OUTPUT.tar.gz
#   Mounts the guest read-only (by inspection, so a separate /home
#   filesystem is found through /etc/fstab) and writes /home with
#   tgz-out.  OUTPUT may be "-" for standard output.
#
# Example:
#   $ ./backup-home.sh debian.img home.tar.gz && tar tzf home.tar.gz
#
# Exit status: 0, or 1 on failure.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -ne 2 ]; then
    echo "usage: $0 IMAGE OUTPUT.tar.gz" >&2
    exit 1
fi
exec guestfish --ro -a "$1" -i tgz-out /home "$2"
