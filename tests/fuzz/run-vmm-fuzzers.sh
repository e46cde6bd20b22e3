#!/bin/bash
# guestkit — run each VMM device fuzz target under libFuzzer (ASan +
# UBSan) for MINUTES minutes (default 1), starting from its committed
# corpus, and print one line per target: "TARGET EXECUTIONS CRASHES".
# New corpus entries go to a scratch copy; crash inputs are kept in
# $FUZZ_OUT (default tests/fuzz/out/) as crash-* files.
# Usage: tests/fuzz/run-vmm-fuzzers.sh [MINUTES [TARGET...]]   (from the build tree,
# after `make -C tests fuzz-vmm-libfuzzer`, which needs clang).
# SPDX-License-Identifier: GPL-2.0-or-later

set -u
minutes=${1:-1}
shift $(( $# > 0 ? 1 : 0 ))
targets=${*:-virtqueue virtio-blk virtio-console probe}
case $minutes in
    ''|*[!0-9]*) echo "run-vmm-fuzzers.sh: MINUTES must be a whole number" >&2
                 exit 1 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
tests=$(cd "$here/.." && pwd)
out=${FUZZ_OUT:-$here/out}
mkdir -p "$out" || exit 1
make -s -C "$tests" $(printf "fuzz-%s-libfuzzer " $targets) >&2 || exit 1

status=0
echo "target executions crashes"
for t in $targets; do
    work=$(mktemp -d) || exit 1
    cp "$here/corpus/$t/"* "$work/" 2>/dev/null
    log=$out/fuzz-$t.log
    "$tests/fuzz-$t-libfuzzer" -max_total_time=$((minutes * 60)) \
        -print_final_stats=1 -artifact_prefix="$out/$t-" \
        -fork=0 "$work" >"$log" 2>&1
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    crashes=$(ls "$out/$t-"crash-* "$out/$t-"leak-* "$out/$t-"timeout-* \
                  "$out/$t-"oom-* 2>/dev/null | wc -l)
    echo "fuzz-$t ${execs:-0} $crashes"
    [ "$crashes" = 0 ] && [ -n "$execs" ] || status=1
    rm -rf "$work"
done
exit $status
