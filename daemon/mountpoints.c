/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<mkmountpoint>, C<rmmountpoint>, C<remount>
 * and C<mount_loop>.
 *
 * The appliance's own root is read-only, so C<mkmountpoint> without a
 * guest root first mounts a small tmpfs on F</sysroot> (source
 * C<MKMOUNTPOINT_ROOT>) to stand in for the root; the directories are
 * made in it, and it goes when the last one is removed (or at
 * C<umount_all>).  With a guest root, they are made in the guest.
 *
 * C<mount_loop> attaches a regular guest file, opened inside the
 * guest root, to a free loop device that clears itself when the
 * filesystem is unmounted.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <linux/loop.h>

#include "daemon.h"
#include "actions.h"

#define MOUNTINFO "/proc/self/mountinfo"
/* Bit of optargs_bitmask of remount's "rw". */
#define OPT_RW (UINT64_C (1) << 0)

/* True if the stand-in root of mkmountpoint is what is mounted on
 * SYSROOT (the last mount there). */
static bool
standin_root_mounted (void)
{
  CLEANUP_FCLOSE FILE *fp = fopen (MOUNTINFO, "re");
  CLEANUP_FREE char *line = NULL;
  size_t alloc = 0;
  bool ours = false;

  while (fp != NULL && getline (&line, &alloc, fp) != -1) {
    if (strstr (line, " " SYSROOT " ") == NULL)
      continue;
    ours = strstr (line, " - tmpfs " MKMOUNTPOINT_ROOT " ") != NULL;
  }
  return ours;
}

/* Mount the stand-in root unless a root is mounted.  0 or -1 after
 * replying. */
static int
ensure_root (void)
{
  if (is_root_mounted ())
    return 0;
  root_cache_drop ();
  if (mount (MKMOUNTPOINT_ROOT, SYSROOT, "tmpfs", MS_NOSUID | MS_NODEV,
             "mode=0755,size=1m,nr_inodes=4096") == -1) {
    reply_with_perror ("mount tmpfs on %s", SYSROOT);
    return -1;
  }
  return 0;
}

/* True if the directory SYSROOT is empty. */
static bool
sysroot_is_empty (void)
{
  DIR *dir = opendir (SYSROOT);
  struct dirent *d;
  bool empty = true;

  if (dir == NULL)
    return false;
  while (empty && (d = readdir (dir)) != NULL)
    if (strcmp (d->d_name, ".") != 0 && strcmp (d->d_name, "..") != 0)
      empty = false;
  closedir (dir);
  return empty;
}

/* Check EXEMPTPATH and open its parent.  -1 after replying. */
static int
open_mountpoint_parent (const char *path, char **base)
{
  int fd;

  if (path[0] != '/' || strlen (path) > DAEMON_MAX_PATH) {
    reply_with_error_errno (EINVAL, "%s: must be an absolute path", path);
    return -1;
  }
  fd = open_parent_in_root (path, base);
  if (fd == -1)
    reply_with_perror ("%s", path);
  return fd;
}

/**
 * Create the directory C<exemptpath> to mount something on, in the
 * guest root or, if none is mounted, in a stand-in root.
 */
int
do_mkmountpoint (const char *exemptpath)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int fd = -1;

  if (exemptpath[0] != '/') {
    reply_with_error_errno (EINVAL, "%s: must be an absolute path",
                            exemptpath);
    return -1;
  }
  if (ensure_root () == -1)
    return -1;
  fd = open_mountpoint_parent (exemptpath, &base);
  if (fd == -1)
    return -1;
  if (mkdirat (fd, base, 0755) == -1) {
    reply_with_perror ("%s", exemptpath);
    return -1;
  }
  return 0;
}

/**
 * Remove the directory C<exemptpath> made by mkmountpoint; the
 * stand-in root goes with the last one.
 */
int
do_rmmountpoint (const char *exemptpath)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int fd = open_mountpoint_parent (exemptpath, &base);

  if (fd == -1)
    return -1;
  if (unlinkat (fd, base, AT_REMOVEDIR) == -1) {
    reply_with_perror ("%s", exemptpath);
    return -1;
  }
  if (standin_root_mounted () && sysroot_is_empty ()) {
    root_cache_drop ();
    umount2 (SYSROOT, UMOUNT_NOFOLLOW);
  }
  return 0;
}

/* The MS_* flags matching the per-mount ST_* flags of a mount. */
static unsigned long
kept_flags (unsigned long st)
{
  unsigned long f = 0;

  if (st & ST_NOSUID) f |= MS_NOSUID;
  if (st & ST_NODEV) f |= MS_NODEV;
  if (st & ST_NOEXEC) f |= MS_NOEXEC;
  if (st & ST_NOATIME) f |= MS_NOATIME;
  if (st & ST_NODIRATIME) f |= MS_NODIRATIME;
  if (st & ST_RELATIME) f |= MS_RELATIME;
  return f;
}

/**
 * Make the filesystem mounted at C<mountpoint> read-write (C<rw>
 * true) or read-only, keeping its other mount flags.
 */
int
do_remount (const char *mountpoint, int rw)
{
  CLEANUP_CLOSE int fd = -1;
  struct statx stx;
  struct statvfs sv;
  char target[64];

  if (!(optargs_bitmask & OPT_RW)) {
    reply_with_error_errno (EINVAL, "rw must be given");
    return -1;
  }
  fd = open_in_root (mountpoint, O_PATH | O_DIRECTORY, 0);
  if (fd == -1 || statx (fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) ||
      fstatvfs (fd, &sv) == -1) {
    reply_with_perror ("%s", mountpoint);
    return -1;
  }
  if (!(stx.stx_attributes & STATX_ATTR_MOUNT_ROOT)) {
    reply_with_error_errno (EINVAL, "%s: not a mount point", mountpoint);
    return -1;
  }
  snprintf (target, sizeof target, "/proc/self/fd/%d", fd);
  root_cache_drop ();
  if (mount (NULL, target, NULL, MS_REMOUNT | kept_flags (sv.f_flag) |
             (rw ? 0 : MS_RDONLY), NULL) == -1) {
    reply_with_perror ("%s", mountpoint);
    return -1;
  }
  return 0;
}

/* Open the guest file FILE for a loop device: a regular file, read-
 * write if possible.  Returns an fd, or -1 after replying. */
static int
open_image (const char *file)
{
  CLEANUP_CLOSE int pfd = open_in_root (file, O_PATH, 0);
  struct stat st;
  char proc[64];
  int fd;

  if (pfd == -1 || fstat (pfd, &st) == -1) {
    reply_with_perror ("%s", file);
    return -1;
  }
  if (!S_ISREG (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: not a regular file", file);
    return -1;
  }
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", pfd);
  fd = open (proc, O_RDWR | O_CLOEXEC);
  if (fd == -1 && (errno == EROFS || errno == EACCES))
    fd = open (proc, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    reply_with_perror ("%s", file);
  return fd;
}

/* Open /dev/loop-control, loading the loop module if needed. */
static int
open_loop_control (void)
{
  int fd = open ("/dev/loop-control", O_RDWR | O_CLOEXEC);

  if (fd == -1 && errno == ENOENT) {
    command (NULL, NULL, "modprobe", "loop", NULL);
    fd = open ("/dev/loop-control", O_RDWR | O_CLOEXEC);
  }
  if (fd == -1)
    reply_with_perror ("/dev/loop-control");
  return fd;
}

/* Attach IMAGE_FD to a free loop device, which clears itself on its
 * last close or unmount.  Returns the loop device's fd and its name
 * in NAME, or -1 after replying. */
static int
attach_loop (int image_fd, char *name, size_t size)
{
  CLEANUP_CLOSE int ctl = open_loop_control ();
  struct loop_info64 info = { .lo_flags = LO_FLAGS_AUTOCLEAR };
  int nr, fd;

  if (ctl == -1)
    return -1;
  nr = ioctl (ctl, LOOP_CTL_GET_FREE);
  if (nr < 0) {
    reply_with_perror ("LOOP_CTL_GET_FREE");
    return -1;
  }
  snprintf (name, size, "/dev/loop%d", nr);
  fd = open (name, O_RDWR | O_CLOEXEC);
  if (fd == -1 || ioctl (fd, LOOP_SET_FD, image_fd) == -1) {
    reply_with_perror ("%s", name);
    if (fd >= 0)
      close (fd);
    return -1;
  }
  if (ioctl (fd, LOOP_SET_STATUS64, &info) == -1) {
    reply_with_perror ("%s: LOOP_SET_STATUS64", name);
    ioctl (fd, LOOP_CLR_FD, 0);
    close (fd);
    return -1;
  }
  return fd;
}

/**
 * Mount the filesystem image in the guest file C<file> on
 * C<mountpoint> through a loop device.
 */
int
do_mount_loop (const char *file, const char *mountpoint)
{
  CLEANUP_CLOSE int image = open_image (file);
  CLEANUP_CLOSE int loop = -1;
  char name[64];

  if (image == -1)
    return -1;
  loop = attach_loop (image, name, sizeof name);
  if (loop == -1)
    return -1;
  if (do_mount_vfs ("", "", name, mountpoint) == -1) {
    ioctl (loop, LOOP_CLR_FD, 0);
    return -1;
  }
  return 0;
}
