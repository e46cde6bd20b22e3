/* guestkit — generator: API table, area "parted".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the "parted" area.  Daemon calls
 * of this area take procedure numbers 500..599 (append-only).
 * Tests are described in F<types.h> (struct test) and run by
 * F<tests/test-actions.sh>.
 */

#include <config.h>

#include "types.h"

#define NOOPTS { { O_NONE, NULL } }
#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }
#define DEV_PART { A_DEVICE, "device" }, { A_INT, "partnum" }

/* Two MBR partitions: 1 MiB at 1 MiB, then the rest. */
#define MBR2 "part-init /dev/sda mbr\npart-add /dev/sda p 2048 4095\n" \
  "part-add /dev/sda p 4096 -1\n"
/* Primary, extended, logical. */
#define MBR_PEL "part-init /dev/sda mbr\npart-add /dev/sda p 2048 4095\n" \
  "part-add /dev/sda e 4096 -1\npart-add /dev/sda l 6144 -1\n"
#define GUID_RE "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"

const struct action actions_parted[] = {
  {
    .name = "part_del", .proc_nr = 500, .ret = R_ERR,
    .args = { DEV_PART }, .optargs = NOOPTS,
    .shortdesc = "delete a partition",
    .longdesc = "Remove partition PARTNUM from the partition table of "
      "DEVICE.  On MBR, removing the extended partition removes the "
      "logical partitions inside it as well.",
    .tests = TESTS (
      { "none", MBR2 "part-del /dev/sda 1\nlist-partitions", "/dev/sda2\n" },
      { "none", MBR_PEL "part-del /dev/sda 2\nlist-partitions",
        "/dev/sda1\n" },
      { "none", MBR2 "part-del /dev/sda 3", "~error: part_del: .*" },
      { "none", MBR2 "part-del /dev/sda 0", "~out of range" }),
  },
  {
    .name = "part_resize", .proc_nr = 501, .ret = R_ERR,
    .args = { DEV_PART, { A_INT64, "endsect" } }, .optargs = NOOPTS,
    .shortdesc = "resize a partition",
    .longdesc = "Move the end of partition PARTNUM on DEVICE to sector "
      "ENDSECT (inclusive); its start does not move.  A filesystem "
      "inside is left alone: grow it after growing the partition, "
      "shrink it before shrinking the partition.",
    .tests = TESTS (
      { "none", "part-init /dev/sda gpt\npart-add /dev/sda p 2048 4095\n"
        "part-resize /dev/sda 1 8191\npart-list /dev/sda\n"
        "part-resize /dev/sda 1 3071\npart-list /dev/sda",
        "[0] = {\n  part_num: 1\n  part_start: 1048576\n"
        "  part_end: 4194303\n  part_size: 3145728\n}\n"
        "[0] = {\n  part_num: 1\n  part_start: 1048576\n"
        "  part_end: 1572863\n  part_size: 524288\n}\n" },
      { "none", "part-init /dev/sda gpt\npart-resize /dev/sda 1 8191",
        "~error: part_resize: " }),
  },
  {
    .name = "part_expand_gpt", .proc_nr = 502, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "move backup GPT header to the end of the disk",
    .longdesc = "After a disk with a GPT has grown, move the backup GPT "
      "header and table to the new end of the disk so that the space "
      "behind the old backup becomes usable (what \"sgdisk -e\" does).  "
      "DEVICE must have a GPT.",
    .tests = TESTS (
      { "none", "part-disk /dev/sda gpt\npart-expand-gpt /dev/sda\n"
        "part-get-parttype /dev/sda\npart-list /dev/sda",
        "gpt\n[0] = {\n  part_num: 1\n  part_start: 1048576\n"
        "  part_end: 134200831\n  part_size: 133152256\n}\n" },
      { "none", "part-disk /dev/sda mbr\npart-expand-gpt /dev/sda\n"
        "part-get-parttype /dev/sda",
        "libguestfs: error: part_expand_gpt: the partition "
        "table is msdos, not gpt\nmsdos\n" }),
  },
  {
    .name = "part_get_parttype", .proc_nr = 503, .ret = R_STRING,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get the partition table type",
    .longdesc = "Return the type of the partition table on DEVICE, as "
      "parted names it: \"msdos\" for MBR, \"gpt\" for GPT, and rarer "
      "ones (\"loop\" for a filesystem on the whole disk, ...).",
    .tests = TESTS (
      { "none", "part-init /dev/sda mbr\npart-get-parttype /dev/sda\n"
        "part-init /dev/sda gpt\npart-get-parttype /dev/sda",
        "msdos\ngpt\n" },
      { "disks3", "part-get-parttype /dev/sdb",
        "~error: part_get_parttype: .*unrecognised disk label" },
      { "disks3", "mkfs ext2 /dev/sdc\npart-get-parttype /dev/sdc",
        "loop\n" }),
  },
  {
    .name = "part_get_bootable", .proc_nr = 504, .ret = R_BOOL,
    .args = { DEV_PART }, .optargs = NOOPTS,
    .shortdesc = "return true if a partition is bootable",
    .longdesc = "Return true if partition PARTNUM of DEVICE has the "
      "bootable flag (on GPT: it is an EFI system partition).",
    .tests = TESTS (
      { "none", MBR2 "part-get-bootable /dev/sda 1\n"
        "part-set-bootable /dev/sda 2 true\n"
        "part-get-bootable /dev/sda 1\npart-get-bootable /dev/sda 2",
        "false\nfalse\ntrue\n" },
      { "none", MBR2 "part-get-bootable /dev/sda 7",
        "~error: part_get_bootable: partition 7 does not exist" }),
  },
  {
    .name = "part_set_bootable", .proc_nr = 505, .ret = R_ERR,
    .args = { DEV_PART, { A_BOOL, "bootable" } }, .optargs = NOOPTS,
    .shortdesc = "make a partition bootable",
    .longdesc = "Set (BOOTABLE true) or clear the bootable flag of "
      "partition PARTNUM on DEVICE.  Partitions count from 1.  Some "
      "firmware and operating systems look at this flag to find the "
      "partition to boot.",
    .tests = TESTS (
      { "none", MBR2 "part-set-bootable /dev/sda 1 true\n"
        "part-get-bootable /dev/sda 1\n"
        "part-set-bootable /dev/sda 1 false\n"
        "part-get-bootable /dev/sda 1", "true\nfalse\n" },
      { "none", "part-disk /dev/sda gpt\npart-set-bootable /dev/sda 1 true\n"
        "part-get-bootable /dev/sda 1\npart-get-gpt-type /dev/sda 1",
        "true\nC12A7328-F81F-11D2-BA4B-00A0C93EC93B\n" }),
  },
  {
    .name = "part_get_mbr_id", .proc_nr = 506, .ret = R_INT,
    .args = { DEV_PART }, .optargs = NOOPTS,
    .shortdesc = "get the MBR type byte (ID byte) from a partition",
    .longdesc = "Return the type byte (ID byte) of MBR partition "
      "PARTNUM on DEVICE, e.g. 131 (0x83) for a Linux partition.  "
      "Only MBR partitions have one: other table types are an error.",
    .tests = TESTS (
      { "none", MBR_PEL "part-get-mbr-id /dev/sda 1\n"
        "part-get-mbr-id /dev/sda 2\npart-get-mbr-id /dev/sda 5",
        "131\n15\n131\n" },
      { "none", "part-disk /dev/sda gpt\npart-get-mbr-id /dev/sda 1",
        "~not an MBR" },
      { "none", MBR2 "part-get-mbr-id /dev/sda 4",
        "~error: part_get_mbr_id: " }),
  },
  {
    .name = "part_set_mbr_id", .proc_nr = 507, .ret = R_ERR,
    .args = { DEV_PART, { A_INT, "idbyte" } }, .optargs = NOOPTS,
    .shortdesc = "set the MBR type byte (ID byte) of a partition",
    .longdesc = "Set the type byte (ID byte) of MBR partition PARTNUM "
      "on DEVICE to IDBYTE (0 to 255).  Type bytes are usually written "
      "in hexadecimal, so remember the 0x: 0x83 for Linux, 0x7 for "
      "NTFS.",
    .tests = TESTS (
      { "none", MBR2 "part-set-mbr-id /dev/sda 1 0x7\n"
        "part-set-mbr-id /dev/sda 2 130\n"
        "part-get-mbr-id /dev/sda 1\npart-get-mbr-id /dev/sda 2",
        "7\n130\n" },
      { "none", MBR2 "part-set-mbr-id /dev/sda 1 256", "~between 0 and 255" },
      { "none", "part-disk /dev/sda gpt\npart-set-mbr-id /dev/sda 1 7",
        "~not an MBR" }),
  },
  {
    .name = "part_get_name", .proc_nr = 508, .ret = R_STRING,
    .args = { DEV_PART }, .optargs = NOOPTS,
    .shortdesc = "get partition name",
    .longdesc = "Return the name of partition PARTNUM on DEVICE.  Only "
      "GPT partitions have names; other table types are an error.",
    .tests = TESTS (
      { "none", "part-init /dev/sda gpt\npart-add /dev/sda p 2048 4095\n"
        "part-get-name /dev/sda 1\npart-set-name /dev/sda 1 \"my root\"\n"
        "part-get-name /dev/sda 1", "primary\nmy root\n" },
      { "none", MBR2 "part-get-name /dev/sda 1", "~not gpt" },
      { "none", "part-disk /dev/sda gpt\npart-get-name /dev/sda 2",
        "~partition 2 does not exist" }),
  },
  {
    .name = "part_set_name", .proc_nr = 509, .ret = R_ERR,
    .args = { DEV_PART, { A_STRING, "name" } }, .optargs = NOOPTS,
    .shortdesc = "set partition name",
    .longdesc = "Set the name of partition PARTNUM on DEVICE to NAME "
      "(up to 36 characters).  Only GPT partitions have names; other "
      "table types are an error.",
    .tests = TESTS (
      { "none", "part-disk /dev/sda gpt\n"
        "part-set-name /dev/sda 1 \"-a b 'c\"\npart-get-name /dev/sda 1\n"
        "part-set-name /dev/sda 1 \"\"\npart-get-name /dev/sda 1\n"
        "echo end", "-a b 'c\n\nend\n" },
      { "none", "part-disk /dev/sda gpt\npart-set-name /dev/sda 1 "
        "0123456789012345678901234567890123456", "~name too long" },
      { "none", MBR2 "part-set-name /dev/sda 1 x", "~not gpt" }),
  },
  {
    .name = "part_get_gpt_type", .proc_nr = 510, .ret = R_STRING,
    .args = { DEV_PART }, .optargs = NOOPTS,
    .shortdesc = "get the type GUID of a GPT partition",
    .longdesc = "Return the partition type GUID of partition PARTNUM "
      "on DEVICE, in upper case.  For an MBR partition, return the "
      "GUID that corresponds to its type byte.",
    .tests = TESTS (
      { "none", "part-disk /dev/sda gpt\npart-get-gpt-type /dev/sda 1",
        "0FC63DAF-8483-4772-8E79-3D69D8477DE4\n" },
      { "none", MBR2 "part-set-mbr-id /dev/sda 1 0xef\n"
        "part-get-gpt-type /dev/sda 1\npart-get-gpt-type /dev/sda 2",
        "C12A7328-F81F-11D2-BA4B-00A0C93EC93B\n"
        "0FC63DAF-8483-4772-8E79-3D69D8477DE4\n" }),
  },
  {
    .name = "part_set_gpt_type", .proc_nr = 511, .ret = R_ERR,
    .args = { DEV_PART, { A_STRING, "guid" } }, .optargs = NOOPTS,
    .shortdesc = "set the type GUID of a GPT partition",
    .longdesc = "Set the partition type GUID of partition PARTNUM on "
      "DEVICE to GUID.  It is an error if DEVICE does not have a GPT or "
      "GUID is not of the form XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX.",
    .tests = TESTS (
      { "none", "part-disk /dev/sda gpt\n"
        "part-set-gpt-type /dev/sda 1 e6d6d379-f507-44c2-a23c-238f2a3df928\n"
        "part-get-gpt-type /dev/sda 1",
        "E6D6D379-F507-44C2-A23C-238F2A3DF928\n" },
      { "none", "part-disk /dev/sda gpt\n"
        "part-set-gpt-type /dev/sda 1 e6d6d379-f507-44c2-a23c-238f2a3df92\n"
        "part-set-gpt-type /dev/sda 1 e6d6d379xf507-44c2-a23c-238f2a3df928",
        "libguestfs: error: part_set_gpt_type: "
        "e6d6d379-f507-44c2-a23c-238f2a3df92: not a valid GUID\n"
        "libguestfs: error: part_set_gpt_type: "
        "e6d6d379xf507-44c2-a23c-238f2a3df928: not a valid GUID\n" },
      { "none", MBR2 "part-set-gpt-type /dev/sda 1 "
        "E6D6D379-F507-44C2-A23C-238F2A3DF928\npart-get-parttype /dev/sda",
        "libguestfs: error: part_set_gpt_type: the partition "
        "table is msdos, not gpt\nmsdos\n" },
      { "none", "part-disk /dev/sda gpt\npart-set-gpt-type /dev/sda 2 "
        "E6D6D379-F507-44C2-A23C-238F2A3DF928\nlist-partitions",
        "libguestfs: error: part_set_gpt_type: partition 2 does not "
        "exist\n/dev/sda1\n" }),
  },
  {
    .name = "part_get_gpt_guid", .proc_nr = 512, .ret = R_STRING,
    .args = { DEV_PART }, .optargs = NOOPTS,
    .shortdesc = "get the GUID of a GPT partition",
    .longdesc = "Return the unique GUID of GPT partition PARTNUM on "
      "DEVICE, in upper case.",
    .tests = TESTS (
      { "none", "part-disk /dev/sda gpt\npart-get-gpt-guid /dev/sda 1",
        "~^" GUID_RE "$" },
      { "none", MBR2 "part-get-gpt-guid /dev/sda 1", "~not gpt" }),
  },
  {
    .name = "part_set_gpt_guid", .proc_nr = 513, .ret = R_ERR,
    .args = { DEV_PART, { A_STRING, "guid" } }, .optargs = NOOPTS,
    .shortdesc = "set the GUID of a GPT partition",
    .longdesc = "Set the unique GUID of GPT partition PARTNUM on "
      "DEVICE to GUID.  It is an error if DEVICE does not have a GPT or "
      "GUID is not a valid GUID.",
    .tests = TESTS (
      { "none", "part-disk /dev/sda gpt\n"
        "part-set-gpt-guid /dev/sda 1 01234567-89ab-cdef-0123-456789abcdef\n"
        "part-get-gpt-guid /dev/sda 1",
        "01234567-89AB-CDEF-0123-456789ABCDEF\n" },
      { "none", "part-disk /dev/sda gpt\n"
        "part-set-gpt-guid /dev/sda 1 not-a-guid", "~not a valid GUID" }),
  },
  {
    .name = "part_get_gpt_attributes", .proc_nr = 514, .ret = R_INT64,
    .args = { DEV_PART }, .optargs = NOOPTS,
    .shortdesc = "get the attribute flags of a GPT partition",
    .longdesc = "Return the 64 attribute bits of GPT partition PARTNUM "
      "on DEVICE (bit 63 set makes the number negative).  MBR "
      "partitions are an error.",
    .tests = TESTS (
      { "none", "part-disk /dev/sda gpt\npart-get-gpt-attributes /dev/sda 1",
        "0\n" },
      { "none", MBR2 "part-get-gpt-attributes /dev/sda 1", "~not gpt" }),
  },
  {
    .name = "part_set_gpt_attributes", .proc_nr = 515, .ret = R_ERR,
    .args = { DEV_PART, { A_INT64, "attributes" } }, .optargs = NOOPTS,
    .shortdesc = "set the attribute flags of a GPT partition",
    .longdesc = "Set the 64 attribute bits of GPT partition PARTNUM on "
      "DEVICE to ATTRIBUTES (e.g. bit 0: required by the platform, bit "
      "2: legacy BIOS bootable).  It is an error if DEVICE does not have "
      "a GPT.",
    .tests = TESTS (
      { "none", "part-disk /dev/sda gpt\n"
        "part-set-gpt-attributes /dev/sda 1 4\n"
        "part-get-gpt-attributes /dev/sda 1\n"
        "part-set-gpt-attributes /dev/sda 1 -9223372036854775803\n"
        "part-get-gpt-attributes /dev/sda 1",
        "4\n-9223372036854775803\n" },
      { "none", MBR2 "part-set-gpt-attributes /dev/sda 1 4", "~not gpt" }),
  },
  {
    .name = "part_get_disk_guid", .proc_nr = 516, .ret = R_STRING,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get the GUID of a GPT-partitioned disk",
    .longdesc = "Return the disk GUID of DEVICE, which must have a GPT, "
      "in upper case.",
    .tests = TESTS (
      { "none", "part-disk /dev/sda gpt\npart-get-disk-guid /dev/sda",
        "~^" GUID_RE "$" },
      { "none", MBR2 "part-get-disk-guid /dev/sda", "~not gpt" }),
  },
  {
    .name = "part_set_disk_guid", .proc_nr = 517, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "guid" } },
    .optargs = NOOPTS,
    .shortdesc = "set the GUID of a GPT-partitioned disk",
    .longdesc = "Set the disk GUID of DEVICE to GUID.  It is an error "
      "if DEVICE does not have a GPT or GUID is not a valid GUID.",
    .tests = TESTS (
      { "none", "part-disk /dev/sda gpt\n"
        "part-set-disk-guid /dev/sda 11111111-2222-3333-4444-55555555aaaa\n"
        "part-get-disk-guid /dev/sda",
        "11111111-2222-3333-4444-55555555AAAA\n" },
      { "none", "part-disk /dev/sda gpt\n"
        "part-set-disk-guid /dev/sda 11111111-2222-3333-4444-55555555aaaaa",
        "~not a valid GUID" },
      { "none", MBR2 "part-set-disk-guid /dev/sda "
        "11111111-2222-3333-4444-55555555aaaa", "~not gpt" }),
  },
  {
    .name = "part_set_disk_guid_random", .proc_nr = 518, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "set the GUID of a GPT-partitioned disk to random value",
    .longdesc = "Give DEVICE, which must have a GPT, a new randomly "
      "generated disk GUID.",
    .tests = TESTS (
      /* The old GUID has "1" where a random (version 4) one has "4". */
      { "none", "part-disk /dev/sda gpt\n"
        "part-set-disk-guid /dev/sda 11111111-1111-1111-1111-111111111111\n"
        "part-set-disk-guid-random /dev/sda\npart-get-disk-guid /dev/sda",
        "~^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-"
        "[0-9A-F]{12}$" },
      { "none", MBR2 "part-set-disk-guid-random /dev/sda", "~not gpt" }),
  },
  {
    .name = "part_to_dev", .proc_nr = 519, .ret = R_STRING,
    .args = { { A_DEVICE, "partition" } }, .optargs = NOOPTS,
    .shortdesc = "convert partition name to device name",
    .longdesc = "Return the disk that PARTITION lies on: \"/dev/sdb\" "
      "for \"/dev/sdb1\".  PARTITION must exist and be a partition.",
    .tests = TESTS (
      { "none", MBR2 "part-to-dev /dev/sda2", "/dev/sda\n" },
      { "none", MBR2 "part-to-dev /dev/sda", "~not a partition" },
      { "none", MBR2 "part-to-dev /dev/sda9", "~error: part_to_dev: " }),
  },
  {
    .name = "part_to_partnum", .proc_nr = 520, .ret = R_INT,
    .args = { { A_DEVICE, "partition" } }, .optargs = NOOPTS,
    .shortdesc = "convert partition name to partition number",
    .longdesc = "Return the number of PARTITION on its disk: 1 for "
      "\"/dev/sdb1\".  PARTITION must exist and be a partition.",
    .tests = TESTS (
      { "none", MBR_PEL "part-to-partnum /dev/sda1\n"
        "part-to-partnum /dev/sda5", "1\n5\n" },
      { "none", MBR2 "part-to-partnum /dev/sda", "~not a partition" }),
  },
  {
    .name = "part_get_mbr_part_type", .proc_nr = 521, .ret = R_STRING,
    .args = { DEV_PART }, .optargs = NOOPTS,
    .shortdesc = "get the MBR partition type",
    .longdesc = "Return the kind of MBR partition PARTNUM on DEVICE: "
      "\"primary\", \"extended\" or \"logical\".  GPT partitions are "
      "all \"primary\".",
    .tests = TESTS (
      { "none", MBR_PEL "part-get-mbr-part-type /dev/sda 1\n"
        "part-get-mbr-part-type /dev/sda 2\n"
        "part-get-mbr-part-type /dev/sda 5",
        "primary\nextended\nlogical\n" },
      { "none", "part-disk /dev/sda gpt\npart-get-mbr-part-type /dev/sda 1",
        "primary\n" },
      { "none", MBR_PEL "part-get-mbr-part-type /dev/sda 6",
        "~error: part_get_mbr_part_type: " }),
  },
  { .name = NULL }
};
