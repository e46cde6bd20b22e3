#!/bin/bash
# guestkit — guestfish -i / --inspector: the classic backup example of
# guestfish(1) run verbatim on a Debian-like image, mounting as the
# guest does (read-only with --ro, read-write without), the old
# "-i disk.img" form, the interactive banner, and the errors (no
# operating system, several, -i with -m, a filesystem that fails to
# mount).
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../inspect-images.sh"
require_appliance

cd "$scratch" || exit 1
insp_debian_image disk.img
before=$(sha256sum < disk.img)

# The example, verbatim: commands on standard input.
out=$(guestfish -i --ro -a disk.img 2>err <<'EOF'
cat /etc/debian_version
tgz-out /home home.tar.gz
EOF
)
check_eq "classic backup: exit status" 0 $?
check_eq "classic backup: cat /etc/debian_version" 12.5 "$out"
check_eq "classic backup: nothing on stderr" "" "$(cat err)"
check_eq "classic backup: the tarball's members" "./
./user/
./user/docs/
./user/docs/report.txt
./user/notes.txt" "$(tar tzf home.tar.gz | sort)"
check_eq "classic backup: a file in the tarball" "hello from the guest" \
    "$(tar xzOf home.tar.gz ./user/notes.txt)"
check_eq "classic backup: the image is unchanged" "$before" \
    "$(sha256sum < disk.img)"

# Every filesystem of fstab mounted, shortest mountpoint first, read-only.
out=$(guestfish --ro -a disk.img -i -- mountpoints : cat /boot/grub/grub.cfg : \
      cat /srv/index.html : -write /x y 2>&1)
check_eq "--ro -i mounts /, /srv and /boot read-only" "/dev/sda2: /
/dev/sda3: /srv
/dev/sda1: /boot
set timeout=5

served

libguestfs: error: write: /x: Read-only file system" "$out"

# The old form: guestfish --ro -i IMAGE.
out=$(echo "cat /etc/hostname" | guestfish --ro -i disk.img)
check_eq "old form --ro -i disk.img" debby "$out"

# Without --ro the filesystems are mounted read-write; a filesystem that
# cannot be mounted (fstab names a missing disk) is a warning.
insp_debian_image rw.img "/dev/vdz1 /opt ext4 defaults 0 2"
out=$(guestfish -a rw.img -i -- write /home/user/new hi : cat /home/user/new \
      2>err)
check_eq "-i without --ro: read-write, exit status 0" "0 hi" "$? $out"
check_eq "-i: a filesystem that does not mount is a warning" \
    "libguestfs: error: mount: /dev/sdz1: No such file or directory
guestfish: some filesystems could not be mounted (ignored)" "$(cat err)"

# Errors.
truncate -s 32M blank.img
out=$(guestfish --ro -i -a blank.img -- echo never 2>&1)
check_eq "no operating system: exit status 1" "1" "$?"
check "no operating system: message" \
    grep -q "^guestfish: no operating system was found on this disk" <<<"$out"
check "no operating system: no command runs" \
    bash -c '! grep -q never <<<"$1"' _ "$out"
out=$(guestfish --ro -i -a disk.img -a disk.img -- echo never 2>&1)
check_eq "two operating systems: exit status 1" "1" "$?"
check "two operating systems: message" \
    grep -q "^guestfish: multi-boot operating systems are not supported" <<<"$out"
out=$(guestfish --ro -i -a disk.img -m /dev/sda2 -- echo never 2>&1)
check_eq "-i with -m" "1 guestfish: cannot use -i and -m options together" \
    "$? $out"

# Interactive: the banner names the operating system and the mounts.
out=$(echo quit | script -qec "guestfish --ro -i -a disk.img" /dev/null |
      tr -d '\r')
check "banner: operating system" grep -qx "Operating system: 12.5" <<<"$out"
banner="/dev/sda2 mounted on /
/dev/sda3 mounted on /srv
/dev/sda1 mounted on /boot

"
check "banner: mounts, shortest mountpoint first" \
    test "${out/*"$banner"*/found}" = found

check_eq "the image is still unchanged" "$before" "$(sha256sum < disk.img)"
done_testing
