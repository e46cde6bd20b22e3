#!/bin/bash
# guestkit — virt-df on a disk set with MBR partitions (ext4, vfat,
# swap, an empty one) and LVM (xfs, ext4): the default columns, -h,
# --inodes --csv, --json, the old argument form, CSV quoting of an odd
# image name, and every libvirt guest (test driver) with -P 2 in name
# order, --uuid; bad options.  Expected numbers come from the statvfs
# taken in the session that built the images.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/reports-images.sh"
require_appliance
command -v numfmt >/dev/null || skip_all "needs numfmt"

cd "$scratch" || exit 1
reports_images guests || { echo "Bail out! could not build the images"; exit 1; }

# row NAME TAG: the expected text line of filesystem TAG (1K blocks,
# or with $mode = h the df -h sizes, or with $mode = i the inodes).
row () {
    local b=st_$2_blocks f=st_$2_bfree a=st_$2_bavail s=st_$2_bsize
    local fi=st_$2_files ff=st_$2_ffree
    awk -v name="$1" -v mode="${mode:-}" -v b="${!b}" -v f="${!f}" \
        -v a="${!a}" -v s="${!s}" -v fi="${!fi}" -v ff="${!ff}" '
      function ceil(x) { return (x == int(x)) ? x : int(x) + 1 }
      BEGIN {
        if (mode == "i") { c1 = fi; c2 = fi - ff; c3 = ff
                           p = fi ? 100 - 100 * ff / fi : 0 }
        else { c1 = b * s / 1024; c2 = (b - f) * s / 1024; c3 = a * s / 1024
               p = b ? 100 - 100 * f / b : 0 }
        if (mode == "h") {
          cmd = "numfmt --to=iec --round=nearest " b * s " " (b - f) * s " " a * s
          cmd | getline c1; cmd | getline c2; cmd | getline c3; close(cmd)
        }
        if (mode == "csv" || mode == "i")
          printf "%s,%d,%d,%d,%.1f\n", name, c1, c2, c3, p
        else {
          if (length(name) <= 36) printf "%-36s", name
          else printf "%s\n%36s", name, ""
          printf "%10s %10s %10s %4d%%\n", c1, c2, c3, ceil(p)
        }
      }'
}
title () { printf '%-36s%10s %10s %10s %5s\n' Filesystem "$@"; }

# 1. Both disks are one guest, named after the first with a "+".
out=$(virt-df -a d1.img -a d2.img)
check_eq "default columns" "$(title 1K-blocks Used Available Use%
    row d1.img+:/dev/sda1 sda1; row d1.img+:/dev/sda2 sda2
    row d1.img+:/dev/vg0/lv_ext4 lvext4; row d1.img+:/dev/vg0/lv_xfs lvxfs)" "$out"

# 2. -h, and the old form (bare image names).
out=$(virt-df -h ./d1.img d2.img)
check_eq "-h, old form" "$(title Size Used Available Use%; mode=h
    for t in sda1:/dev/sda1 sda2:/dev/sda2 lvext4:/dev/vg0/lv_ext4 \
             lvxfs:/dev/vg0/lv_xfs; do row "d1.img+:${t#*:}" "${t%%:*}"; done)" "$out"

# 3. --inodes --csv: the name and the device in columns of their own.
out=$(virt-df --inodes --csv -a d1.img -a d2.img)
check_eq "--inodes --csv" "VirtualMachine,Filesystem,Inodes,IUsed,IFree,IUse%
$(mode=i; row d1.img+,/dev/sda1 sda1; row d1.img+,/dev/sda2 sda2
  row d1.img+,/dev/vg0/lv_ext4 lvext4; row d1.img+,/dev/vg0/lv_xfs lvxfs)" "$out"

# 4. --json: bytes and inode counts for every filesystem.
out=$(virt-df --json -a d1.img -a d2.img)
check_eq "--json exit status" 0 $?
got=$(python3 -c 'import json, sys
for r in json.loads(sys.stdin.read()):
    print(r["guest"], r["uuid"], r["filesystem"], r["size"], r["used"],
          r["available"], r["use_percent"], r["inodes"], r["inodes_used"],
          r["inodes_free"], r["inodes_use_percent"])' <<<"$out")
want=$(for t in sda1:/dev/sda1 sda2:/dev/sda2 lvext4:/dev/vg0/lv_ext4 \
                lvxfs:/dev/vg0/lv_xfs; do
    eval "b=\$st_${t%%:*}_blocks f=\$st_${t%%:*}_bfree a=\$st_${t%%:*}_bavail \
          s=\$st_${t%%:*}_bsize fi=\$st_${t%%:*}_files ff=\$st_${t%%:*}_ffree"
    awk -v d="${t#*:}" -v b=$b -v f=$f -v a=$a -v s=$s -v fi=$fi -v ff=$ff \
        'BEGIN { printf "d1.img+ None %s %d %d %d %.1f %d %d %d %.1f\n", d,
                 b * s, (b - f) * s, a * s, b ? 100 - 100 * f / b : 0,
                 fi, fi - ff, ff, fi ? 100 - 100 * ff / fi : 0 }'
done)
check_eq "--json fields" "$want" "$got"

# 5. An image name with a comma, quotes and a space is quoted in CSV.
odd='od,d "x" g.img'
cp g1.img "$odd"
out=$(virt-df --csv -a "$odd")
check_eq "--csv quoting" "VirtualMachine,Filesystem,1K-blocks,Used,Available,Use%
$(mode=csv row '"od,d ""x"" g.img",/dev/sda' g1)" "$out"

# 6. Every libvirt guest (unless built without libvirt): sorted by name whatever the XML order, two
# appliances at once, a long name on a line of its own, a guest with
# no disks skipped.
dom () {  # dom NAME UUID IMAGE
    printf "<domain type='test'><name>%s</name>%s<memory>524288</memory>" \
        "$1" "${2:+<uuid>$2</uuid>}"
    printf "<os><type>hvm</type></os><devices>%s</devices>" "${3:+<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='$scratch/$3'/><target dev='sda' bus='sata'/></disk>}"
    printf "<test:runstate>5</test:runstate></domain>\n"
}
u1=00000000-0000-4000-8000-000000000001
u2=00000000-0000-4000-8000-000000000002
u3=00000000-0000-4000-8000-000000000003
{
    echo "<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
    dom zeta $u3 g3.img; dom alpha $u1 g1.img
    dom nodisk 00000000-0000-4000-8000-000000000009 ""
    dom middle-guest-with-a-rather-long-name $u2 g2.img
    echo "</node>"
} > node.xml
uri="test://$scratch/node.xml"
libvirt=yes
case $(guestfish -c "test:///nowhere.xml" -d x 2>&1) in
    *"built without libvirt"*) libvirt=no ;;
esac
if [ $libvirt = yes ]; then
out=$(virt-df -c "$uri" -P 2 2>err)
check_eq "all guests -P 2: exit status" 0 $?
check_eq "all guests -P 2: in name order" "$(title 1K-blocks Used Available Use%
    row alpha:/dev/sda g1; row middle-guest-with-a-rather-long-name:/dev/sda g2
    row zeta:/dev/sda g3)" "$out"
check "all guests: the guest without disks is named on stderr" \
    grep -q "nodisk" err

# 7. --uuid names them by UUID; --one-per-guest is accepted.
out=$(virt-df -c "$uri" -P 3 --uuid --one-per-guest --csv 2>/dev/null)
check_eq "all guests --uuid --csv" "VirtualMachine,Filesystem,1K-blocks,Used,Available,Use%
$(mode=csv; row $u1,/dev/sda g1; row $u2,/dev/sda g2; row $u3,/dev/sda g3)" "$out"
else
    expect_one_line_error "no -a/-d without libvirt" "without support for libvirt" \
        virt-df
fi

# 8. Usage errors: one line and the hint, exit 1, no appliance.
for args in "-P x -a d1.img" "-P -1 -a d1.img" "-h --csv -a d1.img" \
            "--json -h -a d1.img" "--bogus -a d1.img" "-a d1.img extra"; do
    out=$(virt-df $args 2>&1)
    rc=$?
    check_eq "virt-df $args: exit 1" 1 $rc
    check_eq "virt-df $args: message and hint" \
        "Try 'virt-df --help' for more information." "$(tail -n1 <<<"$out")"
    check_eq "virt-df $args: two lines" 2 "$(wc -l <<<"$out")"
done
out=$(virt-df -a missing.img 2>&1)
check_eq "a missing image: exit 1" 1 $?
check "a missing image: named" grep -q "missing.img" <<<"$out"

done_testing
