/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<statns>, C<lstatns> and C<statvfs>: the
 * path is opened with C<O_PATH> inside the guest root (with
 * C<O_NOFOLLOW> for C<lstatns>) and the fd is queried.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "daemon.h"
#include "actions.h"

/* Stat PATH (following a final symlink if FOLLOW) into a new struct.
 * Returns NULL after replying. */
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
  ret = calloc (1, sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  ret->st_dev = st.st_dev;
  ret->st_ino = st.st_ino;
  ret->st_mode = st.st_mode;
  ret->st_nlink = st.st_nlink;
  ret->st_uid = st.st_uid;
  ret->st_gid = st.st_gid;
  ret->st_rdev = st.st_rdev;
  ret->st_size = st.st_size;
  ret->st_blksize = st.st_blksize;
  ret->st_blocks = st.st_blocks;
  ret->st_atime_sec = st.st_atim.tv_sec;
  ret->st_atime_nsec = st.st_atim.tv_nsec;
  ret->st_mtime_sec = st.st_mtim.tv_sec;
  ret->st_mtime_nsec = st.st_mtim.tv_nsec;
  ret->st_ctime_sec = st.st_ctim.tv_sec;
  ret->st_ctime_nsec = st.st_ctim.tv_nsec;
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
