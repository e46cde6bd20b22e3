/* guestkit — virt-filesystems: the filesystems, partitions, block
 * devices and LVM objects of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the LVM rows of virt-filesystems: logical
 * volumes (F</dev/VG/LV>, parent F</dev/VG>), volume groups (parents:
 * their physical volumes, found by matching the PV UUIDs the VG lists
 * against those of the PVs) and physical volumes (no parents), with
 * the sizes and UUIDs LVM reports.
 */

#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "filesystems.h"

/* A 32-character UUID field of an LVM struct, as a string. */
static char *
uuid_string (const char uuid[32])
{
  char buf[33];

  memcpy (buf, uuid, 32);
  buf[32] = '\0';
  return fs_xstrdup (buf);
}

/** One row per logical volume.  0, or -1 after the library's error. */
int
fs_collect_lvs (guestfs_h *g, struct fs_table *t)
{
  CLEANUP_FREE_STRING_LIST char **lvs = guestfs_lvs (g);
  const bool *col = fs_settings.columns;
  struct fs_row *r;
  char *slash;

  if (lvs == NULL)
    return -1;
  for (size_t i = 0; lvs[i] != NULL; i++) {
    r = fs_new_row (t, "lv");
    r->name = fs_xstrdup (lvs[i]);
    if (col[COL_SIZE] && (r->size = guestfs_blockdev_getsize64 (g, lvs[i])) < 0)
      return -1;
    if (col[COL_UUID] && (r->uuid = guestfs_lvuuid (g, lvs[i])) == NULL)
      return -1;
    if (!col[COL_PARENTS])
      continue;
    if ((r->parents = calloc (2, sizeof *r->parents)) == NULL)
      fs_oom ();
    r->parents[0] = fs_xstrdup (lvs[i]);
    if ((slash = strrchr (r->parents[0], '/')) != NULL)
      *slash = '\0';
  }
  return 0;
}

/* Whether the PV UUID A as vgpvuuids gives it (maybe with dashes)
 * is the 32 characters B. */
static bool
same_pv_uuid (const char *a, const char b[32])
{
  for (size_t i = 0; i < 32; i++, a++) {
    while (*a && !isalnum ((unsigned char) *a))
      a++;
    if (*a != b[i])
      return false;
  }
  return true;
}

/* The PVs of volume group VG (canonical names; a PV not found is
 * shown by its UUID); NULL after the library's error. */
static char **
parents_of_vg (guestfs_h *g, const char *vg,
               const struct guestfs_lvm_pv_list *pvs)
{
  CLEANUP_FREE_STRING_LIST char **uuids = guestfs_vgpvuuids (g, vg);
  size_t n = uuids ? guestkit_count_strings (uuids) : 0, j;
  char **p;

  if (uuids == NULL)
    return NULL;
  if ((p = calloc (n + 1, sizeof *p)) == NULL)
    fs_oom ();
  for (size_t i = 0; i < n; i++) {
    for (j = 0; j < pvs->len && !same_pv_uuid (uuids[i], pvs->val[j].pv_uuid);
         j++)
      ;
    p[i] = j < pvs->len
           ? guestfs_canonical_device_name (g, pvs->val[j].pv_name)
           : fs_xstrdup (uuids[i]);
    if (p[i] == NULL) {
      guestkit_free_string_list (p);
      return NULL;
    }
  }
  return p;
}

/** One row per volume group.  0, or -1 after the library's error. */
int
fs_collect_vgs (guestfs_h *g, struct fs_table *t)
{
  struct guestfs_lvm_vg_list *vgs = guestfs_vgs_full (g);
  struct guestfs_lvm_pv_list *pvs = vgs ? guestfs_pvs_full (g) : NULL;
  struct fs_row *r;
  int ret = pvs ? 0 : -1;

  for (size_t i = 0; ret == 0 && i < vgs->len; i++) {
    r = fs_new_row (t, "vg");
    if (asprintf (&r->name, "/dev/%s", vgs->val[i].vg_name) == -1)
      fs_oom ();
    r->uuid = uuid_string (vgs->val[i].vg_uuid);
    r->size = vgs->val[i].vg_size > INT64_MAX ? -1
              : (int64_t) vgs->val[i].vg_size;
    r->parents = parents_of_vg (g, vgs->val[i].vg_name, pvs);
    if (r->parents == NULL)
      ret = -1;
  }
  if (vgs)
    guestfs_free_lvm_vg_list (vgs);
  if (pvs)
    guestfs_free_lvm_pv_list (pvs);
  return ret;
}

/** One row per physical volume.  0, or -1 after the library's error. */
int
fs_collect_pvs (guestfs_h *g, struct fs_table *t)
{
  struct guestfs_lvm_pv_list *pvs = guestfs_pvs_full (g);
  struct fs_row *r;
  int ret = pvs ? 0 : -1;

  for (size_t i = 0; ret == 0 && i < pvs->len; i++) {
    r = fs_new_row (t, "pv");
    r->name = guestfs_canonical_device_name (g, pvs->val[i].pv_name);
    r->uuid = uuid_string (pvs->val[i].pv_uuid);
    r->size = pvs->val[i].pv_size > INT64_MAX ? -1
              : (int64_t) pvs->val[i].pv_size;
    if ((r->parents = calloc (1, sizeof *r->parents)) == NULL)
      fs_oom ();
    if (r->name == NULL)
      ret = -1;
  }
  if (pvs)
    guestfs_free_lvm_pv_list (pvs);
  return ret;
}
