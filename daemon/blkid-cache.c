/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a short-lived cache of blkid tags (a
 * filesystem's TYPE, LABEL and UUID).  Asking blkid costs a fork and
 * an exec (about 60 ms under TCG), and the usual sequences ask more
 * than once for the same filesystem: C<list_filesystems> probes every
 * device, then C<mount_ro> probes the one it mounts; inspection
 * probes each filesystem, then its callers ask again.
 *
 * A tag found during a call that cannot change what is on a device
 * (listings, mounts and unmounts, statvfs, every C<inspect_*> call:
 * the list below) is kept for the next such call; any other call
 * empties the cache first and neither reads nor fills it.  So nothing
 * that writes a device (mkfs, partitioning, set_label, upload to a
 * device, LVM, ...) ever sees a tag from before it.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "guestfs_protocol.h"

#define CACHE_SIZE 128

struct entry {
  char *device;
  const char *tag;              /* a static string: "TYPE", ... */
  char *value;
};

static struct entry cache[CACHE_SIZE];
static size_t nr_entries;
static bool active;

/* The calls, besides inspect_*, that leave every device as it was. */
static const uint32_t readonly_procs[] = {
  GUESTFS_PROC_LIST_DEVICES, GUESTFS_PROC_LIST_PARTITIONS,
  GUESTFS_PROC_LIST_FILESYSTEMS, GUESTFS_PROC_VFS_TYPE,
  GUESTFS_PROC_VFS_LABEL, GUESTFS_PROC_VFS_UUID,
  GUESTFS_PROC_BLOCKDEV_GETSIZE64, GUESTFS_PROC_MOUNT,
  GUESTFS_PROC_MOUNT_RO, GUESTFS_PROC_MOUNT_OPTIONS,
  GUESTFS_PROC_MOUNT_VFS, GUESTFS_PROC_UMOUNT, GUESTFS_PROC_UMOUNT_ALL,
  GUESTFS_PROC_MOUNTS, GUESTFS_PROC_MOUNTPOINTS, GUESTFS_PROC_STATVFS,
  GUESTFS_PROC_PVS, GUESTFS_PROC_VGS, GUESTFS_PROC_LVS,
};

static void
clear (void)
{
  for (size_t i = 0; i < nr_entries; i++) {
    free (cache[i].device);
    free (cache[i].value);
  }
  nr_entries = 0;
}

static bool
readonly (uint32_t proc, const char *name)
{
  /* Inspection only reads: it mounts read-only and looks at files. */
  if (name != NULL && strncmp (name, "inspect_", 8) == 0)
    return true;
  for (size_t i = 0; i < sizeof readonly_procs / sizeof readonly_procs[0];
       i++)
    if (readonly_procs[i] == proc)
      return true;
  return false;
}

/**
 * Called before each call C<proc> (called C<name>, or NULL if
 * unknown) is served: keep the cache for the calls that change no
 * device, empty and turn it off for any other.
 */
void
blkid_cache_begin_call (uint32_t proc, const char *name)
{
  active = readonly (proc, name);
  if (!active)
    clear ();
}

/**
 * The value of C<tag> cached for C<device> (malloc'd copy), or NULL if
 * none (or out of memory).
 */
char *
blkid_cache_get (const char *device, const char *tag)
{
  if (!active)
    return NULL;
  for (size_t i = 0; i < nr_entries; i++)
    if (strcmp (cache[i].tag, tag) == 0 &&
        strcmp (cache[i].device, device) == 0)
      return strdup (cache[i].value);
  return NULL;
}

/**
 * Remember that C<tag> of C<device> is C<value> (C<tag> must be a
 * static string; nothing happens when the cache is off, full, or
 * memory is short).
 */
void
blkid_cache_put (const char *device, const char *tag, const char *value)
{
  char *d, *v;

  if (!active || nr_entries == CACHE_SIZE)
    return;
  d = strdup (device);
  v = strdup (value);
  if (d == NULL || v == NULL) {
    free (d);
    free (v);
    return;
  }
  cache[nr_entries++] = (struct entry) { .device = d, .tag = tag, .value = v };
}
