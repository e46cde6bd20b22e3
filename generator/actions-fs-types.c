/* guestkit — generator: API table, area "fs" (filesystem-specific).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the "fs" area's calls that belong to one filesystem
 * type: XFS (info, grow, admin, repair), btrfs (mkfs, subvolumes,
 * resize, sync) and NTFS (resize, fix, probe).  Their procedure numbers
 * come from the area's range 700..799 (actions-fs.c has the rest).
 */

#include <config.h>

#include "types.h"

#define NOOPTS { { O_NONE, NULL } }
#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }

#define PART "part-disk /dev/sda mbr\n"
#define UUID1 "01234567-89ab-cdef-0123-456789abcdef"
#define UUID_RE \
  "'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'"

const struct action actions_fs_types[] = {
  {
    .name = "xfs_info", .proc_nr = 730, .ret = R_STRUCT,
    .ret_struct = "xfsinfo",
    .args = { { A_DEV_OR_PATH, "pathordevice" } }, .optargs = NOOPTS,
    .shortdesc = "get geometry of XFS filesystem",
    .longdesc = "Return the geometry of the XFS filesystem on "
      "PATHORDEVICE, a device or a directory of a mounted XFS "
      "filesystem.  Fields the tool does not print are -1 (numbers) or "
      "empty (strings).",
    .tests = TESTS (
      { "none", PART "mkfs xfs /dev/sda1 blocksize:4096\n"
        "xfs-info /dev/sda1",
        "xfs_mntpoint: /dev/sda1\nxfs_inodesize: 512\nxfs_agcount: 4\n"
        "xfs_agsize: 8128\nxfs_sectsize: 512\nxfs_attr: 2\n"
        "xfs_blocksize: 4096\nxfs_datablocks: 32512\nxfs_imaxpct: 25\n"
        "xfs_sunit: 0\nxfs_swidth: 0\nxfs_dirversion: 2\n"
        "xfs_dirblocksize: 4096\nxfs_cimode: 0\nxfs_logname: internal\n"
        "xfs_logbsize: 4096\nxfs_logblocks: 1368\nxfs_logversion: 2\n"
        "xfs_logsectsize: 512\nxfs_logsunit: 0\nxfs_lazycount: 1\n"
        "xfs_rtname: none\nxfs_rtextsize: 4096\nxfs_rtblocks: 0\n"
        "xfs_rtextents: 0\n" },
      { "none", PART "mkfs xfs /dev/sda1\nmount /dev/sda1 /\nmkdir /d\n"
        "xfs-info /d | grep -E 'xfs_(mntpoint|blocksize|datablocks):'",
        "xfs_mntpoint: /d\nxfs_blocksize: 4096\nxfs_datablocks: 32512\n" },
      { "none", PART "mkfs xfs /dev/sda1\nmount /dev/sda1 /\n"
        "xfs-growfs / maxpct:40\nxfs-info /dev/sda1 | grep -E "
        "'xfs_(mntpoint|imaxpct):'",
        "xfs_mntpoint: /dev/sda1\nxfs_imaxpct: 40\n" },
      { "fs", "xfs-info /dev/sda1", "~xfs_info" }),
  },
  {
    .name = "xfs_growfs", .proc_nr = 731, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" } },
    .optargs = { { O_BOOL, "datasec" }, { O_BOOL, "logsec" },
                 { O_BOOL, "rtsec" }, { O_INT64, "datasize" },
                 { O_INT64, "logsize" }, { O_INT64, "rtsize" },
                 { O_INT64, "rtextsize" }, { O_INT, "maxpct" } },
    .shortdesc = "expand an existing XFS filesystem",
    .longdesc = "Grow the XFS filesystem mounted at PATH: DATASEC, LOGSEC "
      "and RTSEC grow that section to its device; DATASIZE, LOGSIZE and "
      "RTSIZE give the new sizes in filesystem blocks; RTEXTSIZE sets the "
      "realtime extent size and MAXPCT the share of space for inodes "
      "(see xfs_growfs(8)).",
    .tests = TESTS (
      { "none", PART "mkfs xfs /dev/sda1\nmount /dev/sda1 /\n"
        "xfs-growfs / datasec:true maxpct:30\n"
        "xfs-info / | grep -E 'xfs_(imaxpct|datablocks):'",
        "xfs_datablocks: 32512\nxfs_imaxpct: 30\n" },
      { "none", PART "mkfs xfs /dev/sda1\nmount /dev/sda1 /\n"
        "xfs-growfs / maxpct:101", "~between 0 and 100" }),
  },
  {
    .name = "xfs_admin", .proc_nr = 732, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } },
    .optargs = { { O_BOOL, "extunwritten" }, { O_BOOL, "imgfile" },
                 { O_BOOL, "v2log" }, { O_BOOL, "projid32bit" },
                 { O_BOOL, "lazycounter" }, { O_STRING, "label" },
                 { O_STRING, "uuid" } },
    .shortdesc = "change parameters of an XFS filesystem",
    .longdesc = "Change parameters of the unmounted XFS filesystem on "
      "DEVICE, as xfs_admin(8) does: EXTUNWRITTEN (-e), IMGFILE (-f), "
      "V2LOG (-j), PROJID32BIT (-p), LAZYCOUNTER (-c; version 5 "
      "filesystems cannot change it, and the tool then fails), LABEL (-L) "
      "and UUID (-U).",
    .tests = TESTS (
      { "none", PART "mkfs xfs /dev/sda1\nxfs-admin /dev/sda1 label:XADM "
        "uuid:" UUID1 " projid32bit:true v2log:true extunwritten:true "
        "lazycounter:true\nvfs-label /dev/sda1\nvfs-uuid /dev/sda1\n"
        "xfs-info /dev/sda1 | grep lazycount",
        "XADM\n" UUID1 "\nxfs_lazycount: 1\n" },
      { "none", PART "mkfs xfs /dev/sda1\n"
        "xfs-admin /dev/sda1 label:1234567890123", "~limited to 12" }),
  },
  {
    .name = "xfs_repair", .proc_nr = 733, .ret = R_INT,
    .args = { { A_DEVICE, "device" } },
    .optargs = { { O_BOOL, "forcelogzero" }, { O_BOOL, "nomodify" },
                 { O_BOOL, "noprefetch" }, { O_BOOL, "forcegeometry" },
                 { O_INT64, "maxmem" }, { O_INT64, "ihashsize" },
                 { O_INT64, "bhashsize" }, { O_INT64, "agstride" },
                 { O_STRING, "logdev" }, { O_STRING, "rtdev" } },
    .shortdesc = "repair an XFS filesystem",
    .longdesc = "Check and repair the unmounted XFS filesystem on DEVICE "
      "with xfs_repair(8): FORCELOGZERO (-L), NOMODIFY (-n, check only), "
      "NOPREFETCH (-P), FORCEGEOMETRY, MAXMEM (-m, MiB), IHASHSIZE, "
      "BHASHSIZE, AGSTRIDE, and the external LOGDEV and RTDEV.  Returns "
      "0 if no corruption was found, 1 if some was (with NOMODIFY).",
    .tests = TESTS (
      { "none", PART "mkfs xfs /dev/sda1\nxfs-repair /dev/sda1 nomodify:true"
        "\nxfs-repair /dev/sda1 noprefetch:true maxmem:256 agstride:2",
        "0\n0\n" },
      { "none", PART "mkfs ext4 /dev/sda1\nxfs-repair /dev/sda1 nomodify:true",
        "~not an XFS filesystem" }),
  },
  {
    .name = "mkfs_btrfs", .proc_nr = 734, .ret = R_ERR,
    .args = { { A_DEVICELIST, "devices" } },
    .optargs = { { O_INT64, "allocstart" }, { O_INT64, "bytecount" },
                 { O_STRING, "datatype" }, { O_INT, "leafsize" },
                 { O_STRING, "label" }, { O_STRING, "metadata" },
                 { O_INT, "nodesize" }, { O_INT, "sectorsize" } },
    .shortdesc = "create a btrfs filesystem",
    .longdesc = "Make a btrfs filesystem over the (non-empty) list "
      "DEVICES with mkfs.btrfs(8): BYTECOUNT (size per device), DATATYPE "
      "and METADATA (profiles), LABEL, NODESIZE (LEAFSIZE is its old "
      "name) and SECTORSIZE.  ALLOCSTART is no longer supported by the "
      "tool and is refused.",
    .tests = TESTS (
      { "none", "mkfs-btrfs /dev/sda label:BTR nodesize:16384 "
        "sectorsize:4096 datatype:single metadata:single\n"
        "vfs-type /dev/sda\nvfs-label /dev/sda", "btrfs\nBTR\n" },
      { "disks3", "mkfs-btrfs '/dev/sdb /dev/sdc'\nvfs-type /dev/sdb\n"
        "vfs-type /dev/sdc\nvfs-uuid /dev/sdb | grep -cE " UUID_RE,
        "btrfs\nbtrfs\n1\n" },
      { "none", "mkfs-btrfs /dev/sda allocstart:0", "~no longer supported" }),
  },
  {
    .name = "btrfs_subvolume_create", .proc_nr = 735, .ret = R_ERR,
    .args = { { A_PATHNAME, "dest" } },
    .optargs = { { O_STRING, "qgroupid" } },
    .flags = FL_ONCE_HAD_NO_OPTARGS,
    .fish_alias = "btrfs-subvolume-create-opts",
    .shortdesc = "create a btrfs subvolume",
    .longdesc = "Make a btrfs subvolume at DEST (/path/to/name), "
      "optionally added to the qgroup QGROUPID.",
    .tests = TESTS (
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\n"
        "btrfs-subvolume-create /sv1\nbtrfs-subvolume-create /sv1/inner\n"
        "btrfs-subvolume-create /../../escaped\n"
        "btrfs-subvolume-list /",
        "[0] = {\n  btrfssubvolume_id: 256\n"
        "  btrfssubvolume_top_level_id: 5\n  btrfssubvolume_path: sv1\n}\n"
        "[1] = {\n  btrfssubvolume_id: 257\n"
        "  btrfssubvolume_top_level_id: 256\n"
        "  btrfssubvolume_path: sv1/inner\n}\n"
        "[2] = {\n  btrfssubvolume_id: 258\n"
        "  btrfssubvolume_top_level_id: 5\n"
        "  btrfssubvolume_path: escaped\n}\n" },
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\n"
        "btrfs-subvolume-create /nodir/sv", "~No such file" }),
  },
  {
    .name = "btrfs_subvolume_delete", .proc_nr = 736, .ret = R_ERR,
    .args = { { A_PATHNAME, "subvolume" } }, .optargs = NOOPTS,
    .shortdesc = "delete a btrfs subvolume or snapshot",
    .longdesc = "Delete the btrfs subvolume or snapshot SUBVOLUME.",
    .tests = TESTS (
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\n"
        "btrfs-subvolume-create /a\nbtrfs-subvolume-create /b\n"
        "btrfs-subvolume-delete /a\nbtrfs-subvolume-list / | "
        "grep btrfssubvolume_path\nexists /a",
        "  btrfssubvolume_path: b\nfalse\n" },
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\nmkdir /plain\n"
        "btrfs-subvolume-delete /plain", "~btrfs" }),
  },
  {
    .name = "btrfs_subvolume_snapshot", .proc_nr = 737, .ret = R_ERR,
    .args = { { A_PATHNAME, "source" }, { A_PATHNAME, "dest" } },
    .optargs = { { O_BOOL, "ro" }, { O_STRING, "qgroupid" } },
    .flags = FL_ONCE_HAD_NO_OPTARGS,
    .fish_alias = "btrfs-subvolume-snapshot-opts",
    .shortdesc = "create a btrfs snapshot",
    .longdesc = "Snapshot the btrfs subvolume SOURCE as DEST "
      "(/path/to/name); read-only if RO is true, optionally added to the "
      "qgroup QGROUPID.",
    .tests = TESTS (
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\n"
        "btrfs-subvolume-create /src\nwrite /src/f hello\n"
        "btrfs-subvolume-snapshot /src /snap ro:true\n"
        "btrfs-subvolume-snapshot /src /snaprw\ncat /snap/f\n"
        "-write /snap/g x\nwrite /snaprw/g y\ncat /snaprw/g",
        "hello\nlibguestfs: error: write: /snap/g: Read-only file system\n"
        "y" }),
  },
  {
    .name = "btrfs_subvolume_list", .proc_nr = 738, .ret = R_STRUCTLIST,
    .ret_struct = "btrfssubvolume",
    .args = { { A_DEV_OR_PATH, "fs" } }, .optargs = NOOPTS,
    .shortdesc = "list btrfs snapshots and subvolumes",
    .longdesc = "List the subvolumes and snapshots of the btrfs "
      "filesystem FS (a directory where it is mounted, or its device), "
      "with their IDs, the ID of the subvolume holding each, and their "
      "paths.",
    .tests = TESTS (
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\n"
        "btrfs-subvolume-list /\nbtrfs-subvolume-create /x\n"
        "btrfs-subvolume-list /",
        "[0] = {\n  btrfssubvolume_id: 256\n"
        "  btrfssubvolume_top_level_id: 5\n  btrfssubvolume_path: x\n}\n" },
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\n"
        "btrfs-subvolume-create /y\numount /\n"
        "btrfs-subvolume-list /dev/sda | grep path",
        "  btrfssubvolume_path: y\n" },
      { "fs", "btrfs-subvolume-list /", "~btrfs" }),
  },
  {
    .name = "btrfs_subvolume_set_default", .proc_nr = 739, .ret = R_ERR,
    .args = { { A_INT64, "id" }, { A_PATHNAME, "fs" } }, .optargs = NOOPTS,
    .shortdesc = "set default btrfs subvolume",
    .longdesc = "Make the subvolume with the ID ID the one mounted by "
      "default from the btrfs filesystem mounted at FS.",
    .tests = TESTS (
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\n"
        "btrfs-subvolume-create /d\nwrite /d/inside yes\n"
        "btrfs-subvolume-set-default 256 /\nbtrfs-subvolume-get-default /\n"
        "umount /\nmount /dev/sda /\ncat /inside\n"
        "btrfs-subvolume-set-default 5 /\nbtrfs-subvolume-get-default /",
        "256\nyes\n5\n" },
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\n"
        "btrfs-subvolume-set-default 999 /", "~btrfs" }),
  },
  {
    .name = "btrfs_subvolume_get_default", .proc_nr = 740, .ret = R_INT64,
    .args = { { A_DEV_OR_PATH, "fs" } }, .optargs = NOOPTS,
    .shortdesc = "get the default subvolume or snapshot of a filesystem",
    .longdesc = "Return the ID of the default subvolume of the btrfs "
      "filesystem FS, a directory where it is mounted or its device (5 "
      "is the top level).",
    .tests = TESTS (
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\n"
        "btrfs-subvolume-get-default /", "5\n" },
      { "none", "mkfs-btrfs /dev/sda\nbtrfs-subvolume-get-default /dev/sda",
        "5\n" }),
  },
  {
    .name = "btrfs_filesystem_resize", .proc_nr = 741, .ret = R_ERR,
    .args = { { A_PATHNAME, "mountpoint" } },
    .optargs = { { O_INT64, "size" } },
    .shortdesc = "resize a btrfs filesystem",
    .longdesc = "Resize the btrfs filesystem mounted at MOUNTPOINT to "
      "SIZE bytes, or to its whole device if SIZE is not given.",
    .tests = TESTS (
      /* The kernel refuses sizes under 256 MiB, more than a test
       * disk: the call is seen to reach it. */
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\n"
        "btrfs-filesystem-resize / size:104857600",
        "~unable to resize .*Invalid argument" },
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\n"
        "btrfs-filesystem-resize / size:-5", "~size must be positive" }),
  },
  {
    .name = "btrfs_filesystem_sync", .proc_nr = 742, .ret = R_ERR,
    .args = { { A_PATHNAME, "fs" } }, .optargs = NOOPTS,
    .shortdesc = "sync a btrfs filesystem",
    .longdesc = "Force a sync of the btrfs filesystem mounted at FS.",
    .tests = TESTS (
      { "none", "mkfs-btrfs /dev/sda\nmount /dev/sda /\nwrite /f data\n"
        "btrfs-filesystem-sync /\ncat /f", "data" },
      { "fs", "btrfs-filesystem-sync /", "~btrfs" }),
  },
  {
    .name = "ntfsresize", .proc_nr = 743, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } },
    .optargs = { { O_INT64, "size" }, { O_BOOL, "force" } },
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "ntfsresize-opts",
    .shortdesc = "resize an NTFS filesystem",
    .longdesc = "Resize the NTFS filesystem on DEVICE to SIZE bytes, or "
      "to the size of the device.  A resized volume is marked for a "
      "consistency check by Windows, and a further resize then needs "
      "FORCE.",
    .tests = TESTS (
      { "none", PART "mkfs ntfs /dev/sda1\n"
        "ntfsresize /dev/sda1 size:67108864\n"
        "-ntfsresize /dev/sda1 size:50331648\n"
        "ntfsresize /dev/sda1 size:50331648 force:true\necho done",
        "libguestfs: error: ntfsresize: ntfsresize: Run chkdsk /f and "
        "please try again, or see option -f.\ndone\n" }),
  },
  {
    .name = "ntfsfix", .proc_nr = 744, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } },
    .optargs = { { O_BOOL, "clearbadsectors" } },
    .shortdesc = "fix common errors and force Windows to check NTFS",
    .longdesc = "Repair basic inconsistencies of the NTFS filesystem on "
      "DEVICE, reset its journal and schedule a check at the next "
      "Windows boot (not a full chkdsk).  CLEARBADSECTORS also empties "
      "the list of bad sectors.",
    .tests = TESTS (
      { "none", PART "mkfs ntfs /dev/sda1\nntfsfix /dev/sda1 "
        "clearbadsectors:true\nntfs-3g-probe true /dev/sda1", "0\n" },
      { "none", PART "mkfs ext4 /dev/sda1\nntfsfix /dev/sda1", "~ntfsfix" }),
  },
  {
    .name = "ntfs_3g_probe", .proc_nr = 745, .ret = R_INT,
    .args = { { A_BOOL, "rw" }, { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "probe NTFS volume",
    .longdesc = "Run ntfs-3g.probe(8) on DEVICE: returns 0 if the NTFS "
      "volume could be mounted (read-write if RW is true, else "
      "read-only), otherwise the tool's non-zero status.",
    .tests = TESTS (
      { "none", PART "mkfs ntfs /dev/sda1\nntfs-3g-probe true /dev/sda1\n"
        "ntfs-3g-probe false /dev/sda1\nmkfs ext4 /dev/sda1\n"
        "ntfs-3g-probe true /dev/sda1", "0\n0\n12\n" }),
  },
  { .name = NULL }
};
