#!/bin/bash
# guestkit — EIO and ENOSPC injected into the VMM's block layer
# (security test plan #26): at a data write, an L2 table write-back, a
# refcount update, a cluster allocation and a flush, once and always.
# Each time the error reaches the caller (no silent success), qemu-img
# check finds no corruption (leaked clusters allowed), and the image
# opens again, reads whole and takes verified writes.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/block-functions.sh"

# qemu-img check: 0 clean, 3 leaks only; 2 (corruption) or 1 fail.
check_consistent () {
    local desc=$1 img=$2 out rc
    out=$(qemu-img check "$img" 2>&1)
    rc=$?
    if [ $rc = 0 ] || [ $rc = 3 ]; then
        ok 0 "$desc: qemu-img check: no corruption (rc $rc)"
    else
        ok 1 "$desc: qemu-img check: no corruption (rc $rc)"
        sed 's/^/# /' <<<"$out"
    fi
}

# inject DESC FORMAT RULE ERRTEXT POINT: random writes and flushes on a
# fresh 16 MiB image with RULE armed.
inject () {
    local desc=$1 fmt=$2 rule=$3 errtext=$4 point=$5 rc fired
    rm -f img m.raw m2.raw
    if [ "$fmt" = qcow2 ]; then
        qemu-img create -q -f qcow2 -o cluster_size=4096 img 16M
    else
        truncate -s 16M img
    fi
    truncate -s 16M m.raw
    "$bt" rw --format "$fmt" img --mirror m.raw --seed 5 --ops 400 \
        --max 65536 --inject "$rule" 2>rw.err
    rc=$?
    fired=$(sed -n 's/^blocktool: injected://p' rw.err)
    if [ $rc = 1 ] && grep -q "$errtext" rw.err &&
       grep -q " $point x[1-9]" <<<"$fired"; then
        ok 0 "$desc: the error reaches the caller ($(grep -m1 "$errtext" rw.err))"
    else
        ok 1 "$desc: the error reaches the caller"
        echo "# rc $rc"; sed 's/^/# /' rw.err
    fi
    [ "$fmt" = qcow2 ] && check_consistent "$desc" img
    if "$bt" cat --format "$fmt" img >m2.raw &&
       "$bt" rw --format "$fmt" img --mirror m2.raw --seed 9 --ops 100 \
           --max 65536 2>rw2.err; then
        ok 0 "$desc: reopened, read whole, verified writes"
    else
        ok 1 "$desc: reopened, read whole, verified writes"
        sed 's/^/# /' rw2.err
    fi
    [ "$fmt" = qcow2 ] && check_consistent "$desc, rewritten" img
}

eio="Input/output error"
enospc="No space left on device"
inject "qcow2 data EIO always"      qcow2 data:EIO:always       "$eio"    data
inject "qcow2 data ENOSPC once"     qcow2 data:ENOSPC:once:50   "$enospc" data
inject "qcow2 L2 EIO once"          qcow2 l2:EIO:once           "$eio"    l2
inject "qcow2 L2 ENOSPC always"     qcow2 l2:ENOSPC:always:3    "$enospc" l2
inject "qcow2 refcount EIO once"    qcow2 refcount:EIO:once     "$eio"    refcount
inject "qcow2 refcount ENOSPC always" qcow2 refcount:ENOSPC:always:2 "$enospc" refcount
inject "qcow2 alloc ENOSPC once"    qcow2 alloc:ENOSPC:once:20  "$enospc" alloc
inject "qcow2 alloc EIO always"     qcow2 alloc:EIO:always      "$eio"    alloc
inject "qcow2 flush EIO once"       qcow2 flush:EIO:once:1      "$eio"    flush
inject "qcow2 flush ENOSPC always"  qcow2 flush:ENOSPC:always   "$enospc" flush
inject "raw data EIO once"          raw   data:EIO:once:30      "$eio"    data
inject "raw flush EIO always"       raw   flush:EIO:always      "$eio"    flush

# Controls: a rule that never fires (raw has no allocations) changes
# nothing, and a bad rule is refused in one line.
rm -f img m.raw
truncate -s 16M img m.raw
"$bt" rw --format raw img --mirror m.raw --seed 5 --ops 200 --max 65536 \
    --inject alloc:EIO:always 2>rw.err
check_eq "a rule that never fires: success, nothing injected" \
    "0 blocktool: injected:" "$? $(grep '^blocktool: injected' rw.err)"
expect_one_line_error "a bad rule is refused" "inject: bad rule 'dat'" \
    "$bt" info --inject dat:EIO:once img

done_testing
