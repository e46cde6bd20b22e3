#!/bin/bash
# guestkit — the read-only promise (security test plan #27): every
# read-only tool, and guestfish --ro, run over a Debian-like guest
# (raw, and a qcow2 copy) leaves the image bytes unchanged (sha256
# before and after; mtime too).  Each run must also succeed, so a tool
# that fails early cannot pass by doing nothing.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/functions.sh"
. "$(dirname "$0")/inspect-images.sh"
require_appliance
for p in qemu-img sfdisk mkfs.ext4 sha256sum; do
    command -v $p >/dev/null || skip_all "$p is not installed"
done
cd "$scratch"
insp_debian_image "$scratch/deb.raw"
guestfish -a deb.raw -m /dev/sda2 mkdir-p /var/log : \
    write /var/log/syslog "Jan  1 00:00:00 debby kernel: booted" ||
    skip_all "cannot add a log file"
qemu-img convert -f raw -O qcow2 deb.raw deb.qcow2
mkdir out

# run_ro IMG DESC CMD...: CMD succeeds and IMG's sha256 and mtime stay.
run_ro () {
    local img=$1 desc=$2 before after rc
    shift 2
    before=$(sha256sum <"$img")$(stat -c %Y "$img")
    "$@" >run.out 2>run.err
    rc=$?
    after=$(sha256sum <"$img")$(stat -c %Y "$img")
    ok $rc "$desc: succeeds"
    [ $rc = 0 ] || sed 's/^/# /' run.err | head -5
    check_eq "$desc: $(basename "$img") unchanged" "$before" "$after"
}

r=deb.raw q=deb.qcow2
run_ro $r "virt-cat"         virt-cat -a $r /etc/hostname
run_ro $q "virt-ls -lR"      virt-ls -lR -a $q /
run_ro $r "virt-df"          virt-df -a $r
run_ro $q "virt-filesystems" virt-filesystems --all --long -a $q
run_ro $r "virt-inspector"   virt-inspector -a $r
run_ro $q "virt-log"         virt-log -a $q
run_ro $r "virt-copy-out"    virt-copy-out -a $r /home out
run_ro $q "virt-tar-out"     virt-tar-out -a $q /etc out/etc.tar
printf '%s\n' 'cat /etc/hostname' 'll /home/user' 'checksum sha256 /bin/ls' \
    'download /etc/fstab out/fstab' 'tar-out /srv out/srv.tar' 'find /' >fish1
printf '%s\n' run list-filesystems 'vfs-type /dev/sda2' inspect-os >fish2
run_ro $q "guestfish --ro -i" guestfish --ro -a $q -i -f fish1
run_ro $r "guestfish --ro (no mount)" guestfish --ro -a $r -f fish2
# The outputs are real: the copies match what the guest holds.
check_eq "virt-copy-out copied the guest's file" "hello from the guest" \
    "$(cat out/home/user/notes.txt 2>&1)"
check_eq "guestfish downloaded /etc/fstab" \
    "# /etc/fstab: static file system information." "$(head -1 out/fstab 2>&1)"

done_testing
