/* guestkit — the VMM test probe's legacy virtio drivers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the probe's virtio steps: a minimal polled
 * driver for legacy virtio-pci (I/O BAR 0 registers, split rings laid
 * out at one page frame, one chain in flight per queue, head always 0)
 * and the checks on virtio-blk (write, read back, ISR, flush, GET_ID,
 * out-of-range reads), virtio-console without multiport (hello, then
 * echo one line from the host) and virtio-rng.  Every wait on a used
 * ring is bounded; used entries are checked (index steps by one, head
 * 0, length in range).  No interrupts, MSI-X, indirect descriptors or
 * event index.
 */

#include <config.h>

#include "vmm.h"
#include "probe.h"

/* Legacy virtio-pci registers (offsets in BAR 0). */
#define VP_HOST_FEATURES 0x00
#define VP_GUEST_FEATURES 0x04
#define VP_QUEUE_PFN 0x08
#define VP_QUEUE_SIZE 0x0C
#define VP_QUEUE_SEL 0x0E
#define VP_QUEUE_NOTIFY 0x10
#define VP_STATUS 0x12
#define VP_ISR 0x13

#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define BLK_MARKER "GUESTKIT-PROBE-SECTOR1"

uint16_t virtio_blk_io, virtio_con_io, virtio_rng_io;

/*-- legacy virtio and split rings ------------------------------------------*/

struct vring_desc {
  uint64_t addr;
  uint32_t len;
  uint16_t flags;
  uint16_t next;
};

struct vring_avail {
  uint16_t flags, idx;
  uint16_t ring[];
};

struct vring_used_elem {
  uint32_t id, len;
};

struct vring_used {
  uint16_t flags, idx;
  struct vring_used_elem ring[];
};

#define RING_BYTES (3 * 4096)   /* a legacy ring of VQ_MAX_SIZE entries */

struct vq {
  uint16_t io, index, size;
  struct vring_desc *desc;
  volatile struct vring_avail *avail;
  volatile struct vring_used *used;
  uint16_t avail_idx, used_idx;
};

struct buf {
  void *addr;
  uint32_t len;
  bool dev_writes;              /* VRING_DESC_F_WRITE */
};

static uint8_t ring_mem[4][RING_BYTES] __attribute__((aligned (4096)));

/* Set up queue INDEX of the device at IO in MEM (RING_BYTES, aligned). */
static const char *
vq_init (struct vq *q, uint16_t io, uint16_t index, uint8_t *mem)
{
  uint32_t pfn = (uint32_t) ((uintptr_t) mem >> 12);
  size_t used_off;

  outw (io + VP_QUEUE_SEL, index);
  q->size = inw (io + VP_QUEUE_SIZE);
  if (q->size == 0 || q->size > VQ_MAX_SIZE || (q->size & (q->size - 1)))
    return failf ("queue %u has size %u", index, q->size);
  used_off = (16u * q->size + 6 + 2u * q->size + VRING_ALIGN - 1)
    & ~(size_t) (VRING_ALIGN - 1);
  memset (mem, 0, RING_BYTES);
  q->io = io;
  q->index = index;
  q->desc = (struct vring_desc *) mem;
  q->avail = (volatile struct vring_avail *) (mem + 16u * q->size);
  q->used = (volatile struct vring_used *) (mem + used_off);
  q->avail_idx = q->used_idx = 0;
  outl (io + VP_QUEUE_PFN, pfn);
  if (inl (io + VP_QUEUE_PFN) != pfn)
    return failf ("queue %u PFN reads 0x%x, wrote 0x%x", index,
                  inl (io + VP_QUEUE_PFN), pfn);
  return NULL;
}

/* Reset the device at IO, accept WANTED & its offer (*HOST), set up
 * its queues Q[0..NQ) in MEM[0..NQ) and set DRIVER_OK. */
static const char *
virtio_setup (uint16_t io, uint32_t wanted, uint32_t *host, struct vq *q,
              unsigned nq, uint8_t (*mem)[RING_BYTES])
{
  uint8_t st, ok = VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER |
    VIRTIO_STATUS_DRIVER_OK;
  const char *why;
  unsigned i;

  if (!io)
    return "no usable device";
  outb (io + VP_STATUS, 0);
  if ((st = inb (io + VP_STATUS)) != 0)
    return failf ("status 0x%02x after reset", st);
  outb (io + VP_STATUS, VIRTIO_STATUS_ACK);
  outb (io + VP_STATUS, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER);
  *host = inl (io + VP_HOST_FEATURES);
  outl (io + VP_GUEST_FEATURES, *host & wanted);
  if (inl (io + VP_GUEST_FEATURES) != (*host & wanted))
    return failf ("guest features 0x%x do not read back", *host & wanted);
  for (i = 0; i < nq; i++)
    if ((why = vq_init (&q[i], io, (uint16_t) i, mem[i])) != NULL)
      return why;
  outb (io + VP_STATUS, ok);
  if ((st = inb (io + VP_STATUS)) != ok)
    return failf ("status 0x%02x after DRIVER_OK", st);
  return NULL;
}

/* Make B[0..N) one chain (head 0), publish it and kick. */
static void
vq_post (struct vq *q, const struct buf *b, unsigned n)
{
  unsigned i;

  for (i = 0; i < n; i++) {
    q->desc[i].addr = (uintptr_t) b[i].addr;
    q->desc[i].len = b[i].len;
    q->desc[i].flags = (uint16_t) ((b[i].dev_writes ? VRING_DESC_F_WRITE : 0) |
                                   (i + 1 < n ? VRING_DESC_F_NEXT : 0));
    q->desc[i].next = (uint16_t) (i + 1 < n ? i + 1 : 0);
  }
  q->avail->ring[q->avail_idx % q->size] = 0;
  barrier ();
  q->avail->idx = ++q->avail_idx;
  barrier ();
  outw (q->io + VP_QUEUE_NOTIFY, q->index);
}

/* Wait for the next used entry; returns a static reason on failure. */
static const char *
vq_wait (struct vq *q, struct deadline *d, uint32_t *len)
{
  uint16_t slot;

  while (q->used->idx == q->used_idx) {
    if (deadline_passed (d))
      return "timed out waiting for the used ring";
    __asm__ volatile ("pause");
  }
  barrier ();
  if ((uint16_t) (q->used->idx - q->used_idx) != 1)
    return "used idx ran ahead of the avail idx";
  slot = q->used_idx++ % q->size;
  if (q->used->ring[slot].id != 0)
    return "used entry names a head we never posted";
  *len = q->used->ring[slot].len;
  return NULL;
}

static const char *
vq_post_wait (struct vq *q, const struct buf *b, unsigned n, unsigned secs,
              uint32_t *len)
{
  struct deadline d;

  vq_post (q, b, n);
  deadline_start (&d, secs);
  return vq_wait (q, &d, len);
}

/*-- step 4: virtio-blk -----------------------------------------------------*/

struct blk_hdr {
  uint32_t type, reserved;
  uint64_t sector;
};

static struct vq blk_q;
static struct blk_hdr blk_req;
static uint8_t blk_status;
static uint8_t wbuf[512], rbuf[1024];

/* One request; *ST gets the status byte (0xFF if the device left it). */
const char *
blk_do (uint32_t type, uint64_t sector, void *data, uint32_t len,
        uint8_t *st)
{
  struct buf b[3];
  unsigned n = 0;
  uint32_t used_len;
  const char *why;

  blk_req.type = type;
  blk_req.reserved = 0;
  blk_req.sector = sector;
  blk_status = 0xFF;
  b[n++] = (struct buf) { &blk_req, sizeof blk_req, false };
  if (len)
    b[n++] = (struct buf) { data, len, type != VIRTIO_BLK_T_OUT };
  b[n++] = (struct buf) { &blk_status, 1, true };
  if ((why = vq_post_wait (&blk_q, b, n, 5, &used_len)) != NULL)
    return why;
  *st = blk_status;
  return NULL;
}

static struct blk_hdr batch_hdr[BLK_BATCH_MAX];
static uint8_t batch_status[BLK_BATCH_MAX];

/* Chain I of a batch: descriptors 3I..3I+2 (header, data, status). */
static void
batch_chain (unsigned i, uint32_t type, uint64_t sector, uint8_t *data,
             uint32_t len)
{
  struct vring_desc *d = &blk_q.desc[3 * i];

  batch_hdr[i] = (struct blk_hdr) { type, 0, sector };
  batch_status[i] = 0xFF;
  d[0] = (struct vring_desc) { (uintptr_t) &batch_hdr[i], sizeof batch_hdr[i],
                               VRING_DESC_F_NEXT, (uint16_t) (3 * i + 1) };
  d[1] = (struct vring_desc) { (uintptr_t) data, len, (uint16_t)
                               (VRING_DESC_F_NEXT | (type == VIRTIO_BLK_T_IN ?
                                                     VRING_DESC_F_WRITE : 0)),
                               (uint16_t) (3 * i + 2) };
  d[2] = (struct vring_desc) { (uintptr_t) &batch_status[i], 1,
                               VRING_DESC_F_WRITE, 0 };
  blk_q.avail->ring[(blk_q.avail_idx + i) % blk_q.size] = (uint16_t) (3 * i);
}

const char *
blk_batch (uint32_t type, uint64_t sector, uint8_t *data, uint32_t len,
           unsigned n)
{
  struct deadline d;
  unsigned i;

  if (n == 0 || n > BLK_BATCH_MAX || 3 * n > blk_q.size)
    return failf ("batch of %u", n);
  for (i = 0; i < n; i++)
    batch_chain (i, type, sector + i * (len / 512), data + i * len, len);
  barrier ();
  blk_q.avail_idx = (uint16_t) (blk_q.avail_idx + n);
  blk_q.avail->idx = blk_q.avail_idx;
  barrier ();
  outw (blk_q.io + VP_QUEUE_NOTIFY, blk_q.index);
  deadline_start (&d, 5);
  while ((uint16_t) (blk_q.used->idx - blk_q.used_idx) < n) {
    if (deadline_passed (&d))
      return "timed out waiting for the used ring";
    __asm__ volatile ("pause");
  }
  barrier ();
  blk_q.used_idx = (uint16_t) (blk_q.used_idx + n);
  for (i = 0; i < n; i++)
    if (batch_status[i] != VIRTIO_BLK_S_OK)
      return failf ("request %u of the batch: status %u", i, batch_status[i]);
  return NULL;
}

const char *
blk_start (uint64_t *cap)
{
  uint16_t io = virtio_blk_io;
  uint32_t host;
  const char *why;

  if ((why = virtio_setup (io, 1u << VIRTIO_BLK_F_FLUSH, &host, &blk_q, 1,
                           &ring_mem[0])) != NULL)
    return why;
  *cap = inl (io + VIRTIO_LEGACY_CONFIG) |
    (uint64_t) inl (io + VIRTIO_LEGACY_CONFIG + 4) << 32;
  pr ("probe: blk features 0x%08x queue size %u capacity %lu sectors\n",
      host, blk_q.size, (unsigned long) *cap);
  if (!(host & 1u << VIRTIO_BLK_F_FLUSH))
    return failf ("VIRTIO_BLK_F_FLUSH not offered");
  if (*cap < 2048)
    return failf ("capacity %lu < 2048 sectors", (unsigned long) *cap);
  return NULL;
}

/* Write sector 1, check the ISR, read it back and compare. */
static const char *
blk_write_read (void)
{
  uint16_t io = virtio_blk_io;
  const char *why;
  uint8_t st, isr;
  size_t i, m = strlen (BLK_MARKER);

  memcpy (wbuf, BLK_MARKER, m);
  for (i = m; i < sizeof wbuf; i++)
    wbuf[i] = (uint8_t) i;
  if ((why = blk_do (VIRTIO_BLK_T_OUT, 1, wbuf, 512, &st)) != NULL)
    return failf ("write: %s", why);
  if (st != VIRTIO_BLK_S_OK)
    return failf ("write status %u", st);
  isr = inb (io + VP_ISR);
  if (!(isr & 1))
    return failf ("ISR 0x%02x after a completion, bit 0 not set", isr);
  if ((isr = inb (io + VP_ISR)) != 0)
    return failf ("ISR 0x%02x after reading it, not cleared", isr);
  memset (rbuf, 0x55, 512);
  if ((why = blk_do (VIRTIO_BLK_T_IN, 1, rbuf, 512, &st)) != NULL)
    return failf ("read: %s", why);
  if (st != VIRTIO_BLK_S_OK)
    return failf ("read status %u", st);
  if (memcmp (wbuf, rbuf, 512) != 0)
    return failf ("sector 1 read back differs from what was written");
  return NULL;
}

/* A read of NSECT sectors at SECTOR must fail with IOERR. */
static const char *
blk_bad_read (uint64_t sector, uint32_t nsect, const char *what)
{
  const char *why;
  uint8_t st;

  if ((why = blk_do (VIRTIO_BLK_T_IN, sector, rbuf, nsect * 512, &st)))
    return failf ("%s: %s", what, why);
  if (st != VIRTIO_BLK_S_IOERR)
    return failf ("%s: status %u, expected IOERR", what, st);
  return NULL;
}

const char *
step_virtio_blk (void)
{
  const char *why;
  uint64_t cap;
  uint8_t st;
  char id[21];

  if ((why = blk_start (&cap)) != NULL ||
      (why = blk_write_read ()) != NULL)
    return why;
  if ((why = blk_do (VIRTIO_BLK_T_FLUSH, 0, NULL, 0, &st)) != NULL)
    return failf ("flush: %s", why);
  if (st != VIRTIO_BLK_S_OK)
    return failf ("flush status %u", st);
  memset (id, 0, sizeof id);
  if ((why = blk_do (VIRTIO_BLK_T_GET_ID, 0, id, 20, &st)) != NULL)
    return failf ("GET_ID: %s", why);
  if (st != VIRTIO_BLK_S_OK)
    return failf ("GET_ID status %u", st);
  pr_quoted ("blk serial", (const uint8_t *) id, strlen (id));
  if ((why = blk_bad_read (cap, 1, "read at capacity")) != NULL ||
      (why = blk_bad_read (cap - 1, 2, "read across the end")) != NULL ||
      (why = blk_bad_read (UINT64_MAX, 1, "read at sector 2^64-1")) != NULL)
    return why;
  return NULL;
}

/*-- step 5: virtio-console -------------------------------------------------*/

static struct vq con_q[2];       /* receiveq, transmitq (port 0) */
static uint8_t con_rxbuf[64], con_txbuf[128], con_line[128];

static const char *
con_send (const void *data, uint32_t len)
{
  struct buf b = { con_txbuf, len, false };
  uint32_t used_len;
  const char *why;

  memcpy (con_txbuf, data, len);
  why = vq_post_wait (&con_q[1], &b, 1, 5, &used_len);
  return why ? failf ("transmit: %s", why) : NULL;
}

/* Collect bytes from the host until a newline; *N gets the length. */
static const char *
con_receive_line (size_t *n)
{
  struct buf b = { con_rxbuf, sizeof con_rxbuf, true };
  struct deadline d;
  uint32_t len;
  const char *why;

  *n = 0;
  deadline_start (&d, 30);
  for (;;) {
    if ((why = vq_wait (&con_q[0], &d, &len)) != NULL)
      return failf ("receive after %u bytes: %s", (unsigned) *n, why);
    if (len > sizeof con_rxbuf || len > sizeof con_line - *n)
      return failf ("receive: used len %u too long", len);
    memcpy (con_line + *n, con_rxbuf, len);
    *n += len;
    vq_post (&con_q[0], &b, 1);
    if (len && con_line[*n - 1] == '\n')
      return NULL;
  }
}

const char *
step_virtio_console (void)
{
  struct buf b = { con_rxbuf, sizeof con_rxbuf, true };
  uint32_t host;
  const char *why;
  size_t n;

  if ((why = virtio_setup (virtio_con_io, 0, &host, con_q, 2,
                           &ring_mem[1])) != NULL)
    return why;
  pr ("probe: console features 0x%08x\n", host);
  vq_post (&con_q[0], &b, 1);
  if ((why = con_send ("probe: hello\n", 13)) != NULL ||
      (why = con_receive_line (&n)) != NULL)
    return why;
  pr_quoted ("console received", con_line, n);
  return con_send (con_line, (uint32_t) n);
}

/*-- step 6: virtio-rng -----------------------------------------------------*/

static struct vq rng_q;
static uint8_t rng_buf[32];

const char *
step_virtio_rng (void)
{
  struct buf b = { rng_buf, sizeof rng_buf, true };
  uint32_t host, len, i;
  const char *why;
  bool nonzero = false;

  if ((why = virtio_setup (virtio_rng_io, 0, &host, &rng_q, 1,
                           &ring_mem[3])) != NULL)
    return why;
  memset (rng_buf, 0, sizeof rng_buf);
  if ((why = vq_post_wait (&rng_q, &b, 1, 5, &len)) != NULL)
    return why;
  if (len == 0 || len > sizeof rng_buf)
    return failf ("used len %u", len);
  pr ("probe: rng %u bytes:", len);
  for (i = 0; i < len; i++) {
    pr (" %02x", rng_buf[i]);
    nonzero |= rng_buf[i] != 0;
  }
  pr ("\n");
  return nonzero ? NULL : failf ("all %u bytes are zero", len);
}
