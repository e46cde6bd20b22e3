#!/bin/bash
# guestkit — virt-filesystems on a disk set with MBR partitions (ext4,
# vfat, swap, an empty one) and LVM (a PV, a VG, xfs and ext4 LVs):
# the default list, --all --long with UUIDs and with -h, the LVM,
# partition and device lists in CSV without a title, --extra in CSV,
# --json; bad options.  Sizes, UUIDs and labels expected come from the
# session that built the images (statvfs, blockdev-getsize64,
# vfs-uuid, lvuuid, vgs-full, pvs-full) and from the partition table
# written.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/reports-images.sh"
require_appliance
command -v numfmt >/dev/null && command -v python3 >/dev/null ||
    skip_all "needs numfmt and python3"

cd "$scratch" || exit 1
reports_images || { echo "Bail out! could not build the images"; exit 1; }

fs_size () { local b=st_$1_blocks s=st_$1_bsize; echo $(( ${!b} * ${!s} )); }
M=1048576
# Every row of --all, tab-separated: Name Type VFS Label MBR Size
# Parent UUID ("~" for no value).
all_rows () {
    local T=$'\t'
    cat <<EOF
/dev/sda1${T}filesystem${T}ext4${T}boot${T}~${T}$(fs_size sda1)${T}${T}$uuid_sda1
/dev/sda2${T}filesystem${T}vfat${T}EFI${T}~${T}$(fs_size sda2)${T}${T}$uuid_sda2
/dev/sda3${T}filesystem${T}swap${T}${T}~${T}$size_sda3${T}${T}$uuid_sda3
/dev/sda4${T}filesystem${T}unknown${T}${T}~${T}$size_sda4${T}${T}
/dev/vg0/lv_ext4${T}filesystem${T}ext4${T}data${T}~${T}$(fs_size lvext4)${T}${T}$uuid_lvext4
/dev/vg0/lv_xfs${T}filesystem${T}xfs${T}${T}~${T}$(fs_size lvxfs)${T}${T}$uuid_lvxfs
/dev/vg0/lv_ext4${T}lv${T}~${T}~${T}~${T}$((32 * M))${T}/dev/vg0${T}$lvuuid_lvext4
/dev/vg0/lv_xfs${T}lv${T}~${T}~${T}~${T}$((320 * M))${T}/dev/vg0${T}$lvuuid_lvxfs
/dev/vg0${T}vg${T}~${T}~${T}~${T}$lvm_vg_size${T}/dev/sdb1${T}$lvm_vg_uuid
/dev/sdb1${T}pv${T}~${T}~${T}~${T}$lvm_pv_size${T}${T}$lvm_pv_uuid
/dev/sda1${T}partition${T}~${T}~${T}83${T}$((32 * M))${T}/dev/sda${T}~
/dev/sda2${T}partition${T}~${T}~${T}0c${T}$((16 * M))${T}/dev/sda${T}~
/dev/sda3${T}partition${T}~${T}~${T}82${T}$((16 * M))${T}/dev/sda${T}~
/dev/sda4${T}partition${T}~${T}~${T}83${T}$((8 * M))${T}/dev/sda${T}~
/dev/sdb1${T}partition${T}~${T}~${T}8e${T}$lvm_dev_size${T}/dev/sdb${T}~
/dev/sda${T}device${T}~${T}~${T}~${T}$((128 * M))${T}${T}~
/dev/sdb${T}device${T}~${T}~${T}~${T}$((400 * M))${T}${T}~
EOF
}

# expect TYPES COLUMNS FORMAT [human] [notitle]: the expected output of
# the rows of TYPES (a regex on the type) with COLUMNS (numbers 0-7),
# as FORMAT (text or csv), the libguestfs way: each column as wide as
# its widest cell, "-" for an empty one, columns with no cell left
# out, two spaces apart or one past 72 characters.
expect () {
    all_rows | python3 -c '
import re, subprocess, sys
types, cols, fmt = sys.argv[1], [int(c) for c in sys.argv[2]], sys.argv[3]
human, title = "human" in sys.argv[4:], "notitle" not in sys.argv[4:]
heads = "Name Type VFS Label MBR Size Parent UUID".split()
rows = [[heads[c] for c in cols]] if title else []
for line in sys.stdin.read().splitlines():
    f = line.split("\t")
    if not re.fullmatch(types, f[1]):
        continue
    if human and f[5] != "~":
        f[5] = subprocess.run(["numfmt", "--to=iec", "--round=nearest", f[5]],
                              capture_output=True, text=True).stdout.strip()
    rows.append([None if f[c] == "~" else f[c] for c in cols])
if fmt == "csv":
    for r in rows:
        print(",".join("" if c is None else c for c in r))
    sys.exit(0)
w = [0] * 8
for r in rows:
    for j, c in enumerate(r):
        if c is not None:
            w[j] = max(w[j], len(c) or 1)
gap = 1 if sum(x + 2 for x in w) > 72 else 2
for r in rows:
    out, pad = "", 0
    for j, c in enumerate(r):
        if w[j]:
            s = c or "-"
            out += " " * pad + s
            pad = w[j] - len(s) + gap
    print(out)
' "$@"
}

# 1. Default: the filesystems that can be mounted, names only.
out=$(virt-filesystems -a d1.img -a d2.img)
check_eq "default list" "/dev/sda1
/dev/sda2
/dev/vg0/lv_ext4
/dev/vg0/lv_xfs" "$out"

# 2. --all --long --uuid (long lines: one space between columns).
out=$(virt-filesystems -a d1.img -a d2.img --all --long --uuid)
check_eq "--all --long --uuid" "$(expect '.*' 01234567 text)" "$out"

# 3. --all -l -h: human sizes, no UUIDs (two spaces between columns).
out=$(virt-filesystems -a d1.img -a d2.img --all -l -h)
check_eq "--all -l -h" "$(expect '.*' 0123456 text human)" "$out"

# 4. LVM, partitions and devices in CSV, no title: no VFS or Label
# column without filesystems.
out=$(virt-filesystems -a d1.img -a d2.img --lvs --vgs --pvs --parts \
      --blkdevs --long --csv --no-title)
check_eq "LVM, partitions, devices --csv --no-title" \
    "$(expect 'lv|vg|pv|partition|device' 01456 csv notitle)" "$out"

# 5. --extra --csv -l --uuids: swap and the empty partition too.
out=$(virt-filesystems -a d1.img -a d2.img --extra --csv -l --uuids)
check_eq "--extra --csv -l --uuids" "$(expect filesystem 0123567 csv)" "$out"

# 6. --json: every column of every row.
out=$(virt-filesystems -a d1.img -a d2.img --all --json)
check_eq "--json exit status" 0 $?
got=$(python3 -c 'import json, sys
for r in json.loads(sys.stdin.read()):
    t = lambda v: "~" if v is None else str(v)
    print("\t".join([r["name"], r["type"], t(r["vfs"]), t(r["label"]),
                     t(r["mbr"]), t(r["size"]), ",".join(r["parents"]),
                     t(r["uuid"])]))' <<<"$out")
check_eq "--json fields" "$(all_rows)" "$got"

# 7. Usage errors: one line and the hint, exit 1, no appliance.
for args in "" "-a d1.img -h --csv" "-a d1.img --json --csv" \
            "-a d1.img --json -h" "-a d1.img extra" "-a d1.img --bogus"; do
    out=$(virt-filesystems $args 2>&1)
    rc=$?
    check_eq "virt-filesystems $args: exit 1" 1 $rc
    check_eq "virt-filesystems $args: message and hint" \
        "Try 'virt-filesystems --help' for more information." \
        "$(tail -n1 <<<"$out")"
    check_eq "virt-filesystems $args: two lines" 2 "$(wc -l <<<"$out")"
done

done_testing
