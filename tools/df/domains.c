/* guestkit — virt-df: free space on the filesystems of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the list of guests virt-df looks at when no
 * C<-a> or C<-d> is given: every libvirt domain of the C<-c>
 * connection, running or not, sorted by name, each with its UUID.
 * Built without libvirt it says so.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_LIBVIRT
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#endif

#include "df.h"

#ifdef HAVE_LIBVIRT

/* libvirt's messages are printed by us, not by libvirt. */
static void
quiet (void *data, virErrorPtr err)
{
  (void) data;
  (void) err;
}

static int
compare_names (const void *a, const void *b)
{
  const struct df_guest *x = a, *y = b;

  return strcmp (x->name, y->name);
}

/* Fill GUEST from DOM.  0, or -1 (out of memory). */
static int
guest_of_domain (virDomainPtr dom, struct df_guest *guest)
{
  char uuid[VIR_UUID_STRING_BUFLEN];
  const char *name = virDomainGetName (dom);

  *guest = (struct df_guest) {
    .name = strdup (name ? name : ""),
    .uuid = virDomainGetUUIDString (dom, uuid) == 0 ? strdup (uuid) : NULL,
  };
  return guest->name == NULL ? -1 : 0;
}

static int
list_all (virConnectPtr conn, struct df_guest **guests, size_t *nr)
{
  virDomainPtr *doms = NULL;
  int n = virConnectListAllDomains (conn, &doms, 0);
  int r = 0;

  if (n < 0) {
    fprintf (stderr, "virt-df: could not list the libvirt domains: %s\n",
             virGetLastErrorMessage ());
    return -1;
  }
  *guests = calloc (n > 0 ? (size_t) n : 1, sizeof **guests);
  for (int i = 0; i < n; i++) {
    if (*guests && r == 0 && guest_of_domain (doms[i], &(*guests)[i]) == 0)
      *nr = (size_t) i + 1;
    else
      r = -1;
    virDomainFree (doms[i]);
  }
  free (doms);
  if (*guests == NULL || r == -1)
    fprintf (stderr, "virt-df: out of memory\n");
  return *guests == NULL ? -1 : r;
}

/**
 * Set C<*guests> (malloc'd, C<*nr_guests> long) to the domains of the
 * libvirt connection C<uri> (NULL: libvirt's default), sorted by
 * name.  0, or -1 after a message.
 */
int
df_list_domains (const char *uri, struct df_guest **guests,
                 size_t *nr_guests)
{
  virConnectPtr conn;
  int r;

  *guests = NULL;
  *nr_guests = 0;
  virSetErrorFunc (NULL, quiet);
  conn = virConnectOpenReadOnly (uri);
  if (conn == NULL) {
    fprintf (stderr, "virt-df: could not connect to libvirt%s%s: %s\n",
             uri ? " at " : "", uri ? uri : "", virGetLastErrorMessage ());
    return -1;
  }
  r = list_all (conn, guests, nr_guests);
  virConnectClose (conn);
  if (r == 0)
    qsort (*guests, *nr_guests, sizeof **guests, compare_names);
  return r;
}

#else

int
df_list_domains (const char *uri, struct df_guest **guests,
                 size_t *nr_guests)
{
  (void) uri;
  *guests = NULL;
  *nr_guests = 0;
  fprintf (stderr, "virt-df: compiled without support for libvirt: "
           "give the disks with -a\n");
  return -1;
}

#endif
