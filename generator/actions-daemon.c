/* guestkit — generator: API table, calls served by the daemon.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the calls that run in the
 * appliance (proc_nr > 0).  Procedure numbers are append-only.
 *
 * Tests: PREP "none" is one blank 128 MiB disk /dev/sda; "fs" is
 * /dev/sda1 (ext2, MBR) mounted on /; "lvfs" is /dev/sda1 a PV in VG
 * "VG" with LV "LV" (ext2, 64 MiB) mounted on /.  Tests that share a
 * prep share one appliance, so each test uses its own paths.
 */

#include <config.h>

#include "types.h"

#define NOARGS { { A_NONE, NULL } }
#define NOOPTS { { O_NONE, NULL } }
#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }

const struct action actions_daemon[] = {
  {
    .name = "ping_daemon", .proc_nr = 1, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "ping the guest daemon",
    .longdesc = "Send a no-op message to the daemon and wait for the "
      "answer: a check that the appliance is alive.",
    .tests = TESTS ({ "none", "ping-daemon\necho ok", "ok\n" }),
  },
  {
    .name = "echo_daemon", .proc_nr = 2, .ret = R_STRING,
    .args = { { A_STRINGLIST, "words" } }, .optargs = NOOPTS,
    .shortdesc = "echo arguments back to the client",
    .longdesc = "Join WORDS with single spaces and return the result; "
      "it tests the round trip through the daemon.",
    .tests = TESTS ({ "none", "echo-daemon \"a 'b  c'\"", "a b  c\n" }),
  },
  {
    .name = "list_devices", .proc_nr = 3, .ret = R_STRINGLIST,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the block devices",
    .longdesc = "List the disks added to the handle, in order, as "
      "/dev/sda, /dev/sdb, ...  The appliance's own disk is never "
      "listed.",
    .tests = TESTS ({ "none", "list-devices", "/dev/sda\n" }),
  },
  {
    .name = "list_partitions", .proc_nr = 4, .ret = R_STRINGLIST,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the partitions",
    .longdesc = "List the partitions of all added disks, sorted, as "
      "/dev/sda1, /dev/sda2, ...",
    .tests = TESTS ({ "fs", "list-partitions", "/dev/sda1\n" }),
  },
  {
    .name = "list_filesystems", .proc_nr = 5, .ret = R_HASHTABLE,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list filesystems",
    .longdesc = "Look at every device, partition and logical volume and "
      "return a map from each to the filesystem type found on it "
      "(\"unknown\" if none was recognised, \"swap\" for swap).  "
      "Partitioned disks and LVM physical volumes are left out.  Each "
      "btrfs subvolume other than the default one is listed too, as "
      "C<btrfsvol:DEVICE/SUBVOLUME> (a mountable: mount, vfs_type and "
      "mountable_device take it).",
    .tests = TESTS ({ "fs", "list-filesystems", "/dev/sda1: ext2\n" },
                    { "lvfs", "list-filesystems", "/dev/VG/LV: ext2\n" }),
  },
  {
    .name = "vfs_type", .proc_nr = 6, .ret = R_STRING,
    .args = { { A_MOUNTABLE, "mountable" } }, .optargs = NOOPTS,
    .shortdesc = "get the Linux VFS type corresponding to a mounted device",
    .longdesc = "Return the filesystem type found on MOUNTABLE "
      "(\"ext4\", \"xfs\", \"vfat\", ...), as blkid reports it.",
    .tests = TESTS ({ "fs", "vfs-type /dev/sda1", "ext2\n" }),
  },
  {
    .name = "vfs_label", .proc_nr = 7, .ret = R_STRING,
    .args = { { A_MOUNTABLE, "mountable" } }, .optargs = NOOPTS,
    .shortdesc = "get the filesystem label",
    .longdesc = "Return the label of the filesystem on MOUNTABLE, or "
      "an empty string if it has none.",
    .tests = TESTS ({ "none",
      "part-disk /dev/sda mbr\nmkfs ext4 /dev/sda1 label:ROOTFS\n"
      "vfs-label /dev/sda1", "ROOTFS\n" }),
  },
  {
    .name = "vfs_uuid", .proc_nr = 8, .ret = R_STRING,
    .args = { { A_MOUNTABLE, "mountable" } }, .optargs = NOOPTS,
    .shortdesc = "get the filesystem UUID",
    .longdesc = "Return the UUID of the filesystem on MOUNTABLE, or an "
      "empty string if it has none.",
    .tests = TESTS ({ "none",
      "part-disk /dev/sda mbr\nmkfs ext4 /dev/sda1\nvfs-uuid /dev/sda1 "
      "| grep -cE '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'",
      "1\n" }),
  },
  {
    .name = "blockdev_getsize64", .proc_nr = 9, .ret = R_INT64,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get total size of device in bytes",
    .longdesc = "Return the size of DEVICE in bytes.",
    .tests = TESTS ({ "none", "blockdev-getsize64 /dev/sda", "134217728\n" }),
  },
  {
    .name = "part_init", .proc_nr = 10, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "parttype" } },
    .optargs = NOOPTS,
    .shortdesc = "create an empty partition table",
    .longdesc = "Write a new, empty partition table of type PARTTYPE "
      "(\"mbr\" or \"msdos\", \"gpt\") on DEVICE, destroying the old "
      "one.",
    .tests = TESTS ({ "none",
      "part-init /dev/sda gpt\npart-add /dev/sda p 64 2047\n"
      "part-add /dev/sda p 2048 -64\nlist-partitions",
      "/dev/sda1\n/dev/sda2\n" }),
  },
  {
    .name = "part_add", .proc_nr = 11, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "prlogex" },
              { A_INT64, "startsect" }, { A_INT64, "endsect" } },
    .optargs = NOOPTS,
    .shortdesc = "add a partition to the device",
    .longdesc = "Add a partition from sector STARTSECT to ENDSECT "
      "inclusive (a negative ENDSECT counts back from the end of the "
      "disk).  PRLOGEX is \"p\"/\"primary\", \"l\"/\"logical\" or "
      "\"e\"/\"extended\" (the last two for MBR only).",
    .tests = TESTS ({ "none",
      "part-init /dev/sda mbr\npart-add /dev/sda p 2048 4095\n"
      "part-add /dev/sda primary 4096 -1\npart-list /dev/sda",
      "[0] = {\n  part_num: 1\n  part_start: 1048576\n"
      "  part_end: 2097151\n  part_size: 1048576\n}\n"
      "[1] = {\n  part_num: 2\n  part_start: 2097152\n"
      "  part_end: 134217727\n  part_size: 132120576\n}\n" }),
  },
  {
    .name = "part_disk", .proc_nr = 12, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_STRING, "parttype" } },
    .optargs = NOOPTS,
    .shortdesc = "partition whole disk with a single primary partition",
    .longdesc = "Write a partition table of type PARTTYPE with one "
      "partition covering the whole disk (aligned at 1 MiB).",
    .tests = TESTS ({ "none", "part-disk /dev/sda mbr\nlist-partitions",
                      "/dev/sda1\n" }),
  },
  {
    .name = "part_list", .proc_nr = 13, .ret = R_STRUCTLIST,
    .ret_struct = "partition",
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "list partitions on a device",
    .longdesc = "Return the partitions of DEVICE with their numbers and "
      "their start, end (inclusive) and size in bytes.",
    .tests = TESTS ({ "fs", "part-list /dev/sda",
      "[0] = {\n  part_num: 1\n  part_start: 1048576\n"
      "  part_end: 134217727\n  part_size: 133169152\n}\n" }),
  },
  {
    .name = "mkfs", .proc_nr = 14, .ret = R_ERR,
    .args = { { A_STRING, "fstype" }, { A_DEVICE, "device" } },
    .optargs = { { O_INT, "blocksize" }, { O_STRING, "features" },
                 { O_INT, "inode" }, { O_INT, "sectorsize" },
                 { O_STRING, "label" } },
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "mkfs-opts",
    .shortdesc = "make a filesystem",
    .longdesc = "Create a filesystem of type FSTYPE (ext2, ext3, ext4, "
      "xfs, vfat, ...) on DEVICE.  BLOCKSIZE, FEATURES (ext only), INODE "
      "size (ext only), SECTORSIZE and LABEL are passed on to the mkfs "
      "program.",
    .tests = TESTS ({ "none",
      "part-disk /dev/sda mbr\nmkfs xfs /dev/sda1\nvfs-type /dev/sda1",
      "xfs\n" },
      { "none", "part-disk /dev/sda mbr\nmkfs vfat /dev/sda1 label:DOS\n"
        "vfs-type /dev/sda1\nvfs-label /dev/sda1", "vfat\nDOS\n" },
      { "none", "mkfs bogusfs /dev/sda", "~bogusfs" },
      { "none", "part-disk /dev/sda mbr\nmkfs ext4 /dev/sda1 blocksize:4096 "
        "inode:512 features:^has_journal label:MKFSL\n"
        "tune2fs-l /dev/sda1 | grep -E '^(Filesystem volume name|Block "
        "size|Inode size):'\ntune2fs-l /dev/sda1 | "
        "grep '^Filesystem features:' | grep -vc has_journal",
        "Filesystem volume name: MKFSL\nBlock size: 4096\n"
        "Inode size: 512\n1\n" },
      { "none", "part-disk /dev/sda mbr\nmkfs xfs /dev/sda1 blocksize:4096 "
        "sectorsize:4096\nxfs-info /dev/sda1 | "
        "grep -E 'xfs_(sectsize|blocksize):'",
        "xfs_sectsize: 4096\nxfs_blocksize: 4096\n" },
      { "none", "part-disk /dev/sda mbr\nmkfs ntfs /dev/sda1 label:NTFSL\n"
        "vfs-type /dev/sda1\nvfs-label /dev/sda1", "ntfs\nNTFSL\n" },
      { "none", "part-disk /dev/sda mbr\nmkfs vfat /dev/sda1 inode:256",
        "~inode is not supported" }),
  },
  {
    .name = "mount", .proc_nr = 15, .ret = R_ERR,
    .args = { { A_MOUNTABLE, "mountable" }, { A_STRING, "mountpoint" } },
    .optargs = NOOPTS,
    .shortdesc = "mount a guest disk at a position in the filesystem",
    .longdesc = "Mount the filesystem on MOUNTABLE at MOUNTPOINT, a "
      "path in the guest view (\"/\" first, then directories that exist "
      "under it).  Options are the kernel's defaults.  MOUNTABLE is a "
      "device or a btrfs subvolume written C<btrfsvol:DEVICE/SUBVOLUME> "
      "(as list_filesystems and inspection return them), which is "
      "mounted with the option C<subvol=SUBVOLUME>.",
    .tests = TESTS ({ "fs",
      "mkdir /mnt1\nmount /dev/sda1 /mnt1\nmounts\numount /mnt1",
      "/dev/sda1\n/dev/sda1\n" }),
  },
  {
    .name = "mount_ro", .proc_nr = 16, .ret = R_ERR,
    .args = { { A_MOUNTABLE, "mountable" }, { A_STRING, "mountpoint" } },
    .optargs = NOOPTS,
    .shortdesc = "mount a guest disk, read-only",
    .longdesc = "Like mount, but read-only.",
    .tests = TESTS ({ "fs",
      "mkdir /mnt2\nmount-ro /dev/sda1 /mnt2\n"
      "-touch /mnt2/x\numount /mnt2",
      "~Read-only file system" }),
  },
  {
    .name = "mount_options", .proc_nr = 17, .ret = R_ERR,
    .args = { { A_STRING, "options" }, { A_MOUNTABLE, "mountable" },
              { A_STRING, "mountpoint" } },
    .optargs = NOOPTS,
    .shortdesc = "mount a guest disk with mount options",
    .longdesc = "Like mount, with mount OPTIONS as mount(8) takes them "
      "(\"ro,noatime\"); an empty string means none.",
    .tests = TESTS ({ "fs",
      "mkdir /mnt3\nmount-options ro,noexec /dev/sda1 /mnt3\n"
      "-write /mnt3/y hi\numount /mnt3",
      "~Read-only file system" }),
  },
  {
    .name = "umount", .proc_nr = 18, .ret = R_ERR,
    .args = { { A_DEV_OR_PATH, "pathordevice" } },
    .optargs = { { O_BOOL, "force" }, { O_BOOL, "lazyunmount" } },
    .flags = FL_ONCE_HAD_NO_OPTARGS | FL_NO_ROOT,
    .fish_alias = "unmount umount-opts",
    .shortdesc = "unmount a filesystem",
    .longdesc = "Unmount the filesystem mounted at PATHORDEVICE (a "
      "mountpoint in the guest view, or the device).",
    .tests = TESTS ({ "fs", "mkdir /mnt4\nmount /dev/sda1 /mnt4\n"
      "umount /mnt4\nmounts", "/dev/sda1\n" },
      { "none", "part-disk /dev/sda mbr\nmkfs ext2 /dev/sda1\n"
        "mount /dev/sda1 /\numount /dev/sda1\nmounts", "" }),
  },
  {
    .name = "umount_all", .proc_nr = 19, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS, .fish_alias = "unmount-all",
    .shortdesc = "unmount all filesystems",
    .longdesc = "Unmount every mounted filesystem, deepest first.",
    .tests = TESTS ({ "none", "part-disk /dev/sda mbr\nmkfs ext2 /dev/sda1\n"
      "mount /dev/sda1 /\nmkdir /a\nmount /dev/sda1 /a\numount-all\nmounts",
      "" }),
  },
  {
    .name = "mounts", .proc_nr = 20, .ret = R_STRINGLIST,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "show mounted filesystems",
    .longdesc = "List the devices of the mounted guest filesystems, in "
      "mount order.",
    .tests = TESTS ({ "fs", "mounts", "/dev/sda1\n" }),
  },
  {
    .name = "sync", .proc_nr = 21, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "sync disks, writes are flushed through to the disk image",
    .longdesc = "Flush every write the appliance made down to the disk "
      "images.",
    .tests = TESTS ({ "fs", "write /sync-me x\nsync\ncat /sync-me", "x\n" }),
  },
  {
    .name = "ls", .proc_nr = 22, .ret = R_STRINGLIST,
    .args = { { A_PATHNAME, "directory" } }, .optargs = NOOPTS,
    .shortdesc = "list the files in a directory",
    .longdesc = "List the names in DIRECTORY, sorted, without \".\" and "
      "\"..\" (hidden files are included).",
    .tests = TESTS ({ "fs", "mkdir /ls\ntouch /ls/b\ntouch /ls/.a\n"
      "mkdir /ls/c\nls /ls", ".a\nb\nc\n" },
      { "fs", "ls /no-such-dir", "~No such file or directory" }),
  },
  {
    .name = "ll", .proc_nr = 23, .ret = R_STRING,
    .args = { { A_PATHNAME, "directory" } }, .optargs = NOOPTS,
    .shortdesc = "list the files in a directory (long format)",
    .longdesc = "List DIRECTORY as \"ls -la\" does, for people to read.",
    .tests = TESTS ({ "fs", "mkdir /ll\nwrite /ll/file hello\n"
      "ll /ll | grep -c ' file$'", "1\n" }),
  },
  {
    .name = "cat", .proc_nr = 24, .ret = R_STRING,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "list the contents of a file",
    .longdesc = "Return the contents of the file PATH as a string.  It "
      "fails on files containing NUL bytes: use read-file for those.",
    .tests = TESTS ({ "fs", "write /cat \"line 1\\nline 2\"\ncat /cat",
                      "line 1\nline 2\n" }),
  },
  {
    .name = "read_file", .proc_nr = 25, .ret = R_BUFFEROUT,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "read a file",
    .longdesc = "Return the contents of PATH as a buffer, which may "
      "contain any bytes.  The file must fit in one protocol message "
      "(about 4 MiB); use download for bigger files.",
    .tests = TESTS ({ "fs", "write /rf abc\nread-file /rf\necho", "abc\n" }),
  },
  {
    .name = "write", .proc_nr = 26, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" }, { A_BUFFERIN, "content" } },
    .optargs = NOOPTS,
    .shortdesc = "create a new file",
    .longdesc = "Create PATH, or truncate it if it exists, and write "
      "CONTENT to it.",
    .tests = TESTS ({ "fs", "write /w one\nwrite /w two\ncat /w", "two\n" }),
  },
  {
    .name = "write_append", .proc_nr = 27, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" }, { A_BUFFERIN, "content" } },
    .optargs = NOOPTS,
    .shortdesc = "append content to end of file",
    .longdesc = "Append CONTENT to PATH, creating it if needed.",
    .tests = TESTS ({ "fs", "write /wa one\nwrite-append /wa two\ncat /wa",
                      "onetwo\n" }),
  },
  {
    .name = "mkdir", .proc_nr = 28, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "create a directory",
    .longdesc = "Create the directory PATH; its parent must exist.",
    .tests = TESTS ({ "fs", "mkdir /md\nis-dir /md", "true\n" },
                    { "fs", "mkdir /no/such", "~No such file or directory" }),
  },
  {
    .name = "mkdir_p", .proc_nr = 29, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "create a directory and parents",
    .longdesc = "Create PATH and any missing parents; an existing "
      "directory is not an error.",
    .tests = TESTS ({ "fs", "mkdir-p /mp/a/b\nmkdir-p /mp/a/b\nis-dir /mp/a/b",
                      "true\n" }),
  },
  {
    .name = "rm", .proc_nr = 30, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "remove a file",
    .longdesc = "Remove the file PATH (not a directory).",
    .tests = TESTS ({ "fs", "touch /rm\nrm /rm\nexists /rm", "false\n" },
                    { "fs", "mkdir /rmd\nrm /rmd", "~Is a directory" }),
  },
  {
    .name = "rm_rf", .proc_nr = 31, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "remove a file or directory recursively",
    .longdesc = "Remove PATH and everything under it; a missing PATH is "
      "not an error.  Removing / is refused.",
    .tests = TESTS ({ "fs", "mkdir-p /rr/a/b\ntouch /rr/a/b/c\nrm-rf /rr\n"
      "rm-rf /rr\nexists /rr", "false\n" }),
  },
  {
    .name = "rmdir", .proc_nr = 32, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "remove a directory",
    .longdesc = "Remove the empty directory PATH.",
    .tests = TESTS ({ "fs", "mkdir /rd\nrmdir /rd\nexists /rd", "false\n" }),
  },
  {
    .name = "touch", .proc_nr = 33, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "update file timestamps or create a new file",
    .longdesc = "Create PATH empty if it does not exist, otherwise set "
      "its times to now.",
    .tests = TESTS ({ "fs", "touch /t\nfilesize /t\nis-file /t", "0\ntrue\n" }),
  },
  {
    .name = "statns", .proc_nr = 34, .ret = R_STRUCT, .ret_struct = "statns",
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "get file information",
    .longdesc = "Return the stat(2) information of PATH, following "
      "symlinks, with nanosecond times.",
    .tests = TESTS ({ "fs", "write /st 12345\nstatns /st | grep -E "
      "'^st_(size|nlink):'", "st_nlink: 1\nst_size: 5\n" }),
  },
  {
    .name = "lstatns", .proc_nr = 35, .ret = R_STRUCT, .ret_struct = "statns",
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "get file information for a symbolic link",
    .longdesc = "Like statns, but a symlink itself is described.",
    .tests = TESTS ({ "fs", "mkdir /lst\nlstatns /lst | grep -c '^st_mode: 16877$'",
                      "1\n" }),
  },
  {
    .name = "exists", .proc_nr = 36, .ret = R_BOOL,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "test if file or directory exists",
    .longdesc = "Return true if PATH names anything.",
    .tests = TESTS ({ "fs", "touch /ex\nexists /ex\nexists /nope", "true\nfalse\n" }),
  },
  {
    .name = "is_file", .proc_nr = 37, .ret = R_BOOL,
    .args = { { A_PATHNAME, "path" } },
    .optargs = { { O_BOOL, "followsymlinks" } },
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "is-file-opts",
    .shortdesc = "test if a regular file",
    .longdesc = "Return true if PATH is a regular file.  A symlink is "
      "followed only if FOLLOWSYMLINKS is true.",
    .tests = TESTS ({ "fs", "touch /if\nis-file /if\nis-file /", "true\nfalse\n" }),
  },
  {
    .name = "is_dir", .proc_nr = 38, .ret = R_BOOL,
    .args = { { A_PATHNAME, "path" } },
    .optargs = { { O_BOOL, "followsymlinks" } },
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "is-dir-opts",
    .shortdesc = "test if a directory",
    .longdesc = "Return true if PATH is a directory.  A symlink is "
      "followed only if FOLLOWSYMLINKS is true.",
    .tests = TESTS ({ "fs", "is-dir /\nis-dir /lost+found/x", "true\nfalse\n" }),
  },
  {
    .name = "filesize", .proc_nr = 39, .ret = R_INT64,
    .args = { { A_PATHNAME, "file" } }, .optargs = NOOPTS,
    .shortdesc = "return the size of the file in bytes",
    .longdesc = "Return the size of FILE in bytes.",
    .tests = TESTS ({ "fs", "write /fs 0123456789\nfilesize /fs", "10\n" }),
  },
  {
    .name = "upload", .proc_nr = 40, .ret = R_ERR,
    .args = { { A_FILEIN, "filename" }, { A_DEV_OR_PATH, "remotefilename" } },
    .optargs = NOOPTS, .flags = FL_PROGRESS,
    .shortdesc = "upload a file from the local machine",
    .longdesc = "Copy the local file FILENAME (\"-\" for standard "
      "input) to REMOTEFILENAME in the guest, or onto a device.",
    .tests = TESTS ({ "fs", "upload /etc/hostname /up\ncat /up | wc -l", "2\n" }),
  },
  {
    .name = "download", .proc_nr = 41, .ret = R_ERR,
    .args = { { A_DEV_OR_PATH, "remotefilename" }, { A_FILEOUT, "filename" } },
    .optargs = NOOPTS, .flags = FL_PROGRESS,
    .shortdesc = "download a file to the local machine",
    .longdesc = "Copy REMOTEFILENAME (a guest file or a device) to the "
      "local file FILENAME (\"-\" for standard output).",
    .tests = TESTS ({ "fs", "write /dl hello\ndownload /dl -\necho", "hello\n" }),
  },
  {
    .name = "tar_in", .proc_nr = 42, .ret = R_ERR,
    .args = { { A_FILEIN, "tarfile" }, { A_PATHNAME, "directory" } },
    .optargs = { { O_STRING, "compress" }, { O_BOOL, "xattrs" },
                 { O_BOOL, "selinux" }, { O_BOOL, "acls" } },
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "tar-in-opts",
    .shortdesc = "unpack tarfile to directory",
    .longdesc = "Unpack the local tar file TARFILE (\"-\" for standard "
      "input) into DIRECTORY.  COMPRESS names its compression: \"gzip\", "
      "\"bzip2\", \"xz\", \"zstd\" or none.  XATTRS, SELINUX and ACLS "
      "restore those attributes too.",
    .tests = TESTS (
      { "fs", "!mkdir -p $scratch/ti/d && echo one > $scratch/ti/d/f && "
        "tar -C $scratch/ti -czf $scratch/ti.tgz d && "
        "tar -C $scratch/ti -cf $scratch/ti.tar d\n"
        "mkdir /ti\n<!echo tar-in $scratch/ti.tgz /ti compress:gzip\n"
        "cat /ti/d/f\nmkdir /ti2\n<!echo tar-in $scratch/ti.tar /ti2\n"
        "cat /ti2/d/f\n<!echo tar-in $scratch/ti.tgz /ti compress:foo\n"
        "<!echo tar-in $scratch/ti.tgz /ti-nosuch",
        "one\n\none\n\nlibguestfs: error: tar_in: unknown compression type: foo\n"
        "libguestfs: error: tar_in: /ti-nosuch: No such file or directory\n" },
      /* the guest's own symlinks: a target reached through a symlink
       * is resolved in the guest; members under an absolute or
       * escaping symlink never land outside the guest's tree */
      { "fs", "!mkdir -p $scratch/tie/a $scratch/tie/b/abs $scratch/tie/b/up && "
        "cd $scratch/tie && ln -s /tmp a/abs && ln -s ../../../.. a/up && "
        "ln -s . a/self && tar -C a -cf a.tar abs up self && "
        "echo x > b/abs/f && echo y > b/up/g && tar -C b -cf b.tar abs/f up/g\n"
        "mkdir /tiedir\n<!echo tar-in $scratch/tie/a.tar /tiedir\n"
        "mkdir-p /tmp\n<!echo tar-in $scratch/tie/b.tar /tiedir/self\n"
        "ls /tiedir\nls /tmp | grep -cx f || :\nexists /g",
        "abs\nself\nup\n0\nfalse\n" }),
  },
  {
    .name = "tar_out", .proc_nr = 43, .ret = R_ERR,
    .args = { { A_PATHNAME, "directory" }, { A_FILEOUT, "tarfile" } },
    .optargs = { { O_STRING, "compress" }, { O_BOOL, "numericowner" },
                 { O_STRINGLIST, "excludes" }, { O_BOOL, "xattrs" },
                 { O_BOOL, "selinux" }, { O_BOOL, "acls" } },
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "tar-out-opts",
    .shortdesc = "pack directory into tarfile",
    .longdesc = "Pack the contents of DIRECTORY into the local tar file "
      "TARFILE (\"-\" for standard output).  COMPRESS as for tar-in; "
      "NUMERICOWNER stores ids only; EXCLUDES are tar patterns to skip.",
    .tests = TESTS ({ "fs", "mkdir-p /to/d\nwrite /to/d/f 1\n"
      "tar-out /to - | tar -tf - | sort", "./\n./d/\n./d/f\n" },
      /* excludes really excluded; compression; numeric owners */
      { "fs", "mkdir-p /tox/d\nwrite /tox/d/f 1\nwrite /tox/a.log 1\n"
        "write /tox/keep 1\n"
        "tar-out /tox - excludes:\"*.log ./d\" | tar -tf - | sort\n"
        "tar-out /tox - compress:bzip2 | tar -tjf - | sort\n"
        "tar-out /tox - compress:xz numericowner:true | tar -tvJf - | "
        "awk '{print $2}' | sort -u\n"
        "tar-out /tox - | tar -tvf - | awk '{print $2}' | sort -u\n"
        "tar-out /tox - compress:foo",
        "./\n./keep\n./\n./a.log\n./d/\n./d/f\n./keep\n0/0\nroot/root\n"
        "libguestfs: error: tar_out: unknown compression type: foo\n" },
      /* xattrs and ACLs round-trip through tar-out and tar-in, only
       * when asked for at both ends */
      { "fs", "mkdir /txa\nwrite /txa/f data\nsetxattr user.k value 5 /txa/f\n"
        "acl-set-file /txa/f access \"u::rw,g::r,o::-,u:500:r,m::r\"\n"
        "<!echo tar-out /txa $scratch/txa.tar xattrs:true acls:true\n"
        "<!echo tar-out /txa $scratch/txa0.tar\n"
        "mkdir /txb\n<!echo tar-in $scratch/txa.tar /txb xattrs:true acls:true\n"
        "getxattr /txb/f user.k\necho\nacl-get-file /txb/f access\n"
        "mkdir /txc\n<!echo tar-in $scratch/txa.tar /txc\n"
        "getxattrs /txc/f\nacl-get-file /txc/f access\n"
        "mkdir /txd\n<!echo tar-in $scratch/txa0.tar /txd xattrs:true acls:true\n"
        "getxattrs /txd/f",
        "value\nuser::rw-\nuser:500:r--\ngroup::r--\nmask::r--\nother::---\n\n"
        "user::rw-\ngroup::r--\nother::---\n\n" }),
  },
  {
    .name = "tgz_in", .deprecated_by = "tar_in", .proc_nr = 44, .ret = R_ERR,
    .args = { { A_FILEIN, "tarball" }, { A_PATHNAME, "directory" } },
    .optargs = NOOPTS,
    .shortdesc = "unpack compressed tarball to directory",
    .longdesc = "Like tar-in with gzip compression.",
    .tests = TESTS ({ "fs", "mkdir /tgi\nwrite /tgi/f hello\n"
      "<!echo tgz-out /tgi $scratch/tgi.tgz\nmkdir /tgi2\n"
      "<!echo tgz-in $scratch/tgi.tgz /tgi2\ncat /tgi2/f", "hello\n" }),
  },
  {
    .name = "tgz_out", .deprecated_by = "tar_out", .proc_nr = 45, .ret = R_ERR,
    .args = { { A_PATHNAME, "directory" }, { A_FILEOUT, "tarball" } },
    .optargs = NOOPTS,
    .shortdesc = "pack directory into compressed tarball",
    .longdesc = "Like tar-out with gzip compression.",
    .tests = TESTS ({ "fs", "mkdir /tg\nwrite /tg/f 1\n"
      "tgz-out /tg - | tar -tzf - | sort", "./\n./f\n" }),
  },
  {
    .name = "df", .proc_nr = 46, .ret = R_STRING,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "report file system disk space usage",
    .longdesc = "Run df(1) on the mounted filesystems and return its "
      "output, for people to read; use statvfs in programs.",
    .tests = TESTS ({ "fs", "df | grep -c '^/dev/sda1 .* /sysroot$'", "1\n" }),
  },
  {
    .name = "statvfs", .proc_nr = 47, .ret = R_STRUCT,
    .ret_struct = "statvfs",
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "get file system statistics",
    .longdesc = "Return the statvfs(3) figures of the filesystem "
      "holding PATH.",
    .tests = TESTS ({ "fs", "statvfs / | grep -E '^(bsize|namemax):'",
                      "bsize: 1024\nnamemax: 255\n" }),
  },
  {
    .name = "pvcreate", .proc_nr = 48, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "create an LVM physical volume",
    .longdesc = "Make DEVICE (usually a partition) an LVM physical "
      "volume.",
    .tests = TESTS ({ "none", "part-disk /dev/sda mbr\npvcreate /dev/sda1\npvs",
                      "/dev/sda1\n" }),
  },
  {
    .name = "vgcreate", .proc_nr = 49, .ret = R_ERR,
    .args = { { A_STRING, "volgroup" }, { A_DEVICELIST, "physvols" } },
    .optargs = NOOPTS,
    .shortdesc = "create an LVM volume group",
    .longdesc = "Create the volume group VOLGROUP from the physical "
      "volumes PHYSVOLS.",
    .tests = TESTS ({ "none", "part-init /dev/sda mbr\n"
      "part-add /dev/sda p 2048 65535\npart-add /dev/sda p 65536 -1\n"
      "pvcreate /dev/sda1\npvcreate /dev/sda2\n"
      "vgcreate G1 \"/dev/sda1 /dev/sda2\"\nvgs", "G1\n" }),
  },
  {
    .name = "lvcreate", .proc_nr = 50, .ret = R_ERR,
    .args = { { A_STRING, "logvol" }, { A_STRING, "volgroup" },
              { A_INT, "mbytes" } },
    .optargs = NOOPTS,
    .shortdesc = "create an LVM logical volume",
    .longdesc = "Create the logical volume LOGVOL of MBYTES megabytes "
      "in VOLGROUP.",
    .tests = TESTS ({ "lvfs", "lvcreate LV2 VG 8\nlvs\n"
                      "blockdev-getsize64 /dev/VG/LV2",
                      "/dev/VG/LV\n/dev/VG/LV2\n8388608\n" }),
  },
  {
    .name = "pvs", .proc_nr = 51, .ret = R_STRINGLIST,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the LVM physical volumes (PVs)",
    .longdesc = "List the devices that are LVM physical volumes.",
    .tests = TESTS ({ "lvfs", "pvs", "/dev/sda1\n" }),
  },
  {
    .name = "vgs", .proc_nr = 52, .ret = R_STRINGLIST,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the LVM volume groups (VGs)",
    .longdesc = "List the names of the LVM volume groups.",
    .tests = TESTS ({ "lvfs", "vgs", "VG\n" }),
  },
  {
    .name = "lvs", .proc_nr = 53, .ret = R_STRINGLIST,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list the LVM logical volumes (LVs)",
    .longdesc = "List the logical volumes as /dev/VG/LV paths.",
    .tests = TESTS ({ "lvfs", "lvs | grep -c '^/dev/VG/LV$'", "1\n" }),
  },
  {
    .name = "internal_autosync", .proc_nr = 54, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS, .flags = FL_NOT_IN_FISH,
    .shortdesc = "unmount everything and sync (internal)",
    .longdesc = "Used by shutdown and close when autosync is on.",
  },
  {
    .name = "sleep", .proc_nr = 55, .ret = R_ERR,
    .args = { { A_INT, "secs" } }, .optargs = NOOPTS,
    .shortdesc = "sleep for some seconds",
    .longdesc = "Sleep for SECS seconds (0 to 3600) inside the appliance.",
    .tests = TESTS ({ "none", "sleep 1\necho ok", "ok\n" }),
  },
  {
    .name = "internal_test_crash", .proc_nr = 1099, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS, .flags = FL_NOT_IN_FISH,
    .shortdesc = "crash the daemon (test only)",
    .longdesc = "Make the daemon abort at once, without a reply, so the "
      "fault-injection tests can check how the library copes with an "
      "appliance that dies in the middle of a call.  Never use it "
      "otherwise.",
  },
  { .name = NULL }
};
