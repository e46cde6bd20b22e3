#!/bin/bash
# guestkit — guestkit-vmm's disk options and image errors, without
# booting anything (SKIP_TEST_VMM_BLK_OPEN=1 skips it).
# SPDX-License-Identifier: GPL-2.0-or-later
#
# guestkit-vmm opens every --disk with the block layer before it sets
# up KVM, so a bad image fails the same way with or without a usable
# /dev/kvm: exit status 120 and one line on stderr naming the image.
# The kernel given here does not exist, so a run whose disks are fine
# fails later (on the kernel, or 77 without KVM) without naming them.

. "$(dirname "$0")/../functions.sh"
[ "${SKIP_TEST_VMM_BLK_OPEN:-}" = 1 ] && skip_all "SKIP_TEST_VMM_BLK_OPEN=1"

vmm=${GUESTKIT_VMM:-$GUESTKIT_TOP_BUILDDIR/library/vmm/guestkit-vmm}
[ -x "$vmm" ] || skip_all "guestkit-vmm not built"
command -v qemu-img >/dev/null || skip_all "qemu-img not installed"
export LC_ALL=C

cd "$scratch" || exit 1
qemu-img create -q -f raw base.raw 1M
qemu-img create -q -f qcow2 -b base.raw -F raw top.qcow2
qemu-img create -q -f vmdk disk.vmdk 1M
mkdir adir

# run_vmm ARGS...: sets $rc and $err (stderr) of guestkit-vmm, run
# through $wrap (empty: directly).
wrap=
run_vmm () {
    err=$($wrap "$vmm" --kernel "$scratch/no-kernel" "$@" 2>&1 >/dev/null)
    rc=$?
}

# without_kvm CMD...: CMD with /dev/kvm unusable (/dev/null bound over
# it in a private mount namespace).
without_kvm () {
    if [ -e /dev/kvm ]; then
        unshare -rm sh -c 'mount --bind /dev/null /dev/kvm && exec "$@"' \
            sh "$@"
    else
        "$@"
    fi
}

# fails_naming DESCRIPTION PREFIX ARGS...: exit 120, exactly one line
# on stderr, starting "guestkit-vmm: PREFIX".
fails_naming () {
    local desc=$1 prefix=$2; shift 2
    run_vmm "$@"
    if [ "$rc" = 120 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] &&
       [[ $err == "guestkit-vmm: $prefix"* ]]; then
        ok 0 "$desc"
    else
        ok 1 "$desc"
        printf '# rc %s, stderr: %q\n' "$rc" "$err"
    fi
    echo "# $err"
}

# gets_past_disks DESCRIPTION ARGS...: whatever fails, it is not the
# disk (the error names no image, and the VMM got to KVM or the kernel).
gets_past_disks () {
    local desc=$1; shift
    run_vmm "$@"
    if { [ "$rc" = 77 ] || [[ $err == *no-kernel* ]]; } &&
       [[ $err != *base.raw* && $err != *top.qcow2* && $err != *fd:* ]]; then
        ok 0 "$desc"
    else
        ok 1 "$desc"
        printf '# rc %s, stderr: %q\n' "$rc" "$err"
    fi
}

fails_naming "a missing --disk: one line naming it" \
    "$scratch/nope.img: " --disk "$scratch/nope.img"
fails_naming "a probed qcow2 with a backing file: one line naming it" \
    "$scratch/top.qcow2: " --disk "$scratch/top.qcow2"
fails_naming "the same image as fd:N: one line naming fd:3" \
    "fd:3: " --disk fd:3 3<top.qcow2
fails_naming "fd:N that is not open: one line naming it" \
    "fd:9: " --disk fd:9
fails_naming "a VMDK image: one line naming it" \
    "$scratch/disk.vmdk: " --disk "$scratch/disk.vmdk"
fails_naming "a directory as --disk: one line naming it" \
    "$scratch/adir: " --disk "$scratch/adir"
fails_naming "--snapshot without a usable --tmpdir: one line naming it" \
    "$scratch/base.raw: " --disk "$scratch/base.raw" --snapshot \
    --tmpdir "$scratch/no-such-dir"
fails_naming "the second of two disks is the bad one" \
    "$scratch/nope.img: " --disk "$scratch/base.raw" --disk "$scratch/nope.img"
fails_naming "--format vmdk: refused" "--format vmdk" \
    --disk "$scratch/base.raw" --format vmdk
fails_naming "--format before --disk: refused" "--format must follow" \
    --format raw --disk "$scratch/base.raw"
fails_naming "--allow-backing before --disk: refused" \
    "--allow-backing must follow" --allow-backing
fails_naming "--inject with a bad rule: refused" "--inject data:EIO:never" \
    --inject data:EIO:never

gets_past_disks "a raw disk opens" --disk "$scratch/base.raw"
gets_past_disks "a raw disk as fd:N, read-only, opens" \
    --disk fd:3 --ro 3<base.raw
gets_past_disks "a snapshot of a raw disk opens" \
    --disk "$scratch/base.raw" --snapshot --tmpdir "$scratch"
gets_past_disks "the qcow2 named raw opens (its bytes as a raw disk)" \
    --disk "$scratch/top.qcow2" --format raw --ro
# The order: images before KVM, so image errors do not hide behind 77.
if [ ! -e /dev/kvm ] || unshare -rm true 2>/dev/null; then
    wrap=without_kvm
    fails_naming "without KVM, a missing --disk is still reported" \
        "$scratch/nope.img: " --disk "$scratch/nope.img"
    run_vmm --disk "$scratch/base.raw"
    check_eq "without KVM, good disks: exit 77" 77 "$rc"
    wrap=
else
    echo "# cannot hide /dev/kvm here: the order is not checked"
fi

cmp -s base.raw <(head -c 1M /dev/zero)
ok $? "the raw image was never written"

done_testing
