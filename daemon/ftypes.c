/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the file-type tests C<is_blockdev>,
 * C<is_chardev>, C<is_fifo>, C<is_socket> and C<is_symlink>, and
 * C<lstatnslist>.
 *
 * The path is opened with C<O_PATH> inside the guest root (with
 * C<O_NOFOLLOW> unless symlinks are to be followed) and the fd is
 * queried, so a special file is never opened for I/O.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"

/* Most bytes a reply may take. */
#define MAX_REPLY (GUESTFS_MESSAGE_MAX - 65536)

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

/* lstat NAME in the directory PATH (fd DIRFD) into V; st_ino -1 if
 * it cannot be.  Only ".." needs the path: it must stay in the root. */
static void
lstat_one (int dirfd, const char *path, const char *name,
           guestfs_int_statns *v)
{
  CLEANUP_FREE char *full = NULL;
  CLEANUP_CLOSE int fd = -1;
  struct stat st;
  int r = -1;

  memset (v, 0, sizeof *v);
  v->st_ino = -1;
  if (strcmp (name, "..") == 0) {
    if (asprintf (&full, "%s/..", path) != -1 &&
        (fd = open_in_root (full, O_PATH, 0)) >= 0)
      r = fstat (fd, &st);
  }
  else if (name[0] != '\0' && strchr (name, '/') == NULL)
    r = fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW);
  if (r == 0)
    stat_to_statns (&st, v);
}

/**
 * lstat each of C<names> in the directory C<path>; st_ino is -1 for
 * a name that could not be.
 */
guestfs_int_statns_list *
do_lstatnslist (const char *path, char *const *names)
{
  CLEANUP_CLOSE int dirfd = open_in_root (path, O_PATH | O_DIRECTORY, 0);
  guestfs_int_statns_list *ret;
  size_t n = 0;

  if (dirfd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  while (names[n])
    n++;
  if (n > MAX_REPLY / (22 * 8)) {
    reply_with_error ("too many names for the protocol");
    return NULL;
  }
  ret = malloc (sizeof *ret);
  if (ret == NULL || (ret->val = calloc (n + 1, sizeof *ret->val)) == NULL) {
    reply_with_perror ("malloc");
    free (ret);
    return NULL;
  }
  ret->len = n;
  for (n = 0; n < ret->len; n++)
    lstat_one (dirfd, path, names[n], &ret->val[n]);
  return ret;
}
