/* guestkit — generator: API table, host disk image calls.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the library calls (proc_nr 0)
 * that create and inspect host disk images: disk_create, disk_format,
 * disk_virtual_size and disk_has_backing_file.  They are implemented
 * in F<library/disk-create.c> and F<library/disk-probe.c>, without
 * running qemu-img (the tests use it to check the images).
 */

#include <config.h>

#include "types.h"

#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }

#define NOOPTS { { O_NONE, NULL } }

const struct action actions_lib_diskimg[] = {
  {
    .name = "disk_create", .ret = R_ERR,
    .args = { { A_STRING, "filename" }, { A_STRING, "format" },
              { A_INT64, "size" } },
    .optargs = { { O_STRING, "backingfile" }, { O_STRING, "backingformat" },
                 { O_STRING, "preallocation" }, { O_STRING, "compat" },
                 { O_INT, "clustersize" } },
    .shortdesc = "create a blank disk image",
    .longdesc =
      "Make the host file FILENAME a new, empty disk image of SIZE bytes "
      "in FORMAT, \"raw\" or \"qcow2\"; an existing file is overwritten. "
      "If FILENAME is a block device, it is written in place and SIZE "
      "only sets the virtual size of a qcow2 header.\n\n"
      "BACKINGFILE (qcow2 only): make the image a snapshot of this file, "
      "named relative to the directory of FILENAME unless absolute.  "
      "Pass SIZE as -1 to take the size of the backing file.  "
      "BACKINGFORMAT records its format (\"raw\", \"qcow2\", ...); giving "
      "it is recommended.\n\n"
      "PREALLOCATION: \"off\" or \"sparse\" (the default), or for raw "
      "images \"full\" (or \"falloc\") to allocate every block now.\n\n"
      "COMPAT (qcow2 only): \"1.1\" (the default, qcow2 version 3) or "
      "\"0.10\" (version 2, for old versions of qemu).\n\n"
      "CLUSTERSIZE (qcow2 only): a power of two from 512 to 2097152; the "
      "default is 65536.\n\n"
      "The new image is not added to the handle: use add_drive for that.",
    .tests = TESTS (
      { "config", "disk-create new.qcow2 qcow2 64M\ndisk-format new.qcow2\n"
        "disk-virtual-size new.qcow2\ndisk-has-backing-file new.qcow2\n"
        "!qemu-img check -q new.qcow2 && echo clean\n"
        "!qemu-img info --output=json new.qcow2 | grep -c '\"virtual-size\": 67108864'\n"
        "!qemu-img info new.qcow2 | grep compat",
        "qcow2\n67108864\nfalse\nclean\n1\n    compat: 1.1\n" },
      { "config", "disk-create v2.qcow2 qcow2 1G compat:0.10 clustersize:512\n"
        "disk-virtual-size v2.qcow2\n!qemu-img check -q v2.qcow2 && echo clean\n"
        "!qemu-img info v2.qcow2 | grep -E 'compat|cluster_size'",
        "1073741824\nclean\ncluster_size: 512\n    compat: 0.10\n" },
      { "config", "disk-create big.qcow2 qcow2 2T clustersize:2097152\n"
        "disk-virtual-size big.qcow2\n!qemu-img check -q big.qcow2 && echo clean",
        "2199023255552\nclean\n" },
      { "config", "disk-create many.qcow2 qcow2 20G clustersize:512\n"
        "!qemu-img check -q many.qcow2 && echo clean", "clean\n" },
      { "config", "disk-create e.qcow2 qcow2 1M clustersize:512 backingfile:"
        "0123456789012345678901234567890123456789012345678901234567890123456789"
        "0123456789012345678901234567890123456789012345678901234567890123456789"
        "0123456789012345678901234567890123456789012345678901234567890123456789"
        "0123456789012345678901234567890123456789012345678901234567890123456789"
        "0123456789012345678901234567890123456789012345678901234567890123456789"
        "0123456789012345678901234567890123456789012345678901234567890123456789",
        "~backing file name too long" },
      { "config", "disk-create odd.qcow2 qcow2 1000\ndisk-virtual-size odd.qcow2\n"
        "!qemu-img check -q odd.qcow2 && echo clean",
        "1024\nclean\n" },
      { "config", "disk-create base.qcow2 qcow2 32M\n"
        "disk-create top.qcow2 qcow2 -1 backingfile:base.qcow2 backingformat:qcow2\n"
        "disk-virtual-size top.qcow2\ndisk-has-backing-file top.qcow2\n"
        "!qemu-img check -q top.qcow2 && echo clean\n"
        "!qemu-img info top.qcow2 | grep -E '^backing file'",
        "33554432\ntrue\nclean\nbacking file: base.qcow2\nbacking file format: qcow2\n" },
      { "config", "disk-create snap.qcow2 qcow2 -1 backingfile:disk.img\n"
        "disk-virtual-size snap.qcow2\n!qemu-img check -q snap.qcow2 && echo clean",
        "16777216\nclean\n" },
      { "config", "disk-create d.qcow2 qcow2 64M\nadd-drive d.qcow2 format:qcow2\n"
        "run\nblockdev-getsize64 /dev/sda\npart-disk /dev/sda mbr\n"
        "mkfs ext2 /dev/sda1\nmount /dev/sda1 /\nwrite /f x\ncat /f\n"
        "umount-all\nshutdown\n!qemu-img check -q d.qcow2 && echo clean",
        "67108864\nx\nclean\n" },
      { "config", "disk-create new.raw raw 10M\ndisk-format new.raw\n"
        "disk-virtual-size new.raw\n!du -k new.raw | cut -f1",
        "raw\n10485760\n0\n" },
      { "config", "disk-create full.raw raw 1M preallocation:full\n"
        "disk-virtual-size full.raw\n!du -k full.raw | cut -f1",
        "1048576\n1024\n" },
      { "config", "disk-create e.img vmdk 1M", "~e.img: unsupported format" },
      { "config", "disk-create e.img raw -5", "~e.img: invalid size" },
      { "config", "disk-create e.qcow2 qcow2 1M clustersize:1000", "~power of two" },
      { "config", "disk-create e.qcow2 qcow2 1M compat:2.0", "~compat must be" },
      { "config", "disk-create e.raw raw 1M preallocation:metadata", "~preallocation" },
      { "config", "disk-create e.raw raw 1M backingfile:disk.img", "~only for qcow2" },
      { "config", "disk-create e.qcow2 qcow2 -1 backingfile:missing.img",
        "~missing.img: No such file" },
      { "config", "disk-create nodir/e.img raw 1M", "~nodir/e.img: No such file" }),
  },
  {
    .name = "disk_format", .ret = R_STRING,
    .args = { { A_STRING, "filename" } }, .optargs = NOOPTS,
    .shortdesc = "detect the disk format of a disk image",
    .longdesc =
      "Read the header of the host file or device FILENAME and return its "
      "format: \"qcow2\", \"raw\" (anything not recognised as something "
      "else), the name of another format recognised by its signature "
      "(\"vmdk\", \"vdi\", \"vhdx\", \"vpc\", \"qed\", \"luks\"), or "
      "\"unknown\" for a qcow2 header of an unknown version.\n\n"
      "A disk image from an untrusted source can claim any format; only "
      "the header is read and a backing file is never opened.",
    .tests = TESTS (
      { "config", "disk-format disk.img", "raw\n" },
      { "config", "disk-create f.qcow2 qcow2 1M\ndisk-format f.qcow2\n"
        "!qemu-img create -q -f vmdk f.vmdk 1M\ndisk-format f.vmdk",
        "qcow2\nvmdk\n" },
      { "config", "!printf 'QFI\\373\\000\\000\\000\\011' > v9.img\ndisk-format v9.img",
        "unknown\n" },
      { "config", "!touch empty.img\ndisk-format empty.img", "raw\n" },
      { "config", "disk-format missing.img", "~missing.img: No such file" },
      { "config", "!mkdir dir\ndisk-format dir", "~dir: not a regular file" }),
  },
  {
    .name = "disk_virtual_size", .ret = R_INT64,
    .args = { { A_STRING, "filename" } }, .optargs = NOOPTS,
    .shortdesc = "return virtual size of a disk",
    .longdesc =
      "Return the size in bytes of the disk that the host image FILENAME "
      "holds: the file's size for a raw image, the size recorded in the "
      "header for qcow2.  Other formats are refused.",
    .tests = TESTS (
      { "config", "disk-virtual-size disk.img", "16777216\n" },
      { "config", "!qemu-img create -q -f qcow2 q.qcow2 300M\ndisk-virtual-size q.qcow2",
        "314572800\n" },
      { "config", "!printf 'QFI\\373\\000\\000\\000\\003' > short.img\n"
        "disk-virtual-size short.img", "~short.img: invalid qcow2 header" },
      { "config", "!qemu-img create -q -f vmdk f.vmdk 1M\ndisk-virtual-size f.vmdk",
        "~cannot read the size of a vmdk image" },
      { "config", "disk-virtual-size missing.img", "~missing.img: No such file" }),
  },
  {
    .name = "disk_has_backing_file", .ret = R_BOOL,
    .args = { { A_STRING, "filename" } }, .optargs = NOOPTS,
    .shortdesc = "return whether disk has a backing file",
    .longdesc =
      "Return true if the header of the host image FILENAME names a "
      "backing file (only qcow2 images can).  The backing file itself is "
      "not opened.",
    .tests = TESTS (
      { "config", "disk-has-backing-file disk.img", "false\n" },
      { "config", "!qemu-img create -q -f qcow2 -b disk.img -F raw o.qcow2\n"
        "disk-has-backing-file o.qcow2", "true\n" },
      { "config", "disk-has-backing-file missing.img", "~missing.img: No such file" }),
  },
  { .name = NULL }
};
