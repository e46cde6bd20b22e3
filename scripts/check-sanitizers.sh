#!/bin/bash
# guestkit — build a copy of the committed tree with ASan and UBSan and
# run the tests of host code against it (the daemon runs in the
# appliance and is built without sanitizers).  Prints TAP-ish lines and
# a summary; exits non-zero on any failure or sanitizer report.
# SPDX-License-Identifier: GPL-2.0-or-later
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/guestkit-asan.XXXXXX")
trap 'rm -rf "$dir"' EXIT
git -C "$top" archive HEAD | tar -x -C "$dir" || exit 1
cd "$dir"
if ! { ./autogen.sh --enable-werror --enable-sanitizers && make -j"$(nproc)"; } \
       > build.log 2>&1; then
    tail -20 build.log
    echo "sanitizers: build failed"
    exit 1
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
make -j"$(nproc)" check \
    TESTS="test-wire test-capi test-devices-cancel test-concurrency test-errors.sh test-streams.sh \
           test-vmm-virtqueue test-vmm-pci test-vmm-virtio-pci \
           test-vmm-devices test-vmm-blk test-vmm-console test-vmm-boot \
           test-vmm-probe test-vmm-backend test-drive-formats.sh \
           test-vmm-blk-bdev vmm/test-vmm-blk-open.sh block/test-block-qcow2.sh \
           block/test-block-malformed.sh fuzz/test-fuzz-qcow2.sh" FUZZ_QCOW2_SECONDS=20 > check.log 2>&1
status=$?
for log in tests/test-*.log tests/*/test-*.log; do
    grep -E '^(not ok|ok)' "$log" | sed "s|^|sanitizers: $(basename "$log" .log): |"
    grep -E 'ERROR: AddressSanitizer|runtime error:' "$log" && status=1
done
echo "sanitizers: $(tests/summarise.sh tests)"
exit $status
