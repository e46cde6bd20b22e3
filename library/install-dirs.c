/* guestkit — where the installed appliance and VMM helper are.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the default places of the appliance and of
 * F<guestkit-vmm> when the environment names none.
 *
 * The build fixes them under the configured C<$(libdir)> and
 * C<$(pkglibexecdir)>.  An install may have moved (C<make install
 * DESTDIR=...>, a package unpacked elsewhere), so first we look in
 * the same place relative to the directory this library was loaded
 * from: C<$(libdir)/guestkit/appliance> is then
 * F<DIR-OF-libguestfs.so/guestkit/appliance>, and the helper is reached
 * through the relative path from C<$(libdir)> to C<$(pkglibexecdir)>.
 * If nothing is there (the library runs from the build tree, say) the
 * configured path is used, as it is.
 */

#include <config.h>

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guestfs-internal.h"

#ifndef GUESTFS_LIBDIR
#define GUESTFS_LIBDIR "/usr/local/lib"
#endif
#ifndef GUESTFS_DEFAULT_PATH
#define GUESTFS_DEFAULT_PATH GUESTFS_LIBDIR "/guestkit/appliance"
#endif
#ifndef GUESTKIT_VMM_PATH
#define GUESTKIT_VMM_PATH "/usr/local/libexec/guestkit/guestkit-vmm"
#endif

/* The directory holding the loaded library (malloc'd), or NULL. */
static char *
loaded_libdir (void)
{
  Dl_info info;
  char *real, *slash;

  if (dladdr ((void *) loaded_libdir, &info) == 0 || !info.dli_fname)
    return NULL;
  real = realpath (info.dli_fname, NULL);
  if (!real)
    return NULL;
  slash = strrchr (real, '/');
  if (!slash || slash == real) {
    free (real);
    return NULL;
  }
  *slash = '\0';
  return real;
}

/* Length of the longest common prefix of A and B that ends at a path
 * component boundary (a '/' or the end of both strings). */
static size_t
common_dir_prefix (const char *a, const char *b)
{
  size_t i = 0, last = 0;

  while (a[i] && a[i] == b[i]) {
    i++;
    if (a[i - 1] == '/')
      last = i - 1;
  }
  if ((a[i] == '\0' || a[i] == '/') && (b[i] == '\0' || b[i] == '/'))
    last = i;
  return last;
}

/* TARGET relative to the directory FROM (both absolute, normalised):
 * "../" for each component of FROM below their common prefix, then the
 * rest of TARGET.  Returns malloc'd text (guestfs abort on OOM). */
static char *
relative_path (guestfs_h *g, const char *from, const char *target)
{
  size_t n = common_dir_prefix (from, target), ups = 0, i;
  const char *rest = target + n;
  char *r, *p;

  for (i = n; from[i]; i++)
    if (from[i] == '/' && from[i + 1] && from[i + 1] != '/')
      ups++;
  while (*rest == '/')
    rest++;
  r = p = safe_malloc (g, ups * 3 + strlen (rest) + 2);
  for (i = 0; i < ups; i++, p += 3)
    memcpy (p, "../", 3);
  strcpy (p, *rest ? rest : ".");
  return r;
}

/* The configured path CONFIGURED moved along with the library, if
 * PROBE (a file name under it, or "" for the path itself) exists
 * there with access MODE; else NULL.  malloc'd. */
static char *
moved_path (guestfs_h *g, const char *configured, const char *probe,
            int mode)
{
  CLEANUP_FREE char *dir = loaded_libdir ();
  CLEANUP_FREE char *rel = NULL, *test = NULL;
  char *path;

  if (!dir)
    return NULL;
  rel = relative_path (g, GUESTFS_LIBDIR, configured);
  path = safe_asprintf (g, "%s/%s", dir, rel);
  test = safe_asprintf (g, "%s%s%s", path, *probe ? "/" : "", probe);
  if (access (test, mode) == 0) {
    char *real = realpath (path, NULL);     /* no "lib/../libexec" */

    if (real) {
      free (path);
      return real;
    }
    return path;
  }
  free (path);
  return NULL;
}

/**
 * The appliance directory used when C<LIBGUESTFS_PATH> is unset: the
 * one installed beside this library, else the configured one.
 * Returns a malloc'd string (never NULL).
 */
char *
guestfs_int_default_appliance_path (guestfs_h *g)
{
  char *p = moved_path (g, GUESTFS_DEFAULT_PATH, "kernel", R_OK);

  return p ? p : safe_strdup (g, GUESTFS_DEFAULT_PATH);
}

/**
 * The F<guestkit-vmm> helper used when C<GUESTKIT_VMM> is unset: the
 * one installed along with this library, else the configured one.
 * Returns a malloc'd string (never NULL).
 */
char *
guestfs_int_default_vmm_path (guestfs_h *g)
{
  char *p = moved_path (g, GUESTKIT_VMM_PATH, "", X_OK);

  return p ? p : safe_strdup (g, GUESTKIT_VMM_PATH);
}
