# guestkit — Linux test guests for the inspection tests.  Sourced.
# The guest disks are built by ONE guestfish session (gl_build_guests:
# partitions, LVM, mkfs, set-uuid, tar-in of trees made here); the
# many-distros disk (gl_distros_image) is built with host tools
# (sfdisk, mkfs.ext4 -d) because 20 tiny roots through the appliance
# would cost minutes under TCG.
# SPDX-License-Identifier: GPL-2.0-or-later

GL_BOOT_UUID=3f1c0a2e-5d6b-4e7f-8a9b-0c1d2e3f4a5b

# A tiny ELF header: BITS (32/64), ENDIAN (1 LSB, 2 MSB), MACHINE.
gl_elf () {
    python3 - "$@" <<'EOF'
import struct, sys
path, bits, endian, machine = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
e = '<' if endian == 1 else '>'
h = b'\x7fELF' + bytes([2 if bits == 64 else 1, endian, 1, 0]) + b'\0' * 8
h += struct.pack(e + 'HHI', 2, machine, 1)
open(path, 'wb').write(h + b'\0' * (64 - len(h)))
EOF
}

# dpkg status of the Debian-like guest: installed packages (one with an
# epoch, one with a Source and Homepage), one removed (config-files).
gl_debian_status () {
    cat <<'EOF'
Package: zlib1g
Status: install ok installed
Priority: optional
Architecture: amd64
Source: zlib (1:1.2.13.dfsg-1)
Version: 1:1.2.13.dfsg-1
Homepage: http://zlib.net/
Description: compression library - runtime
 zlib is a library implementing the deflate compression method found
 in gzip and PKZIP.

Package: bash
Essential: yes
Status: install ok installed
Architecture: amd64
Version: 5.2.15-2+b2
Description: GNU Bourne Again SHell
 Bash is an sh-compatible command language interpreter.

Package: oldpkg
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1
Description: removed package

Package: base-files
Status: install ok installed
Architecture: amd64
Version: 12.4+deb12u5
Description: Debian base system miscellaneous files
EOF
}

# Root, /boot and /home trees of the Debian-like guest as tarballs in DIR.
gl_debian_trees () {
    local d=$1 t
    t=$(mktemp -d)
    mkdir -p "$t/r/etc" "$t/r/bin" "$t/r/boot" "$t/r/home" "$t/r/var/lib/dpkg" \
        "$t/b/grub" "$t/h/user"
    printf '%s\n' 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' \
        'NAME="Debian GNU/Linux"' 'VERSION_ID="12"' 'ID=debian' > "$t/r/etc/os-release"
    echo 12.4 > "$t/r/etc/debian_version"
    echo debvm > "$t/r/etc/hostname"
    printf '%s\n' '# static file system information' \
        '/dev/mapper/debvg-root / ext4 errors=remount-ro 0 1' \
        "UUID=$GL_BOOT_UUID /boot ext4 defaults 0 2" \
        '/dev/debvg/home /home ext4 defaults 0 2' \
        'proc /proc proc defaults 0 0' > "$t/r/etc/fstab"
    gl_debian_status > "$t/r/var/lib/dpkg/status"
    cp /bin/ls "$t/r/bin/ls"
    echo "set timeout=5" > "$t/b/grub/grub.cfg"
    echo notes > "$t/h/user/notes"
    tar -C "$t/r" -cf "$d/deb-root.tar" . && tar -C "$t/b" -cf "$d/deb-boot.tar" . &&
        tar -C "$t/h" -cf "$d/deb-home.tar" .
    rm -rf "$t"
}

# Build the rpm packages of the Fedora-like guest and register them
# in a new rpm database DB (rpmbuild, rpm --initdb, rpm -i --justdb).
gl_rpmdb () {
    local db=$1 t
    t=$(mktemp -d)
    cat > "$t/p.spec" <<'EOF'
Name: %{pname}
Version: %{pver}
Release: %{prel}
%{?pepoch:Epoch: %{pepoch}}
Summary: %{psum}
License: MIT
%{?purl:URL: %{purl}}
%{?parch:BuildArch: %{parch}}
%description
%{pname}: %{psum}.
%files
EOF
    gl_rpm () {
        rpmbuild -bb --quiet --define "_topdir $t/top" "$@" "$t/p.spec" >/dev/null 2>&1
    }
    gl_rpm --define 'pname openssl' --define 'pver 3.1.1' --define 'prel 4.fc39' \
        --define 'pepoch 1' --define 'psum Utilities from the OpenSSL toolkit' \
        --define 'purl https://www.openssl.org/' --target aarch64-linux &&
    gl_rpm --define 'pname bash' --define 'pver 5.2.26' --define 'prel 1.fc39' \
        --define 'psum The GNU Bourne Again shell' \
        --define 'purl https://www.gnu.org/software/bash' --target aarch64-linux &&
    gl_rpm --define 'pname tzdata' --define 'pver 2024a' --define 'prel 1.fc39' \
        --define 'psum Timezone data' --define 'parch noarch' || return 1
    rpm --dbpath "$db" --initdb &&
        rpm --dbpath "$db" -i --justdb --nodeps --ignorearch --ignoreos \
            $(find "$t/top/RPMS" -name '*.rpm') >/dev/null 2>&1
    rm -f "$db/.rpm.lock" "$db/rpmdb.sqlite-shm"
    rm -rf "$t"
}

# Root tree of the Fedora-like guest (/bin -> usr/bin, aarch64).
gl_fedora_tree () {
    local d=$1 t
    t=$(mktemp -d)
    mkdir -p "$t/etc" "$t/usr/bin" "$t/var/lib/rpm"
    ln -s usr/bin "$t/bin"
    printf '%s\n' 'NAME="Fedora Linux"' 'VERSION_ID=39' 'ID=fedora' \
        'PRETTY_NAME="Fedora Linux 39 (Server Edition)"' > "$t/etc/os-release"
    echo "Fedora release 39 (Thirty Nine)" > "$t/etc/fedora-release"
    echo fedvm.example.com > "$t/etc/hostname"
    printf '%s\n' 'LABEL=fedroot / ext4 defaults 1 1' \
        '/dev/vdb2 none swap defaults 0 0' > "$t/etc/fstab"
    gl_elf "$t/usr/bin/bash" 64 1 183
    gl_rpmdb "$t/var/lib/rpm" || return 1
    tar -C "$t" -cf "$d/fed-root.tar" .
    rm -rf "$t"
}

# Root tree of the Ubuntu-like guest (i386).
gl_ubuntu_tree () {
    local d=$1 t
    t=$(mktemp -d)
    mkdir -p "$t/etc" "$t/bin" "$t/var/lib/dpkg"
    printf '%s\n' 'PRETTY_NAME="Ubuntu 22.04.3 LTS"' 'NAME="Ubuntu"' \
        'VERSION_ID="22.04"' 'ID=ubuntu' 'ID_LIKE=debian' > "$t/etc/os-release"
    printf '%s\n' DISTRIB_ID=Ubuntu DISTRIB_RELEASE=22.04 DISTRIB_CODENAME=jammy \
        'DISTRIB_DESCRIPTION="Ubuntu 22.04.3 LTS"' > "$t/etc/lsb-release"
    echo ubuvm > "$t/etc/hostname"
    echo '/dev/vdc1 / ext4 defaults 0 1' > "$t/etc/fstab"
    printf '%s\n' 'Package: libc6' 'Status: install ok installed' \
        'Architecture: i386' 'Version: 2.35-0ubuntu3.6' \
        'Description: GNU C Library: Shared libraries' '' \
        'Package: adduser' 'Status: install ok installed' 'Architecture: all' \
        'Version: 3.118ubuntu5' 'Description: add and remove users and groups' \
        > "$t/var/lib/dpkg/status"
    gl_elf "$t/bin/ls" 32 1 3
    tar -C "$t" -cf "$d/ubu-root.tar" .
    rm -rf "$t"
}

# Trees of the corrupt guests: a deb one (garbage os-release with a
# huge line, binary fstab, escape sequences in the hostname, truncated
# dpkg status, /bin/ls not a binary) and an rpm one (garbage rpmdb).
gl_corrupt_trees () {
    local d=$1 t
    t=$(mktemp -d)
    mkdir -p "$t/a/etc" "$t/a/bin" "$t/a/var/lib/dpkg" \
        "$t/b/etc" "$t/b/bin" "$t/b/var/lib/rpm"
    {
        printf 'ID=debian\nPRETTY_NAME='
        head -c 40000 /dev/zero | tr '\0' A
        printf '\nVERSION_ID=\001\377\n\377\376garbage\000\001\n'
    } > "$t/a/etc/os-release"
    python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 16)' \
        > "$t/a/etc/fstab"
    printf '\033[31mevil\n' > "$t/a/etc/hostname"
    printf '%s\n' 'Package: good1' 'Status: install ok installed' 'Version: 1.0-1' \
        '' 'Package: nostatus' 'Version: 2.0' '' \
        'Package: good2' 'Status: install ok installed' 'Version: 2:3.1' '' \
        'Package: cut' 'Status: install ok installed' > "$t/a/var/lib/dpkg/status"
    printf 'Versi' >> "$t/a/var/lib/dpkg/status"
    echo "not a binary" > "$t/a/bin/ls"
    echo "Fedora release 40 (Forty)" > "$t/b/etc/redhat-release"
    echo '/dev/sdd2 / ext4 defaults 0 0' > "$t/b/etc/fstab"
    python3 -c 'import sys; sys.stdout.buffer.write(b"SQLite format 3\0" + bytes(range(256)) * 64)' \
        > "$t/b/var/lib/rpm/rpmdb.sqlite"
    tar -C "$t/a" -cf "$d/bad-deb.tar" . && tar -C "$t/b" -cf "$d/bad-rpm.tar" .
    rm -rf "$t"
}

# Build in DIR the disks deb.img (sda: Debian-like on LVM), fed.img
# (sdb: Fedora-like, rpm database), ubu.img (sdc: Ubuntu-like) and
# bad.img (sdd: corrupt guests) with one guestfish session.
gl_build_guests () {
    local d=$1 i
    gl_debian_trees "$d" && gl_fedora_tree "$d" && gl_ubuntu_tree "$d" &&
        gl_corrupt_trees "$d" || return 1
    for i in deb:160M fed:64M ubu:32M bad:48M; do
        rm -f "$d/${i%%:*}.img"; truncate -s "${i#*:}" "$d/${i%%:*}.img"
    done
    guestfish -a "$d/deb.img" -a "$d/fed.img" -a "$d/ubu.img" -a "$d/bad.img" <<EOF
run
part-init /dev/sda mbr
part-add /dev/sda p 2048 34815
part-add /dev/sda p 34816 -1
pvcreate /dev/sda2
vgcreate debvg /dev/sda2
lvcreate root debvg 64
lvcreate home debvg 16
mkfs ext4 /dev/sda1
set-uuid /dev/sda1 $GL_BOOT_UUID
mkfs ext4 /dev/debvg/root
mkfs ext4 /dev/debvg/home
mount /dev/debvg/root /
tar-in $d/deb-root.tar /
mount /dev/sda1 /boot
tar-in $d/deb-boot.tar /boot
mount /dev/debvg/home /home
tar-in $d/deb-home.tar /home
umount-all
part-init /dev/sdb mbr
part-add /dev/sdb p 2048 104447
part-add /dev/sdb p 104448 -1
mkfs ext4 /dev/sdb1 label:fedroot
mkswap /dev/sdb2
mount /dev/sdb1 /
tar-in $d/fed-root.tar /
umount-all
part-disk /dev/sdc mbr
mkfs ext4 /dev/sdc1
mount /dev/sdc1 /
tar-in $d/ubu-root.tar /
umount-all
part-init /dev/sdd mbr
part-add /dev/sdd p 2048 47103
part-add /dev/sdd p 47104 -1
mkfs ext4 /dev/sdd1
mkfs ext4 /dev/sdd2
mount /dev/sdd1 /
tar-in $d/bad-deb.tar /
umount-all
mount /dev/sdd2 /
tar-in $d/bad-rpm.tar /
umount-all
EOF
}

# The distributions of the many-distros disk, one per partition
# (sdeN): NAME, then the files of its /etc as FILE=CONTENT words
# (CONTENT with \n escapes), then "elf=BITS:ENDIAN:MACHINE" for /bin/ls.
GL_DISTROS=(
 "debian|os-release=ID=debian\nVERSION_ID=\"11\"\nPRETTY_NAME=\"Debian GNU/Linux 11 (bullseye)\"|debian_version=11.9|elf=64:1:62"
 "ubuntu|os-release=ID=ubuntu\nVERSION_ID=\"20.04\"\nPRETTY_NAME=\"Ubuntu 20.04.6 LTS\"|elf=64:1:62"
 "fedora|os-release=ID=fedora\nVERSION_ID=38\nPRETTY_NAME=\"Fedora Linux 38 (Workstation Edition)\"|elf=64:1:183"
 "rhel|os-release=ID=\"rhel\"\nVERSION_ID=\"9.3\"\nPRETTY_NAME=\"Red Hat Enterprise Linux 9.3 (Plow)\"|elf=64:2:22"
 "centos|os-release=ID=\"centos\"\nVERSION_ID=\"7\"\nPRETTY_NAME=\"CentOS Linux 7 (Core)\"|redhat-release=CentOS Linux release 7.9.2009 (Core)|elf=64:1:62"
 "rocky|os-release=ID=\"rocky\"\nVERSION_ID=\"8.9\"\nPRETTY_NAME=\"Rocky Linux 8.9 (Green Obsidian)\"|elf=64:1:21"
 "alma|os-release=ID=\"almalinux\"\nVERSION_ID=\"9.3\"\nPRETTY_NAME=\"AlmaLinux 9.3 (Shamrock Pampas Cat)\"|redhat-release=AlmaLinux release 9.3 (Shamrock Pampas Cat)|elf=64:1:62"
 "opensuse|os-release=NAME=\"openSUSE Leap\"\nID=\"opensuse-leap\"\nVERSION_ID=\"15.5\"\nPRETTY_NAME=\"openSUSE Leap 15.5\"|elf=64:1:62"
 "sles|SuSE-release=SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 4|elf=64:2:22"
 "arch|os-release=NAME=\"Arch Linux\"\nID=arch\nPRETTY_NAME=\"Arch Linux\"\nBUILD_ID=rolling|arch-release=|elf=64:1:62"
 "alpine|os-release=ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"|alpine-release=3.19.1|elf=64:1:243"
 "gentoo|os-release=ID=gentoo\nVERSION_ID=\"2.14\"\nPRETTY_NAME=\"Gentoo Linux\"|gentoo-release=Gentoo Base System release 2.14|elf=32:1:40"
 "mageia|os-release=ID=\"mageia\"\nVERSION_ID=\"9\"\nPRETTY_NAME=\"Mageia 9\"|elf=64:1:62"
 "oracle|oracle-release=Oracle Linux Server release 7.9|redhat-release=Red Hat Enterprise Linux Server release 7.9 (Maipo)|elf=64:1:62"
 "mint|lsb-release=DISTRIB_ID=LinuxMint\nDISTRIB_RELEASE=21.3\nDISTRIB_CODENAME=virginia\nDISTRIB_DESCRIPTION=\"Linux Mint 21.3 Virginia\"|elf=64:1:62"
 "kali|os-release=ID=kali\nVERSION_ID=\"2024.1\"\nPRETTY_NAME=\"Kali GNU/Linux Rolling\"|elf=64:1:62"
 "void|os-release=NAME=\"Void\"\nID=\"void\"\nPRETTY_NAME=\"Void Linux\"|elf=64:1:183"
 "rhel7|redhat-release=Red Hat Enterprise Linux Server release 7.9 (Maipo)|elf=64:1:62"
 "rhel4|redhat-release=Red Hat Enterprise Linux AS release 4 (Nahant Update 9)|elf=32:1:3"
 "sl6|redhat-release=Scientific Linux release 6.10 (Carbon)|elf=64:1:62"
)

# Build IMG: a GPT disk with one 3 MiB ext4 root per GL_DISTROS entry
# (partition N), each with its /etc files, an fstab naming its own
# root (/dev/sdeN, as the test attaches it fifth), a hostname and a
# tiny ELF /bin/ls.  Host tools only.
gl_distros_image () {
    local img=$1 t n=0 e f spec start
    t=$(mktemp -d)
    rm -f "$img"
    truncate -s $(( (${#GL_DISTROS[@]} * 3 + 2) ))M "$img"
    { echo 'label: gpt'
      for e in "${GL_DISTROS[@]}"; do echo 'size=3M'; done; } | sfdisk -q "$img"
    for e in "${GL_DISTROS[@]}"; do
        n=$((n + 1))
        rm -rf "$t/r"; mkdir -p "$t/r/etc" "$t/r/bin"
        IFS='|' read -r -a spec <<<"$e"
        for f in "${spec[@]:1}"; do
            case $f in
                elf=*) IFS=: read -r b en m <<<"${f#elf=}"
                       gl_elf "$t/r/bin/ls" "$b" "$en" "$m" ;;
                *) printf '%b\n' "${f#*=}" > "$t/r/etc/${f%%=*}" ;;
            esac
        done
        echo "host-${spec[0]}" > "$t/r/etc/hostname"
        echo "/dev/sde$n / ext4 defaults 0 1" > "$t/r/etc/fstab"
        start=$((2048 + (n - 1) * 6144))
        insp_mkfs "$img" "$start" 3 "$t/r" -O ^has_journal || return 1
    done
    rm -rf "$t"
}
