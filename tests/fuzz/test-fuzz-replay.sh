#!/bin/bash
# guestkit — replay each libFuzzer-shaped target's committed corpus
# (tests/fuzz/corpus/TARGET/) and then random mutations of it, through
# tests/fuzz/driver.c: the RPC decoders of the library and the daemon
# and the libvirt XML loader, guestfish's script parser and the
# daemon's guest path resolution.  FUZZ_REPLAY_ITERATIONS and
# FUZZ_REPLAY_SECONDS bound the mutations of each target.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
top=$(cd "$(dirname "$0")" && pwd)
bin=$top/..
[ -x "$bin/fuzz-rpc-lib" ] || bin=.

targets="fuzz-rpc-lib fuzz-rpc-daemon fuzz-domain-xml fuzz-fish-parser fuzz-path"
for t in $targets; do
    out=$("$bin/$t" -n "${FUZZ_REPLAY_ITERATIONS:-20000}" \
              -t "${FUZZ_REPLAY_SECONDS:-4}" -s "${FUZZ_REPLAY_SEED:-$RANDOM}" \
              "$top/corpus/$t"/* 2>"$scratch/$t.err")
    rc=$?
    n=$(ls "$top/corpus/$t" | wc -l)
    want="ok 1 - $n corpus inputs replayed"
    if [ $rc -eq 0 ] && [ "$(sed -n 1p <<<"$out")" = "$want" ] &&
           grep -q '^ok 2 - [1-9][0-9]* random mutations ran' <<<"$out"; then
        ok 0 "$t: $(sed -n 2p <<<"$out" | sed 's/^ok 2 - //')"
    else
        ok 1 "$t: exit $rc: $out $(tail -5 "$scratch/$t.err")"
    fi
done
done_testing
