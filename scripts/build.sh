#!/bin/bash
# guestkit — configure (once) and build everything, appliance included.
# SPDX-License-Identifier: GPL-2.0-or-later
#   scripts/build.sh [CONFIGURE_ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x config.status ]; then
    ./autogen.sh --enable-werror "$@" >/dev/null
fi
make -j"$(nproc)" >/dev/null
