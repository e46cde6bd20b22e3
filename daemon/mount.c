/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements mounting guest filesystems under F</sysroot>:
 * C<mount>, C<mount_ro>, C<mount_options>, C<mount_vfs>, C<umount>,
 * C<umount_all>, C<mounts> and C<mountpoints>, plus
 * C<umount_all_sysroot> for the daemon's exit.
 *
 * A mountpoint is a guest path: it is resolved with C<open_in_root>
 * and the filesystem is mounted onto F</proc/self/fd/N>, so a guest
 * symlink cannot redirect the mount outside the guest root.  The
 * filesystem type comes from blkid and the options string is split
 * into C<MS_*> flags and the filesystem's own data.  What is mounted
 * is read from F</proc/self/mountinfo>.  NTFS is mounted by ntfs-3g
 * (F<mount-ntfs.c>).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "daemon.h"
#include "mountable.h"
#include "actions.h"

#define MOUNTINFO "/proc/self/mountinfo"
/* Most mounts looked at (the guest's, under SYSROOT). */
#define MAX_MOUNTS 4096
/* Longest options string accepted. */
#define MAX_OPTIONS 4096

/* Per-mount flags that a read-only bind remount must keep. */
#define PER_MOUNT_FLAGS \
  (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | \
   MS_RELATIME | MS_STRICTATIME)

/* One mount under SYSROOT. */
struct mnt {
  char *target;                 /* appliance path: /sysroot/... */
  char *source;                 /* device as mounted */
  unsigned major, minor;
};

struct mnt_list {
  struct mnt *v;
  size_t n;
};

static void
free_mnt_list (struct mnt_list *l)
{
  size_t i;

  for (i = 0; i < l->n; i++) {
    free (l->v[i].target);
    free (l->v[i].source);
  }
  free (l->v);
  l->v = NULL;
  l->n = 0;
}

/* Undo mountinfo's octal escapes (\040 for space ...) in place. */
static void
unescape (char *s)
{
  char *out = s;

  while (*s != '\0') {
    if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
        s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
      *out++ = (char) ((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
      s += 4;
    }
    else
      *out++ = *s++;
  }
  *out = '\0';
}

static bool
is_under_sysroot (const char *path)
{
  size_t len = strlen (SYSROOT);

  return strncmp (path, SYSROOT, len) == 0 &&
    (path[len] == '\0' || path[len] == '/');
}

/* Split a mountinfo line into the fields we need.  Returns true if
 * it is well formed. */
static bool
split_mountinfo (char *line, char **majmin, char **target, char **source)
{
  char *save = NULL, *f;
  int i;

  strtok_r (line, " \n", &save);                /* mount id */
  strtok_r (NULL, " \n", &save);                /* parent id */
  *majmin = strtok_r (NULL, " \n", &save);
  strtok_r (NULL, " \n", &save);                /* root */
  *target = strtok_r (NULL, " \n", &save);
  for (i = 0; (f = strtok_r (NULL, " \n", &save)) != NULL; i++)
    if (strcmp (f, "-") == 0)
      break;
  if (f == NULL || strtok_r (NULL, " \n", &save) == NULL)   /* fstype */
    return false;
  *source = strtok_r (NULL, " \n", &save);
  return *majmin && *target && *source;
}

/* Add the mount described by LINE to L if it lies under SYSROOT.
 * Returns 0, or -1 with errno set. */
static int
add_mountinfo_line (char *line, struct mnt_list *l)
{
  char *majmin, *target, *source;
  struct mnt m, *v;

  if (!split_mountinfo (line, &majmin, &target, &source))
    return 0;
  unescape (target);
  unescape (source);
  if (!is_under_sysroot (target))
    return 0;
  if (l->n >= MAX_MOUNTS) {
    errno = EMFILE;
    return -1;
  }
  if (sscanf (majmin, "%u:%u", &m.major, &m.minor) != 2)
    m.major = m.minor = 0;
  v = reallocarray (l->v, l->n + 1, sizeof *v);
  if (v == NULL)
    return -1;
  l->v = v;
  m.target = strdup (target);
  m.source = strdup (source);
  l->v[l->n++] = m;
  if (m.target == NULL || m.source == NULL) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

/* Read the mounts under SYSROOT, in mount order.  Returns 0, or -1
 * with errno set (no reply). */
static int
read_mounts (struct mnt_list *l)
{
  CLEANUP_FCLOSE FILE *fp = fopen (MOUNTINFO, "re");
  CLEANUP_FREE char *line = NULL;
  size_t alloc = 0;

  l->v = NULL;
  l->n = 0;
  if (fp == NULL)
    return -1;
  while (getline (&line, &alloc, fp) != -1) {
    if (add_mountinfo_line (line, l) == -1) {
      int saved = errno;
      free_mnt_list (l);
      errno = saved;
      return -1;
    }
  }
  return 0;
}

/* A mount option that is a flag. */
struct flag_option {
  const char *name;
  unsigned long set;
  unsigned long clear;
};

static const struct flag_option flag_options[] = {
  { "ro", MS_RDONLY, 0 },            { "rw", 0, MS_RDONLY },
  { "nosuid", MS_NOSUID, 0 },        { "suid", 0, MS_NOSUID },
  { "nodev", MS_NODEV, 0 },          { "dev", 0, MS_NODEV },
  { "noexec", MS_NOEXEC, 0 },        { "exec", 0, MS_NOEXEC },
  { "sync", MS_SYNCHRONOUS, 0 },     { "async", 0, MS_SYNCHRONOUS },
  { "dirsync", MS_DIRSYNC, 0 },
  { "mand", MS_MANDLOCK, 0 },        { "nomand", 0, MS_MANDLOCK },
  { "noatime", MS_NOATIME, 0 },      { "atime", 0, MS_NOATIME },
  { "nodiratime", MS_NODIRATIME, 0 }, { "diratime", 0, MS_NODIRATIME },
  { "relatime", MS_RELATIME, 0 },    { "norelatime", 0, MS_RELATIME },
  { "strictatime", MS_STRICTATIME, 0 },
  { "nostrictatime", 0, MS_STRICTATIME },
  { "lazytime", MS_LAZYTIME, 0 },    { "nolazytime", 0, MS_LAZYTIME },
  { "silent", MS_SILENT, 0 },        { "loud", 0, MS_SILENT },
  /* fstab-only words, meaningless here. */
  { "defaults", 0, 0 }, { "auto", 0, 0 }, { "noauto", 0, 0 },
  { "user", 0, 0 }, { "nouser", 0, 0 }, { "nofail", 0, 0 },
  { "_netdev", 0, 0 },
  { NULL, 0, 0 }
};

/* Apply OPT to *FLAGS if it is a flag; false if it is not. */
static bool
apply_flag_option (const char *opt, unsigned long *flags)
{
  const struct flag_option *f;

  for (f = flag_options; f->name != NULL; f++) {
    if (strcmp (opt, f->name) == 0) {
      *flags = (*flags & ~f->clear) | f->set;
      return true;
    }
  }
  return false;
}

/* Split OPTIONS into flags and data (malloc'd, possibly "").
 * Returns 0 or -1 after replying. */
static int
parse_options (const char *options, unsigned long *flags, char **data_r)
{
  CLEANUP_FREE char *copy = strdup (options);
  char *data = calloc (1, strlen (options) + 1);
  char *opt, *save = NULL;

  *flags = 0;
  if (copy == NULL || data == NULL) {
    reply_with_perror ("malloc");
    free (data);
    return -1;
  }
  for (opt = strtok_r (copy, ",", &save); opt != NULL;
       opt = strtok_r (NULL, ",", &save)) {
    if (apply_flag_option (opt, flags))
      continue;
    if (data[0] != '\0')
      strcat (data, ",");
    strcat (data, opt);
  }
  *data_r = data;
  return 0;
}

/* Make the mount on top of the guest directory MOUNTPOINT read-only
 * (a bind remount: only this mount, not the filesystem). */
static int
remount_ro (const char *mountpoint, unsigned long flags)
{
  CLEANUP_CLOSE int fd = open_in_root (mountpoint, O_PATH | O_DIRECTORY, 0);
  char target[64];

  if (fd == -1)
    return -1;
  snprintf (target, sizeof target, "/proc/self/fd/%d", fd);
  root_cache_drop ();
  return mount (NULL, target, NULL,
                MS_REMOUNT | MS_BIND | MS_RDONLY | (flags & PER_MOUNT_FLAGS),
                NULL);
}

/* mount(2) onto the directory fd FD (guest path MOUNTPOINT).  A
 * filesystem already mounted read-write cannot be mounted again
 * read-only (EBUSY): share it, then make the new mount read-only.
 * Returns 0 or -1 with errno set. */
static int
mount_on_fd (const char *source, int fd, const char *mountpoint,
             const char *fstype, unsigned long flags, const char *data)
{
  char target[64];
  int saved;

  snprintf (target, sizeof target, "/proc/self/fd/%d", fd);
  root_cache_drop ();
  if (mount (source, target, fstype, flags, data) == 0)
    return 0;
  if (errno != EBUSY || !(flags & MS_RDONLY))
    return -1;
  if (mount (source, target, fstype, flags & ~MS_RDONLY, data) == -1) {
    errno = EBUSY;
    return -1;
  }
  if (remount_ro (mountpoint, flags) == -1) {
    saved = errno;
    root_cache_drop ();
    umount2 (target, MNT_DETACH);
    errno = saved;
    return -1;
  }
  return 0;
}

/* Reply with an error about DEVICE, naming it as the caller does. */
static void __attribute__((format (printf, 2, 3)))
reply_device_error (const char *device, const char *fs, ...)
{
  CLEANUP_FREE char *ext = device_to_external (device);
  CLEANUP_FREE char *msg = NULL;
  va_list args;
  int r;

  va_start (args, fs);
  r = vasprintf (&msg, fs, args);
  va_end (args);
  reply_with_error ("%s: %s", ext ? ext : device, r == -1 ? "error" : msg);
}

/* Get the type of the filesystem on MOUNTABLE.  Returns it malloc'd,
 * or NULL after replying. */
static char *
get_fstype (const char *mountable)
{
  char *type = do_vfs_type (mountable);

  if (type == NULL || type[0] != '\0')
    return type;
  free (type);
  reply_device_error (mountable, "no filesystem found (unknown type)");
  return NULL;
}

/* Mount the btrfs subvolume MOUNTABLE (btrfsvol:DEV/VOL) like
 * mount_on_fd, adding subvol=VOL to DATA.  0 or -1 after replying. */
static int
mount_btrfsvol (const char *mountable, int fd, const char *mountpoint,
                const char *fstype, unsigned long flags, const char *data)
{
  CLEANUP_FREE char *device = NULL, *volume = NULL, *opts = NULL;
  CLEANUP_FREE char *ext = NULL;

  if (mountable_parse (mountable, &device, &volume) == -1 ||
      asprintf (&opts, "%s%ssubvol=%s", data ? data : "",
                data && data[0] ? "," : "", volume) == -1) {
    reply_with_perror ("%s", mountable);
    return -1;
  }
  if (mount_on_fd (device, fd, mountpoint, fstype, flags, opts) == -1) {
    ext = mountable_to_external (mountable);
    reply_with_perror ("%s on %s (%s)", ext ? ext : mountable,
                       mountpoint, fstype);
    return -1;
  }
  return 0;
}

/* Longest filesystem type name accepted. */
#define MAX_VFSTYPE 64

/* Mount MOUNTABLE on the guest path MOUNTPOINT with OPTIONS, as a
 * filesystem of type VFSTYPE (detected if NULL or "").
 * Returns 0 or -1 after replying. */
static int
mount_with_options (const char *options, const char *vfstype,
                    const char *mountable, const char *mountpoint)
{
  CLEANUP_FREE char *data = NULL, *fstype = NULL, *ext = NULL;
  CLEANUP_CLOSE int fd = -1;
  unsigned long flags;

  if (mountpoint[0] != '/' || strlen (mountpoint) > DAEMON_MAX_PATH) {
    reply_with_error ("%s: mountpoint must be an absolute path", mountpoint);
    return -1;
  }
  if (strlen (options) > MAX_OPTIONS) {
    reply_with_error ("mount options too long");
    return -1;
  }
  if (vfstype && strlen (vfstype) > MAX_VFSTYPE) {
    reply_with_error ("filesystem type too long");
    return -1;
  }
  if (parse_options (options, &flags, &data) == -1)
    return -1;
  fstype = vfstype && vfstype[0] ? strdup (vfstype) : get_fstype (mountable);
  if (fstype == NULL) {
    if (vfstype && vfstype[0])
      reply_with_perror ("strdup");
    return -1;
  }
  fd = open_in_root (mountpoint, O_PATH | O_DIRECTORY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", mountpoint);
    return -1;
  }
  if (mount_is_ntfs (fstype))
    return mount_ntfs (mountable, fd, options, mountpoint);
  if (is_btrfsvol (mountable))
    return mount_btrfsvol (mountable, fd, mountpoint, fstype, flags, data);
  if (mount_on_fd (mountable, fd, mountpoint, fstype, flags, data) == -1) {
    ext = device_to_external (mountable);
    reply_with_perror ("%s on %s (%s)", ext ? ext : mountable,
                       mountpoint, fstype);
    return -1;
  }
  return 0;
}

/**
 * Mount C<mountable> read-write at the guest path C<mountpoint>.
 */
int
do_mount (const char *mountable, const char *mountpoint)
{
  return mount_with_options ("", NULL, mountable, mountpoint);
}

/**
 * Mount C<mountable> read-only at C<mountpoint>.
 */
int
do_mount_ro (const char *mountable, const char *mountpoint)
{
  return mount_with_options ("ro", NULL, mountable, mountpoint);
}

/**
 * Mount C<mountable> at C<mountpoint> with C<options> as mount(8)
 * takes them ("" for none).
 */
int
do_mount_options (const char *options, const char *mountable,
                  const char *mountpoint)
{
  return mount_with_options (options, NULL, mountable, mountpoint);
}

/**
 * Mount C<mountable> at C<mountpoint> with C<options>, as a
 * filesystem of type C<vfstype> ("" to detect it).
 */
int
do_mount_vfs (const char *options, const char *vfstype,
              const char *mountable, const char *mountpoint)
{
  return mount_with_options (options, vfstype, mountable, mountpoint);
}

/* Find the last mount of DEVICE in L; NULL if none. */
static const struct mnt *
find_device_mount (const struct mnt_list *l, const char *device)
{
  struct stat st;
  bool by_rdev = stat (device, &st) == 0 && S_ISBLK (st.st_mode);
  size_t i;

  for (i = l->n; i-- > 0;) {
    if (strcmp (l->v[i].source, device) == 0)
      return &l->v[i];
    if (by_rdev && l->v[i].major == major (st.st_rdev) &&
        l->v[i].minor == minor (st.st_rdev))
      return &l->v[i];
  }
  return NULL;
}

/* Find the mount whose root is the guest path PATH; NULL if none
 * (errno set if PATH could not be resolved, else 0). */
static const struct mnt *
find_path_mount (const struct mnt_list *l, const char *path)
{
  CLEANUP_CLOSE int fd = open_in_root (path, O_PATH, 0);
  char link[64], real[PATH_MAX];
  ssize_t len;
  size_t i;

  if (fd == -1)
    return NULL;
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  len = readlink (link, real, sizeof real - 1);
  if (len == -1)
    return NULL;
  real[len] = '\0';
  errno = 0;
  for (i = l->n; i-- > 0;)
    if (strcmp (l->v[i].target, real) == 0)
      return &l->v[i];
  return NULL;
}

/**
 * Unmount the filesystem mounted at the guest path C<pathordevice>,
 * or the most recent mount of that device.  C<force> and
 * C<lazyunmount> add C<MNT_FORCE> and C<MNT_DETACH>.
 */
int
do_umount (const char *pathordevice, int force, int lazyunmount)
{
  struct mnt_list l;
  const struct mnt *m;
  bool is_dev = strncmp (pathordevice, "/dev/", 5) == 0;
  int flags = UMOUNT_NOFOLLOW | (force ? MNT_FORCE : 0) |
    (lazyunmount ? MNT_DETACH : 0);

  if (read_mounts (&l) == -1) {
    reply_with_perror ("%s", MOUNTINFO);
    return -1;
  }
  m = is_dev ? find_device_mount (&l, pathordevice)
    : find_path_mount (&l, pathordevice);
  root_cache_drop ();
  if (m == NULL && is_dev)
    reply_device_error (pathordevice, "not mounted");
  else if (m == NULL && errno != 0)
    reply_with_perror ("%s", pathordevice);
  else if (m == NULL)
    reply_with_error ("%s: not a mount point", pathordevice);
  else if (umount2 (m->target, flags) == -1)
    reply_with_perror ("%s", pathordevice);
  else {
    free_mnt_list (&l);
    return 0;
  }
  free_mnt_list (&l);
  return -1;
}

/* Try to unmount everything in L, last first; true if any went. */
static bool
umount_pass (const struct mnt_list *l, int *err)
{
  bool progress = false;
  size_t i;

  root_cache_drop ();
  for (i = l->n; i-- > 0;) {
    if (umount2 (l->v[i].target, UMOUNT_NOFOLLOW) == 0)
      progress = true;
    else if (errno != EINVAL && errno != ENOENT)
      *err = errno;
  }
  return progress;
}

/**
 * Unmount every filesystem under F</sysroot>, the most recent (and
 * so the deepest) first.  Sends no reply: returns 0, or -1 with
 * C<errno> set if something stays mounted.
 */
int
umount_all_sysroot (void)
{
  struct mnt_list l;
  int err = EBUSY;
  bool progress;

  for (;;) {
    if (read_mounts (&l) == -1)
      return -1;
    if (l.n == 0)
      return 0;
    progress = umount_pass (&l, &err);
    free_mnt_list (&l);
    if (!progress) {
      errno = err;
      return -1;
    }
  }
}

/**
 * Unmount every guest filesystem.
 */
int
do_umount_all (void)
{
  if (umount_all_sysroot () == -1) {
    reply_with_perror ("umount");
    return -1;
  }
  return 0;
}

/* Add the device of M (as the caller names it) to SB, and with
 * WITH_PATHS its guest mountpoint too.  0 or -1 after replying. */
static int
add_mount_entry (struct stringsbuf *sb, const struct mnt *m,
                 bool with_paths)
{
  char *ext = device_to_external (m->source);
  const char *path = m->target + strlen (SYSROOT);

  if (ext == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  if (add_string_nodup (sb, ext) == -1)
    return -1;
  return with_paths ? add_string (sb, path[0] ? path : "/") : 0;
}

/* The mounted guest filesystems, in mount order: devices, or (with
 * WITH_PATHS) device and mountpoint pairs.  NULL after replying. */
static char **
list_mounts (bool with_paths)
{
  DECLARE_STRINGSBUF (sb);
  struct mnt_list l;
  size_t i;

  if (read_mounts (&l) == -1) {
    reply_with_perror ("%s", MOUNTINFO);
    return NULL;
  }
  for (i = 0; i < l.n; i++) {
    if (strcmp (l.v[i].source, MKMOUNTPOINT_ROOT) == 0)
      continue;
    if (add_mount_entry (&sb, &l.v[i], with_paths) == -1)
      goto fail;
  }
  free_mnt_list (&l);
  if (end_stringsbuf (&sb) == -1)
    return NULL;
  return take_stringsbuf (&sb);

 fail:
  free_mnt_list (&l);
  free_stringsbuf (&sb);
  return NULL;
}

/**
 * List the devices of the mounted guest filesystems, in mount order,
 * as the caller names them.
 */
char **
do_mounts (void)
{
  return list_mounts (false);
}

/**
 * Return a hash from each mounted device to its guest mountpoint, in
 * mount order.
 */
char **
do_mountpoints (void)
{
  return list_mounts (true);
}
