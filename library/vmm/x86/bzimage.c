/* guestkit — the fallback kernel entry: a bzImage and a zero page.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the x86 64-bit boot protocol (Linux's
 * F<Documentation/arch/x86/boot.rst>) for kernels that have no PVH
 * note: the protected-mode part of a bzImage is copied to its load
 * address, and a zero page (C<struct boot_params>) carries the setup
 * header, the command line pointer, the initrd and the E820 map.  The
 * vCPU then enters at load address + 0x200 in long mode with identity
 * page tables (see F<x86/cpu.c>), RSI pointing at the zero page.
 *
 * Every header field is checked against the file and guest RAM before
 * it is used.
 */

#include <config.h>

#include <string.h>

#include "vmm.h"

/* Offsets in the zero page (struct boot_params) and setup header. */
#define BP_E820_ENTRIES 0x1e8
#define BP_HDR 0x1f1
#define HDR_SETUP_SECTS 0x1f1
#define HDR_VID_MODE 0x1fa
#define HDR_BOOT_FLAG 0x1fe
#define HDR_JUMP 0x200
#define HDR_MAGIC 0x202
#define HDR_VERSION 0x206
#define HDR_TYPE_OF_LOADER 0x210
#define HDR_LOADFLAGS 0x211
#define HDR_RAMDISK_IMAGE 0x218
#define HDR_RAMDISK_SIZE 0x21c
#define HDR_HEAP_END_PTR 0x224
#define HDR_CMD_LINE_PTR 0x228
#define HDR_INITRD_ADDR_MAX 0x22c
#define HDR_KERNEL_ALIGNMENT 0x230
#define HDR_RELOCATABLE 0x234
#define HDR_XLOADFLAGS 0x236
#define HDR_CMDLINE_SIZE 0x238
#define HDR_PREF_ADDRESS 0x258
#define HDR_INIT_SIZE 0x260
#define BP_E820_TABLE 0x2d0
#define BP_E820_MAX 128
#define XLF_KERNEL_64 1
#define LOADED_HIGH 0x01
#define CAN_USE_HEAP 0x80
#define MIN_LOAD_ADDR 0x1000000   /* 16 MiB, as for the PVH vmlinux */

bool
bzimage_detect (const uint8_t *image, size_t len)
{
  return len > HDR_MAGIC + 4 && memcmp (image + HDR_MAGIC, "HdrS", 4) == 0 &&
    le_get (image + HDR_BOOT_FLAG, 2) == 0xAA55;
}

static int
check_header (const uint8_t *image, size_t len, struct bzimage *bz,
              const char **err)
{
  unsigned sects = image[HDR_SETUP_SECTS] ? image[HDR_SETUP_SECTS] : 4;

  if (!bzimage_detect (image, len) || len < 0x1000) {
    *err = "not a bzImage";
    return -1;
  }
  if (le_get (image + HDR_VERSION, 2) < 0x020c ||
      !(le_get (image + HDR_XLOADFLAGS, 2) & XLF_KERNEL_64)) {
    *err = "the bzImage has no 64-bit entry (boot protocol 2.12+ needed)";
    return -1;
  }
  bz->hdr_len = HDR_MAGIC + image[HDR_JUMP + 1] - BP_HDR;
  if (image[HDR_JUMP] != 0xEB || bz->hdr_len > sizeof bz->hdr ||
      BP_HDR + bz->hdr_len > len) {
    *err = "the bzImage setup header is damaged";
    return -1;
  }
  memcpy (bz->hdr, image + BP_HDR, bz->hdr_len);
  bz->pm_offset = (uint64_t) (sects + 1) * 512;
  if (bz->pm_offset >= len) {
    *err = "the bzImage is truncated";
    return -1;
  }
  return 0;
}

/* Where the protected-mode kernel goes. */
static uint64_t
load_address (const uint8_t *image)
{
  uint64_t pref = le_get (image + HDR_PREF_ADDRESS, 8);
  uint64_t align = le_get (image + HDR_KERNEL_ALIGNMENT, 4);

  if (!image[HDR_RELOCATABLE])
    return pref ? pref : 0x100000;
  if (align == 0 || (align & (align - 1)))
    align = 0x200000;
  if (pref < MIN_LOAD_ADDR)
    pref = MIN_LOAD_ADDR;
  return (pref + align - 1) & ~(align - 1);
}

int
bzimage_load (const struct guest_mem *m, const uint8_t *image, size_t len,
              struct bzimage *bz, const char **err)
{
  uint64_t pm_size, span, init_size;
  uint8_t *dst;

  memset (bz, 0, sizeof *bz);
  if (check_header (image, len, bz, err) == -1)
    return -1;
  pm_size = len - bz->pm_offset;
  init_size = le_get (image + HDR_INIT_SIZE, 4);
  span = init_size > pm_size ? init_size : pm_size;
  bz->load_addr = load_address (image);
  if (bz->load_addr < 0x100000 ||
      !(dst = guest_ptr (m, bz->load_addr, span))) {
    *err = "the kernel does not fit in guest memory (raise memsize)";
    return -1;
  }
  memcpy (dst, image + bz->pm_offset, pm_size);
  bz->entry = bz->load_addr + 0x200;
  bz->end = bz->load_addr + span;
  bz->initrd_max = le_get (image + HDR_INITRD_ADDR_MAX, 4);
  bz->cmdline_size = le_get (image + HDR_CMDLINE_SIZE, 4);
  return 0;
}

static void
write_e820 (const struct guest_mem *m, uint8_t *zp)
{
  struct hvm_memmap_table_entry t[8];
  unsigned n = pvh_memmap (m, t, 8), i;

  for (i = 0; i < n && i < BP_E820_MAX; i++) {
    uint8_t *e = zp + BP_E820_TABLE + i * 20;

    le_put (e, t[i].addr, 8);
    le_put (e + 8, t[i].size, 8);
    le_put (e + 16, t[i].type, 4);
  }
  zp[BP_E820_ENTRIES] = i;
}

int
bzimage_write_zero_page (const struct guest_mem *m, const struct bzimage *bz,
                         const char *cmdline, uint64_t initrd_gpa,
                         uint64_t initrd_size, const char **err)
{
  uint8_t *zp = guest_ptr (m, BOOT_ZERO_PAGE_ADDR, GUEST_PAGE_SIZE);
  char *cl = guest_ptr (m, BOOT_CMDLINE_ADDR, BOOT_CMDLINE_MAX);
  size_t cl_len = strlen (cmdline);

  if (!zp || !cl) {
    *err = "guest memory is too small for the boot data";
    return -1;
  }
  if (cl_len >= BOOT_CMDLINE_MAX ||
      (bz->cmdline_size && cl_len > bz->cmdline_size)) {
    *err = "the kernel command line is too long";
    return -1;
  }
  if (initrd_size &&
      (initrd_gpa + initrd_size - 1 > bz->initrd_max ||
       initrd_gpa > UINT32_MAX || initrd_size > UINT32_MAX)) {
    *err = "the initrd lies above the kernel's initrd_addr_max";
    return -1;
  }
  memcpy (cl, cmdline, cl_len + 1);
  memset (zp, 0, GUEST_PAGE_SIZE);
  memcpy (zp + BP_HDR, bz->hdr, bz->hdr_len);
  le_put (zp + HDR_VID_MODE, 0xFFFF, 2);                /* "normal" */
  zp[HDR_TYPE_OF_LOADER] = 0xFF;                         /* undefined */
  zp[HDR_LOADFLAGS] |= LOADED_HIGH | CAN_USE_HEAP;
  le_put (zp + HDR_HEAP_END_PTR, 0xFE00, 2);
  le_put (zp + HDR_CMD_LINE_PTR, BOOT_CMDLINE_ADDR, 4);
  le_put (zp + HDR_RAMDISK_IMAGE, initrd_gpa, 4);
  le_put (zp + HDR_RAMDISK_SIZE, initrd_size, 4);
  write_e820 (m, zp);
  return 0;
}
