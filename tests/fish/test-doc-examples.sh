#!/bin/bash
# guestkit — the EXAMPLES of guestfish(1) (libguestfs's public manual),
# run as written against a test image shaped like the one they assume:
# /dev/sda1 a boot file system, LVM vg_guest/lv_root (ext4) and
# vg_guest/lv_swap.  Only the file names are ours, and interactive
# editing uses a stub $EDITOR.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
require_appliance

cd "$scratch"
# The image the examples assume (one appliance).
guestfish <<'_EOF_' >/dev/null
sparse disk.img 256M
run
part-init /dev/sda mbr
part-add /dev/sda p 2048 133119
part-add /dev/sda p 133120 -2048
mkfs ext4 /dev/sda1
pvcreate /dev/sda2
vgcreate vg_guest /dev/sda2
lvcreate lv_root vg_guest 128
lvcreate lv_swap vg_guest 32
mkfs ext4 /dev/vg_guest/lv_root
mkswap /dev/vg_guest/lv_swap
mount /dev/vg_guest/lv_root /
mkdir-p /etc
mkdir-p /bin
mkdir-p /etc/systemd/system
mkdir /boot
mount /dev/sda1 /boot
mkdir-p /boot/grub
write /etc/fstab "# /etc/fstab\n/dev/vg_guest/lv_root / ext4 defaults 1 1\n/dev/sda1 /boot ext4 defaults 1 2\n/dev/vg_guest/lv_swap swap swap defaults 0 0\n"
write /etc/group "root:x:0:\nusers:x:100:\n"
write /etc/os-release "ID=fedora\nVERSION_ID=38\nNAME=Fedora\nPRETTY_NAME=\"Fedora Linux 38\"\n"
write /boot/grub/grub.conf "default=0\ntimeout=5\n"
_EOF_
check "the example image was made" test -s disk.img

# As an interactive shell (the same commands on standard input).
out=$(guestfish <<'_EOF_'
add-ro disk.img
run
list-filesystems
mount /dev/vg_guest/lv_root /
cat /etc/fstab
exit
_EOF_
)
check "interactive example: list-filesystems" grep -qx "/dev/sda1: ext4" <<<"$out"
check "interactive example: the LVs" grep -qx "/dev/vg_guest/lv_swap: swap" <<<"$out"
check "interactive example: cat /etc/fstab" grep -qx "# /etc/fstab" <<<"$out"

# From shell scripts.
guestfish <<_EOF_
add disk.img
run
mount /dev/vg_guest/lv_root /
write /etc/motd "Welcome, new users"
_EOF_
check_eq "script example: /etc/motd written" "Welcome, new users" \
    "$(guestfish --ro -a disk.img -m /dev/vg_guest/lv_root cat /etc/motd)"
out=$(guestfish -a disk.img --ro <<_EOF_
run
lvs
_EOF_
)
check_eq "script example: lvs" "/dev/vg_guest/lv_root
/dev/vg_guest/lv_swap" "$out"
out=$(guestfish -a disk.img --ro <<_EOF_
run
list-filesystems
_EOF_
)
check_eq "script example: list-filesystems" "/dev/sda1: ext4
/dev/vg_guest/lv_root: ext4
/dev/vg_guest/lv_swap: swap" "$out"

# On one command line.
guestfish \
  add disk.img : run : mount /dev/vg_guest/lv_root / : \
  write /etc/resolv.conf "nameserver 1.2.3.4"
check_eq "one-line example: resolv.conf" "nameserver 1.2.3.4" \
    "$(guestfish --ro -a disk.img -m /dev/vg_guest/lv_root cat /etc/resolv.conf)"
printf '#!/bin/sh\nsed -i s/timeout=5/timeout=9/ "$1"\n' > edit.sh
chmod +x edit.sh
EDITOR=$scratch/edit.sh guestfish --rw --add disk.img \
  --mount /dev/vg_guest/lv_root \
  --mount /dev/sda1:/boot \
  edit /boot/grub/grub.conf
check "edit example with -m DEV:MOUNTPOINT" grep -q "timeout=9" \
    <<<"$(guestfish --ro -a disk.img -i cat /boot/grub/grub.conf)"

# Mount disks automatically.
check_eq "-i example: cat /etc/group" "root:x:0:
users:x:100:" "$(guestfish --ro -a disk.img -i cat /etc/group)"
sed "s|@IMG@|$scratch/disk.img|" > node.xml <<'_EOF_'
<node>
  <domain type='test'>
    <name>libvirt-domain</name>
    <memory>524288</memory>
    <os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='raw'/>
        <source file='@IMG@'/>
        <target dev='sda' bus='sata'/>
      </disk>
    </devices>
  </domain>
</node>
_EOF_
if guestfish -c "test://$scratch/node.xml" -d libvirt-domain --ro -- \
       supported >/dev/null 2>&1 || [ $? != 0 ]; then :; fi
out=$(LIBVIRT_DEFAULT_URI="test://$scratch/node.xml" \
      guestfish --ro -d libvirt-domain -i cat /etc/group 2>&1)
case $out in
*"built without libvirt"*)
    echo "ok $((tap_n += 1)) - -d example # SKIP built without libvirt" ;;
*) check_eq "-d example: cat /etc/group" "root:x:0:
users:x:100:" "$out" ;;
esac
printf '#!/bin/sh\nsed -i s/default=0/default=1/ "$1"\n' > edit.sh
EDITOR=$scratch/edit.sh guestfish --rw -a disk.img -i edit /boot/grub/grub.conf
check "-i edit example" grep -q "default=1" \
    <<<"$(guestfish --ro -a disk.img -i cat /boot/grub/grub.conf)"

# As a script interpreter.
cat > mkdisk.fish <<'_EOF_'
#!/usr/bin/env guestfish -f
sparse test1.img 100M
run
part-disk /dev/sda mbr
mkfs ext2 /dev/sda1
_EOF_
guestfish -f mkdisk.fish
check_eq "script interpreter example: test1.img" "/dev/sda1: ext2" \
    "$(guestfish --ro -a test1.img run : list-filesystems)"

# Start with a prepared disk.
rm -f test1.img
guestfish -N fs </dev/null
check_eq "-N fs makes a 1G test1.img" 1073741824 "$(stat -c %s test1.img)"
check "-N help lists the types" grep -q bootrootlv <<<"$(guestfish -N help | cat)"

# Remote drives: not supported (local files only), said in one line.
out=$(guestfish -a ssh://example.com/path/to/disk.img run 2>&1)
check "a remote drive is refused clearly" \
    test "$(wc -l <<<"$out")" = 1 -a -n "$out"

# Remote control.
eval "`guestfish --listen`"
guestfish --remote add-ro disk.img
guestfish --remote run
out=$(guestfish --remote lvs)
guestfish --remote exit
check_eq "remote control example: lvs" "/dev/vg_guest/lv_root
/dev/vg_guest/lv_swap" "$out"
# guestfs-recipes(1): the recipes that use guestfish alone.
out=$(guestfish --ro -a disk.img run : checksum-device md5 /dev/sda1)
want=$(dd if=disk.img bs=1M skip=1 count=64 2>/dev/null | md5sum | cut -d' ' -f1)
check_eq "recipe: checksum-device md5 /dev/sda1" "$want" "$out"
out=$(guestfish --ro -a disk.img -i checksum sha256 /etc/group)
check_eq "recipe: checksum sha256 with -i" \
    "$(printf 'root:x:0:\nusers:x:100:\n' | sha256sum | cut -d' ' -f1)" "$out"
guestfish -N target.img=lvfs:/dev/VG/LV:ext3:256M </dev/null
guestfish --ro -a disk.img -m /dev/sda1  -- tar-out / - | \
guestfish --rw -a target.img -m /dev/VG/LV -- tar-in - /
out=$(guestfish --ro -a target.img -m /dev/VG/LV -- cat /grub/grub.conf)
check "recipe: tar-out piped into tar-in" grep -q "^timeout=" <<<"$out"
guestfish -a disk.img -i \
    ln-sf /dev/null /etc/systemd/system/cloud-init.service
out=$(guestfish --ro -a disk.img -i readlink /etc/systemd/system/cloud-init.service 2>&1)
check_eq "recipe: mask a systemd service" /dev/null "$out"
guestfish -a disk.img -i touch /file/to/touch 2>/dev/null
check "recipe: touch in a missing directory fails" test $? != 0
guestfish -a disk.img -i rm /etc/motd
check_eq "recipe: rm with -i" false \
    "$(guestfish --ro -a disk.img -i exists /etc/motd)"
guestfish --ro -a disk.img run : download /dev/sda1 - | gzip > sda1.gz
want=$(dd if=disk.img bs=1M skip=1 count=64 2>/dev/null | md5sum | cut -d' ' -f1)
check_eq "recipe: download a partition through gzip" "$want" \
    "$(gzip -dc sda1.gz | md5sum | cut -d' ' -f1)"
if [[ "$(guestfish -c "test://$scratch/node.xml" -d libvirt-domain --ro \
         run 2>&1)" != *"built without libvirt"* ]]; then
    export LIBVIRT_DEFAULT_URI="test://$scratch/node.xml"
    cat > product-name.sh <<'_EOF_'
#!/bin/sh -
set -e
eval "$(guestfish --ro -d "$1" --i --listen)"
root="$(guestfish --remote inspect-get-roots)"
guestfish --remote inspect-get-product-name "$root"
guestfish --remote exit
_EOF_
    chmod +x product-name.sh
    check_eq "recipe: product-name.sh" "Fedora Linux 38" "$(./product-name.sh libvirt-domain)"
    cat > du.sh <<'_EOF_'
#!/bin/sh -

set -e

vm="$1"
dir=/etc

eval $(guestfish --ro -d "$vm" -i --listen)

for d in $(guestfish --remote ls "$dir"); do
    echo -n "$dir/$d"
    echo -ne '\t'
    guestfish --remote du "$dir/$d";
done | sort -nr -k 2

guestfish --remote exit
_EOF_
    chmod +x du.sh
    check "recipe: du of each entry through --listen/--remote" \
        grep -q "^/etc/group"$'\t'"[0-9]" <<<"$(bash du.sh libvirt-domain)"
    unset LIBVIRT_DEFAULT_URI
else
    echo "ok $((tap_n += 1)) - libvirt recipes # SKIP built without libvirt"
fi
done_testing
