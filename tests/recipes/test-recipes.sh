#!/bin/bash
# guestkit — every recipe of recipes/ run once against guests built with
# host tools (a Debian-like and a Fedora-like guest, a small partitioned
# disk, a whole-disk ext4 with a repairable error and deleted data), its
# output compared whole, and what the modifying recipes changed read
# back: in one guestfish session for the Debian guest, by comparing the
# guest with its pristine copy (compare-guests.sh), and with host tools.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../inspect-images.sh"
. "$(dirname "$0")/../guests/linux.sh"
. "$(dirname "$0")/recipe-images.sh"
require_appliance

R=${GUESTKIT_TOP_SRCDIR:-..}/recipes
cd "$scratch" || exit 1
rcp_debian_image deb.img && rcp_fedora_image fed.img && rcp_fsck_image fsck.img ||
    { echo "Bail out! cannot build the test guests"; exit 1; }
cp --sparse=always deb.img orig.img

# run NAME ARGS...: OUT is "EXIT-STATUS" then the recipe's output
# (standard output and error).
run () {
    local r=$1; shift
    out=$("$R/$r" "$@" 2>&1)
    out="$? $out"
}

# Usage errors need no appliance.
run grub-timeout.sh deb.img soon
check_eq "a usage error" "1 usage: $R/grub-timeout.sh IMAGE SECONDS" "$out"

#-- Reading recipes, on the pristine guests

run os-info.sh deb.img fed.img
check_eq "os-info.sh" "0 /dev/sda2:
  type: linux
  distro: debian
  product: 12.5
  version: 12.5
  arch: x86_64
  hostname: debby
  packages: deb
/dev/sdb1:
  type: linux
  distro: fedora
  product: Fedora Linux 39 (Server Edition)
  version: 39.0
  arch: aarch64
  hostname: fedvm.example.com
  packages: rpm" "$out"

run list-packages.sh deb.img
check_eq "list-packages.sh (dpkg)" "0 base-files	12.4+deb12u5	amd64
bash	5.2.15-2+b2	amd64
zlib1g	1:1.2.13.dfsg-1	amd64" "$out"
run list-packages.sh fed.img
check_eq "list-packages.sh (rpm)" "0 bash	5.2.26-1.fc39	aarch64
openssl	1:3.1.1-4.fc39	aarch64
tzdata	2024a-1.fc39	noarch" "$out"

run network-config.sh deb.img
check_eq "network-config.sh" "0 ==> /etc/hostname <==
debby
==> /etc/hosts <==
127.0.0.1	localhost
127.0.1.1	debby
==> /etc/network/interfaces <==
# The loopback network interface
auto lo
iface lo inet loopback

allow-hotplug ens3
iface ens3 inet dhcp" "$out"

run filesystems.sh deb.img fsck.img
check_eq "filesystems.sh" "0 /dev/sdb ext4 16777216 -
/dev/sda1 ext4 16777216 -
/dev/sda2 ext4 116391936 -" "$out"

run largest-files.sh deb.img 3
check_eq "largest-files.sh" "0 300000 /srv/big.bin
200000 /home/user/docs/medium.dat
$(stat -c %s /bin/ls) /bin/ls" "$out"

run backup-home.sh deb.img home.tgz
check_eq "backup-home.sh: the tarball" "0 ./
./user/
./user/docs/
./user/docs/medium.dat
./user/docs/report.txt
./user/notes.txt
hello from the guest" "$out$(tar -tzf home.tgz | sort)
$(tar -xzOf home.tgz ./user/notes.txt)"

mkdir out
run copy-out.sh deb.img /home/user/docs /etc/hostname out
check_eq "copy-out.sh" "0 out/docs/medium.dat 200000
out/docs/report.txt report
out/hostname debby" "$out$(cd out && find . -type f | sort | sed 's|^\./||' | while read -r f; do
    case $f in *.dat) echo "out/$f $(stat -c %s "$f")" ;; *) echo "out/$f $(cat "$f")" ;; esac
done)"

#-- Modifying recipes on deb.img, read back together below

run grub-timeout.sh deb.img 1
check_eq "grub-timeout.sh" "0 /etc/default/grub
/boot/grub/grub.cfg" "$out"
run reset-root-password.sh deb.img '$6$newsalt$N3wHash/With.Dots'
check_eq "reset-root-password.sh" "0 " "$out"
run set-hostname.sh deb.img web01.example.com
check_eq "set-hostname.sh" "0 " "$out"
run disable-service.sh deb.img ssh
check_eq "disable-service.sh" "0 /etc/systemd/system/multi-user.target.wants/ssh.service" "$out"
echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITEST test@host" > key.pub
run add-ssh-key.sh deb.img user key.pub
check_eq "add-ssh-key.sh" "0 " "$out"
run static-ip.sh deb.img ens3 192.0.2.10/24 192.0.2.1 192.0.2.53
check_eq "static-ip.sh" "0 /etc/network/interfaces" "$out"
mkdir -p in/sub && echo one > in/one.txt && echo two > in/sub/two.txt
run copy-in.sh deb.img /srv/new in/one.txt in/sub
check_eq "copy-in.sh" "0 " "$out"

out=$(guestfish --ro -a deb.img -i <<'EOF' 2>&1
cat /etc/default/grub
cat /boot/grub/grub.cfg
cat /etc/shadow
stat /etc/shadow | grep -E '^(mode|uid|gid):'
cat /etc/hostname
cat /etc/hosts
readlink /etc/systemd/system/ssh.service
exists /etc/systemd/system/multi-user.target.wants/ssh.service
exists /lib/systemd/system/ssh.service
cat /home/user/.ssh/authorized_keys
stat /home/user/.ssh | grep -E '^(mode|uid|gid):'
stat /home/user/.ssh/authorized_keys | grep -E '^(mode|uid|gid):'
cat /etc/network/interfaces
cat /srv/new/one.txt
cat /srv/new/sub/two.txt
EOF
)
check_eq "the Debian guest after the modifying recipes" 'GRUB_DEFAULT=0
GRUB_TIMEOUT=1
GRUB_CMDLINE_LINUX_DEFAULT="quiet"

set default=0
set timeout=1
menuentry "Debian GNU/Linux" {
  linux /vmlinuz root=/dev/sda2
}

root:$6$newsalt$N3wHash/With.Dots:19500:0:99999:7:::
daemon:*:19500:0:99999:7:::
user:!:19500:0:99999:7:::

mode: 33184
uid: 0
gid: 0
web01.example.com

127.0.0.1	localhost
127.0.1.1	web01.example.com web01

/dev/null
false
true
ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITEST test@host

mode: 16832
uid: 1000
gid: 1000
mode: 33152
uid: 1000
gid: 1000
# The loopback network interface
auto lo
iface lo inet loopback

auto ens3
iface ens3 inet static
    address 192.0.2.10/24
    gateway 192.0.2.1
    dns-nameservers 192.0.2.53

one

two
' "$out
"

run compare-guests.sh orig.img deb.img
check_eq "compare-guests.sh: the changes" "1 * /boot/grub/grub.cfg
* /etc/default/grub
* /etc/hostname
* /etc/hosts
* /etc/network/interfaces
* /etc/shadow
+ /home/user/.ssh/authorized_keys
+ /srv/new/one.txt
+ /srv/new/sub/two.txt" "$out"

#-- Disks: fsck and sparsify, grow, build from a tarball

check "fsck.img has an error before fsck.sh" bash -c '! e2fsck -fn fsck.img >/dev/null 2>&1'
run fsck.sh fsck.img
check_eq "fsck.sh, then e2fsck -fn on the host" "0 /dev/sda: ok
clean" "$out
$(e2fsck -fn fsck.img >/dev/null 2>&1 && echo clean)"

check "deleted data in fsck.img before sparsify.sh" grep -q MARKER-OF-DELETED-DATA fsck.img
run sparsify.sh fsck.img
check_eq "sparsify.sh: no deleted data left" "0 /dev/sda: zeroed
0" "$out
$(grep -c MARKER-OF-DELETED-DATA fsck.img)"

mkdir -p gt tb/etc && echo grow > gt/f && echo fromtar > tb/etc/motd &&
    tar -C tb -czf tb.tar.gz .
truncate -s 32M grow.img
printf '%s\n' 'label: dos' 'start=2048,type=83' | sfdisk -q grow.img
insp_mkfs grow.img 2048 31 gt
run grow-filesystem.sh grow.img 64M
check_eq "grow-filesystem.sh" "0 /dev/sda1: 66060288 bytes" "$out"
run tarball-to-disk.sh tb.tar.gz new.img 32M
check_eq "tarball-to-disk.sh" "0 " "$out"
run tarball-to-disk.sh tb.tar.gz new.img 32M
check_eq "tarball-to-disk.sh: OUTPUT exists" "1 $R/tarball-to-disk.sh: new.img already exists" "$out"

out=$(guestfish --ro -a grow.img -a new.img <<'EOF' 2>&1
run
tune2fs-l /dev/sda1 | grep -E '^Block (count|size):'
mount /dev/sda1 /
cat /f
part-list /dev/sdb | grep part_num
vfs-type /dev/sdb1
mount /dev/sdb1 /
cat /etc/motd
EOF
)
check_eq "the grown disk and the disk built from the tarball" "67108864
Block count: 64512
Block size: 1024
grow

  part_num: 1
ext4
fromtar" "$(stat -c %s grow.img)
$out"

done_testing
