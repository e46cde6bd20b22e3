/* guestkit — virt-df: free space on the filesystems of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements what virt-df does with one launched handle:
 * list the filesystems, skip swap and those of no known type, mount
 * each read-only in turn and take its statvfs.  A filesystem that
 * cannot be mounted is left out without a message (a damaged guest
 * filesystem is no error of ours), as in libguestfs.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "df.h"

/* Mount DEV read-only, take its statvfs into *ST and unmount it.
 * 0, or -1 if it could not be mounted or stat'd (no message). */
static int
stat_one (guestfs_h *g, const char *dev, struct guestfs_statvfs *st)
{
  struct guestfs_statvfs *s = NULL;

  guestfs_push_error_handler (g, NULL, NULL);
  if (guestfs_mount_ro (g, dev, "/") == 0) {
    s = guestfs_statvfs (g, "/");
    guestfs_umount_all (g);
  }
  guestfs_pop_error_handler (g);
  if (s == NULL)
    return -1;
  *st = *s;
  guestfs_free_statvfs (s);
  return 0;
}

/* Append the row (DEV, ST) to GUEST.  0 or -1 (out of memory). */
static int
add_row (guestfs_h *g, struct df_guest *guest, const char *dev,
         const struct guestfs_statvfs *st)
{
  struct df_row *rows;
  char *name = guestfs_canonical_device_name (g, dev);

  if (name == NULL)
    return -1;
  rows = realloc (guest->rows, (guest->nr_rows + 1) * sizeof *rows);
  if (rows == NULL) {
    free (name);
    return -1;
  }
  guest->rows = rows;
  rows[guest->nr_rows++] = (struct df_row) { .dev = name, .st = *st };
  return 0;
}

static bool
is_mountable_type (const char *type)
{
  return strcmp (type, "") != 0 && strcmp (type, "swap") != 0 &&
         strcmp (type, "unknown") != 0;
}

/**
 * Add to C<guest> a row for each filesystem of the launched handle
 * C<g> that can be mounted.  0, or -1 after the library's error (the
 * rows found so far stay in C<guest>).
 */
int
df_collect (guestfs_h *g, struct df_guest *guest)
{
  CLEANUP_FREE_STRING_LIST char **fses = guestfs_list_filesystems (g);
  struct guestfs_statvfs st;

  if (fses == NULL)
    return -1;
  for (size_t i = 0; fses[i] != NULL && fses[i + 1] != NULL; i += 2) {
    if (!is_mountable_type (fses[i + 1]) || stat_one (g, fses[i], &st) == -1)
      continue;
    if (add_row (g, guest, fses[i], &st) == -1)
      return -1;
  }
  return 0;
}

/** Free what C<guest> holds (not C<guest> itself). */
void
df_guest_free (struct df_guest *guest)
{
  for (size_t i = 0; i < guest->nr_rows; i++)
    free (guest->rows[i].dev);
  free (guest->rows);
  free (guest->name);
  free (guest->uuid);
  *guest = (struct df_guest) { .name = NULL };
}
