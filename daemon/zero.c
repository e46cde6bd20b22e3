/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<is_zero>, C<is_zero_device>, C<zero>,
 * C<zero_device> and C<zero_free_space>.
 *
 * Zeroing reads each block first and writes only the blocks that are
 * not zero already, so a sparse or thin disk does not grow.  Free
 * space is zeroed through an unnamed file (created with C<O_EXCL> in
 * the guest directory and unlinked at once) filled until the
 * filesystem is full.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/statvfs.h>

#include "daemon.h"
#include "actions.h"
#include "content.h"

/* Block size for reading and zeroing. */
#define BLOCK (1024 * 1024)
/* What zero clears: the first ZERO_START_BYTES of the device. */
#define ZERO_START_BYTES (32 * 4096)

/* A block of zeroes to write. */
static const char zeroes[BLOCK];

/* 1 if everything FD reads is zero, 0 if not, -1 after replying. */
static int
all_zero (int fd, const char *name)
{
  CLEANUP_FREE char *buf = malloc (BLOCK);
  ssize_t r;

  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  for (;;) {
    r = read (fd, buf, BLOCK);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      reply_with_perror ("read: %s", name);
      return -1;
    }
    if (r == 0)
      return 1;
    if (!content_is_zero (buf, r))
      return 0;
  }
}

/**
 * True if the file C<path> is empty or contains only zero bytes.
 */
int
do_is_zero (const char *path)
{
  CLEANUP_CLOSE int fd = content_open_read (path);

  return fd == -1 ? -1 : all_zero (fd, path);
}

/**
 * True if C<device> contains only zero bytes.
 */
int
do_is_zero_device (const char *device)
{
  CLEANUP_FREE char *shown = device_to_external (device);
  CLEANUP_CLOSE int fd = content_open_device (device, O_RDONLY);

  return fd == -1 ? -1 : all_zero (fd, shown ? shown : device);
}

/* Zero the first LIMIT bytes of the open device FD (all of it if
 * LIMIT is 0), skipping blocks already zero.  0, or -1 after
 * replying. */
static int
zero_blocks (int fd, const char *name, uint64_t limit)
{
  CLEANUP_FREE char *buf = malloc (BLOCK);
  uint64_t size, pos;
  size_t n;

  if (buf == NULL || content_fd_size (fd, &size) == -1) {
    reply_with_perror ("%s", name);
    return -1;
  }
  if (limit > 0 && limit < size)
    size = limit;
  for (pos = 0; pos < size; pos += n) {
    n = size - pos < BLOCK ? size - pos : BLOCK;
    if (pread (fd, buf, n, pos) != (ssize_t) n) {
      reply_with_perror ("read: %s", name);
      return -1;
    }
    if (!content_is_zero (buf, n) &&
        pwrite (fd, zeroes, n, pos) != (ssize_t) n) {
      reply_with_perror ("write: %s", name);
      return -1;
    }
    notify_progress (pos + n, size);
  }
  if (fsync (fd) == -1) {
    reply_with_perror ("fsync: %s", name);
    return -1;
  }
  return 0;
}

/**
 * Zero the first blocks of C<device> (enough to remove partition
 * tables and superblocks).
 */
int
do_zero (const char *device)
{
  CLEANUP_FREE char *shown = device_to_external (device);
  CLEANUP_CLOSE int fd = content_open_device (device, O_RDWR);

  return fd == -1 ? -1 : zero_blocks (fd, shown ? shown : device,
                                      ZERO_START_BYTES);
}

/**
 * Zero the whole of C<device>.
 */
int
do_zero_device (const char *device)
{
  CLEANUP_FREE char *shown = device_to_external (device);
  CLEANUP_CLOSE int fd = content_open_device (device, O_RDWR);

  return fd == -1 ? -1 : zero_blocks (fd, shown ? shown : device, 0);
}

/* Create and unlink a new file in the directory DFD.  Returns its
 * fd, or -1 with errno set. */
static int
anonymous_file (int dfd)
{
  char name[64];
  int fd, i;

  for (i = 0; i < 100; i++) {
    snprintf (name, sizeof name, ".guestfs-zero-%d-%d", getpid (), i);
    fd = openat (dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                 O_CLOEXEC | O_NOCTTY, 0600);
    if (fd >= 0) {
      unlinkat (dfd, name, 0);
      return fd;
    }
    if (errno != EEXIST)
      return -1;
  }
  return -1;
}

/* Write zeroes to FD until the filesystem is full.  0, or -1 after
 * replying. */
static int
fill_with_zeroes (int fd, const char *name, uint64_t total)
{
  uint64_t pos = 0;
  ssize_t r;

  for (;;) {
    r = write (fd, zeroes, BLOCK);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1 && (errno == ENOSPC || errno == EFBIG || errno == EDQUOT))
      break;
    if (r == -1) {
      reply_with_perror ("write: %s", name);
      return -1;
    }
    pos += r;
    notify_progress (pos < total ? pos : total, total);
  }
  if (fsync (fd) == -1) {
    reply_with_perror ("fsync: %s", name);
    return -1;
  }
  return 0;
}

/**
 * Zero the free space of the filesystem holding C<directory>.
 */
int
do_zero_free_space (const char *directory)
{
  CLEANUP_CLOSE int dfd = open_in_root (directory, O_PATH | O_DIRECTORY, 0);
  CLEANUP_CLOSE int fd = -1;
  struct statvfs sv;

  if (dfd == -1) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  fd = anonymous_file (dfd);
  if (fd == -1 || fstatvfs (fd, &sv) == -1) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  return fill_with_zeroes (fd, directory, (uint64_t) sv.f_bavail * sv.f_frsize);
}
