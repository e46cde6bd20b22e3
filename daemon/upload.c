/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<upload>, C<download>, C<upload_offset> and
 * C<download_offset>, which stream a file (or a part of it) between
 * the library and a guest file or a device.
 *
 * A guest path must be a regular file (opened with C<O_PATH> inside
 * the guest root, checked, then reopened), so a guest cannot point
 * the daemon at a device node or a FIFO.  An upload onto a device
 * writes in place and never grows anything; one that fails before
 * reading the stream discards it with C<cancel_receive> first.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/fs.h>

#include "daemon.h"
#include "actions.h"

/* Progress of an upload. */
struct upload {
  int fd;
  int err;                      /* errno of a failed write */
};

static bool
is_device (const char *name)
{
  return strncmp (name, "/dev/", 5) == 0;
}

/**
 * Open the guest regular file C<path>: its C<O_PATH> fd (resolved in
 * the guest root) is checked and reopened with C<flags>, or, if
 * C<create> and it is missing, it is created with C<flags | O_CREAT>.
 * Returns the fd, or -1 with errno set (C<*notreg_r> true when it
 * exists but is not a regular file).
 */
int
open_regular (const char *path, int flags, bool create, bool *notreg_r)
{
  CLEANUP_CLOSE int pfd = open_in_root (path, O_PATH, 0);
  struct stat st;
  char link[64];

  *notreg_r = false;
  if (pfd == -1 && errno == ENOENT && create)
    return open_in_root (path, flags | O_CREAT | O_NOCTTY, 0666);
  if (pfd == -1 || fstat (pfd, &st) == -1)
    return -1;
  if (S_ISDIR (st.st_mode)) {
    errno = EISDIR;
    return -1;
  }
  if (!S_ISREG (st.st_mode)) {
    *notreg_r = true;
    errno = EINVAL;
    return -1;
  }
  snprintf (link, sizeof link, "/proc/self/fd/%d", pfd);
  return open (link, flags | O_CLOEXEC | O_NOCTTY);
}

/* Reply with the error of a failed open of NAME. */
static void
reply_open_error (const char *name, bool notreg)
{
  if (notreg)
    reply_with_error ("%s: not a regular file or device", name);
  else
    reply_with_perror ("%s", name);
}

/* receive_file callback: write a chunk of the upload. */
static int
upload_cb (void *opaque, const void *buf, size_t len)
{
  struct upload *u = opaque;
  const char *p = buf;
  ssize_t r;

  while (len > 0) {
    r = write (u->fd, p, len);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      u->err = errno;
      return -1;
    }
    p += r;
    len -= r;
  }
  return 0;
}

/* Receive the stream into U->fd (closing it).  Returns 0 or -1
 * after replying. */
static int
receive_into (struct upload *u, const char *name)
{
  int r = receive_file (upload_cb, u);
  int close_r = close (u->fd);

  if (r == -2) {
    reply_with_error ("%s: upload cancelled", name);
    return -1;
  }
  if (r == -1) {
    errno = u->err ? u->err : EIO;
    reply_with_perror ("write: %s", name);
    return -1;
  }
  if (close_r == -1) {
    reply_with_perror ("close: %s", name);
    return -1;
  }
  return 0;
}

/* Open what an upload writes (FLAGS added for a guest file) and seek
 * to OFFSET.  Returns the fd, or -1 after discarding the upload and
 * replying. */
static int
open_upload (const char *name, int flags, int64_t offset)
{
  bool notreg = false;
  int fd, err;

  if (is_device (name))
    fd = open (name, O_WRONLY | O_CLOEXEC | O_NOCTTY);
  else
    fd = open_regular (name, O_WRONLY | flags, true, &notreg);
  if (fd >= 0 && offset > 0 && lseek (fd, offset, SEEK_SET) == -1) {
    err = errno;
    close (fd);
    errno = err;
    fd = -1;
  }
  if (fd == -1) {
    err = errno;
    cancel_receive ();
    errno = err;
    reply_open_error (name, notreg);
  }
  return fd;
}

/**
 * Receive the uploaded file into C<remotefilename>: a guest file
 * (created or truncated) or a device (written from its start).
 */
int
do_upload (const char *remotefilename)
{
  struct upload u = { .fd = open_upload (remotefilename, O_TRUNC, 0) };

  if (u.fd == -1)
    return -1;
  return receive_into (&u, remotefilename);
}

/**
 * Receive the uploaded file into C<remotefilename> (a guest file,
 * created if missing, or a device) from byte C<offset> on, without
 * truncating what lies after the data.
 */
int
do_upload_offset (const char *remotefilename, int64_t offset)
{
  struct upload u;

  if (offset < 0) {
    cancel_receive ();
    reply_with_error ("offset must not be negative: %" PRIi64, offset);
    return -1;
  }
  u.fd = open_upload (remotefilename, 0, offset);
  u.err = 0;
  if (u.fd == -1)
    return -1;
  return receive_into (&u, remotefilename);
}

/* Open what download reads and find its size.  Returns the fd, or
 * -1 after replying. */
static int
open_download (const char *name, uint64_t *size_r)
{
  struct stat st;
  bool notreg = false;
  int fd;

  if (is_device (name))
    fd = open (name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  else
    fd = open_regular (name, O_RDONLY, false, &notreg);
  if (fd == -1) {
    reply_open_error (name, notreg);
    return -1;
  }
  if (fstat (fd, &st) == -1 ||
      (S_ISBLK (st.st_mode) && ioctl (fd, BLKGETSIZE64, size_r) == -1)) {
    reply_with_perror ("%s", name);
    close (fd);
    return -1;
  }
  if (!S_ISBLK (st.st_mode))
    *size_r = st.st_size;
  return fd;
}

/* Send the contents of FD in chunks (at most LIMIT bytes), with
 * progress.  Returns 0 or -1 after replying (as a cancel chunk). */
static int
send_contents (int fd, const char *name, uint64_t total, uint64_t limit,
               char *buf)
{
  CLEANUP_CLOSE int pipe_rd = -1;
  CLEANUP_CLOSE int pipe_wr = -1;
  int pfd[2];
  uint64_t pos = 0;
  size_t want;
  ssize_t r;
  int w;

  /* Chunks go by splice through a pipe when FD allows: no copy
   * through user space, far fewer system calls (see send_file_splice). */
  if (pipe2 (pfd, O_CLOEXEC) == 0) {
    pipe_rd = pfd[0];
    pipe_wr = pfd[1];
    fcntl (pipe_wr, F_SETPIPE_SZ, GUESTFS_CHUNK_SIZE);
  }
  for (;;) {
    if (pos >= limit)
      return 0;
    want = limit - pos < GUESTFS_CHUNK_SIZE ? limit - pos : GUESTFS_CHUNK_SIZE;
    w = 0;
    if (pipe_rd >= 0) {
      r = send_file_splice (fd, pfd, want);
      if (r == -1 && errno == EINVAL) {
        close (pipe_rd);        /* FD cannot splice: copy from now on */
        close (pipe_wr);
        pipe_rd = pipe_wr = -1;
        continue;
      }
      if (r == -2)
        w = -2;
    }
    else {
      r = read (fd, buf, want);
      if (r > 0)
        w = send_file_write (buf, r);
    }
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      reply_with_perror ("read: %s", name);
      return -1;
    }
    if (r == 0)
      return 0;
    if (w < 0) {
      reply_with_error ("%s: %s", name,
                        w == -2 ? "download cancelled" : "write error");
      return -1;
    }
    pos += r;
    notify_progress (pos, total > pos ? total : pos);
  }
}

/**
 * Send C<remotefilename> (a guest file or a device) to the library.
 */
int
do_download (const char *remotefilename)
{
  CLEANUP_FREE char *buf = malloc (GUESTFS_CHUNK_SIZE);
  CLEANUP_CLOSE int fd = -1;
  uint64_t total;

  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  fd = open_download (remotefilename, &total);
  if (fd == -1)
    return -1;
  send_file_start ();
  if (send_contents (fd, remotefilename, total, UINT64_MAX, buf) == -1)
    return -1;
  send_file_end (0);
  return 0;
}

/**
 * Send C<size> bytes of C<remotefilename> (a guest file or a device)
 * from byte C<offset> to the library.  The region must lie within
 * the file or device.
 */
int
do_download_offset (const char *remotefilename, int64_t offset, int64_t size)
{
  CLEANUP_FREE char *buf = malloc (GUESTFS_CHUNK_SIZE);
  CLEANUP_CLOSE int fd = -1;
  uint64_t total;

  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  if (offset < 0 || size < 0) {
    reply_with_error ("offset and size must not be negative");
    return -1;
  }
  fd = open_download (remotefilename, &total);
  if (fd == -1)
    return -1;
  if ((uint64_t) offset > total || (uint64_t) size > total - offset) {
    reply_with_error ("%s: region of %" PRIi64 " bytes at offset %" PRIi64
                      " lies beyond its end (%" PRIu64 " bytes)",
                      remotefilename, size, offset, total);
    return -1;
  }
  if (lseek (fd, offset, SEEK_SET) == -1) {
    reply_with_perror ("lseek: %s", remotefilename);
    return -1;
  }
  send_file_start ();
  if (send_contents (fd, remotefilename, size, size, buf) == -1)
    return -1;
  send_file_end (0);
  return 0;
}
