/* guestkit — libguestfs-compatible library.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the reading of a libvirt domain's XML for
 * C<add_domain>: the list of its disks, each with its source, format,
 * C<E<lt>readonly/E<gt>> flag and logical block size.
 *
 * The XML comes from libvirt, possibly a remote one, and is not
 * trusted.  Before libxml2 sees it, it must be under
 * C<DOMAIN_XML_MAX> bytes, hold no NUL byte and carry no document
 * type declaration: libvirt never writes one, and without a DTD there
 * are no entities to load from files or the network or to expand
 * (billion laughs).  The parser runs with C<XML_PARSE_NONET>, without
 * C<XML_PARSE_NOENT> or C<XML_PARSE_DTDLOAD>, forced to UTF-8 (so
 * that the DTD check cannot be dodged with another encoding), and
 * with its error printing off.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "guestfs-internal.h"
#include "domain.h"

#define NAME "add_domain"

static bool
is_element (xmlNodePtr n, const char *name)
{
  return n->type == XML_ELEMENT_NODE && xmlStrEqual (n->name, BAD_CAST name);
}

/* The first child element of PARENT called NAME, or NULL. */
static xmlNodePtr
child (xmlNodePtr parent, const char *name)
{
  for (xmlNodePtr n = parent->children; n; n = n->next)
    if (is_element (n, name))
      return n;
  return NULL;
}

/* The attribute ATTR of NODE (may be NULL) as a string the caller
 * frees, or NULL when there is none. */
static char *
attr (guestfs_h *g, xmlNodePtr node, const char *name)
{
  xmlChar *v = node ? xmlGetNoNsProp (node, BAD_CAST name) : NULL;
  char *r;

  if (v == NULL)
    return NULL;
  r = safe_strdup (g, (const char *) v);
  xmlFree (v);
  return r;
}

static void
free_disk (struct domain_disk *d)
{
  free (d->target);
  free (d->filename);
  free (d->pool);
  free (d->volume);
}

/**
 * Free a list of N disks from C<guestfs_int_parse_domain_xml>.
 */
void
guestfs_int_free_domain_disks (struct domain_disk *disks, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free_disk (&disks[i]);
  free (disks);
}

/* Where the disk's image is.  Returns 1, 0 to skip the disk (no source
 * or a type we do not know), or -1 after an error. */
static int
disk_source (guestfs_h *g, const char *dom, xmlNodePtr node,
             struct domain_disk *d)
{
  CLEANUP_FREE char *type = attr (g, node, "type");
  xmlNodePtr source = child (node, "source");

  if (type == NULL)
    return 0;
  if (strcmp (type, "file") == 0)
    d->filename = attr (g, source, "file");
  else if (strcmp (type, "block") == 0)
    d->filename = attr (g, source, "dev");
  else if (strcmp (type, "volume") == 0) {
    d->pool = attr (g, source, "pool");
    d->volume = attr (g, source, "volume");
    return d->pool && *d->pool && d->volume && *d->volume;
  }
  else if (strcmp (type, "network") == 0) {
    guestfs_int_error_errno (g, ENOTSUP, NAME ": %s: disk %s: network disks "
                             "are not supported (only local files and "
                             "devices)", dom, d->target);
    return -1;
  }
  else {
    debug (g, NAME ": %s: disk %s: skipping disk of type '%s'",
           dom, d->target, type);
    return 0;
  }
  return d->filename && *d->filename;
}

/* The <driver type=...> format: missing means raw, as for libvirt. */
static int
disk_format (guestfs_h *g, const char *dom, xmlNodePtr node,
             struct domain_disk *d)
{
  CLEANUP_FREE char *type = attr (g, child (node, "driver"), "type");

  if (type == NULL || strcmp (type, "raw") == 0)
    d->format = "raw";
  else if (strcmp (type, "qcow2") == 0)
    d->format = "qcow2";
  else {
    guestfs_int_error_errno (g, ENOTSUP, NAME ": %s: disk %s: format '%.32s' "
                             "is not supported (only raw and qcow2)",
                             dom, d->target, type);
    return -1;
  }
  return 0;
}

static int
disk_blocksize (guestfs_h *g, const char *dom, xmlNodePtr node,
                struct domain_disk *d)
{
  CLEANUP_FREE char *lbs = attr (g, child (node, "blockio"),
                                 "logical_block_size");

  if (lbs == NULL)
    return 0;
  if (strcmp (lbs, "512") == 0 || strcmp (lbs, "4096") == 0) {
    d->blocksize = atoi (lbs);
    return 0;
  }
  guestfs_int_error_errno (g, EINVAL, NAME ": %s: disk %s: logical block "
                           "size '%.32s' is not supported (512 or 4096)",
                           dom, d->target, lbs);
  return -1;
}

/* Read the <disk> NODE, the INDEXth (from 0).  Returns 1 and fills D,
 * 0 to skip it, or -1 after an error; D is to be freed in all cases. */
static int
parse_disk (guestfs_h *g, const char *dom, xmlNodePtr node, size_t index,
            struct domain_disk *d)
{
  int r;

  d->target = attr (g, child (node, "target"), "dev");
  if (d->target == NULL || *d->target == '\0' || strlen (d->target) > 32) {
    free (d->target);
    d->target = safe_asprintf (g, "#%zu", index + 1);
  }
  r = disk_source (g, dom, node, d);
  if (r <= 0) {
    if (r == 0)
      debug (g, NAME ": %s: disk %s has no source: skipped", dom, d->target);
    return r;
  }
  if (disk_format (g, dom, node, d) == -1 ||
      disk_blocksize (g, dom, node, d) == -1)
    return -1;
  d->readonly = child (node, "readonly") != NULL;
  return 1;
}

/* The disks of every <devices> of the <domain> ROOT, appended to
 * *DISKS.  Returns their number, or -1 with *DISKS freed. */
static ssize_t
parse_devices (guestfs_h *g, const char *dom, xmlNodePtr root,
               struct domain_disk **disks)
{
  size_t n = 0, index = 0;

  for (xmlNodePtr devs = root->children; devs; devs = devs->next) {
    if (!is_element (devs, "devices"))
      continue;
    for (xmlNodePtr node = devs->children; node; node = node->next) {
      struct domain_disk d = { 0 };
      int r;

      if (!is_element (node, "disk"))
        continue;
      r = parse_disk (g, dom, node, index++, &d);
      if (r == 1 && n >= MAX_DRIVES) {
        error (g, NAME ": %s: the domain has more than %d disks",
               dom, MAX_DRIVES);
        r = -1;
      }
      if (r != 1) {
        free_disk (&d);
        if (r == -1)
          goto error;
        continue;
      }
      *disks = safe_realloc (g, *disks, (n + 1) * sizeof **disks);
      (*disks)[n++] = d;
    }
  }
  return n;

 error:
  guestfs_int_free_domain_disks (*disks, n);
  *disks = NULL;
  return -1;
}

static int
refuse_dtd (guestfs_h *g, const char *dom)
{
  guestfs_int_error_errno (g, EINVAL, NAME ": %s: the domain XML has a "
                           "document type declaration (DTD): refused",
                           dom);
  return -1;
}

/* Checks on the raw text, before any parsing. */
static int
check_text (guestfs_h *g, const char *dom, const char *xml, size_t len)
{
  if (len > DOMAIN_XML_MAX) {
    guestfs_int_error_errno (g, EFBIG, NAME ": %s: the domain XML is too "
                             "big (%zu bytes; the limit is %d)",
                             dom, len, DOMAIN_XML_MAX);
    return -1;
  }
  if (memchr (xml, '\0', len) != NULL) {
    guestfs_int_error_errno (g, EINVAL, NAME ": %s: the domain XML "
                             "contains a NUL byte", dom);
    return -1;
  }
  if (memmem (xml, len, "<!DOCTYPE", 9) != NULL)
    return refuse_dtd (g, dom);
  return 0;
}

static xmlDocPtr
read_xml (guestfs_h *g, const char *dom, const char *xml, size_t len)
{
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR |
    XML_PARSE_NOWARNING;
  xmlDocPtr doc;
  const xmlError *err;

  if (check_text (g, dom, xml, len) == -1)
    return NULL;
  xmlResetLastError ();
  doc = xmlReadMemory (xml, (int) len, NULL, "UTF-8", options);
  if (doc == NULL) {
    err = xmlGetLastError ();
    guestfs_int_error_errno (g, EINVAL, NAME ": %s: cannot parse the domain "
                             "XML: line %d: %.*s", dom, err ? err->line : 0,
                             err && err->message ?
                             (int) strcspn (err->message, "\n") : 7,
                             err && err->message ? err->message : "unknown");
    return NULL;
  }
  if (doc->intSubset || doc->extSubset) {
    xmlFreeDoc (doc);
    refuse_dtd (g, dom);
    return NULL;
  }
  return doc;
}

/**
 * Read the disks out of the XML of domain C<dom> (C<len> bytes, not
 * trusted; C<dom> only names it in messages).  Disks without a source
 * and of unknown types are skipped; network disks and formats other
 * than raw and qcow2 are errors.  On success, C<*disks_rtn> (NULL when
 * there are none) is the caller's, to free with
 * C<guestfs_int_free_domain_disks>, and the number of disks is
 * returned.  On error, returns -1 after setting the handle's error.
 */
ssize_t
guestfs_int_parse_domain_xml (guestfs_h *g, const char *dom,
                              const char *xml, size_t len,
                              struct domain_disk **disks_rtn)
{
  xmlDocPtr doc = read_xml (g, dom, xml, len);
  xmlNodePtr root;
  struct domain_disk *disks = NULL;
  ssize_t n = -1;

  *disks_rtn = NULL;
  if (doc == NULL)
    return -1;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || !is_element (root, "domain"))
    guestfs_int_error_errno (g, EINVAL, NAME ": %s: the XML is not a "
                             "libvirt domain (no <domain> root element)",
                             dom);
  else
    n = parse_devices (g, dom, root, &disks);
  xmlFreeDoc (doc);
  *disks_rtn = disks;
  return n;
}
