/* guestkit — a guest's view of the port space, for the VMM's unit tests.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares the port I/O that the PCI and virtio-pci unit
 * tests do as a guest would: one port bus holding the configuration
 * mechanism #1 ports, the PCI bus behind them whose enabled I/O BARs
 * catch the ports the bus leaves, IN and OUT of 1, 2 or 4 bytes, and
 * configuration reads and writes through 0xCF8/0xCFC.  It leaves out
 * everything a test registers itself: devices, slots and other ports.
 */

#ifndef GUESTKIT_TESTS_GUEST_IO_H
#define GUESTKIT_TESTS_GUEST_IO_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm.h"

/* The guest's port bus, and the PCI bus that its conf1 ports reach. */
extern struct io_bus gio_io;
extern struct pci_bus gio_bus;

/* Empty both buses and register the conf1 ports (PCI_CONF_ADDR, 8
 * ports) on gio_io for gio_bus.  Returns io_bus_add's result. */
int gio_init (void);

/* One access of SIZE bytes at PORT: gio_io first, then the enabled I/O
 * BARs of gio_bus.  A read that nothing claims reads all ones. */
void gio_access (uint16_t port, bool write, uint8_t *data, unsigned size);

/* IN and OUT of SIZE (1, 2 or 4) bytes, values little-endian. */
uint32_t gio_in (uint16_t port, unsigned size);
void gio_out (uint16_t port, unsigned size, uint32_t v);

/* The mechanism #1 address (enable bit set) of dword REG of BUSNR,
 * SLOT, function FN. */
uint32_t gio_conf_addr (unsigned busnr, unsigned slot, unsigned fn,
                        unsigned reg);

/* Config read/write of SIZE bytes at REG of bus 0, SLOT, function 0:
 * latch the address at 0xCF8, then the data port 0xCFC + (REG & 3). */
uint32_t gio_cfg_rd (unsigned slot, unsigned reg, unsigned size);
void gio_cfg_wr (unsigned slot, unsigned reg, unsigned size, uint32_t v);

#endif /* GUESTKIT_TESTS_GUEST_IO_H */
