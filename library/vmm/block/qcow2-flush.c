/* guestkit — the VMM's block layer: qcow2 metadata write-back order.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the order in which a writable qcow2 image's
 * metadata reaches the disk, so that a crash at any point leaves at
 * worst leaked clusters, never a reference to unwritten data or a
 * refcount too low:
 *
 *   1. refcount blocks (they only grow here), then, after a sync, the
 *      refcount table entries that point at new blocks; L2 tables that
 *      nothing on disk points at yet; sync (guest data is now durable
 *      too);
 *   2. the other L2 tables and the L1 entries; sync;
 *   3. only now the references those dropped are released (refcounts
 *      go down, deferred in a list until here); their blocks; sync.
 *
 * Writes batch in memory until a flush, an L2 table eviction or a full
 * free list, so a flush costs two to four fdatasyncs.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "qcow2.h"
#include "inject.h"

#define FREES_MAX 8192
#define CHUNK 512               /* table entries written per call */

/**
 * fdatasync the image.  Returns 0 or -1 with errno set.
 */
int
qcow2_sync (struct qcow2 *s)
{
  int r;

  if (bdev_inject_check (BDEV_INJ_FLUSH) == -1)
    return -1;
  do
    r = fdatasync (s->fd);
  while (r == -1 && errno == EINTR);
  return r;
}

/* Entries [LO, HI) of the host-order table T at OFF, written as on
 * disk. */
static int
write_entries (struct qcow2 *s, const uint64_t *t, uint64_t lo, uint64_t hi,
               uint64_t off)
{
  uint8_t buf[CHUNK * 8];

  while (lo < hi) {
    uint64_t n = hi - lo < CHUNK ? hi - lo : CHUNK, i;

    for (i = 0; i < n; i++)
      qcow2_put64 (buf + 8 * i, t[lo + i]);
    if (bdev_pwrite_full (s->fd, buf, n * 8, off + lo * 8) == -1)
      return -1;
    lo += n;
  }
  return 0;
}

/* Step 1: refcounts, new refcount table entries, fresh L2 tables. */
static int
flush_refcounts (struct qcow2 *s)
{
  if (qcow2_cache_writeback (s, &s->rbc, -1) < 0)
    return -1;
  if (s->rt_dirty_lo < s->rt_dirty_hi) {
    if (qcow2_sync (s) == -1 ||
        write_entries (s, s->rt, s->rt_dirty_lo, s->rt_dirty_hi,
                       s->rt_offset) == -1)
      return -1;
    s->rt_dirty_lo = UINT64_MAX;
    s->rt_dirty_hi = 0;
  }
  if (qcow2_cache_writeback (s, &s->l2c, 1) < 0)
    return -1;
  return qcow2_sync (s);
}

/* Step 2: the mapping. */
static int
flush_mapping (struct qcow2 *s)
{
  int n = qcow2_cache_writeback (s, &s->l2c, 0);

  if (n < 0)
    return -1;
  if (s->l1_dirty_lo < s->l1_dirty_hi) {
    if (write_entries (s, s->l1, s->l1_dirty_lo, s->l1_dirty_hi,
                       s->l1_offset) == -1)
      return -1;
    s->l1_dirty_lo = UINT32_MAX;
    s->l1_dirty_hi = 0;
    n++;
  }
  return n > 0 ? qcow2_sync (s) : 0;
}

/* Step 3: release the references dropped before step 2. */
static int
flush_frees (struct qcow2 *s)
{
  struct qcow2_free *list = s->frees;
  size_t n = s->nfrees, i;
  int r = 0;

  if (n == 0)
    return 0;
  s->frees = NULL;
  s->nfrees = s->frees_cap = 0;
  for (i = 0; i < n && r == 0; i++)
    r = qcow2_unref (s, list[i].off, list[i].len);
  free (list);
  if (r == 0 && qcow2_cache_writeback (s, &s->rbc, -1) < 0)
    r = -1;
  return r == 0 ? qcow2_sync (s) : -1;
}

/**
 * Make every completed write durable, metadata included, in the order
 * above.  Returns 0, or -1 with errno set (the image then refuses
 * further writes).
 */
int
qcow2_flush_meta (struct qcow2 *s)
{
  if (!s->writable)
    return 0;
  if (s->broken) {
    errno = EIO;
    return -1;
  }
  if (flush_refcounts (s) == -1 || flush_mapping (s) == -1 ||
      flush_frees (s) == -1) {
    s->broken = true;
    return -1;
  }
  return 0;
}

/**
 * Note that host range [OFF, OFF + LEN) lost a reference in metadata
 * not yet on disk: its refcounts go down in the next flush.  A full
 * list flushes now.  Returns 0 or -1.
 */
int
qcow2_defer_free (struct qcow2 *s, uint64_t off, uint64_t len)
{
  if (s->nfrees == s->frees_cap) {
    size_t cap = s->frees_cap ? 2 * s->frees_cap : 64;
    struct qcow2_free *f = realloc (s->frees, cap * sizeof *f);

    if (f == NULL)
      return -1;
    s->frees = f;
    s->frees_cap = cap;
  }
  s->frees[s->nfrees].off = off;
  s->frees[s->nfrees].len = len;
  s->nfrees++;
  return s->nfrees >= FREES_MAX ? qcow2_flush_meta (s) : 0;
}

/**
 * Free the lists of qcow2-alloc.c and this file.
 */
void
qcow2_alloc_free (struct qcow2 *s)
{
  free (s->frees);
  free (s->reuse);
}
