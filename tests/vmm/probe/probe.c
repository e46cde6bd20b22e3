/* guestkit — the freestanding guest payload that tests guestkit-vmm.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the probe's main line and its platform steps:
 * a tiny 64-bit guest (entered by F<entry.S>) that checks what
 * guestkit-vmm offers a Linux kernel, with polled I/O only (interrupts
 * stay off).  In order it checks the PVH start_info (magic, command
 * line, E820 map), the status port, PCI configuration mechanism #1
 * (0xCF8 read-back, enumeration of bus 0, a host bridge at slot 0,
 * absent slots reading all ones, BAR 0 sizing, I/O decoding), then the
 * virtio devices (F<virtio.c>).  Each step prints "probe: STEP ok" or
 * "probe: STEP FAILED: WHY" on the UART, then "probe: PASS" or
 * "probe: FAIL N", and the number of failed steps goes to the status
 * port as the exit code.  A CPU exception is reported and ends the run
 * with code 0xEE.
 */

#include <config.h>

#include "vmm.h"
#include "probe.h"

/*-- step 1: start_info -----------------------------------------------------*/

static const char *
check_memmap (const struct hvm_start_info *si)
{
  const struct hvm_memmap_table_entry *e;
  bool covered = false;
  uint32_t i;

  if (si->version < 1)
    return failf ("version %u has no memmap", si->version);
  if (si->memmap_entries == 0 || si->memmap_entries > 128 ||
      si->memmap_paddr >= MAPPED_LIMIT - 128 * sizeof *e)
    return failf ("memmap of %u entries at 0x%lx", si->memmap_entries,
                  (unsigned long) si->memmap_paddr);
  e = (const struct hvm_memmap_table_entry *) (uintptr_t) si->memmap_paddr;
  for (i = 0; i < si->memmap_entries; i++) {
    pr ("probe: e820 %016lx-%016lx type %u\n", (unsigned long) e[i].addr,
        (unsigned long) (e[i].addr + e[i].size), e[i].type);
    if (e[i].type == E820_RAM && e[i].addr <= 0x100000 &&
        e[i].size >= 0x1000000 - e[i].addr)
      covered = true;
  }
  if (!covered)
    return failf ("no RAM entry covers 1 MiB..16 MiB");
  return NULL;
}

static const char *cmdline_seen;   /* for mode words */

/* Whether the command line has the word WORD. */
static bool
cmdline_has (const char *word)
{
  size_t n = strlen (word);
  const char *p;

  for (p = cmdline_seen; p && *p; p++)
    if ((p == cmdline_seen || p[-1] == ' ') && memcmp (p, word, n) == 0 &&
        (p[n] == ' ' || p[n] == '\0'))
      return true;
  return false;
}

/* The number after KEY (e.g. "seed=") in a word of the command line,
 * or DFLT. */
static uint64_t
cmdline_number (const char *key, uint64_t dflt)
{
  size_t n = strlen (key);
  const char *p;
  uint64_t v;

  for (p = cmdline_seen; p && *p; p++)
    if ((p == cmdline_seen || p[-1] == ' ') && memcmp (p, key, n) == 0) {
      for (v = 0, p += n; *p >= '0' && *p <= '9'; p++)
        v = v * 10 + (uint64_t) (*p - '0');
      return v;
    }
  return dflt;
}

static const char *
step_start_info (uint64_t pa)
{
  const struct hvm_start_info *si;
  const char *cmdline;
  size_t n;

  if (pa == 0 || pa >= MAPPED_LIMIT - sizeof *si)
    return failf ("start_info address 0x%lx", (unsigned long) pa);
  si = (const struct hvm_start_info *) (uintptr_t) pa;
  if (si->magic != PVH_START_MAGIC)
    return failf ("magic 0x%x", si->magic);
  pr ("probe: start_info at 0x%lx version %u flags 0x%x modules %u\n",
      (unsigned long) pa, si->version, si->flags, si->nr_modules);
  if (si->cmdline_paddr == 0 ||
      si->cmdline_paddr >= MAPPED_LIMIT - BOOT_CMDLINE_MAX)
    return failf ("cmdline_paddr 0x%lx", (unsigned long) si->cmdline_paddr);
  cmdline = (const char *) (uintptr_t) si->cmdline_paddr;
  for (n = 0; n < BOOT_CMDLINE_MAX && cmdline[n]; n++)
    ;
  if (n == BOOT_CMDLINE_MAX)
    return failf ("cmdline not terminated");
  pr_quoted ("cmdline", (const uint8_t *) cmdline, n);
  cmdline_seen = cmdline;
  return check_memmap (si);
}

/*-- step 2: status port ----------------------------------------------------*/

static const char *
step_status_port (void)
{
  uint32_t magic = inl (STATUS_PORT);

  if (magic != STATUS_MAGIC)
    return failf ("read 0x%08x, expected 0x%08x", magic, STATUS_MAGIC);
  outl (STATUS_PORT, STATUS_READY);
  return NULL;
}

/*-- step 3: PCI ------------------------------------------------------------*/

struct pci_fn {
  const char *name;
  uint16_t device;              /* virtio PCI device id */
  uint16_t *io;                 /* where to store the BAR 0 base */
  bool present;
  unsigned slot;
};

static struct pci_fn pci_virtio[] = {
  { "blk", 0x1001, &virtio_blk_io },
  { "console", 0x1003, &virtio_con_io },
  { "rng", 0x1005, &virtio_rng_io },
};

static void
pci_select (unsigned slot, unsigned reg)
{
  outl (PCI_CONF_ADDR, 0x80000000u | slot << 11 | (reg & 0xFC));
}

static uint32_t
pci_read32 (unsigned slot, unsigned reg)
{
  pci_select (slot, reg);
  return inl (PCI_CONF_DATA);
}

static void
pci_write32 (unsigned slot, unsigned reg, uint32_t v)
{
  pci_select (slot, reg);
  outl (PCI_CONF_DATA, v);
}

static uint16_t
pci_read16 (unsigned slot, unsigned reg)
{
  pci_select (slot, reg);
  return inw (PCI_CONF_DATA + (reg & 2));
}

static void
pci_write16 (unsigned slot, unsigned reg, uint16_t v)
{
  pci_select (slot, reg);
  outw (PCI_CONF_DATA + (reg & 2), v);
}

static void
note_virtio (unsigned slot, uint16_t device)
{
  unsigned i;

  for (i = 0; i < 3; i++)
    if (pci_virtio[i].device == device && !pci_virtio[i].present) {
      pci_virtio[i].present = true;
      pci_virtio[i].slot = slot;
    }
}

/* Size BAR 0 of F as Linux does (decoding off meanwhile), restore it,
 * then enable I/O decoding. */
static const char *
pci_setup_bar0 (const struct pci_fn *f, bool size_it)
{
  const char *what = f->name;
  uint16_t cmd = pci_read16 (f->slot, 0x04);
  uint32_t bar = pci_read32 (f->slot, 0x10), probe, size;

  if (!(bar & 1) || (bar & 0xFFFC) == 0)
    return failf ("%s: BAR0 0x%08x is not an assigned I/O BAR", what, bar);
  if (size_it) {
    pci_write16 (f->slot, 0x04, cmd & ~1u);
    pci_write32 (f->slot, 0x10, 0xFFFFFFFF);
    probe = pci_read32 (f->slot, 0x10);
    pci_write32 (f->slot, 0x10, bar);
    size = probe & 0xFFFC;
    size &= -size;
    pr ("probe: %s BAR0 0x%08x sizing reads 0x%08x: %u ports\n", what,
        bar, probe, size);
    if (!(probe & 1) || size < 0x20)
      return failf ("%s: BAR0 sizing read 0x%08x", what, probe);
    if (pci_read32 (f->slot, 0x10) != bar)
      return failf ("%s: BAR0 not restored", what);
  }
  pci_write16 (f->slot, 0x04, cmd | 1);
  if (!(pci_read16 (f->slot, 0x04) & 1))
    return failf ("%s: I/O decoding did not stick", what);
  *f->io = (uint16_t) (bar & 0xFFFC);
  return NULL;
}

static const char *
pci_scan (void)
{
  unsigned slot, absent = 0;
  bool bridge = false;
  uint32_t id, class_code;

  for (slot = 0; slot < PCI_MAX_SLOTS; slot++) {
    id = pci_read32 (slot, 0x00);
    if ((id & 0xFFFF) == 0xFFFF) {
      if (id != 0xFFFFFFFF)
        return failf ("absent slot %u reads 0x%08x", slot, id);
      absent++;
      continue;
    }
    class_code = pci_read32 (slot, 0x08) >> 8;
    pr ("probe: pci 00:%02x.0 %04x:%04x class %06x\n", slot, id & 0xFFFF,
        id >> 16, class_code);
    if (slot == 0 && class_code >> 8 == 0x0600)
      bridge = true;
    if ((id & 0xFFFF) == VIRTIO_PCI_VENDOR)
      note_virtio (slot, (uint16_t) (id >> 16));
  }
  if (!bridge)
    return failf ("no host bridge (class 0600) at slot 0");
  if (absent == 0)
    return failf ("no absent slot to check");
  return NULL;
}

static const char *
step_pci (void)
{
  const char *why;
  unsigned i;

  /* Linux's pci_check_type1: 0xCF8 must read back a 32-bit write. */
  outl (PCI_CONF_ADDR, 0x80000000u);
  if (inl (PCI_CONF_ADDR) != 0x80000000u)
    return failf ("0xCF8 does not read back");
  if ((why = pci_scan ()) != NULL)
    return why;
  for (i = 0; i < 3; i++)
    if (pci_virtio[i].present &&
        (why = pci_setup_bar0 (&pci_virtio[i], i == 0)) != NULL)
      return why;
  for (i = 0; i < 3; i++)
    if (!pci_virtio[i].present)
      return failf ("no virtio-%s device", pci_virtio[i].name);
  return NULL;
}

/*-- main -------------------------------------------------------------------*/

static int failures;

static void
step (const char *name, const char *why)
{
  if (why) {
    pr ("probe: %s FAILED: %s\n", name, why);
    failures++;
  }
  else
    pr ("probe: %s ok\n", name);
}

int
probe_main (uint64_t start_info)
{
  pr ("probe: started\n");
  step ("start_info", step_start_info (start_info));
  /* "probe-idle": halt for ever with interrupts off, so the library's
   * deadlines and the VMM's heartbeat can be tested. */
  if (cmdline_has ("probe-idle")) {
    pr ("probe: idling\n");
    for (;;)
      __asm__ volatile ("cli; hlt");
  }
  step ("status_port", step_status_port ());
  step ("pci", step_pci ());
  /* "probe-crashwrite seed=S max=M": writes, flushes and acks until
   * killed (crashwrite.c). */
  if (cmdline_has ("probe-crashwrite"))
    return failures + crashwrite_run (cmdline_number ("seed=", 1),
                                      cmdline_number ("max=", 1u << 20));
  /* "probe-blkbench n=N [q=Q] [write]": N 4 KiB requests, Q in
   * flight (default 1), timed by the host (bench/vmm-io), which
   * gives the VMM no console: only the requests' result counts. */
  if (cmdline_has ("probe-blkbench"))
    return blkbench_run (cmdline_number ("n=", 1000),
                                    cmdline_has ("write"),
                                    cmdline_number ("q=", 1));
  step ("virtio-blk", step_virtio_blk ());
  step ("virtio-console", step_virtio_console ());
  step ("virtio-rng", step_virtio_rng ());
  if (failures)
    pr ("probe: FAIL %d\n", failures);
  else
    pr ("probe: PASS\n");
  return failures;
}

void
probe_exit (int code)
{
  outl (STATUS_PORT, STATUS_EXIT | ((uint32_t) code & 0xFF));
  for (;;)
    __asm__ volatile ("hlt");
}

void
probe_exception (const uint64_t *frame)
{
  uint64_t cr2;

  __asm__ volatile ("mov %%cr2, %0" : "=r" (cr2));
  pr ("probe: exception %lu error 0x%lx rip 0x%lx cr2 0x%lx\n",
      (unsigned long) frame[0], (unsigned long) frame[1],
      (unsigned long) frame[2], (unsigned long) cr2);
  pr ("probe: FAIL exception\n");
  probe_exit (0xEE);
}
