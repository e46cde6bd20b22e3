/* guestkit — unit tests of the VMM's PCI bus (TAP output).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file tests F<library/vmm/pci.c> through the ports the guest
 * uses: the mechanism #1 address latch, header reads of every width at
 * every byte, absent and disabled addresses, the read-only parts of a
 * header, the BAR sizing dance, BAR moves as seen by pci_bar_dispatch,
 * and the host bridge.  Expected values come from the PCI
 * specification and Linux's probing, not from the code.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm.h"
#include "guest-io.h"
#include "../tap.h"

pthread_mutex_t vmm_lock = PTHREAD_MUTEX_INITIALIZER;

/*-- a recording device behind a BAR ----------------------------------------*/

struct rec_dev {
  unsigned calls;
  void *dev;
  uint16_t offset;
  bool write;
  unsigned size;
};

static struct rec_dev rec;

static void
rec_io (void *dev, uint16_t offset, bool write, uint8_t *data, unsigned size)
{
  rec.calls++;
  rec.dev = dev;
  rec.offset = offset;
  rec.write = write;
  rec.size = size;
  if (!write)
    memset (data, 0x5A, size);
}

static const struct device_ops rec_ops = { .name = "rec", .io = rec_io };

#define SLOT 3
static struct pci_dev pdev;
static uint8_t expect[256];     /* the header as the specs say it reads */

static void
setup_bus (void)
{
  ok (gio_init () == 0, "conf1 ports registered");
  pci_dev_init (&pdev, 0x1234, 0x5678, 0x0C0320, 0x42, 0xAAAA, 0xBBBB, 11,
                &rec_ops, &rec);
  pci_dev_set_io_bar (&pdev, 0, 0xC000, 32);
  ok (pci_bus_add (&gio_bus, SLOT, &pdev) == 0, "device added to slot 3");
  ok (pci_bus_add (&gio_bus, SLOT, &pdev) == -1, "slot 3 now taken");
  ok (pci_bus_add (&gio_bus, PCI_MAX_SLOTS, &pdev) == -1,
      "slot 32 out of range");

  memset (expect, 0, sizeof expect);
  expect[0x00] = 0x34; expect[0x01] = 0x12;     /* vendor */
  expect[0x02] = 0x78; expect[0x03] = 0x56;     /* device */
  expect[0x08] = 0x42;                          /* revision */
  expect[0x09] = 0x20; expect[0x0A] = 0x03; expect[0x0B] = 0x0C;
  expect[0x10] = 0x01; expect[0x11] = 0xC0;     /* I/O BAR 0 at 0xC000 */
  expect[0x2C] = 0xAA; expect[0x2D] = 0xAA;
  expect[0x2E] = 0xBB; expect[0x2F] = 0xBB;
  expect[0x3C] = 11; expect[0x3D] = 1;          /* line 11, pin INTA# */
}

static void
test_address_latch (void)
{
  ok (gio_in (0xCF8, 4) == 0, "address register starts at 0");
  gio_out (0xCFB, 1, 0x01);     /* Linux's pci_check_type1 */
  ok (gio_in (0xCF8, 4) == 0, "byte write to 0xCFB does not latch");
  gio_out (0xCF8, 4, 0x80000000);
  ok (gio_in (0xCF8, 4) == 0x80000000, "0x80000000 reads back");
  gio_out (0xCF8, 1, 0x00);
  gio_out (0xCFA, 1, 0x00);
  gio_out (0xCF8, 2, 0x1234);
  ok (gio_in (0xCF8, 4) == 0x80000000, "narrow writes do not latch");
  ok (gio_in (0xCFB, 1) == 0x80 && gio_in (0xCFA, 2) == 0x8000 &&
      gio_in (0xCF8, 1) == 0, "narrow reads give the matching bytes");
}

static void
test_header_reads (void)
{
  static const unsigned sizes[3] = { 1, 2, 4 };
  unsigned reg, n, s, i, bad = 0;

  for (reg = 0; reg < 256; reg += 4)
    for (s = 0; s < 3; s++)
      for (n = 0; n + sizes[s] <= 4; n++) {
        uint32_t want = 0;

        for (i = 0; i < sizes[s]; i++)
          want |= (uint32_t) expect[reg + n + i] << (8 * i);
        gio_out (0xCF8, 4, gio_conf_addr (0, SLOT, 0, reg));
        if (gio_in (0xCFC + n, sizes[s]) != want)
          bad++;
      }
  ok (bad == 0, "every header byte reads right at every width and offset");
  ok (gio_cfg_rd (SLOT, 0, 4) == 0x56781234, "vendor and device as a dword");
  ok (gio_cfg_rd (SLOT, 0x08, 4) >> 8 == 0x0C0320, "class code");
  ok (gio_cfg_rd (SLOT, 0x04, 4) == 0, "command and status start at 0");
  ok (gio_cfg_rd (SLOT, 0x0E, 1) == 0, "header type 0, single function");
}

static void
test_absent (void)
{
  unsigned bad = 0, s;

  for (s = 1; s <= 4; s *= 2) {
    gio_out (0xCF8, 4, gio_conf_addr (0, SLOT + 1, 0, 0));
    bad += gio_in (0xCFC, s) != (s == 4 ? 0xFFFFFFFF : (1u << (8 * s)) - 1);
  }
  ok (bad == 0, "empty slot reads all ones at each width");
  gio_out (0xCF8, 4, gio_conf_addr (0, SLOT, 1, 0));
  ok (gio_in (0xCFC, 4) == 0xFFFFFFFF, "function 1 reads all ones");
  gio_out (0xCF8, 4, gio_conf_addr (1, SLOT, 0, 0));
  ok (gio_in (0xCFC, 4) == 0xFFFFFFFF, "bus 1 reads all ones");
  gio_out (0xCF8, 4, gio_conf_addr (0, SLOT, 0, 0) & ~0x80000000u);
  ok (gio_in (0xCFC, 4) == 0xFFFFFFFF && gio_in (0xCFE, 2) == 0xFFFF,
      "address with bit 31 clear reads all ones");
  gio_out (0xCF8, 4, gio_conf_addr (0, SLOT, 1, 0x04));
  gio_out (0xCFC, 2, 0x0001);
  gio_out (0xCF8, 4, gio_conf_addr (0, SLOT, 0, 0x04) & ~0x80000000u);
  gio_out (0xCFC, 2, 0x0001);
  ok (gio_cfg_rd (SLOT, 0x04, 2) == 0,
      "writes to absent functions go nowhere");
}

static void
test_read_only (void)
{
  unsigned reg, bad = 0;

  for (reg = 0; reg < 256; reg += 4) {
    if (reg == 0x04 || (reg >= 0x10 && reg <= 0x24) || reg == 0x3C)
      continue;
    gio_cfg_wr (SLOT, reg, 4, 0xFFFFFFFF);
    gio_cfg_wr (SLOT, reg, 1, 0x00);
  }
  for (reg = 0; reg < 256; reg++)
    bad += gio_cfg_rd (SLOT, reg, 1) != expect[reg];
  ok (bad == 0, "read-only registers ignore writes of any width");

  gio_cfg_wr (SLOT, 0x04, 4, 0xFFFFFFFF);
  ok (gio_cfg_rd (SLOT, 0x04, 4) == 0x0407,
      "command keeps only I/O, memory, master, INTx-disable; status stays 0");
  gio_cfg_wr (SLOT, 0x05, 1, 0x00);
  ok (gio_cfg_rd (SLOT, 0x04, 2) == 0x0007,
      "byte write to command's high half");
  gio_cfg_wr (SLOT, 0x04, 2, 0);
  gio_cfg_wr (SLOT, 0x3C, 4, 0xFFFFFF05);
  ok (gio_cfg_rd (SLOT, 0x3C, 1) == 0x05 && gio_cfg_rd (SLOT, 0x3D, 1) == 1,
      "interrupt line writable, pin read-only");
  gio_cfg_wr (SLOT, 0x3C, 1, 11);
  gio_cfg_wr (SLOT, 0x30, 4, 0xFFFFFFFF);
  ok (gio_cfg_rd (SLOT, 0x30, 4) == 0, "expansion ROM BAR reads 0");
}

static void
test_bar_sizing (void)
{
  uint32_t orig = gio_cfg_rd (SLOT, 0x10, 4);

  ok (orig == 0xC001, "BAR 0 reads base | I/O bit");
  gio_cfg_wr (SLOT, 0x10, 4, 0xFFFFFFFF);
  ok (gio_cfg_rd (SLOT, 0x10, 4) == (~(32u - 1) | 1),
      "sizing reads ~(32-1)|1");
  gio_cfg_wr (SLOT, 0x10, 4, orig);
  ok (gio_cfg_rd (SLOT, 0x10, 4) == 0xC001, "restored");
  gio_cfg_wr (SLOT, 0x14, 4, 0xFFFFFFFF);
  ok (gio_cfg_rd (SLOT, 0x14, 4) == 0,
      "unimplemented BAR 1 reads 0 after sizing");
  gio_cfg_wr (SLOT, 0x10, 4, 0xC013);
  ok (gio_cfg_rd (SLOT, 0x10, 4) == 0xC001, "base masked to size alignment");
  gio_cfg_wr (SLOT, 0x10, 2, 0xD000);
  ok (gio_cfg_rd (SLOT, 0x10, 4) == 0xD001, "16-bit BAR write merges");
  gio_cfg_wr (SLOT, 0x11, 1, 0x12);
  ok (gio_cfg_rd (SLOT, 0x10, 4) == 0x1201,
      "byte write into BAR byte 1 merges");
  gio_cfg_wr (SLOT, 0x12, 2, 0xFFFF);
  gio_cfg_wr (SLOT, 0x10, 2, 0xFFFF);
  ok (gio_cfg_rd (SLOT, 0x10, 4) == 0xFFFFFFE1,
      "sizing with two 16-bit writes");
  gio_cfg_wr (SLOT, 0x10, 4, 0xC000);
}

static void
test_dispatch (void)
{
  rec.calls = 0;
  ok (gio_in (0xC004, 2) == 0xFFFF && rec.calls == 0,
      "no dispatch while command I/O bit is clear");
  gio_cfg_wr (SLOT, 0x04, 2, 0x0002);
  ok (gio_in (0xC004, 2) == 0xFFFF && rec.calls == 0,
      "memory bit alone does not enable I/O");
  gio_cfg_wr (SLOT, 0x04, 2, 0x0001);
  ok (gio_in (0xC004, 2) == 0x5A5A && rec.calls == 1 && rec.offset == 4 &&
      rec.size == 2 && !rec.write && rec.dev == &rec,
      "read inside BAR 0 reaches the device at offset 4");
  gio_out (0xC01F, 1, 0x77);
  ok (rec.calls == 2 && rec.offset == 0x1F && rec.write && rec.size == 1,
      "write at the last port of the BAR");
  ok (gio_in (0xC020, 1) == 0xFF && gio_in (0xBFFF, 1) == 0xFF &&
      rec.calls == 2,
      "ports just outside the BAR are not dispatched");
  ok (pci_bar_dispatch (&gio_bus, 0xC01E, false, (uint8_t[4]) { 0 }, 4) &&
      rec.calls == 2, "access running past the BAR end claimed, not passed");

  gio_cfg_wr (SLOT, 0x10, 4, 0xD000);
  ok (gio_in (0xC004, 1) == 0xFF && rec.calls == 2,
      "old base dead after move");
  ok (gio_in (0xD008, 4) == 0x5A5A5A5A && rec.calls == 3 && rec.offset == 8,
      "new base dispatched after move");
  gio_cfg_wr (SLOT, 0x10, 4, 0xFFFFFFFF);
  ok (gio_in (0xFFE0, 1) == 0xFF && rec.calls == 3,
      "BAR being sized (base 0xFFFFFFE0) decodes nothing in port space");
  gio_cfg_wr (SLOT, 0x10, 4, 0xD000);
  gio_cfg_wr (SLOT, 0x04, 2, 0);
  ok (gio_in (0xD008, 4) == 0xFFFFFFFF && rec.calls == 3,
      "clearing command I/O bit stops dispatch");
}

/* A device with an I/O BAR other than 0: offsets are within that BAR. */
static void
test_other_bar (void)
{
  struct pci_dev d2;

  pci_dev_init (&d2, 0x1234, 1, 0xFF0000, 0, 0, 0, 0, &rec_ops, &rec);
  pci_dev_set_io_bar (&d2, 2, 0xE010, 16);
  ok (pci_bus_add (&gio_bus, 7, &d2) == 0, "second device in slot 7");
  ok (gio_cfg_rd (7, 0x18, 4) == 0xE011 && gio_cfg_rd (7, 0x10, 4) == 0 &&
      gio_cfg_rd (7, 0x3D, 1) == 0,
      "BAR 2 set, BAR 0 absent, no interrupt pin");
  gio_cfg_wr (7, 0x04, 2, 1);
  rec.calls = 0;
  ok (gio_in (0xE018, 1) == 0x5A && rec.calls == 1 && rec.offset == 8,
      "BAR 2 access passes the offset within BAR 2");
  gio_bus.slot[7] = NULL;
}

static void
test_host_bridge (void)
{
  struct pci_dev hb;

  pci_host_bridge_init (&hb);
  ok (pci_bus_add (&gio_bus, 0, &hb) == 0, "host bridge in slot 0");
  ok (gio_cfg_rd (0, 0x0A, 2) == 0x0600, "host bridge class 06/00");
  ok (gio_cfg_rd (0, 0x08, 4) >> 8 == 0x060000, "host bridge prog-if 0");
  ok (gio_cfg_rd (0, 0x00, 2) == 0x8086 && gio_cfg_rd (0, 0x02, 2) == 0x1237,
      "host bridge is 8086:1237");
  ok (gio_cfg_rd (0, 0x0E, 1) == 0 && gio_cfg_rd (0, 0x3D, 1) == 0,
      "host bridge: type 0 header, no interrupt pin");
  gio_bus.slot[0] = NULL;
}

int
main (void)
{
  setup_bus ();
  test_address_latch ();
  test_header_reads ();
  test_absent ();
  test_read_only ();
  test_bar_sizing ();
  test_dispatch ();
  test_other_bar ();
  test_host_bridge ();
  return tap_done ();
}
