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

/* At most this many devices per blkid run of blkid_prefetch_types. */
#define PREFETCH_MAX 64

/**
 * Probe the TYPE of each of C<devices> (appliance names) in one blkid
 * run, and keep what it finds in the cache, so that the C<vfs_type>
 * calls that follow (C<list_filesystems>, inspection) need no run
 * each: a run costs ~60 ms under TCG, most of it the exec.  blkid
 * prints nothing for a device that has no filesystem or that it
 * could not read; those are left to their own probe, which tells the
 * two apart.  Nothing is replied: this only saves time.  TYPE values
 * are blkid's own names (letters, digits, "_"), which C<-o export>
 * prints as they are.
 */
void
blkid_prefetch_types (char *const *devices)
{
  const char *argv[8 + PREFETCH_MAX] = {
    "blkid", "-c", "/dev/null", "-o", "export", "-s", "TYPE"
  };
  CLEANUP_FREE char *out = NULL, *err = NULL;
  char *line, *save = NULL;
  const char *dev = NULL;
  size_t n = 7, i;

  for (i = 0; devices[i] != NULL && n < 7 + PREFETCH_MAX; i++)
    if (!is_btrfsvol (devices[i]))
      argv[n++] = devices[i];
  if (n < 7 + 2)                /* one device: its own probe will do */
    return;
  argv[n] = NULL;
  if (commandrv (&out, &err, argv) != 0 || out == NULL)
    return;
  /* DEVNAME=dev, TYPE=type, and a blank line (skipped) per device. */
  for (line = strtok_r (out, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    if (strncmp (line, "DEVNAME=", 8) == 0)
      dev = line + 8;
    else if (strncmp (line, "TYPE=", 5) == 0 && dev != NULL) {
      blkid_cache_put (dev, "TYPE", line + 5);
      dev = NULL;
    }
  }
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
