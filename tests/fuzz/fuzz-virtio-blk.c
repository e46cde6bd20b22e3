/* guestkit — a fuzz target for the VMM's virtio-blk request path.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a fuzz target for F<library/vmm/dev/virtio-blk.c>
 * with its transport and ring walker (security test plan #15).  One
 * input picks a disk (a memfd opened as raw through the block layer:
 * 1 to 64 sectors, sometimes with a tail that is not a whole sector;
 * sometimes a read-only device) and then runs a hostile driver's
 * program: requests built from parts (the header whole, split or
 * short; any type, sectors at and past the end and ones that overflow
 * when multiplied by 512; data buffers of whole sectors, odd sizes,
 * 0 or 0xffffffff bytes, inside, at the end of or outside RAM, in
 * either direction; the status byte present, missing or read-only),
 * kicks, register writes (any offset and width: reset, page frame,
 * QUEUE_SEL/NOTIFY 0xffff, features, config) and bytes poked into the
 * ring.
 *
 * What must hold after every kick:
 *  - the disk file never changes size, and a read-only device or a
 *    request that is not answered OK never changes its bytes;
 *  - every popped head was pushed to the used ring, and on a queue
 *    that is up and not broken every available head was served;
 *  - the device wrote guest RAM only inside writable descriptors and
 *    the used ring;
 *  - for a well-formed request, the status and used length are the
 *    ones virtio-blk must give (IN/OUT in range and whole sectors: OK,
 *    else IOERR; writes on a read-only device IOERR; unknown types
 *    UNSUPP; GET_ID at most 20 bytes), and the data an OK read returns
 *    or an OK write leaves is the disk's.
 *
 * Run by tests/fuzz/test-fuzz-vmm.sh over tests/fuzz/corpus/virtio-blk/,
 * and by tests/fuzz/run-vmm-fuzzers.sh under libFuzzer.
 */

#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm.h"
#include "block/block.h"

#define FUZZ_NAME "fuzz-virtio-blk"
#include "fuzz-driver.h"

pthread_mutex_t vmm_lock = PTHREAD_MUTEX_INITIALIZER;

#define RAM_SIZE (96u * 1024)
#define QSIZE VQ_MAX_SIZE       /* what the legacy transport sets up */
#define DESC_GPA 0x1000u
#define AVAIL_GPA (DESC_GPA + 16u * QSIZE)
#define USED_GPA 0x3000u
#define USED_END (USED_GPA + 6u + 8u * QSIZE)
#define HDR_GPA 0x4000u
#define STATUS_GPA 0x4100u
#define DATA_GPA 0x5000u
#define SEG_STRIDE 0x2400u
#define MAX_SEGS 5
#define IOBASE 0xC000

enum { R_GUEST_FEATURES = 0x04, R_QUEUE_PFN = 0x08, R_QUEUE_SEL = 0x0E,
       R_NOTIFY = 0x10, R_STATUS = 0x12 };
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8, T_DISCARD = 11 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };
enum { OP_REQ, OP_REQ2, OP_KICK, OP_REG, OP_POKE, OP_RESTART, NR_OPS };

static unsigned long programs, requests, modelled, answered[3], kicks;

struct seg {
  uint64_t gpa;
  uint32_t len;
  bool write;
};

struct state {
  uint8_t *ram, *before;        /* guest RAM, and a copy before a kick */
  struct guest_mem gm;
  struct virtio_dev *vd;
  int fd;                       /* the disk (the bdev has a dup) */
  uint64_t disk_size, capacity;
  uint8_t *disk;                /* the disk's bytes before a kick */
  bool readonly;
};

static void
reg_write (struct state *s, uint16_t off, uint32_t v, unsigned size)
{
  uint8_t d[4];

  le_put (d, v, 4);
  virtio_pci_ops.io (s->vd, off, true, d, size);
}

static void
start (struct state *s)
{
  memset (s->ram, 0, RAM_SIZE);
  reg_write (s, R_STATUS, 0, 1);
  reg_write (s, R_STATUS, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER, 1);
  reg_write (s, R_GUEST_FEATURES, s->vd->host_features, 4);
  reg_write (s, R_QUEUE_SEL, 0, 2);
  reg_write (s, R_QUEUE_PFN, DESC_GPA / 4096, 4);
  reg_write (s, R_STATUS, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER |
             VIRTIO_STATUS_DRIVER_OK, 1);
}

static bool
read_disk (struct state *s, uint8_t *buf)
{
  return pread (s->fd, buf, s->disk_size, 0) == (ssize_t) s->disk_size;
}

/* The disk, a device over it, guest RAM.  False if any failed. */
static bool
setup (struct state *s, struct input *in)
{
  uint8_t shape = take (in, 1);
  struct bdev_open_opts o = { .format = "raw" };
  struct blk_opts bo = { .serial = "fuzz-serial" };
  struct irq_line irq = { NULL, NULL, 11 };
  char err[BDEV_ERRLEN];
  uint64_t i;

  s->readonly = (shape & 0xC0) == 0xC0;
  s->capacity = 1 + shape % 64;
  s->disk_size = s->capacity * 512 + ((shape & 0x20) ? 300 : 0);
  s->ram = calloc (1, RAM_SIZE);        /* exact sizes: ASan sees overruns */
  s->before = malloc (RAM_SIZE);
  s->disk = malloc (s->disk_size);
  s->fd = memfd_create ("fuzz-virtio-blk", MFD_CLOEXEC);
  if (!s->ram || !s->before || !s->disk || s->fd == -1)
    return false;
  for (i = 0; i < s->disk_size; i++)
    s->disk[i] = (uint8_t) (i ^ (i >> 9) ^ 0x5A);
  if (pwrite (s->fd, s->disk, s->disk_size, 0) != (ssize_t) s->disk_size)
    return false;
  guest_mem_wrap (&s->gm, s->ram, RAM_SIZE);
  o.fd = dup (s->fd);
  bo.bdev = o.fd == -1 ? NULL : bdev_open ("fuzz.img", &o, err, sizeof err);
  bo.readonly = s->readonly;
  if (bo.bdev == NULL)
    return false;
  s->vd = virtio_blk_new (&s->gm, irq, IOBASE, &bo);
  if (s->vd == NULL) {
    bdev_close (bo.bdev);
    return false;
  }
  start (s);
  return true;
}

/*-- building a request -----------------------------------------------------*/

struct req {
  uint32_t type;
  uint64_t sector;
  struct seg seg[MAX_SEGS + 3];
  unsigned nseg, ndata;
  uint64_t data_len;            /* bytes in the data segments */
  bool modelled;                /* a well-formed shape: outcome known */
};

static uint32_t
take_type (struct input *in)
{
  static const uint32_t types[] = { T_IN, T_OUT, T_FLUSH, T_GET_ID,
                                    T_DISCARD, 2, 5, 0x80000000u, 0xFFFFFFFF,
                                    T_IN, T_OUT, T_IN, T_OUT, 7, 13, 3 };

  return types[take (in, 1) % 16];
}

static uint64_t
take_sector (struct input *in, uint64_t cap)
{
  uint8_t sel = take (in, 1);

  switch (sel % 10) {
  case 0: return 0;
  case 1: return cap - 1;
  case 2: return cap;
  case 3: return cap + 1;
  case 4: return UINT64_MAX;
  case 5: return UINT64_MAX / 512 + 1;          /* overflows × 512 */
  case 6: return UINT64_C(1) << 63;
  default: return (sel >> 4) % cap;
  }
}

static uint32_t
take_seg_len (struct input *in)
{
  uint8_t sel = take (in, 1);

  switch (sel % 12) {
  case 0: return 0;
  case 1: return 511;
  case 2: return 513;
  case 3: return 20 - sel % 8;                   /* GET_ID short */
  case 4: return 0xFFFFFFFF;
  case 5: return 1;
  default: return 512u * (1 + (sel >> 4) % 16);  /* whole sectors */
  }
}

/* The data segments: in place (inside RAM), or at the end of RAM,
 * past it, or wrapping. */
static void
take_data (struct req *r, struct input *in, bool write)
{
  unsigned i, n = take (in, 1);
  uint8_t where = n >> 4;

  r->ndata = n % (MAX_SEGS + 1);
  for (i = 0; i < r->ndata; i++) {
    struct seg *sg = &r->seg[r->nseg++];

    sg->len = take_seg_len (in);
    sg->write = write ^ (where == 15 && i == 0);
    sg->gpa = DATA_GPA + i * SEG_STRIDE;
    if (where == 14 && i + 1 == r->ndata)
      sg->gpa = RAM_SIZE - sg->len % RAM_SIZE;
    else if (where == 13)
      sg->gpa = i == 0 ? RAM_SIZE : UINT64_MAX - 10;
    if (sg->len > SEG_STRIDE || sg->write != write || where == 13)
      r->modelled = false;
    r->data_len += sg->len;
  }
}

static void
build (struct req *r, struct input *in, uint64_t cap)
{
  uint8_t hdr_shape = take (in, 1), st_shape = take (in, 1);
  bool write;

  memset (r, 0, sizeof *r);
  r->modelled = true;
  r->type = take_type (in);
  r->sector = take_sector (in, cap);
  if (hdr_shape % 8 == 6) {                     /* header in two parts */
    r->seg[r->nseg++] = (struct seg) { HDR_GPA, 8, false };
    r->seg[r->nseg++] = (struct seg) { HDR_GPA + 8, 8, false };
  }
  else if (hdr_shape % 8 == 7) {                /* short header */
    r->seg[r->nseg++] = (struct seg) { HDR_GPA, hdr_shape % 16, false };
    r->modelled = false;
  }
  else
    r->seg[r->nseg++] = (struct seg) { HDR_GPA, 16, false };
  write = r->type == T_IN || r->type == T_GET_ID;
  take_data (r, in, write);
  if (r->type != T_IN && r->type != T_OUT && r->type != T_GET_ID)
    r->modelled &= r->ndata == 0 && r->type != T_DISCARD;
  switch (st_shape % 8) {
  case 6:                                       /* no status byte */
    r->modelled = false;
    break;
  case 7:                                       /* read-only or long */
    r->seg[r->nseg++] = (struct seg) { STATUS_GPA, 1 + st_shape % 3,
                                       st_shape & 8 };
    r->modelled = false;
    break;
  default:
    r->seg[r->nseg++] = (struct seg) { STATUS_GPA, 1, true };
  }
}

/* Put R's chain in the descriptor table from 0 and make it available
 * (the next avail slot, whatever pokes left in the index). */
static void
post (struct state *s, const struct req *r, uint8_t fill)
{
  uint16_t idx = le_get (s->ram + AVAIL_GPA + 2, 2);
  uint8_t hdr[16];
  unsigned i;

  le_put (hdr, r->type, 4);
  le_put (hdr + 4, 0, 4);
  le_put (hdr + 8, r->sector, 8);
  memcpy (s->ram + HDR_GPA, hdr, 16);
  s->ram[STATUS_GPA] = 0xEE;
  for (i = 0; i < r->nseg; i++) {
    uint8_t *d = s->ram + DESC_GPA + 16 * i;
    const struct seg *sg = &r->seg[i];

    if (sg->gpa >= DATA_GPA && sg->gpa < RAM_SIZE)
      memset (s->ram + sg->gpa, fill + i,
              sg->len < RAM_SIZE - sg->gpa ? sg->len : RAM_SIZE - sg->gpa);
    le_put (d, sg->gpa, 8);
    le_put (d + 8, sg->len, 4);
    le_put (d + 12, (sg->write ? VRING_DESC_F_WRITE : 0) |
            (i + 1 < r->nseg ? VRING_DESC_F_NEXT : 0), 2);
    le_put (d + 14, i + 1, 2);
  }
  le_put (s->ram + AVAIL_GPA + 4 + 2u * (idx % QSIZE), 0, 2);
  le_put (s->ram + AVAIL_GPA + 2, idx + 1, 2);
}

/*-- checks -----------------------------------------------------------------*/

/* Whether guest RAM byte GPA lies in a writable descriptor or the used
 * ring (as the descriptor table says now). */
static bool
may_write (const struct state *s, uint64_t gpa, uint64_t *from,
           uint64_t *to)
{
  const struct virtqueue *q = &s->vd->vq[0];
  unsigned i;

  *from = q->used_gpa;
  *to = q->used_gpa + 6u + 8u * q->size;
  if (q->size && gpa >= *from && gpa < *to)
    return true;
  for (i = 0; i < QSIZE; i++) {
    const uint8_t *d = s->before + q->desc_gpa + 16 * i;
    uint64_t addr = le_get (d, 8), len = le_get (d + 8, 4);

    if (q->desc_gpa + 16 * (i + 1) > RAM_SIZE)
      break;
    if ((le_get (d + 12, 2) & VRING_DESC_F_WRITE) && gpa >= addr &&
        gpa - addr < len) {
      *from = addr;
      *to = addr + len;
      return true;
    }
  }
  return false;
}

/* Every byte of RAM that changed lies where the device may write (a
 * range found for one byte covers the bytes after it). */
static void
check_ram (const struct state *s)
{
  uint64_t i, from = 0, to = 0;

  for (i = 0; i < RAM_SIZE; i++) {
    if (i % 256 == 0 && memcmp (s->ram + i, s->before + i, 256) == 0) {
      i += 255;
      continue;
    }
    if (s->ram[i] != s->before[i] && !(i >= from && i < to) &&
        !may_write (s, i, &from, &to)) {
      fuzz_fail ("the device wrote guest RAM at %#llx, outside writable "
                 "buffers", (unsigned long long) i);
      return;
    }
  }
}

/* After any kick: the disk's size, every head back, RAM writes. */
static void
check_kick (struct state *s, bool served)
{
  const struct virtqueue *q = &s->vd->vq[0];
  static uint8_t now[64 * 512 + 300];
  struct stat st;

  CHECK (fstat (s->fd, &st) == 0 && (uint64_t) st.st_size == s->disk_size,
         "the disk changed size: %llu, was %llu",
         (unsigned long long) st.st_size, (unsigned long long) s->disk_size);
  CHECK (q->used_idx == q->last_avail, "popped %u heads, pushed %u",
         q->last_avail, q->used_idx);
  CHECK (!served || q->size == 0 || q->broken ||
         q->last_avail == le_get (s->ram + q->avail_gpa + 2, 2),
         "heads left on a working queue: avail %u, served %u",
         (unsigned) le_get (s->ram + q->avail_gpa + 2, 2), q->last_avail);
  check_ram (s);
  if (read_disk (s, now) && s->readonly &&
      memcmp (now, s->disk, s->disk_size) != 0)
    fuzz_fail ("the disk of a read-only device changed");
}

/* Whether the disk is still what it was before the last kick. */
static bool
disk_unchanged (struct state *s)
{
  static uint8_t now[64 * 512 + 300];

  return read_disk (s, now) && memcmp (now, s->disk, s->disk_size) == 0;
}

static void
kick (struct state *s)
{
  kicks++;
  memcpy (s->before, s->ram, RAM_SIZE);
  read_disk (s, s->disk);
  reg_write (s, R_NOTIFY, 0, 2);
  check_kick (s, true);
}

/* The outcome a well-formed request must have: status, used length. */
static void
expect (const struct state *s, const struct req *r, uint8_t *st,
        uint32_t *used)
{
  bool range = r->data_len % 512 == 0 && r->sector <= s->capacity &&
    r->data_len / 512 <= s->capacity - r->sector;

  *used = 1;
  *st = S_OK;
  switch (r->type) {
  case T_IN:
    if (range)
      *used += r->data_len;
    else
      *st = S_IOERR;
    break;
  case T_OUT:
    if (!range || s->readonly)
      *st = S_IOERR;
    break;
  case T_FLUSH: break;
  case T_GET_ID: *used += r->data_len < 20 ? r->data_len : 20; break;
  default: *st = S_UNSUPP;
  }
}

/* The data segments of an OK IN or OUT hold the disk's bytes. */
static void
check_data (const struct state *s, const struct req *r)
{
  uint64_t pos = r->sector * 512;
  unsigned i;

  for (i = 1; i <= r->ndata; i++) {
    const struct seg *sg = &r->seg[r->nseg - 1 - r->ndata + i - 1];
    uint8_t *disk = malloc (sg->len + 1);

    if (disk && sg->len &&
        (pread (s->fd, disk, sg->len, pos) != (ssize_t) sg->len ||
         memcmp (disk, s->ram + sg->gpa, sg->len) != 0))
      fuzz_fail ("type %u sector %llu: segment %u differs from the disk",
                 r->type, (unsigned long long) r->sector, i);
    free (disk);
    pos += sg->len;
  }
}

static void
op_req (struct state *s, struct input *in)
{
  const uint8_t *used_elem;
  uint16_t used_before = s->vd->vq[0].used_idx;
  struct req r;
  uint32_t want_used;
  uint8_t want_st, st;

  /* Only on the ring as start() made it, with nothing pending. */
  if (s->vd->vq[0].size != QSIZE || s->vd->vq[0].broken ||
      s->vd->vq[0].desc_gpa != DESC_GPA ||
      le_get (s->ram + AVAIL_GPA + 2, 2) != s->vd->vq[0].last_avail)
    return;
  build (&r, in, s->capacity);
  post (s, &r, take (in, 1));
  requests++;
  kick (s);
  CHECK (s->vd->vq[0].used_idx == (uint16_t) (used_before + 1),
         "request of type %u not returned exactly once", r.type);
  used_elem = s->ram + USED_GPA + 4 + 8u * (used_before % QSIZE);
  st = s->ram[STATUS_GPA];
  if (st <= S_UNSUPP && le_get (used_elem + 4, 4) != 0)
    answered[st]++;
  if (!r.modelled)
    return;
  modelled++;
  expect (s, &r, &want_st, &want_used);
  CHECK (st == want_st && le_get (used_elem + 4, 4) == want_used &&
         le_get (used_elem, 4) == 0,
         "type %u sector %llu, %llu data bytes: status %u used %u, want "
         "%u and %u", r.type, (unsigned long long) r.sector,
         (unsigned long long) r.data_len, st,
         (unsigned) le_get (used_elem + 4, 4), want_st, want_used);
  if (st == S_OK && (r.type == T_IN || r.type == T_OUT))
    check_data (s, &r);
  if (st != S_OK && !disk_unchanged (s))
    fuzz_fail ("a request answered %u changed the disk", st);
}

/* A register write at any offset and width. */
static void
op_reg (struct state *s, struct input *in)
{
  static const uint16_t offs[] = { R_GUEST_FEATURES, R_QUEUE_PFN,
                                   R_QUEUE_SEL, R_NOTIFY, R_STATUS, 0x13,
                                   0x14, 0x20, 0x3F, 0x40, 0x00, 0x0C };
  uint8_t sel = take (in, 1);
  uint32_t v = take (in, 4);
  unsigned size = 1u << (sel >> 4) % 3;

  if ((sel >> 4) == 15)
    v = 0xFFFF;
  memcpy (s->before, s->ram, RAM_SIZE);
  read_disk (s, s->disk);
  reg_write (s, offs[sel % 12], v, size);
  /* A notify of queue 0 must have served everything. */
  check_kick (s, offs[sel % 12] == R_NOTIFY &&
              (size == 1 ? v & 0xFF : v & 0xFFFF) == 0);
}

static void
op_poke (struct state *s, struct input *in)
{
  uint32_t off = DESC_GPA + take (in, 2) % (USED_END - DESC_GPA);

  s->ram[off] = take (in, 1);
}

static void
fuzz_one (const uint8_t *data, size_t size)
{
  struct input in = { data, size };
  struct state s = { .fd = -1 };
  unsigned nops;

  programs++;
  if (setup (&s, &in))
    for (nops = 0; nops < 64 && in.n > 0; nops++) {
      switch (take (&in, 1) % NR_OPS) {
      case OP_REQ: case OP_REQ2: op_req (&s, &in); break;
      case OP_KICK: kick (&s); break;
      case OP_REG: op_reg (&s, &in); break;
      case OP_POKE: op_poke (&s, &in); break;
      default: start (&s); break;
      }
    }
  virtio_dev_free (s.vd);
  if (s.fd != -1)
    close (s.fd);
  free (s.ram);
  free (s.before);
  free (s.disk);
}

static void __attribute__((unused))
fuzz_summary (char *buf, size_t len)
{
  snprintf (buf, len, "%lu programs, %lu requests (%lu modelled; OK %lu, "
            "IOERR %lu, UNSUPP %lu), %lu kicks",
            programs, requests, modelled, answered[0], answered[1],
            answered[2], kicks);
}
