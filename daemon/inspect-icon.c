/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<inspect_get_icon>: a PNG icon of an inspected
 * operating system, read from the guest filesystems the caller has
 * mounted under F</sysroot> (as in libguestfs, this call needs them
 * mounted).  The favicon F</etc/favicon.png> (for Windows,
 * F<C:\etc\favicon.png> in any case) comes first unless disabled or
 * C<highquality> is asked for; then the distribution's logo file.
 * A file is returned only if it is a regular file with the PNG
 * signature and an IHDR of 16 to 1024 pixels each way, no bigger than
 * a per-distribution bound (else four bytes per pixel).  Nothing
 * found gives an empty buffer.  Icons are not extracted from Windows
 * binaries (libguestfs uses wrestool and netpbm for that): a Windows
 * guest without a favicon has no icon.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"

#define FAVICON "/etc/favicon.png"
/* Bytes read to check the PNG signature and IHDR chunk. */
#define PNG_HEADER 24
/* Smallest and largest width and height accepted. */
#define PNG_MIN 16
#define PNG_MAX 1024

/* A logo file of a distribution (or family). */
struct logo {
  const char *distros;          /* space-separated distro names */
  int major_lo, major_hi;       /* versions it applies to */
  const char *path;
  size_t max;                   /* size bound, 0: 4 bytes per pixel */
  bool lowq;                    /* never returned with highquality */
};

#define ANY 0, 99999
#define RHEL_FAMILY "rhel redhat-based centos scientificlinux oraclelinux"
#define SUSE_FAMILY "opensuse sles suse-based"

static const struct logo logos[] = {
  { "fedora", ANY,
    "/usr/share/icons/hicolor/96x96/apps/fedora-logo-icon.png", 0, false },
  { RHEL_FAMILY, 0, 6,
    "/usr/share/pixmaps/redhat/shadowman-transparent.png", 102400, false },
  { RHEL_FAMILY, 7, 99999,
    "/usr/share/pixmaps/fedora-logo-sprite.png", 102400, false },
  { "debian", ANY, "/usr/share/pixmaps/debian-logo.png", 2048, false },
  { "ubuntu", ANY, "/usr/share/icons/gnome/24x24/places/ubuntu-logo.png",
    2048, true },
  { "ubuntu", ANY, "/usr/share/help/C/ubuntu-help/figures/ubuntu-logo.png",
    2048, true },
  { "mageia", ANY, "/usr/share/icons/mageia.png", 2048, false },
  { SUSE_FAMILY, ANY, "/usr/share/icons/hicolor/24x24/apps/distributor.png",
    2048, false },
  { "voidlinux", ANY, "/usr/share/void-artwork/void-logo.png", 20480, false },
  { "altlinux", ANY, "/usr/share/icons/hicolor/48x48/apps/altlinux.png",
    20480, false },
};

static uint32_t
be32 (const unsigned char *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 |
    (uint32_t) p[2] << 8 | p[3];
}

/* The size bound of the PNG whose first bytes are HDR, or 0 if it is
 * not a PNG of an acceptable geometry. */
static size_t
png_bound (const unsigned char *hdr, size_t max)
{
  static const unsigned char sig[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR";
  uint32_t w = be32 (hdr + 16), h = be32 (hdr + 20);

  if (memcmp (hdr, sig, 16) != 0 || w < PNG_MIN || h < PNG_MIN ||
      w > PNG_MAX || h > PNG_MAX)
    return 0;
  return max ? max : 4 * (size_t) w * h;
}

/* Read all of FD (SIZE bytes) into a new buffer; NULL if it cannot. */
static char *
read_all (int fd, size_t size)
{
  char *buf = malloc (size ? size : 1);
  size_t got = 0;
  ssize_t r;

  while (buf != NULL && got < size) {
    r = pread (fd, buf + got, size - got, (off_t) got);
    if (r <= 0) {
      free (buf);
      return NULL;
    }
    got += (size_t) r;
  }
  return buf;
}

/* The PNG file open as FD if it passes the checks (MAX: its size
 * bound, 0 for one from its geometry): malloc'd with its size in
 * *SIZE_R, or NULL. */
static char *
get_png (int fd, size_t max, size_t *size_r)
{
  unsigned char hdr[PNG_HEADER];
  struct stat st;
  size_t bound;

  if (fd == -1 || fstat (fd, &st) == -1 || !S_ISREG (st.st_mode) ||
      st.st_size < PNG_HEADER ||
      pread (fd, hdr, sizeof hdr, 0) != (ssize_t) sizeof hdr)
    return NULL;
  bound = png_bound (hdr, max);
  if (bound == 0 || (uintmax_t) st.st_size > bound)
    return NULL;
  *size_r = (size_t) st.st_size;
  return read_all (fd, *size_r);
}

/* Open the guest file PATH for reading (never blocking on a FIFO). */
static int
open_guest (const char *path)
{
  return open_in_root (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
}

/* Open the entry NAME of the directory DIRFD, matched without regard
 * to case, with FLAGS.  An fd, or -1. */
static int
open_nocase (int dirfd, const char *name, int flags)
{
  int dup_fd = dirfd == -1 ? -1 : openat (dirfd, ".", O_RDONLY | O_DIRECTORY |
                                          O_CLOEXEC);
  DIR *dir = dup_fd == -1 ? NULL : fdopendir (dup_fd);
  struct dirent *d;
  int fd = -1;

  if (dir == NULL) {
    if (dup_fd != -1)
      close (dup_fd);
    return -1;
  }
  while (fd == -1 && (d = readdir (dir)) != NULL)
    if (strcasecmp (d->d_name, name) == 0)
      fd = openat (dirfd, d->d_name, flags | O_NOFOLLOW | O_CLOEXEC);
  closedir (dir);
  return fd;
}

/* Open the Windows favicon \etc\favicon.png, in any case. */
static int
open_windows_favicon (void)
{
  CLEANUP_CLOSE int root = open_in_root ("/", O_RDONLY | O_DIRECTORY |
                                         O_CLOEXEC, 0);
  CLEANUP_CLOSE int etc = open_nocase (root, "etc", O_RDONLY | O_DIRECTORY);

  return open_nocase (etc, "favicon.png", O_RDONLY | O_NONBLOCK | O_NOCTTY);
}

/* True if DISTRO is one of the space-separated NAMES. */
static bool
distro_in (const char *distro, const char *names)
{
  size_t len = strlen (distro);
  const char *p = names;

  while ((p = strstr (p, distro)) != NULL) {
    if ((p == names || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
      return true;
    p += len;
  }
  return false;
}

/* The first logo of DISTRO (version MAJOR) that is found. */
static char *
distro_logo (const char *distro, int major, bool highquality, size_t *size_r)
{
  for (size_t i = 0; i < sizeof logos / sizeof logos[0]; i++) {
    const struct logo *l = &logos[i];
    CLEANUP_CLOSE int fd = -1;
    char *ret;

    if (!distro_in (distro, l->distros) || major < l->major_lo ||
        major > l->major_hi || (highquality && l->lowq))
      continue;
    fd = open_guest (l->path);
    ret = get_png (fd, l->max, size_r);
    if (ret != NULL)
      return ret;
  }
  return NULL;
}

/* The icon of ROOT (TYPE, DISTRO, MAJOR), or NULL if none. */
static char *
find_icon (const char *type, const char *distro, int major, bool favicon,
           bool highquality, size_t *size_r)
{
  bool windows = strcmp (type, "windows") == 0;
  char *ret = NULL;

  if (favicon && !highquality) {
    CLEANUP_CLOSE int fd = windows ? open_windows_favicon ()
      : open_guest (FAVICON);
    ret = get_png (fd, 0, size_r);
  }
  if (ret == NULL && (strcmp (type, "linux") == 0 ||
                      strcmp (type, "hurd") == 0))
    ret = distro_logo (distro, major, highquality, size_r);
  return ret;
}

/**
 * Return a PNG icon of the operating system C<root> from the mounted
 * guest filesystems, or an empty buffer if none is found.  Optional:
 * C<favicon> (default true), C<highquality> (default false).
 */
char *
do_inspect_get_icon (const char *root, int favicon, int highquality,
                     size_t *size_r)
{
  CLEANUP_FREE char *type = do_inspect_get_type (root);
  CLEANUP_FREE char *distro = NULL;
  int major;
  char *ret;

  if (type == NULL)
    return NULL;
  distro = do_inspect_get_distro (root);
  if (distro == NULL)
    return NULL;
  major = do_inspect_get_major_version (root);
  if (!(optargs_bitmask & 1))
    favicon = 1;
  if (!(optargs_bitmask & 2))
    highquality = 0;
  ret = find_icon (type, distro, major, favicon, highquality, size_r);
  if (ret != NULL)
    return ret;
  *size_r = 0;
  ret = malloc (1);
  if (ret == NULL)
    reply_with_perror ("malloc");
  return ret;
}
