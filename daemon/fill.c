/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<fill>, C<fill_pattern> and C<fill_dir>,
 * which create files of a given content or number.  Files are created
 * inside the guest root; an existing name is reused only if it is a
 * regular file (never a device node, a FIFO or a symlink out of the
 * directory).
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

/* About how many bytes fill writes at a time. */
#define FILL_CHUNK (1024 * 1024)

/* Write LEN bytes of the repeating PATTERN (PLEN bytes) to the new
 * file PATH.  0, or -1 after replying. */
static int
fill_file (const char *pattern, size_t plen, int len, const char *path)
{
  size_t bufsize = plen * (FILL_CHUNK / plen + 1), i, n;
  CLEANUP_FREE char *buf = malloc (bufsize);
  CLEANUP_CLOSE int fd = -1;
  size_t pos;

  if (len < 0) {
    reply_with_error ("len must not be negative");
    return -1;
  }
  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  for (i = 0; i < bufsize; i += plen)
    memcpy (buf + i, pattern, plen);
  fd = content_open_write (path, O_WRONLY | O_TRUNC, true);
  if (fd == -1)
    return -1;
  for (pos = 0; pos < (size_t) len; pos += n) {
    n = (size_t) len - pos < bufsize ? (size_t) len - pos : bufsize;
    if (content_write_all (fd, buf, n) == -1) {
      reply_with_perror ("write: %s", path);
      return -1;
    }
    notify_progress (pos + n, len);
  }
  i = close (fd);
  fd = -1;
  if (i != 0) {
    reply_with_perror ("close: %s", path);
    return -1;
  }
  return 0;
}

/**
 * Create C<path> with C<len> bytes of value C<c> (0 to 255).
 */
int
do_fill (int c, int len, const char *path)
{
  char byte = (char) c;

  if (c < 0 || c > 255) {
    reply_with_error ("%d: c must be in the range 0 to 255", c);
    return -1;
  }
  return fill_file (&byte, 1, len, path);
}

/**
 * Create C<path> with C<len> bytes of C<pattern> repeated (the last
 * copy cut short as needed).
 */
int
do_fill_pattern (const char *pattern, int len, const char *path)
{
  size_t plen = strlen (pattern);

  if (plen == 0) {
    reply_with_error ("the pattern must not be empty");
    return -1;
  }
  return fill_file (pattern, plen, len, path);
}

/* Create (or truncate, if it is a regular file) NAME in the directory
 * DFD.  0, or -1 with errno set. */
static int
create_empty_at (int dfd, const char *name)
{
  struct stat st;
  int fd = openat (dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                   O_CLOEXEC | O_NOCTTY, 0666);

  if (fd == -1 && errno == EEXIST) {
    if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
      return -1;
    if (!S_ISREG (st.st_mode)) {
      errno = EEXIST;
      return -1;
    }
    fd = openat (dfd, name, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_NONBLOCK |
                 O_CLOEXEC | O_NOCTTY);
  }
  if (fd == -1)
    return -1;
  return close (fd);
}

/**
 * Create C<nr> empty files named 00000000, 00000001, ... in C<dir>.
 */
int
do_fill_dir (const char *dir, int nr)
{
  CLEANUP_CLOSE int dfd = -1;
  char name[32];
  int i;

  if (nr < 0) {
    reply_with_error ("nr must not be negative");
    return -1;
  }
  dfd = open_in_root (dir, O_PATH | O_DIRECTORY, 0);
  if (dfd == -1) {
    reply_with_perror ("%s", dir);
    return -1;
  }
  for (i = 0; i < nr; i++) {
    snprintf (name, sizeof name, "%08d", i);
    if (create_empty_at (dfd, name) == -1) {
      reply_with_perror ("%s/%s", dir, name);
      return -1;
    }
  }
  return 0;
}
