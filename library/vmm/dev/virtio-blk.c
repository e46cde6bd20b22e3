/* guestkit — the virtio block device of the VMM.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements a legacy virtio-blk device (one queue) over a
 * block-layer device (F<block/block.h>: raw, qcow2, an overlay), served
 * synchronously when the driver kicks the queue: IN, OUT, FLUSH, GET_ID
 * and DISCARD; every other request type is answered UNSUPP.  Each
 * request is checked before any I/O: a 16-byte header in the readable
 * part and a status byte (the last writable byte), else the chain is
 * completed with length 0; data a whole number of 512-byte sectors and
 * at most 64 MiB (the ring walker alone would allow 4 GiB); a sector
 * range that neither overflows nor passes the end of the disk.
 *
 * Data moves with bdev_read/bdev_write straight between the disk and
 * the guest buffers (host pointers already checked by the ring walker),
 * one call per guest buffer at that buffer's disk offset, so no bounce
 * buffer is needed.  A transfer that fails is reported IOERR, never OK:
 * that includes a write the format refuses for safety (EPERM, e.g. a
 * format magic written to a probed raw image).  The used length is the
 * data read (IN) or the id bytes (GET_ID) plus the status byte; a
 * failed request reports 1 even if part of its data was already moved.
 *
 * The capacity is the disk size divided by 512, rounded down: the tail
 * of an image whose size is not a multiple of 512 is unreachable.  A
 * read-only device (asked for, or over a read-only bdev) offers
 * VIRTIO_BLK_F_RO and not DISCARD, and refuses writes itself.  Snapshot
 * mode is the block layer's overlay (bdev_open with .snapshot): flush
 * and discard are no-ops there.  Left out: write zeroes, the writeback
 * toggle, geometry and topology (zero).
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmm.h"
#include "block/block.h"

/* Feature bits. */
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_F_DISCARD 13

/* Request types and status values. */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_T_DISCARD 11
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

#define SECTOR_SIZE 512
#define REQ_HDR_SIZE 16         /* u32 type, u32 reserved, u64 sector */
#define BLK_ID_BYTES 20
#define BLK_MAX_DATA (UINT64_C(64) << 20)  /* data bytes in one request */
#define DISCARD_SEG_SIZE 16     /* u64 sector, u32 num_sectors, u32 flags */
#define DISCARD_MAX_SECTORS (UINT32_C(1) << 22)  /* 2 GiB per segment */
#define DISCARD_MAX_SEG 1
#define DISCARD_ALIGN 8         /* sectors (4 KiB) */

/* Legacy config layout (virtio_blk_config up to discard_sector_alignment). */
#define CFG_CAPACITY 0
#define CFG_SIZE_MAX 8
#define CFG_SEG_MAX 12
#define CFG_GEOMETRY 16
#define CFG_BLK_SIZE 20
#define CFG_TOPOLOGY 24
#define CFG_WRITEBACK 32
#define CFG_MAX_DISCARD_SECTORS 36
#define CFG_MAX_DISCARD_SEG 40
#define CFG_DISCARD_ALIGN 44
#define CFG_LEN 48

struct blk {
  struct bdev *bdev;            /* the disk; NULL until new succeeds */
  bool readonly;
  uint64_t capacity;            /* in sectors */
  char serial[BLK_ID_BYTES];    /* NUL-padded */
  uint8_t config[CFG_LEN];
  struct vq_chain chain;        /* the chain being served */
};

/* Move N bytes between the disk at POS and the chain, starting BOFF
 * bytes into its buffers of one kind: into the writable ones
 * (bdev_read) if IN, else out of the readable ones (bdev_write), one
 * block-layer call per buffer.  Returns 0 or -1. */
static int
chain_io (const struct vq_chain *c, bool in, uint64_t boff, struct bdev *bs,
          uint64_t pos, uint64_t n)
{
  unsigned i;

  for (i = 0; i < c->n && n > 0; i++) {
    const struct vq_buf *vb = &c->buf[i];
    uint64_t chunk;
    int r;

    if (vb->write != in)
      continue;
    if (boff >= vb->len) {
      boff -= vb->len;
      continue;
    }
    chunk = vb->len - boff < n ? vb->len - boff : n;
    r = in ? bdev_read (bs, vb->host + boff, chunk, pos)
      : bdev_write (bs, vb->host + boff, chunk, pos);
    if (r == -1)
      return -1;
    boff = 0;
    pos += chunk;
    n -= chunk;
  }
  return n == 0 ? 0 : -1;
}

/* NSECT sectors from SECTOR inside the disk, without overflow? */
static bool
sectors_ok (const struct blk *b, uint64_t sector, uint64_t nsect)
{
  return sector <= b->capacity && nsect <= b->capacity - sector;
}

/* LEN data bytes from SECTOR: whole sectors, bounded, inside the disk? */
static bool
data_ok (const struct blk *b, uint64_t sector, uint64_t len)
{
  return len % SECTOR_SIZE == 0 && len <= BLK_MAX_DATA &&
    sectors_ok (b, sector, len / SECTOR_SIZE);
}

/*-- requests ---------------------------------------------------------------*/

static uint8_t
blk_in (struct blk *b, const struct vq_chain *c, uint64_t sector,
        uint32_t *written)
{
  uint64_t len = c->in_len - 1;

  if (!data_ok (b, sector, len) ||
      chain_io (c, true, 0, b->bdev, sector * SECTOR_SIZE, len) == -1)
    return VIRTIO_BLK_S_IOERR;
  *written = len;
  return VIRTIO_BLK_S_OK;
}

static uint8_t
blk_out (struct blk *b, const struct vq_chain *c, uint64_t sector)
{
  uint64_t len = c->out_len - REQ_HDR_SIZE;

  /* A write the format refuses (EPERM) is an I/O error like any other. */
  if (b->readonly || !data_ok (b, sector, len) ||
      chain_io (c, false, REQ_HDR_SIZE, b->bdev, sector * SECTOR_SIZE,
                len) == -1)
    return VIRTIO_BLK_S_IOERR;
  return VIRTIO_BLK_S_OK;
}

static uint8_t
blk_flush (struct blk *b)
{
  if (b->readonly)
    return VIRTIO_BLK_S_OK;     /* nothing of ours to make durable */
  return bdev_flush (b->bdev) == -1 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
}

static uint8_t
blk_get_id (struct blk *b, const struct vq_chain *c, uint32_t *written)
{
  uint64_t n = c->in_len - 1 < BLK_ID_BYTES ? c->in_len - 1 : BLK_ID_BYTES;

  *written = vq_chain_write (c, 0, b->serial, n);
  return VIRTIO_BLK_S_OK;
}

/* Deallocate NSECT sectors from SECTOR.  Discard is advisory: the
 * block layer already answers 0 where it cannot deallocate (a file
 * system without hole punching, an overlay); what fails here (EROFS,
 * EIO) is an error. */
static uint8_t
discard_range (struct blk *b, uint64_t sector, uint64_t nsect)
{
  if (bdev_discard (b->bdev, sector * SECTOR_SIZE,
                    nsect * SECTOR_SIZE) == -1)
    return VIRTIO_BLK_S_IOERR;
  return VIRTIO_BLK_S_OK;
}

/* Segments follow the header; flags (unmap included) are UNSUPP for
 * discard, as the spec requires. */
static uint8_t
blk_discard (struct blk *b, const struct vq_chain *c)
{
  uint64_t data = c->out_len - REQ_HDR_SIZE, i;
  uint8_t seg[DISCARD_SEG_SIZE], st;

  if (b->readonly || data == 0 || data % DISCARD_SEG_SIZE != 0)
    return VIRTIO_BLK_S_IOERR;
  if (data / DISCARD_SEG_SIZE > DISCARD_MAX_SEG)
    return VIRTIO_BLK_S_UNSUPP;
  for (i = 0; i < data / DISCARD_SEG_SIZE; i++) {
    uint64_t sector, nsect;

    vq_chain_read (c, REQ_HDR_SIZE + i * DISCARD_SEG_SIZE, seg, sizeof seg);
    sector = le_get (seg, 8);
    nsect = (uint32_t) le_get (seg + 8, 4);
    if ((uint32_t) le_get (seg + 12, 4) != 0)
      return VIRTIO_BLK_S_UNSUPP;
    if (nsect > DISCARD_MAX_SECTORS || !sectors_ok (b, sector, nsect))
      return VIRTIO_BLK_S_IOERR;
    st = discard_range (b, sector, nsect);
    if (st != VIRTIO_BLK_S_OK)
      return st;
  }
  return VIRTIO_BLK_S_OK;
}

/* Serve one chain; returns the used length (data written + status),
 * or 0 for a chain with no header or no status byte. */
static uint32_t
blk_request (struct blk *b, const struct vq_chain *c)
{
  uint8_t hdr[REQ_HDR_SIZE], status;
  uint32_t written = 0;
  uint64_t sector;

  if (c->in_len < 1 || vq_chain_read (c, 0, hdr, sizeof hdr) != sizeof hdr)
    return 0;
  sector = le_get (hdr + 8, 8);
  switch ((uint32_t) le_get (hdr, 4)) {
  case VIRTIO_BLK_T_IN:
    status = blk_in (b, c, sector, &written);
    break;
  case VIRTIO_BLK_T_OUT:
    status = blk_out (b, c, sector);
    break;
  case VIRTIO_BLK_T_FLUSH:
    status = blk_flush (b);
    break;
  case VIRTIO_BLK_T_GET_ID:
    status = blk_get_id (b, c, &written);
    break;
  case VIRTIO_BLK_T_DISCARD:
    status = blk_discard (b, c);
    break;
  default:
    status = VIRTIO_BLK_S_UNSUPP;
  }
  vq_chain_write (c, c->in_len - 1, &status, 1);
  return written + 1;
}

/* One request: its status byte is written last. */
static uint32_t
blk_serve (void *priv, const struct vq_chain *c)
{
  return blk_request (priv, c);
}

static void
blk_notify (struct virtio_dev *vd, unsigned queue)
{
  struct blk *b = vd->priv;

  if (queue == 0)
    virtio_serve_queue (vd, 0, &b->chain, blk_serve);
}

/*-- construction -----------------------------------------------------------*/

static void
blk_teardown (struct virtio_dev *vd)
{
  struct blk *b = vd->priv;

  if (b) {
    bdev_close (b->bdev);
    free (b);
  }
  vd->priv = NULL;
}

static const struct virtio_ops blk_virtio_ops = {
  .notify = blk_notify,
  .teardown = blk_teardown,
};

static void
blk_fill_config (struct blk *b)
{
  uint8_t *cfg = b->config;

  memset (cfg, 0, CFG_LEN);     /* size_max, geometry, topology unused */
  le_put (cfg + CFG_CAPACITY, b->capacity, 8);
  le_put (cfg + CFG_SEG_MAX, VQ_MAX_SIZE - 2, 4);
  le_put (cfg + CFG_BLK_SIZE, SECTOR_SIZE, 4);
  le_put (cfg + CFG_MAX_DISCARD_SECTORS, DISCARD_MAX_SECTORS, 4);
  le_put (cfg + CFG_MAX_DISCARD_SEG, DISCARD_MAX_SEG, 4);
  le_put (cfg + CFG_DISCARD_ALIGN, DISCARD_ALIGN, 4);
}

static uint32_t
blk_features (bool readonly)
{
  uint32_t f = 1u << VIRTIO_BLK_F_SEG_MAX | 1u << VIRTIO_BLK_F_BLK_SIZE |
    1u << VIRTIO_BLK_F_FLUSH;

  return f | (readonly ? 1u << VIRTIO_BLK_F_RO : 1u << VIRTIO_BLK_F_DISCARD);
}

struct virtio_dev *
virtio_blk_new (struct guest_mem *mem, struct irq_line irq, uint16_t iobase,
                const struct blk_opts *opts)
{
  struct virtio_dev *vd;
  struct blk *b;

  if (opts == NULL || opts->bdev == NULL ||
      (opts->serial && strlen (opts->serial) > BLK_ID_BYTES)) {
    errno = EINVAL;
    return NULL;
  }
  vd = calloc (1, sizeof *vd);
  b = calloc (1, sizeof *b);
  if (vd == NULL || b == NULL) {
    free (vd);
    free (b);
    errno = ENOMEM;
    return NULL;
  }
  b->readonly = opts->readonly || opts->bdev->readonly;
  b->capacity = opts->bdev->size / SECTOR_SIZE;
  if (opts->serial)
    memcpy (b->serial, opts->serial, strlen (opts->serial));
  blk_fill_config (b);
  if (virtio_pci_init (vd, "virtio-blk", &blk_virtio_ops, b, mem, irq,
                       VIRTIO_ID_BLOCK, 1, blk_features (b->readonly),
                       b->config, CFG_LEN, iobase) == -1) {
    free (b);                   /* the bdev is still the caller's */
    free (vd);
    errno = EINVAL;
    return NULL;
  }
  b->bdev = opts->bdev;
  return vd;
}
