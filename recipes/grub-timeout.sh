#!/bin/sh
# grub-timeout.sh -- set the GRUB boot menu timeout of a Linux guest.
#
# Usage: grub-timeout.sh IMAGE SECONDS
#   Sets GRUB_TIMEOUT in /etc/default/grub (so that the next
#   update-grub keeps it) and every "set timeout=" line of the
#   generated /boot/grub/grub.cfg or /boot/grub2/grub.cfg (so that the
#   next boot uses it).  The guest must not be running.
#
# Example:
#   $ ./grub-timeout.sh debian.img 1
#   /etc/default/grub
#   /boot/grub/grub.cfg
#
# Prints each file it changed.  Exit status: 0, or 1 on failure or if
# no GRUB configuration was found.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -ne 2 ] || ! expr "x$2" : 'x[0-9][0-9]*$' >/dev/null; then
    echo "usage: $0 IMAGE SECONDS" >&2
    exit 1
fi
secs=$2

out=$(guestfish --listen -a "$1" -i) || exit 1
eval "$out"
tmp=$(mktemp)
trap 'rm -f "$tmp"; guestfish --remote exit 2>/dev/null || :' EXIT

changed=0
for f in /etc/default/grub /boot/grub/grub.cfg /boot/grub2/grub.cfg; do
    [ "$(guestfish --remote is-file "$f")" = true ] || continue
    guestfish --remote download "$f" "$tmp"
    case $f in
        /etc/default/grub)
            if grep -q '^GRUB_TIMEOUT=' "$tmp"; then
                sed -i "s/^GRUB_TIMEOUT=.*/GRUB_TIMEOUT=$secs/" "$tmp"
            else
                echo "GRUB_TIMEOUT=$secs" >> "$tmp"
            fi ;;
        *)
            sed -i "s/^\([[:space:]]*set timeout=\).*/\1$secs/" "$tmp" ;;
    esac
    guestfish --remote upload "$tmp" "$f"
    echo "$f"
    changed=1
done
if [ "$changed" = 0 ]; then
    echo "$0: no GRUB configuration found" >&2
    exit 1
fi
