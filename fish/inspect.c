/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<-i> / C<--inspector>: after the drives are
 * added, guestfish launches, inspects the disks and mounts the
 * filesystems of the one operating system found as the guest mounts
 * them (shortest mountpoint first; read-only with C<--ro>).  A
 * filesystem other than F</> that cannot be mounted gives a warning,
 * as in libguestfs.  The interactive shell then shows the operating
 * system and the mounts under its banner.  The old form
 * C<guestfish [--ro] -i disk.img ...> is accepted too.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fish.h"

/** Set by C<-i>: inspect and mount after launch. */
bool fish_inspector;

/* The root found by inspection (for the banner). */
static char *inspected_root;

/**
 * The old syntax C<guestfish [--ro] -i disk.img [disk.img ...]>: with
 * C<-i> and no C<-a>, every argument left (C<argc> of them at
 * C<argv>) is a disk image to add.  Returns the number of arguments
 * used (all), or -1 after printing an error.
 */
int
inspect_old_style_drives (int argc, char *argv[])
{
  for (int i = 0; i < argc; ++i)
    if (guestfs_add_drive_opts (g, argv[i],
                                GUESTFS_ADD_DRIVE_OPTS_READONLY, read_only,
                                -1) == -1)
      return -1;
  return argc;
}

/* Hint printed after the errors about the roots found. */
static const char hint[] =
  "Leave out -i, then use 'run' and 'list-filesystems' to see the\n"
  "filesystems, and 'mount' or 'mount-ro' to mount the ones you want.\n";

/* The one root of the disks, malloc'd, or NULL after an error. */
static char *
find_root (void)
{
  CLEANUP_FREE_STRING_LIST char **roots = guestfs_inspect_os (g);
  char *root;

  if (roots == NULL)
    return NULL;
  if (roots[0] == NULL || roots[1] != NULL) {
    fprintf (stderr, "guestfish: %s\n\n%s", roots[0] == NULL ?
             "no operating system was found on this disk" :
             "multi-boot operating systems are not supported by -i", hint);
    return NULL;
  }
  root = strdup (roots[0]);
  if (root == NULL)
    fprintf (stderr, "guestfish: out of memory\n");
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

/* The mountpoints of ROOT, shortest first; NULL after an error. */
static char **
sorted_mountpoints (const char *root)
{
  char **mps = guestfs_inspect_get_mountpoints (g, root);

  if (mps != NULL)
    sort_mountpoints (mps);
  return mps;
}

/* Mount the filesystems of ROOT.  0, or -1 if "/" failed. */
static int
mount_root (const char *root)
{
  CLEANUP_FREE_STRING_LIST char **mps = sorted_mountpoints (root);
  size_t errors = 0;
  int r;

  if (mps == NULL)
    return -1;
  for (size_t i = 0; mps[i] != NULL && mps[i + 1] != NULL; i += 2) {
    r = read_only ? guestfs_mount_ro (g, mps[i + 1], mps[i])
                  : guestfs_mount (g, mps[i + 1], mps[i]);
    if (r == -1 && strcmp (mps[i], "/") == 0)
      return -1;
    if (r == -1)
      errors++;
  }
  if (errors > 0)
    fprintf (stderr, "guestfish: some filesystems could not be mounted "
             "(ignored)\n");
  return 0;
}

/**
 * Launch, inspect and mount the one operating system of the disks
 * (for C<-i>; C<have_mounts> is true if C<-m> was given too, which is
 * an error).  Returns 0, or -1 after printing an error.
 */
int
inspect_mount (bool have_mounts)
{
  if (have_mounts) {
    fprintf (stderr, "guestfish: cannot use -i and -m options together\n");
    return -1;
  }
  if (guestfs_is_config (g) > 0 && guestfs_launch (g) == -1)
    return -1;                  /* (-N disks launched it already) */
  free (inspected_root);
  inspected_root = find_root ();
  if (inspected_root == NULL || mount_root (inspected_root) == -1)
    return -1;
  return 0;
}

/**
 * Under the interactive banner, after C<-i>: the operating system's
 * name and what is mounted where, then an empty line.
 */
void
inspect_print_banner (void)
{
  CLEANUP_FREE char *name = NULL;
  CLEANUP_FREE_STRING_LIST char **mps = NULL;

  if (!fish_inspector || inspected_root == NULL)
    return;
  name = guestfs_inspect_get_product_name (g, inspected_root);
  if (name && strcmp (name, "unknown") != 0)
    printf ("Operating system: %s\n", name);
  mps = sorted_mountpoints (inspected_root);
  for (size_t i = 0; mps && mps[i] != NULL && mps[i + 1] != NULL; i += 2)
    printf ("%s mounted on %s\n", mps[i + 1], mps[i]);
  putchar ('\n');
}
