#!/bin/bash
# guestkit — the appliance killed under a live handle (security test
# plan #25): SIGKILL while idle, during a call, mid-upload and
# mid-download, and a daemon crash (test-faults, one handle, qcow2),
# then the calling program (guestfish) SIGKILLed.  Afterwards: no
# appliance process left, the private TMPDIR empty, the image
# consistent (qemu-img check, e2fsck -fn).
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/functions.sh"
require_appliance
for p in qemu-img mkfs.ext4 e2fsck; do
    command -v $p >/dev/null || skip_all "$p is not installed"
done
tf=${GUESTKIT_TOP_BUILDDIR:-$(dirname "$0")/..}/tests/test-faults
[ -x "$tf" ] || skip_all "test-faults is not built"
export LIBGUESTFS_BACKEND=qemu
cd "$scratch"
mkdir tmp root
export TMPDIR=$scratch/tmp LIBGUESTFS_TMPDIR=$scratch/tmp

# An ext4 image (no partition table) holding a 96 MiB file, as qcow2.
head -c 96M /dev/urandom >root/big
head -c 128M /dev/urandom >up
mkfs.ext4 -q -F -d root fs.raw 256M >/dev/null 2>&1
qemu-img convert -f raw -O qcow2 fs.raw disk.qcow2
rm -f fs.raw root/big

# test-faults prints TAP of its own: shown as comments, counted as one.
"$tf" "$scratch/disk.qcow2" qcow2 "$scratch/up" "$scratch/down" >tf.out 2>&1
rc=$?
sed 's/^/# /' tf.out
ok $rc "test-faults: $(grep -c '^ok' tf.out) passed, $(grep -c '^not ok' tf.out) failed"
check_eq "TMPDIR empty after close" "" "$(ls -A tmp)"

# The image: qemu-img check (0, or 3 for leaked clusters only), then
# the file system.
out=$(qemu-img check disk.qcow2 2>&1); rc=$?
if [ $rc = 0 ] || [ $rc = 3 ]; then ok 0 "qemu-img check: no corruption (rc $rc)"
else ok 1 "qemu-img check: no corruption (rc $rc)"; sed 's/^/# /' <<<"$out"; fi
qemu-img convert -f qcow2 -O raw disk.qcow2 fs.raw
out=$(e2fsck -fn fs.raw 2>&1); rc=$?
ok $rc "e2fsck -fn: clean"
[ $rc = 0 ] || sed 's/^/# /' <<<"$out"
rm -f fs.raw

# The caller SIGKILLed: its appliance dies with it (PR_SET_PDEATHSIG).
guestfish --ro -a disk.qcow2 run : sleep 60 >/dev/null 2>&1 &
gf=$!
pids=
for i in $(seq 1 600); do
    pids=$(pgrep -P $gf | tr '\n' ' ')
    [ -n "$pids" ] && guestfish_ready=$(ls tmp) && [ -n "$guestfish_ready" ] && break
    sleep 0.1
done
[ -n "$pids" ]; ok $? "guestfish started an appliance ($pids)"
sleep 3
kill -9 $gf
wait $gf 2>/dev/null
for i in $(seq 1 50); do
    left=
    for p in $pids; do kill -0 $p 2>/dev/null && left="$left $p"; done
    [ -z "$left" ] && break
    sleep 0.1
done
check_eq "guestfish SIGKILLed: its appliance is gone within 5 s" "" "$left"
# A process killed by SIGKILL cannot clean up: only its private
# directory (the socket) may remain, nothing else.
check_eq "guestfish SIGKILLed: at most its private directory left" "" \
    "$(find tmp -mindepth 1 -not -path 'tmp/guestkit*' | head -5)"

done_testing
