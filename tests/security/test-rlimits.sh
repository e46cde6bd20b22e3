#!/bin/bash
# guestkit — security plan row 29: the block layer (through blocktool)
# and guestkit-vmm under resource limits.  RLIMIT_FSIZE: a write that
# would grow a qcow2 or raw image past the limit fails with "File too
# large" (SIGXFSZ is ignored, as in guestkit-vmm) and leaves the image
# consistent; RLIMIT_AS 1 GiB and RLIMIT_CPU 2 s: hostile qcow2 headers
# (tables up to the 32 MiB cap, past it, over a sparse file) open or
# are refused with exit status 0 or 1, never a signal; guestkit-vmm
# asked for more guest RAM than RLIMIT_AS allows says so and exits
# 120 (its status for a VMM error).
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../block/block-functions.sh"

vmm=${GUESTKIT_TOP_BUILDDIR:-$(dirname "$0")/../..}/library/vmm/guestkit-vmm
vmm=$(cd "$OLDPWD" && realpath "$vmm")

# limited AS_KIB CPU_S FSIZE_KIB CMD...: CMD under those limits
# ("-" leaves one alone), 20 s of wall time; stderr to err.  Prints
# the exit status and the stderr.
limited () {
    local as=$1 cpu=$2 fsize=$3
    shift 3
    (
        [ "$as" = - ] || [ "$asan" = 1 ] || ulimit -v "$as"
        [ "$cpu" = - ] || ulimit -t "$cpu"
        [ "$fsize" = - ] || ulimit -f "$fsize"
        exec timeout 20 "$@"
    ) > out 2> err
    echo "$? $(cat err)"
}

head -c 1048576 /dev/urandom > mb.bin
qemu-img create -q -f qcow2 empty.qcow2 16M
qemu-io -f qcow2 -c 'write -P 0x5a 0 64k' empty.qcow2 > /dev/null
size=$(stat -c %s empty.qcow2)
check_eq "RLIMIT_FSIZE at the qcow2's size: an allocating 64 KiB write fails" \
    "1 blocktool: write: File too large" \
    "$(limited - - $(( size / 1024 )) "$bt" write --format qcow2 empty.qcow2 8388608 mb.bin)"
out=$(qemu-img check empty.qcow2 2>&1)
check "... qemu-img check: no errors" grep -q "No errors were found" <<<"$out"
check_eq "... the data written before is intact" \
    "read 65536/65536 bytes at offset 0" \
    "$(qemu-io -f qcow2 -r -c 'read -P 0x5a 0 64k' empty.qcow2 | head -1)"
truncate -s 16M r.raw
check_eq "RLIMIT_FSIZE 1 MiB: a raw write at 8 MiB fails" \
    "1 blocktool: write: File too large" \
    "$(limited - - 1024 "$bt" write --format raw r.raw 8388608 mb.bin)"

# Hostile headers under 1 GiB of address space and 2 s of CPU.
qemu-img create -q -f qcow2 base.qcow2 16M
qemu-io -f qcow2 -c 'write -P 0x5a 0 128k' base.qcow2 > /dev/null
hostile () {
    local desc=$1 want=$2
    shift 2
    cp base.qcow2 t.qcow2
    while [ $# -ge 3 ]; do poke t.qcow2 "$1" "$2" "$3"; shift 3; done
    truncate -s '>64M' t.qcow2
    check_eq "1 GiB, 2 s: $desc" "$want" \
        "$(limited 1048576 2 - "$bt" info --format qcow2 t.qcow2 | sed 's/ blocktool: t.qcow2: / /')"
}
l1=$(( 4 * 1024 * 1024 ))
hostile "L1 table of 4 Mi entries (the 32 MiB cap) over a sparse file" \
    "0 " 24 '>Q' $(( l1 * 8192 * 65536 )) 36 '>I' $l1
hostile "L1 table of 2^28 entries" \
    "1 qcow2 L1 table of 268435456 entries is too large (limit 32 MiB)" \
    24 '>Q' $(( (1 << 28) * 8192 * 65536 / 1024 )) 36 '>I' $(( 1 << 28 ))
hostile "refcount table of 2^20 clusters" \
    "1 qcow2 refcount table of 1048576 clusters is invalid (1 to 32 MiB)" \
    56 '>I' $(( 1 << 20 ))
hostile "refcount table of 512 clusters (the cap) over a sparse file" \
    "0 " 56 '>I' 512
check_eq "1 GiB, 2 s: cat of the whole 16 MiB image" "0 " \
    "$(limited 1048576 2 - "$bt" cat --format qcow2 base.qcow2)"

# guestkit-vmm: guest RAM beyond RLIMIT_AS.
echo kernel > kernel
check_eq "guestkit-vmm: 1 GiB of guest RAM under RLIMIT_AS 256 MiB" \
    "120 guestkit-vmm: cannot map 1024 MiB of guest memory: Cannot allocate memory" \
    "$(limited 262144 2 - "$vmm" --kernel kernel --memsize 1024 --disk base.qcow2 --format qcow2)"

done_testing
