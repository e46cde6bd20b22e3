/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<lvm_set_filter>, C<lvm_clear_filter>,
 * C<lvm_scan>, C<vg_activate>, C<vg_activate_all>,
 * C<lvm_canonical_lv_name> and C<is_lv>.
 *
 * The appliance's F</etc> is read-only, so a filter lives in a copy
 * of F</etc/lvm/lvm.conf> under F</run/guestkit-lvm>, and the daemon
 * points C<LVM_SYSTEM_DIR> there: every later lvm run (of any command)
 * inherits it.  Clearing the filter drops the variable again.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "daemon.h"
#include "actions.h"
#include "lvm-int.h"

#define LVM_CONF "/etc/lvm/lvm.conf"
#define FILTER_DIR "/run/guestkit-lvm"

/* Deactivate (ON false) or activate every VG.  0 or -1 after
 * replying. */
static int
activate_all (bool on)
{
  const char *argv[] = { "lvm", "vgchange", "-a", on ? "y" : "n", NULL };

  return lvm_run (argv, NULL);
}

/* Append to F the filter entry accepting DEV (an appliance device
 * name: a whole disk /dev/vdX also accepts its partitions).  Characters other
 * than [A-Za-z0-9/_-] are written as bracket expressions so the
 * regex matches them literally.  0 or -1 (EINVAL: a name we cannot
 * quote). */
static int
write_entry (FILE *f, const char *dev)
{
  const char *p;
  size_t len = strlen (dev);

  fputs ("\"a|^", f);
  for (p = dev; *p; p++) {
    if (strchr ("|\"\\[]^", *p) || (unsigned char) *p < ' ' || *p == 127) {
      errno = EINVAL;
      return -1;
    }
    if (strchr ("./_-", *p) || (*p >= '0' && *p <= '9') ||
        (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
      fputc (*p, f);
    else
      fprintf (f, "[%c]", *p);
  }
  if (strncmp (dev, "/dev/vd", 7) == 0 && dev[len - 1] >= 'a' &&
      dev[len - 1] <= 'z')
    fputs ("[0-9]*", f);
  fputs ("$|\", ", f);
  return 0;
}

/* True if LINE (a line of lvm.conf) sets KEY. */
static bool
sets_key (const char *line, const char *key)
{
  size_t n = strlen (key);

  line += strspn (line, " \t");
  return strncmp (line, key, n) == 0 && line[n + strspn (line + n, " \t")] == '=';
}

/* Copy lvm.conf to F, with both filters replaced by DEVICES.  0 or
 * -1 with errno set. */
static int
write_conf (FILE *f, char *const *devices)
{
  CLEANUP_FREE char *line = NULL;
  FILE *in = fopen (LVM_CONF, "re");
  size_t alloc = 0, i;
  int r = 0;

  if (in == NULL)
    return -1;
  while (r == 0 && getline (&line, &alloc, in) != -1) {
    if (!sets_key (line, "filter") && !sets_key (line, "global_filter")) {
      fputs (line, f);
      continue;
    }
    fputs (sets_key (line, "filter") ? "\tfilter = [ " : "\tglobal_filter = [ ", f);
    for (i = 0; r == 0 && devices[i] != NULL; i++)
      r = write_entry (f, devices[i]);
    fputs ("\"r|.*|\" ]\n", f);
  }
  fclose (in);
  return r;
}

/* Write the filtered configuration and point LVM_SYSTEM_DIR at it.
 * 0 or -1 after replying. */
static int
install_filter (char *const *devices)
{
  FILE *f;
  int r;

  if (mkdir (FILTER_DIR, 0700) == -1 && errno != EEXIST) {
    reply_with_perror ("mkdir: %s", FILTER_DIR);
    return -1;
  }
  f = fopen (FILTER_DIR "/lvm.conf.new", "we");
  if (f == NULL) {
    reply_with_perror ("%s", FILTER_DIR "/lvm.conf.new");
    return -1;
  }
  r = write_conf (f, devices);
  if (fclose (f) == EOF)
    r = -1;
  if (r == 0)
    r = rename (FILTER_DIR "/lvm.conf.new", FILTER_DIR "/lvm.conf");
  if (r == -1) {
    reply_with_perror ("writing the LVM filter");
    return -1;
  }
  if (setenv ("LVM_SYSTEM_DIR", FILTER_DIR, 1) == -1) {
    reply_with_perror ("setenv");
    return -1;
  }
  return 0;
}

/* Deactivate all VGs, install the filter for DEVICES (NULL: none),
 * rescan and activate what is visible.  0 or -1 after replying. */
static int
refilter (char *const *devices)
{
  const char *scan[] = { "lvm", "vgscan", NULL };

  const char *on[] = { "lvm", "vgchange", "-a", "y", NULL };

  if (activate_all (false) == -1)
    return -1;
  if (devices) {
    if (install_filter (devices) == -1) {
      commandv (NULL, NULL, on);     /* undo the deactivation */
      return -1;
    }
  }
  else
    unsetenv ("LVM_SYSTEM_DIR");
  if (lvm_run (scan, NULL) == -1)
    return -1;
  return activate_all (true);
}

/**
 * Let LVM see only C<devices> (and, for whole disks, their
 * partitions).
 */
int
do_lvm_set_filter (char *const *devices)
{
  return refilter (devices);
}

/**
 * Let LVM see every device again.
 */
int
do_lvm_clear_filter (void)
{
  return refilter (NULL);
}

/**
 * Rescan the devices for LVM; with C<activate>, activate what is found.
 */
int
do_lvm_scan (int activate)
{
  const char *argv[] = { "lvm", "vgscan", NULL };

  if (lvm_run (argv, NULL) == -1)
    return -1;
  return activate ? activate_all (true) : 0;
}

/**
 * Activate (or deactivate) the LVs of the VGs C<volgroups> (all VGs
 * if the list is empty).
 */
int
do_vg_activate (int activate, char *const *volgroups)
{
  DECLARE_STRINGSBUF (args);
  size_t i;
  int r = -1;

  if (add_string (&args, "lvm") == -1 || add_string (&args, "vgchange") == -1 ||
      add_string (&args, "-a") == -1 ||
      add_string (&args, activate ? "y" : "n") == -1)
    goto out;
  for (i = 0; volgroups && volgroups[i] != NULL; i++)
    if (lvm_check_name ("volume group", volgroups[i]) == -1 ||
        add_string (&args, volgroups[i]) == -1)
      goto out;
  if (end_stringsbuf (&args) == 0)
    r = lvm_run ((const char *const *) args.argv, NULL);
 out:
  free_stringsbuf (&args);
  return r;
}

/**
 * Activate (or deactivate) the LVs of every VG.
 */
int
do_vg_activate_all (int activate)
{
  return activate_all (activate);
}

/* Find the active LV whose device is DEVICE; *NAME_R gets
 * "/dev/VG/LV" (malloc'd) or NULL if it is no LV.  0, or -1 after
 * replying. */
static int
find_lv (const char *device, char **name_r)
{
  const char *argv[] = {
    "lvm", "lvs", "--noheadings", "--separator", "|",
    "-o", "vg_name,lv_name,lv_kernel_major,lv_kernel_minor", NULL
  };
  CLEANUP_FREE char *out = NULL;
  char *line, *save = NULL, vg[LVM_MAX_NAME + 1], lv[LVM_MAX_NAME + 1];
  unsigned maj, min;
  struct stat st;

  *name_r = NULL;
  if (stat (device, &st) == -1) {
    reply_with_perror ("%s", device);
    return -1;
  }
  if (!S_ISBLK (st.st_mode))
    return 0;
  if (lvm_run (argv, &out) == -1)
    return -1;
  for (line = strtok_r (out, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save))
    if (sscanf (lvm_trim (line), "%127[^|]|%127[^|]|%u|%u", vg, lv,
                &maj, &min) == 4 &&
        maj == major (st.st_rdev) && min == minor (st.st_rdev)) {
      if (asprintf (name_r, "/dev/%s/%s", vg, lv) == -1) {
        reply_with_perror ("asprintf");
        return -1;
      }
      break;
    }
  return 0;
}

/**
 * Return the F</dev/VG/LV> name of the LV C<lvname> (which may be
 * given as F</dev/mapper/VG-LV> or F</dev/dm-N>); EINVAL if it is
 * not an LV.
 */
char *
do_lvm_canonical_lv_name (const char *lvname)
{
  char *ret;

  if (find_lv (lvname, &ret) == -1)
    return NULL;
  if (ret == NULL) {
    CLEANUP_FREE char *ext = device_to_external (lvname);
    reply_with_error_errno (EINVAL, "%s: not a logical volume",
                            ext ? ext : lvname);
  }
  return ret;
}

/**
 * True if C<mountable> is an LVM logical volume.
 */
int
do_is_lv (const char *mountable)
{
  CLEANUP_FREE char *name = NULL;

  if (strncmp (mountable, "btrfsvol:", 9) == 0)
    return 0;                   /* a btrfs subvolume */
  if (find_lv (mountable, &name) == -1)
    return -1;
  return name != NULL;
}
