/* guestkit — the VMM's block layer: the read-only overlay.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the overlay that C<--ro> and snapshot drives
 * sit behind: the image below is never written.  Guest writes go to an
 * unlinked sparse temporary file of the disk's size, and a bitmap (one
 * bit per 4 KiB block, in a MAP_NORESERVE mapping so a huge disk costs
 * nothing up front) says which blocks the overlay holds.  A write that
 * covers a block only in part first copies that block up from below.
 * Discard and flush have nothing to do: the overlay dies with the VMM.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "block.h"

#define OVL_BLOCK 4096

struct overlay {
  struct bdev *base;
  int fd;                       /* the temporary file */
  uint8_t *bitmap;              /* blocks present in the overlay */
  size_t bitmap_len;            /* bytes mapped */
};

static bool
ovl_has (const struct overlay *o, uint64_t blk)
{
  return (o->bitmap[blk / 8] >> (blk % 8)) & 1;
}

static void
ovl_set (struct overlay *o, uint64_t blk)
{
  o->bitmap[blk / 8] |= 1 << (blk % 8);
}

static int
ovl_read (struct bdev *bs, void *buf, uint64_t len, uint64_t off)
{
  struct overlay *o = bs->priv;
  uint64_t at = off, end = off + len;
  uint8_t *p = buf;

  while (at < end) {
    bool in_ovl = ovl_has (o, at / OVL_BLOCK);
    uint64_t run = (at / OVL_BLOCK + 1) * OVL_BLOCK;
    int r;

    while (run < end && ovl_has (o, run / OVL_BLOCK) == in_ovl)
      run += OVL_BLOCK;
    if (run > end)
      run = end;
    r = in_ovl ? bdev_pread_full (o->fd, p + (at - off), run - at, at)
      : bdev_read (o->base, p + (at - off), run - at, at);
    if (r == -1)
      return -1;
    at = run;
  }
  return 0;
}

/* Unless block BLK is in the overlay or [POS, END) covers all of it,
 * copy it up from the base and mark it present. */
static int
ovl_copy_up (struct bdev *bs, uint64_t blk, uint64_t pos, uint64_t end)
{
  struct overlay *o = bs->priv;
  uint8_t buf[OVL_BLOCK];
  uint64_t s = blk * OVL_BLOCK;
  uint64_t e = bs->size - s < OVL_BLOCK ? bs->size : s + OVL_BLOCK;

  if (ovl_has (o, blk) || (pos <= s && end >= e))
    return 0;
  if (bdev_read (o->base, buf, e - s, s) == -1 ||
      bdev_pwrite_full (o->fd, buf, e - s, s) == -1)
    return -1;
  ovl_set (o, blk);
  return 0;
}

static int
ovl_write (struct bdev *bs, const void *buf, uint64_t len, uint64_t off)
{
  struct overlay *o = bs->priv;
  uint64_t first = off / OVL_BLOCK, last = (off + len - 1) / OVL_BLOCK, blk;

  if (ovl_copy_up (bs, first, off, off + len) == -1 ||
      ovl_copy_up (bs, last, off, off + len) == -1 ||
      bdev_pwrite_full (o->fd, buf, len, off) == -1)
    return -1;
  for (blk = first; blk <= last; blk++)
    ovl_set (o, blk);
  return 0;
}

static void
ovl_close (struct bdev *bs)
{
  struct overlay *o = bs->priv;

  if (o) {
    bdev_close (o->base);
    if (o->fd >= 0)
      close (o->fd);
    if (o->bitmap)
      munmap (o->bitmap, o->bitmap_len);
    free (o);
  }
  bdev_free (bs);
}

static const struct bdev_ops overlay_ops = {
  .read = ovl_read,
  .write = ovl_write,
  .close = ovl_close,
};

/* An unlinked file in DIR: O_TMPFILE, else mkstemp + unlink. */
static int
tmpfile_open (const char *dir)
{
  char path[PATH_MAX];
  int fd;

#ifdef O_TMPFILE
  fd = open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0)
    return fd;
#endif
  if ((size_t) snprintf (path, sizeof path, "%s/guestkit-ovl.XXXXXX", dir)
      >= sizeof path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  fd = mkostemp (path, O_CLOEXEC);
  if (fd >= 0)
    unlink (path);
  return fd;
}

/* The temporary file and the empty bitmap. */
static int
ovl_init (struct overlay *o, uint64_t size, const char *dir)
{
  uint64_t blocks = size / OVL_BLOCK + 1;
  long page = sysconf (_SC_PAGESIZE);
  void *p;

  o->fd = tmpfile_open (dir ? dir : "/tmp");
  if (o->fd == -1 || ftruncate (o->fd, (off_t) size) == -1)
    return -1;
  if (page <= 0)
    page = 4096;
  o->bitmap_len = (blocks / 8 + page) / page * page;
  p = mmap (NULL, o->bitmap_len, PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    return -1;
  o->bitmap = p;
  return 0;
}

struct bdev *
overlay_new (struct bdev *base, const char *tmpdir, char *err, size_t errlen)
{
  struct overlay *o;
  struct bdev *bs = NULL;

  if (base == NULL)
    return NULL;
  o = calloc (1, sizeof *o);
  if (o == NULL ||
      (bs = bdev_new (&overlay_ops, "overlay", base->name, base->size,
                      false, o)) == NULL) {
    bdev_errorf (err, errlen, "%s: out of memory", base->name);
    free (o);
    bdev_close (base);
    return NULL;
  }
  o->base = base;
  o->fd = -1;
  if (ovl_init (o, base->size, tmpdir) == -1) {
    bdev_errorf (err, errlen, "%s: cannot create the overlay in %s: %s",
                 base->name, tmpdir ? tmpdir : "/tmp", strerror (errno));
    ovl_close (bs);
    return NULL;
  }
  return bs;
}
