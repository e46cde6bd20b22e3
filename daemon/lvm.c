/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the LVM commands C<pvcreate>, C<vgcreate>,
 * C<lvcreate>, C<pvs>, C<vgs> and C<lvs> by running C<lvm>.
 *
 * The appliance's F</etc/lvm/lvm.conf> turns off udev, daemons and
 * metadata backups, so lvm creates the F</dev/VG/LV> nodes itself.
 * Listings use C<--noheadings -o FIELD>; device names are shown as
 * the caller sees them and logical volumes as F</dev/VG/LV>.
 */

#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "actions.h"

#include "lvm-int.h"

/**
 * Tidy a program's message C<err> in place for the caller: no
 * surrounding blanks, appliance device names (F</dev/vdX>) as the
 * caller knows them (F</dev/sdX>).  Returns C<err>.
 */
char *
lvm_tidy_message (char *err)
{
  char *p = err;

  while ((p = strstr (p, "/dev/vd")) != NULL)
    p[5] = 's';
  return lvm_trim (err);
}

/**
 * Run lvm (or mdadm, cryptsetup: any program whose messages name
 * devices) with C<argv>; its stdout goes to C<*out_r> (malloc'd, the
 * caller frees it) if C<out_r> is not NULL.  Returns 0, or -1 after
 * replying with the program's message, device names as the caller
 * knows them.
 */
int
lvm_run (const char *const *argv, char **out_r)
{
  CLEANUP_FREE char *err = NULL;

  if (commandv (out_r, &err, argv) == -1) {
    if (err && err[0])
      reply_with_error ("%s", lvm_tidy_message (err));
    else
      reply_with_error ("%s failed", argv[0]);
    if (out_r) {
      free (*out_r);
      *out_r = NULL;
    }
    return -1;
  }
  if (out_r && *out_r == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  return 0;
}

/**
 * Check a VG or LV name as LVM would.  Returns 0, or -1 after
 * replying.
 */
int
lvm_check_name (const char *what, const char *name)
{
  size_t len = strlen (name);

  if (len == 0 || len > LVM_MAX_NAME || name[0] == '-' ||
      strcmp (name, ".") == 0 || strcmp (name, "..") == 0 ||
      strspn (name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
              "0123456789+_.-") != len) {
    reply_with_error ("%s: invalid %s name", name, what);
    return -1;
  }
  return 0;
}

/**
 * Make C<device> an LVM physical volume (wiping what was on it).
 */
int
do_pvcreate (const char *device)
{
  const char *argv[] = { "lvm", "pvcreate", "-ff", "-y", device, NULL };

  return lvm_run (argv, NULL);
}

/**
 * Create the volume group C<volgroup> from the physical volumes
 * C<physvols>.
 */
int
do_vgcreate (const char *volgroup, char *const *physvols)
{
  DECLARE_STRINGSBUF (args);
  size_t i;
  int r = -1;

  if (lvm_check_name ("volume group", volgroup) == -1)
    return -1;
  if (physvols == NULL || physvols[0] == NULL) {
    reply_with_error ("no physical volumes given");
    return -1;
  }
  if (add_string (&args, "lvm") == 0 && add_string (&args, "vgcreate") == 0 &&
      add_string (&args, volgroup) == 0) {
    for (i = 0; physvols[i] != NULL; i++)
      if (add_string (&args, physvols[i]) == -1)
        break;
    if (physvols[i] == NULL && end_stringsbuf (&args) == 0)
      r = lvm_run ((const char *const *) args.argv, NULL);
  }
  free_stringsbuf (&args);
  return r;
}

/**
 * Create the logical volume C<logvol> of C<mbytes> MiB in
 * C<volgroup>.
 */
int
do_lvcreate (const char *logvol, const char *volgroup, int mbytes)
{
  char size[32];
  const char *argv[] = {
    "lvm", "lvcreate", "-L", size, "-n", logvol, "-y", volgroup, NULL
  };

  if (lvm_check_name ("logical volume", logvol) == -1 ||
      lvm_check_name ("volume group", volgroup) == -1)
    return -1;
  if (mbytes <= 0) {
    reply_with_error ("mbytes must be positive");
    return -1;
  }
  snprintf (size, sizeof size, "%dm", mbytes);
  return lvm_run (argv, NULL);
}

/**
 * Strip leading and trailing blanks of C<s> in place; return it.
 */
char *
lvm_trim (char *s)
{
  char *end;

  while (isspace ((unsigned char) *s))
    s++;
  end = s + strlen (s);
  while (end > s && isspace ((unsigned char) end[-1]))
    *--end = '\0';
  return s;
}

/**
 * Run a listing and add each non-empty, trimmed line of its output,
 * passed through C<convert> (NULL: as is; "" drops the line), to a
 * sorted list.  Returns the list (the caller frees it) or NULL after
 * replying.
 */
char **
lvm_list (const char *const *argv, char *(*convert) (const char *line))
{
  CLEANUP_FREE char *out = NULL;
  DECLARE_STRINGSBUF (sb);
  char *line, *save = NULL, *item;

  if (lvm_run (argv, &out) == -1)
    return NULL;
  for (line = strtok_r (out, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    line = lvm_trim (line);
    if (line[0] == '\0')
      continue;
    item = convert ? convert (line) : strdup (line);
    if (item != NULL && item[0] == '\0') {
      free (item);              /* skipped by CONVERT */
      continue;
    }
    if (item == NULL) {
      reply_with_perror ("malloc");
      goto fail;
    }
    if (add_string_nodup (&sb, item) == -1)
      goto fail;
  }
  sort_strings (sb.argv, sb.size);
  if (end_stringsbuf (&sb) == -1)
    goto fail;
  return take_stringsbuf (&sb);

 fail:
  free_stringsbuf (&sb);
  return NULL;
}

/**
 * lvm_list, for the listings of every PV, VG or LV: without an LVM
 * label anywhere the answer is the empty list, and lvm need not run.
 */
char **
lvm_list_all (const char *const *argv, char *(*convert) (const char *line))
{
  DECLARE_STRINGSBUF (sb);

  if (lvm_maybe_present ())
    return lvm_list (argv, convert);
  if (end_stringsbuf (&sb) == -1)
    return NULL;
  return take_stringsbuf (&sb);
}

/* "VG:LV:ATTR" -> "/dev/VG/LV"; "" for thin pools (not usable as
 * block devices).  NULL on ENOMEM. */
static char *
lv_path (const char *line)
{
  const char *colon = strchr (line, ':');
  const char *attr = colon ? strchr (colon + 1, ':') : NULL;
  char *ret;

  if (colon == NULL || attr == NULL || attr[1] == 't')
    return strdup ("");
  if (asprintf (&ret, "/dev/%.*s/%.*s", (int) (colon - line), line,
                (int) (attr - colon - 1), colon + 1) == -1)
    return NULL;
  return ret;
}

/**
 * List the physical volumes (devices, as the caller names them).
 */
char **
do_pvs (void)
{
  const char *argv[] = {
    "lvm", "pvs", "--noheadings", "-o", "pv_name", NULL
  };

  return lvm_list_all (argv, device_to_external);
}

/**
 * List the volume group names.
 */
char **
do_vgs (void)
{
  const char *argv[] = {
    "lvm", "vgs", "--noheadings", "-o", "vg_name", NULL
  };

  return lvm_list_all (argv, NULL);
}

/**
 * List the logical volumes as F</dev/VG/LV>.
 */
char **
do_lvs (void)
{
  const char *argv[] = {
    "lvm", "lvs", "--noheadings", "--separator", ":",
    "-o", "vg_name,lv_name,lv_attr", NULL
  };

  return lvm_list_all (argv, lv_path);
}
