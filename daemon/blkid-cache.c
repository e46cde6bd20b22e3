/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a short-lived cache of filesystem types.
 * Asking blkid costs a fork and an exec (about 60 ms under TCG), and
 * the usual sequences ask twice for each filesystem: C<list_filesystems>
 * probes every device, then C<mount_ro> probes the one it mounts
 * (so does inspection, inside one call).
 *
 * A type found during a call that cannot change what is on a device
 * (listings, mounts and unmounts, statvfs, inspection: the list
 * below) is kept for the next such call; any other call empties the
 * cache first and neither reads nor fills it.  So nothing that
 * writes a device (mkfs, partitioning, upload to a device, LVM, ...)
 * ever sees a type from before it.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "guestfs_protocol.h"

#define CACHE_SIZE 64

struct entry {
  char *device;
  char *type;
};

static struct entry cache[CACHE_SIZE];
static size_t nr_entries;
static bool active;

/* The calls that leave every device as it was. */
static const uint32_t readonly_procs[] = {
  GUESTFS_PROC_LIST_DEVICES, GUESTFS_PROC_LIST_PARTITIONS,
  GUESTFS_PROC_LIST_FILESYSTEMS, GUESTFS_PROC_VFS_TYPE,
  GUESTFS_PROC_VFS_LABEL, GUESTFS_PROC_VFS_UUID,
  GUESTFS_PROC_BLOCKDEV_GETSIZE64, GUESTFS_PROC_MOUNT,
  GUESTFS_PROC_MOUNT_RO, GUESTFS_PROC_MOUNT_OPTIONS,
  GUESTFS_PROC_MOUNT_VFS, GUESTFS_PROC_UMOUNT, GUESTFS_PROC_UMOUNT_ALL,
  GUESTFS_PROC_MOUNTS, GUESTFS_PROC_MOUNTPOINTS, GUESTFS_PROC_STATVFS,
  GUESTFS_PROC_PVS, GUESTFS_PROC_VGS, GUESTFS_PROC_LVS,
  GUESTFS_PROC_INSPECT_OS, GUESTFS_PROC_INSPECT_GET_ROOTS,
};

static void
clear (void)
{
  for (size_t i = 0; i < nr_entries; i++) {
    free (cache[i].device);
    free (cache[i].type);
  }
  nr_entries = 0;
}

/**
 * Called before each call C<proc> is served: keep the cache for the
 * calls of the list above, empty and turn it off for any other.
 */
void
fstype_cache_begin_call (uint32_t proc)
{
  active = false;
  for (size_t i = 0; i < sizeof readonly_procs / sizeof readonly_procs[0];
       i++)
    if (readonly_procs[i] == proc)
      active = true;
  if (!active)
    clear ();
}

/**
 * The type cached for C<device> (malloc'd copy), or NULL if none (or
 * out of memory).
 */
char *
fstype_cache_get (const char *device)
{
  if (!active)
    return NULL;
  for (size_t i = 0; i < nr_entries; i++)
    if (strcmp (cache[i].device, device) == 0)
      return strdup (cache[i].type);
  return NULL;
}

/**
 * Remember that C<device> holds C<type> (nothing happens when the
 * cache is off, full, or memory is short).
 */
void
fstype_cache_put (const char *device, const char *type)
{
  char *d, *t;

  if (!active || nr_entries == CACHE_SIZE)
    return;
  d = strdup (device);
  t = strdup (type);
  if (d == NULL || t == NULL) {
    free (d);
    free (t);
    return;
  }
  cache[nr_entries++] = (struct entry) { .device = d, .type = t };
}
