/* guestkit — a guest's view of the port space, for the VMM's unit tests.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the port I/O that the PCI and virtio-pci unit
 * tests share (see F<guest-io.h>): the dispatch order of the vCPU's
 * port exits (the port bus, then the PCI I/O BARs, all ones for a read
 * nobody claims), IN/OUT, and mechanism #1 configuration accesses.  It
 * checks nothing itself; the tests do.
 */

#include <config.h>

#include <string.h>

#include "vmm.h"
#include "guest-io.h"

struct io_bus gio_io;
struct pci_bus gio_bus;

int
gio_init (void)
{
  memset (&gio_io, 0, sizeof gio_io);
  memset (&gio_bus, 0, sizeof gio_bus);
  return io_bus_add (&gio_io, PCI_CONF_ADDR, 8, &pci_conf_ops, &gio_bus);
}

void
gio_access (uint16_t port, bool write, uint8_t *data, unsigned size)
{
  if (!io_bus_dispatch (&gio_io, port, write, data, size) &&
      !pci_bar_dispatch (&gio_bus, port, write, data, size) && !write)
    memset (data, 0xFF, size);
}

uint32_t
gio_in (uint16_t port, unsigned size)
{
  uint8_t d[4] = { 0 };

  gio_access (port, false, d, size);
  return le_get (d, size);
}

void
gio_out (uint16_t port, unsigned size, uint32_t v)
{
  uint8_t d[4];

  le_put (d, v, 4);
  gio_access (port, true, d, size);
}

uint32_t
gio_conf_addr (unsigned busnr, unsigned slot, unsigned fn, unsigned reg)
{
  return 0x80000000u | busnr << 16 | slot << 11 | fn << 8 | (reg & 0xFC);
}

uint32_t
gio_cfg_rd (unsigned slot, unsigned reg, unsigned size)
{
  gio_out (0xCF8, 4, gio_conf_addr (0, slot, 0, reg));
  return gio_in (0xCFC + (reg & 3), size);
}

void
gio_cfg_wr (unsigned slot, unsigned reg, unsigned size, uint32_t v)
{
  gio_out (0xCF8, 4, gio_conf_addr (0, slot, 0, reg));
  gio_out (0xCFC + (reg & 3), size, v);
}
