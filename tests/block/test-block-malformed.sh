#!/bin/bash
# guestkit — malformed qcow2 images (in the spirit of qemu's iotest
# 080): valid images made by qemu-img with bytes patched.  Each must be
# refused with a message naming the problem, or fail the read with
# EIO, within 10 s and 512 MiB of address space, never crash.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/block-functions.sh"

# expect_err DESC PATTERN CMD...: CMD exits 1 (no crash, no timeout)
# and its stderr matches PATTERN.
expect_err () {
    local desc=$1 pat=$2 rc
    shift 2
    bounded "$@" >/dev/null
    rc=$?
    if [ $rc = 1 ] && grep -q -- "$pat" "$scratch/err" &&
       ! grep -q "Sanitizer\|runtime error:" "$scratch/err"; then
        ok 0 "$desc"
    else
        ok 1 "$desc"
        echo "# exit $rc: $(head -c 300 "$scratch/err")"
    fi
}

# refused DESC PATTERN OFFSET FORMAT VALUE: patch a fresh copy of the
# base image, then opening it (format given) fails with PATTERN.
refused () {
    cp base.qcow2 t.qcow2
    poke t.qcow2 "$3" "$4" "$5"
    expect_err "$1" "$2" "$bt" info --format qcow2 t.qcow2
}

# l2_off IMG: the offset of the L2 table of the first L1 entry.
l2_off () {
    echo $(( $(peek "$1" "$(peek "$1" 40 '>Q')" '>Q') & 0x00fffffffffffe00 ))
}

qemu-img create -q -f qcow2 base.qcow2 16M
qemu-io -f qcow2 -c 'write -P 0x5a 0 128k' -c 'write -P 0xa5 8M 64k' \
    base.qcow2 >/dev/null
qemu-img convert -O raw base.qcow2 base.raw
printf 'ordinary' > plain.bin

# The fixed header.
refused "version 1" "version 1 is not supported" 4 '>I' 1
refused "version 4" "version 4 is not supported" 4 '>I' 4
refused "cluster_bits 8" "cluster_bits 8 is out of range" 20 '>I' 8
refused "cluster_bits 22" "cluster_bits 22 is out of range" 20 '>I' 22
refused "cluster_bits 63" "cluster_bits 63 is out of range" 20 '>I' 63
refused "encrypted" "encrypted qcow2 images are not supported" 32 '>I' 1
refused "virtual size 2^63" "virtual size .* is too large" 24 '>Q' 0x8000000000000000
refused "huge L1 size" "L1 table of 268435456 entries is too large" 36 '>I' 0x10000000
refused "L1 size 0 for 16 MiB" "L1 table of 0 entries is too small" 36 '>I' 0
refused "virtual size beyond the L1 table" "L1 table of 1 entries is too small" \
    24 '>Q' 0x100000000
refused "misaligned L1 offset" "L1 table offset 0x30200 is invalid" 40 '>Q' 0x30200
refused "L1 offset beyond 2^56" "L1 table offset .* is invalid" 40 '>Q' 0x100000000000000
refused "L1 table past the end of the file" "cannot read the qcow2 L1 table" \
    40 '>Q' 0x100000000
refused "huge refcount table" "refcount table of 4294967295 clusters is invalid" \
    56 '>I' 0xffffffff
refused "empty refcount table" "refcount table of 0 clusters is invalid" 56 '>I' 0
refused "misaligned refcount table offset" "refcount table offset 0x10200 is invalid" \
    48 '>Q' 0x10200
refused "refcount table offset 0" "refcount table offset 0 is invalid" 48 '>Q' 0
refused "huge snapshot count" "snapshot count 4294967295 is too large" 60 '>I' 0xffffffff
cp base.qcow2 t.qcow2
poke t.qcow2 60 '>I' 1
poke t.qcow2 64 '>Q' 0x10008
expect_err "misaligned snapshot table" "snapshot table offset 0x10008 is invalid" \
    "$bt" info --format qcow2 t.qcow2

# Version 3 fields.
refused "header_length 96" "header_length 96 is invalid" 100 '>I' 96
refused "header_length 108" "header_length 108 is invalid" 100 '>I' 108
refused "header_length past the cluster" "header_length 1048576 is invalid" \
    100 '>I' 0x100000
refused "refcount_order 7" "refcount_order 7 is invalid" 96 '>I' 7
refused "unknown incompatible bit 5" "unknown qcow2 incompatible features: bit 5" \
    72 '>Q' 0x20
refused "unknown incompatible bits 9 and 63" \
    "unknown qcow2 incompatible features: bit 9, bit 63" 72 '>Q' 0x8000000000000200
refused "external data file bit" "external data files are not supported" 72 '>Q' 4
refused "extended L2 entries" "extended L2 entries are not supported" 72 '>Q' 0x10
refused "compression bit without a type" "compression type feature bit is set" \
    72 '>Q' 8
refused "compression type without its bit" "compression type 1 is set without" \
    104 '>B' 1
cp base.qcow2 t.qcow2
poke t.qcow2 72 '>Q' 8
poke t.qcow2 104 '>B' 2
expect_err "compression type 2" "compression type 2 is not supported" \
    "$bt" info --format qcow2 t.qcow2
cp base.qcow2 t.qcow2
poke t.qcow2 72 '>Q' 8
poke t.qcow2 100 '>I' 104
expect_err "zstd bit with a 104-byte header" "compression type feature bit is set" \
    "$bt" info --format qcow2 t.qcow2
expect_err "truncated to 50 bytes" "file too short for a qcow2 header" \
    sh -c "head -c 50 base.qcow2 > t.qcow2 && exec '$bt' info --format qcow2 t.qcow2"
expect_err "truncated to 100 bytes" "too short for a qcow2 version 3 header" \
    sh -c "head -c 100 base.qcow2 > t.qcow2 && exec '$bt' info --format qcow2 t.qcow2"

# Backing file name and header extensions.
cp base.qcow2 t.qcow2
poke t.qcow2 8 '>Q' 0x200
poke t.qcow2 16 '>I' 1024
expect_err "backing name length 1024" "backing file name length 1024 is invalid" \
    "$bt" info --format qcow2 t.qcow2
cp base.qcow2 t.qcow2
poke t.qcow2 8 '>Q' 0x200
poke t.qcow2 16 '>I' 0xffffffff
expect_err "huge backing name length" "backing file name length 4294967295" \
    "$bt" info --format qcow2 t.qcow2
cp base.qcow2 t.qcow2
poke t.qcow2 8 '>Q' 0x7fffffff0000
poke t.qcow2 16 '>I' 10
expect_err "backing name offset past the end" "backing file name (offset 0x7fffffff0000) lies outside" \
    "$bt" info --format qcow2 t.qcow2
# The first extension (qemu writes the feature name table) overruns.
hl=$(peek base.qcow2 100 '>I')
refused "header extension overruns" "header extension .* overruns" $((hl + 4)) '>I' 0x7fffffff
cp base.qcow2 t.qcow2
poke t.qcow2 "$hl" '>I' 0x44415441
expect_err "external data file extension" "external data files are not supported" \
    "$bt" info --format qcow2 t.qcow2
cp base.qcow2 t.qcow2
poke t.qcow2 "$hl" '>I' 0xe2792aca
expect_err "backing format name too long" "backing format name is invalid" \
    "$bt" info --format qcow2 t.qcow2

# Corrupt and dirty images: read-only only.
cp base.qcow2 t.qcow2
poke t.qcow2 72 '>Q' 2
"$bt" cat --format qcow2 --ro t.qcow2 | cmp -s - base.raw
ok $? "corrupt bit: a read-only open reads the data"
expect_err "corrupt bit: a writable open is refused" "marked corrupt: it can only be opened read-only" \
    "$bt" write --format qcow2 t.qcow2 0 plain.bin
cp base.qcow2 t.qcow2
poke t.qcow2 72 '>Q' 1
"$bt" cat --format qcow2 --ro t.qcow2 | cmp -s - base.raw
ok $? "dirty bit: a read-only open reads the data"
expect_err "dirty bit: a writable open is refused" "dirty bit set (lazy refcounts)" \
    "$bt" write --format qcow2 t.qcow2 0 plain.bin
qemu-img check -q -r all t.qcow2 >/dev/null 2>&1
check "dirty bit: writable again after qemu-img check -r all" \
    "$bt" write --format qcow2 t.qcow2 0 plain.bin
cp base.qcow2 t.qcow2
qemu-img snapshot -c snap1 t.qcow2
"$bt" cat --format qcow2 --ro t.qcow2 | cmp -s - base.raw
ok $? "internal snapshot: a read-only open reads the data"
expect_err "internal snapshot: a writable open is refused" "1 internal snapshots" \
    "$bt" write --format qcow2 t.qcow2 0 plain.bin

# Bad L1 and L2 entries: EIO on the read that uses them, nothing else.
l2=$(l2_off base.qcow2)
cp base.qcow2 t.qcow2
poke t.qcow2 "$l2" '>Q' 0x8000100000000000
expect_err "L2 entry past the end of the file: EIO" "Input/output error" \
    "$bt" cat --format qcow2 t.qcow2
"$bt" cat --format qcow2 --offset 65536 --length 65536 t.qcow2 | \
    cmp -s - <(tail -c +65537 base.raw | head -c 65536)
ok $? "... the next cluster still reads"
size=$(stat -c %s t.qcow2)
expect_err "... an in-place write there is EIO" "Input/output error" \
    "$bt" write --format qcow2 t.qcow2 0 plain.bin
check_eq "... and the file did not grow" "$size" "$(stat -c %s t.qcow2)"
cp base.qcow2 t.qcow2
poke t.qcow2 "$l2" '>Q' 0x8000000000050200
expect_err "misaligned L2 entry: EIO" "Input/output error" \
    "$bt" cat --format qcow2 t.qcow2
cp base.qcow2 t.qcow2
poke t.qcow2 "$(peek base.qcow2 40 '>Q')" '>Q' 0x8000100000000000
expect_err "L1 entry past the end of the file: EIO" "Input/output error" \
    "$bt" cat --format qcow2 t.qcow2
expect_err "L2 table cut off by truncation: EIO" "Input/output error" \
    sh -c "head -c $((l2 + 100)) base.qcow2 > t.qcow2 && exec '$bt' cat --format qcow2 t.qcow2"

# Refcount metadata: only a writable open or an allocation uses it.
cp base.qcow2 t.qcow2
poke t.qcow2 48 '>Q' 0x100000000
"$bt" cat --format qcow2 t.qcow2 | cmp -s - base.raw
ok $? "refcount table past the end: a read-only open reads"
expect_err "... a writable open is refused" "cannot read the qcow2 refcount table" \
    "$bt" write --format qcow2 t.qcow2 0 plain.bin
cp base.qcow2 t.qcow2
rt=$(peek base.qcow2 48 '>Q')
poke t.qcow2 "$rt" '>Q' $(( $(peek base.qcow2 "$rt" '>Q') + 0x200 ))
expect_err "misaligned refcount block: an allocating write is EIO" "Input/output error" \
    "$bt" write --format qcow2 t.qcow2 4194304 plain.bin

# Compressed clusters with garbage: EIO, never a hang or an overflow.
mkdata c.raw 1 2
for ct in zlib zstd; do
    qemu-img convert -c -f raw -O qcow2 -o compression_type=$ct c.raw cbase.qcow2
    # The first compressed cluster holds text.
    e=$(python3 - cbase.qcow2 <<'EOF'
import struct, sys
f = open(sys.argv[1], 'rb').read()
l1 = struct.unpack('>Q', f[40:48])[0]
l2 = struct.unpack('>Q', f[l1:l1 + 8])[0] & 0x00fffffffffffe00
for i in range(16):
    e = struct.unpack('>Q', f[l2 + 8 * i:l2 + 8 * i + 8])[0]
    if e & (1 << 62):
        print(i, e & ((1 << 54) - 1), e)
        break
EOF
)
    read -r idx host entry <<<"$e"
    check "$ct: the image has compressed clusters" test -n "$host"
    cp cbase.qcow2 t.qcow2
    python3 -c "
import sys; f = open('t.qcow2', 'r+b'); f.seek($host); f.write(b'\xff' * 200)"
    expect_err "$ct: garbage compressed data: EIO" "Input/output error" \
        "$bt" cat --format qcow2 --offset $((idx * 65536)) --length 65536 t.qcow2
    cp cbase.qcow2 t.qcow2
    l2=$(l2_off t.qcow2)
    # The most sectors a descriptor can name, from the last byte.
    poke t.qcow2 $((l2 + 8 * idx)) '>Q' \
        $(( (1 << 62) | (0xff << 54) | ($(stat -c %s t.qcow2) - 1) ))
    expect_err "$ct: compressed cluster running past the end: EIO" "Input/output error" \
        "$bt" cat --format qcow2 --offset $((idx * 65536)) --length 65536 t.qcow2
done
# A zstd image that claims to be version 2 (no compression type): its
# clusters are read as deflate and fail.
cp cbase.qcow2 t.qcow2
poke t.qcow2 4 '>I' 2
expect_err "zstd data in a version 2 image: EIO" "Input/output error" \
    "$bt" cat --format qcow2 t.qcow2

done_testing
