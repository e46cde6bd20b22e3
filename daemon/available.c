/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<available>, C<feature_available> and
 * C<available_all_groups>: the optional groups of calls of
 * libguestfs, and whether this appliance can serve each.
 *
 * A group is there when the appliance has what its calls need: the
 * programs they run (looked up in the daemon's C<PATH>), the kernel
 * filesystem they use (built in, or a module the root image holds),
 * or a kernel interface.  Groups that need a library this daemon is
 * not built with are never available.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <sys/xattr.h>

#include "daemon.h"
#include "actions.h"
#include "journal.h"

/* Where the daemon's programs are looked for (its PATH). */
static const char *const bin_dirs[] = {
  "/usr/sbin", "/usr/bin", "/sbin", "/bin", NULL
};

/* One optional group. */
struct group {
  const char *name;
  const char *programs;         /* all needed, space-separated; or NULL */
  const char *fs;               /* kernel filesystem needed, or NULL */
  bool (*test) (void);          /* kernel check, or NULL */
  bool never;                   /* needs a library we lack */
};

static bool inotify_present (void);
static bool modules_present (void);
static bool xattrs_present (void);
static bool always (void);
#ifdef HAVE_SD_JOURNAL
static bool journal_loadable (void);
#endif

/* Sorted by name. */
static const struct group group_table[] = {
  { "acl", "getfacl setfacl", NULL, NULL, false },
  { "blkdiscard", "blkdiscard", NULL, NULL, false },
  { "blkdiscardzeroes", "blkdiscard", NULL, NULL, false },
  { "btrfs", "btrfs mkfs.btrfs", "btrfs", NULL, false },
  { "extlinux", "extlinux", NULL, NULL, false },
  { "f2fs", "mkfs.f2fs", "f2fs", NULL, false },
  { "fstrim", "fstrim", NULL, NULL, false },
  { "gdisk", "sgdisk", NULL, NULL, false },
  { "grub", "grub-install", NULL, NULL, false },
  { "hivex", NULL, NULL, always, false },         /* linked in */
  { "inotify", NULL, NULL, inotify_present, false },
#ifdef HAVE_SD_JOURNAL
  { "journal", NULL, NULL, journal_loadable, false },
#else
  { "journal", NULL, NULL, NULL, true },          /* no libsystemd */
#endif
  { "ldm", "ldmtool", NULL, NULL, false },
  { "libtsk", NULL, NULL, NULL, true },           /* no libtsk */
  { "libyara", NULL, NULL, NULL, true },          /* no libyara */
  { "linuxcaps", "getcap setcap", NULL, NULL, false },
  { "linuxfsuuid", "mkswap swapon", NULL, NULL, false },
  { "linuxmodules", "modprobe", NULL, modules_present, false },
  { "linuxxattrs", NULL, NULL, xattrs_present, false },
  { "luks", "cryptsetup", NULL, NULL, false },
  { "lvm2", "lvm", NULL, NULL, false },
  { "mdadm", "mdadm", NULL, NULL, false },
  { "mknod", NULL, NULL, always, false },         /* a system call */
  { "ntfs3g", "ntfs-3g", "fuse", NULL, false },
  { "ntfsprogs", "ntfsresize", NULL, NULL, false },
  { "rsync", "rsync", NULL, NULL, false },
  { "scrub", "scrub", NULL, NULL, false },
  { "selinux", NULL, NULL, NULL, true },          /* no libselinux */
  { "selinuxrelabel", "setfiles", NULL, NULL, false },
  { "sleuthkit", "icat", NULL, NULL, false },
  { "squashfs", "mksquashfs", NULL, NULL, false },
  { "syslinux", "syslinux", NULL, NULL, false },
  { "wipefs", "wipefs", NULL, NULL, false },
  { "xfs", "mkfs.xfs", "xfs", NULL, false },
  { "xz", "xz", NULL, NULL, false },
  { "zerofree", "zerofree", NULL, NULL, false },
};
#define NR_GROUPS (sizeof group_table / sizeof group_table[0])

static bool
always (void)
{
  return true;
}

#ifdef HAVE_SD_JOURNAL
/* libsystemd is loaded on first use (journal-lib.c). */
static bool
journal_loadable (void)
{
  return journal_lib_load () == 0;
}
#endif

static bool
inotify_present (void)
{
  return access ("/proc/sys/fs/inotify", F_OK) == 0;
}

static bool
xattrs_present (void)
{
  return lgetxattr ("/", "user.guestkit", NULL, 0) >= 0 || errno != ENOSYS;
}

/* The directory of the running kernel's modules, in BUF. */
static void
modules_dir (char *buf, size_t size)
{
  struct utsname u;

  if (uname (&u) == -1)
    u.release[0] = '\0';
  snprintf (buf, size, "/lib/modules/%s", u.release);
}

static bool
modules_present (void)
{
  char dir[sizeof ((struct utsname *) 0)->release + 16];

  modules_dir (dir, sizeof dir);
  return access (dir, F_OK) == 0;
}

/* True if the program NAME (LEN bytes) is in one of bin_dirs. */
static bool
program_present (const char *name, size_t len)
{
  char path[256];
  size_t i;

  for (i = 0; bin_dirs[i] != NULL; i++) {
    snprintf (path, sizeof path, "%s/%.*s", bin_dirs[i], (int) len, name);
    if (access (path, X_OK) == 0)
      return true;
  }
  return false;
}

/* True if every program of the space-separated LIST is present. */
static bool
programs_present (const char *list)
{
  size_t len;

  for (; *list != '\0'; list += len) {
    list += strspn (list, " ");
    len = strcspn (list, " ");
    if (len > 0 && !program_present (list, len))
      return false;
  }
  return true;
}

/* True if FILE has a line matching the test of MATCH for NAME. */
static bool
file_has_line (const char *file, const char *name,
               bool (*match) (const char *line, const char *name))
{
  CLEANUP_FCLOSE FILE *fp = fopen (file, "re");
  CLEANUP_FREE char *line = NULL;
  size_t alloc = 0;

  while (fp != NULL && getline (&line, &alloc, fp) != -1)
    if (match (line, name))
      return true;
  return false;
}

/* A /proc/filesystems line: "[nodev]\tNAME\n". */
static bool
fs_line (const char *line, const char *name)
{
  const char *tab = strchr (line, '\t');

  return tab && strncmp (tab + 1, name, strlen (name)) == 0 &&
    tab[1 + strlen (name)] == '\n';
}

/* A modules.dep line: ".../NAME.ko[.xz]: deps". */
static bool
module_line (const char *line, const char *name)
{
  const char *colon = strchr (line, ':'), *p;
  size_t n = strlen (name);

  for (p = line; colon && (p = strchr (p, '/')) != NULL && p < colon; p++)
    if (strncmp (p + 1, name, n) == 0 && strncmp (p + 1 + n, ".ko", 3) == 0)
      return true;
  return false;
}

/* True if the kernel has the filesystem NAME or can load it. */
static bool
fs_present (const char *name)
{
  char dep[sizeof ((struct utsname *) 0)->release + 32];

  if (file_has_line ("/proc/filesystems", name, fs_line))
    return true;
  modules_dir (dep, sizeof dep - 12);
  strcat (dep, "/modules.dep");
  return file_has_line (dep, name, module_line);
}

static bool
group_present (const struct group *g)
{
  if (g->never)
    return false;
  if (g->programs && !programs_present (g->programs))
    return false;
  if (g->fs && !fs_present (g->fs))
    return false;
  return g->test == NULL || g->test ();
}

static const struct group *
find_group (const char *name)
{
  size_t i;

  for (i = 0; i < NR_GROUPS; i++)
    if (strcmp (group_table[i].name, name) == 0)
      return &group_table[i];
  return NULL;
}

/* 1 if every group of LIST is present, 0 if one is not (its name in
 * *MISSING), -1 after replying if one is not a group. */
static int
check_groups (char *const *list, const char **missing)
{
  const struct group *g;
  size_t i;
  int r = 1;

  for (i = 0; list[i] != NULL; i++) {
    g = find_group (list[i]);
    if (g == NULL) {
      reply_with_error_errno (EINVAL, "%s: unknown group", list[i]);
      return -1;
    }
    if (r == 1 && !group_present (g)) {
      *missing = g->name;
      r = 0;
    }
  }
  return r;
}

/**
 * Succeed if every group in C<groups> is available; fail naming the
 * first that is not.
 */
int
do_available (char *const *groups)
{
  const char *missing = NULL;
  int r = check_groups (groups, &missing);

  if (r == 0)
    reply_with_error_errno (ENOTSUP, "%s: not available in this appliance",
                            missing);
  return r == 1 ? 0 : -1;
}

/**
 * Return 1 if every group in C<groups> is available, else 0.
 */
int
do_feature_available (char *const *groups)
{
  const char *missing;

  return check_groups (groups, &missing);
}

/**
 * List every optional group known, available or not.
 */
char **
do_available_all_groups (void)
{
  DECLARE_STRINGSBUF (sb);
  size_t i;

  for (i = 0; i < NR_GROUPS; i++)
    if (add_string (&sb, group_table[i].name) == -1) {
      free_stringsbuf (&sb);
      return NULL;
    }
  if (end_stringsbuf (&sb) == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  return take_stringsbuf (&sb);
}
