/* guestkit — the legacy virtio split ring walker.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the device side of a legacy (virtio 0.9.5)
 * split virtqueue: the descriptor table, the avail ring and the used
 * ring laid out from one guest page frame, popping descriptor chains
 * and pushing completions.  The guest driver runs concurrently on
 * another CPU and is hostile, so: the avail index is read with acquire
 * ordering before the ring entries it covers, the used index is
 * published with release ordering after the element it covers, every
 * descriptor is fetched once into a local copy, and every chain is
 * checked (indices in range, bounded length so loops end, no indirect
 * descriptors, buffers inside RAM, readable before writable, totals
 * that fit in 32 bits).  A bad chain is consumed and reported so the
 * caller can complete it with 0 bytes; an avail index that runs more
 * than a ring ahead marks the queue broken until reset.  Zero-length
 * descriptors are accepted but skipped: they take part in the chain
 * checks (index, ordering, loop count) but their address is not
 * checked and they never appear in the popped buffer list.  Event
 * index suppression (VIRTIO_RING_F_EVENT_IDX) is not offered, so
 * used_event/avail_event are never touched.
 */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include "vmm.h"

/* Byte sizes of the three parts of a ring of N entries. */
#define DESC_SIZE 16u
#define DESC_TABLE_BYTES(n) ((uint64_t) (n) * DESC_SIZE)
#define AVAIL_BYTES(n) (4u + 2u * (uint64_t) (n) + 2u)
#define USED_ELEM_SIZE 8u
#define USED_BYTES(n) (4u + USED_ELEM_SIZE * (uint64_t) (n) + 2u)

/* A descriptor as fetched (once) from guest memory. */
struct desc {
  uint64_t addr;
  uint32_t len;
  uint16_t flags;
  uint16_t next;
};

static bool
valid_size (uint16_t size)
{
  return size >= 1 && size <= VQ_MAX_SIZE && (size & (size - 1)) == 0;
}

int
vq_setup (struct virtqueue *q, const struct guest_mem *m, uint16_t size,
          uint32_t pfn)
{
  uint64_t desc, avail, used, end;

  vq_reset (q);
  if (pfn == 0)
    return 0;
  if (!valid_size (size))
    return -1;

  /* PFN < 2^32, so nothing below comes near overflowing. */
  desc = (uint64_t) pfn * GUEST_PAGE_SIZE;
  avail = desc + DESC_TABLE_BYTES (size);
  used = avail + AVAIL_BYTES (size);
  used = (used + VRING_ALIGN - 1) & ~(uint64_t) (VRING_ALIGN - 1);
  end = used + USED_BYTES (size);
  if (guest_ptr (m, desc, end - desc) == NULL)
    return -1;

  q->desc_gpa = desc;
  q->avail_gpa = avail;
  q->used_gpa = used;
  q->size = size;
  return 0;
}

void
vq_reset (struct virtqueue *q)
{
  memset (q, 0, sizeof *q);
}

/* The avail ring (flags, idx, ring[]) as host u16s, or NULL. */
static uint16_t *
avail_ring (const struct virtqueue *q, const struct guest_mem *m)
{
  return guest_ptr (m, q->avail_gpa, AVAIL_BYTES (q->size));
}

/* The used ring (flags, idx, then 8-byte elements), or NULL. */
static uint8_t *
used_ring (const struct virtqueue *q, const struct guest_mem *m)
{
  return guest_ptr (m, q->used_gpa, USED_BYTES (q->size));
}

/* Fetch descriptor I (< size) into *D, each field read exactly once. */
static bool
read_desc (const struct virtqueue *q, const struct guest_mem *m,
           uint16_t i, struct desc *d)
{
  uint8_t *p = guest_ptr (m, q->desc_gpa + (uint64_t) i * DESC_SIZE,
                          DESC_SIZE);

  if (p == NULL)
    return false;
  d->addr = __atomic_load_n ((uint64_t *) p, __ATOMIC_RELAXED);
  d->len = __atomic_load_n ((uint32_t *) (p + 8), __ATOMIC_RELAXED);
  d->flags = __atomic_load_n ((uint16_t *) (p + 12), __ATOMIC_RELAXED);
  d->next = __atomic_load_n ((uint16_t *) (p + 14), __ATOMIC_RELAXED);
  return true;
}

/* Check descriptor D and append it to C.  SEEN_WRITE says whether a
 * writable descriptor came earlier.  Returns false if it is bad. */
static bool
add_desc (struct vq_chain *c, const struct guest_mem *m,
          const struct desc *d, bool *seen_write)
{
  bool write = (d->flags & VRING_DESC_F_WRITE) != 0;
  uint64_t *total = write ? &c->in_len : &c->out_len;
  uint8_t *host;

  if (d->flags & VRING_DESC_F_INDIRECT)
    return false;
  if (!write && *seen_write)
    return false;
  *seen_write |= write;
  if (d->len == 0)
    return true;                /* skipped: see the comment at the top */
  if (*total + d->len > UINT32_MAX)
    return false;
  host = guest_ptr (m, d->addr, d->len);
  if (host == NULL || c->n >= VQ_MAX_SIZE)
    return false;

  *total += d->len;
  c->buf[c->n].host = host;
  c->buf[c->n].len = d->len;
  c->buf[c->n].write = write;
  c->n++;
  if (!write)
    c->n_out = c->n;
  return true;
}

/* Walk the chain starting at C->head.  Returns 1 or -1 (malformed). */
static int
walk_chain (const struct virtqueue *q, const struct guest_mem *m,
            struct vq_chain *c)
{
  uint16_t i = c->head;
  unsigned count;
  bool seen_write = false;
  struct desc d;

  for (count = 0; count < q->size; count++) {
    if (i >= q->size || !read_desc (q, m, i, &d) ||
        !add_desc (c, m, &d, &seen_write))
      return -1;
    if (!(d.flags & VRING_DESC_F_NEXT))
      return 1;
    i = d.next;
  }
  return -1;                    /* longer than the ring: a loop */
}

int
vq_pop (struct virtqueue *q, const struct guest_mem *m, struct vq_chain *c)
{
  uint16_t *avail, idx, pending;
  int r;

  if (q->size == 0 || q->broken)
    return 0;
  avail = avail_ring (q, m);
  if (avail == NULL) {
    q->broken = true;
    return 0;
  }

  idx = __atomic_load_n (&avail[1], __ATOMIC_ACQUIRE);
  pending = (uint16_t) (idx - q->last_avail);
  if (pending == 0)
    return 0;
  if (pending > q->size) {
    q->broken = true;
    return 0;
  }

  c->head = __atomic_load_n (&avail[2 + (q->last_avail & (q->size - 1))],
                             __ATOMIC_RELAXED);
  q->last_avail++;
  c->n = c->n_out = 0;
  c->out_len = c->in_len = 0;

  r = walk_chain (q, m, c);
  if (r < 0) {
    c->n = c->n_out = 0;        /* nothing of a bad chain is usable */
    c->out_len = c->in_len = 0;
  }
  return r;
}

void
vq_push (struct virtqueue *q, const struct guest_mem *m, uint16_t head,
         uint32_t written)
{
  uint8_t *used, *elem;

  if (q->size == 0 || q->broken)
    return;
  used = used_ring (q, m);
  if (used == NULL)
    return;

  elem = used + 4 + (uint64_t) (q->used_idx & (q->size - 1)) * USED_ELEM_SIZE;
  __atomic_store_n ((uint32_t *) elem, (uint32_t) head, __ATOMIC_RELAXED);
  __atomic_store_n ((uint32_t *) (elem + 4), written, __ATOMIC_RELAXED);
  q->used_idx++;
  /* The element must be visible before the index that covers it. */
  __atomic_store_n ((uint16_t *) (used + 2), q->used_idx, __ATOMIC_RELEASE);
}

void
vq_suppress_kicks (struct virtqueue *q, const struct guest_mem *m, bool on)
{
  uint8_t *used;

  if (q->size == 0 || q->broken || (used = used_ring (q, m)) == NULL)
    return;
  __atomic_store_n ((uint16_t *) used, on ? VRING_USED_F_NO_NOTIFY : 0,
                    __ATOMIC_RELAXED);
  if (!on)
    __atomic_thread_fence (__ATOMIC_SEQ_CST);
}

bool
vq_has_avail (const struct virtqueue *q, const struct guest_mem *m)
{
  uint16_t *avail;

  if (q->size == 0 || q->broken)
    return false;
  avail = avail_ring (q, m);
  if (avail == NULL)
    return false;
  return __atomic_load_n (&avail[1], __ATOMIC_ACQUIRE) != q->last_avail;
}

bool
vq_want_interrupt (const struct virtqueue *q, const struct guest_mem *m)
{
  uint16_t *avail;

  if (q->size == 0)
    return false;
  avail = avail_ring (q, m);
  if (avail == NULL)
    return false;
  /* Order our used idx store before reading the driver's flags, so a
   * driver re-enabling interrupts cannot miss this completion. */
  __atomic_thread_fence (__ATOMIC_SEQ_CST);
  return !(__atomic_load_n (&avail[0], __ATOMIC_RELAXED) &
           VRING_AVAIL_F_NO_INTERRUPT);
}

/* Copy between the chain's buffers [FIRST, LAST) and HBUF, starting
 * OFFSET bytes into those buffers.  TO_GUEST picks the direction. */
static size_t
chain_copy (const struct vq_chain *c, unsigned first, unsigned last,
            uint64_t offset, uint8_t *hbuf, size_t len, bool to_guest)
{
  size_t done = 0;
  unsigned i;

  for (i = first; i < last && i < VQ_MAX_SIZE && done < len; i++) {
    const struct vq_buf *b = &c->buf[i];
    size_t n;

    if (offset >= b->len) {
      offset -= b->len;
      continue;
    }
    n = b->len - offset;
    if (n > len - done)
      n = len - done;
    if (to_guest)
      memcpy (b->host + offset, hbuf + done, n);
    else
      memcpy (hbuf + done, b->host + offset, n);
    done += n;
    offset = 0;
  }
  return done;
}

size_t
vq_chain_read (const struct vq_chain *c, uint64_t offset, void *dst,
               size_t len)
{
  return chain_copy (c, 0, c->n_out, offset, dst, len, false);
}

size_t
vq_chain_write (const struct vq_chain *c, uint64_t offset, const void *src,
                size_t len)
{
  return chain_copy (c, c->n_out, c->n, offset, (uint8_t *) src, len, true);
}
