/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the directory commands C<ls>, C<ll>,
 * C<mkdir>, C<mkdir_p>, C<rmdir>, C<rm> and C<rm_rf>.
 *
 * Paths are resolved inside the guest root (C<open_in_root>,
 * C<open_parent_in_root>); the last component is then handled with
 * the C<*at> calls, which do not follow it if it is a symlink.
 * C<rm_rf> walks the tree by file descriptors and never follows a
 * symlink.  C<ll> runs C<ls -la> with its working directory set to
 * the directory's fd, so no path is looked up outside the guest.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"

/* Deepest directory tree rm_rf descends (each level holds an fd). */
#define MAX_DEPTH 256

/* Longest listing ll returns (it must fit in a reply). */
#define MAX_LL (GUESTFS_MESSAGE_MAX - 65536)

static bool
is_dot_or_dotdot (const char *name)
{
  return name[0] == '.' &&
    (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

/* Add the names in the directory DIR (except . and ..) to SB.
 * Returns 0 or -1 after replying. */
static int
read_names (DIR *dir, struct stringsbuf *sb, const char *directory)
{
  struct dirent *d;

  for (;;) {
    errno = 0;
    d = readdir (dir);
    if (d == NULL)
      break;
    if (!is_dot_or_dotdot (d->d_name) && add_string (sb, d->d_name) == -1)
      return -1;
  }
  if (errno != 0) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  return 0;
}

/**
 * List the names in C<directory>, sorted, hidden ones included,
 * without C<.> and C<..>.
 */
char **
do_ls (const char *directory)
{
  DECLARE_STRINGSBUF (sb);
  DIR *dir;
  int fd, r;

  fd = open_in_root (directory, O_RDONLY | O_DIRECTORY, 0);
  if (fd == -1 || (dir = fdopendir (fd)) == NULL) {
    reply_with_perror ("%s", directory);
    if (fd >= 0)
      close (fd);
    return NULL;
  }
  r = read_names (dir, &sb, directory);
  closedir (dir);
  if (r == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  sort_strings (sb.argv, sb.size);
  if (end_stringsbuf (&sb) == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  return take_stringsbuf (&sb);
}

/* Read the whole of the (seekable) file FD, at most MAX bytes, as a
 * string.  Returns NULL after replying. */
static char *
read_back (int fd, size_t max)
{
  struct stat st;
  char *buf;
  ssize_t r;
  size_t len = 0;

  if (fstat (fd, &st) == -1) {
    reply_with_perror ("fstat");
    return NULL;
  }
  if ((uint64_t) st.st_size > max) {
    reply_with_error ("listing is too large for the protocol");
    return NULL;
  }
  buf = malloc (st.st_size + 1);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  while (len < (size_t) st.st_size &&
         (r = pread (fd, buf + len, st.st_size - len, len)) > 0)
    len += r;
  buf[len] = '\0';
  return buf;
}

/**
 * List C<directory> as C<ls -la> does, for people to read.
 */
char *
do_ll (const char *directory)
{
  const char *argv[] = { "ls", "-la", NULL };
  CLEANUP_CLOSE int dfd = -1;
  CLEANUP_CLOSE int out = -1;
  CLEANUP_FREE char *err = NULL;
  int r;

  dfd = open_in_root (directory, O_RDONLY | O_DIRECTORY, 0);
  if (dfd == -1) {
    reply_with_perror ("%s", directory);
    return NULL;
  }
  out = memfd_create ("ll", MFD_CLOEXEC);
  if (out == -1) {
    reply_with_perror ("memfd_create");
    return NULL;
  }
  r = command_fds (-1, out, dfd, &err, argv);
  if (r != 0) {
    trim_newline (err);
    reply_with_error ("%s: %s", directory,
                      err && err[0] ? err : "ls failed");
    return NULL;
  }
  return read_back (out, MAX_LL);
}

/**
 * Create the directory C<path> (mode 0777 less the umask); its
 * parent must exist.
 */
int
do_mkdir (const char *path)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int pfd = open_parent_in_root (path, &base);

  if (pfd == -1) {
    if (errno == EINVAL)
      errno = EEXIST;           /* "/", "." or ".." exist */
    reply_with_perror ("%s", path);
    return -1;
  }
  if (mkdirat (pfd, base, 0777) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}

/* Make sure the directory PREFIX exists, creating it if missing.
 * Returns 0, or -1 with errno set. */
static int
ensure_dir (const char *prefix)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int fd = open_in_root (prefix, O_PATH | O_DIRECTORY, 0);
  CLEANUP_CLOSE int pfd = -1;

  if (fd >= 0 || errno != ENOENT)
    return fd >= 0 ? 0 : -1;
  pfd = open_parent_in_root (prefix, &base);
  if (pfd == -1)
    return -1;
  if (mkdirat (pfd, base, 0777) == -1 && errno != EEXIST)
    return -1;
  /* It may exist as something else, or be a dangling symlink. */
  fd = open_in_root (prefix, O_PATH | O_DIRECTORY, 0);
  return fd >= 0 ? 0 : -1;
}

/**
 * Create C<path> and any missing parents; an existing directory is
 * fine, anything else in the way is an error.
 */
int
do_mkdir_p (const char *path)
{
  CLEANUP_FREE char *buf = strdup (path);
  char *p, c;

  if (buf == NULL) {
    reply_with_perror ("strdup");
    return -1;
  }
  for (p = buf + 1;; p++) {
    if (*p != '/' && *p != '\0')
      continue;
    c = *p;
    *p = '\0';
    if (p[-1] != '/' && ensure_dir (buf) == -1) {
      reply_with_perror ("%s", buf);
      return -1;
    }
    if (c == '\0')
      break;
    *p = c;
  }
  return 0;
}

/**
 * Remove the empty directory C<path>.
 */
int
do_rmdir (const char *path)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int pfd = open_parent_in_root (path, &base);

  if (pfd == -1 || unlinkat (pfd, base, AT_REMOVEDIR) == -1) {
    if (pfd == -1 && errno == EINVAL)
      errno = EBUSY;            /* "/", "." or ".." */
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}

/**
 * Remove the file C<path> (a symlink itself, never its target); a
 * directory gives C<EISDIR>.
 */
int
do_rm (const char *path)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int pfd = open_parent_in_root (path, &base);

  if (pfd == -1) {
    if (errno == EINVAL)
      errno = EISDIR;           /* "/", "." or ".." */
    reply_with_perror ("%s", path);
    return -1;
  }
  if (unlinkat (pfd, base, 0) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}

static int remove_entry (int dirfd, const char *name, int depth);

/* Remove everything in the directory DIR.  Entries removed while
 * reading may hide others, so read again until a pass removes
 * nothing.  Returns 0, or -1 with errno set. */
static int
empty_dir (DIR *dir, int depth)
{
  struct dirent *d;
  size_t removed;

  do {
    removed = 0;
    rewinddir (dir);
    while ((errno = 0, d = readdir (dir)) != NULL) {
      if (is_dot_or_dotdot (d->d_name))
        continue;
      if (remove_entry (dirfd (dir), d->d_name, depth) == -1)
        return -1;
      removed++;
    }
    if (errno != 0)
      return -1;
  } while (removed > 0);
  return 0;
}

/* Remove the directory NAME in DIRFD and its contents. */
static int
remove_dir (int dirfd, const char *name, int depth)
{
  DIR *dir;
  int fd, r;

  if (depth >= MAX_DEPTH) {
    errno = ELOOP;              /* "Too many levels" */
    return -1;
  }
  fd = openat (dirfd, name,
               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd == -1)
    return errno == ENOENT ? 0 : -1;
  dir = fdopendir (fd);
  if (dir == NULL) {
    close (fd);
    return -1;
  }
  r = empty_dir (dir, depth + 1);
  closedir (dir);
  if (r == -1)
    return -1;
  if (unlinkat (dirfd, name, AT_REMOVEDIR) == -1 && errno != ENOENT)
    return -1;
  return 0;
}

/* Remove NAME in DIRFD, recursively if it is a directory (never
 * following symlinks).  Missing is fine.  Returns 0 or -1 (errno). */
static int
remove_entry (int dirfd, const char *name, int depth)
{
  struct stat st;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
    return errno == ENOENT ? 0 : -1;
  if (S_ISDIR (st.st_mode))
    return remove_dir (dirfd, name, depth);
  if (unlinkat (dirfd, name, 0) == -1 && errno != ENOENT)
    return -1;
  return 0;
}

/**
 * Remove C<path> and everything under it, never following symlinks;
 * a missing C<path> is not an error, and F</> is refused.
 */
int
do_rm_rf (const char *path)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int pfd = -1;

  if (path[strspn (path, "/")] == '\0') {
    reply_with_error ("cannot remove the root directory");
    return -1;
  }
  pfd = open_parent_in_root (path, &base);
  if (pfd == -1) {
    if (errno == ENOENT || errno == ENOTDIR)
      return 0;                 /* the parent is missing, so is PATH */
    reply_with_perror ("%s", path);
    return -1;
  }
  if (remove_entry (pfd, base, 0) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}
