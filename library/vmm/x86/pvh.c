/* guestkit — the PVH start-of-day data.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements what a PVH kernel finds in memory at entry
 * (EBX points at it): C<struct hvm_start_info> with the command line,
 * the E820-style memory map and the module list, whose entry 0 is the
 * initrd.  All of it lives at fixed addresses below 1 MiB (see
 * F<vmm.h>), in a range the memory map reports as RAM that the kernel
 * reserves for itself early.
 */

#include <config.h>

#include <string.h>

#include "vmm.h"

#define MEMMAP_MAX 128

unsigned
pvh_memmap (const struct guest_mem *m, struct hvm_memmap_table_entry *t,
            unsigned max)
{
  struct hvm_memmap_table_entry e[4];
  unsigned n = 0, i;

  e[n++] = (struct hvm_memmap_table_entry)
    { .addr = 0, .size = BIOS_AREA_START, .type = E820_RAM };
  e[n++] = (struct hvm_memmap_table_entry)
    { .addr = BIOS_AREA_START, .size = 0x100000 - BIOS_AREA_START,
      .type = E820_RESERVED };
  if (m->low_size > 0x100000)
    e[n++] = (struct hvm_memmap_table_entry)
      { .addr = 0x100000, .size = m->low_size - 0x100000, .type = E820_RAM };
  if (m->size > m->low_size)
    e[n++] = (struct hvm_memmap_table_entry)
      { .addr = GUEST_HIGH_START, .size = m->size - m->low_size,
        .type = E820_RAM };
  for (i = 0; i < n && i < max; i++)
    t[i] = e[i];
  return i;
}

int
pvh_write_start_info (const struct guest_mem *m, const char *cmdline,
                      uint64_t initrd_gpa, uint64_t initrd_size,
                      const char **err)
{
  struct hvm_start_info *si;
  struct hvm_modlist_entry *mod;
  struct hvm_memmap_table_entry *map;
  char *cl;
  size_t cl_len = strlen (cmdline);

  if (cl_len >= BOOT_CMDLINE_MAX) {
    *err = "the kernel command line is too long";
    return -1;
  }
  si = guest_ptr (m, BOOT_START_INFO_ADDR, sizeof *si);
  mod = guest_ptr (m, BOOT_MODLIST_ADDR, sizeof *mod);
  map = guest_ptr (m, BOOT_MEMMAP_ADDR, MEMMAP_MAX * sizeof *map);
  cl = guest_ptr (m, BOOT_CMDLINE_ADDR, BOOT_CMDLINE_MAX);
  if (!si || !mod || !map || !cl) {
    *err = "guest memory is too small for the boot data";
    return -1;
  }
  memcpy (cl, cmdline, cl_len + 1);
  memset (si, 0, sizeof *si);
  si->magic = PVH_START_MAGIC;
  si->version = 1;
  si->cmdline_paddr = BOOT_CMDLINE_ADDR;
  si->memmap_paddr = BOOT_MEMMAP_ADDR;
  si->memmap_entries = pvh_memmap (m, map, MEMMAP_MAX);
  if (initrd_size > 0) {
    memset (mod, 0, sizeof *mod);
    mod->paddr = initrd_gpa;
    mod->size = initrd_size;
    si->nr_modules = 1;
    si->modlist_paddr = BOOT_MODLIST_ADDR;
  }
  return 0;
}
