# guestkit — the btrfs test guest for the inspection tests.  Sourced.
# One disk, one btrfs filesystem: subvolume @ holds a Fedora-like
# root (fstab mounting @ on / and @home on /home by
# UUID and subvol=), @home a user's file, and the top level itself
# only a plain directory with nothing OS-like.  Built by ONE guestfish
# session.
# SPDX-License-Identifier: GPL-2.0-or-later

GB_UUID=6f0c3a52-9d1e-4b7a-8c2f-1e2d3c4b5a69

# The root tree of the guest as DIR/btrfs-root.tar.
gb_root_tree () {
    local d=$1 t
    t=$(mktemp -d)
    mkdir -p "$t/etc" "$t/usr/bin" "$t/home"
    ln -s usr/bin "$t/bin"
    printf '%s\n' 'NAME="Fedora Linux"' 'ID=fedora' 'VERSION_ID=40' \
        'PRETTY_NAME="Fedora Linux 40 (Workstation Edition)"' > "$t/etc/os-release"
    echo tumble.example.org > "$t/etc/hostname"
    printf '%s\n' "UUID=$GB_UUID / btrfs subvol=@ 0 0" \
        "UUID=$GB_UUID /home btrfs subvol=/@home,compress=zstd 0 0" \
        'tmpfs /tmp tmpfs defaults 0 0' > "$t/etc/fstab"
    gl_elf "$t/usr/bin/bash" 64 1 62
    tar -C "$t" -cf "$d/btrfs-root.tar" .
    rm -rf "$t"
}

# Build DIR/btrfs.img (needs gl_elf from guests/linux.sh).
gb_build_guest () {
    local d=$1
    gb_root_tree "$d" || return 1
    rm -f "$d/btrfs.img"; truncate -s 160M "$d/btrfs.img"
    guestfish -a "$d/btrfs.img" <<EOF
run
part-disk /dev/sda mbr
mkfs btrfs /dev/sda1
set-uuid /dev/sda1 $GB_UUID
mount /dev/sda1 /
btrfs-subvolume-create /@
btrfs-subvolume-create /@home
mkdir /data
write /data/readme "plain top level"
umount /
mount btrfsvol:/dev/sda1/@ /
tar-in $d/btrfs-root.tar /
mount btrfsvol:/dev/sda1/@home /home
mkdir /home/user
write /home/user/file "hello from @home"
umount-all
EOF
}
