/* guestkit — the VMM's I/O port bus.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the x86 I/O port bus: a small fixed table of
 * non-overlapping port ranges, each owned by one device, and the
 * dispatch of a guest port access to the device whose range contains
 * the port.  Ranges are checked when added (non-empty, inside the
 * 64 KiB port space, no overlap).  Ports nobody claimed are left to
 * the caller (which answers reads with all ones).
 */

#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "vmm.h"

#define IO_PORT_SPACE 0x10000u

/* Do [A, A+ALEN) and [B, B+BLEN) share a port?  (Lengths non-zero,
 * ends ≤ 0x10000, computed in unsigned int so nothing wraps.) */
static bool
ranges_overlap (unsigned a, unsigned alen, unsigned b, unsigned blen)
{
  return a < b + blen && b < a + alen;
}

int
io_bus_add (struct io_bus *bus, uint16_t base, uint16_t len,
            const struct device_ops *ops, void *dev)
{
  unsigned i;

  if (len == 0 || (unsigned) base + len > IO_PORT_SPACE) {
    errno = EINVAL;
    return -1;
  }
  if (bus->n >= IO_BUS_MAX) {
    errno = ENOSPC;
    return -1;
  }
  for (i = 0; i < bus->n; i++) {
    if (ranges_overlap (base, len, bus->r[i].base, bus->r[i].len)) {
      errno = EBUSY;
      return -1;
    }
  }

  bus->r[bus->n].base = base;
  bus->r[bus->n].len = len;
  bus->r[bus->n].ops = ops;
  bus->r[bus->n].dev = dev;
  bus->n++;
  return 0;
}

bool
io_bus_dispatch (struct io_bus *bus, uint16_t port, bool write,
                 uint8_t *data, unsigned size)
{
  unsigned i;

  for (i = 0; i < bus->n && i < IO_BUS_MAX; i++) {
    const struct io_range *r = &bus->r[i];

    if (port < r->base || port - r->base >= r->len)
      continue;
    if (r->ops && r->ops->io)
      r->ops->io (r->dev, (uint16_t) (port - r->base), write, data, size);
    else if (!write)
      memset (data, 0xff, size);  /* claimed but nothing behind it */
    return true;
  }
  return false;
}

void
io_bytewise (void *dev, uint16_t offset, bool write, uint8_t *data,
             unsigned size, uint8_t (*rd) (void *dev, unsigned off),
             void (*wr) (void *dev, unsigned off, uint8_t v))
{
  unsigned i;

  for (i = 0; i < size && i < 4; i++) {
    if (write)
      wr (dev, (unsigned) offset + i, data[i]);
    else
      data[i] = rd (dev, (unsigned) offset + i);
  }
}
