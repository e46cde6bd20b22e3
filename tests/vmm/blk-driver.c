/* guestkit — a guest driver's side of virtio-blk, for the unit tests.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the driver side that the virtio-blk unit tests
 * share (see F<blk-driver.h>): the register accesses, the device
 * start-up, building chains in the descriptor table and the avail
 * ring, and reading completions from the used ring.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blk-driver.h"

uint8_t *ram;
struct guest_mem gm;
int irq_level;
static uint16_t avail_idx, used_seen, next_desc;

static void
record_irq (void *opaque, unsigned gsi, int level)
{
  irq_level = level;
}

const struct irq_line irq = { record_irq, NULL, 11 };

void
drv_setup (void)
{
  ram = aligned_alloc (4096, MEM_SIZE);
  if (ram == NULL) {
    perror ("aligned_alloc");
    exit (EXIT_FAILURE);
  }
  guest_mem_wrap (&gm, ram, MEM_SIZE);
}

uint32_t
drv_io (struct virtio_dev *vd, uint16_t off, bool write, uint32_t v,
        unsigned size)
{
  uint8_t d[4];

  le_put (d, v, 4);
  virtio_pci_ops.io (vd, off, write, d, size);
  return le_get (d, 4);
}

void
drv_start (struct virtio_dev *vd)
{
  memset (ram, 0, MEM_SIZE);
  avail_idx = used_seen = next_desc = 0;
  WR (vd, R_STATUS, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER, 1);
  WR (vd, R_GUEST_FEATURES, RD (vd, R_HOST_FEATURES, 4), 4);
  WR (vd, R_QUEUE_SEL, 0, 2);
  WR (vd, R_QUEUE_PFN, RING_PFN, 4);
  WR (vd, R_STATUS, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER |
      VIRTIO_STATUS_DRIVER_OK, 1);
}

uint16_t
post (const struct seg *s, unsigned n)
{
  uint16_t head = next_desc, idx;
  unsigned i;

  for (i = 0; i < n; i++) {
    uint8_t *d = ram + DESC_GPA + 16 * next_desc;
    uint16_t flags = (s[i].write ? VRING_DESC_F_WRITE : 0) |
      (i + 1 < n ? VRING_DESC_F_NEXT : 0);
    uint16_t next = (next_desc + 1) % VQ_MAX_SIZE;

    memcpy (d, &s[i].gpa, 8);
    memcpy (d + 8, &s[i].len, 4);
    memcpy (d + 12, &flags, 2);
    memcpy (d + 14, &next, 2);
    next_desc = next;
  }
  memcpy (ram + AVAIL_GPA + 4 + 2 * (avail_idx % VQ_MAX_SIZE), &head, 2);
  idx = ++avail_idx;
  memcpy (ram + AVAIL_GPA + 2, &idx, 2);
  return head;
}

bool
take_used (uint32_t *id, uint32_t *len)
{
  uint16_t idx;
  uint8_t *e = ram + USED_GPA + 4 + 8 * (used_seen % VQ_MAX_SIZE);

  memcpy (&idx, ram + USED_GPA + 2, 2);
  if (idx == used_seen)
    return false;
  memcpy (id, e, 4);
  memcpy (len, e + 4, 4);
  used_seen++;
  return true;
}

bool
request (struct virtio_dev *vd, uint32_t type, uint64_t sector,
         const struct seg *data, unsigned ndata, long used, uint8_t want)
{
  struct seg s[40] = { { HDR_GPA, 16, false } };
  uint32_t id, len, dummy;
  uint16_t head;

  if (ndata > NELEMS (s) - 2)
    return false;
  memcpy (s + 1, data, ndata * sizeof *data);
  s[ndata + 1] = (struct seg) { STATUS_GPA, 1, true };
  memset (ram + HDR_GPA, 0, 16);
  memcpy (ram + HDR_GPA, &type, 4);
  memcpy (ram + HDR_GPA + 8, &sector, 8);
  ram[STATUS_GPA] = ram[STATUS_GPA + 1] = 0xEE;
  head = post (s, ndata + 2);
  WR (vd, R_NOTIFY, 0, 2);
  return take_used (&id, &len) && id == head && len == used &&
    !take_used (&id, &dummy) && ram[STATUS_GPA] == want &&
    ram[STATUS_GPA + 1] == 0xEE;
}

bool
rw1 (struct virtio_dev *vd, uint32_t type, uint64_t sector, uint32_t len,
     long used, uint8_t want)
{
  struct seg d = { DATA_GPA, len, type == T_IN || type == T_GET_ID };

  return request (vd, type, sector, &d, 1, used, want);
}

void
put_discard (uint64_t gpa, uint64_t sector, uint32_t n, uint32_t flags)
{
  memcpy (ram + gpa, &sector, 8);
  memcpy (ram + gpa + 8, &n, 4);
  memcpy (ram + gpa + 12, &flags, 4);
}
