# guestkit — the disk set of the virt-df and virt-filesystems tests,
# built in one guestfish session.  Source it.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# d1.img (128M, MBR): sda1 ext4 "boot" (32M), sda2 vfat "EFI" (16M,
# type 0c), sda3 swap (16M, type 82), sda4 empty (8M).
# d2.img (400M, MBR): sdb1 (type 8e) an LVM PV of VG vg0 holding
# lv_xfs (320M, xfs) and lv_ext4 (32M, ext4 "data").
# With "guests": g1.img, g2.img, g3.img (8M, 12M, 16M), ext4 on the
# whole disk.
#
# What the same session measured goes to facts (shell assignments):
# st_TAG_FIELD (statvfs of each filesystem mounted read-only: TAG is
# sda1 sda2 lvext4 lvxfs g1 g2 g3), size_TAG (blockdev-getsize64 of
# sda3 sda4), uuid_TAG (vfs-uuid, lvuuid), lvm_FIELD (vgs-full and
# pvs-full).

# reports_images [guests]: build the images in the current directory.
reports_images () {
    local disks=(-a d1.img -a d2.img) extra="" stats uuids="" t
    truncate -s 128M d1.img && truncate -s 400M d2.img || return 1
    if [ "${1:-}" = guests ]; then
        truncate -s 8M g1.img && truncate -s 12M g2.img &&
            truncate -s 16M g3.img || return 1
        disks+=(-a g1.img -a g2.img -a g3.img)
        extra=$(for d in c:g1 d:g2 e:g3; do
            echo "mkfs ext4 /dev/sd${d%:*}"
            reports_stat "/dev/sd${d%:*}" "${d#*:}"
        done)
    fi
    stats=$(reports_stat /dev/sda1 sda1; reports_stat /dev/sda2 sda2
            reports_stat /dev/vg0/lv_ext4 lvext4
            reports_stat /dev/vg0/lv_xfs lvxfs)
    for t in sda1:/dev/sda1 sda2:/dev/sda2 sda3:/dev/sda3 \
             lvext4:/dev/vg0/lv_ext4 lvxfs:/dev/vg0/lv_xfs; do
        uuids+="echo \"@ uuid_${t%%:*}\""$'\n'"vfs-uuid ${t#*:}"$'\n'
    done
    guestfish "${disks[@]}" > raw <<EOF || return 1
run
part-init /dev/sda mbr
part-add /dev/sda p 2048 67583
part-add /dev/sda p 67584 100351
part-add /dev/sda p 100352 133119
part-add /dev/sda p 133120 149503
part-set-mbr-id /dev/sda 2 0x0c
part-set-mbr-id /dev/sda 3 0x82
part-init /dev/sdb mbr
part-add /dev/sdb p 2048 -2048
part-set-mbr-id /dev/sdb 1 0x8e
pvcreate /dev/sdb1
vgcreate vg0 /dev/sdb1
lvcreate lv_xfs vg0 320
lvcreate lv_ext4 vg0 32
mkfs ext4 /dev/sda1 label:boot
mkfs vfat /dev/sda2 label:EFI
mkswap /dev/sda3
mkfs xfs /dev/vg0/lv_xfs
mkfs ext4 /dev/vg0/lv_ext4 label:data
$stats
echo "@ size_sda3"
blockdev-getsize64 /dev/sda3
echo "@ size_sda4"
blockdev-getsize64 /dev/sda4
$uuids
echo "@ lvuuid_lvext4"
lvuuid /dev/vg0/lv_ext4
echo "@ lvuuid_lvxfs"
lvuuid /dev/vg0/lv_xfs
echo "@ lvm"
vgs-full
pvs-full
$extra
EOF
    # "@ KEY" starts a section; "FIELD: VALUE" lines become KEY_FIELD,
    # a bare value line KEY.
    awk '/^@ / { key = $2; next }
         /^ *[a-z_]+: / { sub(/^ */, ""); f = $1; sub(/:$/, "", f)
                          v = $0; sub(/^[a-z_]+: */, "", v)
                          print key "_" f "=\047" v "\047"; next }
         /^[^[{}]/ { print key "=\047" $0 "\047" }' raw > facts
    . ./facts
}

# reports_stat DEVICE TAG: guestfish commands recording DEVICE's statvfs.
reports_stat () {
    printf '%s\n' "mount-ro $1 /" "echo \"@ st_$2\"" "statvfs /" "umount-all"
}
