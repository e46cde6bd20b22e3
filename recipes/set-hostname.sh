#!/bin/sh
# set-hostname.sh -- set the host name of a Linux guest.
#
# Usage: set-hostname.sh IMAGE NAME
#   Writes NAME to /etc/hostname and changes the 127.0.1.1 line of
#   /etc/hosts (as Debian's installer writes it) if there is one.  NAME
#   is a host name of letters, digits, dots and hyphens.
#
# Example:
#   $ ./set-hostname.sh debian.img web01.example.com
#
# Exit status: 0, or 1 on failure or a bad name.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -ne 2 ]; then
    echo "usage: $0 IMAGE NAME" >&2
    exit 1
fi
if ! expr "x$2" : 'x[A-Za-z0-9][A-Za-z0-9.-]*$' >/dev/null; then
    echo "$0: bad host name: $2" >&2
    exit 1
fi
name=$2 short=${2%%.*}
out=$(guestfish --listen -a "$1" -i) || exit 1
eval "$out"
tmp=$(mktemp)
trap 'rm -f "$tmp"; guestfish --remote exit 2>/dev/null || :' EXIT
r () { guestfish --remote "$@" </dev/null; }

printf '%s\n' "$name" > "$tmp"
r upload "$tmp" /etc/hostname
if [ "$(r is-file /etc/hosts)" = true ]; then
    r download /etc/hosts "$tmp"
    sed -i "s/^127\.0\.1\.1[[:space:]].*/127.0.1.1\t$name $short/" "$tmp"
    r upload "$tmp" /etc/hosts
fi
