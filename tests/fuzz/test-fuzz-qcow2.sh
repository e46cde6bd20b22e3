#!/bin/bash
# guestkit — run the qcow2 fuzz target (tests/fuzz/fuzz-qcow2.c) over
# seed images made by qemu-img: random programs of header and table
# mutations, reads, writes, discards, flushes and reopens.
# FUZZ_QCOW2_ITERATIONS and FUZZ_QCOW2_SECONDS bound the run.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
command -v qemu-img >/dev/null || skip_all "qemu-img not installed"
command -v qemu-io >/dev/null || skip_all "qemu-io not installed"
fuzz=$(dirname "$0")/../fuzz-qcow2
[ -x "$fuzz" ] || fuzz=./fuzz-qcow2

s=$scratch
mk () {                         # mk NAME SIZE CREATE_OPTIONS QEMU_IO_CMDS...
    local name=$1 size=$2 opts=$3
    shift 3
    qemu-img create -q -f qcow2 -o "$opts" "$s/$name" "$size"
    for cmd in "$@"; do
        qemu-io -f qcow2 -c "$cmd" "$s/$name" >/dev/null
    done
}
mk v3.qcow2 4M compat=1.1 'write -P 0x11 0 100k' 'write -P 0x22 1M 64k' \
    'write -z 2M 128k'
mk v2-512.qcow2 2M compat=0.10,cluster_size=512 'write -P 0x33 1000 20k' \
    'write -P 0x44 1536k 3k'
mk refcount1.qcow2 2M compat=1.1,refcount_bits=1 'write -P 0x55 0 300k'
head -c 3M /dev/urandom > "$s/rand.raw"
head -c 1M /dev/zero >> "$s/rand.raw"
qemu-img convert -q -c -f raw -O qcow2 "$s/rand.raw" "$s/deflate.qcow2"
qemu-img convert -q -c -f raw -O qcow2 -o compression_type=zstd \
    "$s/rand.raw" "$s/zstd.qcow2"
seeds=("$s"/*.qcow2)

"$fuzz" -n "${FUZZ_QCOW2_ITERATIONS:-3000}" -t "${FUZZ_QCOW2_SECONDS:-40}" \
    -s "${FUZZ_QCOW2_SEED:-$RANDOM}" "${seeds[@]}"
