/* guestkit — PCI configuration mechanism #1 and I/O BAR dispatch.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements PCI bus 0 as the guest sees it through
 * configuration mechanism #1 (the address register at C<0xCF8>, the
 * data window at C<0xCFC>), the type 0 headers of the functions in its
 * 32 slots, and the routing of port accesses to enabled I/O BARs.
 *
 * Only function 0 of each slot exists; other buses, functions, empty
 * slots and disabled addresses read all ones and swallow writes.  A
 * header is read-only except for the command register (I/O, memory,
 * bus master and INTx-disable bits), the implemented I/O BARs (with the
 * usual write-all-ones sizing dance) and the interrupt line.  There are
 * no memory BARs, no expansion ROM, no capabilities and no extended
 * (PCIe) configuration space.  Also here: the i440FX-lookalike host
 * bridge Linux's pci_sanity_check looks for in slot 0.
 */

#include <config.h>

#include <string.h>

#include "vmm.h"

/* Type 0 header offsets. */
#define CFG_VENDOR 0x00
#define CFG_DEVICE 0x02
#define CFG_COMMAND 0x04
#define CFG_REVISION 0x08
#define CFG_PROG_IF 0x09
#define CFG_SUBCLASS 0x0A
#define CFG_CLASS 0x0B
#define CFG_HEADER_TYPE 0x0E
#define CFG_BAR0 0x10
#define CFG_BAR5 0x24
#define CFG_SUBSYS_VENDOR 0x2C
#define CFG_SUBSYS_ID 0x2E
#define CFG_INT_LINE 0x3C
#define CFG_INT_PIN 0x3D

#define CMD_IO 0x0001
#define CMD_MEMORY 0x0002
#define CMD_MASTER 0x0004
#define CMD_INTX_DISABLE 0x0400
#define CMD_WRITABLE (CMD_IO | CMD_MEMORY | CMD_MASTER | CMD_INTX_DISABLE)

#define BAR_IO_SPACE 1          /* bit 0 of an I/O BAR */

#define ADDR_ENABLE 0x80000000u
#define ADDR_BUS(a) (((a) >> 16) & 0xFF)
#define ADDR_SLOT(a) (((a) >> 11) & 0x1F)
#define ADDR_FUNC(a) (((a) >> 8) & 0x7)
#define ADDR_REG(a) ((a) & 0xFC)

static uint32_t
get32 (const uint8_t *p)
{
  return p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16
    | (uint32_t) p[3] << 24;
}

static void
put16 (uint8_t *p, uint16_t v)
{
  p[0] = v & 0xFF;
  p[1] = v >> 8;
}

static void
put32 (uint8_t *p, uint32_t v)
{
  put16 (p, v & 0xFFFF);
  put16 (p + 2, v >> 16);
}

void
pci_dev_init (struct pci_dev *dev, uint16_t vendor, uint16_t device,
              uint32_t class_code, uint8_t revision,
              uint16_t subsys_vendor, uint16_t subsys_id,
              uint8_t irq_line, const struct device_ops *ops,
              void *devp)
{
  memset (dev, 0, sizeof *dev);
  put16 (&dev->cfg[CFG_VENDOR], vendor);
  put16 (&dev->cfg[CFG_DEVICE], device);
  dev->cfg[CFG_REVISION] = revision;
  dev->cfg[CFG_PROG_IF] = class_code & 0xFF;
  dev->cfg[CFG_SUBCLASS] = (class_code >> 8) & 0xFF;
  dev->cfg[CFG_CLASS] = (class_code >> 16) & 0xFF;
  dev->cfg[CFG_HEADER_TYPE] = 0;
  put16 (&dev->cfg[CFG_SUBSYS_VENDOR], subsys_vendor);
  put16 (&dev->cfg[CFG_SUBSYS_ID], subsys_id);
  dev->cfg[CFG_INT_LINE] = irq_line;
  dev->cfg[CFG_INT_PIN] = irq_line != 0 ? 1 : 0;
  dev->ops = ops;
  dev->dev = devp;
}

/* I/O BARs are at most 256 bytes (PCI 3.0, 6.2.5.1).  A call outside
 * the contract (bad BAR number or size) is ignored: no BAR. */
void
pci_dev_set_io_bar (struct pci_dev *dev, unsigned bar, uint16_t base,
                    uint32_t size)
{
  if (bar >= 6 || size < 4 || size > 256 || (size & (size - 1)) != 0)
    return;
  dev->bar_size[bar] = size;
  put32 (&dev->cfg[CFG_BAR0 + 4 * bar],
         (base & ~(size - 1)) | BAR_IO_SPACE);
}

void
pci_host_bridge_init (struct pci_dev *dev)
{
  /* Intel 82441FX (i440FX PMC), class 06/00/00: host bridge. */
  pci_dev_init (dev, 0x8086, 0x1237, 0x060000, 0x02, 0, 0, 0, NULL, NULL);
}

int
pci_bus_add (struct pci_bus *bus, unsigned slot, struct pci_dev *dev)
{
  if (slot >= PCI_MAX_SLOTS || dev == NULL || bus->slot[slot] != NULL)
    return -1;
  bus->slot[slot] = dev;
  return 0;
}

/* The function the address register selects, or NULL. */
static struct pci_dev *
selected_dev (const struct pci_bus *bus)
{
  uint32_t a = bus->addr;

  if (!(a & ADDR_ENABLE) || ADDR_BUS (a) != 0 || ADDR_FUNC (a) != 0)
    return NULL;
  return bus->slot[ADDR_SLOT (a)];
}

/* Store NEW into BAR number BAR: base aligned to the BAR's size, the
 * I/O space bit always set.  Writing all ones thus reads back
 * ~(size - 1) | 1.  Unimplemented BARs stay 0. */
static void
bar_write (struct pci_dev *dev, unsigned bar, uint32_t new)
{
  uint32_t size = dev->bar_size[bar];

  if (size == 0)
    return;
  put32 (&dev->cfg[CFG_BAR0 + 4 * bar],
         (new & ~(size - 1) & ~UINT32_C(3)) | BAR_IO_SPACE);
}

/* Commit the merged dword NEW to config register REG (4-aligned).
 * Everything that is not writable is left alone. */
static void
cfg_write (struct pci_dev *dev, unsigned reg, uint32_t new)
{
  uint16_t cmd;

  if (reg == CFG_COMMAND) {
    cmd = new & CMD_WRITABLE;
    put16 (&dev->cfg[CFG_COMMAND], cmd);  /* status is read-only */
  }
  else if (reg >= CFG_BAR0 && reg <= CFG_BAR5)
    bar_write (dev, (reg - CFG_BAR0) / 4, new);
  else if (reg == CFG_INT_LINE)
    dev->cfg[CFG_INT_LINE] = new & 0xFF;
  if ((reg == CFG_COMMAND || (reg >= CFG_BAR0 && reg <= CFG_BAR5)) &&
      dev->cfg_changed)
    dev->cfg_changed (dev);
}

/* The address register: only a 32-bit write at 0xCF8 latches it (Linux
 * probes mechanism #2 with byte writes to 0xCF8/0xCFA and #1 with a
 * byte write to 0xCFB, neither of which may disturb it).  Bytes beyond
 * the register (an access straddling into 0xCFC) read all ones. */
static void
addr_io (struct pci_bus *bus, unsigned off, bool write, uint8_t *data,
         unsigned size)
{
  unsigned i;

  if (write) {
    if (off == 0 && size == 4)
      bus->addr = get32 (data);
    return;
  }
  for (i = 0; i < size; i++)
    data[i] = off + i < 4 ? (bus->addr >> (8 * (off + i))) & 0xFF : 0xFF;
}

/* The data window: byte OFF (0-3) of the selected dword.  Bytes that
 * would fall past the window's end (an unaligned access) read all ones
 * and are not written, so no access leaves the 256-byte image. */
static void
data_io (struct pci_bus *bus, unsigned off, bool write, uint8_t *data,
         unsigned size)
{
  struct pci_dev *dev = selected_dev (bus);
  unsigned reg = ADDR_REG (bus->addr), i;
  uint8_t dword[4];

  if (!write) {
    for (i = 0; i < size; i++)
      data[i] = dev && off + i < 4 ? dev->cfg[reg + off + i] : 0xFF;
    return;
  }
  if (dev == NULL)
    return;
  memcpy (dword, &dev->cfg[reg], 4);
  for (i = 0; i < size && off + i < 4; i++)
    dword[off + i] = data[i];
  cfg_write (dev, reg, get32 (dword));
}

static void
pci_conf_io (void *opaque, uint16_t offset, bool write, uint8_t *data,
             unsigned size)
{
  struct pci_bus *bus = opaque;

  if (size == 0 || size > 4)
    return;
  if (offset < 4)
    addr_io (bus, offset, write, data, size);
  else if (offset < 8)
    data_io (bus, offset - 4, write, data, size);
  else if (!write)
    memset (data, 0xFF, size);
}

const struct device_ops pci_conf_ops = {
  .name = "pci-conf1",
  .io = pci_conf_io,
};

/* Whether PORT lies in DEV's BAR number BAR; *OFF gets the offset. */
static bool
bar_contains (const struct pci_dev *dev, unsigned bar, uint16_t port,
              uint32_t *off)
{
  uint32_t size = dev->bar_size[bar];
  uint32_t base = get32 (&dev->cfg[CFG_BAR0 + 4 * bar]) & ~UINT32_C(3);

  if (size == 0 || port < base || port - base >= size)
    return false;
  *off = port - base;
  return true;
}

/* Each BAR is its own window: OPS->io gets the offset from the start of
 * whichever BAR matched (so a device with several BARs cannot tell them
 * apart; only BAR 0 is used today, by virtio).  An access running past
 * the end of its BAR is claimed but not passed on (reads all ones). */
bool
pci_bar_dispatch (struct pci_bus *bus, uint16_t port, bool write,
                  uint8_t *data, unsigned size)
{
  unsigned s, b;
  uint32_t off;
  struct pci_dev *dev;

  for (s = 0; s < PCI_MAX_SLOTS; s++) {
    dev = bus->slot[s];
    if (dev == NULL || !(dev->cfg[CFG_COMMAND] & CMD_IO))
      continue;
    for (b = 0; b < 6; b++) {
      if (!bar_contains (dev, b, port, &off))
        continue;
      if (off + size <= dev->bar_size[b] && dev->ops && dev->ops->io)
        dev->ops->io (dev->dev, off, write, data, size);
      else if (!write)
        memset (data, 0xFF, size);
      return true;
    }
  }
  return false;
}
