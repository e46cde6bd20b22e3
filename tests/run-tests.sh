#!/bin/bash
# guestkit — the whole test suite from a fresh machine: install what is
# missing, build, run "make check", end with "N passed, N failed".
# SPDX-License-Identifier: GPL-2.0-or-later
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh || exit 1
scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
make -j"$(nproc)" check >/dev/null 2>&1
for log in tests/*.log tests/vmm/*.log; do
    case $log in */test-suite.log) continue ;; esac
    grep -E '^(not ok|ok|# )' "$log" | sed "s|^|$(basename "$log" .log): |"
done
tests/summarise.sh tests
