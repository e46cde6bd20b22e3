/* guestkit — canonical device names.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements C<canonical_device_name>, which puts device
 * names in the form the library shows them: F</dev/sdX[N]> for disks
 * and partitions, F</dev/VG/LV> for logical volumes.
 */

#include <config.h>

#include <string.h>

#include "guestfs-internal.h"
#include "guestfs-internal-actions.h"
#include "dm-name.h"

#define LETTERS "abcdefghijklmnopqrstuvwxyz"

/* True if NAME is /dev/{hd,vd}LETTERS[DIGITS]. */
static bool
is_hd_or_vd (const char *name)
{
  size_t letters;

  if (strncmp (name, "/dev/hd", 7) != 0 && strncmp (name, "/dev/vd", 7) != 0)
    return false;
  letters = strspn (name + 7, LETTERS);
  return letters > 0 &&
    strspn (name + 7 + letters, "0123456789") == strlen (name + 7 + letters);
}

/* If /dev/mapper/NAME is a logical volume of the launched appliance,
 * return "/dev/VG/LV" (malloc'd); else NULL. */
static char *
lv_of_mapper (guestfs_h *g, const char *name)
{
  CLEANUP_FREE char *vg = safe_malloc (g, strlen (name) + 1);
  CLEANUP_FREE char *lv = safe_malloc (g, strlen (name) + 1);
  CLEANUP_FREE char *cand = NULL;
  CLEANUP_FREE_STRING_LIST char **lvs = NULL;
  const char *p = name;
  size_t i;

  dm_name_part (&p, vg);
  dm_name_part (&p, lv);
  if (!*vg || !*lv || *p || g->state != READY)
    return NULL;
  cand = safe_asprintf (g, "/dev/%s/%s", vg, lv);
  guestfs_push_error_handler (g, NULL, NULL);
  lvs = guestfs_lvs (g);
  guestfs_pop_error_handler (g);
  for (i = 0; lvs && lvs[i]; i++)
    if (strcmp (lvs[i], cand) == 0)
      return safe_strdup (g, cand);
  return NULL;
}

char *
guestfs_impl_canonical_device_name (guestfs_h *g, const char *device)
{
  char *ret;

  if (is_hd_or_vd (device)) {
    ret = safe_strdup (g, device);
    ret[5] = 's';
    return ret;
  }
  if (strncmp (device, "/dev/mapper/", 12) == 0) {
    ret = lv_of_mapper (g, device + 12);
    if (ret)
      return ret;
  }
  return safe_strdup (g, device);
}
