/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements guestfish's C<-d>/C<--domain> and
 * C<-c>/C<--connect> options: C<-d DOM> adds the disks of a libvirt
 * domain (by name or UUID), in command-line order with the C<-a>
 * images, and C<-c URI> chooses the libvirt connection every C<-d>
 * uses.  As in libguestfs, disks marked C<E<lt>readonly/E<gt>> in the
 * domain XML (CD-ROMs, usually) are always added read-only, and with
 * C<--ro> every disk is.
 */

#include <config.h>

#include <stdbool.h>
#include <stddef.h>

#include "fish.h"

/* -c URI, or NULL for libvirt's default. */
static const char *libvirt_uri;

/**
 * C<-c URI>: the libvirt URI of the following (and preceding) C<-d>
 * options; the last one given wins.  C<uri> must outlive the program
 * (it is an C<argv> string).
 */
void
fish_set_libvirt_uri (const char *uri)
{
  libvirt_uri = uri;
}

/**
 * Add the disks of libvirt domain C<dom> (a name or a UUID), read-only
 * with C<--ro>.  Returns 0, or -1 after the library printed the error.
 */
int
fish_add_domain (const char *dom)
{
  struct guestfs_add_domain_argv o = {
    .bitmask = GUESTFS_ADD_DOMAIN_ALLOWUUID_BITMASK |
               GUESTFS_ADD_DOMAIN_READONLYDISK_BITMASK,
    .allowuuid = 1, .readonlydisk = "read",
  };

  if (libvirt_uri) {
    o.bitmask |= GUESTFS_ADD_DOMAIN_LIBVIRTURI_BITMASK;
    o.libvirturi = libvirt_uri;
  }
  if (read_only) {
    o.bitmask |= GUESTFS_ADD_DOMAIN_READONLY_BITMASK;
    o.readonly = 1;
  }
  return guestfs_add_domain_argv (g, dom, &o) == -1 ? -1 : 0;
}
