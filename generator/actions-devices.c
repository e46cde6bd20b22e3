/* guestkit — generator: API table, area "devices".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the "devices" area: block
 * device queries and settings, extra ways of mounting, running guest
 * programs, appliance information and optional-feature groups.
 * Daemon calls of this area take procedure numbers 400..499
 * (append-only).  Tests are described in F<types.h> (struct test) and
 * run by F<tests/test-actions.sh>.
 */

#include <config.h>

#include "types.h"

#define NOARGS { { A_NONE, NULL } }
#define NOOPTS { { O_NONE, NULL } }
#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }

/* A guest with a shell: the host's static busybox as /bin/sh on a
 * vfat root (vfat files are executable without chmod). */
#define GUEST_SH \
  "part-disk /dev/sda mbr\nmkfs vfat /dev/sda1\nmount /dev/sda1 /\n" \
  "mkdir /bin\nupload /bin/busybox /bin/sh\n"

/* A vfat root with busybox as /bin/ln, an ext2 filesystem on /d, and
 * in it an absolute and a relative symlink aiming at /etc, which the
 * appliance has and the guest has not. */
#define GUEST_LINKS \
  "part-init /dev/sda mbr\npart-add /dev/sda p 2048 131071\n" \
  "part-add /dev/sda p 131072 -1\nmkfs vfat /dev/sda1\nmkfs ext2 /dev/sda2\n" \
  "mount /dev/sda1 /\nmkdir /bin\nupload /bin/busybox /bin/ln\nmkdir /d\n" \
  "mount /dev/sda2 /d\ncommand \"/bin/ln -s /etc /d/abs\"\n" \
  "command \"/bin/ln -s ../../../../../etc /d/rel\"\n"

const struct action actions_devices[] = {
  {
    .name = "list_dm_devices", .proc_nr = 400, .ret = R_STRINGLIST,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "list device mapper devices",
    .longdesc = "Return the device-mapper devices as /dev/mapper/NAME, "
      "sorted, for example open LUKS devices.  Devices that are LVM "
      "logical volumes are left out: lvs lists those.",
    .tests = TESTS ({ "lvfs", "list-dm-devices\necho end", "end\n" }),
  },
  {
    .name = "list_disk_labels", .proc_nr = 401, .ret = R_HASHTABLE,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "mapping of disk labels to devices",
    .longdesc = "Drives added with the LABEL optional argument of "
      "add_drive appear as /dev/disk/guestfs/LABEL.  This returns a "
      "map from each such label (and LABELN for partition N) to the "
      "device or partition name (/dev/sda, /dev/sda1).",
    .tests = TESTS ({ "none", "list-disk-labels\necho end", "end\n" }),
  },
  {
    .name = "nr_devices", .proc_nr = 402, .ret = R_INT,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "return number of whole block devices (disks) added",
    .longdesc = "Return how many disks were added: the length of the "
      "list that list_devices returns.",
    .tests = TESTS ({ "none", "nr-devices", "1\n" },
                    { "disks3", "nr-devices", "3\n" }),
  },
  {
    .name = "device_index", .proc_nr = 403, .ret = R_INT,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "convert device to index",
    .longdesc = "Return the position of the disk DEVICE in the list "
      "returned by list_devices, counting from 0.  DEVICE must be a "
      "whole disk.",
    .tests = TESTS ({ "disks3",
      "device-index /dev/sda\ndevice-index /dev/sdc\ndevice-index /dev/vdb",
      "0\n2\n1\n" },
      { "disks3", "device-index /dev/sdd", "~sdd: No such file" },
      { "fs", "device-index /dev/sda1", "~not a whole disk" }),
  },
  {
    .name = "blkid", .proc_nr = 404, .ret = R_HASHTABLE,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "print block device attributes",
    .longdesc = "Probe DEVICE directly (no cache) and return what was "
      "found as a map: usually TYPE, USAGE (\"filesystem\", \"raid\", "
      "...), UUID, LABEL and VERSION, plus other keys that depend on "
      "the content.",
    .tests = TESTS ({ "fs", "blkid /dev/sda1 | grep -E '^(TYPE|USAGE):'",
                      "TYPE: ext2\nUSAGE: filesystem\n" },
      { "none", "part-disk /dev/sda mbr\nmkfs ext4 /dev/sda1 label:BK\n"
        "blkid /dev/sda1 | grep -E '^(LABEL|TYPE):'",
        "LABEL: BK\nTYPE: ext4\n" }),
  },
  {
    .name = "findfs_label", .proc_nr = 405, .ret = R_STRING,
    .args = { { A_STRING, "label" } }, .optargs = NOOPTS,
    .shortdesc = "find a filesystem by label",
    .longdesc = "Return the device holding the filesystem whose label "
      "is LABEL, or fail if there is none.",
    .tests = TESTS ({ "disks3", "mkfs ext2 /dev/sdb label:FINDME\n"
      "findfs-label FINDME", "/dev/sdb\n" },
      { "disks3", "findfs-label NOSUCHLABEL", "~NOSUCHLABEL: not found" }),
  },
  {
    .name = "findfs_uuid", .proc_nr = 406, .ret = R_STRING,
    .args = { { A_STRING, "uuid" } }, .optargs = NOOPTS,
    .shortdesc = "find a filesystem by UUID",
    .longdesc = "Return the device holding the filesystem whose UUID "
      "is UUID, or fail if there is none.",
    .tests = TESTS ({ "none", "part-init /dev/sda mbr\n"
      "part-add /dev/sda p 2048 131071\npart-add /dev/sda p 131072 -1\n"
      "mkfs vfat /dev/sda1\nmkfs ext2 /dev/sda2\nmount /dev/sda1 /\n"
      "mkdir /bin\nmkdir /dev\nupload /bin/busybox /bin/sh\n"
      "upload /bin/busybox /bin/dd\n"
      /* Give the ext2 superblock (at 1024) a known UUID (at +104). */
      "sh \"printf 0123456789abcdef | "
      "dd of=/dev/vda2 bs=1 seek=1128 conv=notrunc 2>/dev/null\"\n"
      "findfs-uuid 30313233-3435-3637-3839-616263646566\n"
      "vfs-uuid /dev/sda2",
      "\n/dev/sda2\n30313233-3435-3637-3839-616263646566\n" },
      { "fs",
      "findfs-uuid 00000000-1111-2222-3333-444444444444",
      "~00000000-1111-2222-3333-444444444444: not found" }),
  },
  {
    .name = "is_whole_device", .proc_nr = 407, .ret = R_BOOL,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "test if a device is a whole device",
    .longdesc = "Return true if DEVICE is a whole disk, false for a "
      "partition or a logical (device-mapper) device.",
    .tests = TESTS ({ "fs", "is-whole-device /dev/sda\n"
      "is-whole-device /dev/sda1", "true\nfalse\n" },
      { "lvfs", "is-whole-device /dev/VG/LV", "false\n" }),
  },
  {
    .name = "blockdev_getss", .proc_nr = 408, .ret = R_INT,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get sectorsize of block device",
    .longdesc = "Return the logical sector size of DEVICE in bytes, "
      "usually 512 (not its size in sectors: see blockdev_getsz).",
    .tests = TESTS ({ "none", "blockdev-getss /dev/sda", "512\n" }),
  },
  {
    .name = "blockdev_getbsz", .proc_nr = 409, .ret = R_INT,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get blocksize of block device",
    .longdesc = "Return the block size the kernel uses for DEVICE's "
      "buffers.  It has nothing to do with the size of the device or "
      "the block size of a filesystem on it, and is rarely useful.",
    .tests = TESTS ({ "none", "blockdev-getbsz /dev/sda", "4096\n" }),
  },
  {
    .name = "blockdev_getsz", .proc_nr = 410, .ret = R_INT64,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "get total size of device in 512-byte sectors",
    .longdesc = "Return the size of DEVICE counted in 512-byte units, "
      "whatever its real sector size.",
    .tests = TESTS ({ "none", "blockdev-getsz /dev/sda", "262144\n" },
      { "fs", "blockdev-getsz /dev/sda1", "260096\n" }),
  },
  {
    .name = "blockdev_getro", .proc_nr = 411, .ret = R_BOOL,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "is block device set to read-only",
    .longdesc = "Return true if the kernel treats DEVICE as read-only.",
    .tests = TESTS ({ "none", "blockdev-getro /dev/sda", "false\n" }),
  },
  {
    .name = "blockdev_setro", .proc_nr = 412, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "set block device to read-only",
    .longdesc = "Make the kernel refuse writes to DEVICE until "
      "blockdev_setrw is called.",
    .tests = TESTS ({ "none", "blockdev-setro /dev/sda\n"
      "blockdev-getro /dev/sda\nblockdev-setrw /dev/sda", "true\n" },
      { "none", "blockdev-setro /dev/sda\npart-disk /dev/sda mbr\n"
        "blockdev-setrw /dev/sda", "~Operation not permitted|Read-only" }),
  },
  {
    .name = "blockdev_setrw", .proc_nr = 413, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "set block device to read-write",
    .longdesc = "Allow writes to DEVICE again after blockdev_setro.",
    .tests = TESTS ({ "none", "blockdev-setro /dev/sda\n"
      "blockdev-setrw /dev/sda\nblockdev-getro /dev/sda\n"
      "part-disk /dev/sda mbr\nlist-partitions", "false\n/dev/sda1\n" }),
  },
  {
    .name = "blockdev_flushbufs", .proc_nr = 414, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "flush device buffers",
    .longdesc = "Ask the kernel to write out and drop the buffers it "
      "holds for DEVICE.",
    .tests = TESTS ({ "fs", "write /flushbufs x\nblockdev-flushbufs /dev/sda\n"
      "cat /flushbufs", "x\n" }),
  },
  {
    .name = "blockdev_rereadpt", .proc_nr = 415, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "reread partition table",
    .longdesc = "Make the kernel read DEVICE's partition table again.  "
      "It fails while a partition of DEVICE is in use.",
    .tests = TESTS ({ "none", "part-disk /dev/sda gpt\n"
      "blockdev-rereadpt /dev/sda\nlist-partitions", "/dev/sda1\n" },
      { "fs", "blockdev-rereadpt /dev/sda", "~busy" }),
  },
  {
    .name = "blockdev_setra", .proc_nr = 416, .ret = R_ERR,
    .args = { { A_DEVICE, "device" }, { A_INT, "sectors" } },
    .optargs = NOOPTS,
    .shortdesc = "set readahead",
    .longdesc = "Set the kernel's readahead for DEVICE to SECTORS "
      "512-byte sectors.",
    .tests = TESTS ({ "none", "blockdev-setra /dev/sda 1024\necho ok",
                      "ok\n" },
      { "none", "blockdev-setra /dev/sda -1", "~out of range" }),
  },
  {
    .name = "mount_vfs", .proc_nr = 417, .ret = R_ERR,
    .args = { { A_STRING, "options" }, { A_STRING, "vfstype" },
              { A_MOUNTABLE, "mountable" }, { A_STRING, "mountpoint" } },
    .optargs = NOOPTS,
    .shortdesc = "mount a guest disk with mount options and vfstype",
    .longdesc = "Like mount_options, but the filesystem type is "
      "VFSTYPE (as mount -t takes it) instead of being detected; an "
      "empty VFSTYPE means detect it.",
    .tests = TESTS ({ "fs", "mkdir /mvfs\nmount-vfs ro ext2 /dev/sda1 /mvfs\n"
      "-touch /mvfs/x\numount /mvfs", "~Read-only file system" },
      { "fs", "mkdir /mvfs2\nmount-vfs \"\" xfs /dev/sda1 /mvfs2",
        "~mount_vfs: /dev/sda1 on /mvfs2 \\(xfs\\)" }),
  },
  {
    .name = "mount_loop", .proc_nr = 418, .ret = R_ERR,
    .args = { { A_PATHNAME, "file" }, { A_PATHNAME, "mountpoint" } },
    .optargs = NOOPTS,
    .shortdesc = "mount a file using the loop device",
    .longdesc = "Mount the filesystem image held in the guest file FILE "
      "on MOUNTPOINT, through a loop device (like mount -o loop).  The "
      "loop device is released when the filesystem is unmounted.",
    .tests = TESTS ({ "disks3",
      "part-init /dev/sdb mbr\npart-add /dev/sdb p 2048 10239\n"
      "mkfs ext2 /dev/sdb1\nmount /dev/sdb1 /\nwrite /inner looped\n"
      "umount /\nmkfs ext2 /dev/sda\nmount /dev/sda /\n"
      "copy-device-to-file /dev/sdb1 /loop.img\nmkdir /lmnt\n"
      "mount-loop /loop.img /lmnt\ncat /lmnt/inner\numount /lmnt\n"
      "ls /lmnt", "looped\n" },
      { "fs", "mkdir /ldir\nmkdir /lmnt2\nmount-loop /ldir /lmnt2",
        "~not a regular file" },
      { "fs", "mount-loop /no-such-image /", "~No such file" },
      { "none", GUEST_LINKS "mount-loop /d/abs /d\nmount-loop /d/rel /d",
        "\n\nlibguestfs: error: mount_loop: /d/abs: No such file or directory\n"
        "libguestfs: error: mount_loop: /d/rel: No such file or directory\n" }),
  },
  {
    .name = "mountpoints", .proc_nr = 419, .ret = R_HASHTABLE,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "show mountpoints",
    .longdesc = "Like mounts, but return a map from each mounted "
      "device to the guest directory it is mounted on, in mount "
      "order.",
    .tests = TESTS ({ "fs", "mkdir /mp\nmount-ro /dev/sda1 /mp\nmountpoints\n"
      "umount /mp", "/dev/sda1: /\n/dev/sda1: /mp\n" }),
  },
  {
    .name = "mkmountpoint", .proc_nr = 420, .ret = R_ERR,
    .args = { { A_STRING, "exemptpath" } }, .optargs = NOOPTS,
    .shortdesc = "create a mountpoint",
    .longdesc = "Create the directory EXEMPTPATH to mount a filesystem "
      "on, before any root filesystem is mounted: this lets unrelated "
      "filesystems (an ISO, an image inside it, ...) be mounted side "
      "by side.  Without a root filesystem, the directories live on a "
      "small temporary filesystem standing in for the root; "
      "umount_all removes it.  Remove the directories with "
      "rmmountpoint after unmounting what is on them.",
    .tests = TESTS ({ "disks3", "mkfs ext2 /dev/sda\nmkfs ext2 /dev/sdb\n"
      "mkmountpoint /a\nmkmountpoint /b\nmount /dev/sda /a\n"
      "mount-ro /dev/sdb /b\nwrite /a/f in-a\ncat /a/f\nmountpoints\n"
      "umount /b\numount /a\nrmmountpoint /a\nrmmountpoint /b\nmounts",
      "in-a\n/dev/sda: /a\n/dev/sdb: /b\n" },
      { "none", "mkmountpoint /x/y", "~No such file" },
      { "none", "mkmountpoint /../../m\nrmmountpoint /m\necho ok", "ok\n" },
      { "none", GUEST_LINKS "mkmountpoint /d/abs/x\nmkmountpoint /d/rel/x",
        "\n\nlibguestfs: error: mkmountpoint: /d/abs/x: No such file or directory\n"
        "libguestfs: error: mkmountpoint: /d/rel/x: No such file or directory\n" }),
  },
  {
    .name = "rmmountpoint", .proc_nr = 421, .ret = R_ERR,
    .args = { { A_STRING, "exemptpath" } }, .optargs = NOOPTS,
    .shortdesc = "remove a mountpoint",
    .longdesc = "Remove a directory made by mkmountpoint.",
    .tests = TESTS ({ "none", "mkmountpoint /r\nrmmountpoint /r\n"
      "rmmountpoint /r", "~No such file" }),
  },
  {
    .name = "remount", .proc_nr = 422, .ret = R_ERR,
    .args = { { A_PATHNAME, "mountpoint" } },
    .optargs = { { O_BOOL, "rw" } },
    .shortdesc = "remount a filesystem with different options",
    .longdesc = "Change the filesystem mounted at MOUNTPOINT to "
      "read-only (RW false) or read-write (RW true).  RW must be "
      "given.",
    .tests = TESTS ({ "fs", "mkdir /rmt\nmount /dev/sda1 /rmt\n"
      "remount /rmt rw:false\n-touch /rmt/f\nremount /rmt rw:true\n"
      "touch /rmt/g\nis-file /g\numount /rmt",
      "libguestfs: error: touch: /rmt/f: Read-only file system\ntrue\n" },
      { "fs", "remount /", "~rw must be given" },
      { "fs", "mkdir /rmt2\nremount /rmt2 rw:true", "~not a mount point" },
      { "none", GUEST_LINKS "remount /d/abs rw:false\nremount /d/rel/ rw:true",
        "\n\nlibguestfs: error: remount: /d/abs: No such file or directory\n"
        "libguestfs: error: remount: /d/rel/: No such file or directory\n" }),
  },
  {
    .name = "command", .proc_nr = 423, .ret = R_STRING,
    .args = { { A_STRINGLIST, "arguments" } }, .optargs = NOOPTS,
    .shortdesc = "run a command from the guest filesystem",
    .longdesc = "Run a program of the guest: ARGUMENTS[0] is the "
      "program (looked up in a PATH with /usr/bin and /bin), the rest "
      "are its arguments; no shell is involved.  It runs as root with "
      "the guest's root filesystem as its root (chroot), so the guest "
      "must hold a Linux system for this architecture, and everything "
      "it needs must be mounted in place.  Return what it printed on "
      "its standard output.  If it exits with a non-zero status, the "
      "call fails with its standard error as the message.  The output "
      "must fit in one protocol message (a little under 4 MiB).",
    .tests = TESTS ({ "none", GUEST_SH
      "command \"/bin/sh -c 'echo hello; echo world'\"", "hello\nworld\n\n" },
      { "none", GUEST_SH "command \"sh -c 'echo oops >&2; exit 3'\"",
        "~oops" },
      { "fs", "command /no/such/program", "~No such file" },
      { "none", GUEST_SH "mkdir /proc\nmkdir /dev\ncommand \"/bin/sh -c "
        "'test -e /proc/self/status && test -c /dev/null && echo bound'\"\n"
        "ls /proc\nls /dev\nmountpoints", "bound\n\n/dev/sda1: /\n" }),
  },
  {
    .name = "command_lines", .proc_nr = 424, .ret = R_STRINGLIST,
    .args = { { A_STRINGLIST, "arguments" } }, .optargs = NOOPTS,
    .shortdesc = "run a command, returning lines",
    .longdesc = "Like command, but return the output split into lines.",
    .tests = TESTS ({ "none", GUEST_SH
      "command-lines \"/bin/sh -c 'echo a; echo; echo c'\"", "a\n\nc\n" }),
  },
  {
    .name = "sh", .proc_nr = 425, .ret = R_STRING,
    .args = { { A_STRING, "command" } }, .optargs = NOOPTS,
    .shortdesc = "run a command via the shell",
    .longdesc = "Like command, but COMMAND is given to the guest's "
      "/bin/sh -c, so the shell expands wildcards, variables and so "
      "on.",
    .tests = TESTS ({ "none", GUEST_SH "sh \"echo $((6 * 7)) /bin/*\"",
                      "42 /bin/sh\n\n" },
      { "fs", "sh true", "~No such file" },
      { "none", GUEST_SH "sh \"i=0; while [ $i -lt 300000 ]; do "
        "echo 0123456789abcdef; i=$((i + 1)); done\"",
        "~sh: /bin/sh: output too large" }),
  },
  {
    .name = "sh_lines", .proc_nr = 426, .ret = R_STRINGLIST,
    .args = { { A_STRING, "command" } }, .optargs = NOOPTS,
    .shortdesc = "run a command via the shell returning lines",
    .longdesc = "Like sh, but return the output split into lines.",
    .tests = TESTS ({ "none", GUEST_SH "sh-lines \"echo x; echo y\"",
                      "x\ny\n" }),
  },
  {
    .name = "dmesg", .proc_nr = 427, .ret = R_STRING,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "return kernel messages",
    .longdesc = "Return the appliance kernel's message buffer (what "
      "dmesg prints), for debugging.  Verbose mode shows the same "
      "messages as they happen.",
    .tests = TESTS ({ "none", "dmesg | grep -c 'Linux version [0-9]'", "1\n" }),
  },
  {
    .name = "drop_caches", .proc_nr = 428, .ret = R_ERR,
    .args = { { A_INT, "whattodrop" } }, .optargs = NOOPTS,
    .shortdesc = "drop kernel page cache, dentries and inodes cache",
    .longdesc = "Sync, then make the appliance kernel drop its page "
      "cache (WHATTODROP 1), its dentry and inode caches (2) or both "
      "(3), as /proc/sys/vm/drop_caches does.",
    .tests = TESTS ({ "fs", "write /dc abc\ndrop-caches 3\ncat /dc", "abc\n" },
      { "none", "drop-caches 7", "~out of range" }),
  },
  {
    .name = "utsname", .proc_nr = 429, .ret = R_STRUCT,
    .ret_struct = "utsname", .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "appliance kernel version",
    .longdesc = "Return the appliance kernel's name, release, version "
      "and machine, as uname(2) gives them.  Only useful for "
      "debugging.",
    .tests = TESTS ({ "none", "utsname | grep -E 'uts_(sysname|machine)'",
                      "uts_sysname: Linux\nuts_machine: x86_64\n" }),
  },
  {
    .name = "available", .proc_nr = 430, .ret = R_ERR,
    .args = { { A_STRINGLIST, "groups" } }, .optargs = NOOPTS,
    .shortdesc = "test availability of some parts of the API",
    .longdesc = "Succeed if the appliance supports every optional "
      "group of calls named in GROUPS (see available_all_groups); "
      "fail if one is missing, or is not a group name.  Whether a "
      "group is there is found out from the appliance itself: the "
      "programs and kernel features it needs.  Calls of an available "
      "group can still fail, of course.",
    .tests = TESTS ({ "none", "available \"lvm2 linuxxattrs mknod\"\n"
      "echo ok", "ok\n" },
      { "none", "available \"lvm2 nosuchgroup\"", "~nosuchgroup: unknown group" },
      { "none", "available libyara", "~libyara: not available" }),
  },
  {
    .name = "feature_available", .proc_nr = 431, .ret = R_BOOL,
    .args = { { A_STRINGLIST, "groups" } }, .optargs = NOOPTS,
    .shortdesc = "test availability of some parts of the API",
    .longdesc = "Like available, but return true or false instead of "
      "failing when a group is missing (an unknown group name is still "
      "an error).",
    .tests = TESTS ({ "none", "feature-available \"lvm2 mknod\"\n"
      "feature-available \"lvm2 libyara\"", "true\nfalse\n" },
      { "none", "feature-available bogus", "~bogus: unknown group" }),
  },
  {
    .name = "available_all_groups", .proc_nr = 432, .ret = R_STRINGLIST,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "return a list of all optional groups",
    .longdesc = "Return the name of every optional group the daemon "
      "knows, whether the appliance supports it or not: ask available "
      "or feature_available about each.",
    .tests = TESTS ({ "none", "available-all-groups | grep -cxE "
      "'lvm2|xfs|btrfs|mdadm|luks|ntfs3g|zerofree'", "7\n" }),
  },
  { .name = NULL }
};

/* Library-side calls of this area (proc_nr 0).  Their tests run on a
 * launched handle, so settings that only work before launch are
 * tested there for their error. */
#define GETTER(n, r, desc, ...) \
  { .name = n, .ret = r, .args = NOARGS, .optargs = NOOPTS, \
    .shortdesc = desc, __VA_ARGS__ }

const struct action actions_lib_devices[] = {
  {
    .name = "canonical_device_name", .ret = R_STRING,
    .args = { { A_STRING, "device" } }, .optargs = NOOPTS,
    .shortdesc = "return canonical device name",
    .longdesc = "Return DEVICE in the form the library shows device "
      "names: /dev/hdX and /dev/vdX (and their partitions) become "
      "/dev/sdX, and a device-mapper name of a logical volume "
      "(/dev/mapper/VG-LV) becomes /dev/VG/LV.  Anything else is "
      "returned unchanged.",
    .tests = TESTS ({ "lvfs", "canonical-device-name /dev/hda1\n"
      "canonical-device-name /dev/vdb\ncanonical-device-name /dev/sdc2\n"
      "canonical-device-name /dev/mapper/VG-LV\n"
      "canonical-device-name /dev/mapper/no--such-dev\n"
      "canonical-device-name /dev/vd\ncanonical-device-name x",
      "/dev/sda1\n/dev/sdb\n/dev/sdc2\n/dev/VG/LV\n"
      "/dev/mapper/no--such-dev\n/dev/vd\nx\n" }),
  },
  GETTER ("is_config", R_BOOL, "is in configuration state",
    .longdesc = "Return true if the handle is being configured: it has "
      "not been launched, or was shut down.",
    .tests = TESTS ({ "none", "is-config", "false\n" })),
  GETTER ("is_launching", R_BOOL, "is launching subprocess",
    .longdesc = "Return true while launch is starting the appliance.",
    .tests = TESTS ({ "none", "is-launching", "false\n" })),
  GETTER ("is_ready", R_BOOL, "is ready to accept commands",
    .longdesc = "Return true if the appliance is up and accepts "
      "commands.",
    .tests = TESTS ({ "none", "is-ready", "true\n" })),
  GETTER ("is_busy", R_BOOL, "is busy processing a command",
    .longdesc = "Always false: kept for compatibility (deprecated).",
    .tests = TESTS ({ "none", "is-busy", "false\n" })),
  GETTER ("get_pid", R_INT, "get PID of hypervisor",
    .fish_alias = "pid",
    .longdesc = "Return the process ID of the process that runs the "
      "appliance (QEMU or our VMM).  It fails if none is running.  For "
      "debugging and tests.",
    .tests = TESTS ({ "none", "get-pid | grep -cE '^[1-9][0-9]*$'",
                      "1\n" })),
  {
    .name = "set_identifier", .ret = R_ERR,
    .args = { { A_STRING, "identifier" } }, .optargs = NOOPTS,
    .fish_alias = "identifier",
    .shortdesc = "set the handle identifier",
    .longdesc = "Name the handle for debugging output: when it is not "
      "empty, trace messages start with IDENTIFIER and a colon.  It "
      "may contain only ASCII letters, digits, underscores and minus "
      "signs.  The default is empty.",
    .tests = TESTS ({ "none", "set-identifier my-handle_1\n"
      "get-identifier\nset-identifier \"bad id\"\nget-identifier\n"
      "set-identifier \"\"",
      "my-handle_1\nlibguestfs: error: set_identifier: bad id: "
      "only letters, digits, '_' and '-' are allowed\nmy-handle_1\n" }),
  },
  GETTER ("get_identifier", R_CONSTSTRING, "get the handle identifier",
    .longdesc = "Return the identifier set by set_identifier (\"\" by "
      "default).",
    .tests = TESTS ({ "none", "get-identifier", "\n" })),
  {
    .name = "set_tmpdir", .ret = R_ERR,
    .args = { { A_OPTSTRING, "tmpdir" } }, .optargs = NOOPTS,
    .fish_alias = "tmpdir",
    .shortdesc = "set the temporary directory",
    .longdesc = "Set the directory under which the handle makes its "
      "private temporary directory (for overlays, scratch disks and "
      "sockets of its appliance), which must be an absolute path.  "
      "NULL restores the default: LIBGUESTFS_TMPDIR, else TMPDIR, "
      "else /tmp, as they were when the handle was created.  It "
      "takes effect when the private directory is first needed.",
    .tests = TESTS ({ "none", "set-tmpdir /var/tmp\nget-tmpdir\n"
      "set-tmpdir relative", "/var/tmp\nlibguestfs: error: set_tmpdir: "
      "relative: must be an absolute path\n" }),
  },
  GETTER ("get_tmpdir", R_STRING, "get the temporary directory",
    .longdesc = "Return the directory under which temporary files are "
      "made.",
    .tests = TESTS ({ "none", "get-tmpdir | grep -c '^/'", "1\n" })),
  {
    .name = "set_cachedir", .ret = R_ERR,
    .args = { { A_OPTSTRING, "cachedir" } }, .optargs = NOOPTS,
    .fish_alias = "cachedir",
    .shortdesc = "set the appliance cache directory",
    .longdesc = "Set the directory where the library keeps what it "
      "caches between handles of the same user, in a subdirectory "
      ".guestkit-UID that must belong to that user and not be "
      "writable by others (today: whether KVM is fast enough here).  "
      "NULL restores the default: LIBGUESTFS_CACHEDIR, else TMPDIR, "
      "else /var/tmp.  Without an explicit choice (this call or "
      "LIBGUESTFS_CACHEDIR), the cache lives in $XDG_CACHE_HOME/guestkit "
      "or ~/.cache/guestkit.",
    .tests = TESTS ({ "none", "set-cachedir /var/cache\nget-cachedir",
                      "/var/cache\n" }),
  },
  GETTER ("get_cachedir", R_STRING, "get the appliance cache directory",
    .longdesc = "Return the cache directory.",
    .tests = TESTS ({ "none", "get-cachedir | grep -c '^/'", "1\n" })),
  GETTER ("get_sockdir", R_STRING, "get the temporary directory for sockets",
    .longdesc = "Return the directory under which the handle makes a "
      "private directory for its Unix sockets: XDG_RUNTIME_DIR if it "
      "was set when the handle was created, else /tmp.  It is separate "
      "from the temporary directory because socket paths must be "
      "short.",
    .tests = TESTS ({ "none", "get-sockdir | grep -c '^/'", "1\n" })),
  {
    .name = "set_pgroup", .ret = R_ERR, .args = { { A_BOOL, "pgroup" } },
    .optargs = NOOPTS, .fish_alias = "pgroup",
    .shortdesc = "set process group flag",
    .longdesc = "If true, the processes the handle starts (the "
      "hypervisor) are put in their own process group, so that a "
      "signal sent to the caller's group (^C in a terminal) does not "
      "reach them.  The default is false.  It takes effect at launch.",
    .tests = TESTS ({ "none", "get-pgroup\nset-pgroup true\nget-pgroup\n"
      "set-pgroup false",
                      "false\ntrue\n" }),
  },
  GETTER ("get_pgroup", R_BOOL, "get process group flag",
    .longdesc = "Return the process group flag.",
    .tests = TESTS ({ "none", "get-pgroup", "false\n" })),
  {
    .name = "set_smp", .ret = R_ERR, .args = { { A_INT, "smp" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "smp",
    .shortdesc = "set number of virtual CPUs in appliance",
    .longdesc = "Give the appliance SMP virtual CPUs (1 to 255; the "
      "default is 1).  The qemu backend passes it to -smp; our VMM "
      "runs one CPU, so with SMP above 1 the default backend is qemu.",
    .tests = TESTS ({ "none", "set-smp 2", "~before launch" }),
  },
  GETTER ("get_smp", R_INT, "get number of virtual CPUs in appliance",
    .longdesc = "Return the number of virtual CPUs given to the "
      "appliance.",
    .tests = TESTS ({ "none", "get-smp", "1\n" })),
  {
    .name = "set_network", .ret = R_ERR, .args = { { A_BOOL, "network" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "network",
    .shortdesc = "set enable network flag",
    .longdesc = "Ask for a network in the appliance (default false).  "
      "The appliance has no network support yet: with the flag set, "
      "launch fails rather than give commands a network they do not "
      "have.",
    .tests = TESTS ({ "none", "set-network true", "~before launch" }),
  },
  GETTER ("get_network", R_BOOL, "get enable network flag",
    .longdesc = "Return the network flag.",
    .tests = TESTS ({ "none", "get-network", "false\n" })),
  {
    .name = "set_recovery_proc", .ret = R_ERR,
    .args = { { A_BOOL, "recoveryproc" } }, .optargs = NOOPTS,
    .flags = FL_CONFIG, .fish_alias = "recovery-proc",
    .shortdesc = "enable or disable the recovery process",
    .longdesc = "If true (the default), the hypervisor is killed when "
      "the process that launched it dies, so that none is left "
      "running if the program aborts.  Set it to false before launch "
      "in a program that forks itself into the background after "
      "launching.",
    .tests = TESTS ({ "none", "set-recovery-proc false", "~before launch" }),
  },
  GETTER ("get_recovery_proc", R_BOOL, "get recovery process enabled flag",
    .longdesc = "Return the recovery process flag.",
    .tests = TESTS ({ "none", "get-recovery-proc", "true\n" })),
  {
    .name = "set_hv", .ret = R_ERR, .args = { { A_STRING, "hv" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "hv",
    .shortdesc = "set the hypervisor binary",
    .longdesc = "Set the QEMU binary that the qemu backend runs.  The "
      "default is the one found by configure, or LIBGUESTFS_HV if it "
      "was set when the handle was created.",
    .tests = TESTS ({ "none", "set-hv /bin/false", "~before launch" }),
  },
  GETTER ("get_hv", R_STRING, "get the hypervisor binary",
    .longdesc = "Return the QEMU binary that the qemu backend runs.",
    .tests = TESTS ({ "none", "get-hv | grep -c qemu", "1\n" })),
  {
    .name = "set_program", .ret = R_ERR, .args = { { A_STRING, "program" } },
    .optargs = NOOPTS, .fish_alias = "program",
    .shortdesc = "set the program name",
    .longdesc = "Set the program name kept in the handle, for "
      "information.  It starts as the base name of the running "
      "program.",
    .tests = TESTS ({ "none", "get-program\nset-program tool\nget-program\n"
      "set-program guestfish",
                      "guestfish\ntool\n" }),
  },
  GETTER ("get_program", R_CONSTSTRING, "get the program name",
    .longdesc = "Return the program name.",
    .tests = TESTS ({ "none", "get-program", "guestfish\n" })),
  {
    .name = "set_backend_settings", .ret = R_ERR,
    .args = { { A_STRINGLIST, "settings" } }, .optargs = NOOPTS,
    .flags = FL_CONFIG, .fish_alias = "backend-settings",
    .shortdesc = "replace per-backend settings strings",
    .longdesc = "Replace the backend settings: strings that the "
      "backends read (\"force_tcg\", \"force_kvm\" for qemu) and ignore "
      "when they do not know them.  The default comes from "
      "LIBGUESTFS_BACKEND_SETTINGS, a colon-separated list, when the "
      "handle is created.",
    .tests = TESTS ({ "none", "set-backend-settings force_tcg",
                      "~before launch" }),
  },
  GETTER ("get_backend_settings", R_STRINGLIST, "get per-backend settings",
    .longdesc = "Return all the backend settings.",
    .tests = TESTS ({ "none", "set-backend-setting a 1\n"
      "set-backend-setting b \"\"\nget-backend-settings | grep -E '^(a|b)='",
      "a=1\nb=\n" })),
  {
    .name = "set_backend_setting", .ret = R_ERR,
    .args = { { A_STRING, "name" }, { A_STRING, "val" } },
    .optargs = NOOPTS,
    .shortdesc = "set a single per-backend settings string",
    .longdesc = "Add the setting NAME=VAL, replacing every setting "
      "called NAME (whether NAME or NAME=something).",
    .tests = TESTS ({ "none", "set-backend-setting s1 x\n"
      "set-backend-setting s1 y\nget-backend-settings | grep -c '^s1'\n"
      "get-backend-setting s1", "1\ny\n" }),
  },
  {
    .name = "get_backend_setting", .ret = R_STRING,
    .args = { { A_STRING, "name" } }, .optargs = NOOPTS,
    .shortdesc = "get a single per-backend settings string",
    .longdesc = "Return the value of the setting NAME: what follows "
      "\"NAME=\", or \"1\" if the setting is just NAME.  It fails with "
      "errno ESRCH if there is none.",
    .tests = TESTS ({ "none", "set-backend-setting g1 v\n"
      "get-backend-setting g1\nget-backend-setting no-such-setting",
      "v\nlibguestfs: error: get_backend_setting: no-such-setting: "
      "no such backend setting\n" }),
  },
  {
    .name = "clear_backend_setting", .ret = R_INT,
    .args = { { A_STRING, "name" } }, .optargs = NOOPTS,
    .shortdesc = "remove a single per-backend settings string",
    .longdesc = "Remove every setting called NAME (NAME or "
      "NAME=something) and return how many were removed.",
    .tests = TESTS ({ "none", "set-backend-setting c1 1\n"
      "clear-backend-setting c1\nclear-backend-setting c1", "1\n0\n" }),
  },
  {
    .name = "user_cancel", .ret = R_ERR, .args = NOARGS, .optargs = NOOPTS,
    .flags = FL_NOT_IN_FISH | FL_NO_LOCK,
    .shortdesc = "cancel the current upload or download operation",
    .longdesc = "Stop the upload or download in progress soon: it then "
      "fails with errno EINTR.  What was transferred stays.  Unlike "
      "other calls, this one may be called from a signal handler or "
      "another thread.",
  },
  {
    .name = "set_qemu", .deprecated_by = "set_hv", .ret = R_ERR, .args = { { A_OPTSTRING, "hv" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "qemu",
    .shortdesc = "set the hypervisor binary (usually qemu)",
    .longdesc = "Deprecated: use set_hv.  The same, except that NULL "
      "restores the default.",
    .tests = TESTS ({ "none", "set-qemu /bin/false", "~before launch" }),
  },
  GETTER ("get_qemu", R_CONSTSTRING, "get the hypervisor binary (usually qemu)",
    .deprecated_by = "get_hv",
    .longdesc = "Deprecated: use get_hv, which this is the same as.",
    .tests = TESTS ({ "none", "get-qemu | grep -c qemu", "1\n" })),
  { .name = NULL }
};
