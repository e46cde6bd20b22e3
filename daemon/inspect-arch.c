/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the architecture of a Linux root, as
 * libguestfs finds it: libmagic describes a system binary of the guest
 * ("ELF 64-bit LSB pie executable, x86-64, ..."), and the machine named
 * in that description is turned into libguestfs's spelling (C<x86_64>,
 * C<i386>, C<aarch64>, C<ppc64le> ...).  The binary is read through an
 * fd resolved inside the guest filesystem; libmagic is told not to
 * decompress, and only regular files are given to it.
 */

#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <magic.h>

#include "daemon.h"
#include "inspect.h"

/* Machine names in libmagic's ELF descriptions, most specific first;
 * BITS 0 matches any word size, ENDIAN 'L'/'M' (LSB/MSB) or 0 any. */
static const struct {
  const char *machine;
  int bits;
  char endian;
  const char *arch;
} machines[] = {
  { "Intel 80386", 0, 0, "i386" }, { "Intel i386", 0, 0, "i386" },
  { "Intel 80486", 0, 0, "i386" }, { "x86-64", 0, 0, "x86_64" },
  { "ARM aarch64", 0, 0, "aarch64" }, { "ARM", 0, 0, "arm" },
  { "64-bit PowerPC", 0, 'L', "ppc64le" }, { "64-bit PowerPC", 0, 0, "ppc64" },
  { "PowerPC", 0, 0, "ppc" }, { "SPARC V9", 0, 0, "sparc64" },
  { "SPARC", 0, 0, "sparc" }, { "IA-64", 0, 0, "ia64" },
  { "IBM S/390", 32, 0, "s390" }, { "IBM S/390", 64, 0, "s390x" },
  { "RISC-V", 32, 0, "riscv32" }, { "RISC-V", 64, 0, "riscv64" },
  { "LoongArch", 64, 0, "loongarch64" }, { "MIPS", 32, 0, "mips" },
  { "MIPS", 64, 0, "mips64" },
};

/* The architecture named by the libmagic description DESC of an ELF
 * file (static), or NULL. */
static const char *
arch_of_description (const char *desc)
{
  int bits;
  char endian[4], *field, *end;
  const char *comma;

  if (sscanf (desc, "ELF %d-bit %3s", &bits, endian) != 2 ||
      (comma = strchr (desc, ',')) == NULL)
    return NULL;
  /* The machine is the second comma-separated field. */
  field = strndup (comma + 1, strcspn (comma + 1, ","));
  if (field == NULL)
    return NULL;
  end = field + strspn (field, " ");
  for (size_t i = 0; i < sizeof machines / sizeof machines[0]; i++)
    if (strstr (end, machines[i].machine) &&
        (machines[i].bits == 0 || machines[i].bits == bits) &&
        (machines[i].endian == 0 || machines[i].endian == endian[0])) {
      free (field);
      return machines[i].arch;
    }
  free (field);
  return NULL;
}

/* libmagic's description of the open regular file FD, malloc'd, or
 * NULL. */
static char *
describe (int fd)
{
  magic_t m = magic_open (MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS |
                          MAGIC_NO_CHECK_TAR | MAGIC_NO_CHECK_ENCODING);
  const char *desc;
  char *ret = NULL;

  if (m == NULL)
    return NULL;
  if (magic_load (m, NULL) == 0 && (desc = magic_descriptor (m, fd)) != NULL)
    ret = strdup (desc);
  magic_close (m);
  return ret;
}

/**
 * The architecture of the binary C<path> of C<fs> as libmagic tells
 * it (a static string in libguestfs's spelling), or NULL if it is not
 * an ELF file of a known machine.
 */
const char *
insp_magic_arch (const struct insp_fs *fs, const char *path)
{
  CLEANUP_CLOSE int fd = insp_open (fs, path, O_RDONLY | O_NONBLOCK);
  CLEANUP_FREE char *desc = NULL;
  struct stat st;

  if (fd == -1 || fstat (fd, &st) == -1 || !S_ISREG (st.st_mode))
    return NULL;
  desc = describe (fd);
  if (verbose && desc)
    fprintf (stderr, "inspect: %s: %s\n", path, desc);
  return desc ? arch_of_description (desc) : NULL;
}
