/* guestkit — virt-filesystems: the filesystems, partitions, block
 * devices and LVM objects of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements what virt-filesystems finds on the launched
 * handle: filesystems (swap and unknown ones only with C<--extra>),
 * partitions and block devices, in libguestfs's order and with its
 * columns: a filesystem's size is its statvfs size where it can be
 * mounted (read-only, one at a time) and its device's size otherwise;
 * a partition's parent is its disk, with its MBR type byte on MBR
 * disks; an md device's parents are its members.  LVM is in
 * F<collect-lvm.c>.  Only the columns shown are looked up.
 */

#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "filesystems.h"

struct fs_settings fs_settings;

/** Leave the program after "out of memory". */
void
fs_oom (void)
{
  fprintf (stderr, "virt-filesystems: out of memory\n");
  exit (EXIT_FAILURE);
}

/** strdup, leaving the program if out of memory. */
char *
fs_xstrdup (const char *s)
{
  char *r = strdup (s);

  if (r == NULL)
    fs_oom ();
  return r;
}

/** A new empty row of C<type> at the end of C<t> (leaves the program
 * if out of memory). */
struct fs_row *
fs_new_row (struct fs_table *t, const char *type)
{
  struct fs_row *rows = realloc (t->rows, (t->nr_rows + 1) * sizeof *rows);

  if (rows == NULL)
    fs_oom ();
  t->rows = rows;
  rows[t->nr_rows] = (struct fs_row) { .type = type, .mbr_id = -1,
                                       .size = -1 };
  return &rows[t->nr_rows++];
}

/* An empty list of parents. */
static char **
no_parents (void)
{
  char **p = calloc (1, sizeof *p);

  if (p == NULL)
    fs_oom ();
  return p;
}

static bool
is_md (const char *dev)
{
  if (strncmp (dev, "/dev/md", 7) != 0 || dev[7] == '\0')
    return false;
  for (const char *p = dev + 7; *p; p++)
    if (!isdigit ((unsigned char) *p))
      return false;
  return true;
}

/* The members of md device DEV (canonical names), or no parents for
 * another device; NULL after the library's error. */
static char **
parents_of (guestfs_h *g, const char *dev)
{
  struct guestfs_mdstat_list *st;
  char **p;

  if (!is_md (dev))
    return no_parents ();
  if ((st = guestfs_md_stat (g, dev)) == NULL)
    return NULL;
  if ((p = calloc (st->len + 1, sizeof *p)) == NULL)
    fs_oom ();
  for (size_t i = 0; i < st->len && p; i++)
    if ((p[i] = guestfs_canonical_device_name (g, st->val[i].mdstat_device))
        == NULL) {
      guestkit_free_string_list (p);
      p = NULL;
    }
  guestfs_free_mdstat_list (st);
  return p;
}

/* The result of a lookup that may fail (label, UUID): "" if it did. */
static char *
or_empty (char *s)
{
  return s ? s : fs_xstrdup ("");
}

/* The size of filesystem FS: mounted, its statvfs size; else its
 * device's; btrfs subvolumes have none (-1).  -2 on an error. */
static int64_t
fs_size (guestfs_h *g, const char *fs)
{
  struct guestfs_statvfs *st = NULL;
  int64_t size;

  if (strncmp (fs, "btrfsvol:", 9) == 0)
    return -1;
  guestfs_push_error_handler (g, NULL, NULL);
  if (guestfs_mount_ro (g, fs, "/") == 0) {
    st = guestfs_statvfs (g, "/");
    guestfs_umount_all (g);
  }
  guestfs_pop_error_handler (g);
  if (st == NULL)
    return (size = guestfs_blockdev_getsize64 (g, fs)) < 0 ? -2 : size;
  if (st->blocks < 0 || st->bsize < 0 ||
      __builtin_mul_overflow (st->blocks, st->bsize, &size))
    size = -1;
  guestfs_free_statvfs (st);
  return size;
}

/* One row for filesystem FS of type VFS. */
static int
add_filesystem (guestfs_h *g, struct fs_table *t, const char *fs,
                const char *vfs)
{
  const bool *col = fs_settings.columns;
  struct fs_row *r = fs_new_row (t, "filesystem");

  r->vfs = fs_xstrdup (vfs);
  if ((r->name = guestfs_canonical_device_name (g, fs)) == NULL)
    return -1;
  guestfs_push_error_handler (g, NULL, NULL);
  if (col[COL_LABEL])
    r->label = or_empty (guestfs_vfs_label (g, fs));
  if (col[COL_UUID])
    r->uuid = or_empty (guestfs_vfs_uuid (g, fs));
  guestfs_pop_error_handler (g);
  if (col[COL_SIZE] && (r->size = fs_size (g, fs)) == -2)
    return -1;
  return (r->parents = parents_of (g, fs)) == NULL ? -1 : 0;
}

static int
collect_filesystems (guestfs_h *g, struct fs_table *t)
{
  CLEANUP_FREE_STRING_LIST char **fses = guestfs_list_filesystems (g);
  const bool extra = fs_settings.output & OUT_EXTRA;

  if (fses == NULL)
    return -1;
  for (size_t i = 0; fses[i] != NULL && fses[i + 1] != NULL; i += 2) {
    if (!extra && (strcmp (fses[i + 1], "swap") == 0 ||
                   strcmp (fses[i + 1], "unknown") == 0))
      continue;
    if (add_filesystem (g, t, fses[i], fses[i + 1]) == -1)
      return -1;
  }
  return 0;
}

/* The MBR type byte of partition PART of DISK, or -1 if DISK is not
 * an MBR disk. */
static int
mbr_id (guestfs_h *g, const char *part, const char *disk)
{
  CLEANUP_FREE char *type = NULL;
  int n, id = -1;

  guestfs_push_error_handler (g, NULL, NULL);
  type = guestfs_part_get_parttype (g, disk);
  if (type && strcmp (type, "msdos") == 0 &&
      (n = guestfs_part_to_partnum (g, part)) >= 0)
    id = guestfs_part_get_mbr_id (g, disk, n);
  guestfs_pop_error_handler (g);
  return id;
}

static int
add_partition (guestfs_h *g, struct fs_table *t, const char *part)
{
  const bool *col = fs_settings.columns;
  struct fs_row *r = fs_new_row (t, "partition");
  CLEANUP_FREE char *disk = NULL;

  if ((r->name = guestfs_canonical_device_name (g, part)) == NULL)
    return -1;
  if (col[COL_SIZE] && (r->size = guestfs_blockdev_getsize64 (g, part)) < 0)
    return -1;
  if (!col[COL_PARENTS])
    return 0;
  if ((disk = guestfs_part_to_dev (g, part)) == NULL)
    return -1;
  if (col[COL_MBR])
    r->mbr_id = mbr_id (g, part, disk);
  if ((r->parents = calloc (2, sizeof *r->parents)) == NULL)
    fs_oom ();
  return (r->parents[0] = guestfs_canonical_device_name (g, disk)) == NULL
         ? -1 : 0;
}

static int
collect_partitions (guestfs_h *g, struct fs_table *t)
{
  CLEANUP_FREE_STRING_LIST char **parts = guestfs_list_partitions (g);

  if (parts == NULL)
    return -1;
  for (size_t i = 0; parts[i] != NULL; i++)
    if (add_partition (g, t, parts[i]) == -1)
      return -1;
  return 0;
}

static int
collect_blockdevs (guestfs_h *g, struct fs_table *t)
{
  CLEANUP_FREE_STRING_LIST char **devs = guestfs_list_devices (g);
  struct fs_row *r;

  if (devs == NULL)
    return -1;
  for (size_t i = 0; devs[i] != NULL; i++) {
    r = fs_new_row (t, "device");
    if ((r->name = guestfs_canonical_device_name (g, devs[i])) == NULL)
      return -1;
    if (fs_settings.columns[COL_SIZE] &&
        (r->size = guestfs_blockdev_getsize64 (g, devs[i])) < 0)
      return -1;
    if ((r->parents = parents_of (g, devs[i])) == NULL)
      return -1;
  }
  return 0;
}

/**
 * Fill C<t> with what C<fs_settings.output> asks for, in
 * libguestfs's order (filesystems, LVs, VGs, PVs, partitions,
 * devices).  0, or -1 after the library's error.
 */
int
fs_collect (guestfs_h *g, struct fs_table *t)
{
  const unsigned out = fs_settings.output;

  if ((out & OUT_FILESYSTEMS) && collect_filesystems (g, t) == -1)
    return -1;
  if ((out & OUT_LVS) && fs_collect_lvs (g, t) == -1)
    return -1;
  if ((out & OUT_VGS) && fs_collect_vgs (g, t) == -1)
    return -1;
  if ((out & OUT_PVS) && fs_collect_pvs (g, t) == -1)
    return -1;
  if ((out & OUT_PARTITIONS) && collect_partitions (g, t) == -1)
    return -1;
  if ((out & OUT_BLOCKDEVS) && collect_blockdevs (g, t) == -1)
    return -1;
  return 0;
}

/** Free the rows of C<t>. */
void
fs_table_free (struct fs_table *t)
{
  for (size_t i = 0; i < t->nr_rows; i++) {
    struct fs_row *r = &t->rows[i];

    free (r->name);
    free (r->vfs);
    free (r->label);
    free (r->uuid);
    if (r->parents)
      guestkit_free_string_list (r->parents);
  }
  free (t->rows);
  *t = (struct fs_table) { .rows = NULL };
}
