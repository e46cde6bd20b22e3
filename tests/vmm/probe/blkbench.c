/* guestkit — the probe's blkbench mode: many small virtio-blk requests.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the probe's C<probe-blkbench> mode, the guest
 * side of F<bench/vmm-io>: N requests of 4 KiB, reads or writes, at
 * consecutive places that wrap around the first 8 MiB of the disk,
 * either one at a time (each kick waits for its completion) or Q at a
 * time (Q chains made available, one kick, wait for all Q).  The host
 * times the whole run and subtracts a run with N = 0, so the figure is
 * the cost of the requests alone: VM exits or ioeventfd signals, the
 * device's work and the guest's polling.
 */

#include <config.h>

#include "vmm.h"
#include "probe.h"

#define BENCH_LEN 4096
#define BENCH_SPAN_SECTORS (8u * 1024 * 1024 / 512)

static uint8_t bench_buf[BLK_BATCH_MAX * BENCH_LEN] __attribute__((aligned (4096)));

/* Requests [DONE, DONE+Q) go at sector 8 * DONE, wrapped. */
static uint64_t
bench_sector (uint64_t done, uint64_t q)
{
  uint64_t span = BENCH_SPAN_SECTORS - q * (BENCH_LEN / 512);

  return (done * (BENCH_LEN / 512)) % span;
}

int
blkbench_run (uint64_t n, bool write, uint64_t q)
{
  uint32_t type = write ? 1 : 0;        /* VIRTIO_BLK_T_OUT : T_IN */
  uint64_t cap, done = 0;
  const char *why = NULL;
  unsigned k;
  uint8_t st;

  if (q == 0 || q > BLK_BATCH_MAX)
    q = 1;
  if ((why = blk_start (&cap)) == NULL && cap < BENCH_SPAN_SECTORS)
    why = failf ("capacity %lu < 8 MiB", (unsigned long) cap);
  while (why == NULL && done < n) {
    k = (unsigned) (n - done < q ? n - done : q);
    if (k == 1) {
      why = blk_do (type, bench_sector (done, q), bench_buf, BENCH_LEN, &st);
      if (why == NULL && st != 0)
        why = failf ("request %lu: status %u", (unsigned long) done, st);
    }
    else
      why = blk_batch (type, bench_sector (done, q), bench_buf, BENCH_LEN, k);
    done += k;
  }
  if (why) {
    pr ("blkbench: FAILED after %lu: %s\n", (unsigned long) done, why);
    return 1;
  }
  pr ("blkbench: %lu %s, %lu in flight\n", (unsigned long) n,
      write ? "writes" : "reads", (unsigned long) q);
  return 0;
}
