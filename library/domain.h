/* guestkit — libguestfs-compatible library.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file declares the interface between F<domain.c> (talking to
 * libvirt) and F<domain-xml.c> (reading the disks out of a domain's
 * XML, which needs no libvirt).
 */

#ifndef GUESTKIT_DOMAIN_H
#define GUESTKIT_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "guestfs-internal.h"

/* The biggest domain XML accepted, in bytes. */
#define DOMAIN_XML_MAX (16 * 1024 * 1024)

/* One disk of a domain, as its XML describes it. */
struct domain_disk {
  char *target;       /* <target dev=...>, or "#N" (N from 1) */
  char *filename;     /* source file or device; NULL for a volume */
  char *pool, *volume;          /* type "volume": resolved by libvirt */
  const char *format;           /* "raw" or "qcow2" (static) */
  bool readonly;                /* <readonly/> */
  int blocksize;                /* <blockio logical_block_size>, or 0 */
};

/* Parse the domain XML (LEN bytes, not trusted) of domain NAME into a
 * list of disks; *DISKS_RTN is for the caller to free with
 * guestfs_int_free_domain_disks.  Returns the number of disks (maybe
 * 0), or -1 after setting the handle's error. */
ssize_t guestfs_int_parse_domain_xml (guestfs_h *g, const char *name,
                                      const char *xml, size_t len,
                                      struct domain_disk **disks_rtn);
void guestfs_int_free_domain_disks (struct domain_disk *disks, size_t n);

#endif /* GUESTKIT_DOMAIN_H */
