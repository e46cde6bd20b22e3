/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<copy_device_to_device>,
 * C<copy_device_to_file>, C<copy_file_to_device> and
 * C<copy_file_to_file>: a block copy between devices and regular guest
 * files, with optional offsets, size, sparse writing and appending.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"
#include "content.h"

/* Bytes copied at a time. */
#define COPY_BLOCK (1024 * 1024)

/* The optional arguments of a copy (bitmask order of the table). */
struct copy_opts {
  int64_t srcoffset;
  int64_t destoffset;
  int64_t size;                 /* -1: up to the end of the source */
  bool sparse;
  bool append;
};

/* Collect and check the optional arguments.  0, or -1 after
 * replying. */
static int
get_opts (struct copy_opts *o, int64_t srcoffset, int64_t destoffset,
          int64_t size, int sparse, int append)
{
  o->srcoffset = optargs_bitmask & 1 ? srcoffset : 0;
  o->destoffset = optargs_bitmask & 2 ? destoffset : 0;
  o->size = optargs_bitmask & 4 ? size : -1;
  o->sparse = (optargs_bitmask & 8) && sparse;
  o->append = (optargs_bitmask & 16) && append;
  if (o->srcoffset < 0 || o->destoffset < 0) {
    reply_with_error ("srcoffset and destoffset must not be negative");
    return -1;
  }
  if ((optargs_bitmask & 4) && size < 0) {
    reply_with_error ("size must not be negative");
    return -1;
  }
  return 0;
}

/* Open the source NAME (a device if IS_DEV) at O->srcoffset.
 * Returns the fd, or -1 after replying. */
static int
open_src (const char *name, bool is_dev, const struct copy_opts *o)
{
  int fd = is_dev ? content_open_device (name, O_RDONLY)
                  : content_open_read (name);

  if (fd >= 0 && lseek (fd, o->srcoffset, SEEK_SET) == -1) {
    reply_with_perror ("lseek: %s", name);
    close (fd);
    return -1;
  }
  return fd;
}

/* Open the destination NAME (a device if IS_DEV) at O->destoffset.
 * Returns the fd, or -1 after replying. */
static int
open_dest (const char *name, bool is_dev, const struct copy_opts *o)
{
  int fd;

  if (is_dev && o->append) {
    reply_with_error ("the append flag cannot be used with a device");
    return -1;
  }
  fd = is_dev ? content_open_device (name, O_WRONLY)
              : content_open_write (name, O_WRONLY |
                                    (o->append ? O_APPEND : O_TRUNC), true);
  if (fd >= 0 && lseek (fd, o->destoffset, SEEK_SET) == -1) {
    reply_with_perror ("lseek: %s", name);
    close (fd);
    return -1;
  }
  return fd;
}

/* Write (or, for a zero block when sparse, skip) N bytes of BUF to
 * DEST.  0, or -1 with errno set. */
static int
put_block (int dest, const char *buf, size_t n, bool sparse)
{
  if (sparse && content_is_zero (buf, n))
    return lseek (dest, n, SEEK_CUR) == -1 ? -1 : 0;
  return content_write_all (dest, buf, n);
}

/* Copy from SRC to DEST as O says; TOTAL is for progress.  0, or -1
 * after replying. */
static int
copy_loop (int src, int dest, const char *sname, const char *dname,
           const struct copy_opts *o, uint64_t total)
{
  CLEANUP_FREE char *buf = malloc (COPY_BLOCK);
  int64_t left = o->size;
  uint64_t done = 0;
  ssize_t r;
  size_t n;

  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  while (left != 0) {
    n = left < 0 || left > COPY_BLOCK ? COPY_BLOCK : (size_t) left;
    r = read (src, buf, n);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      reply_with_perror ("read: %s", sname);
      return -1;
    }
    if (r == 0) {
      if (left < 0)
        break;
      reply_with_error ("%s: the source is shorter than the size to copy",
                        sname);
      return -1;
    }
    if (put_block (dest, buf, r, o->sparse) == -1) {
      reply_with_perror ("write: %s", dname);
      return -1;
    }
    if (left > 0)
      left -= r;
    done += r;
    notify_progress (done, total > done ? total : done);
  }
  return 0;
}

/* Extend the regular file DEST to its current offset (after a sparse
 * copy that ended in a hole).  0, or -1 with errno set. */
static int
extend_to_offset (int dest)
{
  struct stat st;
  off_t pos = lseek (dest, 0, SEEK_CUR);

  if (pos == -1 || fstat (dest, &st) == -1)
    return -1;
  if (!S_ISREG (st.st_mode) || st.st_size >= pos)
    return 0;
  return ftruncate (dest, pos);
}

/* Bytes the copy is expected to move (for progress only). */
static uint64_t
copy_total (int src, const struct copy_opts *o)
{
  uint64_t size;

  if (o->size >= 0)
    return o->size;
  if (content_fd_size (src, &size) == -1 || size < (uint64_t) o->srcoffset)
    return 0;
  return size - o->srcoffset;
}

/* The four copy calls: SRC_DEV / DEST_DEV tell which are devices. */
static int
copy (const char *src, bool src_dev, const char *dest, bool dest_dev,
      const struct copy_opts *o)
{
  CLEANUP_FREE char *sname = device_to_external (src);
  CLEANUP_FREE char *dname = device_to_external (dest);
  CLEANUP_CLOSE int sfd = open_src (src, src_dev, o);
  CLEANUP_CLOSE int dfd = -1;
  int r;

  if (sfd == -1)
    return -1;
  dfd = open_dest (dest, dest_dev, o);
  if (dfd == -1)
    return -1;
  if (sname == NULL || dname == NULL) {
    reply_with_perror ("strdup");
    return -1;
  }
  if (copy_loop (sfd, dfd, sname, dname, o, copy_total (sfd, o)) == -1)
    return -1;
  if ((o->sparse && extend_to_offset (dfd) == -1) || fsync (dfd) == -1) {
    reply_with_perror ("%s", dname);
    return -1;
  }
  r = close (dfd);
  dfd = -1;
  if (r == -1) {
    reply_with_perror ("close: %s", dname);
    return -1;
  }
  return 0;
}

/** Copy between two devices. */
int
do_copy_device_to_device (const char *src, const char *dest,
                          int64_t srcoffset, int64_t destoffset,
                          int64_t size, int sparse, int append)
{
  struct copy_opts o;

  if (get_opts (&o, srcoffset, destoffset, size, sparse, append) == -1)
    return -1;
  return copy (src, true, dest, true, &o);
}

/** Copy from a device to a guest file. */
int
do_copy_device_to_file (const char *src, const char *dest,
                        int64_t srcoffset, int64_t destoffset,
                        int64_t size, int sparse, int append)
{
  struct copy_opts o;

  if (get_opts (&o, srcoffset, destoffset, size, sparse, append) == -1)
    return -1;
  return copy (src, true, dest, false, &o);
}

/** Copy from a guest file to a device. */
int
do_copy_file_to_device (const char *src, const char *dest,
                        int64_t srcoffset, int64_t destoffset,
                        int64_t size, int sparse, int append)
{
  struct copy_opts o;

  if (get_opts (&o, srcoffset, destoffset, size, sparse, append) == -1)
    return -1;
  return copy (src, false, dest, true, &o);
}

/** Copy between two guest files. */
int
do_copy_file_to_file (const char *src, const char *dest,
                      int64_t srcoffset, int64_t destoffset,
                      int64_t size, int sparse, int append)
{
  struct copy_opts o;

  if (get_opts (&o, srcoffset, destoffset, size, sparse, append) == -1)
    return -1;
  return copy (src, false, dest, false, &o);
}
