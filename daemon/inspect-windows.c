/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the inspection of Windows roots.  The
 * systemroot is one of F</Windows>, F</WinNT>, F</Win32>, F</Win> or
 * F</ReactOS> (any case) holding F<system32/config> and
 * F<system32/cmd.exe>.  The SOFTWARE hive gives the product name,
 * version (C<CurrentMajorVersionNumber>/C<CurrentMinorVersionNumber>,
 * else C<CurrentVersion>) and variant (C<InstallationType>); the
 * SYSTEM hive gives the current control set, the hostname (TCP/IP
 * C<Hostname>, else C<ComputerName>) and, from C<MountedDevices>, the
 * drive letters (REG_BINARY values only, sorted by letter).  Hives are hostile input:
 * they are opened with libhivex (which checks their structure) through
 * an fd resolved inside the filesystem, and every string taken from
 * them is capped and cleaned.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include <hivex.h>

#include "daemon.h"
#include "inspect.h"
#include "inspect-hive.h"

/* Largest hive opened (libhivex maps it whole). */
#define HIVE_MAX (512 * 1024 * 1024)
/* Largest MountedDevices value looked at. */
#define MOUNTED_DEVICE_MAX 1024

/**
 * Return the systemroot of the Windows installation on C<fs> as it is
 * on disk (for example F</Windows>), malloc'd, or NULL if C<fs> holds
 * none.
 */
char *
insp_windows_systemroot (const struct insp_fs *fs)
{
  static const char *const dirs[] = {
    "/windows", "/winnt", "/win32", "/win", "/reactos"
  };

  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
    CLEANUP_FREE char *config = NULL, *cmd = NULL, *c1 = NULL, *c2 = NULL;
    char *path = insp_case_path (fs, dirs[i]);

    if (path == NULL)
      continue;
    if (asprintf (&config, "%s/system32/config", path) != -1 &&
        asprintf (&cmd, "%s/system32/cmd.exe", path) != -1 &&
        (c1 = insp_case_path (fs, config)) != NULL &&
        (c2 = insp_case_path (fs, cmd)) != NULL &&
        insp_is_dir (fs, c1) && insp_is_file (fs, c2))
      return path;
    free (path);
  }
  return NULL;
}

/** Open the hive that FD reads (the caller closes FD): a regular
 * file of at most HIVE_MAX bytes.  The handle, or NULL. */
hive_h *
insp_hive_open_fd (int fd)
{
  char proc[64];
  struct stat st;

  if (fd == -1 || fstat (fd, &st) == -1 || !S_ISREG (st.st_mode) ||
      st.st_size > HIVE_MAX)
    return NULL;
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  return hivex_open (proc, 0);
}

/* Open the hive PATH of FS.  The handle, or NULL. */
static hive_h *
open_hive (const struct insp_fs *fs, const char *path)
{
  CLEANUP_CLOSE int fd = insp_open (fs, path, O_RDONLY | O_NONBLOCK);

  return insp_hive_open_fd (fd);
}

/** The node at the path NAMES (NULL-terminated) below the root of
 * H, or 0. */
hive_node_h
insp_hive_node (hive_h *h, const char *const *names)
{
  hive_node_h node = hivex_root (h);

  for (; node != 0 && *names != NULL; names++)
    node = hivex_node_get_child (h, node, *names);
  return node;
}

/* The string value KEY of NODE, cleaned, malloc'd, or NULL. */
static char *
get_string (hive_h *h, hive_node_h node, const char *key)
{
  hive_value_h v = node ? hivex_node_get_value (h, node, key) : 0;
  CLEANUP_FREE char *s = v ? hivex_value_string (h, v) : NULL;

  return insp_clean (s, (size_t) -1);
}

/* The DWORD value KEY of NODE into *RET: 0, or -1 if none. */
static int
get_dword (hive_h *h, hive_node_h node, const char *key, int32_t *ret)
{
  hive_value_h v = node ? hivex_node_get_value (h, node, key) : 0;
  hive_type t;
  size_t len;

  if (v == 0 || hivex_value_type (h, v, &t, &len) == -1 ||
      (t != hive_t_REG_DWORD && t != hive_t_REG_DWORD_BIG_ENDIAN))
    return -1;
  errno = 0;
  *ret = hivex_value_dword (h, v);
  return errno ? -1 : 0;
}

/* Product name, version and variant from the SOFTWARE hive. */
static void
read_software (struct insp_root *r, hive_h *h)
{
  static const char *const path[] = {
    "Microsoft", "Windows NT", "CurrentVersion", NULL
  };
  hive_node_h node = insp_hive_node (h, path);
  CLEANUP_FREE char *version = NULL;
  int32_t major, minor;

  if (node == 0)
    return;
  r->product_name = get_string (h, node, "ProductName");
  r->product_variant = get_string (h, node, "InstallationType");
  if (get_dword (h, node, "CurrentMajorVersionNumber", &major) == 0 &&
      get_dword (h, node, "CurrentMinorVersionNumber", &minor) == 0 &&
      major >= 0 && minor >= 0) {
    r->major = major;
    r->minor = minor;
    return;
  }
  version = get_string (h, node, "CurrentVersion");
  if (version != NULL && sscanf (version, "%d.%d", &major, &minor) == 2 &&
      major >= 0 && minor >= 0) {
    r->major = major;
    r->minor = minor;
  }
}

/* Add one MountedDevices value V to R's drive letters, if it is a
 * "\DosDevices\X:" naming a partition we have. */
static void
add_mounted_device (struct insp_root *r, hive_h *h, hive_value_h v)
{
  CLEANUP_FREE char *key = hivex_value_key (h, v);
  CLEANUP_FREE char *data = NULL;
  char letter[2] = { 0, 0 }, *dev, **list;
  hive_type t;
  size_t len;

  if (key == NULL || strlen (key) < 14 ||
      strncasecmp (key, "\\DosDevices\\", 12) != 0 || key[13] != ':' ||
      !((key[12] >= 'A' && key[12] <= 'Z') || (key[12] >= 'a' && key[12] <= 'z')) ||
      hivex_value_type (h, v, &t, &len) == -1 || t != hive_t_REG_BINARY ||
      len > MOUNTED_DEVICE_MAX ||
      r->nr_drives >= INSP_LIST_MAX)
    return;
  data = hivex_value_value (h, v, &t, &len);
  dev = data ? insp_drive_device (data, len) : NULL;
  if (dev == NULL)
    return;
  letter[0] = key[12];
  list = realloc (r->drives, (r->nr_drives * 2 + 3) * sizeof (char *));
  if (list == NULL || (list[r->nr_drives * 2] = strdup (letter)) == NULL) {
    if (list)
      r->drives = list;
    free (dev);
    return;
  }
  r->drives = list;
  list[r->nr_drives * 2 + 1] = dev;
  list[r->nr_drives * 2 + 2] = NULL;
  r->nr_drives++;
}

/* Order drive letter pairs by letter, without regard to case. */
static int
compare_letters (const void *a, const void *b)
{
  return strcasecmp (*(char *const *) a, *(char *const *) b);
}

/* Control set, hostname and drive letters from the SYSTEM hive: the
 * hostname is the TCP/IP Hostname of the current control set, else
 * its ComputerName. */
static void
read_system (struct insp_root *r, hive_h *h)
{
  static const char *const select[] = { "Select", NULL };
  static const char *const mounted[] = { "MountedDevices", NULL };
  const char *tcpip[] = { NULL, "Services", "Tcpip", "Parameters", NULL };
  const char *name[] = { NULL, "Control", "ComputerName", "ComputerName",
                         NULL };
  hive_node_h node;
  CLEANUP_FREE hive_value_h *values = NULL;
  char set[32];
  int32_t current;

  if (get_dword (h, insp_hive_node (h, select), "Current", &current) == 0 &&
      current > 0 && current < 1000) {
    snprintf (set, sizeof set, "ControlSet%03d", (int) current);
    r->control_set = strdup (set);
    tcpip[0] = name[0] = set;
    r->hostname = get_string (h, insp_hive_node (h, tcpip), "Hostname");
    if (r->hostname == NULL)
      r->hostname = get_string (h, insp_hive_node (h, name), "ComputerName");
  }
  node = insp_hive_node (h, mounted);
  values = node ? hivex_node_values (h, node) : NULL;
  for (size_t i = 0; values && values[i] != 0 && i < INSP_LIST_MAX * 4; i++)
    add_mounted_device (r, h, values[i]);
  if (r->nr_drives > 1)
    qsort (r->drives, r->nr_drives, 2 * sizeof (char *), compare_letters);
}

/* The hive NAME of the systemroot SYSROOT as it is on disk, if it is
 * a regular file, malloc'd, or NULL. */
static char *
hive_path (const struct insp_fs *fs, const char *sysroot, const char *name)
{
  CLEANUP_FREE char *path = NULL;
  char *ret;

  if (asprintf (&path, "%s/system32/config/%s", sysroot, name) == -1)
    return NULL;
  ret = insp_case_path (fs, path);
  if (ret != NULL && !insp_is_file (fs, ret)) {
    free (ret);
    ret = NULL;
  }
  return ret;
}

/* Read the hive at PATH (if any) with FN. */
static void
read_hive (struct insp_root *r, const struct insp_fs *fs, const char *path,
           void (*fn) (struct insp_root *, hive_h *))
{
  hive_h *h = path ? open_hive (fs, path) : NULL;

  if (h != NULL) {
    fn (r, h);
    hivex_close (h);
  }
}

/**
 * Fill C<r> from the Windows root C<fs> whose systemroot is
 * C<sysroot> (taken over).  Returns 0, or -1 after replying.
 */
int
insp_windows (struct insp_root *r, const struct insp_fs *fs, char *sysroot)
{
  CLEANUP_FREE char *cmd = NULL, *cmd_path = NULL;

  r->systemroot = sysroot;
  r->software_hive = hive_path (fs, sysroot, "software");
  r->system_hive = hive_path (fs, sysroot, "system");
  read_hive (r, fs, r->software_hive, read_software);
  read_hive (r, fs, r->system_hive, read_system);
  if (asprintf (&cmd, "%s/system32/cmd.exe", sysroot) != -1)
    cmd_path = insp_case_path (fs, cmd);
  r->fstab = calloc (3, sizeof (char *));
  if (r->fstab == NULL || insp_set (&r->type, "windows") == -1 ||
      insp_set (&r->distro, "windows") == -1 ||
      insp_set (&r->arch, cmd_path ? insp_binary_arch (fs, cmd_path) : NULL) ||
      (r->fstab[0] = strdup (r->root)) == NULL ||
      (r->fstab[1] = strdup ("/")) == NULL || insp_derive (r) == -1) {
    reply_with_perror ("inspect %s", fs->device);
    return -1;
  }
  r->nr_fstab = 1;
  return 0;
}
