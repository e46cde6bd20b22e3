/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the XFS calls: C<xfs_info> (the geometry
 * printed by C<xfs_db -c info>, parsed into the xfsinfo struct),
 * C<xfs_growfs>, C<xfs_admin> and C<xfs_repair>.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <mntent.h>

#include "daemon.h"
#include "actions.h"

#define UNSET32 UINT32_MAX
#define UNSET64 UINT64_MAX

/*-- xfs_info --*/

/* Store the value of KEY (in SECTION) into the struct. */
static void
set_field (guestfs_int_xfsinfo *x, const char *section, const char *key,
           const char *value)
{
  uint64_t v = strtoull (value, NULL, 10);
  uint32_t v32 = v > UINT32_MAX ? UNSET32 : (uint32_t) v;
  bool meta = strcmp (section, "meta-data") == 0;
  bool data = strcmp (section, "data") == 0;
  bool naming = strcmp (section, "naming") == 0;
  bool log = strcmp (section, "log") == 0;
  bool rt = strcmp (section, "realtime") == 0;

  if (meta && strcmp (key, "isize") == 0) x->xfs_inodesize = v32;
  else if (meta && strcmp (key, "agcount") == 0) x->xfs_agcount = v32;
  else if (meta && strcmp (key, "agsize") == 0) x->xfs_agsize = v32;
  else if (meta && strcmp (key, "sectsz") == 0) x->xfs_sectsize = v32;
  else if (meta && strcmp (key, "attr") == 0) x->xfs_attr = v32;
  else if (data && strcmp (key, "bsize") == 0) x->xfs_blocksize = v32;
  else if (data && strcmp (key, "blocks") == 0) x->xfs_datablocks = v;
  else if (data && strcmp (key, "imaxpct") == 0) x->xfs_imaxpct = v32;
  else if (data && strcmp (key, "sunit") == 0) x->xfs_sunit = v32;
  else if (data && strcmp (key, "swidth") == 0) x->xfs_swidth = v32;
  else if (naming && strcmp (key, "bsize") == 0) x->xfs_dirblocksize = v32;
  else if (naming && strcmp (key, "ascii-ci") == 0) x->xfs_cimode = v32;
  else if (log && strcmp (key, "bsize") == 0) x->xfs_logbsize = v32;
  else if (log && strcmp (key, "blocks") == 0) x->xfs_logblocks = v32;
  else if (log && strcmp (key, "version") == 0) x->xfs_logversion = v32;
  else if (log && strcmp (key, "sectsz") == 0) x->xfs_logsectsize = v32;
  else if (log && strcmp (key, "sunit") == 0) x->xfs_logsunit = v32;
  else if (log && strcmp (key, "lazy-count") == 0) x->xfs_lazycount = v32;
  else if (rt && strcmp (key, "extsz") == 0) x->xfs_rtextsize = v32;
  else if (rt && strcmp (key, "blocks") == 0) x->xfs_rtblocks = v;
  else if (rt && strcmp (key, "rtextents") == 0) x->xfs_rtextents = v;
}

/* The name after "SECTION =" on a section's first line ("internal
 * log", "version 2", "none"): store it.  Returns 0 or -1 (ENOMEM). */
static int
set_name (guestfs_int_xfsinfo *x, const char *section, const char *name)
{
  char **dst = NULL;

  if (strcmp (section, "naming") == 0) {
    if (strncmp (name, "version ", 8) == 0)
      x->xfs_dirversion = (uint32_t) strtoul (name + 8, NULL, 10);
    return 0;
  }
  if (strcmp (section, "log") == 0)
    dst = &x->xfs_logname;
  else if (strcmp (section, "realtime") == 0)
    dst = &x->xfs_rtname;
  if (dst == NULL)
    return 0;
  free (*dst);
  *dst = strndup (name, strcspn (name, " "));
  return *dst ? 0 : -1;
}

/* Parse one line of the info output.  SECTION keeps the current
 * section between lines. */
static int
parse_info_line (guestfs_int_xfsinfo *x, char *line, char *section,
                 size_t size)
{
  char *eq = strchr (line, '='), *rest, *tok, *save = NULL, *v;
  size_t len;

  if (eq == NULL)
    return 0;
  if (line[0] != ' ') {
    len = strcspn (line, " =");
    snprintf (section, size, "%.*s", (int) len, line);
  }
  rest = eq + 1;
  len = strcspn (rest, "=");              /* up to the first key=value */
  while (len > 0 && rest[len - 1] != ' ')
    len--;                                /* back to the key's start */
  rest[len > 0 ? len - 1 : 0] = '\0';
  if (line[0] != ' ' && set_name (x, section, rest + strspn (rest, " ")) == -1)
    return -1;
  for (tok = strtok_r (rest + len, " ,", &save); tok;
       tok = strtok_r (NULL, " ,", &save)) {
    v = strchr (tok, '=');
    if (v) {
      *v = '\0';
      set_field (x, section, tok, v + 1);
    }
  }
  return 0;
}

/* A new struct with every number unset and empty strings. */
static guestfs_int_xfsinfo *
new_xfsinfo (const char *name)
{
  guestfs_int_xfsinfo *x = malloc (sizeof *x);

  if (x == NULL)
    return NULL;
  memset (x, 0xff, sizeof *x);
  x->xfs_mntpoint = strdup (name);
  x->xfs_logname = strdup ("");
  x->xfs_rtname = strdup ("");
  if (!x->xfs_mntpoint || !x->xfs_logname || !x->xfs_rtname) {
    free (x->xfs_mntpoint);
    free (x->xfs_logname);
    free (x->xfs_rtname);
    free (x);
    return NULL;
  }
  return x;
}

static void
free_xfsinfo (guestfs_int_xfsinfo *x)
{
  free (x->xfs_mntpoint);
  free (x->xfs_logname);
  free (x->xfs_rtname);
  free (x);
}

/* The mount point of DEVICE if it is mounted, else NULL (errno 0) or
 * NULL with errno set on error. */
static char *
mountpoint_of (const char *device)
{
  FILE *fp = setmntent ("/proc/self/mounts", "re");
  struct mntent *m;
  char *r = NULL;

  errno = 0;
  if (fp == NULL)
    return NULL;
  while (r == NULL && (m = getmntent (fp)) != NULL)
    if (strcmp (m->mnt_fsname, device) == 0)
      r = strdup (m->mnt_dir);
  endmntent (fp);
  return r;
}

/* The mount point holding the appliance path REAL (a directory under
 * SYSROOT): the longest mount directory that is a prefix of it and on
 * the same device.  Returns it malloc'd or NULL after replying. */
static char *
mount_holding (const char *real, const char *path)
{
  FILE *fp = setmntent ("/proc/self/mounts", "re");
  struct mntent *m;
  struct stat st, mst;
  char *best = NULL;
  size_t len, best_len = 0;

  if (fp == NULL || stat (real, &st) == -1) {
    reply_with_perror ("%s", path);
    if (fp)
      endmntent (fp);
    return NULL;
  }
  while ((m = getmntent (fp)) != NULL) {
    len = strlen (m->mnt_dir);
    if (strncmp (real, m->mnt_dir, len) != 0 ||
        (real[len] != '/' && real[len] != '\0') || len < best_len ||
        stat (m->mnt_dir, &mst) == -1 || mst.st_dev != st.st_dev)
      continue;
    free (best);
    best = strdup (m->mnt_dir);
    best_len = len;
  }
  endmntent (fp);
  if (best == NULL)
    reply_with_error_errno (EINVAL, "%s: not on a mounted filesystem", path);
  return best;
}

/* Run the "info" command of xfs_spaceman on the mounted directory
 * DIR, or of xfs_db on the unmounted DEVICE. */
static int
run_info (char **out, const char *dir, const char *device)
{
  const char *argv[] = { dir ? "xfs_spaceman" : "xfs_db", "-p", "xfs_info",
                         "-c", "info", dir ? dir : "-r",
                         dir ? NULL : device, NULL };

  return fs_run (out, "xfs_info", argv);
}

/* Parse the info output OUT into a new struct named NAME.  Returns it
 * or NULL after replying. */
static guestfs_int_xfsinfo *
parse_info (char *out, const char *name)
{
  CLEANUP_FREE_STRING_LIST char **lines = split_lines (out);
  char section[32] = "";
  guestfs_int_xfsinfo *x;
  size_t i;

  x = lines ? new_xfsinfo (name) : NULL;
  for (i = 0; x && lines[i]; i++)
    if (parse_info_line (x, lines[i], section, sizeof section) == -1) {
      free_xfsinfo (x);
      x = NULL;
    }
  if (x == NULL)
    reply_with_perror ("malloc");
  return x;
}

/**
 * Return the geometry of the XFS filesystem on C<pathordevice> (a
 * device, or a directory of a mounted XFS filesystem).  A mounted
 * filesystem is asked through its mount point, so the answer is
 * current.
 */
guestfs_int_xfsinfo *
do_xfs_info (const char *pathordevice)
{
  CLEANUP_FREE char *dir = NULL, *name = NULL, *out = NULL;
  bool is_dev = strncmp (pathordevice, "/dev/", 5) == 0;

  if (is_dev) {
    name = device_to_external (pathordevice);
    dir = mountpoint_of (pathordevice);
    if (name == NULL || (dir == NULL && errno != 0)) {
      reply_with_perror ("%s", pathordevice);
      return NULL;
    }
  } else {
    CLEANUP_FREE char *real = fs_real_path (pathordevice, S_IFDIR);

    name = strdup (pathordevice);
    if (real == NULL || (dir = mount_holding (real, pathordevice)) == NULL)
      return NULL;
    if (name == NULL) {
      reply_with_perror ("strdup");
      return NULL;
    }
  }
  if (run_info (&out, dir, pathordevice) == -1)
    return NULL;
  return parse_info (out, name);
}

/*-- xfs_growfs --*/

/**
 * Grow the XFS filesystem mounted on the guest directory C<path>.
 */
int
do_xfs_growfs (const char *path, int datasec, int logsec, int rtsec,
               int64_t datasize, int64_t logsize, int64_t rtsize,
               int64_t rtextsize, int maxpct)
{
  CLEANUP_FREE char *real = NULL;
  struct fs_args a = { .n = 0 };
  const uint64_t m = optargs_bitmask;

  if (((m & 8) && fs_check_nonneg ("datasize", datasize) == -1) ||
      ((m & 16) && fs_check_nonneg ("logsize", logsize) == -1) ||
      ((m & 32) && fs_check_nonneg ("rtsize", rtsize) == -1) ||
      ((m & 64) && fs_check_nonneg ("rtextsize", rtextsize) == -1) ||
      ((m & 128) && (maxpct < 0 || maxpct > 100))) {
    if ((m & 128) && (maxpct < 0 || maxpct > 100))
      reply_with_error_errno (EINVAL, "maxpct must be between 0 and 100");
    return -1;
  }
  real = fs_real_path (path, S_IFDIR);
  if (real == NULL)
    return -1;
  fs_args_add (&a, "xfs_growfs");
  if ((m & 1) && datasec) fs_args_add (&a, "-d");
  if ((m & 2) && logsec) fs_args_add (&a, "-l");
  if ((m & 4) && rtsec) fs_args_add (&a, "-r");
  if (m & 8) fs_args_add_num (&a, "-D", "", datasize, NULL);
  if (m & 16) fs_args_add_num (&a, "-L", "", logsize, NULL);
  if (m & 32) fs_args_add_num (&a, "-R", "", rtsize, NULL);
  if (m & 64) fs_args_add_num (&a, "-e", "", rtextsize, NULL);
  if (m & 128) fs_args_add_num (&a, "-m", "", maxpct, NULL);
  fs_args_add (&a, real);
  return fs_run (NULL, "xfs_growfs", a.argv);
}

/*-- xfs_admin --*/

/**
 * Change parameters of the unmounted XFS filesystem on C<device>.
 */
int
do_xfs_admin (const char *device, int extunwritten, int imgfile, int v2log,
              int projid32bit, int lazycounter, const char *label,
              const char *uuid)
{
  struct fs_args a = { .n = 0 };
  const uint64_t m = optargs_bitmask;

  if ((m & 32) && label && strlen (label) > 12) {
    reply_with_error_errno (ERANGE, "%s: xfs labels are limited to 12 "
                            "bytes", label);
    return -1;
  }
  fs_args_add (&a, "xfs_admin");
  if ((m & 1) && extunwritten) fs_args_add (&a, "-e");
  if ((m & 2) && imgfile) fs_args_add (&a, "-f");
  if ((m & 4) && v2log) fs_args_add (&a, "-j");
  if ((m & 8) && projid32bit) fs_args_add (&a, "-p");
  if (m & 16) fs_args_add_num (&a, "-c", "", lazycounter ? 1 : 0, NULL);
  if ((m & 32) && label) { fs_args_add (&a, "-L"); fs_args_add (&a, label); }
  if ((m & 64) && uuid) { fs_args_add (&a, "-U"); fs_args_add (&a, uuid); }
  fs_args_add (&a, device);
  return fs_run (NULL, "xfs_admin", a.argv);
}

/*-- xfs_repair --*/

/* A log or realtime device argument: a /dev name is translated.
 * Returns it malloc'd or NULL after replying. */
static char *
extra_device (const char *dev)
{
  char *r;

  if (strncmp (dev, "/dev/", 5) == 0)
    return device_to_internal (dev);
  r = strdup (dev);
  if (r == NULL)
    reply_with_perror ("strdup");
  return r;
}

/**
 * Check and repair the XFS filesystem on C<device>.  Returns 0 if no
 * corruption was found, 1 if some was (with C<nomodify>).
 */
int
do_xfs_repair (const char *device, int forcelogzero, int nomodify,
               int noprefetch, int forcegeometry, int64_t maxmem,
               int64_t ihashsize, int64_t bhashsize, int64_t agstride,
               const char *logdev, const char *rtdev)
{
  CLEANUP_FREE char *out = NULL, *err = NULL, *ldev = NULL, *rdev = NULL;
  CLEANUP_FREE char *type = NULL;
  struct fs_args a = { .n = 0 };
  const uint64_t m = optargs_bitmask;
  int r;

  type = fs_type_of (device);
  if (type == NULL)
    return -1;
  if (strcmp (type, "xfs") != 0) {
    reply_with_error_errno (EINVAL, "not an XFS filesystem (%s)", type);
    return -1;
  }
  if (((m & 16) && fs_check_nonneg ("maxmem", maxmem) == -1) ||
      ((m & 32) && fs_check_nonneg ("ihashsize", ihashsize) == -1) ||
      ((m & 64) && fs_check_nonneg ("bhashsize", bhashsize) == -1) ||
      ((m & 128) && fs_check_nonneg ("agstride", agstride) == -1))
    return -1;
  if (((m & 256) && logdev && (ldev = extra_device (logdev)) == NULL) ||
      ((m & 512) && rtdev && (rdev = extra_device (rtdev)) == NULL))
    return -1;
  fs_args_add (&a, "xfs_repair");
  if ((m & 1) && forcelogzero) fs_args_add (&a, "-L");
  if ((m & 2) && nomodify) fs_args_add (&a, "-n");
  if ((m & 4) && noprefetch) fs_args_add (&a, "-P");
  if ((m & 8) && forcegeometry) {
    fs_args_add (&a, "-o");
    fs_args_add (&a, "force_geometry");
  }
  if (m & 16) fs_args_add_num (&a, "-m", "", maxmem, NULL);
  if (m & 32) fs_args_add_num (&a, "-o", "ihash=", ihashsize, NULL);
  if (m & 64) fs_args_add_num (&a, "-o", "bhash=", bhashsize, NULL);
  if (m & 128) fs_args_add_num (&a, "-o", "ag_stride=", agstride, NULL);
  if (ldev) { fs_args_add (&a, "-l"); fs_args_add (&a, ldev); }
  if (rdev) { fs_args_add (&a, "-r"); fs_args_add (&a, rdev); }
  fs_args_add (&a, device);
  r = commandrv (&out, &err, a.argv);
  if (r == 0 || r == 1)
    return r;
  trim_newline (err);
  reply_with_error ("xfs_repair (status %d): %s", r,
                    err && err[0] ? err : "failed");
  return -1;
}
