#!/bin/sh
# tarball-to-disk.sh -- build a new disk image from a tarball.
#
# Usage: tarball-to-disk.sh TARBALL OUTPUT SIZE [FSTYPE]
#   Creates the raw disk image OUTPUT of SIZE bytes (suffixes as
#   guestfish -N takes them: 512M, 2G), with an MBR partition table and
#   one partition holding a FSTYPE (default ext4) filesystem, and
#   unpacks TARBALL into it.  Tarballs compressed with gzip, bzip2 or xz
#   (by name: .tar.gz/.tgz, .tar.bz2, .tar.xz) are fine.  OUTPUT must
#   not exist yet.
#
# Example:
#   $ tar -C rootfs -cf rootfs.tar .
#   $ ./tarball-to-disk.sh rootfs.tar disk.img 1G
#
# Exit status: 0, or 1 on failure.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -lt 3 ] || [ $# -gt 4 ]; then
    echo "usage: $0 TARBALL OUTPUT SIZE [FSTYPE]" >&2
    exit 1
fi
tarball=$1 output=$2 size=$3 fstype=${4:-ext4}
if [ -e "$output" ]; then
    echo "$0: $output already exists" >&2
    exit 1
fi
case $tarball in
    *.tar.gz|*.tgz) compress=gzip ;;
    *.tar.bz2) compress=bzip2 ;;
    *.tar.xz) compress=xz ;;
    *) compress= ;;
esac
if ! guestfish -N "$output=fs:$fstype:$size" -m /dev/sda1 \
     tar-in "$tarball" / ${compress:+compress:$compress}; then
    rm -f "$output"
    exit 1
fi
