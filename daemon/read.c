/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the commands that read or write parts of a
 * file or device: C<read_lines>, C<head>, C<head_n>, C<tail>,
 * C<tail_n>, C<pread>, C<pread_device>, C<pwrite> and
 * C<pwrite_device>.
 *
 * Line commands run head(1), tail(1) or cat(1) over the opened guest
 * file, with their output bounded by the protocol limit; the
 * positional ones use pread(2)/pwrite(2) with checked counts and
 * offsets.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "actions.h"
#include "content.h"

/* Largest count that pread and pread_device accept. */
#define MAX_PREAD (2 * 1024 * 1024)

/* Run PROG with the option OPT (may be NULL) over the guest file
 * PATH and return its output as lines, or NULL after replying. */
static char **
filter_lines (const char *path, const char *prog, const char *opt)
{
  CLEANUP_CLOSE int fd = content_open_read (path);
  CLEANUP_FREE char *out = NULL, *err = NULL;
  const char *argv[] = { prog, opt, NULL };
  size_t len;
  int r;

  if (fd == -1)
    return NULL;
  r = content_run (fd, -1, argv, &out, &len, &err);
  if (r == -1)
    return NULL;
  if (r != 0) {
    trim_newline (err);
    reply_with_error ("%s: %s", path, err && *err ? err : "read failed");
    return NULL;
  }
  return content_lines (out, len);
}

/* An empty list (after checking that PATH can be read), or NULL
 * after replying. */
static char **
no_lines (const char *path)
{
  CLEANUP_CLOSE int fd = content_open_read (path);

  if (fd == -1)
    return NULL;
  return content_lines ((char[]) { '\0' }, 0);
}

/**
 * Return the lines of C<path>, without their LF or CRLF endings.
 */
char **
do_read_lines (const char *path)
{
  return filter_lines (path, "cat", NULL);
}

/**
 * Return the first C<nrlines> lines of C<path> (all but the last
 * C<-nrlines> if negative, none if zero).
 */
char **
do_head_n (int nrlines, const char *path)
{
  char opt[32];

  if (nrlines == 0)
    return no_lines (path);
  snprintf (opt, sizeof opt, "--lines=%d", nrlines);
  return filter_lines (path, "head", opt);
}

/**
 * Return the first 10 lines of C<path>.
 */
char **
do_head (const char *path)
{
  return do_head_n (10, path);
}

/**
 * Return the last C<nrlines> lines of C<path> (from line
 * C<-nrlines> on if negative, none if zero).
 */
char **
do_tail_n (int nrlines, const char *path)
{
  char opt[32];

  if (nrlines == 0)
    return no_lines (path);
  if (nrlines > 0)
    snprintf (opt, sizeof opt, "--lines=%d", nrlines);
  else
    snprintf (opt, sizeof opt, "--lines=+%" PRIi64, -(int64_t) nrlines);
  return filter_lines (path, "tail", opt);
}

/**
 * Return the last 10 lines of C<path>.
 */
char **
do_tail (const char *path)
{
  return do_tail_n (10, path);
}

/* Check a count and offset from the caller: 0, or -1 after
 * replying. */
static int
check_range (int64_t count, int64_t max, int64_t offset)
{
  if (count < 0) {
    reply_with_error ("count is negative");
    return -1;
  }
  if (count > max) {
    reply_with_error ("count is too large for the protocol (at most "
                      "%" PRIi64 " bytes), use smaller reads", max);
    return -1;
  }
  if (offset < 0) {
    reply_with_error ("offset is negative");
    return -1;
  }
  if (offset > INT64_MAX - count) {
    reply_with_error ("offset + count overflows");
    return -1;
  }
  return 0;
}

/* pread COUNT bytes at OFFSET of FD (NAME) into a new buffer; its
 * size goes in *SIZE_R.  Returns NULL after replying. */
static char *
pread_fd (int fd, const char *name, int count, int64_t offset,
          size_t *size_r)
{
  char *buf;
  ssize_t r;

  if (fd == -1)
    return NULL;
  buf = malloc (count ? count : 1);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  do
    r = pread (fd, buf, count, offset);
  while (r == -1 && errno == EINTR);
  if (r == -1) {
    reply_with_perror ("pread: %s", name);
    free (buf);
    return NULL;
  }
  *size_r = r;
  return buf;
}

/**
 * Read at most C<count> bytes of C<path> from C<offset>.
 */
char *
do_pread (const char *path, int count, int64_t offset, size_t *size_r)
{
  CLEANUP_CLOSE int fd = -1;

  if (check_range (count, MAX_PREAD, offset) == -1)
    return NULL;
  fd = content_open_read (path);
  return pread_fd (fd, path, count, offset, size_r);
}

/**
 * Read at most C<count> bytes of C<device> from C<offset>.
 */
char *
do_pread_device (const char *device, int count, int64_t offset,
                 size_t *size_r)
{
  CLEANUP_FREE char *shown = device_to_external (device);
  CLEANUP_CLOSE int fd = -1;

  if (check_range (count, MAX_PREAD, offset) == -1)
    return NULL;
  fd = content_open_device (device, O_RDONLY);
  return pread_fd (fd, shown ? shown : device, count, offset, size_r);
}

/* pwrite CONTENT at OFFSET of FD (NAME, closed here).  Returns the
 * bytes written, or -1 after replying. */
static int
pwrite_fd (int fd, const char *name, const char *content, size_t size,
           int64_t offset)
{
  ssize_t r;

  if (fd == -1)
    return -1;
  do
    r = pwrite (fd, content, size, offset);
  while (r == -1 && errno == EINTR);
  if (r == -1) {
    reply_with_perror ("pwrite: %s", name);
    close (fd);
    return -1;
  }
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", name);
    return -1;
  }
  return r;
}

/**
 * Write C<content> into the existing file C<path> at C<offset>;
 * returns the number of bytes written.
 */
int
do_pwrite (const char *path, const char *content, size_t content_size,
           int64_t offset)
{
  if (check_range (content_size, GUESTFS_MESSAGE_MAX, offset) == -1)
    return -1;
  return pwrite_fd (content_open_write (path, O_WRONLY, false), path,
                    content, content_size, offset);
}

/**
 * Write C<content> onto C<device> at C<offset>; returns the number
 * of bytes written.
 */
int
do_pwrite_device (const char *device, const char *content,
                  size_t content_size, int64_t offset)
{
  CLEANUP_FREE char *shown = device_to_external (device);

  if (check_range (content_size, GUESTFS_MESSAGE_MAX, offset) == -1)
    return -1;
  return pwrite_fd (content_open_device (device, O_WRONLY),
                    shown ? shown : device, content, content_size, offset);
}
