/* guestkit — virt-inspector: report the operating systems of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements what virt-inspector learns about one root
 * before writing it out: the inspection facts ("unknown" ones
 * dropped), the mountpoints (shortest first), the filesystems with
 * their type, label and uuid (sorted by device), the Windows drive
 * letters (sorted, case-blind), and, with the guest mounted read-only,
 * its applications and icon.  Device names are canonical
 * (F</dev/sda1>, F</dev/VG/LV>).
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanups.h"
#include "inspector.h"

const char *const insp_prop_names[NR_PROPS] = {
  "name", "arch", "distro", "product_name", "product_variant",
  "major_version", "minor_version", "package_format", "package_management",
  "windows_systemroot", "windows_current_control_set", "hostname", "osinfo",
};

typedef char *(*string_getter) (guestfs_h *g, const char *root);

/* The getters of the string facts; NULL for the others. */
static const string_getter getters[NR_PROPS] = {
  [P_NAME] = guestfs_inspect_get_type,
  [P_ARCH] = guestfs_inspect_get_arch,
  [P_DISTRO] = guestfs_inspect_get_distro,
  [P_PRODUCT_NAME] = guestfs_inspect_get_product_name,
  [P_PRODUCT_VARIANT] = guestfs_inspect_get_product_variant,
  [P_PACKAGE_FORMAT] = guestfs_inspect_get_package_format,
  [P_PACKAGE_MANAGEMENT] = guestfs_inspect_get_package_management,
  [P_WINDOWS_SYSTEMROOT] = guestfs_inspect_get_windows_systemroot,
  [P_WINDOWS_CURRENT_CONTROL_SET] =
    guestfs_inspect_get_windows_current_control_set,
  [P_HOSTNAME] = guestfs_inspect_get_hostname,
  [P_OSINFO] = guestfs_inspect_get_osinfo,
};

static int
collect_props (guestfs_h *g, const char *root, struct insp_os *os)
{
  for (int p = 0; p < NR_PROPS; ++p) {
    /* Only Windows has a systemroot: no error for the others. */
    bool quiet = p == P_WINDOWS_SYSTEMROOT ||
      p == P_WINDOWS_CURRENT_CONTROL_SET;
    int v;

    if (getters[p] == NULL) {
      v = p == P_MAJOR_VERSION ? guestfs_inspect_get_major_version (g, root)
        : guestfs_inspect_get_minor_version (g, root);
      if (asprintf (&os->props[p], "%d", v) == -1)
        return -1;
      continue;
    }
    if (quiet)
      guestfs_push_error_handler (g, NULL, NULL);
    os->props[p] = getters[p] (g, root);
    if (quiet)
      guestfs_pop_error_handler (g);
    if (os->props[p] == NULL && !quiet)
      return -1;
    if (os->props[p] && (os->props[p][0] == '\0' ||
                         strcmp (os->props[p], "unknown") == 0)) {
      free (os->props[p]);
      os->props[p] = NULL;
    }
  }
  return 0;
}

/* Replace the device of each pair (KEY, DEVICE) by its canonical
 * name. */
static int
canonical_pairs (guestfs_h *g, char **pairs)
{
  for (size_t i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2) {
    char *c = guestfs_canonical_device_name (g, pairs[i + 1]);

    if (c == NULL)
      return -1;
    free (pairs[i + 1]);
    pairs[i + 1] = c;
  }
  return 0;
}

static size_t
count (char **v)
{
  size_t n = 0;

  while (v[n] != NULL)
    n++;
  return n;
}

static int
by_length (const void *a, const void *b)
{
  const char *x = *(char *const *) a, *y = *(char *const *) b;
  size_t lx = strlen (x), ly = strlen (y);

  return lx != ly ? (lx < ly ? -1 : 1) : strcmp (x, y);
}

static int
by_name (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static int
by_name_nocase (const void *a, const void *b)
{
  return strcasecmp (*(char *const *) a, *(char *const *) b);
}

/* A filesystem property, NULL when empty or failing. */
static char *
fs_prop (guestfs_h *g, char *(*get) (guestfs_h *, const char *),
         const char *dev)
{
  char *s = get (g, dev);

  if (s != NULL && s[0] == '\0') {
    free (s);
    s = NULL;
  }
  return s;
}

static int
collect_filesystems (guestfs_h *g, const char *root, struct insp_os *os)
{
  CLEANUP_FREE_STRING_LIST char **devs =
    guestfs_inspect_get_filesystems (g, root);
  size_t n;

  if (devs == NULL)
    return -1;
  n = count (devs);
  qsort (devs, n, sizeof (char *), by_name);
  os->fs = calloc (n + 1, sizeof *os->fs);
  if (os->fs == NULL)
    return -1;
  for (size_t i = 0; i < n; ++i, os->nr_fs++) {
    struct insp_fs *fs = &os->fs[i];

    fs->dev = guestfs_canonical_device_name (g, devs[i]);
    if (fs->dev == NULL)
      return -1;
    guestfs_push_error_handler (g, NULL, NULL);
    fs->type = fs_prop (g, guestfs_vfs_type, devs[i]);
    fs->label = fs_prop (g, guestfs_vfs_label, devs[i]);
    fs->uuid = fs_prop (g, guestfs_vfs_uuid, devs[i]);
    guestfs_pop_error_handler (g);
  }
  return 0;
}

static int
collect_tables (guestfs_h *g, const char *root, struct insp_os *os)
{
  os->mountpoints = guestfs_inspect_get_mountpoints (g, root);
  if (os->mountpoints == NULL)
    return -1;
  qsort (os->mountpoints, count (os->mountpoints) / 2, 2 * sizeof (char *),
         by_length);
  if (canonical_pairs (g, os->mountpoints) == -1 ||
      collect_filesystems (g, root, os) == -1)
    return -1;
  guestfs_push_error_handler (g, NULL, NULL);
  os->drives = guestfs_inspect_get_drive_mappings (g, root);
  guestfs_pop_error_handler (g);
  if (os->drives == NULL)
    return 0;
  qsort (os->drives, count (os->drives) / 2, 2 * sizeof (char *),
         by_name_nocase);
  return canonical_pairs (g, os->drives);
}

#ifdef INSPECTOR_MOUNTS
/* With the guest mounted: the applications and the icon. */
static int
collect_mounted (struct inspector *in, const char *root, struct insp_os *os)
{
  guestfs_h *g = in->o.g;

#ifdef GUESTFS_HAVE_INSPECT_LIST_APPLICATIONS2
  if (in->apps) {
    os->apps = guestfs_inspect_list_applications2 (g, root);
    if (os->apps == NULL)
      return -1;
    os->have_apps = true;
  }
#endif
#ifdef GUESTFS_HAVE_INSPECT_GET_ICON
  if (in->icon) {
    /* No favicons: a distribution's 16x16 web icon is not its logo. */
    os->icon = guestfs_inspect_get_icon (g, root, &os->icon_size,
                                         GUESTFS_INSPECT_GET_ICON_FAVICON, 0,
                                         -1);
    if (os->icon == NULL)
      return -1;
  }
#endif
  return 0;
}
#endif

/** Learn everything about C<root> into C<os> (zeroed by the caller).
 * 0, or -1 after the library's error. */
int
insp_collect (struct inspector *in, const char *root, struct insp_os *os)
{
  guestfs_h *g = in->o.g;
  int r = 0;

  os->root = guestfs_canonical_device_name (g, root);
  if (os->root == NULL || collect_props (g, root, os) == -1 ||
      collect_tables (g, root, os) == -1)
    return -1;
#ifdef INSPECTOR_MOUNTS
  if (in->apps || in->icon) {
    if (options_mount_root (&in->o, root) == -1)
      return -1;
    r = collect_mounted (in, root, os);
    if (guestfs_umount_all (g) == -1)
      r = -1;
  }
#endif
  return r;
}

/** Free what C<insp_collect> filled in. */
void
insp_os_free (struct insp_os *os)
{
  free (os->root);
  for (int p = 0; p < NR_PROPS; ++p)
    free (os->props[p]);
  if (os->mountpoints)
    guestkit_free_string_list (os->mountpoints);
  for (size_t i = 0; i < os->nr_fs; ++i) {
    free (os->fs[i].dev);
    free (os->fs[i].type);
    free (os->fs[i].label);
    free (os->fs[i].uuid);
  }
  free (os->fs);
  if (os->drives)
    guestkit_free_string_list (os->drives);
#ifdef GUESTFS_HAVE_INSPECT_LIST_APPLICATIONS2
  if (os->apps)
    guestfs_free_application2_list (os->apps);
#endif
  free (os->icon);
}
