#!/bin/sh
# add-ssh-key.sh -- let a public key log in to a user of a Linux guest.
#
# Usage: add-ssh-key.sh IMAGE USER PUBKEYFILE
#   Looks USER up in the guest's /etc/passwd, creates ~USER/.ssh (mode
#   0700) if needed and appends the key to its authorized_keys (mode
#   0600), both owned by the user, as ssh-copy-id would.
#
# Example:
#   $ ./add-ssh-key.sh debian.img root ~/.ssh/id_ed25519.pub
#
# Exit status: 0, or 1 on failure or an unknown user.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -ne 3 ]; then
    echo "usage: $0 IMAGE USER PUBKEYFILE" >&2
    exit 1
fi
user=$2 key=$3
[ -r "$key" ] || { echo "$0: $key: cannot read" >&2; exit 1; }
out=$(guestfish --listen -a "$1" -i) || exit 1
eval "$out"
tmp=$(mktemp)
trap 'rm -f "$tmp"; guestfish --remote exit 2>/dev/null || :' EXIT
r () { guestfish --remote "$@" </dev/null; }

r download /etc/passwd "$tmp"
entry=$(awk -F: -v u="$user" '$1 == u { print $3 ":" $4 ":" $6; exit }' "$tmp")
if [ -z "$entry" ]; then
    echo "$0: no user $user in the guest" >&2
    exit 1
fi
uid=${entry%%:*} rest=${entry#*:}
gid=${rest%%:*} home=${rest#*:}
if ! expr "x$uid:$gid" : 'x[0-9][0-9]*:[0-9][0-9]*$' >/dev/null ||
   [ "${home#/}" = "$home" ]; then
    echo "$0: bad /etc/passwd entry for $user" >&2
    exit 1
fi
ssh=${home%/}/.ssh
r mkdir-p "$ssh"
r touch "$ssh/authorized_keys"
r download "$ssh/authorized_keys" "$tmp"
# Make sure the old last line ends before the new key.
if [ -s "$tmp" ] && [ -n "$(tail -c 1 "$tmp")" ]; then echo >> "$tmp"; fi
cat "$key" >> "$tmp"
r upload "$tmp" "$ssh/authorized_keys"
r chmod 0700 "$ssh"
r chmod 0600 "$ssh/authorized_keys"
r chown "$uid" "$gid" "$ssh"
r chown "$uid" "$gid" "$ssh/authorized_keys"
