/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the inspection of Linux roots: the distro,
 * product name and version from F</etc/os-release>,
 * F</etc/lsb-release> and the distros' own release files (tried in
 * that order, the first that tells the distro wins; as in libguestfs,
 * Debian's and CentOS's os-release, which carry only a major version,
 * give way to their release files), the hostname, and the
 * architecture of a common binary (libmagic, F<inspect-arch.c>).
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "inspect.h"

/* os-release ID (or lsb-release DISTRIB_ID) -> our distro name. */
static const struct { const char *id, *distro; } distro_ids[] = {
  { "alpine", "alpinelinux" }, { "altlinux", "altlinux" },
  { "arch", "archlinux" }, { "centos", "centos" }, { "cirros", "cirros" },
  { "coreos", "coreos" }, { "debian", "debian" }, { "fedora", "fedora" },
  { "frugalware", "frugalware" }, { "gentoo", "gentoo" },
  { "kali", "kalilinux" }, { "kylin", "kylin" },
  { "linuxmint", "linuxmint" }, { "mageia", "mageia" },
  { "mandriva", "mandriva" }, { "mandrivalinux", "mandriva" },
  { "neokylin", "neokylin" },
  { "ol", "oraclelinux" }, { "openmandriva", "openmandriva" },
  { "opensuse", "opensuse" }, { "opensuse-leap", "opensuse" },
  { "opensuse-tumbleweed", "opensuse" }, { "pardus", "pardus" },
  { "pld", "pldlinux" }, { "rhel", "rhel" }, { "rocky", "rocky" },
  { "sled", "sles" }, { "sles", "sles" }, { "ubuntu", "ubuntu" },
  { "void", "voidlinux" },
};

static const char *
distro_of_id (const char *id)
{
  for (size_t i = 0; i < sizeof distro_ids / sizeof distro_ids[0]; i++)
    if (strcasecmp (distro_ids[i].id, id) == 0)
      return distro_ids[i].distro;
  return NULL;
}

/* Parse "MAJOR[.MINOR...]" at the first digit of S into R. */
static void
parse_version (struct insp_root *r, const char *s)
{
  char *end;
  long v;

  s += strcspn (s, "0123456789");
  if (*s == '\0')
    return;
  v = strtol (s, &end, 10);
  r->major = v > 0 && v < 100000 ? (int) v : 0;
  r->minor = 0;
  if (*end == '.' && isdigit ((unsigned char) end[1])) {
    v = strtol (end + 1, NULL, 10);
    r->minor = v > 0 && v < 100000 ? (int) v : 0;
  }
}

/* Remove shell-style quotes around VALUE, in place. */
static char *
unquote (char *value)
{
  size_t len = strlen (value);
  char *in, *out;

  if (len < 2 || (value[0] != '"' && value[0] != '\'') ||
      value[len - 1] != value[0])
    return value;
  value[len - 1] = '\0';
  for (in = out = value + 1; *in; in++) {
    if (value[0] == '"' && in[0] == '\\' && in[1] != '\0')
      in++;
    *out++ = *in;
  }
  *out = '\0';
  return value + 1;
}

/* Call FN (R, KEY, VALUE) for each KEY=VALUE line of the file PATH.
 * Returns -1 if the file cannot be read or FN fails (ENOMEM). */
static int
for_each_key (const struct insp_fs *fs, const char *path,
              struct insp_root *r,
              int (*fn) (struct insp_root *, const char *, char *))
{
  CLEANUP_FREE char *buf = insp_read (fs, path, INSP_FILE_MAX, NULL);
  char *line, *save = NULL, *eq;

  if (buf == NULL)
    return -1;
  for (line = strtok_r (buf, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    line += strspn (line, " \t");
    eq = strchr (line, '=');
    if (line[0] == '#' || eq == NULL)
      continue;
    *eq = '\0';
    if (fn (r, line, unquote (eq + 1)) == -1)
      return -1;
  }
  return 0;
}

static int
set_clean (char **field, const char *value)
{
  CLEANUP_FREE char *clean = insp_clean (value, (size_t) -1);

  return insp_set (field, clean);
}

static int
os_release_key (struct insp_root *r, const char *key, char *value)
{
  if (strcmp (key, "ID") == 0)
    return insp_set (&r->distro, distro_of_id (value));
  if (strcmp (key, "PRETTY_NAME") == 0)
    return set_clean (&r->product_name, value);
  if (strcmp (key, "VERSION_ID") == 0)
    parse_version (r, value);
  return 0;
}

static int
lsb_release_key (struct insp_root *r, const char *key, char *value)
{
  if (strcmp (key, "DISTRIB_ID") == 0) {
    const char *d = distro_of_id (value);
    /* Only the distros that are known to write this file. */
    if (d && (strcmp (d, "ubuntu") == 0 || strcmp (d, "linuxmint") == 0 ||
              strcmp (d, "mandriva") == 0 || strcmp (d, "kalilinux") == 0 ||
              strcmp (d, "coreos") == 0))
      return insp_set (&r->distro, d);
    return 0;
  }
  if (strcmp (key, "DISTRIB_DESCRIPTION") == 0)
    return set_clean (&r->product_name, value);
  if (strcmp (key, "DISTRIB_RELEASE") == 0)
    parse_version (r, value);
  return 0;
}

/* True once the distro and product name are known (and, for Debian
 * and CentOS, more than a major version). */
static bool
is_complete (const struct insp_root *r)
{
  if (r->distro == NULL || r->product_name == NULL)
    return false;
  return !((strcmp (r->distro, "debian") == 0 ||
            strcmp (r->distro, "centos") == 0) && r->minor == 0);
}

/* Red Hat family: the distro named by the first line LINE. */
static const char *
redhat_distro (const char *line)
{
  static const struct { const char *prefix, *distro; } names[] = {
    { "Fedora", "fedora" }, { "Red Hat Enterprise Linux", "rhel" },
    { "CentOS", "centos" }, { "Rocky Linux", "rocky" },
    { "Scientific Linux", "scientificlinux" },
    { "Oracle Linux", "oraclelinux" },
  };

  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strncmp (line, names[i].prefix, strlen (names[i].prefix)) == 0)
      return names[i].distro;
  return "redhat-based";
}

/* Old Red Hat-style "release 4 (Nahant Update 9)": the minor version
 * from the "Update N" after the major one in REL ("release ..."). */
static void
parse_update (struct insp_root *r, const char *rel)
{
  const char *u = rel ? strstr (rel, "Update ") : NULL;
  long v;

  if (u == NULL || r->major == 0 || r->minor != 0 ||
      !isdigit ((unsigned char) u[7]))
    return;
  v = strtol (u + 7, NULL, 10);
  r->minor = v > 0 && v < 100000 ? (int) v : 0;
}

/* A release file whose first line is the product name: DISTRO (NULL:
 * Red Hat family, from the line) and, unless NOVERSION, the version
 * in it.  Returns 1 if used, 0 if not there, -1 on ENOMEM. */
static int
release_file (struct insp_root *r, const struct insp_fs *fs,
              const char *path, const char *distro, bool noversion)
{
  CLEANUP_FREE char *line = insp_first_line (fs, path);
  const char *rel;
  bool redhat = false;

  if (line == NULL)
    return 0;
  if (distro == NULL) {
    distro = redhat_distro (line);
    redhat = strcmp (distro, "fedora") != 0;
  }
  if (insp_set (&r->product_name, line) == -1 ||
      insp_set (&r->distro, distro) == -1)
    return -1;
  r->major = r->minor = 0;
  rel = strstr (line, "release ");
  if (!noversion)
    parse_version (r, rel ? rel : line);
  if (redhat)
    parse_update (r, rel);
  return 1;
}

/* The release files, tried in order after os-release and lsb-release
 * (as libguestfs does: Oracle's and ALT's before redhat-release, which
 * they also have). */
static const struct {
  const char *path, *distro;
  bool noversion;
} release_files[] = {
  { "/etc/altlinux-release", "altlinux", false },
  { "/etc/oracle-release", "oraclelinux", false },
  { "/etc/fedora-release", "fedora", false },
  { "/etc/redhat-release", NULL, false },
  { "/etc/debian_version", "debian", false },
  { "/etc/pardus-release", "pardus", false },
  { "/etc/arch-release", "archlinux", true },
  { "/etc/gentoo-release", "gentoo", false },
  { "/etc/meego-release", "meego", false },
  { "/etc/slackware-version", "slackware", false },
  { "/etc/ttylinux-target", "ttylinux", false },
  { "/etc/SuSE-release", "", false },     /* suse_release () */
  { "/etc/cirros/version", "cirros", false },
  { "/etc/br-version", "buildroot", false },
  { "/etc/alpine-release", "alpinelinux", false },
  { "/etc/frugalware-release", "frugalware", false },
  { "/etc/pld-release", "pldlinux", false },
};

static int
suse_key (struct insp_root *r, const char *key, char *value)
{
  char *end;
  long v;

  key += strspn (key, " \t");
  if (strncmp (key, "VERSION", 7) == 0 && strspn (key + 7, " \t") ==
      strlen (key + 7))
    parse_version (r, value);
  else if (strncmp (key, "PATCHLEVEL", 10) == 0 &&
           strspn (key + 10, " \t") == strlen (key + 10)) {
    value += strspn (value, " \t");
    v = strtol (value, &end, 10);
    if (end != value && v >= 0 && v < 100000)
      r->minor = (int) v;
  }
  return 0;
}

/* /etc/SuSE-release: the product name on the first line (SLES,
 * openSUSE or another SUSE), "VERSION = " and "PATCHLEVEL = " lines.
 * Returns 1 if used, 0 if not there, -1 on ENOMEM. */
static int
suse_release (struct insp_root *r, const struct insp_fs *fs)
{
  CLEANUP_FREE char *line = insp_first_line (fs, "/etc/SuSE-release");
  const char *distro = "suse-based";

  if (line == NULL)
    return 0;
  if (strncasecmp (line, "SUSE Linux Enterprise", 21) == 0)
    distro = "sles";
  else if (strncasecmp (line, "openSUSE", 8) == 0)
    distro = "opensuse";
  if (insp_set (&r->product_name, line) == -1 ||
      insp_set (&r->distro, distro) == -1)
    return -1;
  r->major = r->minor = 0;
  if (for_each_key (fs, "/etc/SuSE-release", r, suse_key) == -1 &&
      errno == ENOMEM)
    return -1;
  return 1;
}

/* Distro, product name and version of R.  0, or -1 on ENOMEM. */
static int
check_release (struct insp_root *r, const struct insp_fs *fs)
{
  int n;

  if (for_each_key (fs, "/etc/os-release", r, os_release_key) == 0 &&
      is_complete (r))
    return 0;
  if (for_each_key (fs, "/etc/lsb-release", r, lsb_release_key) == 0 &&
      r->distro && strcmp (r->distro, "debian") != 0 && is_complete (r))
    return 0;
  for (size_t i = 0; i < sizeof release_files / sizeof release_files[0];
       i++) {
    if (release_files[i].distro && release_files[i].distro[0] == '\0')
      n = suse_release (r, fs);
    else
      n = release_file (r, fs, release_files[i].path, release_files[i].distro,
                        release_files[i].noversion);
    if (n != 0)
      return n == -1 ? -1 : 0;
  }
  return 0;
}

static int
sysconfig_key (struct insp_root *r, const char *key, char *value)
{
  if (strcmp (key, "HOSTNAME") == 0)
    return set_clean (&r->hostname, value);
  return 0;
}

/* Hostname from /etc/HOSTNAME, /etc/hostname or the Red Hat
 * /etc/sysconfig/network.  0, or -1 on ENOMEM. */
static int
check_hostname (struct insp_root *r, const struct insp_fs *fs)
{
  static const char *const files[] = { "/etc/HOSTNAME", "/etc/hostname" };
  char *name;

  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    name = insp_first_line (fs, files[i]);
    if (name != NULL) {
      r->hostname = name;
      return 0;
    }
  }
  if (for_each_key (fs, "/etc/sysconfig/network", r, sysconfig_key) == -1 &&
      errno == ENOMEM)
    return -1;
  return 0;
}

/* Architecture of the first common binary found. */
static const char *
check_arch (const struct insp_fs *fs)
{
  static const char *const bins[] = {
    "/bin/bash", "/bin/ls", "/bin/echo", "/bin/rm", "/bin/sh",
    "/usr/bin/bash", "/usr/bin/ls",
  };
  const char *arch;

  for (size_t i = 0; i < sizeof bins / sizeof bins[0]; i++)
    if ((arch = insp_magic_arch (fs, bins[i])) != NULL)
      return arch;
  return NULL;
}

/**
 * True if C<fs> looks like the root filesystem of a Linux system:
 * F</etc>, F</bin> (or a symlink to F<usr/bin>), and F</etc/fstab> or
 * F</etc/hosts>.
 */
bool
insp_is_linux_root (const struct insp_fs *fs)
{
  return insp_is_dir (fs, "/etc") && insp_is_dir (fs, "/bin") &&
    (insp_is_file (fs, "/etc/fstab") || insp_is_file (fs, "/etc/hosts"));
}

/**
 * Fill C<r> from the Linux root filesystem C<fs>.  Returns 0, or -1
 * after replying.
 */
int
insp_linux (struct insp_root *r, const struct insp_fs *fs)
{
  errno = 0;
  if (insp_set (&r->type, "linux") == -1 || check_release (r, fs) == -1 ||
      check_hostname (r, fs) == -1 || insp_set (&r->arch, check_arch (fs)) ||
      insp_derive (r) == -1) {
    reply_with_perror ("inspect %s", fs->device);
    return -1;
  }
  return insp_fstab (r, fs);
}
