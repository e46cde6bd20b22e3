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
/* A LUKS device on /dev/sda1 with key "k1" in slot 0. */
#define LUKS "part-disk /dev/sda mbr\nluks-format /dev/sda1 k1 0\n"

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
      { "lvfs", "pvremove /dev/sda1\npvs", "~error: pvremove: .*\n/dev/sda1" }),
  },
  {
    .name = "pvresize", .proc_nr = 601, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "resize an LVM physical volume",
    .longdesc = "Grow or shrink the LVM physical volume DEVICE so that it "
      "fills the device it lies on again (after the device was resized).",
    .tests = TESTS (
      { "none", PV1 "pvresize-size /dev/sda1 67108864\npvresize /dev/sda1\n"
        "pvs-full | grep -E '^(dev|pv)_size'\npvremove /dev/sda1",
        "pv_size: 0\n" }),
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
        "pvs-full | grep -E '^pv_size'\npvresize-size /dev/sda1 0\n"
        "pvremove /dev/sda1",
        "pv_size: 0\n" }),
  },
  {
    .name = "pvs_full", .proc_nr = 603, .ret = R_STRUCTLIST,
    .ret_struct = "lvm_pv", .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the LVM physical volumes (PVs) with all fields",
    .longdesc = "List every physical volume LVM sees, with all the "
      "fields of the lvm_pv structure (sizes in bytes, UUID without "
      "dashes), like the pvs(8) command.",
    .tests = TESTS ({ "lvfs", "pvs-full", "x" }),
  },
  {
    .name = "pvuuid", .proc_nr = 604, .ret = R_STRING,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get the UUID of an LVM physical volume",
    .longdesc = "Return the UUID of the LVM physical volume DEVICE.",
    .tests = TESTS ({ "lvfs", "pvuuid /dev/sda1", "x" }),
  },
  {
    .name = "pvchange_uuid", .proc_nr = 605, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "give an LVM physical volume a new random UUID",
    .longdesc = "Replace the UUID of the physical volume DEVICE by a "
      "new random one.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "pvchange_uuid_all", .proc_nr = 606, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "give every LVM physical volume a new random UUID",
    .longdesc = "Replace the UUID of every physical volume by a new "
      "random one.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "vgremove", .proc_nr = 607, .ret = R_ERR,
    .args = { { A_STRING, "vgname" } }, .optargs = NOOPTS,
    .shortdesc = "remove an LVM volume group",
    .longdesc = "Remove the volume group VGNAME (for example \"VG\") "
      "together with any logical volumes it still holds.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "vgrename", .proc_nr = 608, .ret = R_ERR,
    .args = { { A_STRING, "volgroup" }, { A_STRING, "newvolgroup" } },
    .optargs = NOOPTS,
    .shortdesc = "rename an LVM volume group",
    .longdesc = "Give the volume group VOLGROUP the name NEWVOLGROUP.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "vgs_full", .proc_nr = 609, .ret = R_STRUCTLIST,
    .ret_struct = "lvm_vg", .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the LVM volume groups (VGs) with all fields",
    .longdesc = "List every volume group LVM sees, with all the fields "
      "of the lvm_vg structure (sizes in bytes, UUID without dashes), "
      "like the vgs(8) command.",
    .tests = TESTS ({ "lvfs", "vgs-full", "x" }),
  },
  {
    .name = "vguuid", .proc_nr = 610, .ret = R_STRING,
    .args = { { A_STRING, "vgname" } }, .optargs = NOOPTS,
    .shortdesc = "get the UUID of an LVM volume group",
    .longdesc = "Return the UUID of the volume group VGNAME.",
    .tests = TESTS ({ "lvfs", "vguuid VG", "x" }),
  },
  {
    .name = "vgmeta", .proc_nr = 611, .ret = R_BUFFEROUT,
    .args = { { A_STRING, "vgname" } }, .optargs = NOOPTS,
    .shortdesc = "get the LVM metadata of a volume group",
    .longdesc = "Return the metadata of the volume group VGNAME in "
      "LVM's own text format.  The format is internal to LVM and may "
      "change; use it for information only.",
    .tests = TESTS ({ "lvfs", "vgmeta VG", "x" }),
  },
  {
    .name = "vglvuuids", .proc_nr = 612, .ret = R_STRINGLIST,
    .args = { { A_STRING, "vgname" } }, .optargs = NOOPTS,
    .shortdesc = "get the LV UUIDs of an LVM volume group",
    .longdesc = "Return the UUIDs of the logical volumes of the volume "
      "group VGNAME (compare with lvuuid to tell which is which).",
    .tests = TESTS ({ "lvfs", "vglvuuids VG", "x" }),
  },
  {
    .name = "vgpvuuids", .proc_nr = 613, .ret = R_STRINGLIST,
    .args = { { A_STRING, "vgname" } }, .optargs = NOOPTS,
    .shortdesc = "get the PV UUIDs of an LVM volume group",
    .longdesc = "Return the UUIDs of the physical volumes the volume "
      "group VGNAME lies on (compare with pvuuid).",
    .tests = TESTS ({ "lvfs", "vgpvuuids VG", "x" }),
  },
  {
    .name = "vg_activate", .proc_nr = 614, .ret = R_ERR,
    .args = { { A_BOOL, "activate" }, { A_STRINGLIST, "volgroups" } },
    .optargs = NOOPTS,
    .shortdesc = "activate or deactivate some volume groups",
    .longdesc = "Activate (ACTIVATE true) or deactivate (false) every "
      "logical volume of the volume groups VOLGROUPS; an empty list "
      "means all volume groups.  Like \"vgchange -a y|n VOLGROUPS\".",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "vg_activate_all", .proc_nr = 615, .ret = R_ERR,
    .args = { { A_BOOL, "activate" } }, .optargs = NOOPTS,
    .shortdesc = "activate or deactivate all volume groups",
    .longdesc = "Activate (ACTIVATE true) or deactivate (false) every "
      "logical volume of every volume group, like \"vgchange -a y|n\".",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "vgchange_uuid", .proc_nr = 616, .ret = R_ERR,
    .args = { { A_STRING, "vg" } }, .optargs = NOOPTS,
    .shortdesc = "give an LVM volume group a new random UUID",
    .longdesc = "Replace the UUID of the volume group VG by a new "
      "random one.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "vgchange_uuid_all", .proc_nr = 617, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "give every LVM volume group a new random UUID",
    .longdesc = "Replace the UUID of every volume group by a new random "
      "one.",
    .tests = TESTS ({ "none", "x", "x" }),
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
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "lvremove", .proc_nr = 619, .ret = R_ERR,
    .args = { { A_STRING, "device" } }, .optargs = NOOPTS,
    .shortdesc = "remove an LVM logical volume",
    .longdesc = "Remove the logical volume DEVICE (/dev/VG/LV).  Given "
      "a volume group as /dev/VG, remove every logical volume in it.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "lvrename", .proc_nr = 620, .ret = R_ERR,
    .args = { { A_STRING, "logvol" }, { A_STRING, "newlogvol" } },
    .optargs = NOOPTS,
    .shortdesc = "rename an LVM logical volume",
    .longdesc = "Rename the logical volume LOGVOL (/dev/VG/LV) to "
      "NEWLOGVOL (/dev/VG/NEWLV, in the same volume group).",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "lvresize", .proc_nr = 621, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_INT, "mbytes" } },
    .optargs = NOOPTS,
    .shortdesc = "resize an LVM logical volume",
    .longdesc = "Grow or shrink the logical volume DEVICE to MBYTES "
      "megabytes.  Shrinking throws away the data at the end; the "
      "filesystem on it is not resized.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "lvresize_free", .proc_nr = 622, .ret = R_ERR,
    .args = { { A_DEVICE, "lv" }, { A_INT, "percent" } },
    .optargs = NOOPTS,
    .shortdesc = "grow an LVM logical volume into free space",
    .longdesc = "Grow the logical volume LV by PERCENT % (1 to 100) of "
      "the free space left in its volume group; 100 uses all of it.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "lvs_full", .proc_nr = 623, .ret = R_STRUCTLIST,
    .ret_struct = "lvm_lv", .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the LVM logical volumes (LVs) with all fields",
    .longdesc = "List every logical volume LVM sees, with all the fields "
      "of the lvm_lv structure (sizes in bytes, UUID without dashes, "
      "percentages -1 where they do not apply), like the lvs(8) command.",
    .tests = TESTS ({ "lvfs", "lvs-full", "x" }),
  },
  {
    .name = "lvuuid", .proc_nr = 624, .ret = R_STRING,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get the UUID of an LVM logical volume",
    .longdesc = "Return the UUID of the logical volume DEVICE.",
    .tests = TESTS ({ "lvfs", "lvuuid /dev/VG/LV", "x" }),
  },
  {
    .name = "lvm_remove_all", .proc_nr = 625, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "remove all LVM logical volumes, volume groups and "
      "physical volumes",
    .longdesc = "Remove every logical volume, then every volume group, "
      "then every physical volume LVM sees.",
    .tests = TESTS ({ "none", "x", "x" }),
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
    .tests = TESTS ({ "none", "x", "x" }),
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
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "lvm_clear_filter", .proc_nr = 628, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "let LVM see every block device again",
    .longdesc = "Undo lvm_set_filter: LVM sees every block device.  As "
      "there, the volume groups are deactivated, scanned again and "
      "activated.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "lvm_canonical_lv_name", .proc_nr = 629, .ret = R_STRING,
    .args = { { A_DEVICE, "lvname" } }, .optargs = NOOPTS,
    .shortdesc = "get the canonical name of an LVM logical volume",
    .longdesc = "Return the /dev/VG/LV name of the logical volume "
      "LVNAME, which may be given under another name such as "
      "/dev/mapper/VG-LV.  Fails with errno EINVAL if LVNAME is not a "
      "logical volume.",
    .tests = TESTS ({ "lvfs", "x", "x" }),
  },
  {
    .name = "is_lv", .proc_nr = 630, .ret = R_BOOL,
    .args = { { A_MOUNTABLE, "mountable" } }, .optargs = NOOPTS,
    .shortdesc = "test if a device is an LVM logical volume",
    .longdesc = "Return true if MOUNTABLE is an LVM logical volume.",
    .tests = TESTS ({ "lvfs", "x", "x" }),
  },
  {
    .name = "luks_format", .proc_nr = 631, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "key" },
              { A_INT, "keyslot" } },
    .optargs = NOOPTS,
    .shortdesc = "format a block device as LUKS",
    .longdesc = "Erase DEVICE and make it a LUKS encrypted device whose "
      "first key, KEY, goes in key slot KEYSLOT.  KEY is sensitive: it "
      "reaches cryptsetup through a pipe, never a command line.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "luks_format_cipher", .proc_nr = 632, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "key" },
              { A_INT, "keyslot" }, { A_STRING, "cipher" } },
    .optargs = NOOPTS,
    .shortdesc = "format a block device as LUKS with a given cipher",
    .longdesc = "Like luks_format, with the cipher CIPHER (for example "
      "aes-xts-plain64).",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "luks_add_key", .proc_nr = 633, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "key" },
              { A_STRING, "newkey" }, { A_INT, "keyslot" } },
    .optargs = NOOPTS,
    .shortdesc = "add a key to a LUKS device",
    .longdesc = "Add NEWKEY in key slot KEYSLOT of the LUKS device "
      "DEVICE, unlocking it with KEY (any key it already has).  The slot "
      "must be empty: use luks_kill_slot first to replace a key.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "luks_kill_slot", .proc_nr = 634, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "key" },
              { A_INT, "keyslot" } },
    .optargs = NOOPTS,
    .shortdesc = "remove a key from a LUKS device",
    .longdesc = "Erase the key in key slot KEYSLOT of the LUKS device "
      "DEVICE; KEY must be one of its other keys.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "luks_uuid", .proc_nr = 635, .ret = R_STRING,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get the UUID of a LUKS device",
    .longdesc = "Return the UUID of the LUKS device DEVICE.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "cryptsetup_open", .proc_nr = 636, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "key" },
              { A_STRING, "mapname" } },
    .optargs = { { O_BOOL, "readonly" }, { O_STRING, "crypttype" } },
    .shortdesc = "open an encrypted block device",
    .longdesc = "Unlock the encrypted DEVICE with KEY and make the "
      "decrypted device /dev/mapper/MAPNAME (MAPNAME may not be "
      "\"control\").  CRYPTTYPE is \"luks\" or \"bitlk\" (BitLocker); "
      "without it the type is guessed.  READONLY true makes a read-only "
      "mapping.  Call lvm_scan to see volume groups inside.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "cryptsetup_close", .proc_nr = 637, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "close an encrypted block device",
    .longdesc = "Remove the decrypted device DEVICE made by "
      "cryptsetup_open.  DEVICE is the /dev/mapper/MAPNAME name, not "
      "the encrypted device.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "luks_open", .proc_nr = 638, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "key" },
              { A_STRING, "mapname" } },
    .optargs = NOOPTS,
    .shortdesc = "open a LUKS encrypted block device",
    .longdesc = "Deprecated: use cryptsetup_open.  Unlock the LUKS "
      "device DEVICE with KEY as /dev/mapper/MAPNAME.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "luks_open_ro", .proc_nr = 639, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "key" },
              { A_STRING, "mapname" } },
    .optargs = NOOPTS,
    .shortdesc = "open a LUKS encrypted block device read-only",
    .longdesc = "Deprecated: use cryptsetup_open with readonly.  Like "
      "luks_open, but the mapping is read-only.",
    .tests = TESTS ({ "none", "x", "x" }),
  },
  {
    .name = "luks_close", .proc_nr = 640, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "close a LUKS device",
    .longdesc = "Deprecated: use cryptsetup_close.  Remove the mapping "
      "DEVICE (/dev/mapper/MAPNAME) made by luks_open or luks_open_ro.",
    .tests = TESTS ({ "none", "x", "x" }),
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
    .tests = TESTS ({ "disks3", "x", "x" }),
  },
  {
    .name = "md_detail", .proc_nr = 642, .ret = R_HASHTABLE,
    .args = { { A_DEVICE, "md" } }, .optargs = NOOPTS,
    .shortdesc = "get the details of an md device",
    .longdesc = "Return what \"mdadm -D --export\" says about the md "
      "device MD, as key/value pairs with lowercase keys: usually "
      "level, devices, metadata, uuid and name, among others.",
    .tests = TESTS ({ "disks3", "x", "x" }),
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
    .tests = TESTS ({ "disks3", "x", "x" }),
  },
  {
    .name = "md_stop", .proc_nr = 644, .ret = R_ERR,
    .args = { { A_DEVICE, "md" } }, .optargs = NOOPTS,
    .shortdesc = "stop an md device",
    .longdesc = "Stop the software RAID array MD.  Its member devices "
      "keep their data and md metadata.",
    .tests = TESTS ({ "disks3", "x", "x" }),
  },
  {
    .name = "list_md_devices", .proc_nr = 645, .ret = R_STRINGLIST,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the Linux md (RAID) devices",
    .longdesc = "List the software RAID arrays, as /dev/mdN.",
    .tests = TESTS ({ "disks3", "list-md-devices\necho end", "end\n" }),
  },
  { .name = NULL }
};
