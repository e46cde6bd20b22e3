#!/bin/bash
# guestkit — quick-start demo: install what is missing, build, make the
# demo image and read it with guestfish.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
echo "== building guestkit (first time: a few minutes)"
scripts/build.sh
[ -f demo/demo.img ] && ./run virt-inspector --no-icon -a demo/demo.img 2>/dev/null |
    grep -q '<hostname>guestkit-demo' ||
    demo/make-demo-image.sh demo/demo.img
echo "== guestfish --ro -a demo/demo.img -m /dev/sda1"
set -x
./run guestfish --ro -a demo/demo.img -m /dev/sda1 -- \
    list-filesystems : cat /etc/hostname : ll /
./run virt-inspector --no-icon -a demo/demo.img
./run virt-cat -a demo/demo.img /home/demo/README
./run virt-filesystems --all --long -h -a demo/demo.img
./run virt-df -h -a demo/demo.img
