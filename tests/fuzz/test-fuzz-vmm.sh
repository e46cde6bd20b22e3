#!/bin/bash
# guestkit — the VMM device fuzz targets in make check: each replays
# its committed corpus (tests/fuzz/corpus/TARGET/) and then runs random
# mutations of it, checking its invariants (see each target's .c).
# FUZZ_VMM_ITERATIONS, FUZZ_VMM_SECONDS (per target) and FUZZ_VMM_SEED
# bound and repeat the run.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
src=$(cd "$(dirname "$0")" && pwd)
bin=$(dirname "$0")/..
seed=${FUZZ_VMM_SEED:-$RANDOM}
echo "# seed $seed"

# Each target's TAP lines, renumbered into this file's own plan.
for t in virtqueue virtio-blk virtio-console probe; do
    prog=$bin/fuzz-$t
    [ -x "$prog" ] || prog=./fuzz-$t
    out=$("$prog" -n "${FUZZ_VMM_ITERATIONS:-20000}" \
          -t "${FUZZ_VMM_SECONDS:-6}" -s "$seed" "$src/corpus/$t")
    rc=$?
    while IFS= read -r line; do
        case $line in
            "ok "*) ok 0 "fuzz-$t: ${line#ok * - }" ;;
            "not ok "*) ok 1 "fuzz-$t: ${line#not ok * - }" ;;
            "#"*) echo "$line" ;;
        esac
    done <<< "$out"
    check_eq "fuzz-$t exit status" 0 "$rc"
done
done_testing
