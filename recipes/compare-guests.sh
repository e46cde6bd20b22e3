#!/bin/sh
# compare-guests.sh -- list the files that differ between two guests.
#
# Usage: compare-guests.sh IMAGE1 IMAGE2
#   Mounts each guest read-only by inspection, takes the SHA-256 of
#   every regular file (checksums-out /) and prints, sorted by path:
#     - PATH   only in IMAGE1
#     + PATH   only in IMAGE2
#     * PATH   in both, with different contents
#   Good for checking what an update or a tool changed in a guest
#   (compare a copy taken before with the guest after).
#
# Example:
#   $ cp --sparse=always guest.img before.img; ... ; ./compare-guests.sh before.img guest.img
#   * /etc/hostname
#
# Exit status (as diff): 0 the same, 1 different, 2 trouble.
# SPDX-License-Identifier: GPL-2.0-or-later

if [ $# -ne 2 ]; then
    echo "usage: $0 IMAGE1 IMAGE2" >&2
    exit 2
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
guestfish --ro -a "$1" -i checksums-out sha256 / "$tmp/1" || exit 2
guestfish --ro -a "$2" -i checksums-out sha256 / "$tmp/2" || exit 2

# A line is "HASH  ./PATH", or "\HASH  ./PATH" with PATH escaped when
# it holds a newline or backslash (coreutils format).
awk '
    function parse(line) {
        esc = substr(line, 1, 1) == "\\"
        if (esc) line = substr(line, 2)
        h = substr(line, 1, 64); p = substr(line, 69)
        if (esc) p = p " (escaped)"
    }
    FNR == NR { parse($0); a[p] = h; next }
    { parse($0)
      if (!(p in a)) print "+ /" p
      else if (a[p] != h) print "* /" p
      delete a[p] }
    END { for (p in a) print "- /" p }' "$tmp/1" "$tmp/2" |
    LC_ALL=C sort -k2 > "$tmp/out" || exit 2
cat "$tmp/out"
[ ! -s "$tmp/out" ]
