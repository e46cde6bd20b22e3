/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the reading of a Linux guest's F</etc/fstab>
 * for inspection: which filesystem goes on which mountpoint, with the
 * guest's names mapped to the ones callers use.  C<UUID=>, C<LABEL=>,
 * C<PARTUUID=> and C<PARTLABEL=> (and F</dev/disk/by-uuid/> or
 * F<by-label/>) are looked up with blkid among the disks (entries that
 * match nothing are dropped, as in libguestfs); F</dev/hdX>,
 * F</dev/vdX> and F</dev/xvdX> names become F</dev/sdX>; F</dev/mapper>
 * names of logical volumes become F</dev/VG/LV>; a btrfs entry with a
 * C<subvol=NAME> option becomes C<btrfsvol:/dev/sdXN/NAME>.  Pseudo filesystems
 * and F</proc>, F</sys>, F</dev>, F</media> mountpoints are left out;
 * swap stays (a filesystem of the guest, with no mountpoint).
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon.h"
#include "inspect.h"
#include "mountable.h"

/* Longest tag value looked up with blkid. */
#define TAG_MAX 256

/**
 * Return the device (the caller's name, malloc'd) other than the
 * appliance's whose blkid tag C<tag> is C<value>, or NULL.
 */
char *
insp_find_tag (const char *tag, const char *value)
{
  CLEANUP_FREE char *out = NULL, *token = NULL;
  const char *argv[] = {
    "blkid", "-c", "/dev/null", "-o", "device", "-t", NULL, NULL
  };
  char *line, *save = NULL;

  if (value[0] == '\0' || strlen (value) > TAG_MAX ||
      strpbrk (value, "\"\\\n") || asprintf (&token, "%s=%s", tag, value) == -1)
    return NULL;
  argv[6] = token;
  if (commandrv (&out, NULL, argv) != 0 || out == NULL)
    return NULL;
  for (line = strtok_r (out, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save))
    if (!is_appliance_device (line))
      return device_to_external (line);
  return NULL;
}

/* Strip one pair of double quotes around S, in place. */
static const char *
strip_quotes (char *s)
{
  size_t len = strlen (s);

  if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
    s[len - 1] = '\0';
    return s + 1;
  }
  return s;
}

/* A /dev/hdX, /dev/vdX or /dev/xvdX name as /dev/sdX, or NULL. */
static char *
disk_name (const char *spec)
{
  const char *p = spec + 5;
  char *ret;

  if (strncmp (p, "xvd", 3) == 0)
    p += 3;
  else if (strncmp (p, "hd", 2) == 0 || strncmp (p, "vd", 2) == 0 ||
           strncmp (p, "sd", 2) == 0)
    p += 2;
  else
    return NULL;
  if (strspn (p, "abcdefghijklmnopqrstuvwxyz") == 0 ||
      p[strspn (p, "abcdefghijklmnopqrstuvwxyz0123456789")] != '\0' ||
      asprintf (&ret, "/dev/sd%s", p) == -1)
    return NULL;
  return ret;
}

/* The caller's name of the /dev/... SPEC (kept if it cannot be
 * mapped), malloc'd, or NULL to drop the entry. */
static char *
resolve_device (char *spec)
{
  struct stat st;
  char *ret;

  if (strncmp (spec, "/dev/disk/by-uuid/", 18) == 0)
    return insp_find_tag ("UUID", spec + 18);
  if (strncmp (spec, "/dev/disk/by-label/", 19) == 0)
    return insp_find_tag ("LABEL", spec + 19);
  if (strncmp (spec, "/dev/fd", 7) == 0 || strncmp (spec, "/dev/sr", 7) == 0 ||
      strncmp (spec, "/dev/cdrom", 10) == 0 || strstr (spec, ".."))
    return NULL;
  if ((ret = disk_name (spec)) != NULL)
    return ret;
  if (strncmp (spec, "/dev/mapper/", 12) == 0 && stat (spec, &st) == 0 &&
      S_ISBLK (st.st_mode) && !is_appliance_device (spec))
    return device_to_external (spec);
  return strdup (spec);
}

/* The caller's name of the filesystem SPEC names, malloc'd, or NULL
 * to drop the entry. */
static char *
resolve_spec (char *spec)
{
  static const char *const tags[] = { "UUID", "LABEL", "PARTUUID", "PARTLABEL" };
  size_t len;

  for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
    len = strlen (tags[i]);
    if (strncmp (spec, tags[i], len) == 0 && spec[len] == '=')
      return insp_find_tag (tags[i], strip_quotes (spec + len + 1));
  }
  if (strncmp (spec, "/dev/", 5) == 0 && strlen (spec) <= DAEMON_MAX_PATH)
    return resolve_device (spec);
  return NULL;                  /* proc, tmpfs, host:/export ... */
}

/* Canonical form of the mountpoint MP, in place: "//usr//local/" is
 * "/usr/local".  False if it is to be left out. */
static bool
canonical_mountpoint (char *mp)
{
  static const char *const skip[] = { "/dev", "/media", "/proc", "/selinux",
                                      "/sys" };
  char *in, *out;
  size_t len;

  if (mp[0] != '/')             /* "none" or "swap" (swap entries) */
    return true;
  for (in = out = mp; *in; in++)
    if (!(*in == '/' && out > mp && out[-1] == '/'))
      *out++ = *in;
  if (out > mp + 1 && out[-1] == '/')
    out--;
  *out = '\0';
  for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++) {
    len = strlen (skip[i]);
    if (strncmp (mp, skip[i], len) == 0 && (mp[len] == '\0' || mp[len] == '/'))
      return false;
  }
  return true;
}

/* Append the pair DEV, MP to R's fstab (taking DEV).  -1 on ENOMEM. */
static int
add_pair (struct insp_root *r, char *dev, const char *mp)
{
  char **v = realloc (r->fstab, (r->nr_fstab * 2 + 3) * sizeof (char *));

  if (v == NULL) {
    free (dev);
    return -1;
  }
  r->fstab = v;
  v[r->nr_fstab * 2] = dev;
  v[r->nr_fstab * 2 + 1] = insp_clean (mp, (size_t) -1);
  v[r->nr_fstab * 2 + 2] = NULL;
  if (v[r->nr_fstab * 2 + 1] == NULL)
    return -1;
  r->nr_fstab++;
  return 0;
}

/* The value of the subvol= option in the fstab OPTIONS without
 * leading slashes ("" for the top level), or NULL if there is none. */
static const char *
subvol_option (char *options)
{
  char *opt, *save = NULL, *val = NULL;

  for (opt = strtok_r (options, ",", &save); opt != NULL;
       opt = strtok_r (NULL, ",", &save))
    if (strncmp (opt, "subvol=", 7) == 0)
      val = opt + 7;
  while (val != NULL && *val == '/')
    val++;
  return val;
}

/* DEV (taken) as btrfsvol:DEV/VOL if the fstab entry of type TYPE
 * with OPTIONS names a btrfs subvolume; NULL on ENOMEM. */
static char *
btrfs_subvolume (char *dev, const char *type, char *options)
{
  const char *vol;
  char *ret;

  if (type == NULL || options == NULL || strcmp (type, "btrfs") != 0 ||
      strncmp (dev, "/dev/", 5) != 0 ||
      (vol = subvol_option (options)) == NULL || !btrfsvol_volume_ok (vol))
    return dev;
  if (asprintf (&ret, "btrfsvol:%s/%s", dev, vol) == -1)
    ret = NULL;
  free (dev);
  return ret;
}

/* Handle one fstab line.  0, or -1 on ENOMEM. */
static int
fstab_line (struct insp_root *r, char *line)
{
  char *save = NULL, *spec, *mp, *dev, *type, *options;

  spec = strtok_r (line, " \t", &save);
  mp = spec ? strtok_r (NULL, " \t", &save) : NULL;
  type = mp ? strtok_r (NULL, " \t", &save) : NULL;
  options = type ? strtok_r (NULL, " \t", &save) : NULL;
  if (mp == NULL || spec[0] == '#' || !canonical_mountpoint (mp) ||
      r->nr_fstab >= INSP_LIST_MAX || strlen (mp) > DAEMON_MAX_PATH)
    return 0;
  errno = 0;
  dev = resolve_spec (spec);
  if (dev == NULL)
    return errno == ENOMEM ? -1 : 0;
  dev = btrfs_subvolume (dev, type, options);
  if (dev == NULL)
    return -1;
  return add_pair (r, dev, mp);
}

/* True if R's fstab names a filesystem for "/". */
static bool
has_root_entry (const struct insp_root *r)
{
  for (size_t i = 0; i < r->nr_fstab; i++)
    if (strcmp (r->fstab[2 * i + 1], "/") == 0)
      return true;
  return false;
}

/* Put the root filesystem first as "/" (for an fstab without it). */
static int
add_root_entry (struct insp_root *r)
{
  char *dev = strdup (r->root), *tmp;

  if (dev == NULL || add_pair (r, dev, "/") == -1)
    return -1;
  for (size_t i = r->nr_fstab - 1; i > 0; i--)
    for (size_t k = 0; k < 2; k++) {
      tmp = r->fstab[2 * i + k];
      r->fstab[2 * i + k] = r->fstab[2 * i - 2 + k];
      r->fstab[2 * i - 2 + k] = tmp;
    }
  return 0;
}

/**
 * Read the F</etc/fstab> of C<fs> into C<r-E<gt>fstab> (pairs of
 * filesystem and mountpoint, in the file's order).  If no entry is
 * for F</>, the root itself comes first as F</>.  Returns 0, or -1
 * after replying.
 */
int
insp_fstab (struct insp_root *r, const struct insp_fs *fs)
{
  CLEANUP_FREE char *buf = insp_read (fs, "/etc/fstab", INSP_FILE_MAX, NULL);
  char *line, *save = NULL;

  for (line = buf ? strtok_r (buf, "\n", &save) : NULL; line != NULL;
       line = strtok_r (NULL, "\n", &save))
    if (fstab_line (r, line) == -1)
      goto nomem;
  if (!has_root_entry (r) && add_root_entry (r) == -1)
    goto nomem;
  return 0;
 nomem:
  reply_with_perror ("inspect %s: fstab", fs->device);
  return -1;
}
