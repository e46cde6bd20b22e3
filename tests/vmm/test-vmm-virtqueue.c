/* guestkit — unit tests of guest memory, the port bus and virtqueues (TAP).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file tests F<library/vmm/memory.c>, F<ioport.c> and
 * F<virtio/virtqueue.c> against synthetic guest memory.  Rings are
 * built by hand, byte by byte at the legacy layout's offsets, as a
 * driver would, and every malformed-chain rule of vq_pop is exercised,
 * each followed by a good chain to show the queue keeps serving.  Run
 * it under ASan/UBSan and valgrind too: nothing may be touched outside
 * the buffers.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm.h"
#include "../tap.h"

pthread_mutex_t vmm_lock = PTHREAD_MUTEX_INITIALIZER;

#define RAM_SIZE (1024 * 1024)  /* small wrapped RAM */
#define MiB (UINT64_C(1024) * 1024)
#define QSIZE 8
#define RING_GPA 0x10000        /* pfn 16 */
#define DATA_GPA 0x20000
#define NELEMS(a) (sizeof (a) / sizeof (a)[0])
#define N VRING_DESC_F_NEXT
#define W VRING_DESC_F_WRITE
#define IND VRING_DESC_F_INDIRECT

/*-- a hand-made driver ----------------------------------------------------*/

struct drv {
  struct guest_mem *m;
  struct virtqueue q;
  uint16_t size;
  uint64_t desc, avail, used;   /* computed here from the spec */
  uint16_t avail_idx;
};

static void
put (struct drv *d, uint64_t gpa, const void *v, size_t n)
{
  memcpy (d->m->host + gpa, v, n);   /* test rings live in low RAM */
}

#define put16(d, gpa, v) put ((d), (gpa), &(uint16_t) { (v) }, 2)

/* Read an N-byte (2 or 4) little-endian value at GPA. */
static uint32_t
get (struct drv *d, uint64_t gpa, size_t n)
{
  uint32_t v = 0;

  memcpy (&v, d->m->host + gpa, n);
  return v;
}

/* Lay out a ring of SIZE entries at RING (legacy layout) and set the
 * queue up on it.  Returns vq_setup's result. */
static int
drv_init (struct drv *d, struct guest_mem *m, uint64_t ring, uint16_t size)
{
  memset (d, 0, sizeof *d);
  d->m = m;
  d->size = size;
  d->desc = ring;
  d->avail = ring + 16 * size;
  d->used = (d->avail + 2 + 2 + 2 * size + 2 + 4095) / 4096 * 4096;
  memset (m->host + ring, 0, d->used + 4 + 8 * size + 2 - ring);
  return vq_setup (&d->q, m, size, (uint32_t) (ring / 4096));
}

static void
set_desc (struct drv *d, uint16_t i, uint64_t addr, uint32_t len,
          uint16_t flags, uint16_t next)
{
  uint64_t p = d->desc + 16 * (uint64_t) i;

  put (d, p, &addr, 8);
  put (d, p + 8, &len, 4);
  put16 (d, p + 12, flags);
  put16 (d, p + 14, next);
}

static void
set_avail_idx (struct drv *d, uint16_t idx)
{
  d->avail_idx = idx;
  put16 (d, d->avail + 2, idx);
}

/* Make HEAD available, as a driver does: entry, then the index. */
static void
post (struct drv *d, uint16_t head)
{
  put16 (d, d->avail + 4 + 2 * (d->avail_idx % d->size), head);
  set_avail_idx (d, d->avail_idx + 1);
}

#define used_idx(d) get ((d), (d)->used + 2, 2)
#define used_id(d, slot) get ((d), (d)->used + 4 + 8 * (slot), 4)
#define used_len(d, slot) get ((d), (d)->used + 8 + 8 * (slot), 4)

/*-- guest_ptr --------------------------------------------------------------*/

/* guest_ptr (M, GPA, LEN) must be M->host + WANT, or NULL if WANT < 0. */
struct ptr_case {
  uint64_t gpa, len;
  int64_t want;
  const char *what;
};

static void
check_ptrs (const struct guest_mem *m, const struct ptr_case *t, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    void *p = guest_ptr (m, t[i].gpa, t[i].len);

    ok (t[i].want < 0 ? p == NULL : p == m->host + t[i].want, t[i].what);
  }
}

static void
test_guest_ptr_low (uint8_t *ram)
{
  struct guest_mem m;
  static const struct ptr_case t[] = {
    { 0, 0, 0, "gpa 0, len 0" },
    { 0, RAM_SIZE, 0, "all of RAM" },
    { 0, RAM_SIZE + 1, -1, "one byte past RAM" },
    { RAM_SIZE - 1, 1, RAM_SIZE - 1, "last byte" },
    { RAM_SIZE - 1, 2, -1, "straddling the end" },
    { RAM_SIZE, 0, RAM_SIZE, "len 0 at the end" },
    { RAM_SIZE, 1, -1, "1 byte at the end" },
    { RAM_SIZE + 1, 0, -1, "len 0 past the end" },
    { 16, UINT64_MAX - 15, -1, "gpa + len wrapping to 0 rejected" },
    { 1, UINT64_MAX, -1, "len UINT64_MAX rejected" },
    { UINT64_MAX, 1, -1, "gpa UINT64_MAX rejected" },
    { UINT64_MAX, 0, -1, "gpa UINT64_MAX, len 0" },
    { UINT64_MAX - 3, 8, -1, "wrapping range near 2^64" },
    { GUEST_HIGH_START, 0, -1, "no high region when RAM is small" },
    { GUEST_HOLE_START, 0, -1, "hole start not RAM" },
  };

  guest_mem_wrap (&m, ram, RAM_SIZE);
  ok (m.host == ram && m.size == RAM_SIZE && m.low_size == RAM_SIZE,
      "guest_mem_wrap: all RAM is low");
  check_ptrs (&m, t, NELEMS (t));
}

static void
test_guest_ptr_high (struct guest_mem *m)
{
  const int64_t low = GUEST_HOLE_START, high = 4 * MiB;
  const uint64_t hs = GUEST_HIGH_START;
  const struct ptr_case t[] = {
    { low - 1, 1, low - 1, "last byte below the hole" },
    { low - 1, 2, -1, "range into the hole" },
    { low, 1, -1, "the hole is not RAM" },
    { hs - 1, 1, -1, "top of the hole" },
    { low - 1, hs - low + 2, -1, "range from low RAM over the hole" },
    { hs, high, low, "high region maps host + low_size" },
    { hs + high, 0, low + high, "len 0 at the end of high RAM" },
    { hs + high - 4, 8, -1, "straddling the end of high RAM" },
    { hs + 1, UINT64_MAX, -1, "high gpa with huge len" },
    { hs + high + 4096, 1, -1, "above high RAM" },
  };
  uint8_t *p;

  ok (m->size == GUEST_HOLE_START + high && m->low_size == GUEST_HOLE_START,
      "big RAM splits at the hole");
  check_ptrs (m, t, NELEMS (t));
  p = guest_ptr (m, hs + 10, 1);
  if (p)
    *p = 0x5a;
  ok (p && m->host[low + 10] == 0x5a, "high RAM is writable");
}

static void
test_guest_mem_init (void)
{
  struct guest_mem m;

  errno = 0;
  ok (guest_mem_init (&m, 3 * MiB) == -1 && errno == EINVAL,
      "size not a multiple of 2 MiB: EINVAL");
  errno = 0;
  ok (guest_mem_init (&m, 0) == -1 && errno == EINVAL, "size 0: EINVAL");
  ok (guest_mem_init (&m, 2 * MiB) == 0 && m.host && m.size == 2 * MiB &&
      m.low_size == 2 * MiB, "2 MiB of RAM");
  ok (guest_ptr (&m, 2 * MiB - 1, 1) == m.host + 2 * MiB - 1 &&
      m.host[2 * MiB - 1] == 0, "last byte mapped, zeroed");
  guest_mem_free (&m);
  ok (m.host == NULL && guest_ptr (&m, 0, 0) == NULL,
      "freed memory translates nothing");
}

/*-- the port bus ------------------------------------------------------------*/

/* What the last access to rec_ops looked like. */
static struct {
  int calls; void *dev; uint16_t offset; bool write; unsigned size;
  uint8_t data[4];
} rec;

static void
rec_io (void *dev, uint16_t offset, bool write, uint8_t *data, unsigned size)
{
  rec.calls++;
  rec.dev = dev;
  rec.offset = offset;
  rec.write = write;
  rec.size = size;
  if (write)
    memcpy (rec.data, data, size);
  else
    memset (data, 0xa5, size);
}

static const struct device_ops rec_ops = { .name = "rec", .io = rec_io };
static const struct device_ops null_ops = { .name = "null" };

static void
test_io_bus (void)
{
  struct io_bus bus;
  uint8_t data[4] = { 1, 2, 3, 4 };
  int dev1, dev2, added = 0;
  unsigned i;

  memset (&bus, 0, sizeof bus);
  ok (io_bus_add (&bus, 0x3f8, 8, &rec_ops, &dev1) == 0, "add 0x3f8-0x3ff");
  ok (io_bus_add (&bus, 0x3fc, 8, &rec_ops, &dev2) == -1, "overlap at the end");
  ok (io_bus_add (&bus, 0x3f0, 9, &rec_ops, &dev2) == -1, "overlap by one");
  ok (io_bus_add (&bus, 0x3f9, 1, &rec_ops, &dev2) == -1, "range inside");
  ok (io_bus_add (&bus, 0x3f0, 0x20, &rec_ops, &dev2) == -1, "range around");
  ok (io_bus_add (&bus, 0x3f0, 8, &rec_ops, &dev2) == 0, "adjacent below");
  ok (io_bus_add (&bus, 0x500, 0, &rec_ops, &dev2) == -1, "len 0 rejected");
  ok (io_bus_add (&bus, 0xfff0, 0x11, &rec_ops, &dev2) == -1,
      "range past port 0xffff rejected");
  ok (io_bus_add (&bus, 0xfff8, 8, &null_ops, NULL) == 0 && bus.n == 3,
      "range ending at 0x10000");

  memset (&rec, 0, sizeof rec);
  ok (io_bus_dispatch (&bus, 0x3fa, true, data, 2) && rec.calls == 1 &&
      rec.dev == &dev1 && rec.offset == 2 && rec.write && rec.size == 2 &&
      rec.data[0] == 1 && rec.data[1] == 2, "write reaches offset 2");
  ok (io_bus_dispatch (&bus, 0x3ff, false, data, 1) && rec.calls == 2 &&
      rec.offset == 7 && !rec.write && data[0] == 0xa5, "read at last port");
  ok (io_bus_dispatch (&bus, 0x3f7, false, data, 1) && rec.dev == &dev2 &&
      rec.offset == 7, "the adjacent range gets its own port");
  ok (!io_bus_dispatch (&bus, 0x400, false, data, 1) &&
      !io_bus_dispatch (&bus, 0x3ef, true, data, 1) && rec.calls == 3,
      "unclaimed ports reach no device");
  memset (data, 0, sizeof data);
  ok (io_bus_dispatch (&bus, 0xffff, false, data, 1) && rec.calls == 3 &&
      data[0] == 0xff,
      "a range with no io hook is claimed, reads all ones");

  for (i = 0; i < IO_BUS_MAX + 1; i++)
    if (io_bus_add (&bus, 0x1000 + 4 * i, 4, &rec_ops, NULL) == 0)
      added++;
  ok (bus.n == IO_BUS_MAX && added == IO_BUS_MAX - 3, "full bus refuses more");
}

/*-- vq_setup ----------------------------------------------------------------*/

static void
test_setup (struct guest_mem *m)
{
  struct drv d;
  struct virtqueue q;

  ok (drv_init (&d, m, RING_GPA, 256) == 0, "ring of 256 set up");
  ok (d.q.size == 256 && d.q.desc_gpa == RING_GPA &&
      d.q.avail_gpa == RING_GPA + 4096 && d.q.used_gpa == RING_GPA + 8192,
      "legacy layout for 256 entries");
  ok (drv_init (&d, m, RING_GPA, QSIZE) == 0 &&
      d.q.avail_gpa == RING_GPA + 128 && d.q.used_gpa == RING_GPA + 4096,
      "legacy layout for 8 entries");

  memset (&q, 0, sizeof q);
  ok (vq_setup (&q, m, QSIZE, RAM_SIZE / 4096) == -1 && q.size == 0,
      "ring outside RAM refused");
  ok (vq_setup (&q, m, QSIZE, RAM_SIZE / 4096 - 1) == -1 && q.size == 0,
      "ring whose used ring is past the end refused");
  ok (vq_setup (&q, m, QSIZE, UINT32_MAX) == -1 && q.size == 0,
      "pfn UINT32_MAX refused");
  ok (vq_setup (&q, m, QSIZE, RAM_SIZE / 4096 - 2) == 0 && q.size == QSIZE,
      "ring ending just inside RAM accepted");
  ok (vq_setup (&q, m, 6, 16) == -1 && q.size == 0, "size 6 refused");
  ok (vq_setup (&q, m, 0, 16) == -1 && vq_setup (&q, m, 512, 16) == -1,
      "sizes 0 and 512 refused");
  ok (vq_setup (&q, m, 1, 16) == 0, "size 1 accepted");
  ok (vq_setup (&q, m, QSIZE, 0) == 0 && q.size == 0, "pfn 0 tears down");
}

/*-- normal operation --------------------------------------------------------*/

static void
test_normal_chain (struct guest_mem *m)
{
  struct drv d;
  struct vq_chain c;
  char buf[64];

  drv_init (&d, m, RING_GPA, QSIZE);
  memcpy (m->host + DATA_GPA, "0123456789abcdef", 16);
  memcpy (m->host + DATA_GPA + 0x100, "ghijklmn", 8);
  memset (m->host + DATA_GPA + 0x200, '.', 32);
  /* head 5 -> 2 -> 7, not in table order */
  set_desc (&d, 5, DATA_GPA, 16, N, 2);
  set_desc (&d, 2, DATA_GPA + 0x100, 8, N, 7);
  set_desc (&d, 7, DATA_GPA + 0x200, 32, W, 0);

  ok (vq_pop (&d.q, m, &c) == 0 && !vq_has_avail (&d.q, m), "empty queue");
  post (&d, 5);
  ok (vq_has_avail (&d.q, m), "has_avail after posting");
  ok (vq_pop (&d.q, m, &c) == 1 && c.head == 5, "chain popped");
  ok (c.n == 3 && c.n_out == 2 && c.out_len == 24 && c.in_len == 32,
      "3 buffers, 2 readable, totals 24/32");
  ok (c.buf[0].host == m->host + DATA_GPA && c.buf[1].len == 8 &&
      !c.buf[1].write && c.buf[2].write &&
      c.buf[2].host == m->host + DATA_GPA + 0x200, "buffers as described");
  ok (!vq_has_avail (&d.q, m) && vq_pop (&d.q, m, &c) == 0, "then empty again");

  ok (vq_chain_read (&c, 12, buf, 8) == 8 && memcmp (buf, "cdefghij", 8) == 0,
      "read across the buffer boundary");
  ok (vq_chain_read (&c, 20, buf, 64) == 4 && memcmp (buf, "klmn", 4) == 0,
      "short read at the end of the readable part");
  ok (vq_chain_read (&c, 24, buf, 1) == 0 &&
      vq_chain_read (&c, UINT64_MAX, buf, 1) == 0, "read past the end");
  ok (vq_chain_write (&c, 4, "XYZ", 3) == 3 &&
      memcmp (m->host + DATA_GPA + 0x200, "....XYZ.", 8) == 0,
      "write at an offset into the writable part");
  ok (vq_chain_write (&c, 30, "abcd", 4) == 2 &&
      memcmp (m->host + DATA_GPA + 0x200 + 30, "ab", 2) == 0 &&
      m->host[DATA_GPA + 0x200 + 32] == 0, "short write at the end");

  vq_push (&d.q, m, c.head, 7);
  ok (used_idx (&d) == 1 && used_id (&d, 0) == 5 && used_len (&d, 0) == 7,
      "push fills used elem 0 and idx 1");

  ok (vq_want_interrupt (&d.q, m), "interrupts wanted by default");
  put16 (&d, d.avail, VRING_AVAIL_F_NO_INTERRUPT);
  ok (!vq_want_interrupt (&d.q, m), "VRING_AVAIL_F_NO_INTERRUPT honoured");
  put16 (&d, d.avail, 0);
  ok (vq_want_interrupt (&d.q, m), "and cleared again");
  vq_reset (&d.q);
  ok (!vq_want_interrupt (&d.q, m) && !vq_has_avail (&d.q, m),
      "a queue that is down wants nothing");
}

static void
test_write_across (struct guest_mem *m)
{
  struct drv d;
  struct vq_chain c;

  drv_init (&d, m, RING_GPA, QSIZE);
  memset (m->host + DATA_GPA, 0, 0x300);
  set_desc (&d, 0, DATA_GPA, 4, N, 1);
  set_desc (&d, 1, DATA_GPA + 0x100, 3, W | N, 2);
  set_desc (&d, 2, DATA_GPA + 0x200, 5, W, 0);
  post (&d, 0);
  ok (vq_pop (&d.q, m, &c) == 1 && c.n == 3 && c.n_out == 1 && c.in_len == 8,
      "out, in, in chain");
  ok (vq_chain_write (&c, 1, "ABCDEF", 6) == 6 &&
      memcmp (m->host + DATA_GPA + 0x100, "\0AB", 3) == 0 &&
      memcmp (m->host + DATA_GPA + 0x200, "CDEF\0", 5) == 0,
      "write across the buffer boundary");
  ok (memcmp (m->host + DATA_GPA, "\0\0\0\0", 4) == 0,
      "write never touches readable buffers");
}

/*-- malformed chains --------------------------------------------------------*/

/* Index of a good-looking descriptor in RAM beyond an 8-entry table. */
#define DECOY 0x200

/* A chain: descriptors 0-3 (unused ones all zero) and its head.  WANT
 * is vq_pop's result; for 1, the buffer count and byte totals too. */
struct chain_case {
  int want;
  uint16_t head;
  struct { uint64_t addr; uint32_t len; uint16_t flags, next; } d[4];
  const char *what;
  unsigned n;
  uint64_t out, in;
};

static const struct chain_case bad_chains[] = {
  { -1, 0, { { DATA_GPA, 4, N, 1 }, { DATA_GPA, 4, N, 0 } }, "loop A->B->A" },
  { -1, 0, { { DATA_GPA, 4, N, 0 } }, "descriptor pointing at itself" },
  { -1, 0, { { DATA_GPA, 4, N, QSIZE } }, "next out of range" },
  { -1, QSIZE, { { DATA_GPA, 4, 0, 0 } }, "head out of range" },
  { -1, 0xffff, { { DATA_GPA, 4, 0, 0 } }, "head 0xffff" },
  { -1, DECOY, { { DATA_GPA, 4, 0, 0 } }, "head past the table (valid there)" },
  { -1, 0, { { DATA_GPA, 4, N, DECOY } }, "next past the table (valid there)" },
  { -1, 0, { { RAM_SIZE + 4096, 4, 0, 0 } }, "buffer outside RAM" },
  { -1, 0, { { RAM_SIZE - 8, 16, W, 0 } }, "buffer straddling end of RAM" },
  { -1, 0, { { UINT64_MAX - 3, 8, 0, 0 } }, "buffer wrapping past 2^64" },
  { -1, 0, { { DATA_GPA, 4, N, 1 }, { RAM_SIZE - 4, 8, W, 0 } },
    "second buffer outside RAM" },
  { -1, 0, { { DATA_GPA, 4, W | N, 1 }, { DATA_GPA, 4, 0, 0 } },
    "readable after writable" },
  { -1, 0, { { DATA_GPA, 16, IND, 0 } }, "INDIRECT head" },
  { -1, 0, { { DATA_GPA, 4, N, 1 }, { DATA_GPA, 16, IND | N, 2 },
             { DATA_GPA, 4, W, 0 } }, "INDIRECT in the middle" },
  { -1, 0, { { 0, 0, W | N, 1 }, { DATA_GPA, 4, 0, 0 } },
    "zero-length writable, then readable" },
  { 1, 0, { { UINT64_MAX, 0, N, 1 }, { DATA_GPA, 4, N, 2 },
            { RAM_SIZE + 4096, 0, W, 0 } },
    "zero-length buffers (any address) are skipped", 1, 4, 0 },
};

/* Needs RAM big enough for 2 GiB buffers at BIG (never touched). */
#define BIG 0x100000
static const struct chain_case big_chains[] = {
  { 1, 0, { { BIG, 0x80000000, N, 1 }, { BIG, 0x7fffffff, N, 2 },
            { BIG, 0x80000000, W | N, 3 }, { BIG, 0x7fffffff, W, 0 } },
    "totals of exactly UINT32_MAX", 4, UINT32_MAX, UINT32_MAX },
  { -1, 0, { { BIG, 0x80000000, W | N, 1 }, { BIG, 0x80000000, W, 0 } },
    "writable total of 2^32" },
  { -1, 0, { { BIG, 0xffffffff, N, 1 }, { BIG, 1, N, 2 }, { BIG, 4, W, 0 } },
    "readable total of 2^32" },
};

/* Pop T's chain and complete it with 0; then a good chain (descriptor
 * 6) must still pop, which also shows a bad one was consumed. */
static void
expect_pop (struct drv *d, const struct chain_case *t)
{
  struct vq_chain c;
  uint16_t slot = used_idx (d) % d->size;
  char msg[128];
  int r;

  post (d, t->head);
  r = vq_pop (&d->q, d->m, &c);
  ok (r == t->want && c.head == t->head && !d->q.broken &&
      (r < 0 ? c.n == 0 : c.n == t->n && c.out_len == t->out &&
       c.in_len == t->in), t->what);
  vq_push (&d->q, d->m, c.head, 0);
  set_desc (d, 6, DATA_GPA, 16, 0, 0);
  post (d, 6);
  r = vq_pop (&d->q, d->m, &c);
  snprintf (msg, sizeof msg, "%s: completed with 0, next chain pops", t->what);
  ok (used_id (d, slot) == t->head && used_len (d, slot) == 0 &&
      r == 1 && c.head == 6 && c.n == 1, msg);
  vq_push (&d->q, d->m, 6, 0);
}

static void
test_chains (struct guest_mem *m, const struct chain_case *t, size_t n)
{
  struct drv d;
  size_t i;
  uint16_t j;

  drv_init (&d, m, RING_GPA, QSIZE);
  set_desc (&d, DECOY, DATA_GPA, 4, 0, 0);
  for (i = 0; i < n; i++) {
    for (j = 0; j < 4; j++)
      set_desc (&d, j, t[i].d[j].addr, t[i].d[j].len, t[i].d[j].flags,
                t[i].d[j].next);
    expect_pop (&d, &t[i]);
  }
}

static void
test_broken (struct guest_mem *m)
{
  struct drv d;
  struct vq_chain c;
  uint16_t i;
  int n = 0;

  drv_init (&d, m, RING_GPA, QSIZE);
  for (i = 0; i < QSIZE; i++)   /* 4 readable, then 4 writable */
    set_desc (&d, i, DATA_GPA + 16 * i, 16, (i < QSIZE - 1 ? N : 0) |
              (i >= 4 ? W : 0), i + 1);
  post (&d, 0);
  ok (vq_pop (&d.q, m, &c) == 1 && c.n == QSIZE && c.n_out == 4 &&
      c.out_len == 64 && c.in_len == 64, "chain of exactly SIZE descriptors");

  set_desc (&d, 0, DATA_GPA, 4, 0, 0);
  for (i = 0; i < QSIZE; i++)
    post (&d, 0);
  while (vq_pop (&d.q, m, &c) == 1)
    n++;
  ok (n == QSIZE && !d.q.broken, "avail idx exactly SIZE ahead is fine");

  set_avail_idx (&d, d.avail_idx + QSIZE + 1);
  ok (vq_pop (&d.q, m, &c) == 0 && d.q.broken,
      "avail idx SIZE+1 ahead: broken");
  set_avail_idx (&d, d.q.last_avail);
  post (&d, 0);
  ok (vq_pop (&d.q, m, &c) == 0 && !vq_has_avail (&d.q, m),
      "a broken queue pops nothing more");
  vq_push (&d.q, m, 0, 0);
  ok (used_idx (&d) == 0, "a broken queue pushes nothing");

  drv_init (&d, m, RING_GPA, QSIZE);
  set_desc (&d, 0, DATA_GPA, 4, 0, 0);
  set_avail_idx (&d, 0xffff);
  ok (vq_pop (&d.q, m, &c) == 0 && d.q.broken,
      "avail idx 0xffff on a fresh queue: broken");
  drv_init (&d, m, RING_GPA, QSIZE);
  post (&d, 0);
  ok (!d.q.broken && vq_pop (&d.q, m, &c) == 1, "setting up again repairs");
}

static void
test_wrap (struct guest_mem *m)
{
  struct drv d;
  struct vq_chain c;
  unsigned i;
  bool all = true;

  drv_init (&d, m, RING_GPA, QSIZE);
  set_desc (&d, 1, DATA_GPA, 4, 0, 0);
  for (i = 0; i < 65534; i++) {
    post (&d, 1);
    all &= vq_pop (&d.q, m, &c) == 1;
    vq_push (&d.q, m, c.head, i & 0xff);
  }
  ok (all && d.q.last_avail == 65534 && used_idx (&d) == 65534,
      "65534 chains popped and pushed");
  for (i = 1; i <= 3; i++) {
    set_desc (&d, i, DATA_GPA, 4, 0, 0);
    post (&d, i);
  }
  for (i = 1; i <= 3; i++) {
    ok (vq_pop (&d.q, m, &c) == 1 && c.head == i,
        i == 1 ? "pop at idx 65534" : i == 2 ? "pop at idx 65535"
        : "pop at idx 0");
    vq_push (&d.q, m, c.head, 11 * i);
  }
  ok (vq_pop (&d.q, m, &c) == 0, "then empty");
  ok (used_idx (&d) == 1 && used_id (&d, 6) == 1 && used_len (&d, 6) == 11 &&
      used_id (&d, 7) == 2 && used_id (&d, 0) == 3 && used_len (&d, 0) == 33,
      "used idx wrapped to 1, elems in slots 6, 7, 0");
}

int
main (void)
{
  uint8_t *ram = aligned_alloc (4096, RAM_SIZE);
  struct guest_mem small, big;

  if (ram == NULL) {
    perror ("aligned_alloc");
    return 1;
  }
  memset (ram, 0, RAM_SIZE);
  guest_mem_wrap (&small, ram, RAM_SIZE);

  test_guest_ptr_low (ram);
  test_guest_mem_init ();
  test_io_bus ();
  test_setup (&small);
  test_normal_chain (&small);
  test_write_across (&small);
  test_chains (&small, bad_chains, NELEMS (bad_chains));
  test_broken (&small);
  test_wrap (&small);

  if (guest_mem_init (&big, GUEST_HOLE_START + 4 * MiB) == 0) {
    test_guest_ptr_high (&big);
    test_chains (&big, big_chains, NELEMS (big_chains));
    guest_mem_free (&big);
  }
  else
    ok (0, "mapping 3 GiB + 4 MiB of MAP_NORESERVE RAM");

  free (ram);
  return tap_done ();
}
