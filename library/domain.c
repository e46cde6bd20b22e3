/* guestkit — libguestfs-compatible library.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements C<guestfs_add_domain>: connect to libvirt
 * (read-only), find the domain by name or UUID, refuse a domain that
 * is not shut off unless everything is added read-only, read the
 * disks out of its XML (F<domain-xml.c>) and add them with
 * C<add_drive>, all of them or, on error, none.
 *
 * libvirt prints its errors on stderr unless an error function is
 * set, and a library must not print: so a silent one is installed
 * (libvirt only has a process-wide one for the connection's open) and
 * the messages go to the handle's error instead.
 *
 * Built without libvirt, C<add_domain> fails with a clear error.
 */

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_LIBVIRT
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#endif

#include "guestfs-internal.h"
#include "guestfs-internal-actions.h"
#include "domain.h"

#define NAME "add_domain"

/* What to do with a disk marked <readonly/> (readonlydisk). */
enum readonlydisk { RODISK_WRITE, RODISK_READ, RODISK_ERROR, RODISK_IGNORE };

/* The call's arguments, decoded. */
struct domain_args {
  const char *dom;
  bool readonly;
  enum readonlydisk rodisk;
  const struct guestfs_add_domain_argv *o;
};

static int
parse_readonlydisk (guestfs_h *g, const struct guestfs_add_domain_argv *o,
                    enum readonlydisk *r)
{
  static const char *const names[] = { "write", "read", "error", "ignore" };

  *r = RODISK_WRITE;
  if (!(o->bitmask & GUESTFS_ADD_DOMAIN_READONLYDISK_BITMASK))
    return 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp (o->readonlydisk, names[i]) == 0) {
      *r = (enum readonlydisk) i;
      return 0;
    }
  guestfs_int_error_errno (g, EINVAL, NAME ": readonlydisk '%s' must be "
                           "\"write\", \"read\", \"error\" or \"ignore\"",
                           o->readonlydisk);
  return -1;
}

#ifdef HAVE_LIBVIRT

static void
silent (void *opaque, virErrorPtr err)
{
  (void) opaque;
  (void) err;
}

/* libvirt's last error message on this thread. */
static const char *
last_error (void)
{
  virErrorPtr err = virGetLastError ();

  return err && err->message ? err->message : "unknown libvirt error";
}

static virConnectPtr
connect_libvirt (guestfs_h *g, const struct guestfs_add_domain_argv *o)
{
  const char *uri = (o->bitmask & GUESTFS_ADD_DOMAIN_LIBVIRTURI_BITMASK)
    ? o->libvirturi : NULL;
  virConnectPtr conn;

  virSetErrorFunc (NULL, silent);
  conn = virConnectOpenReadOnly (uri);
  if (conn == NULL) {
    error (g, NAME ": cannot connect to libvirt%s%s: %s",
           uri ? " at " : "", uri ? uri : "", last_error ());
    return NULL;
  }
  virConnSetErrorFunc (conn, NULL, silent);
  return conn;
}

/* The domain called DOM (or, with ALLOWUUID, whose UUID is DOM). */
static virDomainPtr
lookup (guestfs_h *g, virConnectPtr conn, const char *dom, bool allowuuid)
{
  virDomainPtr d = NULL;

  if (allowuuid)
    d = virDomainLookupByUUIDString (conn, dom);
  if (d == NULL)
    d = virDomainLookupByName (conn, dom);
  if (d == NULL)
    error (g, NAME ": no libvirt domain called '%s': %s", dom, last_error ());
  return d;
}

static int
check_shut_off (guestfs_h *g, virDomainPtr d, const char *dom)
{
  virDomainInfo info;

  if (virDomainGetInfo (d, &info) == -1) {
    error (g, NAME ": %s: cannot get the domain's state: %s",
           dom, last_error ());
    return -1;
  }
  if (info.state == VIR_DOMAIN_SHUTOFF)
    return 0;
  error (g, NAME ": %s: the domain is running (not shut off), and writing "
         "to a live guest's disks corrupts them: add them read-only "
         "(readonly:true, or guestfish --ro)", dom);
  return -1;
}

/* The path of each "volume" disk, from its storage pool. */
static int
resolve_volume (guestfs_h *g, virConnectPtr conn, const char *dom,
                struct domain_disk *d)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (conn, d->pool);
  virStorageVolPtr vol = pool ? virStorageVolLookupByName (pool, d->volume)
    : NULL;
  char *path = vol ? virStorageVolGetPath (vol) : NULL;

  if (path == NULL)
    error (g, NAME ": %s: disk %s: no volume '%s' in libvirt pool '%s': %s",
           dom, d->target, d->volume, d->pool, last_error ());
  else
    d->filename = safe_strdup (g, path);
  free (path);
  if (vol)
    virStorageVolFree (vol);
  if (pool)
    virStoragePoolFree (pool);
  return d->filename ? 0 : -1;
}

/* Add one disk.  Returns 1, 0 if it is skipped, or -1. */
static int
add_disk (guestfs_h *g, const struct domain_args *a,
          const struct domain_disk *d)
{
  const struct guestfs_add_domain_argv *in = a->o;
  struct guestfs_add_drive_opts_argv o = {
    .bitmask = GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK |
               GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK,
    .readonly = a->readonly, .format = d->format,
  };

  if (d->readonly && a->rodisk == RODISK_IGNORE)
    return 0;
  if (d->readonly && a->rodisk == RODISK_ERROR && !a->readonly) {
    error (g, NAME ": %s: disk %s is marked <readonly/> in the domain XML, "
           "and readonlydisk is \"error\"", a->dom, d->target);
    return -1;
  }
  if (d->readonly && a->rodisk == RODISK_READ)
    o.readonly = 1;
  if (in->bitmask & GUESTFS_ADD_DOMAIN_IFACE_BITMASK) {
    o.bitmask |= GUESTFS_ADD_DRIVE_OPTS_IFACE_BITMASK;
    o.iface = in->iface;
  }
  if (in->bitmask & GUESTFS_ADD_DOMAIN_CACHEMODE_BITMASK) {
    o.bitmask |= GUESTFS_ADD_DRIVE_OPTS_CACHEMODE_BITMASK;
    o.cachemode = in->cachemode;
  }
  if (in->bitmask & GUESTFS_ADD_DOMAIN_DISCARD_BITMASK) {
    o.bitmask |= GUESTFS_ADD_DRIVE_OPTS_DISCARD_BITMASK;
    o.discard = in->discard;
  }
  if (in->bitmask & GUESTFS_ADD_DOMAIN_COPYONREAD_BITMASK) {
    o.bitmask |= GUESTFS_ADD_DRIVE_OPTS_COPYONREAD_BITMASK;
    o.copyonread = in->copyonread;
  }
  if (d->blocksize) {
    o.bitmask |= GUESTFS_ADD_DRIVE_OPTS_BLOCKSIZE_BITMASK;
    o.blocksize = d->blocksize;
  }
  return guestfs_add_drive_opts_argv (g, d->filename, &o) == -1 ? -1 : 1;
}

/* Add the N disks, all or none.  Returns how many were added, or -1. */
static int
add_disks (guestfs_h *g, const struct domain_args *a,
           const struct domain_disk *disks, size_t n)
{
  size_t checkpoint = g->nr_drives;
  int added = 0, r;

  for (size_t i = 0; i < n; i++) {
    r = add_disk (g, a, &disks[i]);
    if (r == -1) {
      guestfs_int_rollback_drives (g, checkpoint);
      return -1;
    }
    added += r;
  }
  if (added == 0)
    error (g, NAME ": %s: libvirt domain has no disks%s", a->dom,
           n > 0 ? " that are not <readonly/> (readonlydisk is \"ignore\")"
           : "");
  return added > 0 ? added : -1;
}

/* Read the disks out of domain D's XML and add them. */
static int
add_from_xml (guestfs_h *g, const struct domain_args *a, virConnectPtr conn,
              virDomainPtr d)
{
  CLEANUP_FREE char *xml = virDomainGetXMLDesc (d, 0);
  struct domain_disk *disks = NULL;
  ssize_t n;
  int r = -1;

  if (xml == NULL) {
    error (g, NAME ": %s: cannot get the domain XML: %s",
           a->dom, last_error ());
    return -1;
  }
  n = guestfs_int_parse_domain_xml (g, a->dom, xml, strlen (xml), &disks);
  if (n == -1)
    return -1;
  for (ssize_t i = 0; i < n; i++)
    if (disks[i].volume && resolve_volume (g, conn, a->dom, &disks[i]) == -1)
      goto out;
  r = add_disks (g, a, disks, n);
 out:
  guestfs_int_free_domain_disks (disks, n);
  return r;
}

static int
add_domain (guestfs_h *g, const struct domain_args *a)
{
  virConnectPtr conn = connect_libvirt (g, a->o);
  virDomainPtr d;
  int r = -1;

  if (conn == NULL)
    return -1;
  d = lookup (g, conn, a->dom,
              (a->o->bitmask & GUESTFS_ADD_DOMAIN_ALLOWUUID_BITMASK) &&
              a->o->allowuuid);
  if (d == NULL)
    goto err_conn;
  if (a->readonly || check_shut_off (g, d, a->dom) == 0)
    r = add_from_xml (g, a, conn, d);
  virDomainFree (d);
 err_conn:
  virConnectClose (conn);
  return r;
}

#else /* !HAVE_LIBVIRT */

static int
add_domain (guestfs_h *g, const struct domain_args *a)
{
  guestfs_int_error_errno (g, ENOTSUP, NAME ": %s: guestkit was built "
                           "without libvirt, so it cannot add the disks of "
                           "libvirt domains", a->dom);
  return -1;
}

#endif /* !HAVE_LIBVIRT */

int
guestfs_impl_add_domain (guestfs_h *g, const char *dom,
                         const struct guestfs_add_domain_argv *o)
{
  struct domain_args a = {
    .dom = dom, .o = o,
    .readonly = (o->bitmask & GUESTFS_ADD_DOMAIN_READONLY_BITMASK) &&
                o->readonly,
  };

  if (parse_readonlydisk (g, o, &a.rodisk) == -1)
    return -1;
  return add_domain (g, &a);
}
