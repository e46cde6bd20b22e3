/* guestkit — generator: API table, area "fs".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the "fs" area: making and
 * tuning filesystems (ext2/3/4, and mkfs/labels/UUIDs/checks of any
 * type) and swap; XFS, btrfs and NTFS specifics are in
 * F<actions-fs-types.c>.  Daemon calls of this area take
 * procedure numbers 700..799 (append-only).  Tests are described in
 * F<types.h> (struct test) and run by F<tests/test-actions.sh>.
 */

#include <config.h>

#include "types.h"

#define NOOPTS { { O_NONE, NULL } }
#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }

#define PART "part-disk /dev/sda mbr\n"
#define UUID1 "01234567-89ab-cdef-0123-456789abcdef"
#define UUID2 "fedcba98-7654-3210-fedc-ba9876543210"
#define UUID_RE \
  "'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'"

const struct action actions_fs[] = {
  {
    .name = "mke2fs", .proc_nr = 700, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } },
    .optargs = {
      { O_INT64, "blockscount" }, { O_INT64, "blocksize" },
      { O_INT64, "fragsize" }, { O_INT64, "blockspergroup" },
      { O_INT64, "numberofgroups" }, { O_INT64, "bytesperinode" },
      { O_INT64, "inodesize" }, { O_INT64, "journalsize" },
      { O_INT64, "numberofinodes" }, { O_INT64, "stridesize" },
      { O_INT64, "stripewidth" }, { O_INT64, "maxonlineresize" },
      { O_INT, "reservedblockspercentage" }, { O_INT, "mmpupdateinterval" },
      { O_STRING, "journaldevice" }, { O_STRING, "label" },
      { O_STRING, "lastmounteddir" }, { O_STRING, "creatoros" },
      { O_STRING, "fstype" }, { O_STRING, "usagetype" },
      { O_STRING, "uuid" }, { O_BOOL, "forcecreate" },
      { O_BOOL, "writesbandgrouponly" }, { O_BOOL, "lazyitableinit" },
      { O_BOOL, "lazyjournalinit" }, { O_BOOL, "testfs" },
      { O_BOOL, "discard" }, { O_BOOL, "quotatype" },
      { O_BOOL, "extent" }, { O_BOOL, "filetype" }, { O_BOOL, "flexbg" },
      { O_BOOL, "hasjournal" }, { O_BOOL, "journaldev" },
      { O_BOOL, "largefile" }, { O_BOOL, "quota" },
      { O_BOOL, "resizeinode" }, { O_BOOL, "sparsesuper" },
      { O_BOOL, "uninitbg" } },
    .shortdesc = "create an ext2/ext3/ext4 filesystem on device",
    .longdesc = "Make an ext2, ext3 or ext4 filesystem on DEVICE with "
      "mke2fs(8).  BLOCKSCOUNT is the size in blocks (default: the "
      "whole device).  The numeric options (block size, fragment size, "
      "blocks per group, flex group size NUMBEROFGROUPS, bytes per inode, "
      "inode size, journal size in MiB, number of inodes, RAID stride "
      "and stripe width, maximum online resize, reserved percentage, MMP "
      "update interval), the strings (external JOURNALDEVICE, LABEL, "
      "LASTMOUNTEDDIR, CREATOROS, FSTYPE, USAGETYPE, UUID) and the flags "
      "map to the mke2fs options of the same meaning; the feature flags "
      "(EXTENT, FILETYPE, FLEXBG, HASJOURNAL, JOURNALDEV, LARGEFILE, "
      "QUOTA, RESIZEINODE, SPARSESUPER, UNINITBG) turn the feature on "
      "when true and off when false.",
    .tests = TESTS (
      { "none", PART "mke2fs /dev/sda1 blocksize:4096 label:MKE fstype:ext4 "
        "inodesize:256 reservedblockspercentage:2\n"
        "vfs-type /dev/sda1\n"
        "tune2fs-l /dev/sda1 | grep -E '^(Filesystem volume name|Block "
        "count|Reserved block count|Block size|Inode size):'",
        "ext4\nFilesystem volume name: MKE\nBlock count: 32512\n"
        "Reserved block count: 650\nBlock size: 4096\nInode size: 256\n" },
      { "none", PART "mke2fs /dev/sda1 fstype:ext2 blockscount:65536 "
        "blocksize:1024 blockspergroup:8192 numberofinodes:4096 "
        "creatoros:Linux lastmounteddir:/mnt uuid:" UUID1 " "
        "usagetype:default sparsesuper:true largefile:false "
        "resizeinode:false forcecreate:true\n"
        "tune2fs-l /dev/sda1 | grep -E '^(Last mounted on|Filesystem "
        "UUID|Filesystem features|Filesystem OS type|Inode count|Block "
        "count|Blocks per group):'",
        "Last mounted on: /mnt\nFilesystem UUID: " UUID1 "\n"
        "Filesystem features: ext_attr dir_index filetype sparse_super\n"
        "Filesystem OS type: Linux\nInode count: 4096\n"
        "Block count: 65536\nBlocks per group: 8192\n" },
      { "none", PART "mke2fs /dev/sda1 fstype:ext4 journalsize:4 "
        "numberofgroups:16 stridesize:4 stripewidth:8 lazyitableinit:false "
        "lazyjournalinit:false testfs:true discard:false extent:true "
        "flexbg:true hasjournal:true quota:true uninitbg:false "
        "bytesperinode:16384 fragsize:4096 filetype:true\n"
        "tune2fs-l /dev/sda1 | grep -E '^(Filesystem flags|Inode count|"
        "RAID stride|RAID stripe width|Flex block group size):'\n"
        "tune2fs-l /dev/sda1 | grep -cE '^Filesystem features:.*"
        "has_journal.*extent.*flex_bg.*quota'",
        "Filesystem flags: signed_directory_hash test_filesystem\n"
        "Inode count: 8064\nRAID stride: 4\nRAID stripe width: 8\n"
        "Flex block group size: 16\n1\n" },
      { "none", PART "mke2fs /dev/sda1 fstype:ext4 maxonlineresize:1000000 "
        "mmpupdateinterval:10 quota:true quotatype:true\n"
        "tune2fs-l /dev/sda1 | grep -E '^(Reserved GDT blocks|User quota "
        "inode|Group quota inode):'\n"
        "mke2fs /dev/sda1 fstype:ext4 writesbandgrouponly:true "
        "forcecreate:true\n"
        "vfs-type /dev/sda1",
        "Reserved GDT blocks: 7\nUser quota inode: 3\n"
        "Group quota inode: 4\next4\n" },
      { "disks3", "mke2fs /dev/sdb journaldev:true blocksize:4096 uuid:"
        UUID2 "\nmke2fs /dev/sda fstype:ext4 blocksize:4096 "
        "journaldevice:/dev/sdb\n"
        "tune2fs-l /dev/sda | grep '^Journal UUID:'",
        "Journal UUID: " UUID2 "\n" },
      { "none", PART "mke2fs /dev/sda1 fstype:ext5", "~fstype must be" },
      { "none", PART "mke2fs /dev/sda1 blocksize:-1",
        "~must not be negative" }),
  },
  {
    .name = "mkswap", .proc_nr = 701, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } },
    .optargs = { { O_STRING, "label" }, { O_STRING, "uuid" } },
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "mkswap-opts",
    .shortdesc = "create a swap partition",
    .longdesc = "Write a Linux swap signature on DEVICE, with the "
      "optional LABEL (at most 16 bytes) and UUID.",
    .tests = TESTS (
      { "none", PART "mkswap /dev/sda1 label:SWAPL uuid:" UUID1 "\n"
        "vfs-type /dev/sda1\nvfs-label /dev/sda1\nvfs-uuid /dev/sda1",
        "swap\nSWAPL\n" UUID1 "\n" },
      { "none", PART "mkswap /dev/sda1 label:12345678901234567",
        "~limited to 16 bytes" }),
  },
  {
    .name = "mkswap_L", .deprecated_by = "mkswap", .proc_nr = 702, .ret = R_ERR,
    .args = { { A_STRING, "label" }, { A_DEVICE, "device" } },
    .optargs = NOOPTS,
    .shortdesc = "create a swap partition with a label",
    .longdesc = "Deprecated: use mkswap with the label optional argument.  "
      "Write a swap signature labelled LABEL on DEVICE.",
    .tests = TESTS ({ "none", PART "mkswap-L SWAPLL /dev/sda1\n"
      "vfs-type /dev/sda1\nvfs-label /dev/sda1", "swap\nSWAPLL\n" }),
  },
  {
    .name = "mkswap_U", .deprecated_by = "mkswap", .proc_nr = 703, .ret = R_ERR,
    .args = { { A_STRING, "uuid" }, { A_DEVICE, "device" } },
    .optargs = NOOPTS,
    .shortdesc = "create a swap partition with an explicit UUID",
    .longdesc = "Deprecated: use mkswap with the uuid optional argument.  "
      "Write a swap signature with the UUID UUID on DEVICE.",
    .tests = TESTS ({ "none", PART "mkswap-U " UUID2 " /dev/sda1\n"
      "vfs-type /dev/sda1\nvfs-uuid /dev/sda1", "swap\n" UUID2 "\n" }),
  },
  {
    .name = "mkswap_file", .proc_nr = 704, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "create a swap file",
    .longdesc = "Write a swap signature into the existing regular file "
      "PATH (make the file first, with its final size).",
    .tests = TESTS (
      { "fs", "mkdir /mkswap_file\nupload /bin/sh /mkswap_file/swap\n"
        "mkswap-file /mkswap_file/swap\nswapon-file /mkswap_file/swap\n"
        "swapoff-file /mkswap_file/swap\necho ok", "ok\n" },
      { "fs", "mkswap-file /mkswap_file_nonexistent", "~No such file" },
      { "fs", "mkswap-file /../../etc/passwd", "~No such file" },
      { "fs", "mkdir /mkswap_file_d\nmkswap-file /mkswap_file_d",
        "~not a regular file" }),
  },
  {
    .name = "swapon_device", .proc_nr = 705, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "enable swap on device",
    .longdesc = "Let the appliance swap on the swap device or partition "
      "DEVICE (made with mkswap).  Never use a guest's own swap: it may "
      "hold hibernation data.",
    .tests = TESTS (
      { "none", PART "mkswap /dev/sda1\nswapon-device /dev/sda1\n"
        "-swapon-device /dev/sda1\nswapoff-device /dev/sda1\necho done",
        "libguestfs: error: swapon_device: /dev/sda1: Device or resource "
        "busy\ndone\n" },
      { "none", PART "mkfs ext2 /dev/sda1\nswapon-device /dev/sda1",
        "~Invalid argument" }),
  },
  {
    .name = "swapoff_device", .proc_nr = 706, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "disable swap on device",
    .longdesc = "Stop the appliance swapping on DEVICE.",
    .tests = TESTS (
      { "none", PART "mkswap /dev/sda1\nswapon-device /dev/sda1\n"
        "swapoff-device /dev/sda1\n-swapoff-device /dev/sda1\necho done",
        "libguestfs: error: swapoff_device: /dev/sda1: Invalid argument\n"
        "done\n" }),
  },
  {
    .name = "swapon_file", .proc_nr = 707, .ret = R_ERR,
    .args = { { A_PATHNAME, "file" } }, .optargs = NOOPTS,
    .shortdesc = "enable swap on file",
    .longdesc = "Let the appliance swap on the guest file FILE (made "
      "with mkswap_file).",
    .tests = TESTS (
      { "fs", "mkdir /swapon_file\nupload /bin/sh /swapon_file/swap\n"
        "mkswap-file /swapon_file/swap\nswapon-file /swapon_file/swap\n"
        "-swapon-file /swapon_file/swap\nswapoff-file /swapon_file/swap\n"
        "echo done",
        "libguestfs: error: swapon_file: /swapon_file/swap: Device or "
        "resource busy\ndone\n" },
      { "fs", "swapon-file /swapon_file_missing", "~No such file" }),
  },
  {
    .name = "swapoff_file", .proc_nr = 708, .ret = R_ERR,
    .args = { { A_PATHNAME, "file" } }, .optargs = NOOPTS,
    .shortdesc = "disable swap on file",
    .longdesc = "Stop the appliance swapping on the guest file FILE.",
    .tests = TESTS (
      { "fs", "mkdir /swapoff_file\nupload /bin/sh /swapoff_file/swap\n"
        "mkswap-file /swapoff_file/swap\nswapon-file /swapoff_file/swap\n"
        "swapoff-file /swapoff_file/swap\n-swapoff-file /swapoff_file/swap\n"
        "echo done",
        "libguestfs: error: swapoff_file: /swapoff_file/swap: Invalid "
        "argument\ndone\n" }),
  },
  {
    .name = "swapon_label", .proc_nr = 709, .ret = R_ERR,
    .args = { { A_STRING, "label" } }, .optargs = NOOPTS,
    .shortdesc = "enable swap on labeled swap partition",
    .longdesc = "Let the appliance swap on the swap area labelled LABEL.",
    .tests = TESTS (
      { "none", PART "mkswap /dev/sda1 label:SWLON\nswapon-label SWLON\n"
        "-swapon-device /dev/sda1\nswapoff-label SWLON\necho done",
        "libguestfs: error: swapon_device: /dev/sda1: Device or resource "
        "busy\ndone\n" },
      { "none", "swapon-label NOSUCHLABEL", "~no swap area" }),
  },
  {
    .name = "swapoff_label", .proc_nr = 710, .ret = R_ERR,
    .args = { { A_STRING, "label" } }, .optargs = NOOPTS,
    .shortdesc = "disable swap on labeled swap partition",
    .longdesc = "Stop the appliance swapping on the swap area labelled "
      "LABEL.",
    .tests = TESTS (
      { "none", PART "mkswap /dev/sda1 label:SWLOFF\nswapon-device /dev/sda1\n"
        "swapoff-label SWLOFF\n-swapoff-device /dev/sda1\necho done",
        "libguestfs: error: swapoff_device: /dev/sda1: Invalid argument\n"
        "done\n" }),
  },
  {
    .name = "swapon_uuid", .proc_nr = 711, .ret = R_ERR,
    .args = { { A_STRING, "uuid" } }, .optargs = NOOPTS,
    .shortdesc = "enable swap on swap partition by UUID",
    .longdesc = "Let the appliance swap on the swap area with the UUID "
      "UUID.",
    .tests = TESTS (
      { "none", PART "mkswap /dev/sda1 uuid:" UUID1 "\nswapon-uuid " UUID1
        "\n-swapon-device /dev/sda1\nswapoff-uuid " UUID1 "\necho done",
        "libguestfs: error: swapon_device: /dev/sda1: Device or resource "
        "busy\ndone\n" },
      { "none", "swapon-uuid " UUID2, "~no swap area" }),
  },
  {
    .name = "swapoff_uuid", .proc_nr = 712, .ret = R_ERR,
    .args = { { A_STRING, "uuid" } }, .optargs = NOOPTS,
    .shortdesc = "disable swap on swap partition by UUID",
    .longdesc = "Stop the appliance swapping on the swap area with the "
      "UUID UUID.",
    .tests = TESTS (
      { "none", PART "mkswap /dev/sda1 uuid:" UUID2 "\n"
        "swapon-device /dev/sda1\nswapoff-uuid " UUID2 "\n"
        "-swapoff-device /dev/sda1\necho done",
        "libguestfs: error: swapoff_device: /dev/sda1: Invalid argument\n"
        "done\n" }),
  },
  {
    .name = "set_label", .proc_nr = 713, .ret = R_ERR,
    .args = { { A_MOUNTABLE, "mountable" }, { A_STRING, "label" } },
    .optargs = NOOPTS,
    .shortdesc = "set filesystem label",
    .longdesc = "Change the label of the filesystem on MOUNTABLE to "
      "LABEL.  Supported: ext2/3/4 (16 bytes), XFS (12 bytes, "
      "unmounted), btrfs (255 bytes), NTFS, FAT (11 bytes) and swap (16 "
      "bytes).  Other types fail with ENOTSUP.  vfs_label reads it.",
    .tests = TESTS (
      { "none", PART "mkfs ext4 /dev/sda1\nset-label /dev/sda1 EXTLABEL\n"
        "vfs-label /dev/sda1\nmkfs xfs /dev/sda1\n"
        "set-label /dev/sda1 XFSLABEL\nvfs-label /dev/sda1\n"
        "mkfs vfat /dev/sda1\nset-label /dev/sda1 FATLABEL\n"
        "vfs-label /dev/sda1\nmkswap /dev/sda1\n"
        "set-label /dev/sda1 SWAPLABEL\nvfs-label /dev/sda1",
        "EXTLABEL\nXFSLABEL\nFATLABEL\nSWAPLABEL\n" },
      { "none", "mkfs-btrfs /dev/sda\nset-label /dev/sda BTRFSLABEL\n"
        "vfs-label /dev/sda\nset-label /dev/sda -b\nvfs-label /dev/sda",
        "BTRFSLABEL\n-b\n" },
      { "none", PART "mkfs ntfs /dev/sda1\nset-label /dev/sda1 NTFSLABEL\n"
        "vfs-label /dev/sda1\nmkfs vfat /dev/sda1\n"
        "set-label /dev/sda1 -DASH\nvfs-label /dev/sda1",
        "NTFSLABEL\n-DASH\n" },
      { "none", PART "mkfs ext4 /dev/sda1\n"
        "set-label /dev/sda1 12345678901234567", "~limited to 16 bytes" },
      { "none", PART "mkfs xfs /dev/sda1\n"
        "set-label /dev/sda1 1234567890123", "~limited to 12 bytes" },
      { "none", PART "mkfs ntfs /dev/sda1\nset-label /dev/sda1 -n",
        "~cannot start with '-'" },
      { "none", PART "mkfs ext4 /dev/sda1\nset-label /dev/sda1 -E\n"
        "vfs-label /dev/sda1", "-E\n" }),
  },
  {
    .name = "set_uuid", .proc_nr = 714, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "uuid" } },
    .optargs = NOOPTS,
    .shortdesc = "set the filesystem UUID",
    .longdesc = "Change the UUID of the filesystem on DEVICE to UUID "
      "(ext2/3/4, XFS, btrfs and swap; other types fail with ENOTSUP).  "
      "vfs_uuid reads it.",
    .tests = TESTS (
      { "none", PART "mkfs ext4 /dev/sda1\nset-uuid /dev/sda1 " UUID1 "\n"
        "vfs-uuid /dev/sda1\nmkfs xfs /dev/sda1\n"
        "set-uuid /dev/sda1 " UUID2 "\nvfs-uuid /dev/sda1\n"
        "mkswap /dev/sda1\nset-uuid /dev/sda1 " UUID1 "\nvfs-uuid /dev/sda1",
        UUID1 "\n" UUID2 "\n" UUID1 "\n" },
      { "none", "mkfs-btrfs /dev/sda\nset-uuid /dev/sda " UUID2 "\n"
        "vfs-uuid /dev/sda", UUID2 "\n" },
      { "none", PART "mkfs vfat /dev/sda1\nset-uuid /dev/sda1 " UUID1,
        "~not supported" }),
  },
  {
    .name = "set_uuid_random", .proc_nr = 715, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "set a random UUID for the filesystem",
    .longdesc = "Give the filesystem on DEVICE a new random UUID "
      "(ext2/3/4, XFS, btrfs and swap; other types fail with ENOTSUP).",
    .tests = TESTS (
      { "none", PART "mkfs ext4 /dev/sda1\nset-uuid /dev/sda1 " UUID1 "\n"
        "set-uuid-random /dev/sda1\nvfs-uuid /dev/sda1 | grep -vc " UUID1
        "\nvfs-uuid /dev/sda1 | grep -cE " UUID_RE "\n"
        "mkswap /dev/sda1 uuid:" UUID1 "\nset-uuid-random /dev/sda1\n"
        "vfs-uuid /dev/sda1 | grep -vc " UUID1 "\n"
        "vfs-uuid /dev/sda1 | grep -cE " UUID_RE,
        "1\n1\n1\n1\n" }),
  },
  {
    .name = "vfs_minimum_size", .proc_nr = 716, .ret = R_INT64,
    .args = { { A_MOUNTABLE, "mountable" } }, .optargs = NOOPTS,
    .shortdesc = "get minimum filesystem size",
    .longdesc = "Return the smallest size in bytes the filesystem on "
      "MOUNTABLE could be shrunk to (ext2/3/4, NTFS and btrfs; other "
      "types fail with ENOTSUP).",
    .tests = TESTS (
      { "none", PART "mkfs ext4 /dev/sda1\nvfs-minimum-size /dev/sda1",
        "18432000\n" },
      { "none", PART "mkfs ntfs /dev/sda1\nvfs-minimum-size /dev/sda1",
        "2564096\n" },
      { "none", "mkfs-btrfs /dev/sda\nvfs-minimum-size /dev/sda | "
        "grep -cE '^[0-9]{7,9}$'", "1\n" },
      { "none", PART "mkfs xfs /dev/sda1\nvfs-minimum-size /dev/sda1",
        "~not supported" }),
  },
  {
    .name = "tune2fs", .proc_nr = 717, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } },
    .optargs = { { O_BOOL, "force" }, { O_INT, "maxmountcount" },
                 { O_INT, "mountcount" }, { O_STRING, "errorbehavior" },
                 { O_INT64, "group" }, { O_INT, "intervalbetweenchecks" },
                 { O_INT, "reservedblockspercentage" },
                 { O_STRING, "lastmounteddirectory" },
                 { O_INT64, "reservedblockscount" }, { O_INT64, "user" } },
    .shortdesc = "adjust ext2/ext3/ext4 filesystem parameters",
    .longdesc = "Change parameters of the ext2/3/4 filesystem on DEVICE, "
      "as tune2fs(8) does: FORCE (-f), MAXMOUNTCOUNT (-c), MOUNTCOUNT "
      "(-C), ERRORBEHAVIOR (-e: continue, remount-ro or panic), GROUP "
      "(-g, numeric), INTERVALBETWEENCHECKS in seconds (-i), "
      "RESERVEDBLOCKSPERCENTAGE (-m), LASTMOUNTEDDIRECTORY (-M), "
      "RESERVEDBLOCKSCOUNT (-r) and USER (-u, numeric).  tune2fs_l "
      "reads them back.",
    .tests = TESTS (
      { "none", PART "mkfs ext4 /dev/sda1\ntune2fs /dev/sda1 force:true "
        "maxmountcount:20 mountcount:5 errorbehavior:panic group:10 "
        "intervalbetweenchecks:86400 reservedblockspercentage:3 "
        "lastmounteddirectory:/foo user:20\n"
        "tune2fs-l /dev/sda1 | grep -E '^(Last mounted on|Errors behavior|"
        "Reserved block count|Mount count|Maximum mount count|Check "
        "interval|Reserved blocks [ug]id):' | sed 's/ (user.*//;s/ (group.*//'",
        "Last mounted on: /foo\nErrors behavior: Panic\n"
        "Reserved block count: 3901\nMount count: 5\n"
        "Maximum mount count: 20\nCheck interval: 86400 (1 day)\n"
        "Reserved blocks uid: 20\nReserved blocks gid: 10\n" },
      { "none", PART "mkfs ext4 /dev/sda1\ntune2fs /dev/sda1 "
        "reservedblockscount:1000\ntune2fs-l /dev/sda1 | grep "
        "'^Reserved block count:'", "Reserved block count: 1000\n" },
      { "none", PART "mkfs ext4 /dev/sda1\ntune2fs /dev/sda1 "
        "errorbehavior:explode", "~errorbehavior must be" }),
  },
  {
    .name = "tune2fs_l", .proc_nr = 718, .ret = R_HASHTABLE,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get ext2/ext3/ext4 superblock details",
    .longdesc = "Return the superblock fields of the ext2/3/4 filesystem "
      "on DEVICE as tune2fs -l prints them, as a list of alternating "
      "field names and values (the set of fields depends on the "
      "filesystem and the e2fsprogs version).",
    .tests = TESTS (
      { "fs", "tune2fs-l /dev/sda1 | grep -E '^(Filesystem magic number|"
        "Filesystem revision #|Block count|Block size):'",
        "Filesystem magic number: 0xEF53\n"
        "Filesystem revision #: 1 (dynamic)\nBlock count: 130048\n"
        "Block size: 1024\n" },
      { "none", "tune2fs-l /dev/sda", "~Bad magic number" }),
  },
  {
    .name = "resize2fs", .proc_nr = 719, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "resize an ext2, ext3 or ext4 filesystem",
    .longdesc = "Grow or shrink the ext2/3/4 filesystem on DEVICE to the "
      "size of the device.  resize2fs(8) may insist on a fresh check "
      "first (e2fsck with forceall or correct).",
    .tests = TESTS (
      { "none", PART "mke2fs /dev/sda1 fstype:ext4 blocksize:4096 "
        "blockscount:10000\nresize2fs /dev/sda1\n"
        "tune2fs-l /dev/sda1 | grep '^Block count:'",
        "Block count: 32512\n" },
      { "none", "resize2fs /dev/sda", "~resize2fs" }),
  },
  {
    .name = "resize2fs_size", .proc_nr = 720, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_INT64, "size" } },
    .optargs = NOOPTS,
    .shortdesc = "resize an ext2, ext3 or ext4 filesystem (with size)",
    .longdesc = "Like resize2fs, to SIZE bytes (a multiple of 1024).",
    .tests = TESTS (
      { "none", PART "mke2fs /dev/sda1 fstype:ext4 blocksize:4096\n"
        "resize2fs-size /dev/sda1 41943040\n"
        "tune2fs-l /dev/sda1 | grep '^Block count:'",
        "Block count: 10240\n" },
      { "none", PART "mkfs ext4 /dev/sda1\nresize2fs-size /dev/sda1 1000",
        "~multiple of 1024" }),
  },
  {
    .name = "resize2fs_M", .proc_nr = 721, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "resize an ext2, ext3 or ext4 filesystem to the minimum size",
    .longdesc = "Like resize2fs, shrinking the filesystem to its minimum "
      "size (block size times block count in tune2fs_l give the result).",
    .tests = TESTS (
      { "none", PART "mkfs ext4 /dev/sda1\nresize2fs-M /dev/sda1\n"
        "tune2fs-l /dev/sda1 | grep '^Block count:'",
        "Block count: 18000\n" }),
  },
  {
    .name = "e2fsck", .proc_nr = 722, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } },
    .optargs = { { O_BOOL, "correct" }, { O_BOOL, "forceall" } },
    .shortdesc = "check an ext2/ext3 filesystem",
    .longdesc = "Check the ext2/3/4 filesystem on DEVICE (always a full "
      "check).  CORRECT repairs what can safely be repaired (e2fsck -p); "
      "FORCEALL answers yes to every question (-y); the two exclude each "
      "other; with neither nothing is changed (-n).  Errors left "
      "unrepaired make the call fail.",
    .tests = TESTS (
      { "none", PART "mkfs ext4 /dev/sda1\ne2fsck /dev/sda1 correct:true\n"
        "e2fsck /dev/sda1 forceall:true\ne2fsck /dev/sda1\necho clean",
        "clean\n" },
      { "none", PART "mkfs ext4 /dev/sda1\n"
        "e2fsck /dev/sda1 correct:true forceall:true", "~only one of" },
      { "none", "e2fsck /dev/sda forceall:true", "~e2fsck" }),
  },
  {
    .name = "e2fsck_f", .deprecated_by = "e2fsck", .proc_nr = 723, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "check an ext2/ext3 filesystem",
    .longdesc = "Deprecated: use e2fsck.  Check the ext2/3/4 filesystem "
      "on DEVICE noninteractively (e2fsck -p -f).",
    .tests = TESTS (
      { "none", PART "mkfs ext2 /dev/sda1\ne2fsck-f /dev/sda1\necho clean",
        "clean\n" },
      { "none", "e2fsck-f /dev/sda", "~e2fsck" }),
  },
  {
    .name = "fsck", .proc_nr = 724, .ret = R_INT,
    .args = { { A_STRING, "fstype" }, { A_DEVICE, "device" } },
    .optargs = NOOPTS,
    .shortdesc = "run the filesystem checker",
    .longdesc = "Run fsck -a -t FSTYPE on DEVICE and return its exit "
      "status (see fsck(8): the codes add up, and a non-zero status may "
      "mean errors were corrected).",
    .tests = TESTS (
      { "none", PART "mkfs ext4 /dev/sda1\nfsck ext4 /dev/sda1", "0\n" },
      { "none", PART "mkfs ext4 /dev/sda1\nfsck 'ext4;x' /dev/sda1",
        "~invalid filesystem type" }),
  },
  {
    .name = "zerofree", .proc_nr = 725, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "zero unused inodes and disk blocks on ext2/3 filesystem",
    .longdesc = "Run zerofree(8) on the unmounted ext2/3 filesystem on "
      "DEVICE: its unused blocks and inodes are zeroed, so that the image "
      "compresses better.  Use only on a filesystem that is not mounted.",
    .tests = TESTS (
      { "none", PART "mkfs ext2 /dev/sda1\nmount /dev/sda1 /\n"
        "write /zf hello\numount /\nzerofree /dev/sda1\n"
        "mount /dev/sda1 /\ncat /zf", "hello" },
      { "fs", "zerofree /dev/sda1", "~mounted" }),
  },
  {
    .name = "get_e2attrs", .proc_nr = 726, .ret = R_STRING,
    .args = { { A_PATHNAME, "file" } }, .optargs = NOOPTS,
    .shortdesc = "get ext2 file attributes of a file",
    .longdesc = "Return the ext2/3/4 file attributes of FILE as a string "
      "of letters (empty if none): A no atime updates, a append only, c "
      "compressed, D synchronous directory updates, d no dump, E "
      "compression error, e extents, h huge file, I hashed directory, "
      "i immutable, j data journalling, s secure deletion, S synchronous "
      "updates, T top of a directory hierarchy, t no tail merging, u "
      "undeletable, X raw compressed data, Z compressed dirty file.  "
      "Only regular files and directories qualify; see chattr(1).",
    .tests = TESTS (
      { "fs", "touch /get_e2attrs\nget-e2attrs /get_e2attrs\n"
        "set-e2attrs /get_e2attrs Ad\nget-e2attrs /get_e2attrs", "\nAd\n" },
      { "fs", "get-e2attrs /get_e2attrs_missing", "~No such file" },
      { "fs", "get-e2attrs /../../../get_e2attrs_missing", "~No such file" }),
  },
  {
    .name = "set_e2attrs", .proc_nr = 727, .ret = R_ERR,
    .args = { { A_PATHNAME, "file" }, { A_STRING, "attrs" } },
    .optargs = { { O_BOOL, "clear" } },
    .shortdesc = "set ext2 file attributes of a file",
    .longdesc = "Set the ext2/3/4 file attributes ATTRS (letters as "
      "get_e2attrs returns them) on FILE, or clear them if CLEAR is "
      "true; the other attributes are left as they are.",
    .tests = TESTS (
      { "fs", "touch /set_e2attrs\nset-e2attrs /set_e2attrs ai\n"
        "get-e2attrs /set_e2attrs\n-write /set_e2attrs x\n"
        "set-e2attrs /set_e2attrs i clear:true\nget-e2attrs /set_e2attrs\n"
        "set-e2attrs /set_e2attrs a clear:true\nget-e2attrs /set_e2attrs",
        "ai\nlibguestfs: error: write: /set_e2attrs: Operation not "
        "permitted\na\n\n" },
      { "fs", "touch /set_e2attrs2\nset-e2attrs /set_e2attrs2 Q",
        "~unknown file attribute" }),
  },
  {
    .name = "get_e2generation", .proc_nr = 728, .ret = R_INT64,
    .args = { { A_PATHNAME, "file" } }, .optargs = NOOPTS,
    .shortdesc = "get ext2 file generation of a file",
    .longdesc = "Return the generation number of the inode of FILE on "
      "an ext2/3/4 filesystem (used by NFS servers).",
    .tests = TESTS (
      { "fs", "touch /get_e2gen\nset-e2generation /get_e2gen 4294967295\n"
        "get-e2generation /get_e2gen", "4294967295\n" },
      { "fs", "get-e2generation /get_e2gen_missing", "~No such file" }),
  },
  {
    .name = "set_e2generation", .proc_nr = 729, .ret = R_ERR,
    .args = { { A_PATHNAME, "file" }, { A_INT64, "generation" } },
    .optargs = NOOPTS,
    .shortdesc = "set ext2 file generation of a file",
    .longdesc = "Set the generation number of the inode of FILE (0 to "
      "2^32-1).",
    .tests = TESTS (
      { "fs", "touch /set_e2gen\nset-e2generation /set_e2gen 123456\n"
        "get-e2generation /set_e2gen", "123456\n" },
      { "fs", "touch /set_e2gen2\nset-e2generation /set_e2gen2 -1",
        "~between 0 and" }),
  },
  {
    .name = "wipefs", .proc_nr = 746, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "wipe a filesystem signature from a device",
    .longdesc = "Erase the filesystem, RAID or partition table "
      "signatures on DEVICE so that blkid no longer sees them; the rest "
      "of the data is left as it is.",
    .tests = TESTS (
      { "none", PART "mkfs ext4 /dev/sda1\nvfs-type /dev/sda1\n"
        "wipefs /dev/sda1\nvfs-type /dev/sda1\necho end", "ext4\n\nend\n" }),
  },
  {
    .name = "fstrim", .proc_nr = 747, .ret = R_ERR,
    .args = { { A_PATHNAME, "mountpoint" } },
    .optargs = { { O_INT64, "offset" }, { O_INT64, "length" },
                 { O_INT64, "minimumfreeextent" } },
    .shortdesc = "trim free space in a filesystem",
    .longdesc = "Discard the free space of the filesystem mounted at "
      "MOUNTPOINT (read-write), so the disk image can become sparser.  "
      "OFFSET and LENGTH limit the byte range searched, "
      "MINIMUMFREEEXTENT skips smaller free extents.  Filesystems or "
      "devices without support fail (ENOTSUP for FAT).",
    .tests = TESTS (
      { "fs", "fstrim /\nfstrim / offset:0 length:1048576 "
        "minimumfreeextent:4096\necho ok", "ok\n" },
      { "fs", "fstrim / offset:-1", "~must not be negative" },
      { "fs", "fstrim /fstrim_missing", "~No such file" }),
  },
  {
    .name = "filesystem_available", .proc_nr = 748, .ret = R_BOOL,
    .args = { { A_STRING, "filesystem" } }, .optargs = NOOPTS,
    .flags = FL_NO_ROOT,
    .shortdesc = "check if filesystem is available",
    .longdesc = "Return true if the appliance kernel supports the "
      "filesystem type FILESYSTEM (for example \"ext3\"), loading its "
      "module if needed.  True does not promise a given filesystem can be "
      "mounted; false is the useful answer.",
    .tests = TESTS (
      { "none", "filesystem-available ext4\nfilesystem-available xfs\n"
        "filesystem-available btrfs\nfilesystem-available nosuchfs",
        "true\ntrue\ntrue\nfalse\n" },
      { "none", "filesystem-available ../x", "~invalid filesystem name" }),
  },
  {
    .name = "set_e2label", .deprecated_by = "set_label", .proc_nr = 749, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "label" } },
    .optargs = NOOPTS,
    .shortdesc = "set the ext2/3/4 filesystem label",
    .longdesc = "Deprecated: use set_label.  Set the label of the "
      "ext2/3/4 filesystem on DEVICE (at most 16 bytes).",
    .tests = TESTS (
      { "fs", "set-e2label /dev/sda1 E2LABEL\nget-e2label /dev/sda1\n"
        "vfs-label /dev/sda1", "E2LABEL\nE2LABEL\n" },
      { "fs", "set-e2label /dev/sda1 12345678901234567", "~limited to 16" }),
  },
  {
    .name = "get_e2label", .deprecated_by = "vfs_label", .proc_nr = 750, .ret = R_STRING,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get the ext2/3/4 filesystem label",
    .longdesc = "Deprecated: use vfs_label.  Return the label of the "
      "filesystem on DEVICE.",
    .tests = TESTS (
      { "none", PART "mkfs ext4 /dev/sda1 label:GETE2\nget-e2label /dev/sda1",
        "GETE2\n" }),
  },
  {
    .name = "set_e2uuid", .deprecated_by = "set_uuid", .proc_nr = 751, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "uuid" } },
    .optargs = NOOPTS,
    .shortdesc = "set the ext2/3/4 filesystem UUID",
    .longdesc = "Deprecated: use set_uuid.  Set the UUID of the ext2/3/4 "
      "filesystem on DEVICE to UUID, or to a new one with \"clear\", "
      "\"random\" or \"time\" (see tune2fs(8)).",
    .tests = TESTS (
      { "none", PART "mkfs ext4 /dev/sda1\nset-e2uuid /dev/sda1 " UUID2 "\n"
        "get-e2uuid /dev/sda1\nset-e2uuid /dev/sda1 random\n"
        "get-e2uuid /dev/sda1 | grep -vc " UUID2, UUID2 "\n1\n" },
      { "none", PART "mkfs ext4 /dev/sda1\nset-e2uuid /dev/sda1 not-a-uuid",
        "~tune2fs" }),
  },
  {
    .name = "get_e2uuid", .deprecated_by = "vfs_uuid", .proc_nr = 752, .ret = R_STRING,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get the ext2/3/4 filesystem UUID",
    .longdesc = "Deprecated: use vfs_uuid.  Return the UUID of the "
      "filesystem on DEVICE.",
    .tests = TESTS (
      { "none", PART "mke2fs /dev/sda1 uuid:" UUID1 "\nget-e2uuid /dev/sda1",
        UUID1 "\n" }),
  },
  { .name = NULL }
};
