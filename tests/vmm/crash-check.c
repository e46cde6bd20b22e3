/* guestkit — checks a disk image after the crashwrite probe was killed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the content check of the VMM crash test: given
 * the raw image (converted by qemu-img from the qcow2 the killed VMM
 * wrote), the seed and the last acknowledged request, it replays the
 * probe's write sequence (F<crash-sector.h>) and checks that every
 * sector holds what the sequence allows: each sector written by an
 * acknowledged request holds that request's bytes or a later request's
 * (never an older one, never zeros: those are lost acknowledged
 * writes), and every other non-zero sector holds the bytes of some
 * request that wrote exactly there (anything else is garbage).  With
 * the qcow2 at hand it also reads every such sector through the VMM's
 * own block layer, which must agree with qemu-img.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crash-check.h"
#include "crash-sector.h"
#include "block/block.h"

struct pair {
  uint64_t sector, seq;
};

static int
cmp_pair (const void *a, const void *b)
{
  const struct pair *p = a, *q = b;

  if (p->sector != q->sector)
    return p->sector < q->sector ? -1 : 1;
  return p->seq < q->seq ? -1 : p->seq > q->seq;
}

/* Every (sector, request) of requests 1..UPTO, sorted; *N gets the
 * count.  NULL if out of memory. */
static struct pair *
replay (uint64_t seed, uint64_t cap, uint64_t upto, size_t *n)
{
  struct pair *v = malloc ((upto + 1) * CRASH_MAX_NSECT * sizeof *v);
  uint64_t state = crash_rng_init (seed), seq, start;
  uint32_t nsect, i;

  *n = 0;
  if (v == NULL)
    return NULL;
  for (seq = 1; seq <= upto; seq++) {
    crash_next_request (&state, cap, &start, &nsect);
    for (i = 0; i < nsect; i++)
      v[(*n)++] = (struct pair) { start + i, seq };
  }
  qsort (v, *n, sizeof *v, cmp_pair);
  return v;
}

static bool
all_zero (const uint8_t *p, size_t len)
{
  size_t i;

  for (i = 0; i < len; i++)
    if (p[i])
      return false;
  return true;
}

/* Whether BUF is exactly what request SEQ of SEED puts at SECTOR. */
static bool
is_request (const uint8_t *buf, uint64_t seed, uint64_t seq, uint64_t sector)
{
  uint8_t want[CRASH_SECTOR];

  crash_fill_sector (want, seed, seq, sector);
  return memcmp (buf, want, CRASH_SECTOR) == 0;
}

static void
note (struct crash_verdict *v, FILE *log, const char *what, uint64_t sector,
      const uint8_t *buf)
{
  if (log && v->reported++ < 8)
    fprintf (log, "# sector %llu: %s (holds seq %llu sector %llu)\n",
             (unsigned long long) sector, what,
             (unsigned long long) crash_get64 (buf + 16),
             (unsigned long long) crash_get64 (buf + 24));
}

/* Check the sector of pairs P[0..N) (one sector, ascending seq). */
static void
check_sector (const struct pair *p, size_t n, const uint8_t *buf,
              const struct crash_params *cp, struct crash_verdict *v,
              FILE *log)
{
  uint64_t acked = 0, seq = crash_get64 (buf + 16);
  size_t i;
  bool known = false;

  for (i = 0; i < n; i++) {
    if (p[i].seq <= cp->acked)
      acked = p[i].seq;
    if (p[i].seq == seq)
      known = true;
  }
  v->checked++;
  if (all_zero (buf, CRASH_SECTOR)) {
    if (acked) {
      v->lost++;
      note (v, log, "zeros, but an acknowledged write was there", p[0].sector,
            buf);
    }
  }
  else if (!known || !is_request (buf, cp->seed, seq, p[0].sector)) {
    v->garbage++;
    note (v, log, "garbage", p[0].sector, buf);
  }
  else if (seq < acked) {
    v->lost++;
    note (v, log, "older than the last acknowledged write", p[0].sector, buf);
  }
}

/* Non-zero sectors nobody wrote: scan the data regions of FD. */
static int
check_strays (int fd, const struct pair *p, size_t n, struct crash_verdict *v,
              FILE *log)
{
  static uint8_t buf[1 << 16];
  off_t data = 0, hole, off;
  ssize_t r;
  size_t i;

  while ((data = lseek (fd, data, SEEK_DATA)) != -1) {
    hole = lseek (fd, data, SEEK_HOLE);
    if (hole == -1)
      return -1;
    for (off = data & ~(off_t) (CRASH_SECTOR - 1); off < hole; off += r) {
      r = pread (fd, buf, sizeof buf, off);
      if (r <= 0)
        return r == 0 ? 0 : -1;
      r &= ~(ssize_t) (CRASH_SECTOR - 1);
      for (i = 0; i < (size_t) r; i += CRASH_SECTOR) {
        struct pair key = { (uint64_t) (off + i) / CRASH_SECTOR, 0 };
        size_t lo = 0, hi = n;

        if (all_zero (buf + i, CRASH_SECTOR))
          continue;
        while (lo < hi) {       /* first pair with sector >= key */
          size_t mid = lo + (hi - lo) / 2;
          if (p[mid].sector < key.sector)
            lo = mid + 1;
          else
            hi = mid;
        }
        if (lo == n || p[lo].sector != key.sector) {
          v->garbage++;
          note (v, log, "written although no request wrote there",
                key.sector, buf + i);
        }
      }
    }
    data = hole;
  }
  return errno == ENXIO ? 0 : -1;
}

/* Sector SECTOR as our block layer reads it must be BUF. */
static void
compare_ours (struct bdev *bs, uint64_t sector, const uint8_t *buf,
              struct crash_verdict *v, FILE *log)
{
  uint8_t ours[CRASH_SECTOR];

  if (bdev_read (bs, ours, CRASH_SECTOR, sector * CRASH_SECTOR) == -1 ||
      memcmp (ours, buf, CRASH_SECTOR) != 0) {
    v->differ++;
    note (v, log, "our qcow2 reader disagrees with qemu-img", sector, buf);
  }
}

/* Open QCOW2 read-only with our block layer; NULL (reported) if not. */
static struct bdev *
open_ours (const char *qcow2, struct crash_verdict *v, FILE *log)
{
  struct bdev_open_opts bo = { .format = "qcow2", .readonly = true,
                               .fd = -1 };
  char err[BDEV_ERRLEN];
  struct bdev *bs;

  if (qcow2 == NULL)
    return NULL;
  if ((bs = bdev_open (qcow2, &bo, err, sizeof err)) == NULL) {
    v->differ++;
    if (log)
      fprintf (log, "# our block layer cannot open it: %s\n", err);
  }
  return bs;
}

int
crash_check (const char *raw, const char *qcow2,
             const struct crash_params *cp, struct crash_verdict *v,
             FILE *log)
{
  uint8_t buf[CRASH_SECTOR];
  struct bdev *bs;
  size_t n, i, j;
  struct pair *p;
  int fd, r = 0;

  memset (v, 0, sizeof *v);
  /* The guest may have issued up to two batches past its last ack. */
  p = replay (cp->seed, cp->cap, cp->acked + 2 * CRASH_BATCH, &n);
  fd = open (raw, O_RDONLY | O_CLOEXEC);
  bs = open_ours (qcow2, v, log);
  if (p == NULL || fd == -1) {
    perror (raw);
    free (p);
    if (fd >= 0)
      close (fd);
    if (bs)
      bdev_close (bs);
    return -1;
  }
  for (i = 0; i < n && r == 0; i = j) {
    for (j = i; j < n && p[j].sector == p[i].sector; j++)
      ;
    memset (buf, 0, sizeof buf);
    if (pread (fd, buf, sizeof buf, (off_t) (p[i].sector * CRASH_SECTOR)) < 0)
      r = -1;
    else {
      check_sector (p + i, j - i, buf, cp, v, log);
      if (bs)
        compare_ours (bs, p[i].sector, buf, v, log);
    }
  }
  if (r == 0)
    r = check_strays (fd, p, n, v, log);
  if (r == -1)
    perror (raw);
  close (fd);
  if (bs)
    bdev_close (bs);
  free (p);
  return r;
}
