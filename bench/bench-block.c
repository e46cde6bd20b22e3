/* guestkit — throughput of the VMM's block layer (raw and qcow2).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements F<bench/bench-block>: it opens one image through
 * F<library/vmm/block/> and times, in this order, a sequential write of
 * the whole disk (1 MiB requests, then a flush), a sequential read
 * (1 MiB), random 4 KiB reads and random 4 KiB writes (then a flush),
 * printing MB/s for each.  The image should be freshly created (so the
 * sequential write allocates, as a guest filling a new qcow2 does).
 *
 *   bench-block FORMAT IMAGE [RANDOM_OPS]
 *
 * Figures include the host page cache; bench/block creates the images.
 */

#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "block/block.h"

#define SEQ_IO (1u << 20)
#define RAND_IO 4096u

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint64_t
rng (void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static void
report (const char *format, const char *what, uint64_t bytes, double secs)
{
  printf ("%-10s %-18s %9.1f MB/s  (%llu MiB in %.2f s)\n", format, what,
          secs > 0 ? bytes / secs / 1e6 : 0.0,
          (unsigned long long) (bytes >> 20), secs);
}

static int
sequential (struct bdev *bs, uint8_t *buf, bool wr)
{
  uint64_t off;
  double t = now ();

  for (off = 0; off + SEQ_IO <= bs->size; off += SEQ_IO) {
    if (wr)
      memset (buf, (int) (off >> 20) | 1, SEQ_IO);
    if ((wr ? bdev_write (bs, buf, SEQ_IO, off)
         : bdev_read (bs, buf, SEQ_IO, off)) == -1)
      return -1;
  }
  if (wr && bdev_flush (bs) == -1)
    return -1;
  report (bs->format, wr ? "sequential write" : "sequential read",
          off, now () - t);
  return 0;
}

static int
random_io (struct bdev *bs, uint8_t *buf, bool wr, unsigned ops)
{
  uint64_t blocks = bs->size / RAND_IO;
  double t = now ();
  unsigned i;

  for (i = 0; i < ops; i++) {
    uint64_t off = rng () % blocks * RAND_IO;

    if ((wr ? bdev_write (bs, buf, RAND_IO, off)
         : bdev_read (bs, buf, RAND_IO, off)) == -1)
      return -1;
  }
  if (wr && bdev_flush (bs) == -1)
    return -1;
  report (bs->format, wr ? "random 4K write" : "random 4K read",
          (uint64_t) ops * RAND_IO, now () - t);
  return 0;
}

int
main (int argc, char **argv)
{
  struct bdev_open_opts o = { .fd = -1 };
  char err[BDEV_ERRLEN];
  unsigned ops = 20000;
  struct bdev *bs;
  uint8_t *buf;
  int r;

  if (argc < 3) {
    fprintf (stderr, "usage: bench-block FORMAT IMAGE [RANDOM_OPS]\n");
    return 2;
  }
  o.format = argv[1];
  if (argc > 3)
    ops = strtoul (argv[3], NULL, 10);
  bs = bdev_open (argv[2], &o, err, sizeof err);
  if (bs == NULL) {
    fprintf (stderr, "bench-block: %s\n", err);
    return 1;
  }
  buf = malloc (SEQ_IO);
  r = buf == NULL || bs->size < SEQ_IO || sequential (bs, buf, true) == -1 ||
    sequential (bs, buf, false) == -1 || random_io (bs, buf, false, ops) == -1 ||
    random_io (bs, buf, true, ops) == -1;
  if (r)
    perror ("bench-block");
  free (buf);
  bdev_close (bs);
  return r;
}
