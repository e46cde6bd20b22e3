/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the Linux software RAID commands
 * C<md_create>, C<md_detail>, C<md_stat>, C<md_stop> and
 * C<list_md_devices>, with mdadm, F</proc/mdstat> and F</sys/block>.
 */

#include <config.h>

#include <dirent.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "actions.h"
#include "lvm-int.h"

/* Bits of optargs_bitmask, in the order of md_create's optargs. */
#define OPT_MISSINGBITMAP 1
#define OPT_NRDEVICES     2
#define OPT_SPARE         4
#define OPT_CHUNK         8
#define OPT_LEVEL         16

/* Most members (devices + missing) of an array we create. */
#define MAX_MEMBERS 128

/* The RAID levels mdadm takes, each followed by its kernel module. */
static const char *const levels[] = {
  "linear", "linear", "raid0", "raid0", "0", "raid0", "stripe", "raid0",
  "raid1", "raid1", "1", "raid1", "mirror", "raid1", "raid4", "raid456",
  "4", "raid456", "raid5", "raid456", "5", "raid456", "raid6", "raid456",
  "6", "raid456", "raid10", "raid10", "10", "raid10", NULL
};

/* Check md_create's arguments and work out the member count *N_R.
 * 0 or -1 after replying. */
static int
check_create (const char *name, char *const *devices, int64_t missing,
              int nrdevices, int spare, int64_t chunk, const char *level,
              size_t *n_r)
{
  size_t ndev = 0, i, len = strlen (name);

  while (devices[ndev] != NULL && ndev <= MAX_MEMBERS)
    ndev++;
  if (len == 0 || len > 32 || name[0] == '-' || name[0] == '.' ||
      strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
              "0123456789_.+-") != len) {
    reply_with_error ("%s: invalid array name", name);
    return -1;
  }
  if (missing < 0 || ndev > MAX_MEMBERS || ndev == 0) {
    reply_with_error ("bad devices or missingbitmap");
    return -1;
  }
  *n_r = ndev + __builtin_popcountll ((unsigned long long) missing);
  if (*n_r < 64 && ((uint64_t) missing >> *n_r) != 0) {
    reply_with_error ("missingbitmap has bits beyond the array");
    return -1;
  }
  if (nrdevices < 0 || spare < 0 ||
      (size_t) nrdevices + (size_t) spare != *n_r) {
    reply_with_error ("devices + missing (%zu) must equal nrdevices + spare",
                      *n_r);
    return -1;
  }
  if (chunk < 0 || chunk % 1024 != 0) {
    reply_with_error ("chunk must be a positive multiple of 1024");
    return -1;
  }
  for (i = 0; levels[i] != NULL && strcmp (levels[i], level) != 0; i += 2)
    ;
  if (levels[i] == NULL) {
    reply_with_error ("%s: unknown RAID level", level);
    return -1;
  }
  /* The kernel cannot load md modules on demand in the appliance. */
  command (NULL, NULL, "modprobe", "md_mod", NULL);
  command (NULL, NULL, "modprobe", levels[i + 1], NULL);
  return 0;
}

/* Add the "--OPT=VALUE" word to SB.  0 or -1 after replying. */
static int
add_opt (struct stringsbuf *sb, const char *opt, int64_t value)
{
  char *s;

  if (asprintf (&s, "--%s=%" PRIi64, opt, value) == -1) {
    reply_with_perror ("asprintf");
    return -1;
  }
  return add_string_nodup (sb, s);
}

/* Add the members in array order: "missing" where MISSING has its bit
 * set, else the next of DEVICES.  0 or -1 after replying. */
static int
add_members (struct stringsbuf *sb, char *const *devices, int64_t missing,
             size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    bool gap = i < 64 && (((uint64_t) missing >> i) & 1);
    if (add_string (sb, gap ? "missing" : *devices++) == -1)
      return -1;
  }
  return 0;
}

/**
 * Create the md array F</dev/md/name> over C<devices>.
 */
int
do_md_create (const char *name, char *const *devices, int64_t missingbitmap,
              int nrdevices, int spare, int64_t chunk, const char *level)
{
  DECLARE_STRINGSBUF (args);
  CLEANUP_FREE char *path = NULL;
  size_t n;
  int r = -1;

  if (!(optargs_bitmask & OPT_MISSINGBITMAP))
    missingbitmap = 0;
  if (!(optargs_bitmask & OPT_LEVEL))
    level = "raid1";
  if (!(optargs_bitmask & OPT_CHUNK))
    chunk = 0;
  if (!(optargs_bitmask & OPT_SPARE))
    spare = 0;
  if (!(optargs_bitmask & OPT_NRDEVICES)) {
    nrdevices = 0;
    while (devices[nrdevices] != NULL && nrdevices < MAX_MEMBERS)
      nrdevices++;
    nrdevices += __builtin_popcountll ((unsigned long long) missingbitmap)
      - spare;
  }
  if (check_create (name, devices, missingbitmap, nrdevices, spare, chunk,
                    level, &n) == -1)
    return -1;
  if (asprintf (&path, "/dev/md/%s", name) == -1) {
    reply_with_perror ("asprintf");
    return -1;
  }
  if (add_string (&args, "mdadm") == -1 ||
      add_string (&args, "--create") == -1 ||
      add_string (&args, "--run") == -1 || add_string (&args, path) == -1 ||
      add_string (&args, "--level") == -1 || add_string (&args, level) == -1 ||
      add_opt (&args, "raid-devices", nrdevices) == -1 ||
      (spare && add_opt (&args, "spare-devices", spare) == -1) ||
      (chunk && add_opt (&args, "chunk", chunk / 1024) == -1) ||
      add_members (&args, devices, missingbitmap, n) == -1 ||
      end_stringsbuf (&args) == -1)
    goto out;
  r = lvm_run ((const char *const *) args.argv, NULL);
 out:
  free_stringsbuf (&args);
  return r;
}

/* Translate appliance device names (/dev/vdX) inside S: a value that
 * is one, or "_dev_vd" in a key.  Returns malloc'd, NULL on ENOMEM. */
static char *
external (const char *s, bool key)
{
  char *ret, *p;

  if (!key)
    return device_to_external (s);
  ret = strdup (s);
  if (ret && (p = strstr (ret, "_dev_vd")) != NULL)
    p[5] = 's';
  return ret;
}

/* Add KEY=VALUE of mdadm's export output to SB as a lowercased key
 * without "MD_" and its value.  0 or -1 after replying. */
static int
add_pair (struct stringsbuf *sb, char *line)
{
  char *eq = strchr (line, '='), *key = line, *p;

  if (eq == NULL)
    return 0;
  *eq = '\0';
  if (strncmp (key, "MD_", 3) == 0)
    key += 3;
  for (p = key; *p; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p += 'a' - 'A';
  for (p = key; p != NULL; p = p == key ? eq + 1 : NULL) {
    char *s = external (p, p == key);
    if (s == NULL) {
      reply_with_perror ("malloc");
      return -1;
    }
    if (add_string_nodup (sb, s) == -1)
      return -1;
  }
  return 0;
}

/**
 * Return mdadm's details of C<md> as key/value pairs (level, devices,
 * metadata, uuid, name, ...).
 */
char **
do_md_detail (const char *md)
{
  const char *argv[] = { "mdadm", "-D", "--export", md, NULL };
  CLEANUP_FREE char *out = NULL;
  DECLARE_STRINGSBUF (sb);
  char *line, *save = NULL;

  if (lvm_run (argv, &out) == -1)
    return NULL;
  for (line = strtok_r (out, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save))
    if (add_pair (&sb, line) == -1)
      goto fail;
  if (end_stringsbuf (&sb) == -1)
    goto fail;
  return take_stringsbuf (&sb);
 fail:
  free_stringsbuf (&sb);
  return NULL;
}

/**
 * Stop the md array C<md>.
 */
int
do_md_stop (const char *md)
{
  const char *argv[] = { "mdadm", "--stop", md, NULL };

  return lvm_run (argv, NULL);
}

/* True if NAME is "md" followed by digits. */
static bool
is_md_name (const char *name)
{
  return strncmp (name, "md", 2) == 0 && name[2] != '\0' &&
    strspn (name + 2, "0123456789") == strlen (name + 2);
}

/**
 * List the md arrays of the kernel as F</dev/mdN>.
 */
char **
do_list_md_devices (void)
{
  DIR *dir = opendir ("/sys/block");
  DECLARE_STRINGSBUF (sb);
  struct dirent *d;
  char path[PATH_MAX], level[64];

  if (dir == NULL) {
    reply_with_perror ("/sys/block");
    return NULL;
  }
  while ((d = readdir (dir)) != NULL) {
    if (!is_md_name (d->d_name))
      continue;
    snprintf (path, sizeof path, "/sys/block/%s/md/level", d->d_name);
    if (read_sys_line (path, level, sizeof level) == -1 || level[0] == '\0')
      continue;
    snprintf (path, sizeof path, "/dev/%s", d->d_name);
    if (add_string (&sb, path) == -1)
      goto fail;
  }
  closedir (dir);
  sort_strings (sb.argv, sb.size);
  if (end_stringsbuf (&sb) == -1)
    goto fail2;
  return take_stringsbuf (&sb);
 fail:
  closedir (dir);
 fail2:
  free_stringsbuf (&sb);
  return NULL;
}

/* Parse one member token of /proc/mdstat ("vda[1]" or "vdb[2](F)")
 * into *M.  0 if it is one, 1 if not a member, -1 after replying. */
static int
parse_member (const char *tok, guestfs_int_mdstat *m)
{
  const char *br = strchr (tok, '['), *p;
  char dev[64], flags[16] = "";
  size_t nf = 0;
  int idx, used = 0;

  if (br == NULL || br == tok || (size_t) (br - tok) >= sizeof dev - 5 ||
      sscanf (br, "[%d]%n", &idx, &used) != 1)
    return 1;
  for (p = br + used; p[0] == '(' && p[1] && p[2] == ')' &&
         nf < sizeof flags - 1; p += 3)
    flags[nf++] = p[1];
  flags[nf] = '\0';
  snprintf (dev, sizeof dev, "/dev/%.*s", (int) (br - tok), tok);
  m->mdstat_device = device_to_external (dev);
  m->mdstat_index = idx;
  m->mdstat_flags = strdup (flags);
  if (m->mdstat_device == NULL || m->mdstat_flags == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  return 0;
}

/* Find the line of /proc/mdstat for the array NAME (e.g. "md127")
 * and parse its members into RET.  0 or -1 after replying. */
static int
parse_mdstat (const char *name, guestfs_int_mdstat_list *ret)
{
  CLEANUP_FCLOSE FILE *fp = fopen ("/proc/mdstat", "re");
  CLEANUP_FREE char *line = NULL;
  size_t alloc = 0, len = strlen (name);
  char *tok, *save = NULL;
  int r;

  if (fp == NULL) {
    reply_with_perror ("/proc/mdstat");
    return -1;
  }
  while (getline (&line, &alloc, fp) != -1) {
    if (strncmp (line, name, len) != 0 || strncmp (line + len, " :", 2) != 0)
      continue;
    for (tok = strtok_r (line + len + 2, " \t\n", &save); tok != NULL;
         tok = strtok_r (NULL, " \t\n", &save)) {
      if (ret->len == MAX_MEMBERS)
        break;
      r = parse_member (tok, &ret->val[ret->len]);
      if (r == 0)
        ret->len++;
      else if (r == -1) {
        ret->len++;               /* free what was set */
        return -1;
      }
    }
    return 0;
  }
  reply_with_error ("%s: array not found in /proc/mdstat", name);
  return -1;
}

/**
 * List the member devices of the md array C<md> with their index and
 * flags (from F</proc/mdstat>).
 */
guestfs_int_mdstat_list *
do_md_stat (const char *md)
{
  char real[PATH_MAX];
  const char *name;
  guestfs_int_mdstat_list *ret;

  if (realpath (md, real) == NULL) {
    reply_with_perror ("%s", md);
    return NULL;
  }
  name = strrchr (real, '/') + 1;
  if (!is_md_name (name)) {
    CLEANUP_FREE char *ext = device_to_external (md);
    reply_with_error ("%s: not an md device", ext ? ext : md);
    return NULL;
  }
  ret = calloc (1, sizeof *ret);
  if (ret == NULL || (ret->val = calloc (MAX_MEMBERS, sizeof *ret->val)) == NULL) {
    reply_with_perror ("calloc");
    free (ret);
    return NULL;
  }
  if (parse_mdstat (name, ret) == -1) {
    guestfs_free_int_mdstat_list (ret);
    free (ret);
    return NULL;
  }
  return ret;
}
