#!/bin/bash
# guestkit — drive formats: qcow2 opened as given or probed, backing
# chains, the probe rules (a probed image never follows a backing file;
# unsupported formats are named), and --ro never changing an image.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/functions.sh"
require_appliance
command -v qemu-img >/dev/null || skip_all "qemu-img not installed"

# expect_fail DESC PATTERN COMMAND...: non-zero exit, stderr matches.
expect_fail () {
    local desc=$1 pattern=$2 status
    shift 2
    "$@" > "$scratch/out" 2> "$scratch/err" < /dev/null
    status=$?
    if [ "$status" != 0 ] && grep -qE -- "$pattern" "$scratch/err"; then
        ok 0 "$desc"
    else
        ok 1 "$desc"
        echo "# status $status, stderr:"; sed 's/^/#   /' "$scratch/err"
    fi
}

hash () { sha256sum < "$1"; }

# A raw disk with an ext4 file system holding /hello, and copies.
root=$scratch/root
mkdir -p "$root"
echo hello-from-qcow2 > "$root/hello"
raw=$scratch/base.raw
truncate -s 64M "$raw"
mkfs.ext4 -q -F -d "$root" "$raw" >/dev/null 2>&1
qemu-img convert -q -f raw -O qcow2 "$raw" "$scratch/plain.qcow2"
qemu-img convert -q -f raw -O qcow2 -c "$raw" "$scratch/comp.qcow2"
mkdir "$scratch/sub"
qemu-img create -q -f qcow2 -b ../base.raw -F raw "$scratch/sub/top.qcow2"

# Probed qcow2 (no format given), compressed, read-only: the image file
# never changes, even when the guest writes to the overlay.
before=$(hash "$scratch/comp.qcow2")
out=$(guestfish --ro -a "$scratch/comp.qcow2" -- run : mount /dev/sda / : \
      cat /hello : write /hello changed : cat /hello 2>&1)
check_eq "a probed compressed qcow2 reads, --ro writes go to an overlay" \
    "hello-from-qcow2

changed" "$out"
check_eq "--ro leaves the qcow2 file unchanged" "$before" \
    "$(hash "$scratch/comp.qcow2")"

# An immutable file cannot be opened for writing, even by root: --ro
# must open the image O_RDONLY (skipped where chattr +i is refused).
imm=$(mktemp -d /var/tmp/guestkit-imm.XXXXXX)
trap 'chattr -i "$imm"/* 2>/dev/null; rm -rf "$imm" "$scratch"' EXIT
cp "$scratch/plain.qcow2" "$raw" "$imm/"
if chattr +i "$imm/plain.qcow2" "$imm/base.raw" 2>/dev/null; then
    out=$(guestfish --ro -a "$imm/plain.qcow2" -a "$imm/base.raw" -- run : \
          mount /dev/sda / : cat /hello : umount-all : \
          mount /dev/sdb / : cat /hello 2>&1)
    check_eq "--ro opens qcow2 and raw images read-only (immutable files)" \
        "hello-from-qcow2

hello-from-qcow2" "$out"
else
    echo "ok $((tap_n += 1)) - --ro on immutable files # SKIP chattr +i refused here"
fi

# Backing chain with the format given: writes land in the top image,
# the base (named relatively, from the top's directory) never changes.
before=$(hash "$raw")
out=$(guestfish --format=qcow2 -a "$scratch/sub/top.qcow2" -- run : \
      mount /dev/sda / : cat /hello : write /new written : sync 2>&1)
check_eq "an explicit qcow2 follows its relative backing file" \
    hello-from-qcow2 "$out"
check_eq "the backing file is never written" "$before" "$(hash "$raw")"
check "qemu-img check finds the written overlay clean" \
    qemu-img check -q -f qcow2 "$scratch/sub/top.qcow2"
qemu-img convert -q -f qcow2 -O raw "$scratch/sub/top.qcow2" "$scratch/flat.raw"
out=$(debugfs -R 'cat /new' "$scratch/flat.raw" 2>/dev/null)
check_eq "qemu sees what we wrote through the chain" written "$out"

# disk-create makes a qcow2 over a backing file that add-drive opens.
out=$(guestfish -- disk-create "$scratch/dc.qcow2" qcow2 -1 \
      backingfile:"$raw" backingformat:raw : \
      add "$scratch/dc.qcow2" format:qcow2 : run : mount /dev/sda / : \
      cat /hello 2>&1)
check_eq "disk-create over a backing file, then add-drive it" \
    hello-from-qcow2 "$out"

# The probe rules: refused before anything boots.
expect_fail "a probed qcow2 may not follow its backing file" \
    "sub/top.qcow2: probed as qcow2 with a backing file" \
    guestfish -a "$scratch/sub/top.qcow2" run
printf 'Bochs Virtual HD Image' > "$scratch/bochs.img"
truncate -s 1M "$scratch/bochs.img"
expect_fail "an unsupported probed format is named" \
    "bochs.img: the image looks like bochs" \
    guestfish -a "$scratch/bochs.img" run
out=$(guestfish --format=raw -a "$scratch/bochs.img" -- run : \
      blockdev-getsize64 /dev/sda 2>&1)
check_eq "format raw opens it as a raw disk" 1048576 "$out"
expect_fail "format qcow2 given for a raw image" \
    "base.raw: format \"qcow2\" was given but the image is raw" \
    guestfish --format=qcow2 -a "$raw" run
qemu-img create -q -f qcow2 -o data_file="$scratch/data.raw" \
    "$scratch/ext.qcow2" 16M
expect_fail "an external data file is refused" \
    "ext.qcow2: qcow2 images with an external data file" \
    guestfish --format=qcow2 -a "$scratch/ext.qcow2" run
done_testing
