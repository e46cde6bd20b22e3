# guestkit — build small guest disk images for the inspection tests with
# host tools only (sfdisk, mkfs.ext4 -d, hivexsh, tar): no root, no
# loop devices.  Sourced by test-actions.sh and fish/test-inspector.sh.
# SPDX-License-Identifier: GPL-2.0-or-later

INSP_ROOT_UUID=5b6f2c1e-0b1a-4c53-9d1e-7a0f3c2b9a11
INSP_HIVE=${GUESTKIT_TOP_SRCDIR:-..}/tests/data/minimal-hive

# mkfs.ext4 of the directory tree DIR into partition START (sectors),
# SIZE (MiB) of IMG, with extra mkfs options after.
insp_mkfs () {
    local img=$1 start=$2 size=$3 dir=$4; shift 4
    mkfs.ext4 -q -F -E offset=$((start * 512)) -d "$dir" "$@" "$img" "${size}M"
}

# A tiny PE header: "MZ", e_lfanew = 0x40, "PE\0\0", machine x86_64.
insp_pe () {
    printf 'MZ' > "$1"
    head -c 58 /dev/zero >> "$1"
    printf '\x40\x00\x00\x00PE\x00\x00\x64\x86' >> "$1"
    head -c 64 /dev/zero >> "$1"
}

# A tiny ELF header for aarch64 (64-bit, little-endian, e_machine 183).
insp_elf_aarch64 () {
    printf '\x7fELF\x02\x01\x01' > "$1"
    head -c 9 /dev/zero >> "$1"
    printf '\x02\x00\xb7\x00\x01\x00\x00\x00' >> "$1"
    head -c 40 /dev/zero >> "$1"
}

# Debian-like guest IMG (128 MiB): sda1 /boot (LABEL=BOOT), sda2 /
# (UUID=), sda3 /srv (PARTUUID=), sda4 named as /dev/vda4 for swap.
# /home/user holds a few files to back up.  EXTRA (optional) is added
# to /etc/fstab.
insp_debian_image () {
    local img=$1 extra=${2:-} t
    t=$(mktemp -d)
    mkdir -p "$t/root/etc" "$t/root/bin" "$t/root/home/user/docs" \
          "$t/root/boot" "$t/root/srv" \
          "$t/boot/grub" "$t/srv"
    cat > "$t/root/etc/os-release" <<'EOF'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
ID=debian
EOF
    echo 12.5 > "$t/root/etc/debian_version"
    echo debby > "$t/root/etc/hostname"
    cat > "$t/root/etc/fstab" <<EOF
# /etc/fstab: static file system information.
UUID=$INSP_ROOT_UUID /               ext4    errors=remount-ro 0 1
LABEL=BOOT      /boot   ext4    defaults        0       2
PARTUUID=0badcafe-03    //srv//  ext4 defaults 0 2
/dev/vda4       none    swap    sw      0       0
UUID=00000000-dead-beef-0000-000000000000 /data ext4 defaults 0 2
proc            /proc   proc    defaults        0       0
tmpfs           /tmp    tmpfs   defaults        0       0
/dev/sr0        /media/cdrom0   udf,iso9660 user,noauto 0 0
EOF
    [ -z "$extra" ] || echo "$extra" >> "$t/root/etc/fstab"
    cp /bin/ls "$t/root/bin/ls"
    echo "hello from the guest" > "$t/root/home/user/notes.txt"
    echo "report" > "$t/root/home/user/docs/report.txt"
    echo "set timeout=5" > "$t/boot/grub/grub.cfg"
    echo "served" > "$t/srv/index.html"
    rm -f "$img"
    truncate -s 128M "$img"
    printf '%s\n' 'label: dos' 'label-id: 0x0badcafe' \
        'start=2048,size=32768,type=83' 'start=34816,size=131072,type=83' \
        'start=165888,size=32768,type=83' 'start=198656,type=82' |
        sfdisk -q "$img"
    insp_mkfs "$img" 2048 16 "$t/boot" -L BOOT
    insp_mkfs "$img" 34816 64 "$t/root" -U "$INSP_ROOT_UUID"
    insp_mkfs "$img" 165888 16 "$t/srv"
    rm -rf "$t"
}

# The SOFTWARE and SYSTEM hives of the Windows-like guest, in DIR.
insp_hives () {
    local dir=$1
    cp "$INSP_HIVE" "$dir/SOFTWARE" && chmod u+w "$dir/SOFTWARE"
    cp "$INSP_HIVE" "$dir/SYSTEM" && chmod u+w "$dir/SYSTEM"
    hivexsh -w "$dir/SOFTWARE" <<'EOF'
add Microsoft
cd Microsoft
add Windows NT
cd Windows NT
add CurrentVersion
cd CurrentVersion
setval 5
ProductName
string:Windows 10 Pro
CurrentMajorVersionNumber
dword:0x0a
CurrentMinorVersionNumber
dword:0x00
CurrentVersion
string:6.3
InstallationType
string:Client
commit
EOF
    insp_uninstall "$dir/SOFTWARE"
    hivexsh -w "$dir/SYSTEM" <<'EOF'
add Select
cd Select
setval 1
Current
dword:0x01
cd ..
add ControlSet001
cd ControlSet001
add Control
cd Control
add ComputerName
cd ComputerName
add ComputerName
cd ComputerName
setval 1
ComputerName
string:WIN-TEST
cd \
add MountedDevices
cd MountedDevices
setval 3
\DosDevices\C:
hex:3:78,56,34,12,00,00,10,00,00,00,00,00
\DosDevices\E:
hex:3:01,02,03,04,00,00,10,00,00,00,00,00
\??\Volume{00000000-0000-0000-0000-000000000000}
hex:3:78,56,34,12,00,00,10,00,00,00,00,00
commit
EOF
}

# The Uninstall keys (installed applications) of the SOFTWARE hive
# HIVE: one native, one under WOW6432Node.
insp_uninstall () {
    hivexsh -w "$1" <<'EOF'
cd Microsoft
add Windows
cd Windows
add CurrentVersion
cd CurrentVersion
add Uninstall
cd Uninstall
add {5A1B-TOOL}
cd {5A1B-TOOL}
setval 6
DisplayName
string:Test Tool
DisplayVersion
string:2.1
Publisher
string:Example Corp
InstallLocation
string:C:\Program Files\Tool
URLInfoAbout
string:https://example.com/tool
Comments
string:A tool
cd \
add WOW6432Node
cd WOW6432Node
add Microsoft
cd Microsoft
add Windows
cd Windows
add CurrentVersion
cd CurrentVersion
add Uninstall
cd Uninstall
add Editor
cd Editor
setval 2
DisplayName
string:Old Editor (32-bit)
DisplayVersion
string:1.0.3
commit
EOF
}

# Windows-like guest IMG (64 MiB): one partition at 1 MiB, disk
# signature 0x12345678, holding /WINDOWS/System32 (odd case on purpose).
insp_windows_image () {
    local img=$1 t
    t=$(mktemp -d)
    mkdir -p "$t/WINDOWS/System32/CONFIG" "$t/Program Files"
    insp_hives "$t/WINDOWS/System32/CONFIG"
    insp_pe "$t/WINDOWS/System32/CMD.EXE"
    rm -f "$img"
    truncate -s 64M "$img"
    printf '%s\n' 'label: dos' 'label-id: 0x12345678' 'start=2048,type=7' |
        sfdisk -q "$img"
    insp_mkfs "$img" 2048 60 "$t"
    rm -rf "$t"
}

# The root tree of the LVM guest (Fedora-like, aarch64), as a tarball
# TAR: /bin -> usr/bin, a FIFO as /etc/hostname and a symlink out of
# the guest as /etc/HOSTNAME (both must be ignored).
insp_fedora_tar () {
    local tar=$1 t
    t=$(mktemp -d)
    chmod 755 "$t"
    mkdir -p "$t/etc/sysconfig" "$t/usr/bin" "$t/home"
    ln -s usr/bin "$t/bin"
    echo "Fedora release 38 (Thirty Eight)" > "$t/etc/redhat-release"
    printf '%s\n' '/dev/mapper/VGI-root / ext4 defaults 1 1' \
        '/dev/VGI/home /home ext4 defaults 1 2' > "$t/etc/fstab"
    echo 'HOSTNAME="fedhost.example.com"' > "$t/etc/sysconfig/network"
    mkfifo "$t/etc/hostname"
    ln -s ../../../../../../proc/sys/kernel/hostname "$t/etc/HOSTNAME"
    insp_elf_aarch64 "$t/usr/bin/bash"
    tar -C "$t" -cf "$tar" .
    rm -rf "$t"
}

# guestfish commands that turn the blank disk DEV into the LVM guest
# (volume group VGI) from the tarball TAR.
insp_lvm_commands () {
    printf '%s\n' "part-disk $1 mbr" "pvcreate ${1}1" "vgcreate VGI ${1}1" \
        "lvcreate root VGI 32" "lvcreate home VGI 16" \
        "mkfs ext4 /dev/VGI/root" "mkfs ext4 /dev/VGI/home" \
        "mount /dev/VGI/root /" "tar-in $2 /" "umount-all"
}
