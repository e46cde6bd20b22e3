/* guestkit — guest-physical RAM of the VMM.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements guest RAM: one anonymous host mapping whose
 * first C<low_size> bytes appear at guest physical 0 and whose
 * remainder (if RAM is larger than the 32-bit PCI hole start) appears
 * at C<GUEST_HIGH_START>.  C<guest_ptr> is the single checkpoint every
 * guest-physical range goes through: it translates a range only if it
 * lies entirely inside one of the two regions, using arithmetic that
 * cannot overflow whatever the guest supplies.  Nothing is ever
 * mapped in the hole.
 */

#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "vmm.h"

#define GUEST_MEM_ALIGN (UINT64_C(2) * 1024 * 1024)

int
guest_mem_init (struct guest_mem *m, uint64_t size)
{
  void *p;

  memset (m, 0, sizeof *m);
  if (size == 0 || size % GUEST_MEM_ALIGN != 0 || size > SIZE_MAX ||
      size > UINT64_MAX - GUEST_HIGH_START) {
    errno = EINVAL;
    return -1;
  }

  p = mmap (NULL, (size_t) size, PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    return -1;
#ifdef MADV_HUGEPAGE
  /* Only a hint: failure (no THP support) is harmless. */
  (void) madvise (p, (size_t) size, MADV_HUGEPAGE);
#endif

  m->host = p;
  m->size = size;
  m->low_size = size < GUEST_HOLE_START ? size : GUEST_HOLE_START;
  return 0;
}

void
guest_mem_free (struct guest_mem *m)
{
  if (m->host)
    munmap (m->host, (size_t) m->size);
  memset (m, 0, sizeof *m);
}

void
guest_mem_wrap (struct guest_mem *m, void *buf, uint64_t size)
{
  m->host = buf;
  m->size = size;
  m->low_size = size < GUEST_HOLE_START ? size : GUEST_HOLE_START;
}

/* [GPA, GPA+LEN) inside the region [START, START+RSIZE) whose first
 * byte is at HOST?  Written so that no sum can wrap. */
static void *
region_ptr (uint8_t *host, uint64_t start, uint64_t rsize,
            uint64_t gpa, uint64_t len)
{
  uint64_t off;

  if (gpa < start)
    return NULL;
  off = gpa - start;
  if (off > rsize || len > rsize - off)
    return NULL;
  return host + off;
}

void *
guest_ptr (const struct guest_mem *m, uint64_t gpa, uint64_t len)
{
  if (m->host == NULL)
    return NULL;
  if (gpa < GUEST_HIGH_START)  /* low RAM; the hole is refused here */
    return region_ptr (m->host, 0, m->low_size, gpa, len);
  if (m->size <= m->low_size)   /* no RAM above 4 GiB */
    return NULL;
  return region_ptr (m->host + m->low_size, GUEST_HIGH_START,
                     m->size - m->low_size, gpa, len);
}
