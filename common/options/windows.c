/* guestkit — common/options: what guestfish and the virt-* tools share.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements Windows paths for the virt-* tools that take
 * guest paths (virt-cat, virt-edit, virt-ls, ...): on a Windows root,
 * C<C:\Windows\win.ini> or C<\Windows\win.ini> names the file the
 * guest calls that.  A drive letter other than the one mounted on
 * F</> is looked up in the drive mappings and that filesystem is
 * mounted on F</> instead; backslashes become slashes, and each
 * element is matched case-insensitively as Windows does.
 */

#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "options.h"

static bool
is_windows (guestfs_h *g, const char *root)
{
  CLEANUP_FREE char *type = guestfs_inspect_get_type (g, root);

  return type && strcmp (type, "windows") == 0;
}

/* Mount the filesystem of drive letter L on / instead of the root. */
static int
mount_drive_letter (struct tool_options *o, const char *root, char l)
{
  CLEANUP_FREE_STRING_LIST char **map =
    guestfs_inspect_get_drive_mappings (o->g, root);
  const char *dev = NULL;

  if (map == NULL)
    return -1;
  for (size_t i = 0; map[i] && map[i + 1]; i += 2)
    if (toupper ((unsigned char) map[i][0]) == toupper ((unsigned char) l)
        && map[i][1] == '\0')
      dev = map[i + 1];
  if (dev == NULL) {
    fprintf (stderr, "%s: drive '%c:' not found\n", o->prog, l);
    return -1;
  }
  if (guestfs_umount_all (o->g) == -1)
    return -1;
  return o->read_only ? guestfs_mount_ro (o->g, dev, "/")
                      : guestfs_mount (o->g, dev, "/");
}

/**
 * The guest path that C<path> names on C<root> (malloc'd), or NULL
 * after a message.  Paths on non-Windows roots are returned as given.
 */
char *
options_windows_path (struct tool_options *o, const char *root,
                      const char *path)
{
  CLEANUP_FREE char *p = NULL;
  char *ret;

  if (root == NULL || !is_windows (o->g, root))
    return strdup (path);
  if (isalpha ((unsigned char) path[0]) && path[1] == ':') {
    if (toupper ((unsigned char) path[0]) != 'C' &&
        mount_drive_letter (o, root, path[0]) == -1)
      return NULL;
    path += 2;
  }
  if (asprintf (&p, "%s%s", path[0] == '/' || path[0] == '\\' ? "" : "/",
                path) == -1)
    return NULL;
  for (char *c = p; *c; ++c)
    if (*c == '\\')
      *c = '/';
  ret = guestfs_case_sensitive_path (o->g, p);
  return ret;
}
