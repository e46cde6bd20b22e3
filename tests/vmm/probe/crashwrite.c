/* guestkit — the probe's crashwrite mode: allocating writes, flushes, acks.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the probe's C<probe-crashwrite> mode, the guest
 * side of the VMM crash-consistency test (F<tests/vmm/test-vmm-crash.c>):
 * batches of CRASH_BATCH writes at scattered sectors (so a large sparse
 * qcow2 allocates clusters, L2 tables and refcount blocks), each sector
 * self-describing (F<tests/vmm/crash-sector.h>), then a
 * VIRTIO_BLK_T_FLUSH announced by "crashwrite: flush N" on the UART,
 * then "crashwrite: ack N" once the flush has completed, N being the
 * last request the flush covers (the host aims kills at flushes).  It
 * goes on until the host kills the VMM, a request fails, or MAX
 * requests are done.
 */

#include <config.h>

#include "vmm.h"
#include "probe.h"
#include "../crash-sector.h"

#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4

static uint8_t cw_buf[CRASH_MAX_NSECT * CRASH_SECTOR];

/* Write request SEQ: NSECT sectors at START. */
static const char *
write_request (uint64_t seed, uint64_t seq, uint64_t start, uint32_t nsect)
{
  const char *why;
  uint32_t i;
  uint8_t st;

  for (i = 0; i < nsect; i++)
    crash_fill_sector (cw_buf + i * CRASH_SECTOR, seed, seq, start + i);
  why = blk_do (VIRTIO_BLK_T_OUT, start, cw_buf, nsect * CRASH_SECTOR, &st);
  if (why)
    return why;
  return st ? failf ("write of request %lu: status %u", (unsigned long) seq,
                     st) : NULL;
}

static const char *
flush (void)
{
  const char *why;
  uint8_t st;

  if ((why = blk_do (VIRTIO_BLK_T_FLUSH, 0, NULL, 0, &st)) != NULL)
    return why;
  return st ? failf ("flush: status %u", st) : NULL;
}

int
crashwrite_run (uint64_t seed, uint64_t max)
{
  uint64_t cap, state = crash_rng_init (seed), seq = 0, start;
  const char *why;
  uint32_t nsect, i;

  if ((why = blk_start (&cap)) != NULL) {
    pr ("crashwrite: FAILED: %s\n", why);
    return 1;
  }
  pr ("crashwrite: seed %lu capacity %lu\n", (unsigned long) seed,
      (unsigned long) cap);
  while (seq < max) {
    for (i = 0; i < CRASH_BATCH; i++) {
      crash_next_request (&state, cap, &start, &nsect);
      if ((why = write_request (seed, ++seq, start, nsect)) != NULL) {
        pr ("crashwrite: FAILED: request %lu: %s\n", (unsigned long) seq, why);
        return 1;
      }
    }
    pr ("crashwrite: flush %lu\n", (unsigned long) seq);
    if ((why = flush ()) != NULL) {
      pr ("crashwrite: FAILED: after %lu: %s\n", (unsigned long) seq, why);
      return 1;
    }
    pr ("crashwrite: ack %lu\n", (unsigned long) seq);
  }
  pr ("crashwrite: done %lu\n", (unsigned long) seq);
  return 0;
}
