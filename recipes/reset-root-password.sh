#!/bin/sh
# reset-root-password.sh -- replace root's password hash in /etc/shadow.
#
# Usage: reset-root-password.sh IMAGE HASH
#   HASH is a crypt(3) hash such as "openssl passwd -6" prints; quote
#   it, since it holds '$'.  Only root's second field changes: the
#   other users and root's ageing fields are kept, and so are the
#   file's owner and mode.
#
# Example:
#   $ ./reset-root-password.sh debian.img "$(openssl passwd -6 secret)"
#
# Exit status: 0, or 1 on failure (no root entry, a bad hash).
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -ne 2 ]; then
    echo "usage: $0 IMAGE HASH" >&2
    exit 1
fi
case $2 in
    *:*|*"
"*|"") echo "$0: the hash must not be empty nor hold ':' or a newline" >&2
       exit 1 ;;
esac
NEWHASH=$2
export NEWHASH
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.new"' EXIT

# One session: download, edit on the host ("!"), upload.  awk fails
# (and so does guestfish) when there is no root line.
guestfish -a "$1" -i <<EOF2
download /etc/shadow $tmp
! awk -F: -v OFS=: 'BEGIN { s = 1 } \$1 == "root" { \$2 = ENVIRON["NEWHASH"]; s = 0 } { print } END { exit s }' $tmp > $tmp.new && mv $tmp.new $tmp
upload $tmp /etc/shadow
EOF2
