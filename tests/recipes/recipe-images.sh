# guestkit — the test guests of the recipes test, built with host tools
# only (sfdisk, mkfs.ext4 -d, rpmbuild): no appliance launch.  Source
# it after tests/guests/linux.sh (gl_debian_status, gl_fedora_tree).
# SPDX-License-Identifier: GPL-2.0-or-later

RCP_ROOT_UUID=6a0c3f52-1d2e-4b7a-9c8d-2e3f4a5b6c7d
RCP_BOOT_UUID=7b1d4063-2e3f-4c8b-8d9e-3f4a5b6c7d8e
RCP_OLD_HASH='$6$oldsalt$Q2hhbmdlTWUuLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4'

# The /etc files of the Debian-like guest, in the root tree R.
rcp_debian_etc () {
    local r=$1
    mkdir -p "$r/etc/default" "$r/etc/network" \
        "$r/etc/systemd/system/multi-user.target.wants" "$r/lib/systemd/system"
    printf '%s\n' 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' \
        'NAME="Debian GNU/Linux"' 'VERSION_ID="12"' 'ID=debian' > "$r/etc/os-release"
    echo 12.5 > "$r/etc/debian_version"
    echo debby > "$r/etc/hostname"
    printf '127.0.0.1\tlocalhost\n127.0.1.1\tdebby\n' > "$r/etc/hosts"
    printf '%s\n' "UUID=$RCP_ROOT_UUID / ext4 errors=remount-ro 0 1" \
        "UUID=$RCP_BOOT_UUID /boot ext4 defaults 0 2" > "$r/etc/fstab"
    printf '%s\n' 'root:x:0:0:root:/root:/bin/bash' \
        'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin' \
        'user:x:1000:1000:A User,,,:/home/user:/bin/bash' > "$r/etc/passwd"
    printf '%s\n' "root:$RCP_OLD_HASH:19500:0:99999:7:::" \
        'daemon:*:19500:0:99999:7:::' 'user:!:19500:0:99999:7:::' > "$r/etc/shadow"
    chmod 0640 "$r/etc/shadow"
    printf '%s\n' 'GRUB_DEFAULT=0' 'GRUB_TIMEOUT=5' \
        'GRUB_CMDLINE_LINUX_DEFAULT="quiet"' > "$r/etc/default/grub"
    printf '%s\n' '# The loopback network interface' 'auto lo' \
        'iface lo inet loopback' '' 'allow-hotplug ens3' \
        'iface ens3 inet dhcp' > "$r/etc/network/interfaces"
    printf '%s\n' '[Unit]' 'Description=OpenSSH server' '[Service]' \
        'ExecStart=/usr/sbin/sshd -D' > "$r/lib/systemd/system/ssh.service"
    ln -s /lib/systemd/system/ssh.service \
        "$r/etc/systemd/system/multi-user.target.wants/ssh.service"
}

# Debian-like guest IMG (128 MiB, MBR): sda1 /boot (16 MiB), sda2 /
# (UUIDs in fstab), with users, shadow, grub, ifupdown, systemd units,
# a dpkg status and files of known sizes under /home and /srv.
rcp_debian_image () {
    local img=$1 t
    t=$(mktemp -d)
    mkdir -p "$t/r/bin" "$t/r/boot" "$t/r/var/lib/dpkg" "$t/r/home/user/docs" \
        "$t/r/srv" "$t/r/root" "$t/b/grub"
    rcp_debian_etc "$t/r"
    gl_debian_status > "$t/r/var/lib/dpkg/status"
    cp /bin/ls "$t/r/bin/ls"
    echo "hello from the guest" > "$t/r/home/user/notes.txt"
    echo "report" > "$t/r/home/user/docs/report.txt"
    head -c 300000 /dev/zero | tr '\0' x > "$t/r/srv/big.bin"
    head -c 200000 /dev/zero | tr '\0' y > "$t/r/home/user/docs/medium.dat"
    printf '%s\n' 'set default=0' 'set timeout=5' \
        'menuentry "Debian GNU/Linux" {' '  linux /vmlinuz root=/dev/sda2' '}' \
        > "$t/b/grub/grub.cfg"
    rm -f "$img"
    truncate -s 128M "$img"
    printf '%s\n' 'label: dos' 'start=2048,size=32768,type=83' 'start=34816,type=83' |
        sfdisk -q "$img"
    insp_mkfs "$img" 2048 16 "$t/b" -U "$RCP_BOOT_UUID" &&
        insp_mkfs "$img" 34816 111 "$t/r" -U "$RCP_ROOT_UUID"
    local rc=$?
    rm -rf "$t"
    return $rc
}

# Fedora-like guest IMG (48 MiB, MBR, one ext4 "fedroot") with an rpm
# database, from gl_fedora_tree.
rcp_fedora_image () {
    local img=$1 t
    t=$(mktemp -d)
    gl_fedora_tree "$t" && mkdir "$t/r" && tar -C "$t/r" -xf "$t/fed-root.tar" || {
        rm -rf "$t"; return 1; }
    rm -f "$img"
    truncate -s 48M "$img"
    printf '%s\n' 'label: dos' 'start=2048,type=83' | sfdisk -q "$img"
    insp_mkfs "$img" 2048 47 "$t/r" -L fedroot
    local rc=$?
    rm -rf "$t"
    return $rc
}

# A whole-disk ext4 filesystem IMG (16 MiB, no partition table) with a
# wrong link count on /file (which e2fsck -p repairs) and the blocks of
# the deleted /junk still holding the word MARKER-OF-DELETED-DATA.
rcp_fsck_image () {
    local img=$1 t
    t=$(mktemp -d)
    echo data > "$t/file"
    yes MARKER-OF-DELETED-DATA | head -c 65536 > "$t/junk"
    rm -f "$img"
    truncate -s 16M "$img"
    mkfs.ext4 -q -F -d "$t" "$img" &&
        debugfs -w -R "rm /junk" "$img" >/dev/null 2>&1 &&
        debugfs -w -R "sif /file links_count 3" "$img" >/dev/null 2>&1
    local rc=$?
    rm -rf "$t"
    return $rc
}
