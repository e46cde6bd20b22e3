#!/bin/bash
# guestkit — make the built-in demo disk image: MBR, one ext4 partition
# holding a tiny Debian-like root (os-release, fstab, hostname, one
# binary) and a few files, built with sfdisk and mkfs.ext4 -d (no root, no
# mounting, no guestkit).
# SPDX-License-Identifier: GPL-2.0-or-later
#   demo/make-demo-image.sh OUTPUT.img
set -euo pipefail
out=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/etc" "$tmp/root/home/demo" "$tmp/root/var/log" \
    "$tmp/root/usr/bin"
ln -s usr/bin "$tmp/root/bin"
cp /bin/ls "$tmp/root/usr/bin/ls"       # inspection reads its architecture
echo guestkit-demo > "$tmp/root/etc/hostname"
cat > "$tmp/root/etc/os-release" <<'OSR'
PRETTY_NAME="guestkit demo guest (Debian-like)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
ID=debian
OSR
echo 12.0 > "$tmp/root/etc/debian_version"
echo 'LABEL=demo-root / ext4 defaults 0 1' > "$tmp/root/etc/fstab"
echo "Hello from inside the demo guest." > "$tmp/root/home/demo/README"
echo "demo boot log" > "$tmp/root/var/log/boot.log"
truncate -s 64M "$tmp/disk.img"
echo 'start=2048, type=83' | sfdisk -q "$tmp/disk.img" >/dev/null
mkfs.ext4 -q -F -L demo-root -E offset=1048576 -d "$tmp/root" "$tmp/disk.img" 63M
mv "$tmp/disk.img" "$out"
