#!/bin/bash -
# guestkit — many kill -9 runs of the VMM during qcow2 allocating writes.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage (from the build tree, after `make -C tests check TESTS=`):
#   tests/vmm/crash-runs.sh [N [MINUTES [extra test-vmm-crash options]]]
# runs tests/test-vmm-crash for N runs (default 1000; half of the kills
# aimed at a flush), stopping early after MINUTES (default 15), and
# prints its summary line:
#   crash runs N, corrupt C, leaked L (K clusters), lost-acked-writes W, ...
# The full TAP log goes to crash-runs.log in the current directory.
# Exit status: 0 if every run passed, 1 otherwise.

set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-1000}
min=${2:-15}
shift 2 2>/dev/null || shift $#
make -s -C "$top/tests" test-vmm-crash vmm/probe/probe.elf >/dev/null
log=crash-runs.log
rc=0
GUESTKIT_TOP_BUILDDIR=$top "$top/tests/test-vmm-crash" --runs "$n" \
    --time $((min * 60)) --max-acks 4 --inject-runs 0 "$@" >"$log" || rc=1
grep -c '^ok ' "$log" | sed 's/^/passed runs: /'
grep -c '^not ok ' "$log" | sed 's/^/failed runs: /' || true
grep '^# crash runs' "$log" | sed 's/^# //'
exit $rc
