#!/bin/bash
# guestkit — quick-start demo: install what is missing, build, make the
# demo image and read it with guestfish.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
echo "== building guestkit (first time: a few minutes)"
scripts/build.sh
[ -f demo/demo.img ] || demo/make-demo-image.sh demo/demo.img
echo "== guestfish --ro -a demo/demo.img -m /dev/sda1"
set -x
./run guestfish --ro -a demo/demo.img -m /dev/sda1 -- \
    list-filesystems : cat /etc/hostname : ll /
