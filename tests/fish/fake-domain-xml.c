/* guestkit — tests: a stand-in for libvirt's virDomainGetXMLDesc.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a shared object that tests load with
 * LD_PRELOAD so that C<add_domain> reads hand-made (hostile) domain
 * XML: libvirt itself only ever returns XML it wrote.  Every other
 * libvirt call still goes to the real library (its test driver).
 *
 * virDomainGetXMLDesc returns the bytes of the file named by
 * C<$GUESTKIT_TEST_DOMAIN_XML> (NUL-terminated; the caller frees it),
 * or NULL if it cannot be read.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>

char *virDomainGetXMLDesc (void *dom, unsigned int flags);

char *
virDomainGetXMLDesc (void *dom, unsigned int flags)
{
  const char *path = getenv ("GUESTKIT_TEST_DOMAIN_XML");
  FILE *fp = path ? fopen (path, "rb") : NULL;
  char *buf = NULL;
  size_t n = 0, cap = 0;
  int c;

  (void) dom;
  (void) flags;
  if (fp == NULL)
    return NULL;
  while ((c = getc (fp)) != EOF) {
    if (n + 2 > cap) {
      char *p = realloc (buf, cap = cap * 2 + 4096);
      if (p == NULL) {
        free (buf);
        fclose (fp);
        return NULL;
      }
      buf = p;
    }
    buf[n++] = (char) c;
  }
  fclose (fp);
  if (buf == NULL)
    buf = calloc (1, 1);
  else
    buf[n] = '\0';
  return buf;
}
