#!/bin/sh
# static-ip.sh -- give a network interface of a Linux guest a static
# IPv4 address.
#
# Usage: static-ip.sh IMAGE IFACE ADDRESS/PREFIX GATEWAY [DNS]
#   Writes the configuration in the guest's own style:
#   - netplan (/etc/netplan exists): /etc/netplan/60-static-IFACE.yaml;
#   - ifupdown (/etc/network/interfaces): IFACE's old stanza (with its
#     "auto"/"allow-hotplug" line) is replaced by a static one;
#   - Red Hat (/etc/sysconfig/network-scripts): ifcfg-IFACE.
#   Prints the file written.
#
# Example:
#   $ ./static-ip.sh debian.img ens3 192.0.2.10/24 192.0.2.1 192.0.2.53
#   /etc/network/interfaces
#
# Exit status: 0, or 1 on failure, bad arguments or an unknown style.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -lt 4 ] || [ $# -gt 5 ]; then
    echo "usage: $0 IMAGE IFACE ADDRESS/PREFIX GATEWAY [DNS]" >&2
    exit 1
fi
ifc=$2 cidr=$3 gw=$4 dns=${5:-}
ip='[0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*'
if ! expr "x$ifc" : 'x[A-Za-z0-9_.-][A-Za-z0-9_.-]*$' >/dev/null ||
   ! expr "x$cidr" : "x$ip/[0-9][0-9]*\$" >/dev/null ||
   ! expr "x$gw" : "x$ip\$" >/dev/null ||
   { [ -n "$dns" ] && ! expr "x$dns" : "x$ip\$" >/dev/null; }; then
    echo "$0: bad interface, address, gateway or DNS server" >&2
    exit 1
fi
out=$(guestfish --listen -a "$1" -i) || exit 1
eval "$out"
tmp=$(mktemp)
trap 'rm -f "$tmp"; guestfish --remote exit 2>/dev/null || :' EXIT
r () { guestfish --remote "$@" </dev/null; }

if [ "$(r is-dir /etc/netplan)" = true ]; then
    f=/etc/netplan/60-static-$ifc.yaml
    { printf '%s\n' 'network:' '  version: 2' '  ethernets:' "    $ifc:" \
          '      dhcp4: false' "      addresses: [$cidr]" '      routes:' \
          '        - to: default' "          via: $gw"
      [ -z "$dns" ] || printf '%s\n' '      nameservers:' "        addresses: [$dns]"
    } > "$tmp"
    r upload "$tmp" "$f"
    r chmod 0600 "$f"
elif [ "$(r is-file /etc/network/interfaces)" = true ]; then
    f=/etc/network/interfaces
    r download "$f" "$tmp"
    # Drop IFACE's auto/allow-* line and its iface stanza (up to the
    # next stanza or blank line) and trailing blank lines, then append
    # the static stanza.
    awk -v i="$ifc" '
        ($1 == "auto" || $1 ~ /^allow-/) && NF == 2 && $2 == i { next }
        $1 == "iface" && $2 == i { skip = 1; next }
        skip && (/^[ \t]*$/ || /^[a-z]/) { skip = 0 }
        skip { next }
        /^[ \t]*$/ { blank++; next }
        { while (blank > 0) { print ""; blank-- } print }' "$tmp" > "$tmp.new"
    { cat "$tmp.new"
      printf '\n%s\n' "auto $ifc"
      printf '%s\n' "iface $ifc inet static" "    address $cidr" "    gateway $gw"
      [ -z "$dns" ] || echo "    dns-nameservers $dns"
    } > "$tmp"
    rm -f "$tmp.new"
    r upload "$tmp" "$f"
elif [ "$(r is-dir /etc/sysconfig/network-scripts)" = true ]; then
    f=/etc/sysconfig/network-scripts/ifcfg-$ifc
    { printf '%s\n' "DEVICE=$ifc" BOOTPROTO=none ONBOOT=yes \
          "IPADDR=${cidr%/*}" "PREFIX=${cidr#*/}" "GATEWAY=$gw"
      [ -z "$dns" ] || echo "DNS1=$dns"
    } > "$tmp"
    r upload "$tmp" "$f"
else
    echo "$0: no netplan, ifupdown or network-scripts configuration found" >&2
    exit 1
fi
echo "$f"
