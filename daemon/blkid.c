/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<vfs_type>, C<vfs_label> and C<vfs_uuid>,
 * which ask C<blkid> (never with its own cache file) for one tag of
 * a filesystem; tags are kept between some calls by F<blkid-cache.c>.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "mountable.h"
#include "actions.h"

/* blkid's exit status when the tag or a filesystem was not found. */
#define BLKID_NOT_FOUND 2

/* Return the value of TAG on DEVICE ("" if none), or NULL after
 * replying with an error. */
static char *
get_blkid_tag (const char *device, const char *tag)
{
  CLEANUP_FREE char *err = NULL;
  char *out = NULL;
  const char *argv[] = {
    "blkid", "-c", "/dev/null", "-o", "value", "-s", tag, device, NULL
  };
  int r = commandrv (&out, &err, argv);

  if (r == 0 || r == BLKID_NOT_FOUND) {
    if (out == NULL) {
      reply_with_perror ("malloc");
      return NULL;
    }
    if (r == BLKID_NOT_FOUND)
      out[0] = '\0';
    else
      out[strcspn (out, "\n")] = '\0';      /* first line only */
    return out;
  }
  free (out);
  trim_newline (err);
  if (err != NULL && err[0] != '\0')
    reply_with_error ("%s", err);
  else
    reply_with_error ("blkid %s: exit status %d", device, r);
  return NULL;
}

/* get_blkid_tag on the device holding MOUNTABLE (a btrfs subvolume
 * has the tags of its filesystem), through the cache (blkid-cache.c).
 * TAG is a static string. */
static char *
get_mountable_tag (const char *mountable, const char *tag)
{
  CLEANUP_FREE char *device = NULL;
  char *value = blkid_cache_get (mountable, tag);

  if (value != NULL)
    return value;
  if (!is_btrfsvol (mountable))
    value = get_blkid_tag (mountable, tag);
  else if ((device = mountable_device_or_reply (mountable)) != NULL)
    value = get_blkid_tag (device, tag);
  if (value != NULL)
    blkid_cache_put (mountable, tag, value);
  return value;
}

/**
 * Return the type of the filesystem on C<mountable> ("" if blkid
 * recognises none).
 */
char *
do_vfs_type (const char *mountable)
{
  return get_mountable_tag (mountable, "TYPE");
}

/**
 * Return the label of the filesystem on C<mountable>, or "".
 */
char *
do_vfs_label (const char *mountable)
{
  return get_mountable_tag (mountable, "LABEL");
}

/**
 * Return the UUID of the filesystem on C<mountable>, or "".
 */
char *
do_vfs_uuid (const char *mountable)
{
  return get_mountable_tag (mountable, "UUID");
}
