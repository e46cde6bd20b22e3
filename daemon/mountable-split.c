/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<mountable_device> and
 * C<mountable_subvolume>: the two parts of a mountable written
 * C<btrfsvol:DEVICE/SUBVOLUME> (mountable.c parses it; the dispatch
 * has already checked it and turned it into the appliance's names).
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>

#include "daemon.h"
#include "actions.h"
#include "mountable.h"

/**
 * The device of C<mountable> in the caller's names (the mountable
 * itself for a device), malloc'd; NULL after replying.
 */
char *
do_mountable_device (const char *mountable)
{
  CLEANUP_FREE char *device = mountable_device_or_reply (mountable);
  char *ret;

  if (device == NULL)
    return NULL;
  ret = device_to_external (device);
  if (ret == NULL)
    reply_with_perror ("%s", device);
  return ret;
}

/**
 * The subvolume path of the btrfs subvolume C<mountable>, malloc'd;
 * NULL after replying (EINVAL when it is a plain device).
 */
char *
do_mountable_subvolume (const char *mountable)
{
  CLEANUP_FREE char *device = NULL, *ext = NULL;
  char *volume = NULL;

  if (mountable_parse (mountable, &device, &volume) == -1) {
    reply_with_perror ("%s", mountable);
    return NULL;
  }
  if (volume == NULL) {
    ext = device_to_external (device);
    reply_with_error_errno (EINVAL, "%s: not a btrfs subvolume",
                            ext ? ext : mountable);
  }
  return volume;
}
