/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the calls that work on a filesystem of any
 * type: C<set_label>, C<set_uuid>, C<set_uuid_random> (each picks the
 * tool of the filesystem's type, found with blkid),
 * C<vfs_minimum_size>, C<fsck>, C<wipefs>, C<filesystem_available>
 * and C<fstrim>.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/fs.h>

#include "daemon.h"
#include "mountable.h"
#include "actions.h"

#define MAX_NAME 32

static bool
is_ext (const char *type)
{
  return strcmp (type, "ext2") == 0 || strcmp (type, "ext3") == 0 ||
    strcmp (type, "ext4") == 0;
}

static int
not_supported (const char *what, const char *type)
{
  reply_with_error_errno (ENOTSUP, "%s is not supported for %s "
                          "filesystems", what, type);
  return -1;
}

/* A filesystem type or name: [a-z0-9_], 1 to MAX_NAME bytes. */
static int
check_name (const char *what, const char *name)
{
  size_t len = strlen (name);

  if (len == 0 || len > MAX_NAME ||
      strspn (name, "abcdefghijklmnopqrstuvwxyz0123456789_") != len) {
    reply_with_error_errno (EINVAL, "%s: invalid %s", name, what);
    return -1;
  }
  return 0;
}

/* The label tool and the longest label of TYPE; NULL if none. */
static const char *
label_tool (const char *type, size_t *max)
{
  static const struct { const char *type, *tool; size_t max; } t[] = {
    { "ext2", "e2label", 16 }, { "ext3", "e2label", 16 },
    { "ext4", "e2label", 16 }, { "xfs", "xfs_admin", 12 },
    { "btrfs", "btrfs", 255 }, { "ntfs", "ntfslabel", 128 },
    { "vfat", "fatlabel", 11 }, { "msdos", "fatlabel", 11 },
    { "swap", "swaplabel", 16 },
  };
  size_t i;

  for (i = 0; i < sizeof t / sizeof t[0]; i++)
    if (strcmp (type, t[i].type) == 0) {
      *max = t[i].max;
      return t[i].tool;
    }
  return NULL;
}

/**
 * Set the label of the filesystem (or swap area) on C<mountable>.
 */
int
do_set_label (const char *arg, const char *label)
{
  CLEANUP_FREE char *mountable = mountable_device_or_reply (arg);
  CLEANUP_FREE char *type = mountable ? fs_type_of (mountable) : NULL;
  const char *tool, *argv[8];
  size_t max = 0, n = 0;

  if (type == NULL)
    return -1;
  tool = label_tool (type, &max);
  if (tool == NULL)
    return not_supported ("setting the label", type);
  if (strlen (label) > max) {
    reply_with_error_errno (ERANGE, "%s: %s labels are limited to %zu "
                            "bytes", label, type, max);
    return -1;
  }
  argv[n++] = tool;
  if (strcmp (tool, "xfs_admin") == 0 || strcmp (tool, "swaplabel") == 0) {
    argv[n++] = "-L";
    argv[n++] = label;
    argv[n++] = mountable;
  } else {
    if (strcmp (tool, "btrfs") == 0) {
      argv[n++] = "filesystem";
      argv[n++] = "label";
    }
    /* The label is positional: "--" keeps one starting with '-' from
     * being read as an option.  e2label parses no options, and
     * ntfslabel stops reading arguments at "--". */
    if (strcmp (tool, "ntfslabel") == 0 && label[0] == '-') {
      reply_with_error_errno (EINVAL, "%s: ntfs labels cannot start with "
                              "'-' here", label);
      return -1;
    }
    if (strcmp (tool, "e2label") != 0 && strcmp (tool, "ntfslabel") != 0)
      argv[n++] = "--";
    argv[n++] = mountable;
    argv[n++] = label;
  }
  argv[n] = NULL;
  return fs_run (NULL, tool, argv);
}

/* Set the UUID of DEVICE to UUID, or a random one if UUID is NULL. */
static int
set_uuid (const char *device, const char *uuid)
{
  CLEANUP_FREE char *type = fs_type_of (device);
  char random_uuid[64];
  const char *argv[8];
  size_t n = 0;

  if (type == NULL)
    return -1;
  if (is_ext (type)) {
    argv[n++] = "tune2fs"; argv[n++] = "-f"; argv[n++] = "-U";
    argv[n++] = uuid ? uuid : "random";
  } else if (strcmp (type, "xfs") == 0) {
    argv[n++] = "xfs_admin"; argv[n++] = "-U";
    argv[n++] = uuid ? uuid : "generate";
  } else if (strcmp (type, "btrfs") == 0) {
    argv[n++] = "btrfstune"; argv[n++] = "-f";
    argv[n++] = uuid ? "-U" : "-u";
    if (uuid)
      argv[n++] = uuid;
  } else if (strcmp (type, "swap") == 0) {
    if (uuid == NULL) {
      if (read_sys_line ("/proc/sys/kernel/random/uuid", random_uuid,
                         sizeof random_uuid) == -1) {
        reply_with_perror ("reading a random UUID");
        return -1;
      }
      uuid = random_uuid;
    }
    argv[n++] = "swaplabel"; argv[n++] = "-U"; argv[n++] = uuid;
  } else
    return not_supported ("setting the UUID", type);
  argv[n++] = device;
  argv[n] = NULL;
  return fs_run (NULL, argv[0], argv);
}

/** Set the UUID of the filesystem on C<device>. */
int
do_set_uuid (const char *device, const char *uuid)
{
  return set_uuid (device, uuid);
}

/** Give the filesystem on C<device> a new random UUID. */
int
do_set_uuid_random (const char *device)
{
  return set_uuid (device, NULL);
}

/* The number after MARKER in TEXT, or -1. */
static int64_t
number_after (const char *text, const char *marker)
{
  const char *p = text ? strstr (text, marker) : NULL;
  int64_t v;

  if (p == NULL || sscanf (p + strlen (marker), "%" SCNi64, &v) != 1)
    return -1;
  return v;
}

/* Minimum size of an ext filesystem: resize2fs -P blocks times the
 * block size. */
static int64_t
ext_minimum_size (const char *device)
{
  CLEANUP_FREE char *out = NULL, *sb = NULL;
  const char *argv[] = { "resize2fs", "-P", device, NULL };
  const char *dargv[] = { "dumpe2fs", "-h", device, NULL };
  int64_t blocks, bsize;

  if (fs_run (&out, "resize2fs -P", argv) == -1 ||
      fs_run (&sb, "dumpe2fs", dargv) == -1)
    return -1;
  blocks = number_after (out, "minimum size of the filesystem:");
  bsize = number_after (sb, "\nBlock size:");
  if (blocks < 0 || bsize <= 0 || blocks > INT64_MAX / bsize) {
    reply_with_error ("could not read the minimum size from resize2fs");
    return -1;
  }
  return blocks * bsize;
}

static int64_t
ntfs_minimum_size (const char *device)
{
  CLEANUP_FREE char *out = NULL;
  const char *argv[] = { "ntfsresize", "--info", "--force",
                         "--no-progress-bar", device, NULL };
  int64_t v;

  if (fs_run (&out, "ntfsresize", argv) == -1)
    return -1;
  v = number_after (out, "You might resize at ");
  if (v < 0) {
    reply_with_error ("could not read the minimum size from ntfsresize");
    return -1;
  }
  return v;
}

/* btrfs needs a mounted filesystem: mount it on a temporary directory
 * of the appliance. */
static int64_t
btrfs_minimum_size (const char *device)
{
  CLEANUP_FREE char *out = NULL;
  char dir[FS_TMPDIR_SIZE];
  const char *argv[] = { "btrfs", "inspect-internal", "min-dev-size",
                         dir, NULL };
  int64_t v = -1;

  if (fs_mount_temp (device, "btrfs", dir) == -1)
    return -1;
  if (fs_run (&out, "btrfs", argv) == 0) {
    if (out && sscanf (out, "%" SCNi64, &v) != 1)
      v = -1;
    if (v < 0)
      reply_with_error ("could not read the minimum size from btrfs");
  }
  fs_umount_temp (dir);
  return v;
}

/**
 * Return the smallest size in bytes the filesystem on C<mountable>
 * could be shrunk to (ext2/3/4, NTFS and btrfs).
 */
int64_t
do_vfs_minimum_size (const char *arg)
{
  CLEANUP_FREE char *mountable = mountable_device_or_reply (arg);
  CLEANUP_FREE char *type = mountable ? fs_type_of (mountable) : NULL;

  if (type == NULL)
    return -1;
  if (is_ext (type))
    return ext_minimum_size (mountable);
  if (strcmp (type, "ntfs") == 0)
    return ntfs_minimum_size (mountable);
  if (strcmp (type, "btrfs") == 0)
    return btrfs_minimum_size (mountable);
  return not_supported ("getting the minimum size", type);
}

/**
 * Run C<fsck -a -t fstype device> and return its exit status.
 */
int
do_fsck (const char *fstype, const char *device)
{
  CLEANUP_FREE char *out = NULL, *err = NULL;
  const char *argv[] = { "fsck", "-a", "-t", fstype, device, NULL };
  int r;

  if (check_name ("filesystem type", fstype) == -1)
    return -1;
  r = commandrv (&out, &err, argv);
  if (r == -1) {
    trim_newline (err);
    reply_with_error ("fsck: %s", err && err[0] ? err : "failed");
  }
  return r;
}

/**
 * Erase the filesystem and RAID signatures on C<device>.
 */
int
do_wipefs (const char *device)
{
  const char *argv[] = { "wipefs", "-a", device, NULL };

  return fs_run (NULL, "wipefs", argv);
}

/* True if NAME is a line of /proc/filesystems. */
static int
in_proc_filesystems (const char *name)
{
  CLEANUP_FCLOSE FILE *fp = fopen ("/proc/filesystems", "re");
  char line[256], *p;

  if (fp == NULL) {
    reply_with_perror ("/proc/filesystems");
    return -1;
  }
  while (fgets (line, sizeof line, fp) != NULL) {
    line[strcspn (line, "\n")] = '\0';
    p = strrchr (line, '\t');
    if (strcmp (p ? p + 1 : line, name) == 0)
      return 1;
  }
  return 0;
}

/**
 * True if the appliance kernel supports the filesystem C<filesystem>
 * (its module is loaded first if there is one).
 */
int
do_filesystem_available (const char *filesystem)
{
  const char *argv[] = { "modprobe", "-q", filesystem, NULL };
  int r;

  if (check_name ("filesystem name", filesystem) == -1)
    return -1;
  r = in_proc_filesystems (filesystem);
  if (r != 0)
    return r;
  commandrv (NULL, NULL, argv);
  return in_proc_filesystems (filesystem);
}

/**
 * Give back the free space of the filesystem mounted on C<mountpoint>
 * to the device (FITRIM), limited to the optional byte range and
 * minimum extent size.
 */
int
do_fstrim (const char *mountpoint, int64_t offset, int64_t length,
           int64_t minimumfreeextent)
{
  CLEANUP_CLOSE int fd = -1;
  struct fstrim_range range = { 0, UINT64_MAX, 0 };

  if (((optargs_bitmask & 1) && fs_check_nonneg ("offset", offset) == -1) ||
      ((optargs_bitmask & 2) && fs_check_nonneg ("length", length) == -1) ||
      ((optargs_bitmask & 4) &&
       fs_check_nonneg ("minimumfreeextent", minimumfreeextent) == -1))
    return -1;
  if (optargs_bitmask & 1)
    range.start = (uint64_t) offset;
  if (optargs_bitmask & 2)
    range.len = (uint64_t) length;
  if (optargs_bitmask & 4)
    range.minlen = (uint64_t) minimumfreeextent;
  fd = open_in_root (mountpoint, O_RDONLY | O_DIRECTORY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", mountpoint);
    return -1;
  }
  sync ();
  if (ioctl (fd, FITRIM, &range) == -1) {
    reply_with_perror ("%s", mountpoint);
    return -1;
  }
  return 0;
}
