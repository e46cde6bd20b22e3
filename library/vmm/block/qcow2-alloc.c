/* guestkit — the VMM's block layer: qcow2 refcounts and allocation.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements qcow2 cluster allocation.  Clusters come from a
 * short list of clusters freed by this process, else from the end of
 * the image (a hint that only moves forward; a cluster is only handed
 * out if its refcount reads 0, and the search is bounded).  A cluster
 * whose refcount block is missing gets a new block placed on itself,
 * so the block covers its own cluster.  When the refcount table is too
 * small it is rewritten larger at the end of the image (new table and
 * blocks written and synced before the header points at them; the old
 * table is freed afterwards): a crash at any point leaks clusters at
 * worst.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "qcow2.h"
#include "inject.h"

#define SEARCH_MAX (1u << 20)   /* clusters skipped looking for a free one */
#define REUSE_MAX 4096

static uint64_t
rb_get (const struct qcow2 *s, const uint8_t *b, uint64_t i)
{
  unsigned bits = 1u << s->refcount_order, k;
  uint64_t v = 0;

  if (bits < 8)
    return (b[i * bits / 8] >> (i * bits % 8)) & ((1u << bits) - 1);
  for (k = 0; k < bits / 8; k++)
    v = v << 8 | b[i * (bits / 8) + k];
  return v;
}

static void
rb_set (const struct qcow2 *s, uint8_t *b, uint64_t i, uint64_t v)
{
  unsigned bits = 1u << s->refcount_order, k;

  if (bits < 8) {
    unsigned mask = ((1u << bits) - 1) << (i * bits % 8);

    b[i * bits / 8] = (b[i * bits / 8] & ~mask) | (v << (i * bits % 8) & mask);
    return;
  }
  for (k = bits / 8; k-- > 0; v >>= 8)
    b[i * (bits / 8) + k] = v & 0xff;
}

/* The refcount block covering CLUSTER into *E (NULL: none allocated)
 * and the index in it into *I.  -1 with EIO for a bad block offset. */
static int
rb_lookup (struct qcow2 *s, uint64_t cluster, struct qcow2_centry **e,
           uint64_t *i)
{
  uint64_t t = cluster >> s->rb_bits, off;

  *e = NULL;
  *i = cluster & ((UINT64_C (1) << s->rb_bits) - 1);
  if (t >= s->rt_entries || s->rt[t] == 0)
    return 0;
  off = s->rt[t];
  if ((off & (s->cluster_size - 1)) != 0 || off >= QCOW2_OFFSET_LIMIT) {
    errno = EIO;
    return -1;
  }
  *e = qcow2_cache_get (s, &s->rbc, off, false);
  return *e ? 0 : -1;
}

/**
 * The refcount of host cluster CLUSTER into *RC.  Returns 0 or -1.
 */
int
qcow2_refcount (struct qcow2 *s, uint64_t cluster, uint64_t *rc)
{
  struct qcow2_centry *e;
  uint64_t i;

  if (rb_lookup (s, cluster, &e, &i) == -1)
    return -1;
  *rc = e ? rb_get (s, e->buf, i) : 0;
  return 0;
}

/* Set the refcount of CLUSTER (its block exists) to V. */
static int
rc_set (struct qcow2 *s, uint64_t cluster, uint64_t v)
{
  struct qcow2_centry *e;
  uint64_t i;

  if (rb_lookup (s, cluster, &e, &i) == -1)
    return -1;
  if (e == NULL || (s->refcount_order < 6 &&
                    v >> (1u << s->refcount_order) != 0)) {
    errno = EIO;
    return -1;
  }
  rb_set (s, e->buf, i, v);
  e->dirty = true;
  return 0;
}

/* The first cluster from the hint on whose refcount is 0. */
static int
find_free (struct qcow2 *s, uint64_t from, uint64_t *c)
{
  uint64_t x = from, rc, n;

  for (n = 0; n < SEARCH_MAX; n++, x++) {
    if (x >= QCOW2_OFFSET_LIMIT >> s->cluster_bits)
      break;
    if (qcow2_refcount (s, x, &rc) == -1)
      return -1;
    if (rc == 0) {
      *c = x;
      return 0;
    }
  }
  errno = ENOSPC;
  return -1;
}

/* A new refcount block for the index of free cluster C, placed on C. */
static int
new_refblock (struct qcow2 *s, uint64_t c)
{
  uint64_t t = c >> s->rb_bits;
  struct qcow2_centry *e;

  e = qcow2_cache_get (s, &s->rbc, c << s->cluster_bits, true);
  if (e == NULL)
    return -1;
  rb_set (s, e->buf, c & ((UINT64_C (1) << s->rb_bits) - 1), 1);
  s->rt[t] = c << s->cluster_bits;
  if (t < s->rt_dirty_lo)
    s->rt_dirty_lo = t;
  if (t + 1 > s->rt_dirty_hi)
    s->rt_dirty_hi = t + 1;
  return 0;
}

/* The layout of a grown refcount table: N table clusters and K new
 * blocks from cluster A, ENTRIES entries. */
struct rt_layout {
  uint64_t a, n, k, entries;
};

/* Blocks missing for the clusters [A, A + COUNT). */
static uint64_t
missing_blocks (const struct qcow2 *s, uint64_t a, uint64_t count)
{
  uint64_t t, k = 0;

  for (t = a >> s->rb_bits; t <= (a + count - 1) >> s->rb_bits; t++)
    if (t >= s->rt_entries || s->rt[t] == 0)
      k++;
  return k;
}

/* The index of the first cluster in [A, A + N) whose refcount is not
 * 0 into *BUSY (N if none). */
static int
first_busy (struct qcow2 *s, uint64_t a, uint64_t n, uint64_t *busy)
{
  uint64_t i, rc;

  for (i = 0; i < n; i++) {
    if (qcow2_refcount (s, a + i, &rc) == -1)
      return -1;
    if (rc != 0)
      break;
  }
  *busy = i;
  return 0;
}

/* Plan a table of at least WANT entries at the first free clusters:
 * its own clusters and the new blocks they need must be covered. */
static int
rt_plan (struct qcow2 *s, uint64_t want, struct rt_layout *L)
{
  uint64_t per = s->cluster_size / 8, k, busy, last;
  unsigned round;

  L->entries = want;
  for (round = 0; round < 64; round++) {
    L->entries = (L->entries + per - 1) / per * per;
    if (L->entries * 8 > QCOW2_MAX_TABLE)
      break;
    L->n = L->entries / per;
    if (find_free (s, s->free_hint, &L->a) == -1)
      return -1;
    for (L->k = 0; (k = missing_blocks (s, L->a, L->n + L->k)) != L->k; )
      L->k = k;
    if (first_busy (s, L->a, L->n + L->k, &busy) == -1)
      return -1;
    if (busy < L->n + L->k) {   /* not all free: look further on */
      s->free_hint = L->a + busy + 1;
      continue;
    }
    last = (L->a + L->n + L->k - 1) >> s->rb_bits;
    if (last < L->entries)
      return 0;
    L->entries = last + 1;
  }
  errno = ENOSPC;
  return -1;
}

/* Point the in-memory state at the planned table: new blocks, the
 * refcounts of the new clusters. */
static int
rt_install (struct qcow2 *s, const struct rt_layout *L, uint64_t *nt)
{
  uint64_t t, j = 0, x;

  memcpy (nt, s->rt, s->rt_entries * 8);
  memset (nt + s->rt_entries, 0, (L->entries - s->rt_entries) * 8);
  s->rt = nt;
  s->rt_entries = L->entries;
  for (t = L->a >> s->rb_bits; t <= (L->a + L->n + L->k - 1) >> s->rb_bits;
       t++)
    if (s->rt[t] == 0) {
      s->rt[t] = (L->a + L->n + j++) << s->cluster_bits;
      if (qcow2_cache_get (s, &s->rbc, s->rt[t], true) == NULL)
        return -1;
    }
  for (x = L->a; x < L->a + L->n + L->k; x++)
    if (rc_set (s, x, 1) == -1)
      return -1;
  s->free_hint = L->a + L->n + L->k;
  return 0;
}

/* Write the new table, then the header fields that point at it. */
static int
rt_commit (struct qcow2 *s, const struct rt_layout *L)
{
  uint8_t hdr[12];
  uint64_t i, old = s->rt_offset, oldlen;
  uint8_t *buf;
  int r;

  buf = malloc (L->entries * 8);
  if (buf == NULL)
    return -1;
  for (i = 0; i < L->entries; i++)
    qcow2_put64 (buf + 8 * i, s->rt[i]);
  r = qcow2_cache_writeback (s, &s->rbc, -1) < 0 || qcow2_sync (s) == -1 ||
    bdev_inject_check (BDEV_INJ_REFCOUNT) == -1 ||
    bdev_pwrite_full (s->fd, buf, L->entries * 8,
                      L->a << s->cluster_bits) == -1 ||
    qcow2_sync (s) == -1;
  free (buf);
  if (r)
    return -1;
  qcow2_put64 (hdr, L->a << s->cluster_bits);
  hdr[8] = L->n >> 24, hdr[9] = L->n >> 16, hdr[10] = L->n >> 8;
  hdr[11] = L->n;
  if (bdev_pwrite_full (s->fd, hdr, 12, 48) == -1 || qcow2_sync (s) == -1)
    return -1;
  oldlen = (uint64_t) s->rt_clusters << s->cluster_bits;
  s->rt_offset = L->a << s->cluster_bits;
  s->rt_clusters = L->n;
  s->rt_dirty_lo = UINT64_MAX;
  s->rt_dirty_hi = 0;
  return qcow2_defer_free (s, old, oldlen);
}

/* Grow the refcount table to hold index T. */
static int
rt_grow (struct qcow2 *s, uint64_t t)
{
  struct rt_layout L;
  uint64_t *nt, *old = s->rt;

  if (rt_plan (s, t + 1 > 2 * s->rt_entries ? t + 1 : 2 * s->rt_entries,
               &L) == -1)
    return -1;
  nt = malloc (L.entries * 8);
  if (nt == NULL)
    return -1;
  /* rt_install switches to NT at once. */
  if (rt_install (s, &L, nt) == -1 || rt_commit (s, &L) == -1) {
    s->broken = true;           /* memory and disk may now disagree */
    free (old);
    return -1;
  }
  free (old);
  return 0;
}

/* A candidate: a cluster freed earlier, else the first free one. */
static int
candidate (struct qcow2 *s, uint64_t *c)
{
  uint64_t rc;

  while (s->nreuse > 0) {
    *c = s->reuse[--s->nreuse];
    if (qcow2_refcount (s, *c, &rc) == -1)
      return -1;
    if (rc == 0)
      return 0;
  }
  return find_free (s, s->free_hint, c);
}

/**
 * Allocate one cluster (refcount 0 -> 1) and return its host offset
 * in *HOST.  Returns 0, or -1 with errno (ENOSPC when no free cluster
 * can be found within the limits, EIO on bad metadata).
 */
int
qcow2_alloc (struct qcow2 *s, uint64_t *host)
{
  unsigned tries;
  uint64_t c;

  s->dbuf_valid = false;
  if (bdev_inject_check (BDEV_INJ_ALLOC) == -1)
    return -1;
  for (tries = 0; tries < 4; tries++) {
    if (candidate (s, &c) == -1)
      return -1;
    if ((c >> s->rb_bits) >= s->rt_entries) {
      if (rt_grow (s, c >> s->rb_bits) == -1)
        return -1;
      continue;
    }
    if (s->rt[c >> s->rb_bits] == 0) {
      if (new_refblock (s, c) == -1)
        return -1;
    }
    else if (rc_set (s, c, 1) == -1)
      return -1;
    if (c >= s->free_hint)
      s->free_hint = c + 1;
    if (c == (s->rt[c >> s->rb_bits] >> s->cluster_bits))
      continue;                 /* C became a refcount block */
    *host = c << s->cluster_bits;
    return 0;
  }
  errno = EIO;
  return -1;
}

/**
 * Drop one reference to each cluster of host range [OFF, OFF + LEN)
 * (called once the metadata that referenced it is on disk).  Clusters
 * that reach 0 may be allocated again.
 */
int
qcow2_unref (struct qcow2 *s, uint64_t off, uint64_t len)
{
  uint64_t c, rc;

  for (c = off >> s->cluster_bits;
       len > 0 && c <= (off + len - 1) >> s->cluster_bits; c++) {
    if (qcow2_refcount (s, c, &rc) == -1)
      return -1;
    if (rc == 0)
      continue;                 /* already free: corrupt, leave it */
    if (rc_set (s, c, rc - 1) == -1)
      return -1;
    if (rc == 1 && s->reuse == NULL)
      s->reuse = malloc (REUSE_MAX * sizeof *s->reuse);
    if (rc == 1 && s->reuse && s->nreuse < REUSE_MAX)
      s->reuse[s->nreuse++] = c;
  }
  return 0;
}
