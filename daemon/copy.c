/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<cp>, C<cp_a>, C<cp_r>, C<mv>, C<truncate>,
 * C<truncate_size> and C<fallocate64>.
 *
 * The copies and moves run cp(1) and mv(1) with their working
 * directory on the guest root and relative names that the daemon
 * resolved first: the directories on the way are replaced by their
 * real paths (read back from fds opened inside the root), so the
 * program meets no symlink and no C<..> before the last component.
 * That last component is not followed by C<cp -a>, C<cp -rP> and
 * C<mv>; plain C<cp> gets its source fully resolved (and only a
 * regular file).  The destination is always named in full, with
 * C<-T> (an existing directory gets the source's name added first),
 * so the program never decides by following a guest symlink there;
 * C<--remove-destination> makes cp replace an existing destination
 * entry instead of writing through it.
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

/* How the source of a copy is named to the program. */
enum src_kind { SRC_FOLLOW, SRC_NOFOLLOW };

/* "./REAL[/NAME]" for a program in SYSROOT: REAL is the guest path of
 * FD.  Returns malloc'd string or NULL (errno). */
static char *
rel_name (int fd, const char *name)
{
  CLEANUP_FREE char *real = fd_to_guest_path (fd);
  char *ret;

  if (real == NULL)
    return NULL;
  if (asprintf (&ret, ".%s%s%s", strcmp (real, "/") ? real : "",
                name ? "/" : "", name ? name : "") == -1)
    return NULL;
  return ret;
}

/* The source SRC as a relative name; the last component is resolved
 * only for SRC_FOLLOW (it must then be a regular file).  Returns
 * malloc'd string or NULL after replying. */
static char *
source_name (const char *src, enum src_kind kind)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int fd = -1;
  struct stat st;
  char *ret = NULL;

  if (kind == SRC_FOLLOW)
    fd = open_in_root (src, O_PATH, 0);
  else
    fd = open_parent_in_root (src, &base);
  if (fd >= 0 && fstatat (fd, base ? base : "", &st,
                          base ? AT_SYMLINK_NOFOLLOW : AT_EMPTY_PATH) == 0) {
    if (kind == SRC_FOLLOW && !S_ISREG (st.st_mode)) {
      reply_with_error_errno (S_ISDIR (st.st_mode) ? EISDIR : EINVAL,
                              "%s: not a regular file", src);
      return NULL;
    }
    ret = rel_name (fd, base);
  }
  if (ret == NULL)
    reply_with_perror ("%s", src);
  return ret;
}

/* The destination DEST as a relative name: an existing directory
 * (its real path, plus INTO if not NULL), or else DEST's real parent
 * plus its last component.  Returns malloc'd string or NULL after
 * replying. */
static char *
dest_name (const char *dest, const char *into)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int fd = open_in_root (dest, O_PATH | O_DIRECTORY, 0);
  char *ret = NULL;

  if (fd >= 0)
    ret = rel_name (fd, into);
  else if (errno == ENOENT || errno == ENOTDIR) {
    fd = open_parent_in_root (dest, &base);
    if (fd >= 0)
      ret = rel_name (fd, base);
  }
  if (ret == NULL)
    reply_with_perror ("%s", dest);
  return ret;
}

/* Run ARGV in the guest root.  Returns 0 or -1 after replying. */
static int
run_in_root (const char *const *argv)
{
  CLEANUP_CLOSE int root = open_in_root ("/", O_PATH | O_DIRECTORY, 0);
  CLEANUP_FREE char *err = NULL;
  int r;

  if (root == -1) {
    reply_with_perror ("/");
    return -1;
  }
  r = command_fds (-1, -1, root, &err, argv);
  if (r != 0) {
    trim_newline (err);
    if (err && err[0])
      reply_with_error ("%s", err);
    else
      reply_with_error ("%s failed with status %d", argv[0], r);
    return -1;
  }
  return 0;
}

/* Run PROG -T [OPT1 [OPT2]] -- SRC DEST with resolved names; an
 * existing directory DEST gets SRC's last component added, as PROG
 * would do, and -T keeps PROG from looking at DEST itself again. */
static int
copy_or_move (const char *prog, const char *opt1, const char *opt2,
              const char *src, enum src_kind kind, const char *dest)
{
  CLEANUP_FREE char *s = NULL, *d = NULL, *name = NULL;
  CLEANUP_CLOSE int pfd = open_parent_in_root (src, &name);
  const char *argv[8];
  int i = 0;

  if (pfd == -1) {
    reply_with_perror ("%s", src);
    return -1;
  }
  s = source_name (src, kind);
  if (s == NULL)
    return -1;
  d = dest_name (dest, name);
  if (d == NULL)
    return -1;
  argv[i++] = prog;
  argv[i++] = "-T";
  if (opt1)
    argv[i++] = opt1;
  if (opt2)
    argv[i++] = opt2;
  argv[i++] = "--";
  argv[i++] = s;
  argv[i++] = d;
  argv[i] = NULL;
  return run_in_root (argv);
}

/**
 * Copy the regular file C<src> to C<dest> (a file name, or a
 * directory to copy into).
 */
int
do_cp (const char *src, const char *dest)
{
  return copy_or_move ("cp", "--remove-destination", NULL, src, SRC_FOLLOW,
                       dest);
}

/**
 * Copy C<src> recursively to C<dest> as C<cp -a> does.
 */
int
do_cp_a (const char *src, const char *dest)
{
  return copy_or_move ("cp", "-a", "--remove-destination", src,
                       SRC_NOFOLLOW, dest);
}

/**
 * Copy C<src> recursively to C<dest> as C<cp -rP> does.
 */
int
do_cp_r (const char *src, const char *dest)
{
  return copy_or_move ("cp", "-rP", "--remove-destination", src,
                       SRC_NOFOLLOW, dest);
}

/**
 * Move C<src> to C<dest> (a new name or a directory to move into).
 */
int
do_mv (const char *src, const char *dest)
{
  return copy_or_move ("mv", NULL, NULL, src, SRC_NOFOLLOW, dest);
}

/* Open the existing regular file PATH for writing (with FLAGS), or
 * create it if CREATE.  Returns the fd or -1 after replying. */
static int
open_regular_write (const char *path, int flags, bool create)
{
  CLEANUP_CLOSE int pfd = open_in_root (path, O_PATH, 0);
  struct stat st;
  char link[64];
  int fd;

  if (pfd == -1 && errno == ENOENT && create)
    fd = open_in_root (path, O_WRONLY | O_CREAT | O_NOCTTY | flags, 0666);
  else if (pfd == -1 || fstat (pfd, &st) == -1)
    fd = -1;
  else if (!S_ISREG (st.st_mode)) {
    errno = S_ISDIR (st.st_mode) ? EISDIR : EINVAL;
    fd = -1;
  }
  else {
    snprintf (link, sizeof link, "/proc/self/fd/%d", pfd);
    fd = open (link, O_WRONLY | O_CLOEXEC | O_NOCTTY | flags);
  }
  if (fd == -1)
    reply_with_perror ("%s", path);
  return fd;
}

/**
 * Set the size of the existing regular file C<path> to C<size>.
 */
int
do_truncate_size (const char *path, int64_t size)
{
  CLEANUP_CLOSE int fd = -1;

  if (size < 0) {
    reply_with_error_errno (EINVAL, "%s: size is negative", path);
    return -1;
  }
  fd = open_regular_write (path, 0, false);
  if (fd == -1)
    return -1;
  if (ftruncate (fd, size) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}

/**
 * Truncate the existing regular file C<path> to zero bytes.
 */
int
do_truncate (const char *path)
{
  return do_truncate_size (path, 0);
}

/**
 * Make C<path> C<len> zero bytes with its blocks allocated.
 */
int
do_fallocate64 (const char *path, int64_t len)
{
  CLEANUP_CLOSE int fd = -1;
  int err;

  if (len < 0) {
    reply_with_error_errno (EINVAL, "%s: length is negative", path);
    return -1;
  }
  fd = open_regular_write (path, O_TRUNC, true);
  if (fd == -1)
    return -1;
  err = len > 0 ? posix_fallocate (fd, 0, len) : 0;
  if (err != 0) {
    errno = err;
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}
