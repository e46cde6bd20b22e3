/* guestkit — a fuzz target for the VMM's virtqueue walker.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a fuzz target for F<library/vmm/virtio/virtqueue.c>
 * (security test plan #12-#14).  One input is a program that a hostile
 * driver runs against one queue in a small guest RAM: set the ring up
 * (any size, any page frame), write descriptors (addresses at the end
 * of RAM, past it, wrapping 2^64, in the PCI hole; lengths 0, 1,
 * 0xffffffff; any flags, INDIRECT and NEXT included; any next index),
 * fill avail ring slots and move the avail index (by one, or by more
 * than a ring), poke single bytes anywhere, pop and push, and copy
 * through the popped chain.
 *
 * Every vq_pop is compared with a model written from the contract in
 * F<vmm.h> (the same result, head, buffers, totals and queue state),
 * and its chain is checked directly as well: at most the queue size
 * of buffers, every buffer inside guest RAM, readable ones first,
 * totals that add up.  Guest RAM is a malloc of exactly its size, so
 * under ASan any access past it is reported too.  Every vq_push must
 * land in the used ring where the contract says.
 *
 * Run by tests/fuzz/test-fuzz-vmm.sh over tests/fuzz/corpus/virtqueue/,
 * and by tests/fuzz/run-vmm-fuzzers.sh under libFuzzer.
 */

#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmm.h"

#define FUZZ_NAME "fuzz-virtqueue"
#include "fuzz-driver.h"

#define RAM_SIZE (64u * 1024)   /* 16 pages */

#ifndef GUESTKIT_LIBFUZZER
pthread_mutex_t vmm_lock = PTHREAD_MUTEX_INITIALIZER;
#endif

enum { OP_SETUP, OP_DESC, OP_AVAIL, OP_POKE, OP_POP, OP_COPY, OP_STATE,
       NR_OPS };

static unsigned long programs, pops, good_chains, bad_chains, broken_seen;

static uint16_t
get16 (const uint8_t *ram, uint64_t gpa)
{
  return (uint16_t) le_get (ram + gpa, 2);
}

/*-- the model: the contract of vmm.h, written independently ---------------*/

struct model {
  uint16_t size;
  uint64_t desc, avail, used;
  uint16_t last_avail, used_idx;
  bool broken;
};

static void
model_setup (struct model *mo, uint16_t size, uint32_t pfn)
{
  uint64_t desc = (uint64_t) pfn * 4096, used, end;

  memset (mo, 0, sizeof *mo);
  if (pfn == 0 || size == 0 || size > VQ_MAX_SIZE || (size & (size - 1)))
    return;
  used = desc + 16u * size + 6u + 2u * size;
  used = (used + 4095) & ~(uint64_t) 4095;
  end = used + 6u + 8u * size;
  if (end > RAM_SIZE)
    return;
  mo->size = size;
  mo->desc = desc;
  mo->avail = desc + 16u * size;
  mo->used = used;
}

/* The expected outcome of one pop: R, and the chain in *C. */
static int
model_walk (const struct model *mo, const uint8_t *ram, uint16_t head,
            struct vq_chain *c)
{
  uint16_t i = head;
  unsigned count;
  bool seen_write = false;

  for (count = 0; count < mo->size; count++) {
    const uint8_t *d;
    uint64_t addr, *total;
    uint32_t len;
    uint16_t flags;
    bool write;

    if (i >= mo->size)
      return -1;
    d = ram + mo->desc + 16u * i;
    addr = le_get (d, 8);
    len = le_get (d + 8, 4);
    flags = le_get (d + 12, 2);
    write = flags & VRING_DESC_F_WRITE;
    total = write ? &c->in_len : &c->out_len;
    if ((flags & VRING_DESC_F_INDIRECT) || (!write && seen_write))
      return -1;
    seen_write |= write;
    if (len) {
      if (*total + len > UINT32_MAX || addr > RAM_SIZE ||
          len > RAM_SIZE - addr)
        return -1;
      *total += len;
      c->buf[c->n].host = (uint8_t *) ram + addr;
      c->buf[c->n].len = len;
      c->buf[c->n].write = write;
      c->n++;
      if (!write)
        c->n_out = c->n;
    }
    if (!(flags & VRING_DESC_F_NEXT))
      return 1;
    i = le_get (d + 14, 2);
  }
  return -1;
}

static int
model_pop (struct model *mo, const uint8_t *ram, struct vq_chain *c)
{
  uint16_t pending;
  int r;

  memset (c, 0, offsetof (struct vq_chain, buf));
  if (mo->size == 0 || mo->broken)
    return 0;
  pending = get16 (ram, mo->avail + 2) - mo->last_avail;
  if (pending == 0)
    return 0;
  if (pending > mo->size) {
    mo->broken = true;
    return 0;
  }
  c->head = get16 (ram, mo->avail + 4 + 2u * (mo->last_avail % mo->size));
  mo->last_avail++;
  r = model_walk (mo, ram, c->head, c);
  if (r < 0)
    c->n = c->n_out = c->out_len = c->in_len = 0;
  return r;
}

/*-- checks -----------------------------------------------------------------*/

/* What must hold for any chain vq_pop returned, model or not. */
static void
check_chain (const struct vq_chain *c, uint16_t size, const uint8_t *ram)
{
  uint64_t out = 0, in = 0;
  unsigned i;

  CHECK (c->n <= size && c->n_out <= c->n,
         "chain of %u buffers (%u readable) in a queue of %u", c->n,
         c->n_out, size);
  for (i = 0; i < c->n && i < VQ_MAX_SIZE; i++) {
    const struct vq_buf *b = &c->buf[i];

    CHECK (b->len > 0 && b->host >= ram && b->host <= ram + RAM_SIZE &&
           b->len <= (uint64_t) (ram + RAM_SIZE - b->host),
           "buffer %u (len %u) outside guest RAM", i, b->len);
    CHECK (b->write == (i >= c->n_out), "buffer %u out of order", i);
    *(b->write ? &in : &out) += b->len;
  }
  CHECK (out == c->out_len && in == c->in_len && out <= UINT32_MAX &&
         in <= UINT32_MAX, "chain totals %llu/%llu, buffers say %llu/%llu",
         (unsigned long long) c->out_len, (unsigned long long) c->in_len,
         (unsigned long long) out, (unsigned long long) in);
}

static void
compare (int r, int mr, const struct vq_chain *c, const struct vq_chain *mc,
         const struct virtqueue *q, const struct model *mo)
{
  unsigned i;

  CHECK (r == mr, "vq_pop returned %d, the model %d", r, mr);
  CHECK (q->last_avail == mo->last_avail && q->broken == mo->broken,
         "queue state: last_avail %u broken %d, model %u %d", q->last_avail,
         q->broken, mo->last_avail, mo->broken);
  if (r == 0 || r != mr)
    return;
  CHECK (c->head == mc->head && c->n == mc->n && c->n_out == mc->n_out &&
         c->out_len == mc->out_len && c->in_len == mc->in_len,
         "chain from head %u: %u buffers (%u out, %llu/%llu bytes), model "
         "head %u: %u (%u, %llu/%llu)", c->head, c->n, c->n_out,
         (unsigned long long) c->out_len, (unsigned long long) c->in_len,
         mc->head, mc->n, mc->n_out, (unsigned long long) mc->out_len,
         (unsigned long long) mc->in_len);
  for (i = 0; i < c->n && i < mc->n; i++)
    CHECK (c->buf[i].host == mc->buf[i].host &&
           c->buf[i].len == mc->buf[i].len &&
           c->buf[i].write == mc->buf[i].write,
           "buffer %u differs from the model", i);
}

/*-- the program ------------------------------------------------------------*/

struct state {
  uint8_t *ram;
  struct guest_mem gm;
  struct virtqueue q;
  struct model mo;
  struct vq_chain c, mc;        /* the last pop and its model */
  int last_r;
};

static uint16_t
take_size (struct input *in)
{
  static const uint16_t odd[] = { 0, 3, 6, 100, 255, 257, 512, 0x8000,
                                  0xFFFF, 1, 2, 256 };
  uint8_t s = take (in, 1);

  return s < 0xF0 ? 1u << (s % 9) : odd[s % 12];
}

static uint32_t
take_pfn (struct input *in)
{
  static const uint32_t odd[] = { 0, 15, 16, 17, 0x10000, 0xBFFFF, 0xC0000,
                                  0xFFFFF, 0x100000, 0xFFFFFFFF, 1, 2 };
  uint8_t p = take (in, 1);

  return p < 0xF0 ? p % 20 : odd[p % 12];
}

static void
op_setup (struct state *s, struct input *in)
{
  uint16_t size = take_size (in);
  uint32_t pfn = take_pfn (in);
  int r = vq_setup (&s->q, &s->gm, size, pfn);

  model_setup (&s->mo, size, pfn);
  CHECK ((r == 0) == (s->mo.size != 0 || pfn == 0) &&
         s->q.size == s->mo.size &&
         (s->q.size == 0 || (s->q.desc_gpa == s->mo.desc &&
                             s->q.avail_gpa == s->mo.avail &&
                             s->q.used_gpa == s->mo.used)),
         "vq_setup (size %u, pfn %u) = %d, queue size %u; model size %u",
         size, pfn, r, s->q.size, s->mo.size);
  s->last_r = 0;
}

static uint64_t
take_addr (struct input *in, uint32_t len)
{
  uint8_t sel = take (in, 1);
  uint64_t raw = take (in, 4);

  switch (sel % 8) {
  case 0: return raw % RAM_SIZE;
  case 1: return RAM_SIZE - len % (RAM_SIZE + 1);      /* ends at the end */
  case 2: return RAM_SIZE - (raw % 64);
  case 3: return UINT64_MAX - (raw % 4096);            /* wraps */
  case 4: return GUEST_HOLE_START + raw % 4096;        /* MMIO window */
  case 5: return GUEST_HIGH_START + raw % 4096;
  case 6: return raw << 32 | raw;
  default: return raw;
  }
}

static uint32_t
take_len (struct input *in)
{
  uint8_t sel = take (in, 1);
  uint32_t raw = take (in, 4);

  switch (sel % 7) {
  case 0: return 0;
  case 1: return 1;
  case 2: return 0xFFFFFFFF;
  case 3: return raw % 4096;
  case 4: return RAM_SIZE;
  case 5: return 0x80000000u + raw % 16;
  default: return raw;
  }
}

/* Write descriptor IDX of the current ring (or of a 256-entry ring at
 * page 1 while none is set up, so a later setup finds it). */
static void
op_desc (struct state *s, struct input *in)
{
  uint16_t size = s->q.size ? s->q.size : VQ_MAX_SIZE;
  uint64_t base = s->q.size ? s->q.desc_gpa : 4096;
  uint8_t idx = take (in, 1);
  uint32_t len = take_len (in);
  uint64_t addr = take_addr (in, len);
  uint16_t flags = take (in, 1), next = take (in, 1);
  uint64_t gpa = base + 16u * (idx % size);

  if (next >= 0xF0)
    next = next == 0xFF ? 0xFFFF : size + (next & 7);   /* out of range */
  else
    next %= size;
  if (gpa + 16 > RAM_SIZE)
    return;
  le_put (s->ram + gpa, addr, 8);
  le_put (s->ram + gpa + 8, len, 4);
  le_put (s->ram + gpa + 12, flags & 7, 2);
  le_put (s->ram + gpa + 14, next, 2);
}

/* Fill an avail ring slot with a head and move the avail index. */
static void
op_avail (struct state *s, struct input *in)
{
  uint8_t slot = take (in, 1), head = take (in, 1), adv = take (in, 1);
  uint16_t idx;

  if (s->q.size == 0)
    return;
  le_put (s->ram + s->q.avail_gpa + 4 + 2u * (slot % s->q.size),
          head < 0xF0 ? head % s->q.size : 0xFFF0u | head, 2);
  idx = get16 (s->ram, s->q.avail_gpa + 2);
  if (adv < 0xF0)
    idx += adv % 4;
  else
    idx += s->q.size + (adv & 15) * 0x1000;     /* a jump past the ring */
  le_put (s->ram + s->q.avail_gpa + 2, idx, 2);
}

static void
op_poke (struct state *s, struct input *in)
{
  uint32_t off = take (in, 2) * 2u;       /* anywhere, even offsets */

  s->ram[off % RAM_SIZE] = take (in, 1);
}

static void
op_pop (struct state *s, struct input *in)
{
  uint32_t written = take (in, 4);
  uint16_t before = get16 (s->ram, s->mo.used + 2);
  int r, mr;

  pops++;
  mr = model_pop (&s->mo, s->ram, &s->mc);
  r = vq_pop (&s->q, &s->gm, &s->c);
  compare (r, mr, &s->c, &s->mc, &s->q, &s->mo);
  s->last_r = r;
  if (r == 0) {
    broken_seen += s->q.broken;
    return;
  }
  if (r == 1) {
    check_chain (&s->c, s->q.size, s->ram);
    good_chains++;
  }
  else {
    CHECK (s->c.n == 0 && s->c.in_len == 0 && s->c.out_len == 0,
           "a bad chain left buffers to use");
    bad_chains++;
  }
  vq_push (&s->q, &s->gm, s->c.head, written);
  s->mo.used_idx++;
  CHECK (s->q.used_idx == s->mo.used_idx &&
         get16 (s->ram, s->mo.used + 2) == s->mo.used_idx &&
         le_get (s->ram + s->mo.used + 4 +
                 8u * ((s->mo.used_idx - 1) % s->mo.size), 4) == s->c.head &&
         le_get (s->ram + s->mo.used + 8 +
                 8u * ((s->mo.used_idx - 1) % s->mo.size), 4) == written,
         "vq_push: used idx %u (was %u), expected %u with head %u",
         get16 (s->ram, s->mo.used + 2), before, s->mo.used_idx, s->c.head);
}

/* Copy through the last good chain at an offset; the byte counts must
 * be exactly what the totals allow. */
static void
op_copy (struct state *s, struct input *in)
{
  static uint8_t tmp[2 * RAM_SIZE];
  bool to_guest = take (in, 1) & 1;
  uint64_t off = take (in, 3), len = take (in, 3) % sizeof tmp, total, want;
  size_t got;

  if (s->last_r != 1)
    return;
  total = to_guest ? s->c.in_len : s->c.out_len;
  want = off >= total ? 0 : total - off < len ? total - off : len;
  memset (tmp, 0xA5, len);
  got = to_guest ? vq_chain_write (&s->c, off, tmp, len)
    : vq_chain_read (&s->c, off, tmp, len);
  CHECK (got == want, "chain copy at %llu of %llu (total %llu) moved %zu",
         (unsigned long long) off, (unsigned long long) len,
         (unsigned long long) total, got);
}

static void
op_state (struct state *s)
{
  bool has = vq_has_avail (&s->q, &s->gm);

  vq_want_interrupt (&s->q, &s->gm);
  CHECK (!has || (s->q.size && !s->q.broken),
         "vq_has_avail true on a queue that is down or broken");
}

static void
fuzz_one (const uint8_t *data, size_t size)
{
  struct input in = { data, size };
  static struct state s;
  unsigned nops;

  programs++;
  memset (&s, 0, sizeof s);
  s.ram = calloc (1, RAM_SIZE);        /* exact size: ASan sees overruns */
  if (s.ram == NULL)
    return;
  guest_mem_wrap (&s.gm, s.ram, RAM_SIZE);
  for (nops = 0; nops < 512 && in.n > 0; nops++) {
    switch (take (&in, 1) % NR_OPS) {
    case OP_SETUP: op_setup (&s, &in); break;
    case OP_DESC: op_desc (&s, &in); break;
    case OP_AVAIL: op_avail (&s, &in); break;
    case OP_POKE: op_poke (&s, &in); break;
    case OP_POP: op_pop (&s, &in); break;
    case OP_COPY: op_copy (&s, &in); break;
    default: op_state (&s); break;
    }
  }
  free (s.ram);
}

static void __attribute__((unused))
fuzz_summary (char *buf, size_t len)
{
  snprintf (buf, len, "%lu programs: %lu pops, %lu good chains, %lu bad "
            "chains, %lu pops on a broken queue",
            programs, pops, good_chains, bad_chains, broken_seen);
}
