/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the link and name commands C<ln>, C<ln_f>,
 * C<ln_s>, C<ln_sf>, C<readlink>, C<readlinklist>, C<realpath>,
 * C<rename>, C<rm_f> and C<case_sensitive_path>.
 *
 * Every path is resolved inside the guest root; the last component
 * is then handled with the C<*at> calls from its parent directory, so
 * a guest symlink there is never followed.  The target of a symbolic
 * link is data, stored exactly as given.  C<realpath> reads back the
 * path of an fd opened inside the root, so it can never leave it.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"

/* Longest symlink contents Linux stores (PATH_MAX with its NUL). */
#define MAX_LINK PATH_MAX

/* Most bytes of names readlinklist returns in one reply. */
#define MAX_LIST (GUESTFS_MESSAGE_MAX - 65536)

/**
 * Return the guest path (from F</>) of C<fd>, which was opened inside
 * the guest root, malloc'd.  Returns NULL with C<errno> set.
 */
char *
fd_to_guest_path (int fd)
{
  char link[64], buf[DAEMON_MAX_PATH + sizeof SYSROOT + 2];
  size_t n = strlen (SYSROOT);
  ssize_t r;

  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  r = readlink (link, buf, sizeof buf);
  if (r == -1)
    return NULL;
  if ((size_t) r >= sizeof buf) {
    errno = ENAMETOOLONG;
    return NULL;
  }
  buf[r] = '\0';
  if (strncmp (buf, SYSROOT, n) != 0 || (buf[n] != '/' && buf[n] != '\0')) {
    errno = EXDEV;            /* not below the guest root: cannot happen */
    return NULL;
  }
  return strdup (buf[n] ? buf + n : "/");
}

/* Last component of the string S (trailing slashes ignored), copied
 * into BUF of SIZE bytes.  Returns BUF, or NULL (EINVAL) if empty. */
static char *
last_component (const char *s, char *buf, size_t size)
{
  size_t len = strlen (s), start;

  while (len > 0 && s[len - 1] == '/')
    len--;
  start = len;
  while (start > 0 && s[start - 1] != '/')
    start--;
  if (len == start || len - start >= size ||
      (len - start == 1 && s[start] == '.') ||
      (len - start == 2 && s[start] == '.' && s[start + 1] == '.')) {
    errno = EINVAL;
    return NULL;
  }
  memcpy (buf, s + start, len - start);
  buf[len - start] = '\0';
  return buf;
}

/* Where a link named LINKNAME goes: into LINKNAME itself if that is a
 * directory (named after TARGET), else LINKNAME's parent.  Returns the
 * directory fd and sets *BASE_R (malloc'd), or -1 with errno set. */
static int
link_location (const char *target, const char *linkname, char **base_r)
{
  char name[NAME_MAX + 1];
  int fd = open_in_root (linkname, O_PATH | O_DIRECTORY, 0);

  if (fd == -1)
    return open_parent_in_root (linkname, base_r);
  if (last_component (target, name, sizeof name) == NULL ||
      (*base_r = strdup (name)) == NULL) {
    int err = errno;
    close (fd);
    errno = err;
    return -1;
  }
  return fd;
}

/* Remove NAME in DIRFD before ln -f, unless it is a directory or the
 * same file as (TFD, TNAME).  Returns 0 or -1 with errno set. */
static int
remove_old (int dirfd, const char *name, int tfd, const char *tname)
{
  struct stat st, tst;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
    return errno == ENOENT ? 0 : -1;
  if (S_ISDIR (st.st_mode)) {
    errno = EISDIR;
    return -1;
  }
  if (tfd >= 0 && fstatat (tfd, tname, &tst, AT_SYMLINK_NOFOLLOW) == 0 &&
      tst.st_dev == st.st_dev && tst.st_ino == st.st_ino) {
    errno = EEXIST;           /* linking a file onto itself */
    return -1;
  }
  return unlinkat (dirfd, name, 0);
}

/* Open the parent of the guest path TARGET (relative to "/" if it
 * does not start with one) for a hard link.  Returns the fd and sets
 * *BASE_R, or -1 after replying. */
static int
open_target (const char *target, char **base_r)
{
  CLEANUP_FREE char *abs = NULL;
  int fd = -1;

  if (target[0] == '/' || asprintf (&abs, "/%s", target) != -1)
    fd = open_parent_in_root (abs ? abs : target, base_r);
  if (fd == -1)
    reply_with_perror ("%s", target);
  return fd;
}

/* ln, ln -f, ln -s and ln -sf.  Returns 0 or -1 after replying. */
static int
make_link (const char *target, const char *linkname, bool symbolic,
           bool force)
{
  CLEANUP_FREE char *base = NULL, *tbase = NULL;
  CLEANUP_CLOSE int tfd = -1;
  CLEANUP_CLOSE int dirfd = -1;
  int r;

  if (!symbolic && (tfd = open_target (target, &tbase)) == -1)
    return -1;
  dirfd = link_location (target, linkname, &base);
  if (dirfd == -1) {
    reply_with_perror ("%s", linkname);
    return -1;
  }
  r = force ? remove_old (dirfd, base, tfd, tbase) : 0;
  if (r == 0 && symbolic)
    r = symlinkat (target, dirfd, base);
  else if (r == 0)
    r = linkat (tfd, tbase, dirfd, base, 0);
  if (r == -1) {
    reply_with_perror ("%s", linkname);
    return -1;
  }
  return 0;
}

/**
 * Make C<linkname> a hard link to C<target>.
 */
int
do_ln (const char *target, const char *linkname)
{
  return make_link (target, linkname, false, false);
}

/**
 * Like C<ln>, replacing an existing C<linkname>.
 */
int
do_ln_f (const char *target, const char *linkname)
{
  return make_link (target, linkname, false, true);
}

/**
 * Make C<linkname> a symbolic link containing C<target>.
 */
int
do_ln_s (const char *target, const char *linkname)
{
  return make_link (target, linkname, true, false);
}

/**
 * Like C<ln_s>, replacing an existing C<linkname>.
 */
int
do_ln_sf (const char *target, const char *linkname)
{
  return make_link (target, linkname, true, true);
}

/**
 * Return the contents of the symbolic link C<path> (malloc'd).
 */
char *
do_readlink (const char *path)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int pfd = open_parent_in_root (path, &base);
  char buf[MAX_LINK];
  ssize_t r;

  if (pfd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  r = readlinkat (pfd, base, buf, sizeof buf);
  if (r == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if ((size_t) r >= sizeof buf) {
    reply_with_error ("%s: link is too long", path);
    return NULL;
  }
  buf[r] = '\0';
  return strdup (buf);
}

/* Contents of the symlink NAME in DIRFD, or "" (a name with a slash
 * is not in the directory).  Returns a malloc'd string or NULL. */
static char *
read_one_link (int dirfd, const char *name)
{
  char buf[MAX_LINK];
  ssize_t r = -1;

  if (strchr (name, '/') == NULL && name[0] != '\0')
    r = readlinkat (dirfd, name, buf, sizeof buf);
  if (r < 0 || (size_t) r >= sizeof buf)
    r = 0;
  buf[r] = '\0';
  return strdup (buf);
}

/**
 * Read the symlinks C<names> in the directory C<path>: one string per
 * name, empty when it cannot be read.
 */
char **
do_readlinklist (const char *path, char *const *names)
{
  DECLARE_STRINGSBUF (sb);
  CLEANUP_CLOSE int dirfd = open_in_root (path, O_PATH | O_DIRECTORY, 0);
  size_t total = 0;
  char *s;

  if (dirfd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  for (; *names; names++) {
    s = read_one_link (dirfd, *names);
    if (s == NULL || (total += strlen (s) + 8) > MAX_LIST) {
      free (s);
      if (s == NULL)
        reply_with_perror ("malloc");
      else
        reply_with_error ("result is too large for the protocol");
      free_stringsbuf (&sb);
      return NULL;
    }
    if (add_string_nodup (&sb, s) == -1) {
      free_stringsbuf (&sb);
      return NULL;
    }
  }
  if (end_stringsbuf (&sb) == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  return take_stringsbuf (&sb);
}

/**
 * Return the canonical guest path of C<path>: no C<.>, C<..> or
 * symlinks (resolved inside the guest root).
 */
char *
do_realpath (const char *path)
{
  CLEANUP_CLOSE int fd = open_in_root (path, O_PATH, 0);
  char *ret;

  if (fd == -1 || (ret = fd_to_guest_path (fd)) == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  return ret;
}

/**
 * Rename C<oldpath> to C<newpath> with C<rename(2)>.
 */
int
do_rename (const char *oldpath, const char *newpath)
{
  CLEANUP_FREE char *obase = NULL, *nbase = NULL;
  CLEANUP_CLOSE int ofd = open_parent_in_root (oldpath, &obase);
  CLEANUP_CLOSE int nfd = -1;

  if (ofd == -1) {
    reply_with_perror ("%s", oldpath);
    return -1;
  }
  nfd = open_parent_in_root (newpath, &nbase);
  if (nfd == -1) {
    reply_with_perror ("%s", newpath);
    return -1;
  }
  if (renameat (ofd, obase, nfd, nbase) == -1) {
    reply_with_perror ("rename %s to %s", oldpath, newpath);
    return -1;
  }
  return 0;
}

/**
 * Remove the file C<path>; a missing one is fine, a directory is not.
 */
int
do_rm_f (const char *path)
{
  CLEANUP_FREE char *base = NULL;
  CLEANUP_CLOSE int pfd = open_parent_in_root (path, &base);

  if (pfd == -1 && (errno == ENOENT || errno == ENOTDIR))
    return 0;
  if (pfd == -1) {
    if (errno == EINVAL)
      errno = EISDIR;           /* "/", "." or ".." */
    reply_with_perror ("%s", path);
    return -1;
  }
  if (unlinkat (pfd, base, 0) == -1 && errno != ENOENT) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}

/* Find the entry of the directory DIRPATH that equals NAME, or failing
 * that equals it ignoring case, and copy its name over NAME (same
 * length).  NAME is kept if none does.  Returns 0 or -1 (errno). */
static int
match_name (const char *dirpath, char *name)
{
  DIR *dir;
  struct dirent *d;
  int fd = open_in_root (dirpath, O_RDONLY | O_DIRECTORY, 0);
  bool found = false;

  if (fd == -1 || (dir = fdopendir (fd)) == NULL) {
    if (fd >= 0)
      close (fd);
    return -1;
  }
  while ((d = readdir (dir)) != NULL) {
    if (strcmp (d->d_name, name) == 0)
      break;
    if (!found && strcasecmp (d->d_name, name) == 0 &&
        strlen (d->d_name) == strlen (name)) {
      memcpy (name, d->d_name, strlen (name));
      found = true;
    }
  }
  closedir (dir);
  return 0;
}

/**
 * Return C<path> with each component spelt as it is in the guest,
 * matching without regard to case; a missing last component is kept.
 */
char *
do_case_sensitive_path (const char *path)
{
  char out[DAEMON_MAX_PATH + 2] = "/";
  char name[NAME_MAX + 1];
  size_t len = 0, n;
  const char *p = path;

  for (;;) {
    p += strspn (p, "/");
    n = strcspn (p, "/");
    if (n == 0)
      break;
    if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) {
      reply_with_error ("%s: path components cannot be \".\" or \"..\"", path);
      return NULL;
    }
    if (n > NAME_MAX || len + n + 1 > DAEMON_MAX_PATH) {
      reply_with_error_errno (ENAMETOOLONG, "%s: name too long", path);
      return NULL;
    }
    memcpy (name, p, n);
    name[n] = '\0';
    if (match_name (out, name) == -1) {
      reply_with_perror ("%s", out);
      return NULL;
    }
    snprintf (out + len, sizeof out - len, "/%s", name);
    len += n + 1;
    p += n;
  }
  return strdup (out);
}
