/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<inspect_list_applications2> and the
 * deprecated C<inspect_list_applications>.  As in libguestfs, the
 * caller has mounted the guest's filesystems on F</sysroot>; the
 * package database that the root's package format names is read
 * (dpkg and apk in F<inspect-apps-deb.c>, rpm in
 * F<inspect-apps-rpm.c>, the Windows Uninstall keys in
 * F<inspect-apps-win.c>).  Everything taken from the guest is
 * cleaned and capped, the list is bounded in length and bytes, and it
 * is sorted by name.  A database that is missing or unreadable gives
 * an empty (or partial) list, not an error.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"
#include "inspect-apps.h"

/* A copy of S cleaned as inspection does ("" for NULL); newlines are
 * kept when KEEP_NL (descriptions), up to MAX bytes. */
static char *
clean_field (const char *s, int keep_nl, size_t max)
{
  char *ret;
  size_t len;

  if (s == NULL)
    return strdup ("");
  s += strspn (s, " \t\n");
  len = strnlen (s, max);
  while (len > 0 && strchr (" \t\n", s[len - 1]))
    len--;
  ret = strndup (s, len);
  for (size_t i = 0; ret && ret[i]; i++)
    if (((unsigned char) ret[i] < 0x20 && !(keep_nl && ret[i] == '\n')) ||
        ret[i] == 0x7f)
      ret[i] = '?';
  return ret;
}

/* Set *DST to a cleaned copy of S, counting its bytes.  -1 on ENOMEM. */
static int
set_field (struct insp_apps *apps, char **dst, const char *s, int keep_nl,
           size_t max)
{
  *dst = clean_field (s, keep_nl, max);
  if (*dst == NULL)
    return -1;
  apps->bytes += strlen (*dst) + 8;
  return 0;
}

/**
 * Add a cleaned copy of C<a> to C<apps>.  Applications without a name
 * are skipped, and so is everything once the list is full (C<APPS_MAX>
 * entries or C<APPS_BYTES_MAX> bytes).  Returns 0, or -1 on ENOMEM.
 */
int
insp_apps_add (struct insp_apps *apps, const struct insp_app *a)
{
  guestfs_int_application2 *v;
  const size_t S = INSP_STRING_MAX;
  int r = 0;

  if (a->name == NULL || a->name[0] == '\0' ||
      apps->list.len >= APPS_MAX || apps->bytes >= APPS_BYTES_MAX)
    return 0;
  v = realloc (apps->list.val, (apps->list.len + 1) * sizeof *v);
  if (v == NULL)
    return -1;
  apps->list.val = v;
  v = &v[apps->list.len++];
  memset (v, 0, sizeof *v);
  v->app2_epoch = a->epoch > 0 ? a->epoch : 0;
  r |= set_field (apps, &v->app2_name, a->name, 0, S);
  r |= set_field (apps, &v->app2_display_name, a->display_name, 0, S);
  r |= set_field (apps, &v->app2_version, a->version, 0, S);
  r |= set_field (apps, &v->app2_release, a->release, 0, S);
  r |= set_field (apps, &v->app2_arch, a->arch, 0, S);
  r |= set_field (apps, &v->app2_install_path, a->install_path, 0, S);
  r |= set_field (apps, &v->app2_trans_path, NULL, 0, S);
  r |= set_field (apps, &v->app2_publisher, a->publisher, 0, S);
  r |= set_field (apps, &v->app2_url, a->url, 0, S);
  r |= set_field (apps, &v->app2_source_package, a->source_package, 0, S);
  r |= set_field (apps, &v->app2_summary, a->summary, 0, S);
  r |= set_field (apps, &v->app2_description, a->description, 1,
                  APPS_DESCRIPTION_MAX);
  r |= set_field (apps, &v->app2_spare1, NULL, 0, S);
  r |= set_field (apps, &v->app2_spare2, NULL, 0, S);
  r |= set_field (apps, &v->app2_spare3, NULL, 0, S);
  r |= set_field (apps, &v->app2_spare4, NULL, 0, S);
  return r ? -1 : 0;
}

/**
 * Read the guest file C<path> (resolved inside the mounted guest)
 * whole if it is a regular file of at most C<max> bytes.  Returns a
 * malloc'd NUL-terminated buffer (length in C<*len_r> if not NULL),
 * or NULL.
 */
char *
insp_apps_read (const char *path, size_t max, size_t *len_r)
{
  CLEANUP_CLOSE int fd = open_in_root (path, O_RDONLY | O_NONBLOCK, 0);
  struct stat st;
  char *buf;
  ssize_t n;

  if (fd == -1 || fstat (fd, &st) == -1 || !S_ISREG (st.st_mode) ||
      st.st_size < 0 || (size_t) st.st_size > max)
    return NULL;
  buf = malloc ((size_t) st.st_size + 1);
  if (buf == NULL)
    return NULL;
  n = read_full (fd, buf, (size_t) st.st_size);
  if (n < 0) {
    free (buf);
    return NULL;
  }
  buf[n] = '\0';
  if (len_r)
    *len_r = (size_t) n;
  return buf;
}

/**
 * Split C<s> ("[EPOCH:]VERSION[-RELEASE]", modified in place) into
 * the epoch, version and release of C<a>: the release follows the
 * first '-' if C<first_dash>, else the last.
 */
void
insp_apps_split_version (struct insp_app *a, char *s, int first_dash)
{
  char *colon = strchr (s, ':'), *dash, *end;
  long epoch;

  a->epoch = 0;
  if (colon && colon > s && strspn (s, "0123456789") == (size_t) (colon - s)) {
    epoch = strtol (s, &end, 10);
    a->epoch = epoch > 0 && epoch < INT32_MAX ? (int32_t) epoch : 0;
    s = colon + 1;
  }
  dash = first_dash ? strchr (s, '-') : strrchr (s, '-');
  a->release = NULL;
  if (dash) {
    *dash = '\0';
    a->release = dash + 1;
  }
  a->version = s;
}

static int
compare_apps (const void *p1, const void *p2)
{
  const guestfs_int_application2 *a1 = p1, *a2 = p2;

  return strcmp (a1->app2_name, a2->app2_name);
}

/* The applications of ROOT, sorted, or NULL after replying. */
static guestfs_int_application2_list *
list_apps (const char *root)
{
  const struct insp_root *r = insp_lookup_root (root);
  struct insp_apps apps = { { 0, NULL }, 0 };
  guestfs_int_application2_list *ret;
  const char *fmt;
  int n = 0;

  if (r == NULL)
    return NULL;
  fmt = r->pkg_format ? r->pkg_format : "";
  if (r->type && strcmp (r->type, "windows") == 0)
    n = insp_apps_windows (&apps, r);
  else if (strcmp (fmt, "deb") == 0)
    n = insp_apps_deb (&apps);
  else if (strcmp (fmt, "rpm") == 0)
    n = insp_apps_rpm (&apps);
  else if (strcmp (fmt, "apk") == 0)
    n = insp_apps_apk (&apps);
  ret = malloc (sizeof *ret);
  if (n == -1 || ret == NULL) {
    reply_with_perror ("inspect_list_applications");
    guestfs_free_int_application2_list (&apps.list);
    free (ret);
    return NULL;
  }
  if (apps.list.len > 0)
    qsort (apps.list.val, apps.list.len, sizeof apps.list.val[0],
           compare_apps);
  *ret = apps.list;
  return ret;
}

/**
 * The applications installed in the operating system C<root>, sorted
 * by name (the guest's filesystems must be mounted).
 */
guestfs_int_application2_list *
do_inspect_list_applications2 (const char *root)
{
  return list_apps (root);
}

/* Move the fields of A2 into the old struct A1 (the arch and spare
 * fields are freed). */
static void
to_v1 (guestfs_int_application *a1, guestfs_int_application2 *a2)
{
  a1->app_name = a2->app2_name;
  a1->app_display_name = a2->app2_display_name;
  a1->app_epoch = a2->app2_epoch;
  a1->app_version = a2->app2_version;
  a1->app_release = a2->app2_release;
  a1->app_install_path = a2->app2_install_path;
  a1->app_trans_path = a2->app2_trans_path;
  a1->app_publisher = a2->app2_publisher;
  a1->app_url = a2->app2_url;
  a1->app_source_package = a2->app2_source_package;
  a1->app_summary = a2->app2_summary;
  a1->app_description = a2->app2_description;
  free (a2->app2_arch);
  free (a2->app2_spare1);
  free (a2->app2_spare2);
  free (a2->app2_spare3);
  free (a2->app2_spare4);
}

/**
 * Deprecated: the list of C<inspect_list_applications2> without the
 * architecture.
 */
guestfs_int_application_list *
do_inspect_list_applications (const char *root)
{
  guestfs_int_application2_list *l2 = list_apps (root);
  guestfs_int_application_list *l1;

  if (l2 == NULL)
    return NULL;
  l1 = malloc (sizeof *l1);
  if (l1 != NULL)
    l1->val = calloc (l2->len ? l2->len : 1, sizeof l1->val[0]);
  if (l1 == NULL || l1->val == NULL) {
    reply_with_perror ("malloc");
    guestfs_free_int_application2_list (l2);
    free (l2);
    free (l1);
    return NULL;
  }
  l1->len = l2->len;
  for (uint32_t i = 0; i < l2->len; i++)
    to_v1 (&l1->val[i], &l2->val[i]);
  free (l2->val);
  free (l2);
  return l1;
}
