#!/bin/sh
# os-info.sh -- print what inspection finds on one or more disk images.
#
# Usage: os-info.sh IMAGE...
#   All the images are added to one read-only guestfish session (the
#   disks of a multi-disk guest belong together) and every operating
#   system found is described in a block of "key: value" lines.
#
# Example:
#   $ ./os-info.sh debian.img
#   /dev/sda2:
#     type: linux
#     distro: debian
#     product: Debian GNU/Linux 12 (bookworm)
#     version: 12.5
#     ...
#
# Exit status: 0, or 1 if an image cannot be opened or holds no OS.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -lt 1 ]; then
    echo "usage: $0 IMAGE..." >&2
    exit 1
fi
n=$#
for img; do set -- "$@" -a "$img"; done
shift "$n"

out=$(guestfish --listen --ro "$@") || exit 1
eval "$out"
trap 'guestfish --remote exit 2>/dev/null || :' EXIT
guestfish --remote run
roots=$(guestfish --remote inspect-os)
if [ -z "$roots" ]; then
    echo "$0: no operating system found" >&2
    exit 1
fi

# Each value is something the guest wrote: drop control characters.
field () {
    printf '  %s: %s\n' "$1" "$(guestfish --remote "$2" "$root" | tr -d '\000-\037\177')"
}

for root in $roots; do
    echo "$root:"
    field type inspect-get-type
    field distro inspect-get-distro
    field product inspect-get-product-name
    major=$(guestfish --remote inspect-get-major-version "$root")
    minor=$(guestfish --remote inspect-get-minor-version "$root")
    echo "  version: $major.$minor"
    field arch inspect-get-arch
    field hostname inspect-get-hostname
    field packages inspect-get-package-format
done
