/* guestkit — fuzz target: the libvirt domain XML loader.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a fuzz target for F<library/domain-xml.c> (test
 * plan #21): the input is a domain's XML as libvirt would hand it over.
 * What must hold: no crash or sanitizer report; a failure sets an
 * error; every disk returned has a target, a format of "raw" or
 * "qcow2" and either a file name or a pool and volume; and libxml2
 * never tries to load anything (external entities, DTDs, XIncludes):
 * an input callback registered here aborts on any attempt, file or
 * network.
 *
 * The real F<domain-xml.c> runs against a bare handle; this file
 * supplies the library functions it calls.
 */

#include <config.h>

#include "fuzz.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlIO.h>

#include "domain.h"

static int error_set;

void
guestfs_int_error_errno (guestfs_h *g, int errnum, const char *fs, ...)
{
  va_list args;
  char buf[512];

  va_start (args, fs);
  vsnprintf (buf, sizeof buf, fs, args);
  va_end (args);
  error_set = 1;
}

void *
guestfs_int_safe_calloc (guestfs_h *g, size_t n, size_t s)
{
  void *p = calloc (n ? n : 1, s ? s : 1);

  if (p == NULL)
    abort ();
  return p;
}

void *
guestfs_int_safe_realloc (guestfs_h *g, void *p, size_t n)
{
  p = realloc (p, n ? n : 1);
  if (p == NULL)
    abort ();
  return p;
}

char *
guestfs_int_safe_strdup (guestfs_h *g, const char *s)
{
  char *p = strdup (s);

  if (p == NULL)
    abort ();
  return p;
}

char *
guestfs_int_safe_asprintf (guestfs_h *g, const char *fs, ...)
{
  va_list args;
  char *s;

  va_start (args, fs);
  if (vasprintf (&s, fs, args) == -1)
    abort ();
  va_end (args);
  return s;
}

void
guestfs_int_debug (guestfs_h *g, const char *fs, ...)
{
  va_list args;
  char buf[512];

  va_start (args, fs);
  vsnprintf (buf, sizeof buf, fs, args);
  va_end (args);
}

/* libxml2 asks this before opening any external resource. */
static int
no_loading (const char *uri)
{
  fprintf (stderr, "fuzz-domain-xml: libxml2 tried to load %s\n", uri);
  abort ();
}

static void *
never_open (const char *uri)
{
  return NULL;
}

static void
check_disk (const struct domain_disk *d)
{
  if (d->target == NULL || d->format == NULL ||
      (strcmp (d->format, "raw") != 0 && strcmp (d->format, "qcow2") != 0) ||
      (d->filename == NULL && (d->pool == NULL || d->volume == NULL)) ||
      d->blocksize < 0)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static guestfs_h g;
  static int registered;
  struct domain_disk *disks = NULL;
  ssize_t n, i;

  if (!registered) {
    registered = 1;
    xmlRegisterInputCallbacks (no_loading, never_open, NULL, NULL);
  }
  error_set = 0;
  n = guestfs_int_parse_domain_xml (&g, "fuzz", (const char *) data, size,
                                    &disks);
  if (n == -1 && (!error_set || disks != NULL))
    abort ();
  for (i = 0; i < n; i++)
    check_disk (&disks[i]);
  guestfs_int_free_domain_disks (disks, n > 0 ? n : 0);
  return 0;
}
