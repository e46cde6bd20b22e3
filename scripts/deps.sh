#!/bin/bash
# guestkit — install the Debian 12 packages the build, the appliance and
# the tests need, skipping those already installed (idempotent).
# Runs apt-get as root, or through sudo.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

packages=(
    # build
    build-essential autoconf automake libtool pkg-config libreadline-dev
    # the qemu backend
    qemu-system-x86 qemu-utils
    # the appliance: kernel, image builders, and the programs it runs
    linux-image-amd64 erofs-utils squashfs-tools cpio kmod
    util-linux fdisk e2fsprogs xfsprogs dosfstools lvm2 parted gdisk
    tar gzip bzip2 xz-utils zstd lzop file coreutils findutils grep sed
    binutils mount dash mawk
    btrfs-progs ntfs-3g cryptsetup-bin mdadm attr acl libcap2-bin zerofree
    bsdextrautils cpio
    # the daemon's libraries
    libmagic-dev libhivex-dev
    # virt-edit -e (regular expressions)
    libpcre2-dev
    # add_domain: libvirt domain XML (libvirt optional at build time)
    libxml2-dev libvirt-dev
    # the VMM's block layer (qcow2 compressed clusters)
    zlib1g-dev libzstd-dev
    # tests (Windows-like hives; a static shell for guests without an OS)
    libhivex-bin busybox-static
    # tests: hivexregedit (Windows hives from .reg files)
    libwin-hivex-perl
    # the Python binding (bindings/python)
    python3-dev
    # the tests
    bc diffutils python3
    # virt-inspector's tests: xmllint checks the XML against its grammar
    libxml2-utils
    # guestfish's terminal tests (a real terminal)
    tmux
    # inspection: rpm databases (appliance) and test rpms (rpmbuild)
    rpm
    # the journal API (sd-journal) and test journals (systemd-journal-remote)
    libsystemd-dev systemd-journal-remote
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "guestkit: installing missing Debian packages: ${missing[*]}"
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
