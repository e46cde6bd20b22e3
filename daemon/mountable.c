/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements mountables: a Mountable argument is either a
 * device (F</dev/sda1>, F</dev/VG/LV>) or a btrfs subvolume written
 * C<btrfsvol:DEVICE/SUBVOLUME> (F<btrfsvol:/dev/sda2/@home>).  The
 * generated dispatch turns the caller's form into the appliance's
 * (C<mountable_to_internal>); commands split it again with
 * C<mountable_parse>.  The device part is the shortest prefix that is
 * a block device; the subvolume part must be a relative path without
 * C<.> or C<..> components and without commas (it becomes a
 * C<subvol=> mount option).
 */

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon.h"
#include "mountable.h"

#define BTRFSVOL "btrfsvol:"
#define BTRFSVOL_LEN 9
/* Longest device part accepted. */
#define MAX_VOL_DEVICE 256

/**
 * True if C<m> is written as a btrfs subvolume (C<btrfsvol:...>).
 */
bool
is_btrfsvol (const char *m)
{
  return strncmp (m, BTRFSVOL, BTRFSVOL_LEN) == 0;
}

/**
 * True if C<vol> is an acceptable subvolume path: not empty, bounded,
 * relative, without empty, C<.> or C<..> components and without
 * commas.
 */
bool
btrfsvol_volume_ok (const char *vol)
{
  const char *p = vol;
  size_t len;

  if (vol[0] == '\0' || strlen (vol) > DAEMON_MAX_PATH || strchr (vol, ','))
    return false;
  while (*p) {
    len = strcspn (p, "/");
    if (len == 0 || (len == 1 && p[0] == '.') ||
        (len == 2 && p[0] == '.' && p[1] == '.'))
      return false;
    p += len;
    if (*p == '/' && *++p == '\0')
      return false;             /* trailing slash */
  }
  return true;
}

/* Appliance name of the device PREFIX if it is a block device of the
 * guest (malloc'd); NULL with errno ENOTBLK if it is a directory,
 * ENOENT if it is nothing usable, ENOMEM. */
static char *
prefix_device (const char *prefix)
{
  char *internal = device_map_internal (prefix);
  struct stat st;

  if (internal == NULL) {
    errno = ENOMEM;
    return NULL;
  }
  if (stat (internal, &st) == 0 && S_ISDIR (st.st_mode)) {
    free (internal);
    errno = ENOTBLK;
    return NULL;
  }
  if (stat (internal, &st) == -1 || !S_ISBLK (st.st_mode) ||
      is_appliance_device (internal)) {
    free (internal);
    errno = ENOENT;
    return NULL;
  }
  return internal;
}

/* Split the "/dev/..." part S of a btrfsvol into the appliance device
 * and the volume (both malloc'd).  0, or -1 with errno set. */
static int
split_btrfsvol (const char *s, char **device_r, char **volume_r)
{
  char prefix[MAX_VOL_DEVICE + 1];
  const char *slash = s + 5;
  size_t len;

  if (strncmp (s, "/dev/", 5) != 0 || strstr (s, "/../")) {
    errno = EINVAL;
    return -1;
  }
  while ((slash = strchr (slash, '/')) != NULL) {
    len = slash - s;
    if (len > MAX_VOL_DEVICE)
      break;
    memcpy (prefix, s, len);
    prefix[len] = '\0';
    *device_r = prefix_device (prefix);
    if (*device_r != NULL)
      break;
    if (errno != ENOTBLK)
      return -1;
    slash++;
  }
  if (slash == NULL || *device_r == NULL) {
    errno = slash == NULL ? EINVAL : ENOENT;
    return -1;
  }
  if (!btrfsvol_volume_ok (slash + 1) || (*volume_r = strdup (slash + 1)) == NULL) {
    errno = btrfsvol_volume_ok (slash + 1) ? ENOMEM : EINVAL;
    free (*device_r);
    *device_r = NULL;
    return -1;
  }
  return 0;
}

/**
 * Split the mountable C<m> (either form, caller's or appliance's
 * names) into the appliance's device name and the subvolume (NULL
 * for a plain device), both malloc'd.  Sends no reply.  Returns 0,
 * or -1 with C<errno> EINVAL (malformed), ENOENT (no such device) or
 * ENOMEM.
 */
int
mountable_parse (const char *m, char **device_r, char **volume_r)
{
  *device_r = *volume_r = NULL;
  if (!is_btrfsvol (m)) {
    *device_r = device_map_internal (m);
    if (*device_r == NULL)
      errno = ENOMEM;
    return *device_r ? 0 : -1;
  }
  return split_btrfsvol (m + BTRFSVOL_LEN, device_r, volume_r);
}

/**
 * Check the caller's mountable C<m> and return the appliance's form
 * (malloc'd): a device as C<device_to_internal> gives it, or
 * C<btrfsvol:/dev/vdXN/VOLUME>.  NULL after replying with an error
 * that names C<m>.
 */
char *
mountable_to_internal (const char *m)
{
  CLEANUP_FREE char *device = NULL, *volume = NULL;
  char *ret;

  if (!is_btrfsvol (m))
    return device_to_internal (m);
  if (mountable_parse (m, &device, &volume) == -1) {
    if (errno == ENOENT)
      reply_with_error_errno (ENOENT, "%s: no such device", m);
    else if (errno == EINVAL)
      reply_with_error_errno (EINVAL, "%s: expecting "
                              "btrfsvol:/dev/DEVICE/SUBVOLUME", m);
    else
      reply_with_perror ("%s", m);
    return NULL;
  }
  if (asprintf (&ret, BTRFSVOL "%s/%s", device, volume) == -1) {
    reply_with_perror ("asprintf");
    return NULL;
  }
  return ret;
}

/**
 * The caller's name of the appliance mountable C<m> (malloc'd):
 * devices as C<device_to_external> gives them, subvolumes as
 * C<btrfsvol:/dev/sdXN/VOLUME>.  NULL with C<errno> set; no reply.
 */
char *
mountable_to_external (const char *m)
{
  CLEANUP_FREE char *device = NULL, *volume = NULL, *ext = NULL;
  char *ret;

  if (!is_btrfsvol (m))
    return device_to_external (m);
  if (mountable_parse (m, &device, &volume) == -1 ||
      (ext = device_to_external (device)) == NULL)
    return NULL;
  if (asprintf (&ret, BTRFSVOL "%s/%s", ext, volume) == -1)
    return NULL;
  return ret;
}

/**
 * The appliance device holding the mountable C<m> (malloc'd), NULL
 * after replying.
 */
char *
mountable_device_or_reply (const char *m)
{
  char *device = NULL, *volume = NULL;

  if (mountable_parse (m, &device, &volume) == -1) {
    reply_with_perror ("%s", m);
    return NULL;
  }
  free (volume);
  return device;
}
