/* guestkit — the virtio entropy device of the VMM.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements a legacy virtio-rng device: one queue, no
 * features, no config.  When the driver kicks the queue, every
 * available chain's writable buffers are filled from getrandom(2), at
 * most C<RNG_MAX_CHAIN> bytes per chain (the rest is left unwritten and
 * the used length says how much was filled).  A chain with no writable
 * buffer, or a malformed one, is completed with length 0.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>

#include "vmm.h"

#define RNG_MAX_CHAIN (UINT32_C(64) << 10)

struct rng {
  struct vq_chain chain;        /* the chain being served */
};

/* Fill P[0..N) with random bytes; returns how many were filled (less
 * only if getrandom fails). */
static size_t
fill_random (uint8_t *p, size_t n)
{
  size_t done = 0;

  while (done < n) {
    ssize_t r = getrandom (p + done, n - done, 0);

    if (r == -1 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    done += r;
  }
  return done;
}

/* Fill C's writable buffers, up to RNG_MAX_CHAIN bytes in all. */
static uint32_t
rng_fill (const struct vq_chain *c)
{
  uint32_t done = 0;
  unsigned i;

  for (i = 0; i < c->n && done < RNG_MAX_CHAIN; i++) {
    size_t want, got;

    if (!c->buf[i].write)
      continue;
    want = c->buf[i].len < RNG_MAX_CHAIN - done ? c->buf[i].len
      : RNG_MAX_CHAIN - done;
    got = fill_random (c->buf[i].host, want);
    done += got;
    if (got < want)
      break;
  }
  return done;
}

static uint32_t
rng_serve (void *priv, const struct vq_chain *c)
{
  return rng_fill (c);
}

static void
rng_notify (struct virtio_dev *vd, unsigned queue)
{
  struct rng *r = vd->priv;

  if (queue == 0)
    virtio_serve_queue (vd, 0, &r->chain, rng_serve);
}

static void
rng_teardown (struct virtio_dev *vd)
{
  free (vd->priv);
  vd->priv = NULL;
}

static const struct virtio_ops rng_virtio_ops = {
  .notify = rng_notify,
  .teardown = rng_teardown,
};

struct virtio_dev *
virtio_rng_new (struct guest_mem *mem, struct irq_line irq, uint16_t iobase)
{
  struct virtio_dev *vd = calloc (1, sizeof *vd);
  struct rng *r = calloc (1, sizeof *r);

  if (vd == NULL || r == NULL) {
    free (vd);
    free (r);
    errno = ENOMEM;
    return NULL;
  }
  if (virtio_pci_init (vd, "virtio-rng", &rng_virtio_ops, r, mem, irq,
                       VIRTIO_ID_RNG, 1, 0, NULL, 0, iobase) == -1) {
    free (vd);
    free (r);
    errno = EINVAL;
    return NULL;
  }
  return vd;
}
