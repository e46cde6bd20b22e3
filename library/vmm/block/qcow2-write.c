/* guestkit — the VMM's block layer: qcow2 writes and discard.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements writes to a qcow2 image, one cluster at a time.
 * A standard cluster that belongs to this image alone (the COPIED
 * flag) is written in place.  Any other cluster (unallocated, zero,
 * compressed, shared) gets a new cluster: its old contents (from the
 * backing file, zeros, decompressed, or the old cluster) are read,
 * the new bytes laid over them, the whole cluster written, and only
 * then the L2 entry changed in the cache; the old cluster's reference
 * is released after that change is on disk (qcow2-flush.c).  L2 tables
 * are allocated the same way.  Discard deallocates whole clusters.
 */

#include <config.h>

#include <errno.h>
#include <string.h>

#include "qcow2.h"
#include "inject.h"

static void
l1_dirty (struct qcow2 *s, uint32_t i)
{
  if (i < s->l1_dirty_lo)
    s->l1_dirty_lo = i;
  if (i + 1 > s->l1_dirty_hi)
    s->l1_dirty_hi = i + 1;
}

/* Make the L1 entry I point at an L2 table that is ours alone: a new
 * one if none (ALLOC), else check its refcount once.  *L2OFF: the
 * table's offset, 0 if there is none and not ALLOC. */
static int
l1_prepare (struct qcow2 *s, uint32_t i, bool alloc, uint64_t *l2off)
{
  uint64_t off = s->l1[i] & QCOW2_OFFSET_MASK, rc;

  if (off == 0 && !alloc) {
    *l2off = 0;
    return 0;
  }
  if (off == 0) {
    if (qcow2_alloc (s, &off) == -1 ||
        qcow2_cache_get (s, &s->l2c, off, true) == NULL)
      return -1;
    s->l1[i] = off | QCOW2_COPIED;
    l1_dirty (s, i);
  }
  else if ((off & (s->cluster_size - 1)) != 0) {
    errno = EIO;
    return -1;
  }
  else if (!(s->l1[i] & QCOW2_COPIED)) {
    if (qcow2_refcount (s, off >> s->cluster_bits, &rc) == -1)
      return -1;
    if (rc != 1) {              /* shared L2 tables need snapshots */
      errno = EIO;
      return -1;
    }
    s->l1[i] |= QCOW2_COPIED;
    l1_dirty (s, i);
  }
  *l2off = off;
  return 0;
}

/* The cached L2 table of guest cluster V for changing, or NULL with
 * errno set (0 and *NONE set when not ALLOC and there is none). */
static struct qcow2_centry *
l2_table (struct qcow2 *s, uint64_t v, bool alloc, bool *none)
{
  uint64_t i1 = v >> s->l2_bits, off;

  *none = false;
  if (i1 >= s->l1_size) {
    errno = EIO;
    return NULL;
  }
  if (l1_prepare (s, i1, alloc, &off) == -1)
    return NULL;
  if (off == 0) {
    *none = true;
    return NULL;
  }
  return qcow2_cache_get (s, &s->l2c, off, false);
}

/* The host range that ENTRY holds a reference to, LEN 0 if none. */
static int
entry_range (struct qcow2 *s, uint64_t entry, uint64_t *off, uint64_t *len)
{
  *len = 0;
  if (entry & QCOW2_COMPRESSED)
    return qcow2_compressed_range (s, entry, off, len);
  *off = entry & QCOW2_OFFSET_MASK;
  if (*off != 0)
    *len = s->cluster_size;
  return 0;
}

/* Set entry IDX of table E to V; the old entry's reference goes. */
static int
l2_set (struct qcow2 *s, struct qcow2_centry *e, uint64_t idx, uint64_t v)
{
  uint64_t old = qcow2_be64 (e->buf + 8 * idx), off, len;

  if (entry_range (s, old, &off, &len) == -1)
    return -1;
  qcow2_put64 (e->buf + 8 * idx, v);
  e->dirty = true;
  if (s->dbuf_valid && s->dbuf_entry == old)
    s->dbuf_valid = false;
  return len ? qcow2_defer_free (s, off, len) : 0;
}

/* Does the cluster at HOST hold the header, the L1 or refcount table? */
static bool
is_metadata (const struct qcow2 *s, uint64_t host)
{
  uint64_t l1_end = s->l1_offset + (uint64_t) s->l1_size * 8;
  uint64_t rt_end = s->rt_offset + ((uint64_t) s->rt_clusters << s->cluster_bits);

  return host == 0 || (host < l1_end && host + s->cluster_size > s->l1_offset) ||
    (host < rt_end && host + s->cluster_size > s->rt_offset);
}

/* N bytes of BUF at guest offset OFF, all inside one cluster. */
static int
write_cluster (struct qcow2 *s, const uint8_t *buf, uint64_t n, uint64_t off)
{
  uint64_t v = off >> s->cluster_bits, o = off & (s->cluster_size - 1);
  uint64_t idx = v & ((UINT64_C (1) << s->l2_bits) - 1), entry, host;
  struct qcow2_centry *e;
  bool none;

  e = l2_table (s, v, true, &none);
  if (e == NULL)
    return -1;
  entry = qcow2_be64 (e->buf + 8 * idx);
  if (qcow2_classify (s, entry) == Q2_NORMAL && (entry & QCOW2_COPIED)) {
    if (qcow2_host_offset (s, entry, &host) == -1)
      return -1;
    if (is_metadata (s, host) || host >= s->file_size) {
      errno = EIO;              /* corrupt: never grow the file here */
      return -1;
    }
    if (bdev_inject_check (BDEV_INJ_DATA) == -1)
      return -1;
    return bdev_pwrite_full (s->fd, buf, n, host + o);
  }
  if (n < s->cluster_size) {
    if (qcow2_read_cluster (s, entry, v, s->wbuf) == -1)
      return -1;
    memcpy (s->wbuf + o, buf, n);
    buf = s->wbuf;
  }
  if (qcow2_alloc (s, &host) == -1 ||
      bdev_inject_check (BDEV_INJ_DATA) == -1 ||
      bdev_pwrite_full (s->fd, buf, s->cluster_size, host) == -1)
    return -1;
  if (host + s->cluster_size > s->file_size)
    s->file_size = host + s->cluster_size;
  /* qcow2_alloc touches only the refcount cache: E is still valid. */
  return l2_set (s, e, idx, host | QCOW2_COPIED);
}

/**
 * The write op: LEN bytes of BUF at guest offset OFF.  Returns 0 or -1
 * with errno set.
 */
int
qcow2_write (struct bdev *bs, const void *buf, uint64_t len, uint64_t off)
{
  struct qcow2 *s = bs->priv;
  const uint8_t *p = buf;

  if (s->broken) {
    errno = EIO;
    return -1;
  }
  while (len > 0) {
    uint64_t o = off & (s->cluster_size - 1);
    uint64_t n = s->cluster_size - o < len ? s->cluster_size - o : len;

    if (write_cluster (s, p, n, off) == -1)
      return -1;
    p += n;
    off += n;
    len -= n;
  }
  return 0;
}

/* Deallocate guest cluster V: unallocated without a backing file,
 * else zero (version 3 only; version 2 keeps the data). */
static int
discard_cluster (struct qcow2 *s, uint64_t v)
{
  uint64_t idx = v & ((UINT64_C (1) << s->l2_bits) - 1), entry;
  struct qcow2_centry *e;
  bool none;

  if (s->backing && s->version < 3)
    return 0;
  e = l2_table (s, v, false, &none);
  if (e == NULL)
    return none ? 0 : -1;
  entry = qcow2_be64 (e->buf + 8 * idx);
  if (qcow2_classify (s, entry) == Q2_UNALLOC ||
      (qcow2_classify (s, entry) == Q2_ZERO &&
       (entry & QCOW2_OFFSET_MASK) == 0))
    return 0;
  return l2_set (s, e, idx, s->backing ? QCOW2_ZERO : 0);
}

/**
 * The discard op: whole clusters inside [OFF, OFF + LEN) (and the
 * partial cluster at the end of the disk) are deallocated; the rest
 * is left as it is.
 */
int
qcow2_discard (struct bdev *bs, uint64_t off, uint64_t len)
{
  struct qcow2 *s = bs->priv;
  uint64_t v = (off + s->cluster_size - 1) >> s->cluster_bits;
  uint64_t end = off + len == s->size ?
    (s->size + s->cluster_size - 1) >> s->cluster_bits :
    (off + len) >> s->cluster_bits;

  if (s->broken) {
    errno = EIO;
    return -1;
  }
  while (v < end) {
    uint64_t per = UINT64_C (1) << s->l2_bits;

    if ((v >> s->l2_bits) < s->l1_size &&
        (s->l1[v >> s->l2_bits] & QCOW2_OFFSET_MASK) == 0) {
      v = (v | (per - 1)) + 1;  /* no L2 table: nothing allocated */
      continue;
    }
    if (discard_cluster (s, v) == -1)
      return -1;
    v++;
  }
  return 0;
}
