/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements access to guest paths.  Guest filesystems are
 * mounted under F</sysroot>, and a guest path such as F</etc/passwd>
 * is opened with C<openat2 (RESOLVE_IN_ROOT)> relative to a fresh fd
 * of F</sysroot>: the kernel then treats F</sysroot> as F</> for
 * every component, so neither C<..> nor an absolute symlink in the
 * guest can lead outside it.
 *
 * The fd of F</sysroot> and whether a filesystem is mounted there are
 * cached: a path call costs no lookup of F</sysroot> (each syscall is
 * dear under TCG).  Everything that can change the mounts drops the
 * cache first (C<root_cache_drop>): the daemon's mount and umount
 * calls, and every program it runs (which may mount or unmount
 * anything).  Dropping it first also matters for unmounting: an open
 * fd of F</sysroot> would make C<umount> of it fail with C<EBUSY>.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>

#include "daemon.h"

static int root_fd = -1;          /* cached O_PATH fd of SYSROOT */
static int root_mounted = -1;     /* cached is_root_mounted (), -1: unknown */

/**
 * Forget the cached F</sysroot> fd and mount state.  Call it before
 * anything that may mount or unmount (see above).
 */
void
root_cache_drop (void)
{
  if (root_fd >= 0)
    close (root_fd);
  root_fd = -1;
  root_mounted = -1;
}

/* Whether a filesystem is mounted on SYSROOT, asked of the kernel. */
static bool
root_mount_check (void)
{
  struct statx root, parent;

  if (statx (AT_FDCWD, SYSROOT, 0, STATX_BASIC_STATS, &root) == -1)
    return false;
  if (root.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
    return (root.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
  /* Old kernel: a mount point is on another device than its parent. */
  if (statx (AT_FDCWD, SYSROOT "/..", 0, STATX_BASIC_STATS, &parent) == -1)
    return false;
  return root.stx_dev_major != parent.stx_dev_major ||
    root.stx_dev_minor != parent.stx_dev_minor;
}

/**
 * True if a filesystem is mounted on F</sysroot>.
 */
bool
is_root_mounted (void)
{
  if (root_mounted == -1)
    root_mounted = root_mount_check ();
  return root_mounted;
}

/* openat2 from DIRFD with the guest root rules. */
static int
openat2_in_root (int dirfd, const char *rel, int flags, mode_t mode)
{
  struct open_how how;

  memset (&how, 0, sizeof how);
  how.flags = (unsigned) flags | O_CLOEXEC;
  if (flags & (O_CREAT | O_TMPFILE))
    how.mode = mode & 07777;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  return syscall (SYS_openat2, dirfd, rel, &how, sizeof how);
}

/**
 * Open the guest path C<path> (absolute) with C<flags> and C<mode>
 * as C<open(2)> takes them, never leaving the guest root.  The fd is
 * close-on-exec.  Returns the fd, or -1 with C<errno> set.
 */
int
open_in_root (const char *path, int flags, mode_t mode)
{
  const char *rel;

  if (path == NULL || path[0] != '/') {
    errno = EINVAL;
    return -1;
  }
  if (strlen (path) > DAEMON_MAX_PATH) {
    errno = ENAMETOOLONG;
    return -1;
  }
  rel = path + strspn (path, "/");
  if (*rel == '\0')
    rel = ".";
  if (root_fd == -1)
    root_fd = open (SYSROOT, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd == -1)
    return -1;
  return openat2_in_root (root_fd, rel, flags, mode);
}

/* Split PATH into a malloc'd parent path and last component.
 * Returns 0, or -1 with errno set. */
static int
split_path (const char *path, char **parent_r, char **base_r)
{
  size_t len = strlen (path);
  size_t start;

  while (len > 1 && path[len - 1] == '/')
    len--;                      /* "/a/b/" is "/a/b" */
  start = len;
  while (start > 0 && path[start - 1] != '/')
    start--;
  if (start == len ||
      (len - start == 1 && path[start] == '.') ||
      (len - start == 2 && path[start] == '.' && path[start + 1] == '.')) {
    errno = EINVAL;             /* "/", "." or ".." */
    return -1;
  }
  *base_r = strndup (path + start, len - start);
  *parent_r = strndup (path, start);
  if (*base_r == NULL || *parent_r == NULL) {
    free (*base_r);
    free (*parent_r);
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

/**
 * Open the directory holding C<path> inside the guest root (an
 * C<O_PATH> fd, usable with the C<*at> calls) and return it;
 * C<*basename_r> gets the last component, malloc'd.  Calls on the
 * component with C<AT_SYMLINK_NOFOLLOW> (or C<unlinkat>, C<mkdirat>)
 * never follow a guest symlink out of the root.  Returns -1 with
 * C<errno> set: C<EINVAL> if C<path> is F</> or ends in C<.> or
 * C<..>.
 */
int
open_parent_in_root (const char *path, char **basename_r)
{
  CLEANUP_FREE char *parent = NULL;
  char *base = NULL;
  int fd;

  if (path == NULL || path[0] != '/') {
    errno = EINVAL;
    return -1;
  }
  if (split_path (path, &parent, &base) == -1)
    return -1;
  fd = open_in_root (parent, O_PATH | O_DIRECTORY, 0);
  if (fd == -1) {
    int saved = errno;
    free (base);
    errno = saved;
    return -1;
  }
  *basename_r = base;
  return fd;
}

/**
 * Return C<"/sysroot" + path>, malloc'd, or NULL on ENOMEM.  Only
 * for programs that need a host path, after the path was checked
 * with C<open_in_root>.
 */
char *
sysroot_path (const char *path)
{
  char *ret;

  if (asprintf (&ret, "%s%s", SYSROOT, path) == -1)
    return NULL;
  return ret;
}
