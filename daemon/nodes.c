/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the commands that create special files and
 * new names: C<mknod>, C<mknod_b>, C<mknod_c>, C<mkfifo>,
 * C<mkdir_mode>, C<mktemp> and C<mkdtemp>.
 *
 * The parent directory is resolved inside the guest root and the new
 * entry made with the C<*at> calls; C<mktemp> creates with C<O_EXCL>
 * and C<O_NOFOLLOW>, so a guest symlink is never written through.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "daemon.h"
#include "actions.h"

#define TEMPLATE_X "XXXXXX"
#define TEMPLATE_LEN 6
/* Names tried before mktemp and mkdtemp give up. */
#define TEMP_TRIES 100

/**
 * Create the special file C<path> with C<mknod(2)>.
 */
int
do_mknod (int mode, int devmajor, int devminor, const char *path)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int pfd = -1;

  if (mode < 0 || devmajor < 0 || devminor < 0) {
    reply_with_error_errno (EINVAL, "%s: mode or device number is negative",
                            path);
    return -1;
  }
  pfd = open_parent_in_root (path, &base);
  if (pfd == -1 && errno == EINVAL)
    errno = EEXIST;             /* "/", "." or ".." */
  if (pfd == -1 ||
      mknodat (pfd, base, mode, makedev (devmajor, devminor)) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}

/* mknod of TYPE with permission bits MODE only. */
static int
mknod_type (mode_t type, int mode, int devmajor, int devminor,
            const char *path)
{
  if (mode < 0 || (mode & ~07777) != 0) {
    reply_with_error_errno (EINVAL, "%s: mode must specify only permission "
                            "bits", path);
    return -1;
  }
  return do_mknod (type | mode, devmajor, devminor, path);
}

/**
 * Create the block device node C<path>.
 */
int
do_mknod_b (int mode, int devmajor, int devminor, const char *path)
{
  return mknod_type (S_IFBLK, mode, devmajor, devminor, path);
}

/**
 * Create the character device node C<path>.
 */
int
do_mknod_c (int mode, int devmajor, int devminor, const char *path)
{
  return mknod_type (S_IFCHR, mode, devmajor, devminor, path);
}

/**
 * Create the FIFO C<path>.
 */
int
do_mkfifo (int mode, const char *path)
{
  return mknod_type (S_IFIFO, mode, 0, 0, path);
}

/**
 * Create the directory C<path> with C<mode> (less the umask).
 */
int
do_mkdir_mode (const char *path, int mode)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int pfd = -1;

  if (mode < 0) {
    reply_with_error_errno (EINVAL, "%s: mode is negative", path);
    return -1;
  }
  pfd = open_parent_in_root (path, &base);
  if (pfd == -1 && errno == EINVAL)
    errno = EEXIST;
  if (pfd == -1 || mkdirat (pfd, base, mode) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}

/* Replace the last TEMPLATE_LEN characters before END with random
 * letters and digits.  Returns 0 or -1 (errno). */
static int
randomize (char *end)
{
  static const char chars[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  unsigned char rnd[TEMPLATE_LEN];
  int i;

  if (getrandom (rnd, sizeof rnd, 0) != sizeof rnd)
    return -1;
  for (i = 0; i < TEMPLATE_LEN; i++)
    end[i - TEMPLATE_LEN] = chars[rnd[i] % (sizeof chars - 1)];
  return 0;
}

/* Create NAME (a file, or a directory if DIR) in PFD, after putting
 * random characters just before NAME + XEND; retry while the name is
 * taken.  Returns 0 or -1 (errno). */
static int
create_unique (int pfd, char *name, size_t xend, bool dir)
{
  int i, fd;

  for (i = 0; i < TEMP_TRIES; i++) {
    if (randomize (name + xend) == -1)
      return -1;
    if (dir)
      fd = mkdirat (pfd, name, 0700);
    else
      fd = openat (pfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                   O_CLOEXEC | O_NOCTTY, 0600);
    if (fd >= 0)
      return dir ? 0 : close (fd);
    if (errno != EEXIST)
      return -1;
  }
  return -1;                    /* errno is EEXIST */
}

/* Create a new file (or directory if DIR) from TMPL + SUFFIX.
 * Returns its malloc'd path or NULL after replying. */
static char *
make_temp (const char *tmpl, const char *suffix, bool dir)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int pfd = -1;
  size_t len = strlen (tmpl), blen;
  char *path = NULL;

  if (len < TEMPLATE_LEN || strcmp (tmpl + len - TEMPLATE_LEN, TEMPLATE_X)) {
    reply_with_error_errno (EINVAL, "%s: template must end in %s", tmpl,
                            TEMPLATE_X);
    return NULL;
  }
  if (strchr (suffix, '/')) {
    reply_with_error_errno (EINVAL, "suffix must not contain '/'");
    return NULL;
  }
  pfd = open_parent_in_root (tmpl, &base);
  if (pfd == -1 || asprintf (&path, "%s%s", tmpl, suffix) == -1) {
    reply_with_perror ("%s", tmpl);
    return NULL;
  }
  blen = strlen (base);         /* the name starts at path + len - blen */
  if (create_unique (pfd, path + len - blen, blen, dir) == -1) {
    reply_with_perror ("%s", tmpl);
    free (path);
    return NULL;
  }
  return path;
}

/**
 * Create a temporary file from C<tmpl> (ending in XXXXXX) plus the
 * optional C<suffix>; return its name.
 */
char *
do_mktemp (const char *tmpl, const char *suffix)
{
  if (!(optargs_bitmask & 1) || suffix == NULL)
    suffix = "";
  return make_temp (tmpl, suffix, false);
}

/**
 * Create a temporary directory from C<tmpl> (ending in XXXXXX).
 */
char *
do_mkdtemp (const char *tmpl)
{
  return make_temp (tmpl, "", true);
}
