# guestkit — the Windows-like NTFS test guests, built with guestfish:
# hives from tests/data/minimal-hive and .reg files (hivexregedit),
# then one guestfish session that partitions four disks, makes the
# NTFS and ext4 filesystems and fills them.  Sourced by tests (after
# functions.sh and inspect-images.sh, for insp_pe).
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   win-mbr.img  MBR, signature 0x0badf00d: sda1 Windows Server 2019
#                (C:), sda2 NTFS data (E:)
#   win-gpt.img  GPT: sdb1 the same Windows (C:, GUID 01234567-...),
#                sdb2 data (E:, GUID 11111111-...), C:\ETC\Favicon.png
#   dual.img     MBR, signature 0xdeadbeef: sdc1 a Debian-like ext4
#                root (favicon and logo), sdc2 Windows 7 (C:)
#   bad.img      sdd1 truncated SOFTWARE and no SYSTEM, sdd2 garbage
#                SOFTWARE and a SYSTEM naming a missing control set,
#                sdd3 a 600 MiB sparse SOFTWARE and an empty SYSTEM,
#                sdd4 a hostile Debian-like root

WIN_DATA=${GUESTKIT_TOP_SRCDIR:-..}/tests/data

# win_hive OUT KEY REG...: a hive OUT made from minimal-hive with the
# .reg files merged under HKEY_LOCAL_MACHINE\KEY.
win_hive () {
    local out=$1 key=$2 reg; shift 2
    cp "$WIN_DATA/minimal-hive" "$out" && chmod u+w "$out" || return 1
    for reg in "$@"; do
        hivexregedit --merge --prefix "HKEY_LOCAL_MACHINE\\$key" \
            "$out" "$WIN_DATA/$reg" || return 1
    done
}

# win_png FILE WIDTH HEIGHT [PAD]: a valid RGBA PNG, PAD bytes of
# extra (incompressible) pixel data making it bigger.
win_png () {
    python3 - "$@" <<'PY'
import struct, sys, zlib, random
path, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pad = int(sys.argv[4]) if len(sys.argv) > 4 else 0
random.seed(w * 1000 + h + pad)
rows = b"".join(b"\0" + bytes((x * 7 + y * 3) % 256 for x in range(4 * w))
                for y in range(h))
if pad:
    rows = b"".join(b"\0" + bytes(random.randrange(256) for _ in range(4 * w))
                    for _ in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + \
        struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
open(path, "wb").write(png)
PY
}

# win_files DIR: the host files the guests are made from.
win_files () {
    local d=$1
    win_hive "$d/SOFTWARE" SOFTWARE windows-software.reg windows-uninstall.reg &&
    win_hive "$d/SYSTEM-mbr" SYSTEM windows-system.reg windows-mbr-devices.reg &&
    win_hive "$d/SYSTEM-gpt" SYSTEM windows-system.reg windows-gpt-devices.reg &&
    win_hive "$d/SOFTWARE-7" SOFTWARE windows7-software.reg &&
    win_hive "$d/SYSTEM-7" SYSTEM windows7-system.reg &&
    win_hive "$d/SYSTEM-bad" SYSTEM windows-bad-system.reg || return 1
    cp "$WIN_DATA/minimal-hive" "$d/SYSTEM-empty"
    head -c 4096 "$d/SOFTWARE" > "$d/SOFTWARE-truncated"
    head -c 65536 /dev/zero | tr '\0' 'Z' > "$d/SOFTWARE-garbage"
    insp_pe "$d/cmd.exe"
    win_png "$d/favicon.png" 32 32
    win_png "$d/logo.png" 48 48
    win_png "$d/winicon.png" 64 64
    win_png "$d/biglogo.png" 48 48 1
    printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n' > "$d/os-release"
    printf 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nNAME="Debian GNU/Linux"\nVERSION_ID="11"\nID=debian\n' > "$d/os-release-11"
}

# win_tree DEV DIR SOFTWARE SYSTEM: guestfish commands making the
# Windows tree on the NTFS filesystem DEV from the host files in DIR
# (SYSTEM "" for no SYSTEM hive).
win_tree () {
    local dev=$1 d=$2 sw=$3 sys=$4
    printf '%s\n' "mkfs ntfs $dev" "mount $dev /" \
        "mkdir-p /Windows/System32/config" "mkdir-p \"/Program Files/App\"" \
        "upload $d/cmd.exe /Windows/System32/cmd.exe" \
        "upload $d/$sw /Windows/System32/config/SOFTWARE" \
        "write /Windows/win.ini \"[fonts]\"" \
        "write \"/Program Files/App/readme.txt\" \"read me\""
    [ -z "$sys" ] || echo "upload $d/$sys /Windows/System32/config/SYSTEM"
}

# win_linux DEV DIR OSREL LABEL: commands making a Debian-like ext4
# root on DEV.
win_linux () {
    local dev=$1 d=$2 osrel=$3 label=$4
    printf '%s\n' "mkfs ext4 $dev label:$label" "mount $dev /" \
        "mkdir-p /etc" "mkdir-p /bin" "mkdir-p /usr/lib" \
        "mkdir-p /usr/share/pixmaps" "upload /bin/ls /bin/ls" \
        "upload $d/$osrel /usr/lib/os-release" \
        "write /etc/fstab \"LABEL=$label / ext4 defaults 0 1\n\""
}

# win_disks DIR: make win-mbr.img, win-gpt.img, dual.img and bad.img in
# DIR (one guestfish session).
win_disks () {
    local d=$1
    win_files "$d" || return 1
    rm -f "$d"/win-mbr.img "$d"/win-gpt.img "$d"/dual.img "$d"/bad.img
    truncate -s 64M "$d/win-mbr.img" "$d/win-gpt.img" "$d/dual.img"
    truncate -s 128M "$d/bad.img"
    {
        echo run
        printf '%s\n' "part-init /dev/sda mbr" "part-add /dev/sda p 2048 43007" \
            "part-add /dev/sda p 43008 124927" \
            'pwrite-device /dev/sda "\x0d\xf0\xad\x0b" 440'
        win_tree /dev/sda1 "$d" SOFTWARE SYSTEM-mbr
        printf '%s\n' "umount-all" "mkfs ntfs /dev/sda2"
        printf '%s\n' "part-init /dev/sdb gpt" "part-add /dev/sdb p 2048 43007" \
            "part-add /dev/sdb p 43008 124927" \
            "part-set-gpt-guid /dev/sdb 1 01234567-89AB-CDEF-0123-456789ABCDEF" \
            "part-set-gpt-guid /dev/sdb 2 11111111-2222-3333-4444-555555555555"
        win_tree /dev/sdb1 "$d" SOFTWARE SYSTEM-gpt
        printf '%s\n' "mkdir /ETC" "upload $d/favicon.png /ETC/Favicon.png" \
            "umount-all" "mkfs ntfs /dev/sdb2"
        printf '%s\n' "part-init /dev/sdc mbr" "part-add /dev/sdc p 2048 43007" \
            "part-add /dev/sdc p 43008 124927" \
            'pwrite-device /dev/sdc "\xef\xbe\xad\xde" 440'
        win_linux /dev/sdc1 "$d" os-release DUALROOT
        printf '%s\n' "ln-s ../usr/lib/os-release /etc/os-release" \
            "write /etc/hostname \"dualdeb\n\"" \
            "upload $d/favicon.png /etc/favicon.png" \
            "upload $d/logo.png /usr/share/pixmaps/debian-logo.png" \
            "umount-all"
        win_tree /dev/sdc2 "$d" SOFTWARE-7 SYSTEM-7
        printf '%s\n' "umount-all" "part-init /dev/sdd mbr" \
            "part-add /dev/sdd p 2048 43007" "part-add /dev/sdd p 43008 83967" \
            "part-add /dev/sdd p 83968 124927" "part-add /dev/sdd p 124928 165887"
        win_tree /dev/sdd1 "$d" SOFTWARE-truncated ""
        echo umount-all
        win_tree /dev/sdd2 "$d" SOFTWARE-garbage SYSTEM-bad
        echo umount-all
        win_tree /dev/sdd3 "$d" SOFTWARE SYSTEM-empty
        printf '%s\n' "truncate-size /Windows/System32/config/SOFTWARE 629145600" \
            "umount-all"
        win_linux /dev/sdd4 "$d" os-release-11 BADROOT
        printf '%s\n' "ln-s /usr/lib/os-release /etc/os-release" \
            "mkfifo 0644 /etc/hostname" "touch /etc/debian_version" \
            "truncate-size /etc/debian_version 104857600" \
            "write /etc/favicon.png \"not a PNG\"" \
            "upload $d/biglogo.png /usr/share/pixmaps/debian-logo.png" \
            "umount-all"
    } | guestfish -a "$d/win-mbr.img" -a "$d/win-gpt.img" -a "$d/dual.img" \
        -a "$d/bad.img" >/dev/null
}
