/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<list_filesystems>: every disk without
 * partitions, every partition and every logical volume, with the
 * filesystem type blkid finds on it ("unknown" if none), and after
 * each btrfs its subvolumes (btrfsvol.c).  Partitioned
 * disks, MBR extended partitions and LVM physical volumes are left
 * out, as they hold no filesystem themselves.
 */

#include <config.h>

#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "actions.h"
#include "mountable.h"

#define MBR_SIZE 512

/* True if DISK ("/dev/sda") has a partition in PARTS. */
static bool
has_partitions (const char *disk, char *const *parts)
{
  size_t len = strlen (disk), i;

  for (i = 0; parts[i] != NULL; i++)
    if (strncmp (parts[i], disk, len) == 0 &&
        isdigit ((unsigned char) parts[i][len]))
      return true;
  return false;
}

/* True if the MBR partition type BYTE is an extended partition. */
static bool
is_extended_type (unsigned char type)
{
  return type == 0x05 || type == 0x0f || type == 0x85;
}

/* True if PART ("/dev/sda2") is an MBR extended partition, read from
 * the disk's partition table. */
static bool
is_extended (const char *part)
{
  unsigned char mbr[MBR_SIZE];
  CLEANUP_FREE char *disk = strdup (part);
  CLEANUP_CLOSE int fd = -1;
  size_t len;
  int num;

  if (disk == NULL || strncmp (disk, "/dev/", 5) != 0)
    return false;
  len = strcspn (disk, "0123456789");
  num = atoi (disk + len);
  if (num < 1 || num > 4)
    return false;               /* only primary slots can be extended */
  disk[len] = '\0';
  disk[5] = 'v';                /* /dev/sdX -> /dev/vdX */
  fd = open (disk, O_RDONLY | O_CLOEXEC);
  if (fd == -1 || pread (fd, mbr, sizeof mbr, 0) != (ssize_t) sizeof mbr)
    return false;
  if (mbr[510] != 0x55 || mbr[511] != 0xaa)
    return false;
  return is_extended_type (mbr[446 + 16 * (num - 1) + 4]);
}

/* Add the subvolumes of the btrfs on the appliance device INTERNAL
 * to SB, with type "btrfs".  Returns 0 or -1 after replying. */
static int
add_subvolumes (struct stringsbuf *sb, const char *internal)
{
  CLEANUP_FREE_STRING_LIST char **vols = btrfsvol_list (internal);

  if (vols == NULL)
    return -1;
  for (size_t i = 0; vols[i] != NULL; i++)
    if (add_string (sb, vols[i]) == -1 || add_string (sb, "btrfs") == -1)
      return -1;
  return 0;
}

/* Add NAME (a device as the caller names it) and its filesystem type
 * to SB, unless it is an LVM physical volume.  Returns 0 or -1 after
 * replying. */
static int
add_filesystem (struct stringsbuf *sb, const char *name)
{
  CLEANUP_FREE char *internal = device_to_internal (name);
  char *type;
  bool btrfs;

  if (internal == NULL)
    return -1;
  type = do_vfs_type (internal);
  if (type == NULL)
    return -1;
  if (strcmp (type, "LVM2_member") == 0) {
    free (type);
    return 0;
  }
  if (type[0] == '\0') {
    free (type);
    type = strdup ("unknown");
    if (type == NULL) {
      reply_with_perror ("strdup");
      return -1;
    }
  }
  btrfs = strcmp (type, "btrfs") == 0;
  if (add_string (sb, name) == -1 || add_string_nodup (sb, type) == -1)
    return -1;
  return btrfs ? add_subvolumes (sb, internal) : 0;
}

/* The devices of the three lists that may hold a filesystem, in
 * order: disks without partitions, partitions but MBR extended ones,
 * LVs.  A NULL-terminated array of pointers into the lists, or NULL
 * after replying. */
static const char **
candidates (char *const *disks, char *const *parts, char *const *lvs)
{
  size_t n = 0, i;
  const char **c = calloc (guestkit_count_strings (disks) +
                           guestkit_count_strings (parts) +
                           guestkit_count_strings (lvs) + 1, sizeof *c);

  if (c == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  for (i = 0; disks[i] != NULL; i++)
    if (!has_partitions (disks[i], parts))
      c[n++] = disks[i];
  for (i = 0; parts[i] != NULL; i++)
    if (!is_extended (parts[i]))
      c[n++] = parts[i];
  for (i = 0; lvs[i] != NULL; i++)
    c[n++] = lvs[i];
  return c;
}

/* Add the filesystems of the three lists to SB, their types probed
 * together first (one blkid run, blkid_prefetch_types).  Returns 0 or
 * -1 after replying. */
static int
add_all (struct stringsbuf *sb, char *const *disks, char *const *parts,
         char *const *lvs)
{
  CLEANUP_FREE const char **c = candidates (disks, parts, lvs);
  CLEANUP_FREE_STRING_LIST char **internal = NULL;
  size_t i;

  if (c == NULL)
    return -1;
  internal = devices_to_internal ((char *const *) c);
  if (internal == NULL)
    return -1;
  blkid_prefetch_types (internal);
  for (i = 0; c[i] != NULL; i++)
    if (add_filesystem (sb, c[i]) == -1)
      return -1;
  return 0;
}

/**
 * Return a list of pairs: device (as the caller names it, LVs as
 * F</dev/VG/LV>), then the filesystem type on it.
 */
char **
do_list_filesystems (void)
{
  CLEANUP_FREE_STRING_LIST char **disks = NULL;
  CLEANUP_FREE_STRING_LIST char **parts = NULL;
  CLEANUP_FREE_STRING_LIST char **lvs = NULL;
  DECLARE_STRINGSBUF (sb);

  disks = do_list_devices ();
  if (disks == NULL)
    return NULL;
  parts = do_list_partitions ();
  if (parts == NULL)
    return NULL;
  lvs = do_lvs ();
  if (lvs == NULL)
    return NULL;
  if (add_all (&sb, disks, parts, lvs) == -1 || end_stringsbuf (&sb) == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  return take_stringsbuf (&sb);
}
