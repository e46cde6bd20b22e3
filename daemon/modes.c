/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the attribute commands C<chmod>, C<chown>,
 * C<lchown>, C<umask>, C<get_umask>, C<utimens> and
 * C<copy_attributes>.
 *
 * The file is opened with C<O_PATH> inside the guest root (with
 * C<O_NOFOLLOW> where a symlink itself is meant) and changed through
 * that fd: C<fchownat (AT_EMPTY_PATH)>, or F</proc/self/fd/N> for the
 * calls that have no fd form.  The umask is the daemon's own, so it
 * applies to every file the daemon creates afterwards.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "daemon.h"
#include "actions.h"

/* "/proc/self/fd/N" for FD into BUF. */
#define FD_LINK(buf, fd) snprintf ((buf), sizeof (buf), "/proc/self/fd/%d", (fd))

/* chmod the file behind the O_PATH fd FD.  Returns 0 or -1 (errno). */
static int
chmod_fd (int fd, mode_t mode)
{
  char link[64];

  FD_LINK (link, fd);
  return chmod (link, mode);
}

/**
 * Set the mode of C<path> (following symlinks) to C<mode>.
 */
int
do_chmod (int mode, const char *path)
{
  CLEANUP_CLOSE int fd = -1;

  if (mode < 0) {
    reply_with_error_errno (EINVAL, "%s: mode is negative", path);
    return -1;
  }
  fd = open_in_root (path, O_PATH, 0);
  if (fd == -1 || chmod_fd (fd, mode) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}

/* chown PATH (the symlink itself unless FOLLOW).  Returns 0 or -1
 * after replying. */
static int
chown_path (int owner, int group, const char *path, bool follow)
{
  CLEANUP_CLOSE int fd =
    open_in_root (path, O_PATH | (follow ? 0 : O_NOFOLLOW), 0);

  if (fd == -1 ||
      fchownat (fd, "", (uid_t) owner, (gid_t) group, AT_EMPTY_PATH) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}

/**
 * Set the owner and group of C<path>, following symlinks.
 */
int
do_chown (int owner, int group, const char *path)
{
  return chown_path (owner, group, path, true);
}

/**
 * Set the owner and group of C<path> (a symlink itself).
 */
int
do_lchown (int owner, int group, const char *path)
{
  return chown_path (owner, group, path, false);
}

/**
 * Set the daemon's umask to C<mask> & 0777; return the old one.
 */
int
do_umask (int mask)
{
  if (mask < 0) {
    reply_with_error_errno (EINVAL, "mask is negative");
    return -1;
  }
  return umask (mask & 0777);
}

/**
 * Return the daemon's umask.
 */
int
do_get_umask (void)
{
  mode_t m = umask (022);

  umask (m);
  return m;
}

/* One timespec for utimensat from the API's secs and nsecs. */
static struct timespec
make_time (int64_t secs, int64_t nsecs)
{
  struct timespec ts = { .tv_sec = secs, .tv_nsec = nsecs };

  if (nsecs == -1)
    ts.tv_nsec = UTIME_NOW;
  else if (nsecs == -2)
    ts.tv_nsec = UTIME_OMIT;
  return ts;
}

/**
 * Set the access and modification times of C<path> (a symlink
 * itself); nsecs -1 means now, -2 unchanged.
 */
int
do_utimens (const char *path, int64_t atsecs, int64_t atnsecs,
            int64_t mtsecs, int64_t mtnsecs)
{
  struct timespec ts[2] = {
    make_time (atsecs, atnsecs), make_time (mtsecs, mtnsecs)
  };
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int fd = open_parent_in_root (path, &base);
  int r;

  if ((atnsecs < -2 || atnsecs > 999999999) ||
      (mtnsecs < -2 || mtnsecs > 999999999)) {
    reply_with_error_errno (EINVAL, "nanoseconds out of range");
    return -1;
  }
  if (fd == -1 && errno == EINVAL) {    /* the root directory */
    fd = open_in_root (path, O_RDONLY | O_DIRECTORY, 0);
    r = fd == -1 ? -1 : futimens (fd, ts);
  }
  else
    r = fd == -1 ? -1 : utimensat (fd, base, ts, AT_SYMLINK_NOFOLLOW);
  if (r == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}

/* Copy one extended attribute NAME from SRC to DEST (proc links). */
static int
copy_xattr (const char *src, const char *dest, const char *name)
{
  CLEANUP_FREE char *val = NULL;
  ssize_t len = getxattr (src, name, NULL, 0);

  if (len == -1)
    return -1;
  val = malloc (len + 1);
  if (val == NULL)
    return -1;
  len = getxattr (src, name, val, len);
  if (len == -1)
    return -1;
  return setxattr (dest, name, val, len, 0);
}

/* Copy every extended attribute of the file behind SFD to DFD.
 * Returns 0 or -1 (errno); no xattr support counts as none. */
static int
copy_xattrs (int sfd, int dfd)
{
  char src[64], dest[64];
  CLEANUP_FREE char *names = NULL;
  ssize_t len, i;

  FD_LINK (src, sfd);
  FD_LINK (dest, dfd);
  len = listxattr (src, NULL, 0);
  if (len == -1)
    return errno == ENOTSUP ? 0 : -1;
  names = malloc (len + 1);
  if (names == NULL)
    return -1;
  len = listxattr (src, names, len);
  if (len == -1)
    return -1;
  for (i = 0; i < len; i += strlen (names + i) + 1)
    if (copy_xattr (src, dest, names + i) == -1)
      return -1;
  return 0;
}

/* Is the optional argument BIT wanted: its VALUE if given, else ALL. */
static bool
wanted (int bit, int value, bool all)
{
  return (optargs_bitmask & (UINT64_C(1) << bit)) ? value != 0 : all;
}

/**
 * Copy the mode, extended attributes and/or ownership of C<src> to
 * C<dest>, as the optional arguments ask.
 */
int
do_copy_attributes (const char *src, const char *dest, int all,
                    int mode, int xattributes, int ownership)
{
  CLEANUP_CLOSE int sfd = open_in_root (src, O_PATH, 0);
  CLEANUP_CLOSE int dfd = -1;
  bool every = wanted (0, all, false);
  struct stat st;

  if (sfd == -1 || fstat (sfd, &st) == -1) {
    reply_with_perror ("%s", src);
    return -1;
  }
  dfd = open_in_root (dest, O_PATH, 0);
  if (dfd == -1 ||
      (wanted (3, ownership, every) &&
       fchownat (dfd, "", st.st_uid, st.st_gid, AT_EMPTY_PATH) == -1) ||
      (wanted (2, xattributes, every) && copy_xattrs (sfd, dfd) == -1) ||
      (wanted (1, mode, every) && chmod_fd (dfd, st.st_mode & 07777) == -1)) {
    reply_with_perror ("%s", dest);
    return -1;
  }
  return 0;
}
