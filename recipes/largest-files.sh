#!/bin/sh
# largest-files.sh -- find the largest files in a guest.
#
# Usage: largest-files.sh IMAGE [N]
#   Mounts the guest read-only by inspection, streams its whole tree
#   with tar-out into a host "tar -tv" (nothing is stored on the host)
#   and prints the N (default 10) largest regular files, largest
#   first, as "SIZE PATH" (bytes; names as GNU tar quotes them, so
#   odd characters come out escaped).
#
# Example:
#   $ ./largest-files.sh debian.img 3
#   300000 /srv/big.bin
#   ...
#
# Exit status: 0, or 1 on failure.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -lt 1 ] || [ $# -gt 2 ] || ! expr "x${2:-10}" : 'x[0-9][0-9]*$' >/dev/null; then
    echo "usage: $0 IMAGE [N]" >&2
    exit 1
fi
count=${2:-10}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# --pipe-error: a failing host tar fails the guestfish command.
guestfish --pipe-error --ro -a "$1" -i <<EOF2
tar-out / - | tar --numeric-owner --quoting-style=escape -tvf - > $tmp
EOF2
# "-rw-r--r-- 0/0 SIZE DATE TIME ./PATH": regular files only.
awk '/^-/ { size = $3
           for (i = 0; i < 5; i++) sub(/^[^ ]+ +/, "")
           sub(/^\./, ""); print size, $0 }' "$tmp" |
    LC_ALL=C sort -k1,1nr -k2 | head -n "$count"
