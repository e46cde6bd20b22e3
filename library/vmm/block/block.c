/* guestkit — the VMM's block layer: opening images, checked I/O.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements what every format shares: choosing the format
 * (what the caller says, else a probe of the first bytes), opening
 * backing files with the chain depth bounded, the range checks in
 * front of every request, and small I/O helpers.
 *
 * Format safety: a probed image is trusted with nothing but its data.
 * It never follows a backing-file or data-file name unless the caller
 * allows it, and a probed raw image refuses writes that would make it
 * probe as another format (raw.c).  Formats we cannot open are named
 * in the error instead of being served as raw.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block.h"
#include "image-magic.h"

/* The formats we open, by name. */
static const struct {
  const char *name;
  struct bdev *(*open) (const struct bdev_format_args *a);
} formats[] = {
  { "raw", raw_open },
  { "qcow2", qcow2_open },
};

/**
 * Write a message into ERR (truncated to ERRLEN).
 */
void
bdev_errorf (char *err, size_t errlen, const char *fs, ...)
{
  va_list ap;

  if (err == NULL || errlen == 0)
    return;
  va_start (ap, fs);
  vsnprintf (err, errlen, fs, ap);
  va_end (ap);
}

const char *
bdev_probe (const uint8_t *buf, size_t len)
{
  return image_magic_probe (buf, len);
}

/* OFF + LEN representable as an off_t? */
static bool
io_range_ok (uint64_t len, uint64_t off)
{
  if (off <= INT64_MAX && len <= INT64_MAX - off)
    return true;
  errno = EINVAL;
  return false;
}

/**
 * Up to LEN bytes at OFF (interrupted and short reads retried):
 * returns the count read, short only at the end of the file, or -1.
 */
int64_t
bdev_pread_upto (int fd, void *buf, uint64_t len, uint64_t off)
{
  uint64_t got = 0;

  if (!io_range_ok (len, off))
    return -1;
  while (got < len) {
    ssize_t r = pread (fd, (uint8_t *) buf + got, len - got,
                       (off_t) (off + got));

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    if (r == 0)
      break;
    got += r;
  }
  return got;
}

int
bdev_pread_full (int fd, void *buf, uint64_t len, uint64_t off)
{
  int64_t got = bdev_pread_upto (fd, buf, len, off);

  if (got >= 0 && (uint64_t) got < len) {
    errno = EIO;                /* end of file inside the range */
    return -1;
  }
  return got == -1 ? -1 : 0;
}

int
bdev_pwrite_full (int fd, const void *buf, uint64_t len, uint64_t off)
{
  const uint8_t *p = buf;

  if (!io_range_ok (len, off))
    return -1;
  while (len > 0) {
    ssize_t r = pwrite (fd, p, len, (off_t) off);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    if (r == 0) {
      errno = EIO;
      return -1;
    }
    p += r;
    len -= r;
    off += r;
  }
  return 0;
}

/**
 * A new bdev (NAME copied).  Returns NULL on out of memory.
 */
struct bdev *
bdev_new (const struct bdev_ops *ops, const char *format, const char *path,
          uint64_t size, bool readonly, void *priv)
{
  struct bdev *bs = calloc (1, sizeof *bs);

  if (bs == NULL)
    return NULL;
  bs->name = strdup (path ? path : "(image)");
  if (bs->name == NULL) {
    free (bs);
    return NULL;
  }
  bs->ops = ops;
  bs->format = format;
  bs->size = size;
  bs->readonly = readonly;
  bs->priv = priv;
  return bs;
}

void
bdev_free (struct bdev *bs)
{
  if (bs) {
    free (bs->name);
    free (bs);
  }
}

/*-- checked I/O ------------------------------------------------------------*/

static bool
range_ok (const struct bdev *bs, uint64_t len, uint64_t off)
{
  if (off <= bs->size && len <= bs->size - off)
    return true;
  errno = EINVAL;
  return false;
}

int
bdev_read (struct bdev *bs, void *buf, uint64_t len, uint64_t off)
{
  if (!range_ok (bs, len, off))
    return -1;
  return len == 0 ? 0 : bs->ops->read (bs, buf, len, off);
}

int
bdev_write (struct bdev *bs, const void *buf, uint64_t len, uint64_t off)
{
  if (bs->readonly) {
    errno = EROFS;
    return -1;
  }
  if (!range_ok (bs, len, off))
    return -1;
  return len == 0 ? 0 : bs->ops->write (bs, buf, len, off);
}

int
bdev_discard (struct bdev *bs, uint64_t off, uint64_t len)
{
  if (bs->readonly) {
    errno = EROFS;
    return -1;
  }
  if (!range_ok (bs, len, off))
    return -1;
  if (len == 0 || bs->ops->discard == NULL)
    return 0;
  return bs->ops->discard (bs, off, len);
}

int
bdev_flush (struct bdev *bs)
{
  return bs->readonly || bs->ops->flush == NULL ? 0 : bs->ops->flush (bs);
}

void
bdev_close (struct bdev *bs)
{
  if (bs)
    bs->ops->close (bs);
}

int
bdev_read_backing (struct bdev *bs, void *buf, uint64_t len, uint64_t off)
{
  uint64_t have = 0;

  if (bs && off < bs->size) {
    have = bs->size - off < len ? bs->size - off : len;
    if (bs->ops->read (bs, buf, have, off) == -1)
      return -1;
  }
  memset ((uint8_t *) buf + have, 0, len - have);
  return 0;
}

/*-- opening ----------------------------------------------------------------*/

/* Open PATH for reading (and writing unless READONLY): a regular file
 * or a block device.  Returns the fd or -1 with ERR set. */
static int
open_image (const char *path, bool readonly, char *err, size_t errlen)
{
  struct stat st;
  int fd;

  fd = open (path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC | O_NOCTTY);
  if (fd == -1) {
    bdev_errorf (err, errlen, "%s: %s", path, strerror (errno));
    return -1;
  }
  if (fstat (fd, &st) == -1 || (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode))) {
    bdev_errorf (err, errlen, "%s: not a regular file or block device", path);
    close (fd);
    return -1;
  }
  return fd;
}

/* The format of the image on FD: NAME if given (checked against the
 * table), else a probe.  Returns the table index or -1 with ERR set. */
static int
choose_format (int fd, const char *path, const char *name,
               char *err, size_t errlen)
{
  uint8_t buf[BDEV_PROBE_LEN];
  ssize_t n;
  size_t i;

  if (name == NULL) {
    do
      n = pread (fd, buf, sizeof buf, 0);
    while (n == -1 && errno == EINTR);
    if (n == -1) {
      bdev_errorf (err, errlen, "%s: %s", path, strerror (errno));
      return -1;
    }
    name = bdev_probe (buf, n);
  }
  for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (strcmp (formats[i].name, name) == 0)
      return i;
  bdev_errorf (err, errlen, "%s: the image format is %s; only raw and qcow2 "
               "are supported", path, name);
  return -1;
}

static struct bdev *
open_layer (int fd, const char *path, const char *format, bool readonly,
            bool allow_backing, unsigned depth, char *err, size_t errlen)
{
  struct bdev_format_args a = {
    .fd = fd, .path = path, .readonly = readonly, .probed = format == NULL,
    .allow_backing = allow_backing || format != NULL, .depth = depth,
    .err = err, .errlen = errlen,
  };
  int i = choose_format (fd, path, format, err, errlen);

  if (i == -1) {
    close (fd);
    return NULL;
  }
  return formats[i].open (&a);
}

struct bdev *
bdev_open (const char *path, const struct bdev_open_opts *o,
           char *err, size_t errlen)
{
  bool ro = o->readonly || o->snapshot;
  struct bdev *bs;
  int fd = o->fd;

  if (path == NULL)
    path = "(image)";
  if (fd == -1 && (fd = open_image (path, ro, err, errlen)) == -1)
    return NULL;
  bs = open_layer (fd, path, o->format, ro, o->allow_backing, 0, err, errlen);
  if (bs && o->snapshot && !o->readonly)
    bs = overlay_new (bs, o->tmpdir, err, errlen);
  return bs;
}

/* NAME resolved against the directory of CHILD, into BUF. */
static int
resolve_backing (const char *child, const char *name, char *buf, size_t len,
                 char *err, size_t errlen)
{
  const char *slash = strrchr (child, '/');
  int n;

  if (*name == '\0' || strncmp (name, "json:", 5) == 0 ||
      strstr (name, "://") != NULL) {
    bdev_errorf (err, errlen, "%s: backing file name \"%.64s\" is not a "
                 "file name", child, name);
    return -1;
  }
  if (name[0] == '/' || slash == NULL)
    n = snprintf (buf, len, "%s", name);
  else
    n = snprintf (buf, len, "%.*s/%s", (int) (slash - child), child, name);
  if (n < 0 || (size_t) n >= len) {
    bdev_errorf (err, errlen, "%s: backing file name is too long", child);
    return -1;
  }
  return 0;
}

struct bdev *
bdev_open_backing (const char *child, const char *name, const char *format,
                   unsigned depth, char *err, size_t errlen)
{
  char path[PATH_MAX];
  int fd;

  if (depth > BDEV_MAX_CHAIN) {
    bdev_errorf (err, errlen, "%s: backing chain deeper than %d images",
                 child, BDEV_MAX_CHAIN);
    return NULL;
  }
  if (format && strcmp (format, "raw") != 0 && strcmp (format, "qcow2") != 0) {
    bdev_errorf (err, errlen, "%s: backing format \"%.32s\" is not supported",
                 child, format);
    return NULL;
  }
  if (resolve_backing (child, name, path, sizeof path, err, errlen) == -1 ||
      (fd = open_image (path, true, err, errlen)) == -1)
    return NULL;
  /* The chain was allowed by the top image: a probed backing file may
   * have a backing file of its own. */
  return open_layer (fd, path, format, true, true, depth, err, errlen);
}
