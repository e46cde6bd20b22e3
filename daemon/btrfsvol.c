/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the listing of btrfs subvolumes for
 * C<list_filesystems> (and so for inspection): the filesystem is
 * mounted on a private directory for the time of
 * C<btrfs subvolume list>, and each subvolume other than the default
 * one (which the device itself mounts) becomes a
 * C<btrfsvol:/dev/sdXN/PATH> mountable.  Nothing here replies: a
 * btrfs that cannot be read simply has no subvolumes listed (only
 * running out of memory is an error).
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>

#include "daemon.h"
#include "mountable.h"

#define LIST_FLAGS (MS_RDONLY | MS_NODEV | MS_NOSUID | MS_NOEXEC)
/* Most subvolumes listed for one filesystem. */
#define MAX_LISTED 1024

/* Mount DEVICE on the new directory DIR.  0, or -1. */
static int
mount_private (const char *device, char *dir)
{
  strcpy (dir, "/tmp/btrfsvolXXXXXX");
  if (mkdtemp (dir) == NULL)
    return -1;
  if (mount (device, dir, "btrfs", LIST_FLAGS, NULL) == 0)
    return 0;
  /* Already mounted read-write elsewhere: a second mount must be too. */
  if (errno == EBUSY &&
      mount (device, dir, "btrfs", LIST_FLAGS & ~MS_RDONLY, NULL) == 0)
    return 0;
  rmdir (dir);
  return -1;
}

/* The id of the default subvolume of the btrfs mounted on DIR, or 0
 * if it cannot be read. */
static uint64_t
default_id (const char *dir)
{
  CLEANUP_FREE char *out = NULL;
  uint64_t id;

  if (command (&out, NULL, "btrfs", "subvolume", "get-default", dir,
               NULL) == -1 ||
      out == NULL || sscanf (out, "ID %" SCNu64, &id) != 1)
    return 0;
  return id;
}

/* Add "btrfsvol:EXT/PATH" to SB for the "btrfs subvolume list" LINE
 * unless it is the subvolume DEF or malformed.  0, or -1 on ENOMEM. */
static int
add_line (struct stringsbuf *sb, const char *ext, const char *line,
          uint64_t def)
{
  uint64_t id, top;
  int off = -1;
  char *name;

  if (sscanf (line, "ID %" SCNu64 " gen %*u top level %" SCNu64 " path %n",
              &id, &top, &off) < 2 || off < 0 || id == def ||
      !btrfsvol_volume_ok (line + off))
    return 0;
  if (asprintf (&name, "btrfsvol:%s/%s", ext, line + off) == -1)
    return -1;
  return add_string_nodup (sb, name);
}

/* Fill SB from the output OUT for the device EXT.  0, or -1. */
static int
add_lines (struct stringsbuf *sb, const char *ext, char *out, uint64_t def)
{
  char *line, *save = NULL;
  size_t n = 0;

  for (line = strtok_r (out, "\n", &save); line != NULL && n < MAX_LISTED;
       line = strtok_r (NULL, "\n", &save), n++)
    if (add_line (sb, ext, line, def) == -1)
      return -1;
  return 0;
}

/**
 * The subvolumes of the btrfs on the appliance device C<device>
 * other than its default one, as C<btrfsvol:/dev/sdXN/PATH> names in
 * the order btrfs lists them.  Returns a NULL-terminated list
 * (empty if the filesystem cannot be read: no reply is sent for
 * that), or NULL after replying on ENOMEM.
 */
char **
btrfsvol_list (const char *device)
{
  CLEANUP_FREE char *out = NULL, *ext = device_to_external (device);
  DECLARE_STRINGSBUF (sb);
  char dir[32];
  uint64_t def = 0;
  int r = -1;

  if (ext == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  if (mount_private (device, dir) == 0) {
    r = command (&out, NULL, "btrfs", "subvolume", "list", dir, NULL);
    def = default_id (dir);
    umount2 (dir, MNT_DETACH);
    rmdir (dir);
  }
  if ((r == 0 && out != NULL && add_lines (&sb, ext, out, def) == -1) ||
      end_stringsbuf (&sb) == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  return take_stringsbuf (&sb);
}
