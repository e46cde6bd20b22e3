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
#include "options.h"

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

/* The shared options code (common/options) working on our handle. */
static struct tool_options
shared_options (void)
{
  return (struct tool_options) {
    .prog = "guestfish", .g = g, .read_only = read_only, .root_hint = hint,
  };
}

/**
 * Launch, inspect and mount the one operating system of the disks
 * (for C<-i>; C<have_mounts> is true if C<-m> was given too, which is
 * an error).  Returns 0, or -1 after printing an error.
 */
int
inspect_mount (bool have_mounts)
{
  struct tool_options o = shared_options ();

  if (have_mounts) {
    fprintf (stderr, "guestfish: cannot use -i and -m options together\n");
    return -1;
  }
  if (guestfs_is_config (g) > 0 && guestfs_launch (g) == -1)
    return -1;                  /* (-N disks launched it already) */
  free (inspected_root);
  inspected_root = options_inspect_mount (&o);
  return inspected_root == NULL ? -1 : 0;
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
  mps = options_sorted_mountpoints (g, inspected_root);
  for (size_t i = 0; mps && mps[i] != NULL && mps[i + 1] != NULL; i += 2)
    printf ("%s mounted on %s\n", mps[i + 1], mps[i]);
  putchar ('\n');
}
