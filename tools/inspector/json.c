/* guestkit — virt-inspector: report the operating systems of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-inspector C<--json>: the facts of the XML
 * as one JSON object, C<{"operatingsystems": [...]}>, with the same
 * names.  Every key is always present: unknown facts are C<null>, the
 * versions and an application's epoch are numbers, mountpoints,
 * filesystems and drive mappings are arrays of objects, applications
 * C<null> when not listed, and the icon base64 text or C<null>.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "inspector.h"
#include "jsonw.h"

static void
pairs (struct jsonw *j, const char *list, const char *k0, const char *k1,
       char **v)
{
  jsonw_key (j, list);
  jsonw_open (j, '[');
  for (size_t i = 0; v && v[i] != NULL && v[i + 1] != NULL; i += 2) {
    jsonw_open (j, '{');
    jsonw_key (j, k0);
    jsonw_string (j, v[i]);
    jsonw_key (j, k1);
    jsonw_string (j, v[i + 1]);
    jsonw_close (j, '}');
  }
  jsonw_close (j, ']');
}

static void
filesystems (struct jsonw *j, const struct insp_os *os)
{
  jsonw_key (j, "filesystems");
  jsonw_open (j, '[');
  for (size_t i = 0; i < os->nr_fs; ++i) {
    jsonw_open (j, '{');
    jsonw_key (j, "dev");
    jsonw_string (j, os->fs[i].dev);
    jsonw_key (j, "type");
    jsonw_string (j, os->fs[i].type);
    jsonw_key (j, "label");
    jsonw_string (j, os->fs[i].label);
    jsonw_key (j, "uuid");
    jsonw_string (j, os->fs[i].uuid);
    jsonw_close (j, '}');
  }
  jsonw_close (j, ']');
}

#ifdef GUESTFS_HAVE_INSPECT_LIST_APPLICATIONS2
static void
member (struct jsonw *j, const char *key, const char *s)
{
  jsonw_key (j, key);
  jsonw_string (j, s && s[0] ? s : NULL);
}

static void
application (struct jsonw *j, const struct guestfs_application2 *a)
{
  jsonw_open (j, '{');
  member (j, "name", a->app2_name);
  member (j, "display_name", a->app2_display_name);
  jsonw_key (j, "epoch");
  jsonw_int (j, a->app2_epoch);
  member (j, "version", a->app2_version);
  member (j, "release", a->app2_release);
  member (j, "arch", a->app2_arch);
  member (j, "install_path", a->app2_install_path);
  member (j, "publisher", a->app2_publisher);
  member (j, "url", a->app2_url);
  member (j, "source_package", a->app2_source_package);
  member (j, "summary", a->app2_summary);
  member (j, "description", a->app2_description);
  jsonw_close (j, '}');
}
#endif

static void
applications (struct jsonw *j, const struct insp_os *os)
{
  jsonw_key (j, "applications");
#ifdef GUESTFS_HAVE_INSPECT_LIST_APPLICATIONS2
  if (os->have_apps) {
    jsonw_open (j, '[');
    for (uint32_t i = 0; i < os->apps->len; ++i)
      application (j, &os->apps->val[i]);
    jsonw_close (j, ']');
    return;
  }
#else
  (void) os;
#endif
  jsonw_null (j);
}

/* The icon as base64 text (RFC 4648, no line breaks), or null. */
static void
icon (struct jsonw *j, const struct insp_os *os)
{
  static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char *p = (const unsigned char *) os->icon;
  size_t n = os->icon_size, o = 0;
  char *out;

  jsonw_key (j, "icon");
  out = n > 0 ? malloc ((n + 2) / 3 * 4 + 1) : NULL;
  if (out == NULL) {
    jsonw_null (j);
    return;
  }
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = p[i] << 16 | (i + 1 < n ? p[i + 1] << 8 : 0) |
      (i + 2 < n ? p[i + 2] : 0);

    out[o++] = b64[v >> 18 & 63];
    out[o++] = b64[v >> 12 & 63];
    out[o++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
    out[o++] = i + 2 < n ? b64[v & 63] : '=';
  }
  out[o] = '\0';
  jsonw_string (j, out);
  free (out);
}

static void
operatingsystem (struct jsonw *j, const struct insp_os *os)
{
  jsonw_open (j, '{');
  jsonw_key (j, "root");
  jsonw_string (j, os->root);
  for (int p = 0; p < NR_PROPS; ++p) {
    jsonw_key (j, insp_prop_names[p]);
    if (p == P_MAJOR_VERSION || p == P_MINOR_VERSION)
      jsonw_int (j, atoi (os->props[p]));
    else
      jsonw_string (j, os->props[p]);
  }
  pairs (j, "mountpoints", "mountpoint", "dev", os->mountpoints);
  filesystems (j, os);
  pairs (j, "drive_mappings", "name", "dev", os->drives);
  applications (j, os);
  icon (j, os);
  jsonw_close (j, '}');
}

/** Write the JSON of the N roots C<oses> to stdout.  0 or -1. */
int
insp_write_json (const struct insp_os *oses, size_t n)
{
  struct jsonw j;

  jsonw_init (&j, stdout);
  jsonw_open (&j, '{');
  jsonw_key (&j, "operatingsystems");
  jsonw_open (&j, '[');
  for (size_t i = 0; i < n; ++i)
    operatingsystem (&j, &oses[i]);
  jsonw_close (&j, ']');
  jsonw_close (&j, '}');
  return jsonw_finish (&j);
}
