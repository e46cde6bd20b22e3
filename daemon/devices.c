/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the translation of device names between the
 * caller's view and the appliance's.
 *
 * The caller sees the disks it added as F</dev/sda>, F</dev/sdb>, ...
 * (F</dev/hdX> and F</dev/vdX> are accepted too) while the appliance
 * kernel names them F</dev/vda>, F</dev/vdb>, ...  Logical volumes
 * are shown as F</dev/VG/LV>.  The appliance's own root disk
 * (C<appliance_root_dev>) and its partitions must look as if they did
 * not exist, whatever name reaches them.
 */

#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "daemon.h"
#include "dm-name.h"

/* Longest device name accepted from a caller. */
#define MAX_DEVICE_NAME 256

/* If NAME (after "/dev/") is PREFIX + letters + digits, with PREFIX
 * one of sd, hd or vd, return the length of the part after PREFIX;
 * otherwise 0.  *DISK_LEN_R gets the length of the letters. */
static size_t
disk_name_tail (const char *name, size_t *disk_len_r)
{
  size_t letters, digits;

  if (strncmp (name, "sd", 2) != 0 && strncmp (name, "hd", 2) != 0 &&
      strncmp (name, "vd", 2) != 0)
    return 0;
  name += 2;
  letters = strspn (name, "abcdefghijklmnopqrstuvwxyz");
  digits = strspn (name + letters, "0123456789");
  if (letters == 0 || name[letters + digits] != '\0')
    return 0;
  if (disk_len_r)
    *disk_len_r = letters;
  return letters + digits;
}

/* True if the appliance name DEV (/dev/vdX[N]) is the appliance's own
 * disk or one of its partitions. */
static bool
is_appliance_name (const char *dev)
{
  size_t disk_len;
  const char *root = appliance_root_dev;

  if (root == NULL || root[0] == '\0')
    return false;
  if (strncmp (root, "/dev/", 5) == 0)
    root += 5;
  if (strncmp (dev, "/dev/vd", 7) != 0 ||
      disk_name_tail (dev + 5, &disk_len) == 0)
    return false;
  return strlen (root) == disk_len + 2 &&
    strncmp (dev + 5, root, disk_len + 2) == 0;
}

/* True if the block device RDEV is the appliance disk or lies on it
 * (sysfs puts partitions below their disk). */
static bool
is_appliance_rdev (dev_t rdev)
{
  char sys[64], real[PATH_MAX];
  const char *root = appliance_root_dev;
  char *comp, *save = NULL;

  if (root == NULL || root[0] == '\0')
    return false;
  if (strncmp (root, "/dev/", 5) == 0)
    root += 5;
  snprintf (sys, sizeof sys, "/sys/dev/block/%u:%u",
            major (rdev), minor (rdev));
  if (realpath (sys, real) == NULL)
    return false;
  for (comp = strtok_r (real, "/", &save); comp != NULL;
       comp = strtok_r (NULL, "/", &save))
    if (strcmp (comp, root) == 0)
      return true;
  return false;
}

/* Map a caller's name to the appliance's (sd/hd -> vd), malloc'd. */
static char *
map_to_internal (const char *device)
{
  char *ret;

  if (disk_name_tail (device + 5, NULL) == 0)
    return strdup (device);
  if (asprintf (&ret, "/dev/vd%s", device + 7) == -1)
    return NULL;
  return ret;
}

/**
 * The appliance's name of the caller's device name C<device>
 * (F</dev/sda1> -> F</dev/vda1>), malloc'd, or NULL on ENOMEM.  No
 * check is made that it exists.
 */
char *
device_map_internal (const char *device)
{
  return map_to_internal (device);
}

/**
 * Translate the caller's device name C<device> to the appliance's
 * (F</dev/sda1> -> F</dev/vda1>; other names such as F</dev/VG/LV>
 * or F</dev/mapper/NAME> are kept) and check that it is an existing
 * block device other than the appliance's own disk.  Returns a
 * malloc'd name, or NULL after replying with an error that names
 * C<device> as written.
 */
char *
device_to_internal (const char *device)
{
  CLEANUP_FREE char *internal = NULL;
  struct stat st;
  char *ret;

  if (strncmp (device, "/dev/", 5) != 0 || strstr (device, "..") ||
      strlen (device) > MAX_DEVICE_NAME || device[5] == '\0') {
    reply_with_error_errno (EINVAL, "%s: not a device name", device);
    return NULL;
  }
  internal = map_to_internal (device);
  if (internal == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  if (is_appliance_name (internal) || stat (internal, &st) == -1 ||
      (S_ISBLK (st.st_mode) && is_appliance_rdev (st.st_rdev))) {
    reply_with_error_errno (ENOENT, "%s: No such file or directory",
                            device);
    return NULL;
  }
  if (!S_ISBLK (st.st_mode)) {
    reply_with_error_errno (ENOTBLK, "%s: not a block device", device);
    return NULL;
  }
  ret = internal;
  internal = NULL;
  return ret;
}

/**
 * True if the appliance device name C<device> is the appliance's own
 * disk or lies on it (so that it must never be shown).  Sends no
 * reply.
 */
bool
is_appliance_device (const char *device)
{
  struct stat st;

  if (is_appliance_name (device))
    return true;
  return stat (device, &st) == 0 && S_ISBLK (st.st_mode) &&
    is_appliance_rdev (st.st_rdev);
}

/**
 * Read the first line of a small sysfs file into BUF (without the
 * newline).  Returns 0, or -1 if it cannot be read.
 */
int
read_sys_line (const char *path, char *buf, size_t size)
{
  CLEANUP_FCLOSE FILE *fp = fopen (path, "re");

  if (fp == NULL || fgets (buf, size, fp) == NULL)
    return -1;
  buf[strcspn (buf, "\n")] = '\0';
  return 0;
}

/* If DEVICE is an LVM logical volume (by device-mapper uuid), return
 * "/dev/VG/LV" malloc'd; NULL if it is not (errno 0) or on ENOMEM. */
static char *
lv_name (const char *device)
{
  struct stat st;
  char path[96], uuid[256], name[256], vg[256], lv[256];
  const char *p = name;
  char *ret;

  errno = 0;
  if (stat (device, &st) == -1 || !S_ISBLK (st.st_mode))
    return NULL;
  snprintf (path, sizeof path, "/sys/dev/block/%u:%u/dm/uuid",
            major (st.st_rdev), minor (st.st_rdev));
  if (read_sys_line (path, uuid, sizeof uuid) == -1 ||
      strncmp (uuid, "LVM-", 4) != 0)
    return NULL;
  snprintf (path, sizeof path, "/sys/dev/block/%u:%u/dm/name",
            major (st.st_rdev), minor (st.st_rdev));
  if (read_sys_line (path, name, sizeof name) == -1)
    return NULL;
  dm_name_part (&p, vg);
  dm_name_part (&p, lv);
  errno = 0;
  if (vg[0] == '\0' || lv[0] == '\0')
    return NULL;
  if (asprintf (&ret, "/dev/%s/%s", vg, lv) == -1) {
    errno = ENOMEM;
    return NULL;
  }
  return ret;
}

/**
 * Translate an appliance device name to the caller's view:
 * F</dev/vdXN> becomes F</dev/sdXN>, a device-mapper name of an LVM
 * logical volume (F</dev/mapper/VG-LV>, F</dev/dm-N>) becomes
 * F</dev/VG/LV>, anything else is copied.  Returns a malloc'd string,
 * or NULL with C<errno> set (no reply is sent: the caller replies).
 */
char *
device_to_external (const char *device)
{
  char *ret;

  if (strncmp (device, "/dev/vd", 7) == 0 &&
      disk_name_tail (device + 5, NULL) > 0) {
    ret = strdup (device);
    if (ret != NULL)
      ret[5] = 's';
    return ret;
  }
  if (strncmp (device, "/dev/mapper/", 12) == 0 ||
      strncmp (device, "/dev/dm-", 8) == 0) {
    ret = lv_name (device);
    if (ret != NULL || errno == ENOMEM)
      return ret;
  }
  return strdup (device);
}

/**
 * Replace every entry of the NULL-terminated C<list> by its
 * C<device_to_external> form.  Returns 0, or -1 with C<errno> set
 * (no reply is sent; entries already done stay translated).
 */
int
devices_to_external (char **list)
{
  size_t i;
  char *ext;

  for (i = 0; list != NULL && list[i] != NULL; i++) {
    ext = device_to_external (list[i]);
    if (ext == NULL)
      return -1;
    free (list[i]);
    list[i] = ext;
  }
  return 0;
}
