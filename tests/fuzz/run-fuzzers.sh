#!/bin/bash
# guestkit — build the libFuzzer variants of the fuzz targets in
# tests/fuzz (clang, -fsanitize=fuzzer,address,undefined) and run each
# for MINUTES (default 1) from its committed corpus, printing one line
# per target:  TARGET EXECUTIONS CRASHES
# Crashing inputs and new corpus entries go under tests/fuzz/work/.
# FUZZ_SECONDS overrides MINUTES.  Run from anywhere after ./configure and make (it needs the generated
# config.h and common/protocol/guestfs_protocol.{c,h}).
# Usage: tests/fuzz/run-fuzzers.sh [MINUTES] [TARGET...]
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
minutes=${1:-1}
shift $(( $# > 0 ? 1 : 0 ))
targets=${*:-fuzz-rpc-lib fuzz-rpc-daemon fuzz-domain-xml fuzz-fish-parser fuzz-path}
work=$here/work
mkdir -p "$work"
command -v clang >/dev/null || { echo "run-fuzzers.sh: clang not found" >&2; exit 1; }
"$here/gen-proc-tables.sh" "$top/common/protocol/guestfs_protocol.h" \
    > "$work/proc-tables.h" || exit 1

common=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
        -DGUESTKIT_LIBFUZZER -I"$top" -I"$work" -I"$here"
        -I"$top/common/protocol" -I"$top/common/utils"
        "$top/common/protocol/wire.c" "$top/common/protocol/guestfs_protocol.c"
        "$top/common/utils/cleanups.c")
build () {                      # build TARGET
    local t=$1 extra=()
    case $t in
    fuzz-rpc-lib) extra=(-I"$top/library" "$top/library/proto.c") ;;
    fuzz-rpc-daemon) extra=(-I"$top/daemon" "$top/daemon/proto.c" -pthread) ;;
    fuzz-domain-xml) extra=(-I"$top/library" $(pkg-config --cflags libxml-2.0)
                            "$top/library/domain-xml.c"
                            $(pkg-config --libs libxml-2.0)) ;;
    fuzz-fish-parser) extra=(-I"$top/fish" -I"$top/library") ;;
    fuzz-path) extra=(-I"$top/daemon") ;;
    *) echo "run-fuzzers.sh: unknown target $t" >&2; return 1 ;;
    esac
    clang "${common[@]}" -o "$work/$t-libfuzzer" "$here/$t.c" "${extra[@]}"
}

for t in $targets; do
    if ! build "$t" 2>"$work/$t.build.log"; then
        echo "$t build-failed -"; cat "$work/$t.build.log" >&2; continue
    fi
    mkdir -p "$work/$t-corpus" "$work/$t-crashes"
    (cd "$work" && "./$t-libfuzzer" -max_total_time="${FUZZ_SECONDS:-$((minutes * 60))}" \
        -print_final_stats=1 -fork=0 -rss_limit_mb=2048 \
        -artifact_prefix="$work/$t-crashes/" \
        "$work/$t-corpus" "$here/corpus/$t" >"$work/$t.log" 2>&1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -1)
    crashes=$(find "$work/$t-crashes" -type f | wc -l)
    echo "$t ${execs:-?} $crashes"
done
