#!/bin/bash
# guestkit — make the built-in demo disk image: MBR, one ext4 partition
# holding a few files, built with sfdisk and mkfs.ext4 -d (no root, no
# mounting, no guestkit).
# SPDX-License-Identifier: GPL-2.0-or-later
#   demo/make-demo-image.sh OUTPUT.img
set -euo pipefail
out=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/etc" "$tmp/root/home/demo" "$tmp/root/var/log"
echo guestkit-demo > "$tmp/root/etc/hostname"
cat > "$tmp/root/etc/os-release" <<'OSR'
PRETTY_NAME="guestkit demo guest"
NAME="guestkit demo"
VERSION_ID="1"
ID=guestkit-demo
OSR
echo "Hello from inside the demo guest." > "$tmp/root/home/demo/README"
echo "demo boot log" > "$tmp/root/var/log/boot.log"
truncate -s 64M "$tmp/disk.img"
echo 'start=2048, type=83' | sfdisk -q "$tmp/disk.img" >/dev/null
mkfs.ext4 -q -F -L demo-root -E offset=1048576 -d "$tmp/root" "$tmp/disk.img" 63M
mv "$tmp/disk.img" "$out"
