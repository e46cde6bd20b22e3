/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the file access of inspection.  Each candidate
 * filesystem is mounted read-only (and C<nodev>, C<nosuid>,
 * C<noexec>) on a private directory of the appliance, never under
 * F</sysroot>, and unmounted when it has been looked at.  Guest files
 * are opened with C<openat2 (RESOLVE_IN_ROOT)> from that directory, so
 * neither C<..> nor a symlink leads out of the filesystem; only small
 * regular files are read, whole, with a size cap.  NTFS goes through
 * ntfs-3g, as the appliance kernel has no NTFS driver.
 */

#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>

#include "daemon.h"
#include "content.h"
#include "inspect.h"
#include "mountable.h"

#define MOUNT_FLAGS (MS_RDONLY | MS_NODEV | MS_NOSUID | MS_NOEXEC)
/* Most directory entries looked at in one case-insensitive lookup. */
#define CASE_DIR_MAX 100000
/* Bytes of a binary's header read to find its architecture. */
#define BINARY_HEADER 4096

/* The appliance device to mount for the mountable DEVICE and the
 * mount data (subvol=VOL for a btrfs subvolume, else NULL), both
 * malloc'd.  0, or -1. */
static int
mount_source (const char *device, char **internal, char **data)
{
  CLEANUP_FREE char *volume = NULL;

  if (!is_btrfsvol (device)) {
    *internal = device_to_internal (device);
    return *internal ? 0 : -1;
  }
  if (mountable_parse (device, internal, &volume) == -1)
    return -1;
  return asprintf (data, "subvol=%s", volume) == -1 ? -1 : 0;
}

/**
 * Mount C<device> (the caller's name, or C<btrfsvol:DEVICE/VOLUME>;
 * filesystem C<type>) read-only on a new private directory recorded in C<fs>.  Returns 0, or -1 if it
 * cannot be mounted (no reply is sent: inspection skips it).
 */
int
insp_mount (struct insp_fs *fs, const char *device, const char *type)
{
  CLEANUP_FREE char *internal = NULL, *data = NULL;
  int r;

  fs->device = device;
  fs->rootfd = -1;
  if (mount_source (device, &internal, &data) == -1)
    return -1;
  strcpy (fs->dir, "/tmp/inspectXXXXXX");
  if (mkdtemp (fs->dir) == NULL)
    return -1;
  if (strcmp (type, "ntfs") == 0)
    r = command (NULL, NULL, "ntfs-3g", "-o", "ro,nodev,nosuid,noexec",
                 internal, fs->dir, NULL);
  else
    r = mount (internal, fs->dir, type, MOUNT_FLAGS, data);
  if (r == 0)
    fs->rootfd = open (fs->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (verbose)
    fprintf (stderr, "inspect: %s (%s): %s\n", device, type,
             fs->rootfd >= 0 ? "mounted" : "cannot be mounted");
  if (fs->rootfd == -1) {
    if (r == 0)
      umount2 (fs->dir, MNT_DETACH);
    rmdir (fs->dir);
    return -1;
  }
  return 0;
}

/**
 * Unmount the filesystem mounted by C<insp_mount> and remove its
 * directory.
 */
void
insp_umount (struct insp_fs *fs)
{
  if (fs->rootfd >= 0)
    close (fs->rootfd);
  fs->rootfd = -1;
  if (umount2 (fs->dir, 0) == -1)
    umount2 (fs->dir, MNT_DETACH);
  rmdir (fs->dir);
}

/**
 * Open the guest path C<path> of C<fs> with C<flags>, resolved inside
 * the filesystem.  Returns an fd (close-on-exec) or -1 with C<errno>.
 */
int
insp_open (const struct insp_fs *fs, const char *path, int flags)
{
  struct open_how how;
  const char *rel = path + strspn (path, "/");

  if (path[0] != '/' || strlen (path) > DAEMON_MAX_PATH) {
    errno = EINVAL;
    return -1;
  }
  memset (&how, 0, sizeof how);
  how.flags = (unsigned) flags | O_CLOEXEC;
  if (!(flags & O_PATH))
    how.flags |= O_NOCTTY;     /* openat2 refuses it with O_PATH */
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  return syscall (SYS_openat2, fs->rootfd, *rel ? rel : ".", &how, sizeof how);
}

/* fstat of PATH in FS (following symlinks inside it): 0 or -1. */
static int
insp_stat (const struct insp_fs *fs, const char *path, struct stat *st)
{
  CLEANUP_CLOSE int fd = insp_open (fs, path, O_PATH);

  return fd == -1 ? -1 : fstat (fd, st);
}

/**
 * True if C<path> is a directory of C<fs>.
 */
bool
insp_is_dir (const struct insp_fs *fs, const char *path)
{
  struct stat st;

  return insp_stat (fs, path, &st) == 0 && S_ISDIR (st.st_mode);
}

/**
 * True if C<path> is a regular file of C<fs>.
 */
bool
insp_is_file (const struct insp_fs *fs, const char *path)
{
  struct stat st;

  return insp_stat (fs, path, &st) == 0 && S_ISREG (st.st_mode);
}

/**
 * Read the regular file C<path> of C<fs> whole, if it holds at most
 * C<max> bytes.  Returns a malloc'd NUL-terminated buffer (its length
 * in C<*len_r> if not NULL) or NULL.
 */
char *
insp_read (const struct insp_fs *fs, const char *path, size_t max,
           size_t *len_r)
{
  CLEANUP_CLOSE int fd = insp_open (fs, path, O_RDONLY | O_NONBLOCK);
  struct stat st;
  char *buf;
  ssize_t n;

  if (fd == -1 || fstat (fd, &st) == -1 || !S_ISREG (st.st_mode) ||
      st.st_size < 0 || (size_t) st.st_size > max)
    return NULL;
  buf = malloc (max + 1);
  if (buf == NULL)
    return NULL;
  n = read_full (fd, buf, max + 1);
  if (n < 0 || (size_t) n > max) {   /* error, or it grew */
    free (buf);
    return NULL;
  }
  buf[n] = '\0';
  if (len_r)
    *len_r = n;
  return buf;
}

/**
 * Return a cleaned copy of the C<len> bytes at C<s> (or of the C
 * string C<s> if C<len> is (size_t) -1): at most C<INSP_STRING_MAX>
 * bytes, control characters replaced by C<?>, blanks around removed.
 * NULL if nothing is left or on ENOMEM.
 */
char *
insp_clean (const char *s, size_t len)
{
  char *ret;
  size_t i;

  if (s == NULL)
    return NULL;
  if (len == (size_t) -1)
    len = strlen (s);
  while (len > 0 && isspace ((unsigned char) *s)) {
    s++;
    len--;
  }
  while (len > 0 && isspace ((unsigned char) s[len - 1]))
    len--;
  if (len == 0)
    return NULL;
  if (len > INSP_STRING_MAX)
    len = INSP_STRING_MAX;
  ret = strndup (s, len);
  for (i = 0; ret && ret[i]; i++)
    if ((unsigned char) ret[i] < 0x20 || ret[i] == 0x7f)
      ret[i] = '?';
  return ret;
}

/**
 * Return the first non-empty line of the small file C<path> of C<fs>,
 * cleaned (C<insp_clean>), or NULL.
 */
char *
insp_first_line (const struct insp_fs *fs, const char *path)
{
  CLEANUP_FREE char *buf = insp_read (fs, path, INSP_FILE_MAX, NULL);
  char *line, *save = NULL, *ret;

  if (buf == NULL)
    return NULL;
  for (line = strtok_r (buf, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    ret = insp_clean (line, (size_t) -1);
    if (ret != NULL)
      return ret;
  }
  return NULL;
}

/* Find NAME without regard to case in the directory DIR (a path as it
 * is on disk) of FS; a malloc'd DIR/ENTRY or NULL.  An exact match
 * wins over others. */
static char *
case_lookup (const struct insp_fs *fs, const char *dir, const char *name)
{
  int fd = insp_open (fs, dir, O_RDONLY | O_DIRECTORY);
  CLEANUP_FREE char *found = NULL;
  const char *sep = strcmp (dir, "/") == 0 ? "" : "/";
  struct dirent *d;
  size_t n = 0;
  DIR *dp;
  char *ret;

  if (fd == -1 || (dp = fdopendir (fd)) == NULL) {
    if (fd >= 0)
      close (fd);
    return NULL;
  }
  while ((d = readdir (dp)) != NULL && n++ < CASE_DIR_MAX) {
    if (strcasecmp (d->d_name, name) != 0)
      continue;
    free (found);
    found = strdup (d->d_name);
    if (found == NULL || strcmp (d->d_name, name) == 0)
      break;
  }
  closedir (dp);
  if (found == NULL || asprintf (&ret, "%s%s%s", dir, sep, found) == -1)
    return NULL;
  return ret;
}

/**
 * Look up C<path> (absolute) in C<fs> without regard to the case of
 * its components, as Windows does.  Returns the path as it is on disk
 * (malloc'd) or NULL if some component is missing.
 */
char *
insp_case_path (const struct insp_fs *fs, const char *path)
{
  CLEANUP_FREE char *copy = strdup (path);
  char *cur = strdup ("/"), *comp, *save = NULL, *next;

  if (copy == NULL || cur == NULL || path[0] != '/') {
    free (cur);
    return NULL;
  }
  for (comp = strtok_r (copy, "/", &save); comp && cur;
       comp = strtok_r (NULL, "/", &save)) {
    if (strcmp (comp, ".") == 0 || strcmp (comp, "..") == 0) {
      free (cur);
      return NULL;
    }
    next = case_lookup (fs, cur, comp);
    free (cur);
    cur = next;
  }
  return cur;
}

/**
 * The architecture of the ELF or PE binary C<path> of C<fs>, a static
 * string, or NULL if it cannot be told.
 */
const char *
insp_binary_arch (const struct insp_fs *fs, const char *path)
{
  CLEANUP_CLOSE int fd = insp_open (fs, path, O_RDONLY | O_NONBLOCK);
  unsigned char h[BINARY_HEADER];
  struct stat st;
  ssize_t n;

  if (fd == -1 || fstat (fd, &st) == -1 || !S_ISREG (st.st_mode))
    return NULL;
  n = read_full (fd, (char *) h, sizeof h);
  if (n >= 4 && memcmp (h, "\177ELF", 4) == 0)
    return content_elf_arch (h, n);
  if (n >= 2 && memcmp (h, "MZ", 2) == 0)
    return content_pe_arch (h, n);
  return NULL;
}

/**
 * Replace C<*field> by a copy of C<s> (nothing happens if C<s> is
 * NULL).  Returns 0, or -1 on ENOMEM (no reply).
 */
int
insp_set (char **field, const char *s)
{
  char *copy;

  if (s == NULL)
    return 0;
  copy = strdup (s);
  if (copy == NULL)
    return -1;
  free (*field);
  *field = copy;
  return 0;
}
