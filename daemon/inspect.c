/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<inspect_os>, which looks for operating
 * systems on the disks, and the C<inspect_get_*> and C<inspect_is_*>
 * calls, which return what it found.  Everything mounted on
 * F</sysroot> is unmounted first (as in libguestfs); each filesystem
 * is then mounted read-only on a private directory, looked at and
 * unmounted, so nothing is left mounted.  The results are kept until
 * the next C<inspect_os>.
 */

#include <config.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "actions.h"
#include "inspect.h"

/* Most operating systems kept. */
#define ROOTS_MAX 64

static struct insp_root *roots;
static size_t nr_roots;

static void
free_list (char **list)
{
  for (size_t i = 0; list && list[i]; i++)
    free (list[i]);
  free (list);
}

static void
free_root (struct insp_root *r)
{
  char **fields[] = {
    &r->root, &r->type, &r->distro, &r->product_name, &r->product_variant,
    &r->arch, &r->hostname, &r->osinfo, &r->pkg_format, &r->pkg_mgmt,
    &r->systemroot, &r->control_set, &r->software_hive, &r->system_hive,
  };

  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    free (*fields[i]);
  free_list (r->fstab);
  free_list (r->drives);
}

static void
free_roots (void)
{
  for (size_t i = 0; i < nr_roots; i++)
    free_root (&roots[i]);
  free (roots);
  roots = NULL;
  nr_roots = 0;
}

/* Filesystem types never looked at. */
static bool
skip_type (const char *type)
{
  static const char *const skip[] = {
    "unknown", "swap", "crypto_LUKS", "linux_raid_member", "LVM2_member",
    "BitLocker", "zfs_member",
  };

  for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
    if (strcmp (type, skip[i]) == 0)
      return true;
  return false;
}

/* Look at the mounted filesystem FS; add it to the roots if it is one.
 * Returns 0, or -1 after replying. */
static int
check_fs (const struct insp_fs *fs)
{
  struct insp_root *r, *v;
  char *sysroot = NULL;
  bool linux_root = insp_is_linux_root (fs);

  if (!linux_root && (sysroot = insp_windows_systemroot (fs)) == NULL)
    return 0;
  if (nr_roots >= ROOTS_MAX || (v = realloc (roots, (nr_roots + 1) *
                                             sizeof *roots)) == NULL) {
    free (sysroot);
    reply_with_error ("inspect: too many operating systems");
    return -1;
  }
  roots = v;
  r = &roots[nr_roots++];
  memset (r, 0, sizeof *r);
  r->root = strdup (fs->device);
  if (r->root == NULL) {
    free (sysroot);
    reply_with_perror ("strdup");
    return -1;
  }
  return linux_root ? insp_linux (r, fs) : insp_windows (r, fs, sysroot);
}

/* Mount, look at and unmount each filesystem of the list FSES (pairs
 * of device and type).  Returns 0, or -1 after replying. */
static int
check_filesystems (char *const *fses)
{
  struct insp_fs fs;
  int r;

  for (size_t i = 0; fses[i] != NULL && fses[i + 1] != NULL; i += 2) {
    if (skip_type (fses[i + 1]) ||
        insp_mount (&fs, fses[i], fses[i + 1]) == -1)
      continue;
    r = check_fs (&fs);
    insp_umount (&fs);
    if (r == -1)
      return -1;
  }
  return 0;
}

/* Free a list being built after its error reply; returns NULL. */
static char **
give_up (struct stringsbuf *sb)
{
  free_stringsbuf (sb);
  return NULL;
}

/**
 * Inspect the disks: return the root filesystems of the operating
 * systems found (an empty list if none).
 */
char **
do_inspect_os (void)
{
  CLEANUP_FREE_STRING_LIST char **fses = NULL;

  free_roots ();
  if (umount_all_sysroot () == -1) {
    reply_with_perror ("umount_all");
    return NULL;
  }
  fses = do_list_filesystems ();
  if (fses == NULL)
    return NULL;
  if (check_filesystems (fses) == -1) {
    free_roots ();
    return NULL;
  }
  return do_inspect_get_roots ();
}

/**
 * Return the roots found by the last C<inspect_os> (none before it).
 */
char **
do_inspect_get_roots (void)
{
  DECLARE_STRINGSBUF (sb);

  for (size_t i = 0; i < nr_roots; i++)
    if (add_string (&sb, roots[i].root) == -1)
      return give_up (&sb);
  if (end_stringsbuf (&sb) == -1)
    return give_up (&sb);
  return take_stringsbuf (&sb);
}

/* The root named ROOT (/dev/hdX and /dev/vdX are /dev/sdX), or NULL
 * after replying. */
static const struct insp_root *
find_root (const char *root)
{
  size_t len = strlen (root);

  for (size_t i = 0; i < nr_roots; i++) {
    const char *name = roots[i].root;
    if (strcmp (name, root) == 0 ||
        (len > 7 && strlen (name) == len && strncmp (root, "/dev/", 5) == 0 &&
         (root[5] == 'h' || root[5] == 'v') && root[6] == 'd' &&
         strncmp (name, "/dev/sd", 7) == 0 && strcmp (name + 7, root + 7) == 0))
      return &roots[i];
  }
  reply_with_error ("%s: root device not found: only call this function "
                    "with a root device previously returned by "
                    "guestfs_inspect_os", root);
  return NULL;
}

/* A copy of S, or of "unknown" if S is NULL; NULL after replying. */
static char *
or_unknown (const char *s)
{
  char *ret = strdup (s ? s : "unknown");

  if (ret == NULL)
    reply_with_perror ("strdup");
  return ret;
}

/* A copy of the Windows field S of ROOT, or NULL after replying with
 * "not a Windows guest, or WHAT". */
static char *
windows_field (const char *root, size_t offset, const char *what)
{
  const struct insp_root *r = find_root (root);
  const char *s;

  if (r == NULL)
    return NULL;
  s = *(char *const *) ((const char *) r + offset);
  if (s == NULL) {
    reply_with_error ("not a Windows guest, or %s", what);
    return NULL;
  }
  return or_unknown (s);
}

/* Copy the pairs LIST (N of them) into a new list; NULL after
 * replying. */
static char **
copy_pairs (char *const *list, size_t n)
{
  DECLARE_STRINGSBUF (sb);

  for (size_t i = 0; i < 2 * n; i++)
    if (add_string (&sb, list[i]) == -1)
      return give_up (&sb);
  if (end_stringsbuf (&sb) == -1)
    return give_up (&sb);
  return take_stringsbuf (&sb);
}

#define STRING_GETTER(name, field)                       \
  char *do_inspect_get_##name (const char *root)          \
  {                                                       \
    const struct insp_root *r = find_root (root);         \
    return r ? or_unknown (r->field) : NULL;              \
  }

/** The type: "linux", "windows" or "unknown". */
STRING_GETTER (type, type)
/** The distro ("debian", "fedora", "windows" ...) or "unknown". */
STRING_GETTER (distro, distro)
/** The product name or "unknown". */
STRING_GETTER (product_name, product_name)
/** The product variant (Windows InstallationType) or "unknown". */
STRING_GETTER (product_variant, product_variant)
/** The architecture or "unknown". */
STRING_GETTER (arch, arch)
/** The hostname or "unknown". */
STRING_GETTER (hostname, hostname)
/** The package format ("deb", "rpm" ...) or "unknown". */
STRING_GETTER (package_format, pkg_format)
/** The package manager ("apt", "dnf" ...) or "unknown". */
STRING_GETTER (package_management, pkg_mgmt)
/** The libosinfo short id or "unknown". */
STRING_GETTER (osinfo, osinfo)

/**
 * Always "installed" for a root (as libguestfs E<ge> 1.38).
 */
char *
do_inspect_get_format (const char *root)
{
  return find_root (root) ? or_unknown ("installed") : NULL;
}

/**
 * The major version, or 0 if unknown.
 */
int
do_inspect_get_major_version (const char *root)
{
  const struct insp_root *r = find_root (root);

  return r ? r->major : -1;
}

/**
 * The minor version, or 0 if unknown.
 */
int
do_inspect_get_minor_version (const char *root)
{
  const struct insp_root *r = find_root (root);

  return r ? r->minor : -1;
}

/**
 * Mountpoints (pairs of mountpoint and filesystem) of C<root>: its
 * fstab's entries that have one.
 */
char **
do_inspect_get_mountpoints (const char *root)
{
  const struct insp_root *r = find_root (root);
  DECLARE_STRINGSBUF (sb);

  if (r == NULL)
    return NULL;
  for (size_t i = 0; i < r->nr_fstab; i++)
    if (r->fstab[2 * i + 1][0] == '/' &&
        (add_string (&sb, r->fstab[2 * i + 1]) == -1 ||
         add_string (&sb, r->fstab[2 * i]) == -1))
      return give_up (&sb);
  if (end_stringsbuf (&sb) == -1)
    return give_up (&sb);
  return take_stringsbuf (&sb);
}

/**
 * Every filesystem of C<root> (swap included).
 */
char **
do_inspect_get_filesystems (const char *root)
{
  const struct insp_root *r = find_root (root);
  DECLARE_STRINGSBUF (sb);

  if (r == NULL)
    return NULL;
  for (size_t i = 0; i < r->nr_fstab; i++)
    if (add_string (&sb, r->fstab[2 * i]) == -1)
      return give_up (&sb);
  if (end_stringsbuf (&sb) == -1)
    return give_up (&sb);
  return take_stringsbuf (&sb);
}

/**
 * Drive letters (pairs of letter and device) of a Windows C<root>;
 * empty for others.
 */
char **
do_inspect_get_drive_mappings (const char *root)
{
  const struct insp_root *r = find_root (root);

  return r ? copy_pairs (r->drives, r->nr_drives) : NULL;
}

/** The Windows systemroot (F</Windows>). */
char *
do_inspect_get_windows_systemroot (const char *root)
{
  return windows_field (root, offsetof (struct insp_root, systemroot),
                        "systemroot could not be determined");
}

/** The Windows current control set (C<ControlSet001>). */
char *
do_inspect_get_windows_current_control_set (const char *root)
{
  return windows_field (root, offsetof (struct insp_root, control_set),
                        "CurrentControlSet could not be determined");
}

/** The path of the Windows SOFTWARE hive. */
char *
do_inspect_get_windows_software_hive (const char *root)
{
  return windows_field (root, offsetof (struct insp_root, software_hive),
                        "software hive not found");
}

/** The path of the Windows SYSTEM hive. */
char *
do_inspect_get_windows_system_hive (const char *root)
{
  return windows_field (root, offsetof (struct insp_root, system_hive),
                        "system hive not found");
}

/* The deprecated is_* calls: false for every root. */
static int
always_false (const char *root)
{
  return find_root (root) ? 0 : -1;
}

/** Deprecated: always false. */
int
do_inspect_is_live (const char *root)
{
  return always_false (root);
}

/** Deprecated: always false. */
int
do_inspect_is_netinst (const char *root)
{
  return always_false (root);
}

/** Deprecated: always false. */
int
do_inspect_is_multipart (const char *root)
{
  return always_false (root);
}

/**
 * The root C<root> found by the last C<inspect_os>, for the other
 * inspection files (application lists), or NULL after replying.
 */
const struct insp_root *
insp_lookup_root (const char *root)
{
  return find_root (root);
}
