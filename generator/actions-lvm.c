/* guestkit — generator: API table, area "lvm".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the "lvm" area.  Daemon calls
 * of this area take procedure numbers 600..699 (append-only).
 * Tests are described in F<types.h> (struct test) and run by
 * F<tests/test-actions.sh>.
 */

#include <config.h>

#include "types.h"

#define NOARGS { { A_NONE, NULL } }
#define NOOPTS { { O_NONE, NULL } }
#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }

/* A PV on /dev/sda1 of a blank disk (prep "none"). */
#define PV1 "part-disk /dev/sda mbr\npvcreate /dev/sda1\n"
/* VG "G" with LV "L" (8 MiB) on it; CLEAN removes them again. */
#define VGL PV1 "vgcreate G /dev/sda1\nlvcreate L G 8\n"
#define CLEAN "vgremove G\npvremove /dev/sda1\n"
/* A key or passphrase line for the command before it (guestfish
 * reads keys apart from the command line; tests/test-actions.sh feeds
 * them with --keys-from-stdin). */
#define KEY(k) "@@key " k "\n"
/* A LUKS device on /dev/sda1 with key "k1" in slot 0. */
#define LUKS "part-disk /dev/sda mbr\nluks-format /dev/sda1 0\n" KEY ("k1")

const struct action actions_lvm[] = {
  {
    .name = "pvremove", .proc_nr = 600, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "remove an LVM physical volume",
    .longdesc = "Wipe the LVM label of DEVICE so that LVM no longer sees "
      "a physical volume there.  This fails while a volume group still "
      "uses the physical volume: remove the volume group first.",
    .tests = TESTS (
      { "none", PV1 "pvremove /dev/sda1\npvs\necho end", "end\n" },
      { "lvfs", "pvremove /dev/sda1\npvs",
        "~error: pvremove: PV /dev/sda1 is used by VG VG" }),
  },
  {
    .name = "pvresize", .proc_nr = 601, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "resize an LVM physical volume",
    .longdesc = "Grow or shrink the LVM physical volume DEVICE so that it "
      "fills the device it lies on again (after the device was resized).",
    .tests = TESTS (
      { "none", PV1 "pvresize-size /dev/sda1 67108864\npvresize /dev/sda1\n"
        "pvs-full | grep -E '^  (dev|pv)_size'\npvremove /dev/sda1",
        "  pv_size: 133169152\n  dev_size: 133169152\n" },
      { "none", "pvresize /dev/sdz", "~error: pvresize: .*No such file" }),
  },
  {
    .name = "pvresize_size", .proc_nr = 602, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_INT64, "size" } },
    .optargs = NOOPTS,
    .shortdesc = "resize an LVM physical volume to a given size",
    .longdesc = "Like pvresize, but set the size of the physical volume "
      "DEVICE to SIZE bytes instead of the size of the device.",
    .tests = TESTS (
      { "none", PV1 "pvresize-size /dev/sda1 67108864\n"
        "pvs-full | grep '^  pv_size'\npvresize-size /dev/sda1 0\n"
        "pvremove /dev/sda1",
        "  pv_size: 67108864\n"
        "libguestfs: error: pvresize_size: size must be positive\n" }),
  },
  {
    .name = "pvs_full", .proc_nr = 603, .ret = R_STRUCTLIST,
    .ret_struct = "lvm_pv", .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the LVM physical volumes (PVs) with all fields",
    .longdesc = "List every physical volume LVM sees, with all the "
      "fields of the lvm_pv structure (sizes in bytes, UUID without "
      "dashes), like the pvs(8) command.",
    .tests = TESTS (
      { "lvfs", "pvs-full | grep -vE '^  pv_(uuid|mda_free):'",
        "[0] = {\n  pv_name: /dev/sda1\n  pv_fmt: lvm2\n"
        "  pv_size: 130023424\n  dev_size: 133169152\n"
        "  pv_free: 62914560\n  pv_used: 67108864\n  pv_attr: a--\n"
        "  pv_pe_count: 31\n  pv_pe_alloc_count: 16\n  pv_tags: \n"
        "  pe_start: 1048576\n  pv_mda_count: 1\n}\n" },
      { "lvfs", "pvs-full | grep -cE '^  pv_uuid: [A-Za-z0-9]{32}$'", "1\n" }),
  },
  {
    .name = "pvuuid", .proc_nr = 604, .ret = R_STRING,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get the UUID of an LVM physical volume",
    .longdesc = "Return the UUID of the LVM physical volume DEVICE.",
    .tests = TESTS (
      { "lvfs", "pvuuid /dev/sda1 | tr -d - | cat > /tmp/gk-lvm-$PPID\npvs-full | sed -n 's/^  pv_uuid: //p' | cmp -s - /tmp/gk-lvm-$PPID && echo same; rm -f /tmp/gk-lvm-$PPID",
        "same\n" },
      { "lvfs", "pvuuid /dev/sda", "~error: pvuuid: " }),
  },
  {
    .name = "pvchange_uuid", .proc_nr = 605, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "give an LVM physical volume a new random UUID",
    .longdesc = "Replace the UUID of the physical volume DEVICE by a "
      "new random one.",
    .tests = TESTS (
      { "none", PV1 "pvuuid /dev/sda1 | cat > /tmp/gk-lvm-$PPID\n"
        "pvchange-uuid /dev/sda1\n"
        "pvuuid /dev/sda1 | cmp -s - /tmp/gk-lvm-$PPID || echo changed; "
        "rm -f /tmp/gk-lvm-$PPID\npvremove /dev/sda1", "changed\n" }),
  },
  {
    .name = "pvchange_uuid_all", .proc_nr = 606, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "give every LVM physical volume a new random UUID",
    .longdesc = "Replace the UUID of every physical volume by a new "
      "random one.",
    .tests = TESTS (
      { "none", PV1 "pvuuid /dev/sda1 | cat > /tmp/gk-lvm-$PPID\n"
        "pvchange-uuid-all\n"
        "pvuuid /dev/sda1 | cmp -s - /tmp/gk-lvm-$PPID || echo changed; "
        "rm -f /tmp/gk-lvm-$PPID\npvremove /dev/sda1", "changed\n" }),
  },
  {
    .name = "vgremove", .proc_nr = 607, .ret = R_ERR,
    .args = { { A_STRING, "vgname" } }, .optargs = NOOPTS,
    .shortdesc = "remove an LVM volume group",
    .longdesc = "Remove the volume group VGNAME (for example \"VG\") "
      "together with any logical volumes it still holds.",
    .tests = TESTS (
      { "none", VGL "vgremove G\nvgs\nlvs\npvremove /dev/sda1\necho end",
        "end\n" },
      { "none", "vgremove NOPE", "~error: vgremove: .*NOPE" },
      { "none", "vgremove \"a b\"",
        "libguestfs: error: vgremove: a b: invalid volume group name\n" }),
  },
  {
    .name = "vgrename", .proc_nr = 608, .ret = R_ERR,
    .args = { { A_STRING, "volgroup" }, { A_STRING, "newvolgroup" } },
    .optargs = NOOPTS,
    .shortdesc = "rename an LVM volume group",
    .longdesc = "Give the volume group VOLGROUP the name NEWVOLGROUP.",
    .tests = TESTS (
      { "none", VGL "vgrename G H\nvgs\nlvs\nvgremove H\npvremove /dev/sda1",
        "H\n/dev/H/L\n" },
      { "none", "vgrename G x/y",
        "libguestfs: error: vgrename: x/y: invalid volume group name\n" }),
  },
  {
    .name = "vgs_full", .proc_nr = 609, .ret = R_STRUCTLIST,
    .ret_struct = "lvm_vg", .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the LVM volume groups (VGs) with all fields",
    .longdesc = "List every volume group LVM sees, with all the fields "
      "of the lvm_vg structure (sizes in bytes, UUID without dashes), "
      "like the vgs(8) command.",
    .tests = TESTS (
      { "lvfs", "vgs-full | grep -vE '^  vg_(uuid|mda_free|seqno):'",
        "[0] = {\n  vg_name: VG\n  vg_fmt: lvm2\n  vg_attr: wz--n-\n"
        "  vg_size: 130023424\n  vg_free: 62914560\n  vg_sysid: \n"
        "  vg_extent_size: 4194304\n  vg_extent_count: 31\n"
        "  vg_free_count: 15\n  max_lv: 0\n  max_pv: 0\n  pv_count: 1\n"
        "  lv_count: 1\n  snap_count: 0\n  vg_tags: \n"
        "  vg_mda_count: 1\n}\n" },
      { "lvfs", "vgs-full | grep -cE '^  vg_uuid: [A-Za-z0-9]{32}$'", "1\n" }),
  },
  {
    .name = "vguuid", .proc_nr = 610, .ret = R_STRING,
    .args = { { A_STRING, "vgname" } }, .optargs = NOOPTS,
    .shortdesc = "get the UUID of an LVM volume group",
    .longdesc = "Return the UUID of the volume group VGNAME.",
    .tests = TESTS (
      { "lvfs", "vguuid VG | tr -d - | cat > /tmp/gk-lvm-$PPID\nvgs-full | sed -n 's/^  vg_uuid: //p' | cmp -s - /tmp/gk-lvm-$PPID && echo same; rm -f /tmp/gk-lvm-$PPID",
        "same\n" },
      { "lvfs", "vguuid NOPE", "~error: vguuid: .*NOPE" }),
  },
  {
    .name = "vgmeta", .proc_nr = 611, .ret = R_BUFFEROUT,
    .args = { { A_STRING, "vgname" } }, .optargs = NOOPTS,
    .shortdesc = "get the LVM metadata of a volume group",
    .longdesc = "Return the metadata of the volume group VGNAME in "
      "LVM's own text format.  The format is internal to LVM and may "
      "change; use it for information only.",
    .tests = TESTS (
      { "lvfs", "vgmeta VG | grep -E '^VG [{]|\\bpe_count = |\\bextent_size = '",
        "VG {\n\textent_size = 8192\t\t# 4 Megabytes\n"
        "\t\t\tpe_count = 31\t# 124 Megabytes\n" },
      { "lvfs", "vgmeta NOPE", "~error: vgmeta: .*NOPE" },
      { "lvfs", "vgmeta ../x",
        "libguestfs: error: vgmeta: ../x: invalid volume group name\n" }),
  },
  {
    .name = "vglvuuids", .proc_nr = 612, .ret = R_STRINGLIST,
    .args = { { A_STRING, "vgname" } }, .optargs = NOOPTS,
    .shortdesc = "get the LV UUIDs of an LVM volume group",
    .longdesc = "Return the UUIDs of the logical volumes of the volume "
      "group VGNAME (compare with lvuuid to tell which is which).",
    .tests = TESTS (
      { "lvfs", "lvuuid /dev/VG/LV | tr -d - | cat > /tmp/gk-lvm-$PPID\nvglvuuids VG | tr -d - | cmp -s - /tmp/gk-lvm-$PPID && echo same; rm -f /tmp/gk-lvm-$PPID",
        "same\n" },
      { "lvfs", "vglvuuids NOPE", "~error: vglvuuids: .*NOPE" }),
  },
  {
    .name = "vgpvuuids", .proc_nr = 613, .ret = R_STRINGLIST,
    .args = { { A_STRING, "vgname" } }, .optargs = NOOPTS,
    .shortdesc = "get the PV UUIDs of an LVM volume group",
    .longdesc = "Return the UUIDs of the physical volumes the volume "
      "group VGNAME lies on (compare with pvuuid).",
    .tests = TESTS (
      { "lvfs", "pvuuid /dev/sda1 | tr -d - | cat > /tmp/gk-lvm-$PPID\nvgpvuuids VG | tr -d - | cmp -s - /tmp/gk-lvm-$PPID && echo same; rm -f /tmp/gk-lvm-$PPID",
        "same\n" },
      { "lvfs", "vgpvuuids NOPE", "~error: vgpvuuids: .*NOPE" }),
  },
  {
    .name = "vg_activate", .proc_nr = 614, .ret = R_ERR,
    .args = { { A_BOOL, "activate" }, { A_STRINGLIST, "volgroups" } },
    .optargs = NOOPTS,
    .shortdesc = "activate or deactivate some volume groups",
    .longdesc = "Activate (ACTIVATE true) or deactivate (false) every "
      "logical volume of the volume groups VOLGROUPS; an empty list "
      "means all volume groups.  Like \"vgchange -a y|n VOLGROUPS\".",
    .tests = TESTS (
      { "none", VGL "vg-activate false G\nblockdev-getsize64 /dev/G/L\n"
        "vg-activate true G\nblockdev-getsize64 /dev/G/L\n"
        "vg-activate false \"\"\nblockdev-getsize64 /dev/G/L\n"
        "vg-activate true \"G\"\nvg-activate true \"G ../x\"\n" CLEAN,
        "libguestfs: error: blockdev_getsize64: /dev/G/L: No such file or directory\n"
        "8388608\n"
        "libguestfs: error: blockdev_getsize64: /dev/G/L: No such file or directory\n"
        "libguestfs: error: vg_activate: ../x: invalid volume group name\n" }),
  },
  {
    .name = "vg_activate_all", .proc_nr = 615, .ret = R_ERR,
    .args = { { A_BOOL, "activate" } }, .optargs = NOOPTS,
    .shortdesc = "activate or deactivate all volume groups",
    .longdesc = "Activate (ACTIVATE true) or deactivate (false) every "
      "logical volume of every volume group, like \"vgchange -a y|n\".",
    .tests = TESTS (
      { "none", VGL "vg-activate-all false\nlvs-full | grep lv_attr\n"
        "vg-activate-all true\nlvs-full | grep lv_attr\n" CLEAN,
        "  lv_attr: -wi-------\n  lv_attr: -wi-a-----\n" }),
  },
  {
    .name = "vgchange_uuid", .proc_nr = 616, .ret = R_ERR,
    .args = { { A_STRING, "vg" } }, .optargs = NOOPTS,
    .shortdesc = "give an LVM volume group a new random UUID",
    .longdesc = "Replace the UUID of the volume group VG by a new "
      "random one.",
    .tests = TESTS (
      { "none", VGL "vg-activate-all false\nvguuid G | cat > /tmp/gk-lvm-$PPID\n"
        "vgchange-uuid G\n"
        "vguuid G | cmp -s - /tmp/gk-lvm-$PPID || echo changed; "
        "rm -f /tmp/gk-lvm-$PPID\n" CLEAN, "changed\n" }),
  },
  {
    .name = "vgchange_uuid_all", .proc_nr = 617, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "give every LVM volume group a new random UUID",
    .longdesc = "Replace the UUID of every volume group by a new random "
      "one.",
    .tests = TESTS (
      { "none", VGL "vg-activate-all false\nvguuid G | cat > /tmp/gk-lvm-$PPID\n"
        "vgchange-uuid-all\n"
        "vguuid G | cmp -s - /tmp/gk-lvm-$PPID || echo changed; "
        "rm -f /tmp/gk-lvm-$PPID\n" CLEAN, "changed\n" }),
  },
  {
    .name = "lvcreate_free", .proc_nr = 618, .ret = R_ERR,
    .args = { { A_STRING, "logvol" }, { A_STRING, "volgroup" },
              { A_INT, "percent" } },
    .optargs = NOOPTS,
    .shortdesc = "create an LVM logical volume in free space",
    .longdesc = "Create the logical volume /dev/VOLGROUP/LOGVOL over "
      "about PERCENT % (1 to 100) of the free space left in the volume "
      "group; 100 makes the largest logical volume that fits.",
    .tests = TESTS (
      { "none", PV1 "vgcreate G /dev/sda1\nlvcreate-free L G 100\n"
        "blockdev-getsize64 /dev/G/L\nlvcreate-free M G 0\n" CLEAN,
        "130023424\n"
        "libguestfs: error: lvcreate_free: percent must be between 1 and 100\n" },
      { "none", PV1 "vgcreate G /dev/sda1\nlvcreate-free L G 50\n"
        "lvcreate-free M G 100\nblockdev-getsize64 /dev/G/L\n"
        "blockdev-getsize64 /dev/G/M\n" CLEAN,
        "62914560\n67108864\n" }),
  },
  {
    .name = "lvremove", .proc_nr = 619, .ret = R_ERR,
    .args = { { A_STRING, "device" } }, .optargs = NOOPTS,
    .shortdesc = "remove an LVM logical volume",
    .longdesc = "Remove the logical volume DEVICE (/dev/VG/LV).  Given "
      "a volume group as /dev/VG, remove every logical volume in it.",
    .tests = TESTS (
      { "none", VGL "lvcreate M G 8\nlvcreate N G 8\nlvremove /dev/G/L\nlvs\n"
        "lvremove /dev/G\nlvs\n" CLEAN "echo end",
        "/dev/G/M\n/dev/G/N\nend\n" },
      { "none", "lvremove /dev/nope", "~error: lvremove: .*No such file" }),
  },
  {
    .name = "lvrename", .proc_nr = 620, .ret = R_ERR,
    .args = { { A_STRING, "logvol" }, { A_STRING, "newlogvol" } },
    .optargs = NOOPTS,
    .shortdesc = "rename an LVM logical volume",
    .longdesc = "Rename the logical volume LOGVOL (/dev/VG/LV) to "
      "NEWLOGVOL (/dev/VG/NEWLV, in the same volume group).",
    .tests = TESTS (
      { "none", VGL "lvrename /dev/G/L /dev/G/N\nlvs\nlvrename G/N M\nlvs\n"
        "lvrename /dev/G/M /dev/G/-x\n" CLEAN,
        "/dev/G/N\n/dev/G/M\n"
        "libguestfs: error: lvrename: -x: invalid logical volume name\n" }),
  },
  {
    .name = "lvresize", .proc_nr = 621, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_INT, "mbytes" } },
    .optargs = NOOPTS,
    .shortdesc = "resize an LVM logical volume",
    .longdesc = "Grow or shrink the logical volume DEVICE to MBYTES "
      "megabytes.  Shrinking throws away the data at the end; the "
      "filesystem on it is not resized.",
    .tests = TESTS (
      { "none", VGL "mkfs ext2 /dev/G/L\nmount /dev/G/L /\nwrite /f data\n"
        "umount /\nlvresize /dev/G/L 16\nblockdev-getsize64 /dev/G/L\n"
        "mount /dev/G/L /\ncat /f\numount /\nlvresize /dev/G/L 0\n" CLEAN,
        "16777216\ndata\n"
        "libguestfs: error: lvresize: mbytes must be positive\n" }),
  },
  {
    .name = "lvresize_free", .proc_nr = 622, .ret = R_ERR,
    .args = { { A_DEVICE, "lv" }, { A_INT, "percent" } },
    .optargs = NOOPTS,
    .shortdesc = "grow an LVM logical volume into free space",
    .longdesc = "Grow the logical volume LV by PERCENT % (1 to 100) of "
      "the free space left in its volume group; 100 uses all of it.",
    .tests = TESTS (
      { "none", VGL "lvresize-free /dev/G/L 100\nblockdev-getsize64 /dev/G/L\n"
        "lvresize-free /dev/G/L 101\n" CLEAN,
        "130023424\n"
        "libguestfs: error: lvresize_free: percent must be between 1 and 100\n" }),
  },
  {
    .name = "lvs_full", .proc_nr = 623, .ret = R_STRUCTLIST,
    .ret_struct = "lvm_lv", .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the LVM logical volumes (LVs) with all fields",
    .longdesc = "List every logical volume LVM sees, with all the fields "
      "of the lvm_lv structure (sizes in bytes, UUID without dashes, "
      "percentages -1 where they do not apply), like the lvs(8) command.",
    .tests = TESTS (
      { "lvfs", "lvs-full | grep -vE '^  lv_(uuid|kernel_minor):'",
        "[0] = {\n  lv_name: LV\n  lv_attr: -wi-ao----\n  lv_major: -1\n"
        "  lv_minor: -1\n  lv_kernel_major: 253\n  lv_size: 67108864\n"
        "  seg_count: 1\n  origin: \n  snap_percent: \n  copy_percent: \n"
        "  move_pv: \n  lv_tags: \n  mirror_log: \n  modules: \n}\n" },
      { "lvfs", "lvs-full | grep -cE '^  lv_uuid: [A-Za-z0-9]{32}$'", "1\n" }),
  },
  {
    .name = "lvuuid", .proc_nr = 624, .ret = R_STRING,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get the UUID of an LVM logical volume",
    .longdesc = "Return the UUID of the logical volume DEVICE.",
    .tests = TESTS (
      { "lvfs", "lvuuid /dev/VG/LV | tr -d - | cat > /tmp/gk-lvm-$PPID\nlvs-full | sed -n 's/^  lv_uuid: //p' | cmp -s - /tmp/gk-lvm-$PPID && echo same; rm -f /tmp/gk-lvm-$PPID",
        "same\n" },
      { "lvfs", "lvuuid /dev/sda1", "~error: lvuuid: " }),
  },
  {
    .name = "lvm_remove_all", .proc_nr = 625, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "remove all LVM logical volumes, volume groups and "
      "physical volumes",
    .longdesc = "Remove every logical volume, then every volume group, "
      "then every physical volume LVM sees.",
    .tests = TESTS (
      { "none", VGL "lvcreate M G 8\nlvm-remove-all\nlvs\nvgs\npvs\necho end",
        "end\n" }),
  },
  {
    .name = "lvm_scan", .proc_nr = 626, .ret = R_ERR,
    .args = { { A_BOOL, "activate" } }, .optargs = NOOPTS,
    .shortdesc = "scan the devices for LVM again",
    .longdesc = "Look at every block device again for LVM physical "
      "volumes, volume groups and logical volumes.  With ACTIVATE true, "
      "the volume groups found are activated so that their /dev/VG/LV "
      "devices appear.  Useful after new devices appear, for example "
      "after opening an encrypted device.",
    .tests = TESTS (
      { "none", VGL "vg-activate-all false\nlvm-scan false\n"
        "blockdev-getsize64 /dev/G/L\nlvm-scan true\n"
        "blockdev-getsize64 /dev/G/L\n" CLEAN,
        "libguestfs: error: blockdev_getsize64: /dev/G/L: No such file or directory\n"
        "8388608\n" }),
  },
  {
    .name = "lvm_set_filter", .proc_nr = 627, .ret = R_ERR,
    .args = { { A_DEVICELIST, "devices" } }, .optargs = NOOPTS,
    .shortdesc = "let LVM see only some block devices",
    .longdesc = "Make LVM ignore every block device except DEVICES "
      "(whole disks, which include their partitions, or single "
      "partitions); useful when disks hold duplicate physical volumes "
      "or volume groups.  The volume groups are deactivated, the "
      "devices scanned again and what is visible is activated, so no "
      "volume group may be in use (for example mounted).",
    .tests = TESTS (
      { "disks3", "pvcreate /dev/sda\npvcreate /dev/sdb\nvgcreate A /dev/sda\n"
        "vgcreate B /dev/sdb\nlvm-set-filter /dev/sdb\nvgs\npvs\n"
        "lvm-set-filter \"/dev/sda /dev/sdb\"\nvgs\nlvm-clear-filter\n"
        "lvm-remove-all\nvgs\necho end",
        "B\n/dev/sdb\nA\nB\nend\n" },
      { "disks3", "lvm-set-filter /dev/nope\nvgs\necho end",
        "libguestfs: error: lvm_set_filter: /dev/nope: No such file or directory\n"
        "end\n" },
      { "lvfs", "lvm-set-filter /dev/sda\nlvs",
        "~with 1 open logical volume" }),
  },
  {
    .name = "lvm_clear_filter", .proc_nr = 628, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "let LVM see every block device again",
    .longdesc = "Undo lvm_set_filter: LVM sees every block device.  As "
      "there, the volume groups are deactivated, scanned again and "
      "activated.",
    .tests = TESTS (
      { "disks3", "pvcreate /dev/sda\nvgcreate A /dev/sda\nlvcreate L A 8\n"
        "lvm-set-filter /dev/sdb\nvgs\nlvs\nlvm-clear-filter\nvgs\nlvs\n"
        "lvm-remove-all", "A\n/dev/A/L\n" }),
  },
  {
    .name = "lvm_canonical_lv_name", .proc_nr = 629, .ret = R_STRING,
    .args = { { A_DEVICE, "lvname" } }, .optargs = NOOPTS,
    .shortdesc = "get the canonical name of an LVM logical volume",
    .longdesc = "Return the /dev/VG/LV name of the logical volume "
      "LVNAME, which may be given under another name such as "
      "/dev/mapper/VG-LV.  Fails with errno EINVAL if LVNAME is not a "
      "logical volume.",
    .tests = TESTS (
      { "lvfs", "lvm-canonical-lv-name /dev/mapper/VG-LV\n"
        "lvm-canonical-lv-name /dev/VG/LV\nlvm-canonical-lv-name /dev/sda1",
        "/dev/VG/LV\n/dev/VG/LV\n"
        "libguestfs: error: lvm_canonical_lv_name: /dev/sda1: not a logical volume\n" },
      { "lvfs", "lvm-canonical-lv-name /dev/VG/NOPE", "~No such file" }),
  },
  {
    .name = "is_lv", .proc_nr = 630, .ret = R_BOOL,
    .args = { { A_MOUNTABLE, "mountable" } }, .optargs = NOOPTS,
    .shortdesc = "test if a device is an LVM logical volume",
    .longdesc = "Return true if MOUNTABLE is an LVM logical volume.",
    .tests = TESTS (
      { "lvfs", "is-lv /dev/VG/LV\nis-lv /dev/mapper/VG-LV\nis-lv /dev/sda1\n"
        "is-lv /dev/sda", "true\ntrue\nfalse\nfalse\n" }),
  },
  {
    .name = "luks_format", .proc_nr = 631, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_KEY, "key" },
              { A_INT, "keyslot" } },
    .optargs = NOOPTS,
    .shortdesc = "format a block device as LUKS",
    .longdesc = "Erase DEVICE and make it a LUKS encrypted device whose "
      "first key, KEY, goes in key slot KEYSLOT.  KEY is sensitive: it "
      "reaches cryptsetup through a pipe, never a command line.",
    .tests = TESTS (
      { "none", LUKS "vfs-type /dev/sda1\nluks-format /dev/sda1 32\n" KEY ("k1")
        "luks-format /dev/sda1 -1\n" KEY ("k1"),
        "crypto_LUKS\n"
        "libguestfs: error: luks_format: keyslot must be between 0 and 31\n"
        "libguestfs: error: luks_format: keyslot must be between 0 and 31\n" }),
  },
  {
    .name = "luks_format_cipher", .proc_nr = 632, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_KEY, "key" },
              { A_INT, "keyslot" }, { A_STRING, "cipher" } },
    .optargs = NOOPTS,
    .shortdesc = "format a block device as LUKS with a given cipher",
    .longdesc = "Like luks_format, with the cipher CIPHER (for example "
      "aes-xts-plain64).",
    .tests = TESTS (
      { "none", "part-disk /dev/sda mbr\n"
        "luks-format-cipher /dev/sda1 0 aes-cbc-essiv:sha256\n" KEY ("k1")
        "cryptsetup-open /dev/sda1 c\n" KEY ("k1")
        "blockdev-getsize64 /dev/mapper/c\ncryptsetup-close /dev/mapper/c\n"
        "luks-format-cipher /dev/sda1 0 --help\n" KEY ("k1"),
        "116391936\n"
        "libguestfs: error: luks_format_cipher: --help: invalid cipher\n" }),
  },
  {
    .name = "luks_add_key", .proc_nr = 633, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_KEY, "key" },
              { A_KEY, "newkey" }, { A_INT, "keyslot" } },
    .optargs = NOOPTS,
    .shortdesc = "add a key to a LUKS device",
    .longdesc = "Add NEWKEY in key slot KEYSLOT of the LUKS device "
      "DEVICE, unlocking it with KEY (any key it already has).  The slot "
      "must be empty: use luks_kill_slot first to replace a key.",
    .tests = TESTS (
      { "none", LUKS "luks-add-key /dev/sda1 1\n" KEY ("k1") KEY ("k2")
        "luks-add-key /dev/sda1 1\n" KEY ("k1") KEY ("k3")
        "luks-add-key /dev/sda1 2\n" KEY ("bad") KEY ("k3")
        "cryptsetup-open /dev/sda1 c\n" KEY ("k2")
        "blockdev-getsize64 /dev/mapper/c\ncryptsetup-close /dev/mapper/c",
        "libguestfs: error: luks_add_key: Key slot 1 is full, please select another one.\n"
        "libguestfs: error: luks_add_key: No key available with this passphrase.\n"
        "116391936\n" }),
  },
  {
    .name = "luks_kill_slot", .proc_nr = 634, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_KEY, "key" },
              { A_INT, "keyslot" } },
    .optargs = NOOPTS,
    .shortdesc = "remove a key from a LUKS device",
    .longdesc = "Erase the key in key slot KEYSLOT of the LUKS device "
      "DEVICE; KEY must be one of its other keys.",
    .tests = TESTS (
      { "none", LUKS "luks-add-key /dev/sda1 1\n" KEY ("k1") KEY ("k2")
        "luks-kill-slot /dev/sda1 0\n" KEY ("k2")
        "cryptsetup-open /dev/sda1 c\n" KEY ("k1")
        "cryptsetup-open /dev/sda1 c\n" KEY ("k2")
        "blockdev-getsize64 /dev/mapper/c\ncryptsetup-close /dev/mapper/c",
        "libguestfs: error: cryptsetup_open: No key available with this passphrase.\n"
        "116391936\n" }),
  },
  {
    .name = "luks_uuid", .proc_nr = 635, .ret = R_STRING,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get the UUID of a LUKS device",
    .longdesc = "Return the UUID of the LUKS device DEVICE.",
    .tests = TESTS (
      { "none", LUKS "luks-uuid /dev/sda1 | "
        "grep -cE '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'\n"
        "luks-uuid /dev/sda1 | cat > /tmp/gk-lvm-$PPID\n"
        "vfs-uuid /dev/sda1 | cmp -s - /tmp/gk-lvm-$PPID && echo same; "
        "rm -f /tmp/gk-lvm-$PPID", "1\nsame\n" },
      { "none", "part-disk /dev/sda mbr\nluks-uuid /dev/sda",
        "~error: luks_uuid: /dev/sda: not a LUKS device" }),
  },
  {
    .name = "cryptsetup_open", .proc_nr = 636, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_KEY, "key" },
              { A_STRING, "mapname" } },
    .optargs = { { O_BOOL, "readonly" }, { O_STRING, "crypttype" } },
    .shortdesc = "open an encrypted block device",
    .longdesc = "Unlock the encrypted DEVICE with KEY and make the "
      "decrypted device /dev/mapper/MAPNAME (MAPNAME may not be "
      "\"control\").  CRYPTTYPE is \"luks\" or \"bitlk\" (BitLocker); "
      "without it the type is guessed.  READONLY true makes a read-only "
      "mapping.  Call lvm_scan to see volume groups inside.",
    .tests = TESTS (
      { "none", LUKS "cryptsetup-open /dev/sda1 c\n" KEY ("k1")
        "mkfs ext4 /dev/mapper/c\n"
        "mount /dev/mapper/c /\nwrite /f hello\numount /\n"
        "cryptsetup-close /dev/mapper/c\ncryptsetup-open /dev/sda1 c\n"
        KEY ("bad") "cryptsetup-open /dev/sda1 c crypttype:luks\n" KEY ("k1")
        "mount /dev/mapper/c /\n"
        "cat /f\numount /\ncryptsetup-close /dev/mapper/c\n"
        "cryptsetup-open /dev/sda1 c readonly:true\n" KEY ("k1")
        "mount-ro /dev/mapper/c /\n"
        "write /g x\numount /\ncryptsetup-close /dev/mapper/c",
        "libguestfs: error: cryptsetup_open: No key available with this passphrase.\n"
        "hello\nlibguestfs: error: write: /g: Read-only file system\n" },
      { "none", "cryptsetup-open /dev/sda control\n" KEY ("k1")
        "cryptsetup-open /dev/sda ../x\n" KEY ("k1")
        "cryptsetup-open /dev/sda c crypttype:plain\n" KEY ("k1"),
        "libguestfs: error: cryptsetup_open: control: invalid mapping name\n"
        "libguestfs: error: cryptsetup_open: ../x: invalid mapping name\n"
        "libguestfs: error: cryptsetup_open: plain: unknown crypttype (use luks or bitlk)\n" }),
  },
  {
    .name = "cryptsetup_close", .proc_nr = 637, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "close an encrypted block device",
    .longdesc = "Remove the decrypted device DEVICE made by "
      "cryptsetup_open.  DEVICE is the /dev/mapper/MAPNAME name, not "
      "the encrypted device.",
    .tests = TESTS (
      { "none", "cryptsetup-close /dev/sda\ncryptsetup-close /dev/mapper/nope",
        "libguestfs: error: cryptsetup_close: /dev/sda: not a /dev/mapper device\n"
        "libguestfs: error: cryptsetup_close: /dev/mapper/nope: No such file or directory\n" }),
  },
  {
    .name = "luks_open", .deprecated_by = "cryptsetup_open", .proc_nr = 638, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_KEY, "key" },
              { A_STRING, "mapname" } },
    .optargs = NOOPTS,
    .shortdesc = "open a LUKS encrypted block device",
    .longdesc = "Deprecated: use cryptsetup_open.  Unlock the LUKS "
      "device DEVICE with KEY as /dev/mapper/MAPNAME.",
    .tests = TESTS (
      { "none", LUKS "luks-open /dev/sda1 c\n" KEY ("k1") "mkfs ext2 /dev/mapper/c\n"
        "mount /dev/mapper/c /\nwrite /x ok\ncat /x\numount /\n"
        "luks-close /dev/mapper/c\nluks-open /dev/sda1 c\n" KEY ("k2"),
        "ok\nlibguestfs: error: luks_open: No key available with this passphrase.\n" }),
  },
  {
    .name = "luks_open_ro", .deprecated_by = "cryptsetup_open", .proc_nr = 639, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_KEY, "key" },
              { A_STRING, "mapname" } },
    .optargs = NOOPTS,
    .shortdesc = "open a LUKS encrypted block device read-only",
    .longdesc = "Deprecated: use cryptsetup_open with readonly.  Like "
      "luks_open, but the mapping is read-only.",
    .tests = TESTS (
      { "none", LUKS "luks-open /dev/sda1 c\n" KEY ("k1") "mkfs ext2 /dev/mapper/c\n"
        "luks-close /dev/mapper/c\nluks-open-ro /dev/sda1 c\n" KEY ("k1")
        "mount-ro /dev/mapper/c /\nwrite /y z\numount /\n"
        "luks-close /dev/mapper/c",
        "libguestfs: error: write: /y: Read-only file system\n" }),
  },
  {
    .name = "luks_close", .deprecated_by = "cryptsetup_close", .proc_nr = 640, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "close a LUKS device",
    .longdesc = "Deprecated: use cryptsetup_close.  Remove the mapping "
      "DEVICE (/dev/mapper/MAPNAME) made by luks_open or luks_open_ro.",
    .tests = TESTS (
      { "none", "luks-close /dev/sda1",
        "libguestfs: error: luks_close: /dev/sda1: not a /dev/mapper device\n" }),
  },
  {
    .name = "md_create", .proc_nr = 641, .ret = R_ERR,
    .args = { { A_STRING, "name" }, { A_DEVICELIST, "devices" } },
    .optargs = { { O_INT64, "missingbitmap" }, { O_INT, "nrdevices" },
                 { O_INT, "spare" }, { O_INT64, "chunk" },
                 { O_STRING, "level" } },
    .shortdesc = "create a Linux md (RAID) device",
    .longdesc = "Create the software RAID array /dev/md/NAME over "
      "DEVICES.  Optional: LEVEL (linear, raid0/0/stripe, "
      "raid1/1/mirror (default), raid4/4, raid5/5, raid6/6, raid10/10); "
      "CHUNK, the chunk size in bytes (not for raid1); SPARE, the number "
      "of spare devices (default 0); NRDEVICES, the number of active "
      "devices (default: all); MISSINGBITMAP, where bit N set puts a "
      "missing device at position N of the array (the devices fill the "
      "other positions in order).  The devices plus the missing ones "
      "must number NRDEVICES + SPARE.",
    .tests = TESTS (
      { "disks3", "md-create r1 \"/dev/sda /dev/sdb\"\n"
        "md-stat /dev/md/r1 | grep -E 'device|index'\nmd-stop /dev/md/r1\n"
        "md-create r5 \"/dev/sda /dev/sdb\" level:raid5 missingbitmap:0x2 "
        "chunk:65536\nmd-stat /dev/md/r5 | grep -E 'device|index'\n"
        "md-detail /dev/md/r5 | grep -E '^(level|devices):'\n"
        "md-stop /dev/md/r5",
        "  mdstat_device: /dev/sdb\n  mdstat_index: 1\n"
        "  mdstat_device: /dev/sda\n  mdstat_index: 0\n"
        "  mdstat_device: /dev/sdb\n  mdstat_index: 2\n"
        "  mdstat_device: /dev/sda\n  mdstat_index: 0\n"
        "level: raid5\ndevices: 3\n" },
      { "disks3", "md-create r \"/dev/sda\" level:raid9\n"
        "md-create r \"/dev/sda\" nrdevices:3\n"
        "md-create ../r \"/dev/sda /dev/sdb\"\n"
        "md-create r \"/dev/sda /dev/sdb\" level:raid0 chunk:1000",
        "libguestfs: error: md_create: raid9: unknown RAID level\n"
        "libguestfs: error: md_create: devices + missing (1) must equal "
        "nrdevices + spare\n"
        "libguestfs: error: md_create: ../r: invalid array name\n"
        "libguestfs: error: md_create: chunk must be a positive multiple "
        "of 1024\n" }),
  },
  {
    .name = "md_detail", .proc_nr = 642, .ret = R_HASHTABLE,
    .args = { { A_DEVICE, "md" } }, .optargs = NOOPTS,
    .shortdesc = "get the details of an md device",
    .longdesc = "Return what \"mdadm -D --export\" says about the md "
      "device MD, as key/value pairs with lowercase keys: usually "
      "level, devices, metadata, uuid and name, among others.",
    .tests = TESTS (
      { "disks3", "md-create r1 \"/dev/sda /dev/sdb\"\n"
        "md-detail /dev/md/r1 | grep -E '^(level|devices|metadata|devname|"
        "device_dev_sda_role):'\n"
        "md-detail /dev/md/r1 | grep -cE '^uuid: [0-9a-f:]{35}$'\n"
        "md-stop /dev/md/r1",
        "level: raid1\ndevices: 2\nmetadata: 1.2\ndevname: r1\n"
        "device_dev_sda_role: 0\n1\n" },
      { "disks3", "md-detail /dev/sda", "~error: md_detail: " }),
  },
  {
    .name = "md_stat", .proc_nr = 643, .ret = R_STRUCTLIST,
    .ret_struct = "mdstat",
    .args = { { A_DEVICE, "md" } }, .optargs = NOOPTS,
    .shortdesc = "get the member devices of an md device",
    .longdesc = "List the devices the software RAID array MD is made "
      "of: for each, its name, its index in the array and its flags, "
      "any of W (write-mostly), F (faulty), S (spare) and R "
      "(replacement).  list_md_devices lists the arrays.",
    .tests = TESTS (
      { "disks3", "md-create r \"/dev/sda /dev/sdb /dev/sdc\" nrdevices:2 "
        "spare:1\nmd-stat /dev/md/r | grep -A2 /dev/sdc\nmd-stop /dev/md/r",
        "  mdstat_device: /dev/sdc\n  mdstat_index: 2\n  mdstat_flags: S\n" },
      { "disks3", "md-stat /dev/sda",
        "libguestfs: error: md_stat: /dev/sda: not an md device\n" }),
  },
  {
    .name = "md_stop", .proc_nr = 644, .ret = R_ERR,
    .args = { { A_DEVICE, "md" } }, .optargs = NOOPTS,
    .shortdesc = "stop an md device",
    .longdesc = "Stop the software RAID array MD.  Its member devices "
      "keep their data and md metadata.",
    .tests = TESTS (
      { "disks3", "md-create r1 \"/dev/sda /dev/sdb\"\n"
        "list-md-devices | grep -c '^/dev/md[0-9]*$'\nmd-stop /dev/md/r1\n"
        "list-md-devices | grep -c md || true",
        "1\n0\n" },
      { "disks3", "md-stop /dev/sda", "~error: md_stop: .*/dev/sda" }),
  },
  {
    .name = "list_md_devices", .proc_nr = 645, .ret = R_STRINGLIST,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the Linux md (RAID) devices",
    .longdesc = "List the software RAID arrays, as /dev/mdN.",
    .tests = TESTS (
      { "disks3", "list-md-devices\nmd-create a \"/dev/sda /dev/sdb\" "
        "level:linear\nmd-create b /dev/sdc missingbitmap:2\n"
        "list-md-devices | sed 's/[0-9]*$//'\nmd-stop /dev/md/a\n"
        "md-stop /dev/md/b\nlist-md-devices\necho end",
        "/dev/md\n/dev/md\nend\n" }),
  },
  { .name = NULL }
};
