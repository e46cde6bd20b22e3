#!/bin/bash
# guestkit — the VMM's qcow2 format against qemu-img: reads of every
# kind of cluster and backing chain compared byte for byte with
# qemu-img convert, random writes checked with qemu-img check and
# compare, and the probe rules.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/block-functions.sh"

mkdata data.raw 8 1

# Reads: versions, cluster sizes, refcount widths.
for o in compat=0.10 compat=1.1 cluster_size=512 cluster_size=65536 \
         cluster_size=2M refcount_bits=1 refcount_bits=64; do
    qemu-img convert -f raw -O qcow2 -o "$o" data.raw img.qcow2
    same_as_qemu "read $o" img.qcow2
done
out=$("$bt" info img.qcow2)
check_eq "info" "format=qcow2 size=8388608" "$out"

# Compressed clusters, deflate and zstd, small and large clusters.
for o in cluster_size=512 cluster_size=65536 cluster_size=2M \
         compression_type=zstd compression_type=zstd,cluster_size=4096; do
    qemu-img convert -c -f raw -O qcow2 -o "$o" data.raw img.qcow2
    same_as_qemu "read compressed $o" img.qcow2
done
qemu-img convert -c -f raw -O qcow2 -o compat=0.10 data.raw img.qcow2
same_as_qemu "read compressed, version 2" img.qcow2

# Zero clusters (v3 zero flag, with and without an allocation below),
# zeroes written to a v2 image, and a sparse image with holes.
for compat in 1.1 0.10; do
    qemu-img convert -f raw -O qcow2 -o compat=$compat data.raw img.qcow2
    qemu-io -f qcow2 -c 'write -z 1M 2M' -c 'write -z 3584k 1k' \
        -c 'write -z -u 6M 512k' img.qcow2 >/dev/null
    same_as_qemu "read zero clusters, compat=$compat" img.qcow2
done
qemu-img create -q -f qcow2 sparse.qcow2 64M
qemu-io -f qcow2 -c 'write -P 0x5a 0 64k' -c 'write -P 0xa5 33M 3k' \
    sparse.qcow2 >/dev/null
same_as_qemu "read a sparse image" sparse.qcow2

# Backing chains: qcow2 over qcow2 over raw, relative names resolved
# from the image's directory, backing files smaller than the overlay.
mkdir -p chain/sub
cp data.raw chain/sub/base.raw
qemu-img create -q -f qcow2 -b base.raw -F raw chain/sub/mid.qcow2 12M
qemu-io -f qcow2 -c 'write -P 0x11 1M 64k' -c 'write -P 0x22 9M 1M' \
    chain/sub/mid.qcow2 >/dev/null
qemu-img create -q -f qcow2 -b sub/mid.qcow2 -F qcow2 chain/top.qcow2 16M
qemu-io -f qcow2 -c 'write -P 0x33 1056k 8k' -c 'write -P 0x44 15M 4k' \
    chain/top.qcow2 >/dev/null
# Hide the backing format extension (an unknown type is skipped), so
# the backing file is probed.
qemu-img create -q -f qcow2 -b sub/mid.qcow2 -F qcow2 chain/probed.qcow2 16M
python3 - chain/probed.qcow2 <<'EOF2'
import sys
with open(sys.argv[1], 'r+b') as f:
    h = f.read(65536)
    i = h.index(bytes.fromhex('e2792aca'))
    f.seek(i)
    f.write(bytes.fromhex('12345678'))
EOF2
cd /
same_as_qemu "read a chain (format given)" "$scratch/chain/top.qcow2" --format qcow2
same_as_qemu "read a chain (probed, backing allowed)" "$scratch/chain/top.qcow2" --allow-backing
same_as_qemu "read a chain with a probed backing format" \
    "$scratch/chain/probed.qcow2" --format qcow2
cd "$scratch"
bounded "$bt" cat chain/top.qcow2 >/dev/null
rc=$?
check "a probed qcow2 with a backing file is refused" \
    test $rc = 1 -a -n "$(grep 'probed as qcow2 with a backing file (sub/mid.qcow2); give the format' err)"

# Chain depth: the top image and 16 backing files open, 17 do not.
qemu-img create -q -f raw deep0.img 1M
for i in $(seq 1 17); do
    qemu-img create -q -f qcow2 -b deep$((i - 1)).img \
        -F $([ $i = 1 ] && echo raw || echo qcow2) deep$i.img 1M
done
bounded "$bt" info --format qcow2 deep16.img >/dev/null
ok $? "a chain of 16 backing files opens"
bounded "$bt" info --format qcow2 deep17.img >/dev/null
check "a chain of 17 backing files is refused" grep -q "deeper than 16" err

# Writes: random writes (small, unaligned, straddling, large; flushes
# and discards between) over several kinds of image.
qemu-img convert -f raw -O qcow2 -o compat=0.10 data.raw w.qcow2
rw_check "write v2" w.qcow2 1 300 --discard
qemu-img convert -f raw -O qcow2 data.raw w.qcow2
rw_check "write v3" w.qcow2 2 300 --discard
qemu-img create -q -f qcow2 -o cluster_size=512 w.qcow2 24M
rw_check "write 512 B clusters (refcount table grows)" w.qcow2 3 200 --max 8388608
rt=$(peek w.qcow2 56 '>I')
check "the refcount table grew (now $rt clusters)" test "$rt" -gt 1
qemu-img create -q -f qcow2 -o cluster_size=2M w.qcow2 40M
rw_check "write 2 MiB clusters" w.qcow2 4 150 --discard
qemu-img create -q -f qcow2 -o refcount_bits=1 w.qcow2 16M
rw_check "write refcount_bits=1" w.qcow2 5 200
qemu-img convert -c -f raw -O qcow2 data.raw w.qcow2
rw_check "write over deflate-compressed clusters" w.qcow2 6 150 --max 65536 --discard
qemu-img convert -c -f raw -O qcow2 -o compression_type=zstd data.raw w.qcow2
rw_check "write over zstd-compressed clusters" w.qcow2 7 150 --max 65536
cp chain/top.qcow2 chain/top2.qcow2
rw_check "write over a backing chain (v3)" chain/top2.qcow2 8 200 --discard
qemu-img create -q -f qcow2 -o compat=0.10 -b sub/mid.qcow2 -F qcow2 \
    chain/top3.qcow2 20M
rw_check "write over a backing chain (v2)" chain/top3.qcow2 9 200 --discard
qemu-img convert -f raw -O qcow2 data.raw w.qcow2
qemu-io -f qcow2 -c 'write -z 1M 2M' -c 'write -z -u 5M 1M' w.qcow2 >/dev/null
rw_check "write over zero clusters" w.qcow2 10 200

# Crash safety: blocktool rw killed (SIGKILL) at random points leaves
# at worst leaked clusters (qemu-img check: 0 clean, 3 leaks only).
qemu-img create -q -f qcow2 -o cluster_size=4096 crash.qcow2 256M
qemu-img convert -O raw crash.qcow2 crash.raw
corrupt=0 leaky=0
for i in $(seq 1 8); do
    (timeout -s KILL 0.$((RANDOM % 6 + 2)) "$bt" rw --format qcow2 \
        crash.qcow2 --mirror crash.raw --seed $i --ops 1000000 --max 1000000 \
        --discard) 2>/dev/null
    qemu-img check crash.qcow2 >check.out 2>&1
    case $? in
        0) ;;
        3) leaky=$((leaky + 1)) ;;
        *) corrupt=$((corrupt + 1)); sed 's/^/# /' check.out ;;
    esac
done 2>/dev/null                # bash's "Killed" notices
echo "# killed 8 times: $leaky with leaked clusters, $corrupt corrupt"
check_eq "killed at random points: never corrupt" 0 "$corrupt"
check "... and the image grew" test "$(stat -c %s crash.qcow2)" -gt 1000000

# Probe rules for raw images.
cp data.raw probe.raw
printf 'QFI\373\0\0\0\3' > magic.bin
printf 'ordinary' > plain.bin
bounded "$bt" write probe.raw 0 magic.bin
check "a probed raw image refuses a qcow2 magic at 0 (EPERM)" \
    grep -q "Operation not permitted" err
check "a probed raw image accepts ordinary writes at 0" \
    "$bt" write probe.raw 0 plain.bin
check_eq "... and the bytes are there" ordinary "$(head -c 8 probe.raw)"
check "a raw image opened as raw takes the magic" \
    "$bt" write --format raw probe.raw 0 magic.bin
bounded "$bt" write --ro --format qcow2 w.qcow2 0 plain.bin
check "a read-only qcow2 refuses writes (EROFS)" \
    grep -q "Read-only file system" err

done_testing
