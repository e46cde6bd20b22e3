/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the file commands C<cat>, C<read_file>,
 * C<write>, C<write_append>, C<touch>, C<filesize>, C<exists>,
 * C<is_file> and C<is_dir>.
 *
 * A file is first opened with C<O_PATH> inside the guest root and
 * checked; only a regular file is then reopened for reading or
 * writing (through F</proc/self/fd/N>), so a guest cannot make the
 * daemon open a device node or block on a FIFO.
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
#include "content.h"

/* Largest file that cat and read_file return in one reply. */
#define MAX_READ (GUESTFS_MESSAGE_MAX - 65536)

/* Reply that PATH is too big for cat/read_file; returns NULL. */
static char *
too_large (const char *path, char *buf)
{
  free (buf);
  reply_with_error ("%s: file is too large for the protocol, use download",
                    path);
  return NULL;
}

/* Read all of FD (PATH), at most MAX_READ bytes, into a malloc'd
 * buffer with a NUL after it.  Returns NULL after replying. */
static char *
read_all (int fd, const char *path, size_t *size_r)
{
  size_t len = 0, alloc = 65536;
  char *buf = malloc (alloc), *p;
  ssize_t r;

  while (buf != NULL) {
    if (len == alloc - 1) {
      if (len > MAX_READ)
        return too_large (path, buf);
      p = realloc (buf, alloc * 2);
      if (p == NULL)
        break;
      buf = p;
      alloc *= 2;
    }
    r = read (fd, buf + len, alloc - 1 - len);
    if (r == 0)
      break;
    if (r > 0)
      len += r;
    else if (errno != EINTR) {
      free (buf);
      reply_with_perror ("read: %s", path);
      return NULL;
    }
  }
  if (buf == NULL || len == alloc - 1) {
    free (buf);
    reply_with_perror ("malloc");
    return NULL;
  }
  if (len > MAX_READ)
    return too_large (path, buf);
  buf[len] = '\0';
  *size_r = len;
  return buf;
}

/**
 * Return the contents of the file C<path> as a string; a file with a
 * NUL byte is refused (use C<read_file>).
 */
char *
do_cat (const char *path)
{
  CLEANUP_CLOSE int fd = content_open_read (path);
  char *buf;
  size_t len;

  if (fd == -1)
    return NULL;
  buf = read_all (fd, path, &len);
  if (buf != NULL && memchr (buf, '\0', len) != NULL) {
    free (buf);
    reply_with_error ("%s: file contains NUL bytes, use read-file or "
                      "download", path);
    return NULL;
  }
  return buf;
}

/**
 * Return the contents of C<path> as a buffer of C<*size_r> bytes.
 */
char *
do_read_file (const char *path, size_t *size_r)
{
  CLEANUP_CLOSE int fd = content_open_read (path);

  if (fd == -1)
    return NULL;
  return read_all (fd, path, size_r);
}

/* Write LEN bytes of BUF to a new fd on PATH opened with FLAGS.
 * Returns 0 or -1 after replying. */
static int
write_file (const char *path, int flags, const char *buf, size_t len)
{
  int fd = content_open_write (path, O_WRONLY | flags, true);
  ssize_t r;

  if (fd == -1)
    return -1;
  while (len > 0) {
    r = write (fd, buf, len);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      reply_with_perror ("write: %s", path);
      close (fd);
      return -1;
    }
    buf += r;
    len -= r;
  }
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", path);
    return -1;
  }
  return 0;
}

/**
 * Create C<path> (or truncate it) and write C<content> to it.
 */
int
do_write (const char *path, const char *content, size_t content_size)
{
  return write_file (path, O_TRUNC, content, content_size);
}

/**
 * Append C<content> to C<path>, creating it if needed.
 */
int
do_write_append (const char *path, const char *content, size_t content_size)
{
  return write_file (path, O_APPEND, content, content_size);
}

/**
 * Create C<path> empty if it is missing, otherwise set its access
 * and modification times to now.  Only regular files.
 */
int
do_touch (const char *path)
{
  CLEANUP_CLOSE int pfd = open_in_root (path, O_PATH, 0);
  char link[64];
  int fd;

  if (pfd == -1 && errno == ENOENT) {
    fd = open_in_root (path, O_WRONLY | O_CREAT | O_NOCTTY, 0666);
    if (fd == -1) {
      reply_with_perror ("%s", path);
      return -1;
    }
    close (fd);
    return 0;
  }
  if (pfd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (content_check_regular (pfd, path) == -1)
    return -1;
  snprintf (link, sizeof link, "/proc/self/fd/%d", pfd);
  if (utimensat (AT_FDCWD, link, NULL, 0) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}

/**
 * Return the size of C<file> in bytes (following symlinks).
 */
int64_t
do_filesize (const char *file)
{
  CLEANUP_CLOSE int fd = open_in_root (file, O_PATH, 0);
  struct stat st;

  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", file);
    return -1;
  }
  return st.st_size;
}

/* Stat PATH into *ST (following a final symlink if FOLLOW).  Returns
 * 1 if it exists, 0 if it does not, -1 after replying. */
static int
stat_if_exists (const char *path, bool follow, struct stat *st)
{
  CLEANUP_CLOSE int fd =
    open_in_root (path, O_PATH | (follow ? 0 : O_NOFOLLOW), 0);

  if (fd == -1 && (errno == ENOENT || errno == ENOTDIR || errno == ELOOP))
    return 0;
  if (fd == -1 || fstat (fd, st) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 1;
}

/**
 * True if C<path> names anything (symlinks are followed).
 */
int
do_exists (const char *path)
{
  struct stat st;

  return stat_if_exists (path, true, &st);
}

/**
 * True if C<path> is a regular file; a symlink is followed only if
 * C<followsymlinks>.
 */
int
do_is_file (const char *path, int followsymlinks)
{
  struct stat st;
  int r = stat_if_exists (path, followsymlinks, &st);

  return r == 1 ? S_ISREG (st.st_mode) != 0 : r;
}

/**
 * True if C<path> is a directory; a symlink is followed only if
 * C<followsymlinks>.
 */
int
do_is_dir (const char *path, int followsymlinks)
{
  struct stat st;
  int r = stat_if_exists (path, followsymlinks, &st);

  return r == 1 ? S_ISDIR (st.st_mode) != 0 : r;
}
