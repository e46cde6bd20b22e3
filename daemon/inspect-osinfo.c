/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements what inspection derives from the type, distro
 * and version of a root: its package format and package manager, and
 * a guess at its libosinfo short id (C<debian12>, C<fedora38>,
 * C<win10> ...).  Unknown values stay NULL ("unknown").
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "inspect.h"

/* Package format and manager by distro; MIN_DNF is the first major
 * version that uses dnf instead of yum (0: never). */
static const struct {
  const char *distro, *format, *manager;
  int min_dnf;
} packaging[] = {
  { "debian", "deb", "apt", 0 }, { "ubuntu", "deb", "apt", 0 },
  { "linuxmint", "deb", "apt", 0 }, { "kalilinux", "deb", "apt", 0 },
  { "fedora", "rpm", "yum", 22 }, { "rhel", "rpm", "yum", 8 },
  { "centos", "rpm", "yum", 8 }, { "rocky", "rpm", "yum", 8 },
  { "scientificlinux", "rpm", "yum", 8 },
  { "oraclelinux", "rpm", "yum", 8 }, { "redhat-based", "rpm", "yum", 8 },
  { "opensuse", "rpm", "zypper", 0 }, { "sles", "rpm", "zypper", 0 },
  { "suse-based", "rpm", "zypper", 0 }, { "mageia", "rpm", "urpmi", 0 },
  { "mandriva", "rpm", "urpmi", 0 }, { "openmandriva", "rpm", "dnf", 0 },
  { "altlinux", "rpm", "apt", 0 }, { "archlinux", "pacman", "pacman", 0 },
  { "gentoo", "ebuild", "portage", 0 }, { "pardus", "pisi", "pisi", 0 },
  { "alpinelinux", "apk", "apk", 0 }, { "voidlinux", "xbps", "xbps", 0 },
};

static int
derive_packaging (struct insp_root *r)
{
  const char *manager;

  for (size_t i = 0; r->distro && i < sizeof packaging / sizeof packaging[0];
       i++) {
    if (strcmp (r->distro, packaging[i].distro) != 0)
      continue;
    manager = packaging[i].manager;
    if (packaging[i].min_dnf && r->major >= packaging[i].min_dnf)
      manager = "dnf";
    if (strcmp (r->distro, "rhel") == 0 && r->major > 0 && r->major < 5)
      manager = "up2date";
    if (insp_set (&r->pkg_format, packaging[i].format) == -1)
      return -1;
    return insp_set (&r->pkg_mgmt, manager);
  }
  return 0;
}

/* True if the product name of R contains S. */
static bool
name_has (const struct insp_root *r, const char *s)
{
  return r->product_name && strstr (r->product_name, s);
}

/* The libosinfo id of a Windows version (static), or NULL. */
static const char *
windows_osinfo (const struct insp_root *r)
{
  bool server = r->product_variant &&
    strcmp (r->product_variant, "Client") != 0;
  int v = r->major * 10 + r->minor;

  switch (v) {
  case 51: return "winxp";
  case 52:
    return name_has (r, "XP") ? "winxp" : name_has (r, "R2") ? "win2k3r2"
      : "win2k3";
  case 60: return server ? "win2k8" : "winvista";
  case 61: return server ? "win2k8r2" : "win7";
  case 62: return server ? "win2k12" : "win8";
  case 63: return server ? "win2k12r2" : "win8.1";
  case 100:
    if (!server)
      return "win10";
    return name_has (r, "2022") ? "win2k22" : name_has (r, "2019") ?
      "win2k19" : "win2k16";
  default: return NULL;
  }
}

/* Distros whose libosinfo id is the distro name alone. */
static bool
unversioned (const char *d)
{
  return strcmp (d, "archlinux") == 0 || strcmp (d, "gentoo") == 0 ||
    strcmp (d, "voidlinux") == 0;
}

/* The libosinfo id of a Linux root into BUF, or "" if none: the
 * distros with their own spelling, then, as libguestfs guesses for
 * the others (Oracle Linux, Linux Mint, Kali, Red Hat-based ...),
 * DISTRO MAJOR.MINOR, e.g. C<oraclelinux7.9>, C<linuxmint21.3>. */
static void
linux_osinfo (const struct insp_root *r, char *buf, size_t size)
{
  const char *d = r->distro;
  int maj = r->major, min = r->minor;

  buf[0] = '\0';
  if (d == NULL)
    return;
  if (unversioned (d))
    snprintf (buf, size, "%s", d);
  else if (maj == 0 && min == 0)
    return;                     /* no version: no guess */
  else if (strcmp (d, "ubuntu") == 0)
    snprintf (buf, size, "ubuntu%d.%02d", maj, min);
  else if (strcmp (d, "fedora") == 0 || strcmp (d, "mageia") == 0 ||
           (strcmp (d, "debian") == 0 && maj >= 4) ||
           (strcmp (d, "centos") == 0 && maj >= 8))
    snprintf (buf, size, "%s%d", d, maj);
  else if (strcmp (d, "centos") == 0 && maj == 7)
    snprintf (buf, size, "centos7.0");   /* libosinfo has no 7.N */
  else if (strcmp (d, "sles") == 0 && min > 0)
    snprintf (buf, size, "sles%dsp%d", maj, min);
  else if (strcmp (d, "sles") == 0)
    snprintf (buf, size, "sles%d", maj);
  else if (strcmp (d, "altlinux") == 0 && maj >= 8)
    snprintf (buf, size, "alt%d.%d", maj, min);
  else
    snprintf (buf, size, "%s%d.%d", d, maj, min);
}

/**
 * Set the package format, package manager and libosinfo id of C<r>
 * from its type, distro and version.  Returns 0, or -1 on ENOMEM.
 */
int
insp_derive (struct insp_root *r)
{
  char buf[64];

  if (derive_packaging (r) == -1)
    return -1;
  if (r->type && strcmp (r->type, "windows") == 0)
    return insp_set (&r->osinfo, windows_osinfo (r));
  buf[0] = '\0';
  if (r->type && strcmp (r->type, "linux") == 0)
    linux_osinfo (r, buf, sizeof buf);
  return insp_set (&r->osinfo, buf[0] ? buf : NULL);
}
