/* guestkit — unit tests of the VMM's kernel loader and PVH boot data.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file tests F<library/vmm/x86/elf.c> and F<x86/pvh.c> without
 * KVM: a synthetic ELF with a PVH note is loaded into guest memory and
 * every damaged variant must fail with a message; the start info and
 * memory map are checked field by field; and, if the appliance has
 * been built, the real kernel is loaded too.
 */

#include <config.h>

#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm.h"
#include "../tap.h"

#define RAM (32u << 20)
#define LOAD_ADDR 0x100000
#define ENTRY 0x100040

/* A minimal ELF: header, PT_LOAD (64 bytes of 0x5A, memsz 128) at
 * LOAD_ADDR, PT_NOTE with an unrelated note then the Xen one. */
struct image {
  Elf64_Ehdr eh;
  Elf64_Phdr ph[2];
  uint8_t notes[64];
  uint8_t text[64];
};

static size_t
put_note (uint8_t *p, const char *name, uint32_t type, uint64_t desc,
          uint32_t descsz)
{
  Elf64_Nhdr nh = { .n_namesz = strlen (name) + 1, .n_descsz = descsz,
                    .n_type = type };
  size_t name_sz = (nh.n_namesz + 3) & ~3u;

  memcpy (p, &nh, sizeof nh);
  memcpy (p + sizeof nh, name, nh.n_namesz);
  memcpy (p + sizeof nh + name_sz, &desc, descsz);
  return sizeof nh + name_sz + ((descsz + 3) & ~3u);
}

static void
make_image (struct image *im, uint32_t descsz)
{
  size_t n;

  memset (im, 0, sizeof *im);
  memcpy (im->eh.e_ident, ELFMAG, SELFMAG);
  im->eh.e_ident[EI_CLASS] = ELFCLASS64;
  im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
  im->eh.e_type = ET_EXEC;
  im->eh.e_machine = EM_X86_64;
  im->eh.e_phoff = offsetof (struct image, ph);
  im->eh.e_phentsize = sizeof (Elf64_Phdr);
  im->eh.e_phnum = 2;
  n = put_note (im->notes, "GNU", 3, 0x1234, 4);
  n += put_note (im->notes + n, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, ENTRY, descsz);
  im->ph[0] = (Elf64_Phdr) {
    .p_type = PT_LOAD, .p_offset = offsetof (struct image, text),
    .p_paddr = LOAD_ADDR, .p_filesz = 64, .p_memsz = 128,
  };
  im->ph[1] = (Elf64_Phdr) {
    .p_type = PT_NOTE, .p_offset = offsetof (struct image, notes),
    .p_filesz = n,
  };
  memset (im->text, 0x5A, sizeof im->text);
}

static int
load (const struct guest_mem *m, const struct image *im, size_t len,
      uint64_t *entry, const char **err)
{
  uint64_t end;

  *err = NULL;
  return elf_load_pvh (m, (const uint8_t *) im, len, entry, &end, err);
}

static void
test_elf_good (const struct guest_mem *m)
{
  struct image im;
  uint64_t entry = 0, end = 0;
  const char *err = NULL;
  uint8_t *p = m->host + LOAD_ADDR;

  make_image (&im, 4);
  memset (p, 0xEE, 256);
  ok (elf_load_pvh (m, (uint8_t *) &im, sizeof im, &entry, &end, &err) == 0,
      "a good ELF loads");
  ok (entry == ENTRY, "the PVH entry comes from the Xen note");
  ok (end == LOAD_ADDR + 128, "the end is the segment's memsz");
  ok (p[0] == 0x5A && p[63] == 0x5A, "file bytes copied");
  ok (p[64] == 0 && p[127] == 0, "bss zeroed");
  ok (p[128] == 0xEE, "nothing written past memsz");
  make_image (&im, 8);
  entry = 0;
  ok (load (m, &im, sizeof im, &entry, &err) == 0 && entry == ENTRY,
      "an 8-byte note (as in vmlinux) works");
}

static void
expect_fail (const struct guest_mem *m, const struct image *im, size_t len,
             const char *what)
{
  uint64_t entry;
  const char *err;
  char buf[160];

  snprintf (buf, sizeof buf, "rejected: %s", what);
  ok (load (m, im, len, &entry, &err) == -1 && err && *err, buf);
}

static void
test_elf_bad (const struct guest_mem *m)
{
  struct image im;

  make_image (&im, 4); im.eh.e_ident[1] = 'X';
  expect_fail (m, &im, sizeof im, "bad magic");
  make_image (&im, 4); im.eh.e_ident[EI_CLASS] = ELFCLASS32;
  expect_fail (m, &im, sizeof im, "32-bit class");
  make_image (&im, 4); im.eh.e_machine = EM_AARCH64;
  expect_fail (m, &im, sizeof im, "wrong machine");
  make_image (&im, 4);
  expect_fail (m, &im, 10, "truncated header");
  make_image (&im, 4);
  expect_fail (m, &im, offsetof (struct image, ph) + 8, "truncated phdrs");
  make_image (&im, 4); im.eh.e_phoff = UINT64_MAX - 8;
  expect_fail (m, &im, sizeof im, "phoff overflow");
  make_image (&im, 4); im.eh.e_phnum = 60000;
  expect_fail (m, &im, sizeof im, "absurd phnum");
  make_image (&im, 4); im.ph[0].p_offset = sizeof im;
  expect_fail (m, &im, sizeof im, "segment past end of file");
  make_image (&im, 4); im.ph[0].p_filesz = UINT64_MAX;
  expect_fail (m, &im, sizeof im, "segment size overflow");
  make_image (&im, 4); im.ph[0].p_filesz = 200;
  expect_fail (m, &im, sizeof im, "filesz > memsz");
  make_image (&im, 4); im.ph[0].p_paddr = 0x6000;
  expect_fail (m, &im, sizeof im, "segment over the boot data");
  make_image (&im, 4); im.ph[0].p_paddr = RAM - 64;
  expect_fail (m, &im, sizeof im, "segment past end of RAM");
  make_image (&im, 4); im.ph[0].p_paddr = UINT64_MAX - 16;
  expect_fail (m, &im, sizeof im, "segment address overflow");
  make_image (&im, 4); im.eh.e_phnum = 1;
  expect_fail (m, &im, sizeof im, "no PVH note");
  make_image (&im, 4);
  ((Elf64_Nhdr *) im.notes)->n_namesz = 0xFFFFFFF0;
  expect_fail (m, &im, sizeof im, "note with a huge name size");
  make_image (&im, 4); im.ph[0].p_type = PT_NULL;
  expect_fail (m, &im, sizeof im, "no loadable segment");
}

static void
test_memmap (void)
{
  struct guest_mem m = { .host = NULL, .size = 768u << 20,
                         .low_size = 768u << 20 };
  struct hvm_memmap_table_entry t[8];
  unsigned n = pvh_memmap (&m, t, 8);

  ok (n == 3, "768 MiB: three map entries");
  ok (t[0].addr == 0 && t[0].size == BIOS_AREA_START && t[0].type == E820_RAM,
      "low 640 KiB is RAM");
  ok (t[1].addr == BIOS_AREA_START && t[1].addr + t[1].size == 0x100000 &&
      t[1].type == E820_RESERVED, "the BIOS area is reserved");
  ok (t[2].addr == 0x100000 && t[2].addr + t[2].size == (768u << 20) &&
      t[2].type == E820_RAM, "RAM from 1 MiB to the end");
  m.size = UINT64_C(4) << 30;
  m.low_size = GUEST_HOLE_START;
  n = pvh_memmap (&m, t, 8);
  ok (n == 4 && t[3].addr == GUEST_HIGH_START &&
      t[3].size == (UINT64_C(4) << 30) - GUEST_HOLE_START,
      "4 GiB: the rest above 4 GiB, nothing in the PCI hole");
  ok (pvh_memmap (&m, t, 2) == 2, "the table bound is respected");
}

static void
test_start_info (const struct guest_mem *m)
{
  const char *err = NULL;
  struct hvm_start_info *si = (void *) (m->host + BOOT_START_INFO_ADDR);
  struct hvm_modlist_entry *mod = (void *) (m->host + BOOT_MODLIST_ADDR);
  struct hvm_memmap_table_entry *map = (void *) (m->host + BOOT_MEMMAP_ADDR);
  char *big = malloc (BOOT_CMDLINE_MAX + 1);

  ok (pvh_write_start_info (m, "console=ttyS0 quiet", 0x1000000, 4096,
                            &err) == 0, "start info written");
  ok (si->magic == PVH_START_MAGIC && si->version == 1, "magic and version");
  ok (si->cmdline_paddr == BOOT_CMDLINE_ADDR &&
      strcmp ((char *) m->host + BOOT_CMDLINE_ADDR, "console=ttyS0 quiet") == 0,
      "command line");
  ok (si->nr_modules == 1 && si->modlist_paddr == BOOT_MODLIST_ADDR &&
      mod->paddr == 0x1000000 && mod->size == 4096, "initrd as module 0");
  ok (si->memmap_paddr == BOOT_MEMMAP_ADDR && si->memmap_entries == 3 &&
      map[2].addr == 0x100000, "memory map");
  ok (pvh_write_start_info (m, "x", 0, 0, &err) == 0 && si->nr_modules == 0,
      "no initrd, no module");
  memset (big, 'a', BOOT_CMDLINE_MAX);
  big[BOOT_CMDLINE_MAX] = '\0';
  ok (pvh_write_start_info (m, big, 0, 0, &err) == -1 && err,
      "an overlong command line is refused");
  free (big);
}

/* A synthetic bzImage: setup header, one setup sector, then a 4 KiB
 * protected-mode part of 0x77. */
#define BZ_LEN (2 * 512 + 4096)
static uint8_t bz_img[BZ_LEN];

static void
make_bzimage (void)
{
  memset (bz_img, 0, sizeof bz_img);
  bz_img[0x1f1] = 1;                        /* setup_sects */
  le_put (bz_img + 0x1fe, 0xAA55, 2);
  bz_img[0x200] = 0xEB;
  bz_img[0x201] = 0x6A;
  memcpy (bz_img + 0x202, "HdrS", 4);
  le_put (bz_img + 0x206, 0x020F, 2);
  le_put (bz_img + 0x22c, 0x7FFFFFFF, 4);   /* initrd_addr_max */
  le_put (bz_img + 0x230, 0x200000, 4);     /* kernel_alignment */
  bz_img[0x234] = 1;                        /* relocatable */
  le_put (bz_img + 0x236, 1, 2);            /* XLF_KERNEL_64 */
  le_put (bz_img + 0x238, 0x7FF, 4);        /* cmdline_size */
  le_put (bz_img + 0x258, 0x1000000, 8);    /* pref_address */
  le_put (bz_img + 0x260, 0x10000, 4);      /* init_size */
  memset (bz_img + 1024, 0x77, 4096);
}

static void
test_bzimage_load (const struct guest_mem *m)
{
  struct guest_mem big;
  struct bzimage bz;
  const char *err = NULL;
  uint8_t *zp;

  make_bzimage ();
  ok (bzimage_detect (bz_img, BZ_LEN), "bzImage detected");
  ok (guest_mem_init (&big, 64u << 20) == 0, "64 MiB of guest RAM");
  ok (bzimage_load (&big, bz_img, BZ_LEN, &bz, &err) == 0 &&
      bz.load_addr == 0x1000000 && bz.entry == 0x1000200 &&
      bz.end == 0x1000000 + 0x10000, "loaded at pref_address, entry +0x200");
  ok (big.host[0x1000000] == 0x77 && big.host[0x1000FFF] == 0x77,
      "protected-mode part copied");
  ok (bzimage_write_zero_page (&big, &bz, "console=ttyS0", 0x2000000, 8192,
                               &err) == 0, "zero page written");
  zp = big.host + BOOT_ZERO_PAGE_ADDR;
  ok (memcmp (zp + 0x202, "HdrS", 4) == 0 && zp[0x1f1] == 1,
      "setup header copied");
  ok (zp[0x210] == 0xFF && (zp[0x211] & 0x81) == 0x81 &&
      le_get (zp + 0x224, 2) == 0xFE00, "loader type, loadflags, heap end");
  ok (le_get (zp + 0x228, 4) == BOOT_CMDLINE_ADDR &&
      strcmp ((char *) big.host + BOOT_CMDLINE_ADDR, "console=ttyS0") == 0,
      "command line pointer");
  ok (le_get (zp + 0x218, 4) == 0x2000000 && le_get (zp + 0x21c, 4) == 8192,
      "initrd address and size");
  ok (zp[0x1e8] == 3 && le_get (zp + 0x2d0 + 40, 8) == 0x100000 &&
      le_get (zp + 0x2d0 + 48, 8) == (64u << 20) - 0x100000 &&
      le_get (zp + 0x2d0 + 56, 4) == E820_RAM, "E820 table");
  ok (bzimage_write_zero_page (&big, &bz, "x", UINT64_C(0x80000000), 4096,
                               &err) == -1, "initrd above initrd_addr_max refused");
  guest_mem_free (&big);
  (void) m;
}

static void
test_bzimage_bad (const struct guest_mem *m)
{
  struct bzimage bz;
  const char *err;
  char *cl = malloc (0x900);

  make_bzimage (); le_put (bz_img + 0x206, 0x020B, 2);
  ok (bzimage_load (m, bz_img, BZ_LEN, &bz, &err) == -1,
      "rejected: boot protocol older than 2.12");
  make_bzimage (); le_put (bz_img + 0x236, 0, 2);
  ok (bzimage_load (m, bz_img, BZ_LEN, &bz, &err) == -1,
      "rejected: no 64-bit entry");
  make_bzimage (); bz_img[0x1f1] = 200;
  ok (bzimage_load (m, bz_img, BZ_LEN, &bz, &err) == -1,
      "rejected: setup sectors past the end of the file");
  make_bzimage (); bz_img[0x201] = 0xF0;
  ok (bzimage_load (m, bz_img, BZ_LEN, &bz, &err) == -1,
      "rejected: setup header longer than we know");
  make_bzimage (); le_put (bz_img + 0x260, 0xFFFFFFFF, 4);
  ok (bzimage_load (m, bz_img, BZ_LEN, &bz, &err) == -1,
      "rejected: init_size beyond guest RAM");
  make_bzimage (); bz_img[0x234] = 0; le_put (bz_img + 0x258, 0x200000, 8);
  ok (bzimage_load (m, bz_img, BZ_LEN, &bz, &err) == 0 &&
      bz.load_addr == 0x200000, "non-relocatable: loaded at pref_address");
  memset (cl, 'a', 0x900);
  cl[0x8FF] = '\0';
  ok (bzimage_write_zero_page (m, &bz, cl, 0, 0, &err) == -1,
      "rejected: command line longer than cmdline_size");
  free (cl);
}

/* The appliance's real vmlinux, when it has been built. */
static void
test_real_kernel (void)
{
  const char *dir = getenv ("GUESTKIT_TOP_BUILDDIR");
  char path[4096];
  struct guest_mem m;
  struct stat st;
  uint64_t entry = 0, end = 0;
  const char *err = NULL;
  void *img;
  int fd;

  snprintf (path, sizeof path, "%s/appliance/output/kernel", dir ? dir : ".");
  fd = open (path, O_RDONLY);
  if (fd == -1 || fstat (fd, &st) == -1) {
    printf ("ok %d - # SKIP no appliance kernel at %s\n", ++test_nr, path);
    if (fd >= 0)
      close (fd);
    return;
  }
  img = mmap (NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  ok (img != MAP_FAILED && guest_mem_init (&m, 256u << 20) == 0 &&
      elf_load_pvh (&m, img, st.st_size, &entry, &end, &err) == 0 &&
      entry >= 0x1000000 && entry < end, "the appliance kernel loads");
  if (err)
    printf ("# %s\n", err);
  guest_mem_free (&m);
  munmap (img, st.st_size);
  close (fd);
}

int
main (void)
{
  struct guest_mem m;
  void *buf = calloc (1, RAM);

  guest_mem_wrap (&m, buf, RAM);
  test_elf_good (&m);
  test_elf_bad (&m);
  test_memmap ();
  test_start_info (&m);
  test_bzimage_load (&m);
  test_bzimage_bad (&m);
  test_real_kernel ();
  free (buf);
  return tap_done ();
}
