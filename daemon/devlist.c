/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<nr_devices>, C<device_index>,
 * C<list_dm_devices> and C<list_disk_labels>: more views of the
 * devices that F<devsparts.c> lists.
 *
 * Device-mapper devices are the entries of F</dev/mapper> (less
 * F<control>) whose device-mapper uuid does not mark them as LVM
 * logical volumes.  Disk labels are the links that
 * C<make_label_links> made in F</dev/disk/guestfs>.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "daemon.h"
#include "actions.h"

#define DEV_MAPPER "/dev/mapper"
#define LABEL_DIR "/dev/disk/guestfs"
/* Most entries read from one of those directories. */
#define MAX_ENTRIES 65536

/**
 * Return the number of disks list_devices shows.
 */
int
do_nr_devices (void)
{
  CLEANUP_FREE_STRING_LIST char **devices = do_list_devices ();
  size_t n = 0;

  if (devices == NULL)
    return -1;
  while (devices[n] != NULL)
    n++;
  return (int) n;
}

/**
 * Return the index of the disk C<device> in list_devices.
 */
int
do_device_index (const char *device)
{
  CLEANUP_FREE_STRING_LIST char **devices = do_list_devices ();
  CLEANUP_FREE char *ext = NULL;
  size_t i;

  if (devices == NULL)
    return -1;
  ext = device_to_external (device);
  if (ext == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  for (i = 0; devices[i] != NULL; i++)
    if (strcmp (devices[i], ext) == 0)
      return (int) i;
  reply_with_error_errno (ENOENT, "%s: not a whole disk of the guest", ext);
  return -1;
}

/* True if /dev/mapper/NAME is an LVM logical volume. */
static bool
is_lvm_dm (const char *name)
{
  char path[PATH_MAX], uuid[128];
  struct stat st;

  if (snprintf (path, sizeof path, "%s/%s", DEV_MAPPER, name) >=
      (int) sizeof path || stat (path, &st) == -1 || !S_ISBLK (st.st_mode))
    return true;                /* not a device: leave it out too */
  snprintf (path, sizeof path, "/sys/dev/block/%u:%u/dm/uuid",
            major (st.st_rdev), minor (st.st_rdev));
  return read_sys_line (path, uuid, sizeof uuid) == 0 &&
    strncmp (uuid, "LVM-", 4) == 0;
}

/* Add "/dev/mapper/NAME" to SB.  0 or -1 after replying. */
static int
add_dm_name (struct stringsbuf *sb, const char *name)
{
  char *s;

  if (sb->size >= MAX_ENTRIES) {
    reply_with_error ("too many device-mapper devices");
    return -1;
  }
  if (asprintf (&s, "%s/%s", DEV_MAPPER, name) == -1) {
    reply_with_perror ("asprintf");
    return -1;
  }
  return add_string_nodup (sb, s);
}

/**
 * List the device-mapper devices that are not logical volumes, as
 * F</dev/mapper/NAME>, sorted.
 */
char **
do_list_dm_devices (void)
{
  DECLARE_STRINGSBUF (sb);
  DIR *dir = opendir (DEV_MAPPER);
  struct dirent *d;
  int r = 0;

  if (dir == NULL && errno != ENOENT) {
    reply_with_perror ("opendir: %s", DEV_MAPPER);
    return NULL;
  }
  while (r == 0 && dir != NULL && (d = readdir (dir)) != NULL) {
    if (d->d_name[0] == '.' || strcmp (d->d_name, "control") == 0 ||
        is_lvm_dm (d->d_name))
      continue;
    r = add_dm_name (&sb, d->d_name);
  }
  if (dir != NULL)
    closedir (dir);
  if (r == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  if (sb.size > 1)
    sort_strings (sb.argv, sb.size);
  if (end_stringsbuf (&sb) == -1)
    return NULL;
  return take_stringsbuf (&sb);
}

/* Add LABEL and the device its link in LABEL_DIR (fd DIRFD) points
 * to, as the caller names it, to SB.  Links that do not point to a
 * plain "../../NAME" are skipped.  0 or -1 after replying. */
static int
add_label (struct stringsbuf *sb, int dirfd, const char *label)
{
  char target[256], dev[300];
  ssize_t n = readlinkat (dirfd, label, target, sizeof target - 1);
  char *ext;

  if (n <= 6)
    return 0;
  target[n] = '\0';
  if (strncmp (target, "../../", 6) != 0 || strchr (target + 6, '/'))
    return 0;
  if (sb->size >= MAX_ENTRIES) {
    reply_with_error ("too many disk labels");
    return -1;
  }
  snprintf (dev, sizeof dev, "/dev/%s", target + 6);
  ext = device_to_external (dev);
  if (ext == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  if (add_string (sb, label) == -1) {
    free (ext);
    return -1;
  }
  return add_string_nodup (sb, ext);
}

/**
 * Return a map from each drive label (and LABELN for its partitions)
 * to the device name.
 */
char **
do_list_disk_labels (void)
{
  DECLARE_STRINGSBUF (sb);
  DIR *dir = opendir (LABEL_DIR);
  struct dirent *d;
  int r = 0;

  if (dir == NULL && errno != ENOENT) {
    reply_with_perror ("opendir: %s", LABEL_DIR);
    return NULL;
  }
  while (r == 0 && dir != NULL && (d = readdir (dir)) != NULL)
    if (d->d_name[0] != '.')
      r = add_label (&sb, dirfd (dir), d->d_name);
  if (dir != NULL)
    closedir (dir);
  if (r == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  if (end_stringsbuf (&sb) == -1)
    return NULL;
  return take_stringsbuf (&sb);
}
