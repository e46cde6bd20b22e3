/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the C<blockdev_*> calls (sector and block
 * size, size in sectors, read-only flag, flushing buffers, rereading
 * the partition table, readahead) and C<is_whole_device>.
 *
 * libguestfs runs blockdev(8) for these; we issue the same ioctls
 * directly, on a device name the generated stub has already checked
 * and translated.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/fs.h>

#include "daemon.h"
#include "actions.h"

/* Open DEVICE for an ioctl.  Returns the fd or -1 after replying. */
static int
open_device (const char *device)
{
  int fd = open (device, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

  if (fd == -1)
    reply_with_perror ("open: %s", device);
  return fd;
}

/* Issue the ioctl REQ with an int argument on DEVICE; *VAL passes the
 * value in and out.  Returns 0 or -1 after replying. */
static int
int_ioctl (const char *device, unsigned long req, const char *name,
           int *val)
{
  CLEANUP_CLOSE int fd = open_device (device);

  if (fd == -1)
    return -1;
  if (ioctl (fd, req, val) == -1) {
    reply_with_perror ("ioctl: %s: %s", device, name);
    return -1;
  }
  return 0;
}

/**
 * Return the logical sector size of C<device>.
 */
int
do_blockdev_getss (const char *device)
{
  int ss = 0;

  if (int_ioctl (device, BLKSSZGET, "BLKSSZGET", &ss) == -1)
    return -1;
  return ss;
}

/**
 * Return the kernel's soft block size for C<device>.
 */
int
do_blockdev_getbsz (const char *device)
{
  int bsz = 0;

  if (int_ioctl (device, BLKBSZGET, "BLKBSZGET", &bsz) == -1)
    return -1;
  return bsz;
}

/**
 * Return the size of C<device> in 512-byte units.
 */
int64_t
do_blockdev_getsz (const char *device)
{
  int64_t size = do_blockdev_getsize64 (device);

  return size == -1 ? -1 : size / 512;
}

/**
 * Return 1 if C<device> is read-only, 0 if not.
 */
int
do_blockdev_getro (const char *device)
{
  int ro = 0;

  if (int_ioctl (device, BLKROGET, "BLKROGET", &ro) == -1)
    return -1;
  return ro != 0;
}

/**
 * Make C<device> read-only.
 */
int
do_blockdev_setro (const char *device)
{
  int ro = 1;

  return int_ioctl (device, BLKROSET, "BLKROSET", &ro);
}

/**
 * Make C<device> read-write.
 */
int
do_blockdev_setrw (const char *device)
{
  int ro = 0;

  return int_ioctl (device, BLKROSET, "BLKROSET", &ro);
}

/* Issue an ioctl without argument on DEVICE.  0 or -1 after replying. */
static int
plain_ioctl (const char *device, unsigned long req, const char *name)
{
  CLEANUP_CLOSE int fd = open_device (device);

  if (fd == -1)
    return -1;
  if (ioctl (fd, req, 0) == -1) {
    reply_with_perror ("ioctl: %s: %s", device, name);
    return -1;
  }
  return 0;
}

/**
 * Write out and drop the kernel's buffers of C<device>.
 */
int
do_blockdev_flushbufs (const char *device)
{
  CLEANUP_CLOSE int fd = open_device (device);

  if (fd == -1)
    return -1;
  if (fsync (fd) == -1) {
    reply_with_perror ("fsync: %s", device);
    return -1;
  }
  if (ioctl (fd, BLKFLSBUF, 0) == -1) {
    reply_with_perror ("ioctl: %s: BLKFLSBUF", device);
    return -1;
  }
  return 0;
}

/**
 * Make the kernel reread the partition table of C<device>.
 */
int
do_blockdev_rereadpt (const char *device)
{
  return plain_ioctl (device, BLKRRPART, "BLKRRPART");
}

/**
 * Set the readahead of C<device> to C<sectors> 512-byte sectors.
 */
int
do_blockdev_setra (const char *device, int sectors)
{
  CLEANUP_CLOSE int fd = -1;

  if (sectors < 0) {
    reply_with_error_errno (EINVAL, "sectors %d: out of range", sectors);
    return -1;
  }
  fd = open_device (device);
  if (fd == -1)
    return -1;
  if (ioctl (fd, BLKRASET, (unsigned long) sectors) == -1) {
    reply_with_perror ("ioctl: %s: BLKRASET", device);
    return -1;
  }
  return 0;
}

/**
 * Return 1 if C<device> is a whole disk (its sysfs entry has a
 * F<device> link), 0 for partitions and device-mapper devices.
 */
int
do_is_whole_device (const char *device)
{
  char path[128];
  struct stat st;

  if (stat (device, &st) == -1) {
    reply_with_perror ("%s", device);
    return -1;
  }
  snprintf (path, sizeof path, "/sys/dev/block/%u:%u/device",
            major (st.st_rdev), minor (st.st_rdev));
  return access (path, F_OK) == 0;
}
