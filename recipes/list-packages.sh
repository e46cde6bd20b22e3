#!/bin/sh
# list-packages.sh -- list the packages installed in a guest.
#
# Usage: list-packages.sh IMAGE...
#   Inspects the guest (read-only), mounts its filesystems and prints
#   one line per installed application, sorted by name:
#     NAME <TAB> [EPOCH:]VERSION[-RELEASE] <TAB> ARCH
#   It reads the dpkg status of Debian-like guests, the rpm database
#   of Red Hat-like ones and the Uninstall keys of Windows.
#
# Example:
#   $ ./list-packages.sh debian.img
#   bash	5.2.15-2+b2	amd64
#   zlib1g	1:1.2.13.dfsg-1	amd64
#
# Exit status: 0, or 1 on failure.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -lt 1 ]; then
    echo "usage: $0 IMAGE..." >&2
    exit 1
fi
n=$#
for img; do set -- "$@" -a "$img"; done
shift "$n"

out=$(guestfish --listen --ro -i "$@") || exit 1
eval "$out"
tmp=$(mktemp)
trap 'rm -f "$tmp"; guestfish --remote exit 2>/dev/null || :' EXIT

for root in $(guestfish --remote inspect-get-roots); do
    guestfish --remote inspect-list-applications2 "$root" > "$tmp"
    # The struct list comes as "  app2_FIELD: VALUE" lines, "}" after
    # each application.  Values come from the guest: control characters
    # are dropped.
    awk '
        /^  app2_[a-z_0-9]+: / {
            k = $1; sub(/^app2_/, "", k); sub(/:$/, "", k)
            v = $0; sub(/^  app2_[a-z_0-9]+: /, "", v)
            gsub(/[[:cntrl:]]/, "", v); a[k] = v; next
        }
        /^}/ {
            ver = a["version"]
            if (a["epoch"] != "" && a["epoch"] != "0") ver = a["epoch"] ":" ver
            if (a["release"] != "") ver = ver "-" a["release"]
            printf "%s\t%s\t%s\n", a["name"], ver, a["arch"]
            delete a
        }' "$tmp" | LC_ALL=C sort
done
