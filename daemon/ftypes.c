/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the file-type tests C<is_blockdev>,
 * C<is_chardev>, C<is_fifo>, C<is_socket> and C<is_symlink>, and the
 * deprecated C<stat> and C<lstat>.
 *
 * The path is opened with C<O_PATH> inside the guest root (with
 * C<O_NOFOLLOW> unless symlinks are to be followed) and the fd is
 * queried, so a special file is never opened for I/O.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"

/* Stat PATH into *ST, following a final symlink if FOLLOW.  Returns
 * 1, 0 if there is nothing there, or -1 (errno). */
static int
stat_in_root (const char *path, bool follow, struct stat *st)
{
  CLEANUP_CLOSE int fd =
    open_in_root (path, O_PATH | (follow ? 0 : O_NOFOLLOW), 0);

  if (fd == -1)
    return errno == ENOENT || errno == ENOTDIR || errno == ELOOP ? 0 : -1;
  return fstat (fd, st) == -1 ? -1 : 1;
}

/* True if PATH is of the file type TYPE (S_IFMT bits). */
static int
is_type (const char *path, bool follow, mode_t type)
{
  struct stat st;
  int r = stat_in_root (path, follow, &st);

  if (r == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return r == 1 && (st.st_mode & S_IFMT) == type;
}

/**
 * True if C<path> is a block device node.
 */
int
do_is_blockdev (const char *path, int followsymlinks)
{
  return is_type (path, followsymlinks, S_IFBLK);
}

/**
 * True if C<path> is a character device node.
 */
int
do_is_chardev (const char *path, int followsymlinks)
{
  return is_type (path, followsymlinks, S_IFCHR);
}

/**
 * True if C<path> is a FIFO.
 */
int
do_is_fifo (const char *path, int followsymlinks)
{
  return is_type (path, followsymlinks, S_IFIFO);
}

/**
 * True if C<path> is a Unix domain socket.
 */
int
do_is_socket (const char *path, int followsymlinks)
{
  return is_type (path, followsymlinks, S_IFSOCK);
}

/**
 * True if C<path> is a symbolic link.
 */
int
do_is_symlink (const char *path)
{
  return is_type (path, false, S_IFLNK);
}

/* The deprecated stat struct of PATH.  NULL after replying. */
static guestfs_int_stat *
old_stat (const char *path, bool follow)
{
  CLEANUP_CLOSE int fd =
    open_in_root (path, O_PATH | (follow ? 0 : O_NOFOLLOW), 0);
  guestfs_int_stat *ret;
  struct stat st;

  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  ret = malloc (sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  ret->dev = st.st_dev;
  ret->ino = st.st_ino;
  ret->mode = st.st_mode;
  ret->nlink = st.st_nlink;
  ret->uid = st.st_uid;
  ret->gid = st.st_gid;
  ret->rdev = st.st_rdev;
  ret->size = st.st_size;
  ret->blksize = st.st_blksize;
  ret->blocks = st.st_blocks;
  ret->atime = st.st_atim.tv_sec;
  ret->mtime = st.st_mtim.tv_sec;
  ret->ctime = st.st_ctim.tv_sec;
  return ret;
}

/**
 * Deprecated: the stat(2) information of C<path>, symlinks followed.
 */
guestfs_int_stat *
do_stat (const char *path)
{
  return old_stat (path, true);
}

/**
 * Deprecated: the lstat(2) information of C<path>.
 */
guestfs_int_stat *
do_lstat (const char *path)
{
  return old_stat (path, false);
}
