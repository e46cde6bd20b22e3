#!/bin/bash
# guestkit — inspection of Linux guests: a Debian-like guest on LVM, a
# Fedora-like one with an rpm database, an Ubuntu-like one, corrupt
# ones (all built by one guestfish session, tests/guests/linux.sh) and
# a disk of 20 tiny roots of different distributions (host tools).
# One more appliance inspects all of them and lists applications;
# every inspection field is checked.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../inspect-images.sh"
. "$(dirname "$0")/../guests/linux.sh"
require_appliance
command -v rpmbuild >/dev/null || skip_all "rpmbuild is not installed"

cd "$scratch" || exit 1
gl_build_guests "$scratch" >build.log 2>&1
check_eq "guests built by guestfish" 0 $?
gl_distros_image dist.img
check_eq "distros disk built" 0 $?

fields="type distro product-name product-variant major-version minor-version
 arch hostname package-format package-management osinfo format is-live
 is-netinst is-multipart"

# The guestfish commands printing every field of ROOT after "== ROOT".
fields_of () {
    local f
    echo "echo == $1"
    for f in $fields; do echo "inspect-get-$f $1" | sed 's/get-is-/is-/'; done
    echo "echo -- mountpoints"; echo "inspect-get-mountpoints $1"
    echo "echo -- filesystems"; echo "inspect-get-filesystems $1"
}

# Mount ROOT's filesystems (MOUNTS: device:mountpoint ...) read-only
# and list its applications after "== apps ROOT".
apps_of () {
    local root=$1 m; shift
    echo "echo == apps $root"
    echo umount-all
    for m in "$@"; do echo "mount-ro ${m%%:*} ${m#*:}"; done
    echo "inspect-list-applications2 $root"
}

{
    echo run
    echo "echo == roots"; echo inspect-os
    for r in /dev/debvg/root /dev/sdb1 /dev/sdc1 /dev/sdd1 /dev/sdd2; do
        fields_of $r
    done
    for n in $(seq 1 ${#GL_DISTROS[@]}); do fields_of /dev/sde$n; done
    apps_of /dev/debvg/root /dev/debvg/root:/ /dev/sda1:/boot
    apps_of /dev/sdb1 /dev/sdb1:/
    apps_of /dev/sdc1 /dev/sdc1:/
    apps_of /dev/sdd1 /dev/sdd1:/
    apps_of /dev/sdd2 /dev/sdd2:/
    echo "echo == deprecated"; echo umount-all; echo "mount-ro /dev/sdb1 /"
    echo "inspect-list-applications /dev/sdb1"
    echo "echo == end"
} > script
timeout 600 guestfish --ro -a deb.img -a fed.img -a ubu.img -a bad.img \
    -a dist.img -f script > out 2> err
check_eq "inspection session: exit status" 0 $?
check_eq "inspection session: nothing on stderr" "" "$(cat err)"

# The lines of out after "== NAME" up to the next "== ".
section () {
    awk -v k="== $1" '$0 == k { on = 1; next } /^== / { on = 0 } on' out
}

check_eq "inspect-os: every root" "/dev/sdb1
/dev/sdc1
/dev/sdd1
/dev/sdd2
$(for n in $(seq 1 ${#GL_DISTROS[@]}); do echo /dev/sde$n; done)
/dev/debvg/root" "$(section roots)"

# expect ROOT TYPE DISTRO PRODUCT VARIANT MAJOR MINOR ARCH HOSTNAME
#   PKGFMT PKGMGMT OSINFO then mountpoints and filesystems (\n lists).
expect () {
    local root=$1 mps=${13} fss=${14}
    check_eq "$root: every inspection field" "$(printf '%s\n' "${@:2:11}" \
        installed false false false '-- mountpoints')
$(printf '%b' "$mps")
-- filesystems
$(printf '%b' "$fss")" "$(section "$root")"
}

expect /dev/debvg/root linux debian 12.4 unknown 12 4 x86_64 debvm deb apt \
    debian12 "/: /dev/debvg/root\n/boot: /dev/sda1\n/home: /dev/debvg/home" \
    "/dev/debvg/root\n/dev/sda1\n/dev/debvg/home"
expect /dev/sdb1 linux fedora "Fedora Linux 39 (Server Edition)" unknown 39 0 \
    aarch64 fedvm.example.com rpm dnf fedora39 "/: /dev/sdb1" \
    "/dev/sdb1\n/dev/sdb2"
expect /dev/sdc1 linux ubuntu "Ubuntu 22.04.3 LTS" unknown 22 4 i386 ubuvm \
    deb apt ubuntu22.04 "/: /dev/sdc1" "/dev/sdc1"
expect /dev/sdd1 linux debian "$(printf 'A%.0s' $(seq 512))" unknown 0 0 \
    unknown '?[31mevil' deb apt unknown "/: /dev/sdd1" "/dev/sdd1"
expect /dev/sdd2 linux fedora "Fedora release 40 (Forty)" unknown 40 0 \
    unknown unknown rpm dnf fedora40 "/: /dev/sdd2" "/dev/sdd2"

# The distributions: distro, product name, major, minor, arch, package
# format and manager, osinfo (hostname host-NAME; fstab names itself).
distro_expect=(
 "debian|11.9|11|9|x86_64|deb|apt|debian11"
 "ubuntu|Ubuntu 20.04.6 LTS|20|4|x86_64|deb|apt|ubuntu20.04"
 "fedora|Fedora Linux 38 (Workstation Edition)|38|0|aarch64|rpm|dnf|fedora38"
 "rhel|Red Hat Enterprise Linux 9.3 (Plow)|9|3|s390x|rpm|dnf|rhel9.3"
 "centos|CentOS Linux release 7.9.2009 (Core)|7|9|x86_64|rpm|yum|centos7.0"
 "rocky|Rocky Linux 8.9 (Green Obsidian)|8|9|ppc64le|rpm|dnf|rocky8.9"
 "redhat-based|AlmaLinux release 9.3 (Shamrock Pampas Cat)|9|3|x86_64|rpm|dnf|redhat-based9.3"
 "opensuse|openSUSE Leap 15.5|15|5|x86_64|rpm|zypper|opensuse15.5"
 "sles|SUSE Linux Enterprise Server 11 (x86_64)|11|4|s390x|rpm|zypper|sles11sp4"
 "archlinux|Arch Linux|0|0|x86_64|pacman|pacman|archlinux"
 "alpinelinux|Alpine Linux v3.19|3|19|riscv64|apk|apk|alpinelinux3.19"
 "gentoo|Gentoo Linux|2|14|arm|ebuild|portage|gentoo"
 "mageia|Mageia 9|9|0|x86_64|rpm|urpmi|mageia9"
 "oraclelinux|Oracle Linux Server release 7.9|7|9|x86_64|rpm|yum|oraclelinux7.9"
 "linuxmint|Linux Mint 21.3 Virginia|21|3|x86_64|deb|apt|linuxmint21.3"
 "kalilinux|Kali GNU/Linux Rolling|2024|1|x86_64|deb|apt|kalilinux2024.1"
 "voidlinux|Void Linux|0|0|aarch64|xbps|xbps|voidlinux"
 "rhel|Red Hat Enterprise Linux Server release 7.9 (Maipo)|7|9|x86_64|rpm|yum|rhel7.9"
 "rhel|Red Hat Enterprise Linux AS release 4 (Nahant Update 9)|4|9|i386|rpm|up2date|rhel4.9"
 "scientificlinux|Scientific Linux release 6.10 (Carbon)|6|10|x86_64|rpm|yum|scientificlinux6.10"
)
for i in "${!distro_expect[@]}"; do
    IFS='|' read -r d p ma mi ar pf pm oi <<<"${distro_expect[$i]}"
    n=$((i + 1))
    expect /dev/sde$n linux "$d" "$p" unknown "$ma" "$mi" "$ar" \
        "host-${GL_DISTROS[$i]%%|*}" "$pf" "$pm" "$oi" "/: /dev/sde$n" \
        "/dev/sde$n"
done

# Applications: the fields of each, one line per application.
apps () {
    section "apps $1" | awk '
        /^\[[0-9]+\] = \{/ { line = ""; next }
        /^\}/ { print line; next }
        { sub(/^  app2_[a-z0-9_]*: ?/, ""); line = line (line == "" ? "" : "|") $0 }'
}
check_eq "Debian: installed dpkg packages, sorted, epochs and releases split" \
"base-files||0|12.4+deb12u5||amd64|||||||Debian base system miscellaneous files||||
bash||0|5.2.15|2+b2|amd64|||||||GNU Bourne Again SHell||||
zlib1g||1|1.2.13.dfsg|1|amd64||||http://zlib.net/|zlib||compression library - runtime||||" \
    "$(apps /dev/debvg/root)"
check_eq "Fedora: the rpm database (sqlite) read by rpm" \
"bash||0|5.2.26|1.fc39|aarch64||||https://www.gnu.org/software/bash||The GNU Bourne Again shell|bash: The GNU Bourne Again shell.||||
openssl||1|3.1.1|4.fc39|aarch64||||https://www.openssl.org/||Utilities from the OpenSSL toolkit|openssl: Utilities from the OpenSSL toolkit.||||
tzdata||0|2024a|1.fc39|noarch||||||Timezone data|tzdata: Timezone data.||||" \
    "$(apps /dev/sdb1)"
check_eq "Ubuntu: dpkg packages" \
"adduser||0|3.118ubuntu5||all|||||||add and remove users and groups||||
libc6||0|2.35|0ubuntu3.6|i386|||||||GNU C Library: Shared libraries||||" \
    "$(apps /dev/sdc1)"
check_eq "corrupt: a truncated dpkg status gives the complete packages" \
"good1||0|1.0|1||||||||||||
good2||2|3.1|||||||||||||" "$(apps /dev/sdd1)"
check_eq "corrupt: a garbage rpm database gives an empty list" "" \
    "$(apps /dev/sdd2)"
check_eq "deprecated inspect-list-applications: no arch field" "0:3" \
    "$(section deprecated | grep -c app_arch):$(section deprecated | grep -c '^  app_name:')"
check_eq "the session ran to its end" "" "$(section end)"

done_testing
