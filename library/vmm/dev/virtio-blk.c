/* guestkit — the virtio block device of the VMM.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements a legacy virtio-blk device (one queue) over an
 * image fd, served synchronously when the driver kicks the queue: IN,
 * OUT, FLUSH, GET_ID and DISCARD; every other request type is answered
 * UNSUPP.  Each request is checked before any I/O: a 16-byte header in
 * the readable part and a status byte (the last writable byte), else
 * the chain is completed with length 0; data a whole number of 512-byte
 * sectors and at most 64 MiB (the ring walker alone would allow 4 GiB);
 * a sector range that neither overflows nor passes the end of the disk.
 * Data moves with pread/pwrite straight between the image and the
 * guest buffers (host pointers already checked by the ring walker);
 * short and interrupted transfers are retried, and one that cannot
 * complete is reported IOERR, never OK.  The used length is the data
 * read (IN) or the id bytes (GET_ID) plus the status byte; a failed
 * request reports 1 even if part of its data was already written.
 *
 * The capacity is the image size divided by 512, rounded down: the
 * tail of an image whose size is not a multiple of 512 is unreachable.
 *
 * In snapshot mode (ignored for a read-only device) the image is never
 * written: guest writes go to an unlinked sparse overlay file of the
 * same size, and a bitmap (one bit per 4 KiB block, in a MAP_NORESERVE
 * mapping so a huge disk costs nothing up front) says which blocks the
 * overlay holds.  A write that covers a block only in part first copies
 * that block from the image.  Discard and flush are then no-ops.  Left
 * out: write zeroes, the writeback toggle, geometry and topology (zero).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm.h"

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
#define OVL_BLOCK 4096          /* snapshot overlay granularity */

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
  int fd;                       /* the image; -1 until new succeeds */
  bool readonly;
  uint64_t capacity;            /* in sectors */
  uint64_t disk_bytes;          /* capacity * SECTOR_SIZE */
  char serial[BLK_ID_BYTES];    /* NUL-padded */
  int ovl_fd;                   /* snapshot overlay, or -1 */
  uint8_t *bitmap;              /* overlay blocks present, or NULL */
  size_t bitmap_len;            /* bytes mapped */
  uint8_t config[CFG_LEN];
  struct vq_chain chain;        /* the chain being served */
};

/* Transfer exactly N bytes between P and FD at POS, retrying short and
 * interrupted transfers.  Returns 0, or -1 on error or end of file. */
static int
full_io (int fd, bool rd, uint8_t *p, uint64_t n, uint64_t pos)
{
  while (n > 0) {
    ssize_t r = rd ? pread (fd, p, n, (off_t) pos)
      : pwrite (fd, p, n, (off_t) pos);

    if (r == -1 && errno == EINTR)
      continue;
    if (r <= 0)
      return -1;
    p += r;
    n -= r;
    pos += r;
  }
  return 0;
}

/* Move N bytes between FD at POS and the chain, starting BOFF bytes
 * into its buffers of one kind: into the writable ones (pread) if IN,
 * else out of the readable ones (pwrite).  Returns 0 or -1. */
static int
chain_io (const struct vq_chain *c, bool in, uint64_t boff, int fd,
          uint64_t pos, uint64_t n)
{
  unsigned i;

  for (i = 0; i < c->n && n > 0; i++) {
    const struct vq_buf *vb = &c->buf[i];
    uint64_t chunk;

    if (vb->write != in)
      continue;
    if (boff >= vb->len) {
      boff -= vb->len;
      continue;
    }
    chunk = vb->len - boff < n ? vb->len - boff : n;
    if (full_io (fd, in, vb->host + boff, chunk, pos) == -1)
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

/*-- snapshot overlay -------------------------------------------------------*/

static bool
ovl_has (const struct blk *b, uint64_t blk)
{
  return (b->bitmap[blk / 8] >> (blk % 8)) & 1;
}

/* Block BLK's byte range, clamped to the disk. */
static void
ovl_block_range (const struct blk *b, uint64_t blk,
                 uint64_t *start, uint64_t *end)
{
  *start = blk * OVL_BLOCK;
  *end = b->disk_bytes - *start < OVL_BLOCK ? b->disk_bytes
    : *start + OVL_BLOCK;
}

/* Unless the overlay has block BLK or [POS, END) covers all of it,
 * copy it from the image into the overlay and mark it present. */
static int
ovl_copy_up (struct blk *b, uint64_t blk, uint64_t pos, uint64_t end)
{
  uint8_t buf[OVL_BLOCK];
  uint64_t s, e;

  ovl_block_range (b, blk, &s, &e);
  if (ovl_has (b, blk) || (pos <= s && end >= e))
    return 0;
  if (full_io (b->fd, true, buf, e - s, s) == -1 ||
      full_io (b->ovl_fd, false, buf, e - s, s) == -1)
    return -1;
  b->bitmap[blk / 8] |= 1 << (blk % 8);
  return 0;
}

/* Read [POS, POS+LEN) into the chain, each run of blocks from the
 * overlay or the image, whichever holds it. */
static int
snap_read (const struct blk *b, const struct vq_chain *c, uint64_t pos,
           uint64_t len)
{
  uint64_t at = pos, end = pos + len;

  while (at < end) {
    bool in_ovl = ovl_has (b, at / OVL_BLOCK);
    uint64_t run = (at / OVL_BLOCK + 1) * OVL_BLOCK;

    while (run < end && ovl_has (b, run / OVL_BLOCK) == in_ovl)
      run += OVL_BLOCK;
    if (run > end)
      run = end;
    if (chain_io (c, true, at - pos, in_ovl ? b->ovl_fd : b->fd,
                  at, run - at) == -1)
      return -1;
    at = run;
  }
  return 0;
}

/* Write the request's data (after the header) to the overlay at POS. */
static int
snap_write (struct blk *b, const struct vq_chain *c, uint64_t pos,
            uint64_t len)
{
  uint64_t first, last, blk;

  if (len == 0)
    return 0;
  first = pos / OVL_BLOCK;
  last = (pos + len - 1) / OVL_BLOCK;
  if (ovl_copy_up (b, first, pos, pos + len) == -1 ||
      ovl_copy_up (b, last, pos, pos + len) == -1 ||
      chain_io (c, false, REQ_HDR_SIZE, b->ovl_fd, pos, len) == -1)
    return -1;
  for (blk = first; blk <= last; blk++)
    b->bitmap[blk / 8] |= 1 << (blk % 8);
  return 0;
}

/* An unlinked file in DIR: O_TMPFILE, else mkstemp + unlink. */
static int
overlay_open (const char *dir)
{
  char path[PATH_MAX];
  int fd;

#ifdef O_TMPFILE
  fd = open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0)
    return fd;
#endif
  if ((size_t) snprintf (path, sizeof path, "%s/guestkit-ovl.XXXXXX", dir)
      >= sizeof path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  fd = mkostemp (path, O_CLOEXEC);
  if (fd >= 0)
    unlink (path);
  return fd;
}

/* Create the overlay (in DIR, default /tmp) and the empty bitmap. */
static int
snapshot_init (struct blk *b, const char *dir)
{
  uint64_t blocks = b->disk_bytes / OVL_BLOCK + 1;
  long page = sysconf (_SC_PAGESIZE);
  void *p;

  b->ovl_fd = overlay_open (dir ? dir : "/tmp");
  if (b->ovl_fd == -1 || ftruncate (b->ovl_fd, (off_t) b->disk_bytes) == -1)
    return -1;
  if (page <= 0)
    page = 4096;
  b->bitmap_len = (blocks / 8 + page) / page * page;
  p = mmap (NULL, b->bitmap_len, PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    return -1;
  b->bitmap = p;
  return 0;
}

/*-- requests ---------------------------------------------------------------*/

static uint8_t
blk_in (struct blk *b, const struct vq_chain *c, uint64_t sector,
        uint32_t *written)
{
  uint64_t len = c->in_len - 1, pos = sector * SECTOR_SIZE;
  int r;

  if (!data_ok (b, sector, len))
    return VIRTIO_BLK_S_IOERR;
  r = b->ovl_fd >= 0 ? snap_read (b, c, pos, len)
    : chain_io (c, true, 0, b->fd, pos, len);
  if (r == -1)
    return VIRTIO_BLK_S_IOERR;
  *written = len;
  return VIRTIO_BLK_S_OK;
}

static uint8_t
blk_out (struct blk *b, const struct vq_chain *c, uint64_t sector)
{
  uint64_t len = c->out_len - REQ_HDR_SIZE, pos = sector * SECTOR_SIZE;
  int r;

  if (b->readonly || !data_ok (b, sector, len))
    return VIRTIO_BLK_S_IOERR;
  r = b->ovl_fd >= 0 ? snap_write (b, c, pos, len)
    : chain_io (c, false, REQ_HDR_SIZE, b->fd, pos, len);
  return r == -1 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
}

static uint8_t
blk_flush (struct blk *b)
{
  int r;

  if (b->readonly || b->ovl_fd >= 0)
    return VIRTIO_BLK_S_OK;     /* nothing of ours to make durable */
  do
    r = fdatasync (b->fd);
  while (r == -1 && errno == EINTR);
  return r == -1 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
}

static uint8_t
blk_get_id (struct blk *b, const struct vq_chain *c, uint32_t *written)
{
  uint64_t n = c->in_len - 1 < BLK_ID_BYTES ? c->in_len - 1 : BLK_ID_BYTES;

  *written = vq_chain_write (c, 0, b->serial, n);
  return VIRTIO_BLK_S_OK;
}

/* Deallocate NSECT sectors from SECTOR.  Discard is advisory: a file
 * system that cannot punch holes still gets OK. */
static uint8_t
discard_range (struct blk *b, uint64_t sector, uint64_t nsect)
{
  if (b->ovl_fd >= 0 || nsect == 0)
    return VIRTIO_BLK_S_OK;
  if (fallocate (b->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                 (off_t) (sector * SECTOR_SIZE),
                 (off_t) (nsect * SECTOR_SIZE)) == 0)
    return VIRTIO_BLK_S_OK;
  if (errno == EOPNOTSUPP || errno == ENOSYS || errno == ENODEV)
    return VIRTIO_BLK_S_OK;
  return VIRTIO_BLK_S_IOERR;
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
blk_free (struct blk *b)
{
  if (b == NULL)
    return;
  if (b->fd >= 0)
    close (b->fd);
  if (b->ovl_fd >= 0)
    close (b->ovl_fd);
  if (b->bitmap)
    munmap (b->bitmap, b->bitmap_len);
  free (b);
}

static void
blk_teardown (struct virtio_dev *vd)
{
  blk_free (vd->priv);
  vd->priv = NULL;
}

static const struct virtio_ops blk_virtio_ops = {
  .notify = blk_notify,
  .teardown = blk_teardown,
};

/* The image's size in bytes: a regular file or a block device. */
static int
image_size (int fd, uint64_t *bytes)
{
  struct stat st;
  off_t end;

  if (fstat (fd, &st) == -1)
    return -1;
  if (S_ISREG (st.st_mode)) {
    *bytes = st.st_size;
    return 0;
  }
  if (!S_ISBLK (st.st_mode)) {
    errno = EINVAL;
    return -1;
  }
  end = lseek (fd, 0, SEEK_END);
  if (end == -1)
    return -1;
  *bytes = end;
  return 0;
}

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
blk_features (const struct blk_opts *opts)
{
  uint32_t f = 1u << VIRTIO_BLK_F_SEG_MAX | 1u << VIRTIO_BLK_F_BLK_SIZE |
    1u << VIRTIO_BLK_F_FLUSH;

  return f | (opts->readonly ? 1u << VIRTIO_BLK_F_RO
              : 1u << VIRTIO_BLK_F_DISCARD);
}

struct virtio_dev *
virtio_blk_new (struct guest_mem *mem, struct irq_line irq, uint16_t iobase,
                const struct blk_opts *opts)
{
  struct virtio_dev *vd = NULL;
  struct blk *b = NULL;
  uint64_t bytes;
  int err = ENOMEM;

  if (opts == NULL || opts->fd < 0 ||
      (opts->serial && strlen (opts->serial) > BLK_ID_BYTES)) {
    errno = EINVAL;
    return NULL;
  }
  if (image_size (opts->fd, &bytes) == -1)
    return NULL;
  vd = calloc (1, sizeof *vd);
  b = calloc (1, sizeof *b);
  if (vd == NULL || b == NULL)
    goto fail;
  b->fd = b->ovl_fd = -1;       /* opts->fd is not ours until success */
  b->readonly = opts->readonly;
  b->capacity = bytes / SECTOR_SIZE;
  b->disk_bytes = b->capacity * SECTOR_SIZE;
  if (opts->serial)
    memcpy (b->serial, opts->serial, strlen (opts->serial));
  if (opts->snapshot && !opts->readonly &&
      snapshot_init (b, opts->tmpdir) == -1) {
    err = errno;
    goto fail;
  }
  blk_fill_config (b);
  if (virtio_pci_init (vd, "virtio-blk", &blk_virtio_ops, b, mem, irq,
                       VIRTIO_ID_BLOCK, 1, blk_features (opts), b->config,
                       CFG_LEN, iobase) == -1) {
    err = EINVAL;
    goto fail;
  }
  b->fd = opts->fd;
  return vd;

 fail:
  blk_free (b);
  free (vd);
  errno = err;
  return NULL;
}
