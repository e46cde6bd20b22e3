/* guestkit — the VMM's block layer: the qcow2 table caches.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the two small caches of one-cluster tables
 * that a qcow2 image keeps: L2 tables and refcount blocks, each a
 * fixed number of slots (bounded whatever the image says) with LRU
 * replacement.  Tables are kept as on disk (big-endian).
 *
 * A dirty refcount block may be written at any time: refcount
 * increases are safe early, and decreases are only made once the
 * metadata that dropped the references is on disk (qcow2-alloc.c).  A
 * dirty L2 table may point at data not yet synced, so evicting one
 * runs the whole flush sequence first.  Clean slots are evicted first.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "qcow2.h"
#include "inject.h"

/**
 * Set up C with N slots (at least 2) of CSIZE bytes, allocated when
 * first used.  Returns 0 or -1 (out of memory).
 */
int
qcow2_cache_init (struct qcow2_cache *c, unsigned n, uint64_t csize,
                  bool is_l2)
{
  (void) csize;
  c->n = n < 2 ? 2 : n;
  c->e = calloc (c->n, sizeof *c->e);
  c->tick = 0;
  c->is_l2 = is_l2;
  return c->e ? 0 : -1;
}

/**
 * Free C's slots and tables (dirty ones are lost: flush first).
 */
void
qcow2_cache_free (struct qcow2_cache *c)
{
  unsigned i;

  if (c->e == NULL)
    return;
  for (i = 0; i < c->n; i++)
    free (c->e[i].buf);
  free (c->e);
  c->e = NULL;
}

/**
 * Write slot E back to the image.  Returns 0, or -1 with errno set
 * (the image is then marked broken: no more writes).
 */
int
qcow2_cache_write (struct qcow2 *s, struct qcow2_centry *e)
{
  bool l2 = e >= s->l2c.e && e < s->l2c.e + s->l2c.n;

  if (bdev_inject_check (l2 ? BDEV_INJ_L2 : BDEV_INJ_REFCOUNT) == -1 ||
      bdev_pwrite_full (s->fd, e->buf, s->cluster_size, e->off) == -1) {
    s->broken = true;
    return -1;
  }
  e->dirty = false;
  e->fresh = false;
  return 0;
}

/**
 * Write back the dirty slots of C: FRESH 1 only fresh ones, 0 only
 * the others, -1 all.  Returns the number written, or -1.
 */
int
qcow2_cache_writeback (struct qcow2 *s, struct qcow2_cache *c, int fresh)
{
  unsigned i;
  int n = 0;

  for (i = 0; i < c->n; i++) {
    struct qcow2_centry *e = &c->e[i];

    if (!e->dirty || (fresh >= 0 && e->fresh != (fresh == 1)))
      continue;
    if (qcow2_cache_write (s, e) == -1)
      return -1;
    n++;
  }
  return n;
}

/* A slot to reuse: empty, else the least recently used clean one,
 * else a dirty one made clean. */
static struct qcow2_centry *
victim (struct qcow2 *s, struct qcow2_cache *c)
{
  struct qcow2_centry *best = NULL, *lru = NULL;
  unsigned i;

  for (i = 0; i < c->n; i++) {
    struct qcow2_centry *e = &c->e[i];

    if (e->off == 0)
      return e;
    if (!e->dirty && (best == NULL || e->used < best->used))
      best = e;
    if (lru == NULL || e->used < lru->used)
      lru = e;
  }
  if (best)
    return best;
  if (c->is_l2 ? qcow2_flush_meta (s) : qcow2_cache_write (s, lru))
    return NULL;
  return lru;
}

/**
 * The table at host offset OFF (checked by the caller), loaded if
 * needed; with FRESH a new zeroed table, marked dirty.  The pointer
 * stays valid until the next get on the same cache.  Returns NULL
 * with errno set on an I/O error (EIO past the end of the file).
 */
struct qcow2_centry *
qcow2_cache_get (struct qcow2 *s, struct qcow2_cache *c, uint64_t off,
                 bool fresh)
{
  struct qcow2_centry *e;
  unsigned i;

  for (i = 0; i < c->n; i++)
    if (c->e[i].off == off) {
      c->e[i].used = ++c->tick;
      if (fresh) {                /* a freed table's cluster reused */
        memset (c->e[i].buf, 0, s->cluster_size);
        c->e[i].dirty = c->e[i].fresh = true;
      }
      return &c->e[i];
    }
  e = victim (s, c);
  if (e == NULL)
    return NULL;
  e->off = 0;
  e->dirty = e->fresh = false;
  if (e->buf == NULL && (e->buf = malloc (s->cluster_size)) == NULL)
    return NULL;
  if (fresh)
    memset (e->buf, 0, s->cluster_size);
  else if (bdev_pread_full (s->fd, e->buf, s->cluster_size, off) == -1)
    return NULL;
  e->off = off;
  e->dirty = e->fresh = fresh;
  e->used = ++c->tick;
  return e;
}
