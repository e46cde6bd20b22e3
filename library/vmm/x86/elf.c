/* guestkit — loading an ELF kernel for a PVH entry.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the kernel loader.  The appliance build
 * extracts C<vmlinux> from Debian's bzImage; it is an ELF64 executable
 * whose C<PT_LOAD> segments carry physical load addresses and whose
 * C<PT_NOTE> segment holds the Xen note C<XEN_ELFNOTE_PHYS32_ENTRY>:
 * the 32-bit entry point of the PVH boot path.  The probe payload of
 * the tests uses the same layout.
 *
 * The image is a host file handed to us by the library, but we still
 * check every offset and size in it: a truncated or damaged file must
 * give an error, not a crash.
 */

#include <config.h>

#include <elf.h>
#include <stdint.h>
#include <string.h>

#include "vmm.h"

#define MAX_PHDRS 64
#define LOW_LIMIT 0x100000      /* segments must not touch the boot data */

/* [OFF, OFF+LEN) inside [0, SIZE)? */
static int
in_file (uint64_t off, uint64_t len, size_t size)
{
  return off <= size && len <= size - off;
}

static int
check_header (const Elf64_Ehdr *eh, size_t len, const char **err)
{
  if (len < sizeof *eh || memcmp (eh->e_ident, ELFMAG, SELFMAG) != 0) {
    *err = "not an ELF file (a vmlinux with a PVH note is needed)";
    return -1;
  }
  if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
      eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64 ||
      eh->e_type != ET_EXEC) {
    *err = "not an x86-64 ELF executable";
    return -1;
  }
  if (eh->e_phentsize != sizeof (Elf64_Phdr) || eh->e_phnum == 0 ||
      eh->e_phnum > MAX_PHDRS ||
      !in_file (eh->e_phoff, (uint64_t) eh->e_phnum * sizeof (Elf64_Phdr),
                len)) {
    *err = "ELF program headers are missing or damaged";
    return -1;
  }
  return 0;
}

/* Look through one PT_NOTE segment for the PVH entry note. */
static int
find_pvh_note (const uint8_t *p, uint64_t size, uint64_t *entry)
{
  uint64_t off = 0;

  while (size - off >= sizeof (Elf64_Nhdr)) {
    Elf64_Nhdr nh;
    uint64_t name_sz, desc_sz;

    memcpy (&nh, p + off, sizeof nh);
    off += sizeof nh;
    name_sz = ((uint64_t) nh.n_namesz + 3) & ~UINT64_C(3);
    desc_sz = ((uint64_t) nh.n_descsz + 3) & ~UINT64_C(3);
    if (name_sz > size - off || desc_sz > size - off - name_sz)
      return 0;
    if (nh.n_type == XEN_ELFNOTE_PHYS32_ENTRY && nh.n_namesz == 4 &&
        memcmp (p + off, "Xen", 4) == 0 &&
        (nh.n_descsz == 4 || nh.n_descsz == 8)) {
      *entry = le_get (p + off + name_sz, nh.n_descsz) & 0xFFFFFFFF;
      return 1;
    }
    off += name_sz + desc_sz;
  }
  return 0;
}

static int
load_segment (const struct guest_mem *m, const Elf64_Phdr *ph,
              const uint8_t *image, size_t len, uint64_t *end,
              const char **err)
{
  uint8_t *dst;

  if (!in_file (ph->p_offset, ph->p_filesz, len) ||
      ph->p_filesz > ph->p_memsz) {
    *err = "an ELF segment lies outside the file (truncated kernel?)";
    return -1;
  }
  if (ph->p_paddr < LOW_LIMIT) {
    *err = "an ELF segment overlaps the boot data below 1 MiB";
    return -1;
  }
  dst = guest_ptr (m, ph->p_paddr, ph->p_memsz);
  if (!dst) {
    *err = "the kernel does not fit in guest memory (raise memsize)";
    return -1;
  }
  memcpy (dst, image + ph->p_offset, ph->p_filesz);
  memset (dst + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
  if (ph->p_paddr + ph->p_memsz > *end)
    *end = ph->p_paddr + ph->p_memsz;
  return 0;
}

int
elf_load_pvh (const struct guest_mem *m, const uint8_t *image, size_t len,
              uint64_t *entry, uint64_t *end, const char **err)
{
  const Elf64_Ehdr *eh = (const Elf64_Ehdr *) image;
  Elf64_Phdr ph;
  bool have_entry = false;
  unsigned i;

  *end = 0;
  if (check_header (eh, len, err) == -1)
    return -1;
  for (i = 0; i < eh->e_phnum; i++) {
    memcpy (&ph, image + eh->e_phoff + i * sizeof ph, sizeof ph);
    if (ph.p_type == PT_LOAD && ph.p_memsz > 0 &&
        load_segment (m, &ph, image, len, end, err) == -1)
      return -1;
    if (ph.p_type == PT_NOTE && !have_entry &&
        in_file (ph.p_offset, ph.p_filesz, len))
      have_entry = find_pvh_note (image + ph.p_offset, ph.p_filesz, entry);
  }
  if (!have_entry) {
    *err = "the kernel has no PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY); "
      "CONFIG_PVH=y is needed";
    return -1;
  }
  if (*end == 0) {
    *err = "the kernel has no loadable segments";
    return -1;
  }
  return 0;
}
