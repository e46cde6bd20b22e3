#!/bin/sh
# network-config.sh -- show a Linux guest's network configuration.
#
# Usage: network-config.sh IMAGE
#   Mounts the guest read-only by inspection and prints each network
#   configuration file it has, under a "==> FILE <==" header:
#   ifupdown (/etc/network/interfaces and interfaces.d), netplan,
#   NetworkManager keyfiles, Red Hat ifcfg files, systemd-networkd,
#   and the hostname and resolver files.  Control characters in the
#   guest's files are dropped.
#
# Example:
#   $ ./network-config.sh debian.img
#   ==> /etc/hostname <==
#   debby
#   ...
#
# Exit status: 0, or 1 on failure.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -ne 1 ]; then
    echo "usage: $0 IMAGE" >&2
    exit 1
fi
out=$(guestfish --listen --ro -a "$1" -i) || exit 1
eval "$out"
trap 'guestfish --remote exit 2>/dev/null || :' EXIT
r () { guestfish --remote "$@" </dev/null; }

show () {
    [ "$(r is-file "$1" followsymlinks:true)" = true ] || return 0
    echo "==> $1 <=="
    r download "$1" - | tr -d '\000-\010\013-\037\177'
}

for f in /etc/hostname /etc/hosts /etc/resolv.conf /etc/network/interfaces; do
    show "$f"
done
for d in /etc/network/interfaces.d /etc/netplan \
         /etc/NetworkManager/system-connections \
         /etc/sysconfig/network-scripts /etc/systemd/network; do
    [ "$(r is-dir "$d")" = true ] || continue
    r ls "$d" | while IFS= read -r name; do
        case $d/$name in
            /etc/sysconfig/network-scripts/ifcfg-*|/etc/sysconfig/network-scripts/route-*) ;;
            /etc/sysconfig/network-scripts/*) continue ;;
        esac
        show "$d/$name"
    done
done
