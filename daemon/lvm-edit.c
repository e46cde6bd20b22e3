/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the LVM commands that change or remove what
 * exists: C<pvremove>, C<pvresize>, C<pvresize_size>, C<vgremove>,
 * C<vgrename>, C<lvcreate_free>, C<lvremove>, C<lvrename>,
 * C<lvresize>, C<lvresize_free> and C<lvm_remove_all>.
 *
 * Every VG or LV name is checked before it reaches lvm's command line,
 * so that no caller string can be taken for an option.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"
#include "lvm-int.h"

/**
 * Wipe the LVM label of C<device>; lvm refuses while a VG uses it.
 */
int
do_pvremove (const char *device)
{
  const char *argv[] = { "lvm", "pvremove", "-y", device, NULL };

  return lvm_run (argv, NULL);
}

/**
 * Grow or shrink the PV C<device> to the size of the device.
 */
int
do_pvresize (const char *device)
{
  const char *argv[] = { "lvm", "pvresize", device, NULL };

  return lvm_run (argv, NULL);
}

/**
 * Set the size of the PV C<device> to C<size> bytes.
 */
int
do_pvresize_size (const char *device, int64_t size)
{
  char sz[32];
  const char *argv[] = {
    "lvm", "pvresize", "-y", "--setphysicalvolumesize", sz, device, NULL
  };

  if (size <= 0) {
    reply_with_error ("size must be positive");
    return -1;
  }
  snprintf (sz, sizeof sz, "%" PRIi64 "b", size);
  return lvm_run (argv, NULL);
}

/**
 * Remove the VG C<vgname> with all its LVs.
 */
int
do_vgremove (const char *vgname)
{
  const char *argv[] = { "lvm", "vgremove", "-f", "-y", vgname, NULL };

  if (lvm_check_name ("volume group", vgname) == -1)
    return -1;
  return lvm_run (argv, NULL);
}

/**
 * Rename the VG C<volgroup> to C<newvolgroup>.
 */
int
do_vgrename (const char *volgroup, const char *newvolgroup)
{
  const char *argv[] = { "lvm", "vgrename", volgroup, newvolgroup, NULL };

  if (lvm_check_name ("volume group", volgroup) == -1 ||
      lvm_check_name ("volume group", newvolgroup) == -1)
    return -1;
  return lvm_run (argv, NULL);
}

/* A percentage of free space: 1..100.  0 or -1 after replying. */
static int
check_percent (int percent)
{
  if (percent <= 0 || percent > 100) {
    reply_with_error ("percent must be between 1 and 100");
    return -1;
  }
  return 0;
}

/**
 * Create the LV C<logvol> in C<volgroup> over C<percent> % of the
 * VG's free space.
 */
int
do_lvcreate_free (const char *logvol, const char *volgroup, int percent)
{
  char size[32];
  const char *argv[] = {
    "lvm", "lvcreate", "-l", size, "-n", logvol, "-y", volgroup, NULL
  };

  if (lvm_check_name ("logical volume", logvol) == -1 ||
      lvm_check_name ("volume group", volgroup) == -1 ||
      check_percent (percent) == -1)
    return -1;
  snprintf (size, sizeof size, "%d%%FREE", percent);
  return lvm_run (argv, NULL);
}

/**
 * Remove the LV C<device> (F</dev/VG/LV>), or every LV of a VG when
 * given F</dev/VG>.
 */
int
do_lvremove (const char *device)
{
  const char *argv[] = { "lvm", "lvremove", "-f", NULL, NULL };
  CLEANUP_FREE char *dev = NULL;
  struct stat st;

  if (strncmp (device, "/dev/", 5) == 0 && strchr (device + 5, '/') == NULL &&
      stat (device, &st) == 0 && S_ISDIR (st.st_mode)) {
    if (lvm_check_name ("volume group", device + 5) == -1)
      return -1;
    argv[3] = device + 5;
    return lvm_run (argv, NULL);
  }
  dev = device_to_internal (device);
  if (dev == NULL)
    return -1;
  argv[3] = dev;
  return lvm_run (argv, NULL);
}

/* Split an LV name ("/dev/VG/LV", "VG/LV" or, if BARE_OK, "LV") and
 * check its parts; return "VG/LV" or "LV" (malloc'd), or NULL after
 * replying. */
static char *
lv_arg (const char *name, bool bare_ok)
{
  const char *p = strncmp (name, "/dev/", 5) == 0 ? name + 5 : name;
  const char *slash = strchr (p, '/');
  char vg[LVM_MAX_NAME + 1];
  char *ret;

  if (slash == NULL) {
    if (!bare_ok) {
      reply_with_error ("%s: not a logical volume name (/dev/VG/LV)", name);
      return NULL;
    }
    if (lvm_check_name ("logical volume", p) == -1)
      return NULL;
    return strdup (p);
  }
  if ((size_t) (slash - p) > LVM_MAX_NAME) {
    reply_with_error ("%s: volume group name too long", name);
    return NULL;
  }
  snprintf (vg, sizeof vg, "%.*s", (int) (slash - p), p);
  if (lvm_check_name ("volume group", vg) == -1 ||
      lvm_check_name ("logical volume", slash + 1) == -1)
    return NULL;
  ret = strdup (p);
  if (ret == NULL)
    reply_with_perror ("strdup");
  return ret;
}

/**
 * Rename the LV C<logvol> (F</dev/VG/LV>) to C<newlogvol>
 * (F</dev/VG/NEW>, or just the new name).
 */
int
do_lvrename (const char *logvol, const char *newlogvol)
{
  CLEANUP_FREE char *from = lv_arg (logvol, false);
  CLEANUP_FREE char *to = from ? lv_arg (newlogvol, true) : NULL;
  const char *argv[] = { "lvm", "lvrename", from, to, NULL };

  if (from == NULL || to == NULL)
    return -1;
  return lvm_run (argv, NULL);
}

/**
 * Resize the LV C<device> to C<mbytes> MiB (shrinking loses data).
 */
int
do_lvresize (const char *device, int mbytes)
{
  char size[32];
  const char *argv[] = {
    "lvm", "lvresize", "--force", "-L", size, device, NULL
  };

  if (mbytes <= 0) {
    reply_with_error ("mbytes must be positive");
    return -1;
  }
  snprintf (size, sizeof size, "%dm", mbytes);
  return lvm_run (argv, NULL);
}

/**
 * Grow the LV C<lv> by C<percent> % of its VG's free space.
 */
int
do_lvresize_free (const char *lv, int percent)
{
  char size[32];
  const char *argv[] = { "lvm", "lvresize", "-l", size, lv, NULL };

  if (check_percent (percent) == -1)
    return -1;
  snprintf (size, sizeof size, "+%d%%FREE", percent);
  return lvm_run (argv, NULL);
}

/* Run "lvm VERB OPTS... NAME" for each name in LIST.  0 or -1 after
 * replying. */
static int
each_name (char **list, const char *verb, const char *opt)
{
  size_t i;

  for (i = 0; list[i] != NULL; i++) {
    const char *argv[] = { "lvm", verb, opt, "-y", list[i], NULL };
    if (list[i][0] == '-') {    /* never an option */
      reply_with_error ("%s: invalid name", list[i]);
      return -1;
    }
    if (lvm_run (argv, NULL) == -1)
      return -1;
  }
  return 0;
}

/**
 * Remove every LV, VG and PV.
 */
int
do_lvm_remove_all (void)
{
  const char *vgs[] = {
    "lvm", "vgs", "--noheadings", "-o", "vg_name", NULL
  };
  const char *pvs[] = {
    "lvm", "pvs", "--noheadings", "-o", "pv_name", NULL
  };
  CLEANUP_FREE_STRING_LIST char **vg_list = lvm_list_all (vgs, NULL);
  CLEANUP_FREE_STRING_LIST char **pv_list = NULL;

  if (vg_list == NULL || each_name (vg_list, "vgremove", "-f") == -1)
    return -1;
  pv_list = lvm_list_all (pvs, NULL);
  if (pv_list == NULL || each_name (pv_list, "pvremove", "-ff") == -1)
    return -1;
  return 0;
}
