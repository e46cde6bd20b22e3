/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<statns>, C<lstatns>, C<statvfs> and the
 * deprecated C<stat> and C<lstat>: the
 * path is opened with C<O_PATH> inside the guest root (with
 * C<O_NOFOLLOW> for C<lstatns>) and the fd is queried.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "daemon.h"
#include "actions.h"

/* Stat PATH (following a final symlink if FOLLOW) into a new struct.
 * Returns NULL after replying. */
/**
 * Fill the statns struct V from ST (shared with lstatnslist).
 */
void
stat_to_statns (const struct stat *st, guestfs_int_statns *v)
{
  memset (v, 0, sizeof *v);
  v->st_dev = st->st_dev;
  v->st_ino = st->st_ino;
  v->st_mode = st->st_mode;
  v->st_nlink = st->st_nlink;
  v->st_uid = st->st_uid;
  v->st_gid = st->st_gid;
  v->st_rdev = st->st_rdev;
  v->st_size = st->st_size;
  v->st_blksize = st->st_blksize;
  v->st_blocks = st->st_blocks;
  v->st_atime_sec = st->st_atim.tv_sec;
  v->st_atime_nsec = st->st_atim.tv_nsec;
  v->st_mtime_sec = st->st_mtim.tv_sec;
  v->st_mtime_nsec = st->st_mtim.tv_nsec;
  v->st_ctime_sec = st->st_ctim.tv_sec;
  v->st_ctime_nsec = st->st_ctim.tv_nsec;
}

static guestfs_int_statns *
stat_path (const char *path, bool follow)
{
  CLEANUP_CLOSE int fd =
    open_in_root (path, O_PATH | (follow ? 0 : O_NOFOLLOW), 0);
  guestfs_int_statns *ret;
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
  stat_to_statns (&st, ret);
  return ret;
}

/**
 * Return the stat(2) information of C<path>, following symlinks.
 */
guestfs_int_statns *
do_statns (const char *path)
{
  return stat_path (path, true);
}

/**
 * Return the lstat(2) information of C<path> (a symlink itself).
 */
guestfs_int_statns *
do_lstatns (const char *path)
{
  return stat_path (path, false);
}

/* The deprecated stat struct of PATH (seconds only).  NULL after
 * replying. */
static guestfs_int_stat *
old_stat (const char *path, bool follow)
{
  CLEANUP_FREE guestfs_int_statns *ns = stat_path (path, follow);
  guestfs_int_stat *ret;

  if (ns == NULL)
    return NULL;
  ret = malloc (sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  *ret = (guestfs_int_stat) {
    .dev = ns->st_dev, .ino = ns->st_ino, .mode = ns->st_mode,
    .nlink = ns->st_nlink, .uid = ns->st_uid, .gid = ns->st_gid,
    .rdev = ns->st_rdev, .size = ns->st_size, .blksize = ns->st_blksize,
    .blocks = ns->st_blocks, .atime = ns->st_atime_sec,
    .mtime = ns->st_mtime_sec, .ctime = ns->st_ctime_sec,
  };
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

/**
 * Return the statvfs(3) figures of the filesystem holding C<path>.
 */
guestfs_int_statvfs *
do_statvfs (const char *path)
{
  CLEANUP_CLOSE int fd = open_in_root (path, O_PATH, 0);
  guestfs_int_statvfs *ret;
  struct statvfs sv;

  if (fd == -1 || fstatvfs (fd, &sv) == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  ret = malloc (sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  ret->bsize = sv.f_bsize;
  ret->frsize = sv.f_frsize;
  ret->blocks = sv.f_blocks;
  ret->bfree = sv.f_bfree;
  ret->bavail = sv.f_bavail;
  ret->files = sv.f_files;
  ret->ffree = sv.f_ffree;
  ret->favail = sv.f_favail;
  ret->fsid = sv.f_fsid;
  ret->flag = sv.f_flag;
  ret->namemax = sv.f_namemax;
  return ret;
}
