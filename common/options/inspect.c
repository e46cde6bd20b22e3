/* guestkit — common/options: what guestfish and the virt-* tools share.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<-i>, as guestfish and the virt-* tools do
 * it: inspect the launched disks, insist on exactly one operating
 * system, and mount its filesystems as the guest mounts them
 * (shortest mountpoint first; read-only with C<--ro>).  A filesystem
 * other than F</> that cannot be mounted gives a warning, as in
 * libguestfs.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "options.h"

/* Printed after the errors about the roots found. */
static const char hint[] =
  "Use 'guestfish' with 'run' and 'list-filesystems' to see the\n"
  "filesystems, and give the one to use with -m.\n";

/** The one root of the launched disks, malloc'd, or NULL after a
 * message ("no operating system", "multi-boot"). */
char *
options_inspect_root (struct tool_options *o)
{
  CLEANUP_FREE_STRING_LIST char **roots = guestfs_inspect_os (o->g);
  char *root;

  if (roots == NULL)
    return NULL;
  if (roots[0] == NULL || roots[1] != NULL) {
    fprintf (stderr, "%s: %s\n\n%s", o->prog, roots[0] == NULL ?
             "no operating system was found on this disk" :
             "multi-boot operating systems are not supported",
             o->root_hint ? o->root_hint : hint);
    return NULL;
  }
  root = strdup (roots[0]);
  if (root == NULL)
    fprintf (stderr, "%s: out of memory\n", o->prog);
  return root;
}

/* Sort pairs (mountpoint, device) by mountpoint length, keeping the
 * order of equal lengths (an insertion sort: fstabs are short). */
static void
sort_mountpoints (char **mps)
{
  size_t n = 0, i, j;
  char *mp, *dev;

  while (mps[2 * n] != NULL && mps[2 * n + 1] != NULL)
    n++;
  for (i = 1; i < n; i++) {
    mp = mps[2 * i];
    dev = mps[2 * i + 1];
    for (j = i; j > 0 && strlen (mps[2 * j - 2]) > strlen (mp); j--) {
      mps[2 * j] = mps[2 * j - 2];
      mps[2 * j + 1] = mps[2 * j - 1];
    }
    mps[2 * j] = mp;
    mps[2 * j + 1] = dev;
  }
}

/** The (mountpoint, device) pairs of C<root>, shortest mountpoint
 * first; NULL after the library's error. */
char **
options_sorted_mountpoints (guestfs_h *g, const char *root)
{
  char **mps = guestfs_inspect_get_mountpoints (g, root);

  if (mps != NULL)
    sort_mountpoints (mps);
  return mps;
}

/** Mount the filesystems of C<root>.  0, or -1 if F</> failed. */
int
options_mount_root (struct tool_options *o, const char *root)
{
  CLEANUP_FREE_STRING_LIST char **mps =
    options_sorted_mountpoints (o->g, root);
  size_t errors = 0;
  int r;

  if (mps == NULL)
    return -1;
  for (size_t i = 0; mps[i] != NULL && mps[i + 1] != NULL; i += 2) {
    r = o->read_only ? guestfs_mount_ro (o->g, mps[i + 1], mps[i])
                     : guestfs_mount (o->g, mps[i + 1], mps[i]);
    if (r == -1 && strcmp (mps[i], "/") == 0)
      return -1;
    if (r == -1)
      errors++;
  }
  if (errors > 0)
    fprintf (stderr, "%s: some filesystems could not be mounted "
             "(ignored)\n", o->prog);
  return 0;
}

/** Inspect the launched disks and mount the one root's filesystems.
 * Returns the root (malloc'd), or NULL after a message. */
char *
options_inspect_mount (struct tool_options *o)
{
  char *root = options_inspect_root (o);

  if (root != NULL && options_mount_root (o, root) == -1) {
    free (root);
    return NULL;
  }
  return root;
}

/**
 * Add the drives, launch, and mount: the C<-m> filesystems if any
 * were given, else the guest's own by inspection (C<*root> is then
 * its root, malloc'd; else NULL).  0, or -1 after a message.
 */
int
options_launch_mount (struct tool_options *o, char **root)
{
  *root = NULL;
  if (options_add_drives (o) == -1 || guestfs_launch (o->g) == -1)
    return -1;
  if (o->nr_mounts > 0)
    return options_mount (o);
  *root = options_inspect_mount (o);
  return *root == NULL ? -1 : 0;
}
