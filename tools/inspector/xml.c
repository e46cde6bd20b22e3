/* guestkit — virt-inspector: report the operating systems of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-inspector's XML, written with libxml2's
 * xmlTextWriter and indented two spaces as libguestfs's is (see
 * F<virt-inspector.rng> for its grammar), and C<--xpath>, which runs
 * a query on such a document read from standard input.  Guest strings
 * are made valid UTF-8 without the control characters XML forbids
 * before they are written.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlsave.h>
#include <libxml/xmlwriter.h>
#include <libxml/xpath.h>

#include "inspector.h"
#include "jsonw.h"

#define W(x) BAD_CAST (x)

/* Write <NAME>S</NAME>; S NULL writes nothing.  -1 on error. */
static int
element (xmlTextWriterPtr w, const char *name, const char *s)
{
  char *safe;
  int r;

  if (s == NULL)
    return 0;
  safe = utf8_sanitize (s, true);
  r = safe ? xmlTextWriterWriteElement (w, W (name), W (safe)) : -1;
  free (safe);
  return r < 0 ? -1 : 0;
}

/* Write <NAME ATTR="A">S</NAME>. */
static int
element_attr (xmlTextWriterPtr w, const char *name, const char *attr,
              const char *a, const char *s)
{
  char *sa = utf8_sanitize (a, true), *ss = utf8_sanitize (s, true);
  int r = -1;

  if (sa && ss && xmlTextWriterStartElement (w, W (name)) >= 0 &&
      xmlTextWriterWriteAttribute (w, W (attr), W (sa)) >= 0 &&
      xmlTextWriterWriteString (w, W (ss)) >= 0 &&
      xmlTextWriterEndElement (w) >= 0)
    r = 0;
  free (sa);
  free (ss);
  return r;
}

/* <LIST><ITEM ATTR="pair[1]">pair[0]</ITEM>...</LIST> (mountpoints),
 * or, when DRIVES, <LIST><ITEM ATTR="pair[0]">pair[1]</ITEM>...</LIST>
 * and nothing at all for an empty list. */
static int
pairs (xmlTextWriterPtr w, const char *list, const char *item,
       const char *attr, char **v, bool drives)
{
  bool optional = drives;

  if (v == NULL || (optional && v[0] == NULL))
    return 0;
  if (xmlTextWriterStartElement (w, W (list)) < 0)
    return -1;
  for (size_t i = 0; v[i] != NULL && v[i + 1] != NULL; i += 2)
    if (element_attr (w, item, attr, v[i + !drives], v[i + drives]) == -1)
      return -1;
  return xmlTextWriterEndElement (w) < 0 ? -1 : 0;
}

static int
filesystems (xmlTextWriterPtr w, const struct insp_os *os)
{
  if (xmlTextWriterStartElement (w, W ("filesystems")) < 0)
    return -1;
  for (size_t i = 0; i < os->nr_fs; ++i) {
    const struct insp_fs *fs = &os->fs[i];
    char *dev = utf8_sanitize (fs->dev, true);
    int r = dev ? 0 : -1;

    if (r == 0 && (xmlTextWriterStartElement (w, W ("filesystem")) < 0 ||
                   xmlTextWriterWriteAttribute (w, W ("dev"), W (dev)) < 0))
      r = -1;
    free (dev);
    if (r == -1 || element (w, "type", fs->type) == -1 ||
        element (w, "label", fs->label) == -1 ||
        element (w, "uuid", fs->uuid) == -1 ||
        xmlTextWriterEndElement (w) < 0)
      return -1;
  }
  return xmlTextWriterEndElement (w) < 0 ? -1 : 0;
}

#ifdef GUESTFS_HAVE_INSPECT_LIST_APPLICATIONS2
/* An element only when S is not empty. */
static int
nonempty (xmlTextWriterPtr w, const char *name, const char *s)
{
  return s && s[0] ? element (w, name, s) : 0;
}

static int
application (xmlTextWriterPtr w, const struct guestfs_application2 *a)
{
  char epoch[16];

  snprintf (epoch, sizeof epoch, "%d", a->app2_epoch);
  if (xmlTextWriterStartElement (w, W ("application")) < 0 ||
      element (w, "name", a->app2_name) == -1 ||
      nonempty (w, "display_name", a->app2_display_name) == -1 ||
      (a->app2_epoch != 0 && element (w, "epoch", epoch) == -1) ||
      nonempty (w, "version", a->app2_version) == -1 ||
      nonempty (w, "release", a->app2_release) == -1 ||
      nonempty (w, "arch", a->app2_arch) == -1 ||
      nonempty (w, "install_path", a->app2_install_path) == -1 ||
      nonempty (w, "publisher", a->app2_publisher) == -1 ||
      nonempty (w, "url", a->app2_url) == -1 ||
      nonempty (w, "source_package", a->app2_source_package) == -1 ||
      nonempty (w, "summary", a->app2_summary) == -1 ||
      nonempty (w, "description", a->app2_description) == -1)
    return -1;
  return xmlTextWriterEndElement (w) < 0 ? -1 : 0;
}
#endif

static int
applications (xmlTextWriterPtr w, const struct insp_os *os)
{
#ifdef GUESTFS_HAVE_INSPECT_LIST_APPLICATIONS2
  if (!os->have_apps)
    return 0;
  if (xmlTextWriterStartElement (w, W ("applications")) < 0)
    return -1;
  for (uint32_t i = 0; i < os->apps->len; ++i)
    if (application (w, &os->apps->val[i]) == -1)
      return -1;
  return xmlTextWriterEndElement (w) < 0 ? -1 : 0;
#else
  (void) w;
  (void) os;
  return 0;
#endif
}

static int
operatingsystem (xmlTextWriterPtr w, const struct insp_os *os)
{
  if (xmlTextWriterStartElement (w, W ("operatingsystem")) < 0 ||
      element (w, "root", os->root) == -1)
    return -1;
  for (int p = 0; p < NR_PROPS; ++p)
    if (element (w, insp_prop_names[p], os->props[p]) == -1)
      return -1;
  if (pairs (w, "mountpoints", "mountpoint", "dev", os->mountpoints,
             false) == -1 ||
      filesystems (w, os) == -1 ||
      pairs (w, "drive_mappings", "drive_mapping", "name", os->drives,
             true) == -1 ||
      applications (w, os) == -1)
    return -1;
  if (os->icon_size > 0 &&
      (xmlTextWriterStartElement (w, W ("icon")) < 0 ||
       xmlTextWriterWriteBase64 (w, os->icon, 0, (int) os->icon_size) < 0 ||
       xmlTextWriterEndElement (w) < 0))
    return -1;
  return xmlTextWriterEndElement (w) < 0 ? -1 : 0;
}

/** Write the document of the N roots C<oses> to stdout.  0 or -1. */
int
insp_write_xml (const struct insp_os *oses, size_t n)
{
  xmlOutputBufferPtr out = xmlOutputBufferCreateFd (STDOUT_FILENO, NULL);
  xmlTextWriterPtr w;
  int r = -1;

  if (out == NULL)
    return -1;
  w = xmlNewTextWriter (out);   /* owns OUT from here */
  if (w == NULL) {
    xmlOutputBufferClose (out);
    return -1;
  }
  if (xmlTextWriterSetIndent (w, 1) >= 0 &&
      xmlTextWriterSetIndentString (w, W ("  ")) >= 0 &&
      xmlTextWriterStartDocument (w, NULL, NULL, NULL) >= 0 &&
      xmlTextWriterStartElement (w, W ("operatingsystems")) >= 0) {
    r = 0;
    for (size_t i = 0; i < n && r == 0; ++i)
      r = operatingsystem (w, &oses[i]);
    if (r == 0 && xmlTextWriterEndDocument (w) < 0)
      r = -1;
  }
  xmlFreeTextWriter (w);
  return r;
}

/* Print each node of SET as its own small document. */
static int
print_nodes (xmlNodeSetPtr set)
{
  xmlSaveCtxtPtr save;
  int r = 0;

  if (set == NULL)
    return 0;
  save = xmlSaveToFd (STDOUT_FILENO, NULL,
                      XML_SAVE_NO_DECL | XML_SAVE_FORMAT);
  if (save == NULL)
    return -1;
  for (int i = 0; i < set->nodeNr && r == 0; ++i) {
    xmlDocPtr doc = xmlNewDoc (W ("1.0"));
    xmlNodePtr node = doc ? xmlDocCopyNode (set->nodeTab[i], doc, 1) : NULL;

    if (node == NULL)
      r = -1;
    else {
      xmlDocSetRootElement (doc, node);
      r = xmlSaveDoc (save, doc) == -1 ? -1 : 0;
    }
    xmlFreeDoc (doc);
  }
  return xmlSaveClose (save) == -1 ? -1 : r;
}

/* A string result ends with a newline (an empty one prints nothing);
 * numbers and booleans are printed with one. */
static void
print_text (xmlXPathObjectPtr obj)
{
  xmlChar *s = xmlXPathCastToString (obj);
  size_t len;

  if (s == NULL)
    return;
  len = strlen ((char *) s);
  fputs ((char *) s, stdout);
  if (obj->type != XPATH_STRING || (len > 0 && s[len - 1] != '\n'))
    putchar ('\n');
  xmlFree (s);
}

/** C<--xpath QUERY>: evaluate it on the XML on stdin and print the
 * result: nodes as XML, anything else as text.  0, or -1 after a
 * message. */
int
insp_xpath (const char *query)
{
  xmlDocPtr doc = xmlReadFd (STDIN_FILENO, NULL, "utf8", XML_PARSE_NOBLANKS);
  xmlXPathContextPtr ctx = doc ? xmlXPathNewContext (doc) : NULL;
  xmlXPathObjectPtr obj = ctx ? xmlXPathEvalExpression (W (query), ctx)
                              : NULL;
  const char *msg = doc == NULL ? "unable to parse XML from stdin"
    : obj == NULL ? "unable to evaluate XPath expression" : NULL;
  int r = 0;

  if (msg != NULL) {
    fprintf (stderr, "virt-inspector: %s\n", msg);
    r = -1;
  } else if (obj->type == XPATH_NODESET) {
    fflush (stdout);
    r = print_nodes (obj->nodesetval);
  } else {
    print_text (obj);
  }
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return r;
}
