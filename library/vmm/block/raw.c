/* guestkit — the VMM's block layer: raw images.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the raw format: the image is the disk.  Reads
 * and writes go straight to the file, discard punches a hole (advisory:
 * a file system that cannot punch one keeps the data), flush is
 * fdatasync.  The size is the file's (or the block device's) size.
 *
 * A raw image whose format was probed rather than given is guarded:
 * a write touching its first BDEV_PROBE_LEN bytes is refused (EPERM) if
 * it would make them probe as another format, so a guest cannot turn
 * its disk into a qcow2 that names host files next time.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block.h"
#include "inject.h"

struct raw {
  int fd;
  bool guard;                   /* probed: protect the format magic */
};

static int
raw_read (struct bdev *bs, void *buf, uint64_t len, uint64_t off)
{
  struct raw *r = bs->priv;

  return bdev_pread_full (r->fd, buf, len, off);
}

/* Would writing BUF (LEN bytes at OFF) make the image probe as
 * something other than raw? */
static int
guard_check (struct bdev *bs, const void *buf, uint64_t len, uint64_t off)
{
  struct raw *r = bs->priv;
  uint8_t head[BDEV_PROBE_LEN];
  uint64_t n = bs->size < sizeof head ? bs->size : sizeof head;
  uint64_t end;

  if (!r->guard || off >= n)
    return 0;
  if (bdev_pread_full (r->fd, head, n, 0) == -1)
    return -1;
  end = len < n - off ? off + len : n;
  memcpy (head + off, buf, end - off);
  if (strcmp (bdev_probe (head, n), "raw") == 0)
    return 0;
  errno = EPERM;
  return -1;
}

static int
raw_write (struct bdev *bs, const void *buf, uint64_t len, uint64_t off)
{
  struct raw *r = bs->priv;

  if (guard_check (bs, buf, len, off) == -1 ||
      bdev_inject_check (BDEV_INJ_DATA) == -1)
    return -1;
  return bdev_pwrite_full (r->fd, buf, len, off);
}

static int
raw_discard (struct bdev *bs, uint64_t off, uint64_t len)
{
  struct raw *r = bs->priv;

  if (fallocate (r->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                 (off_t) off, (off_t) len) == 0)
    return 0;
  if (errno == EOPNOTSUPP || errno == ENOSYS || errno == ENODEV)
    return 0;
  return -1;
}

static int
raw_flush (struct bdev *bs)
{
  struct raw *r = bs->priv;
  int rv;

  if (bdev_inject_check (BDEV_INJ_FLUSH) == -1)
    return -1;
  do
    rv = fdatasync (r->fd);
  while (rv == -1 && errno == EINTR);
  return rv;
}

static void
raw_close (struct bdev *bs)
{
  struct raw *r = bs->priv;

  close (r->fd);
  free (r);
  bdev_free (bs);
}

static const struct bdev_ops raw_ops = {
  .read = raw_read,
  .write = raw_write,
  .discard = raw_discard,
  .flush = raw_flush,
  .close = raw_close,
};

/* The size of the image on FD in bytes. */
static int
raw_size (int fd, uint64_t *bytes)
{
  struct stat st;
  off_t end;

  if (fstat (fd, &st) == -1)
    return -1;
  if (S_ISREG (st.st_mode)) {
    *bytes = st.st_size;
    return 0;
  }
  end = lseek (fd, 0, SEEK_END);
  if (end == -1)
    return -1;
  *bytes = end;
  return 0;
}

/**
 * Open the raw image on A->fd.  Returns the bdev or NULL with the
 * error set (the fd is closed).
 */
struct bdev *
raw_open (const struct bdev_format_args *a)
{
  struct raw *r = NULL;
  struct bdev *bs = NULL;
  uint64_t size;

  if (raw_size (a->fd, &size) == -1) {
    bdev_errorf (a->err, a->errlen, "%s: %s", a->path, strerror (errno));
    goto fail;
  }
  r = calloc (1, sizeof *r);
  if (r)
    bs = bdev_new (&raw_ops, "raw", a->path, size, a->readonly, r);
  if (bs == NULL) {
    bdev_errorf (a->err, a->errlen, "%s: out of memory", a->path);
    goto fail;
  }
  r->fd = a->fd;
  r->guard = a->probed;
  return bs;

 fail:
  free (r);
  close (a->fd);
  return NULL;
}
