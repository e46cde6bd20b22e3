/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the listing commands C<ls0>, C<readdir>,
 * C<find>, C<find0>, C<lstatnslist> and C<glob_expand>.
 *
 * C<find> walks the tree below a directory opened inside the guest
 * root; every subdirectory is reopened from that fd with
 * C<RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS>, so the walk never follows
 * a symlink and never leaves the tree, and it holds two fds at most.
 * C<glob_expand> runs glob(3) in a child process chrooted into the
 * guest root, which writes the matches into a memfd.  Replies are
 * bounded by the protocol's message size; the NUL-separated lists of
 * C<ls0> and C<find0> are streamed instead.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/openat2.h>

#include "daemon.h"
#include "actions.h"

/* Most bytes a listing may take in one reply. */
#define MAX_REPLY (GUESTFS_MESSAGE_MAX - 65536)

/* A growing buffer of NUL-terminated strings.  FD >= 0: a FileOut
 * stream, flushed every GUESTFS_CHUNK_SIZE bytes; else capped at MAX. */
struct names {
  char *data;
  size_t len, alloc, max;
  int stream;
};

/* Send what is buffered.  Returns 0 or -1 (errno). */
static int
names_flush (struct names *n)
{
  if (n->len > 0 && send_file_write (n->data, n->len) < 0) {
    errno = EPIPE;
    return -1;
  }
  n->len = 0;
  return 0;
}

/* Append S (LEN bytes) and a NUL.  Returns 0 or -1 (errno: E2BIG
 * past the cap). */
static int
names_add (struct names *n, const char *s, size_t len)
{
  char *p;
  size_t want = n->alloc ? n->alloc : 65536;

  if (n->stream && n->len + len + 1 > GUESTFS_CHUNK_SIZE &&
      names_flush (n) == -1)
    return -1;
  if (!n->stream && n->len + len + 1 > n->max) {
    errno = E2BIG;
    return -1;
  }
  while (n->len + len + 1 > want)
    want *= 2;
  if (want != n->alloc) {
    p = realloc (n->data, want);
    if (p == NULL)
      return -1;
    n->data = p;
    n->alloc = want;
  }
  memcpy (n->data + n->len, s, len);
  n->data[n->len + len] = '\0';
  n->len += len + 1;
  return 0;
}

static bool
is_dot_or_dotdot (const char *name)
{
  return name[0] == '.' &&
    (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

/* Open REL ("" for the top) below TOP as a directory to read, never
 * through a symlink and never outside TOP.  Returns a DIR or NULL. */
static DIR *
open_below (int top, const char *rel)
{
  struct open_how how = {
    .flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY,
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
  };
  int fd = syscall (SYS_openat2, top, rel[0] ? rel : ".", &how, sizeof how);
  DIR *dir;

  if (fd == -1)
    return NULL;
  dir = fdopendir (fd);
  if (dir == NULL)
    close (fd);
  return dir;
}

/* Read the names of the directory REL below TOP into N, each prefixed
 * with 'd' (a directory) or '-'.  Returns 0 or -1 (errno). */
static int
read_dir (int top, const char *rel, struct names *n)
{
  DIR *dir = open_below (top, rel);
  struct dirent *d;
  struct stat st;
  char type;
  int r = 0;

  if (dir == NULL)
    return -1;
  while (r == 0 && (errno = 0, d = readdir (dir)) != NULL) {
    if (is_dot_or_dotdot (d->d_name))
      continue;
    type = d->d_type == DT_DIR ? 'd' : '-';
    if (d->d_type == DT_UNKNOWN &&
        fstatat (dirfd (dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISDIR (st.st_mode))
      type = 'd';
    r = names_add (n, &type, 1);
    if (r == 0) {
      n->len--;                 /* the name goes on after the type */
      r = names_add (n, d->d_name, strlen (d->d_name));
    }
  }
  if (r == 0 && errno != 0)
    r = -1;
  closedir (dir);
  return r;
}

/* The walk of find and find0. */
struct walk {
  int top;                      /* the directory being listed */
  char path[DAEMON_MAX_PATH + 1]; /* current path relative to it */
  struct names *out;
};

/* List the directory W->path (LEN bytes) and below.  Returns 0 or
 * -1 (errno). */
static int
walk_dir (struct walk *w, size_t len)
{
  struct names here = { .max = SIZE_MAX };
  const char *p;
  size_t nlen;
  int r = read_dir (w->top, w->path, &here);

  for (p = here.data; r == 0 && p && p < here.data + here.len;
       p += strlen (p) + 1) {
    nlen = strlen (p + 1);
    if (len + (len > 0) + nlen > DAEMON_MAX_PATH) {
      errno = ENAMETOOLONG;
      r = -1;
      break;
    }
    if (len > 0)
      w->path[len] = '/';
    memcpy (w->path + len + (len > 0), p + 1, nlen + 1);
    r = names_add (w->out, w->path, len + (len > 0) + nlen);
    if (r == 0 && p[0] == 'd')
      r = walk_dir (w, len + (len > 0) + nlen);
    w->path[len] = '\0';
  }
  free (here.data);
  return r;
}

/* Open DIRECTORY inside the guest root for a walk.  Returns fd or -1
 * after replying. */
static int
open_top (const char *directory)
{
  int fd = open_in_root (directory, O_PATH | O_DIRECTORY, 0);

  if (fd == -1)
    reply_with_perror ("%s", directory);
  return fd;
}

/* Turn the names in N into a sorted list.  NULL after replying. */
static char **
names_to_list (struct names *n)
{
  DECLARE_STRINGSBUF (sb);
  const char *p;

  for (p = n->data; p && p < n->data + n->len; p += strlen (p) + 1)
    if (add_string (&sb, p) == -1) {
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

/**
 * List everything below C<directory> (relative paths, sorted),
 * never following symlinks.
 */
char **
do_find (const char *directory)
{
  struct names out = { .max = MAX_REPLY };
  struct walk w = { .out = &out };
  CLEANUP_CLOSE int top = open_top (directory);
  char **ret = NULL;

  if (top == -1)
    return NULL;
  w.top = top;
  if (walk_dir (&w, 0) == -1) {
    if (errno == E2BIG)
      reply_with_error ("%s: too many files for the protocol, use find0",
                        directory);
    else
      reply_with_perror ("%s", directory);
  }
  else
    ret = names_to_list (&out);
  free (out.data);
  return ret;
}

/* Send the LEN bytes at DATA in chunks.  Returns 0 or -1 (errno). */
static int
send_all (const char *data, size_t len)
{
  size_t n;

  for (; len > 0; data += n, len -= n) {
    n = len < GUESTFS_CHUNK_SIZE ? len : GUESTFS_CHUNK_SIZE;
    if (send_file_write (data, n) < 0) {
      errno = EPIPE;
      return -1;
    }
  }
  return 0;
}

/* Strip the type letter that read_dir put before each name. */
static void
strip_types (struct names *n)
{
  char *p = n->data, *q = n->data;
  size_t len;

  while (p && p < n->data + n->len) {
    len = strlen (p);
    memmove (q, p + 1, len);    /* the name and its NUL */
    q += len;
    p += len + 1;
  }
  n->len = q - n->data;
}

/* Stream the names of a walk (FIND) or of one directory to the
 * library, NUL-separated.  Returns 0 or -1 after replying. */
static int
stream_names (const char *directory, bool find)
{
  struct names out = { .stream = find, .max = SIZE_MAX };
  struct walk w = { .out = &out };
  CLEANUP_CLOSE int top = open_top (directory);
  int r = 0;

  if (top == -1)
    return -1;
  w.top = top;
  if (!find && read_dir (top, "", &out) == -1) {
    reply_with_perror ("%s", directory);   /* before the stream starts */
    free (out.data);
    return -1;
  }
  send_file_start ();
  if (find)
    r = walk_dir (&w, 0);
  else
    strip_types (&out);
  if (r == 0)
    r = send_all (out.data, out.len);
  free (out.data);
  if (r == -1) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  send_file_end (0);
  return 0;
}

/**
 * Stream the paths below C<directory>, NUL-separated, unsorted.
 */
int
do_find0 (const char *directory)
{
  return stream_names (directory, true);
}

/**
 * Stream the names in C<dir>, NUL-separated, unsorted.
 */
int
do_ls0 (const char *dir)
{
  return stream_names (dir, false);
}

/* The readdir type letter of D (in DIR), asking lstat when the
 * filesystem does not say. */
static char
entry_type (DIR *dir, const struct dirent *d)
{
  struct stat st;

  switch (d->d_type) {
  case DT_BLK: return 'b';
  case DT_CHR: return 'c';
  case DT_DIR: return 'd';
  case DT_FIFO: return 'f';
  case DT_LNK: return 'l';
  case DT_REG: return 'r';
  case DT_SOCK: return 's';
  case DT_UNKNOWN: break;
  default: return '?';
  }
  if (fstatat (dirfd (dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
    return 'u';
  if (S_ISBLK (st.st_mode)) return 'b';
  if (S_ISCHR (st.st_mode)) return 'c';
  if (S_ISDIR (st.st_mode)) return 'd';
  if (S_ISFIFO (st.st_mode)) return 'f';
  if (S_ISLNK (st.st_mode)) return 'l';
  if (S_ISREG (st.st_mode)) return 'r';
  if (S_ISSOCK (st.st_mode)) return 's';
  return 'u';
}

/* Append D to the list L.  Returns 0 or -1 (errno). */
static int
add_dirent (guestfs_int_dirent_list *l, size_t *alloc, DIR *dir,
            const struct dirent *d)
{
  guestfs_int_dirent *p;

  if (l->len == *alloc) {
    *alloc = *alloc ? *alloc * 2 : 64;
    p = reallocarray (l->val, *alloc, sizeof *p);
    if (p == NULL)
      return -1;
    l->val = p;
  }
  p = &l->val[l->len];
  p->name = strdup (d->d_name);
  if (p->name == NULL)
    return -1;
  p->ino = d->d_ino;
  p->ftyp = entry_type (dir, d);
  l->len++;
  return 0;
}

/* Fill L with the entries of DIR.  Returns 0 or -1 (errno). */
static int
read_dirents (DIR *dir, guestfs_int_dirent_list *l)
{
  struct dirent *d;
  size_t alloc = 0, bytes = 0;

  while ((errno = 0, d = readdir (dir)) != NULL) {
    bytes += strlen (d->d_name) + 24;
    if (bytes > MAX_REPLY) {
      errno = E2BIG;
      return -1;
    }
    if (add_dirent (l, &alloc, dir, d) == -1)
      return -1;
  }
  return errno == 0 ? 0 : -1;
}

/**
 * Return every entry of C<dir> (with C<.> and C<..>), unsorted, with
 * inode numbers and type letters.
 */
guestfs_int_dirent_list *
do_readdir (const char *dir)
{
  guestfs_int_dirent_list *ret = calloc (1, sizeof *ret);
  int fd = open_in_root (dir, O_RDONLY | O_DIRECTORY, 0);
  DIR *d = fd == -1 ? NULL : fdopendir (fd);
  int r = -1;

  if (ret != NULL && d != NULL)
    r = read_dirents (d, ret);
  if (r == -1) {
    if (errno == E2BIG)
      reply_with_error ("%s: directory is too large for the protocol", dir);
    else
      reply_with_perror ("%s", dir);
  }
  if (d != NULL)
    closedir (d);
  else if (fd >= 0)
    close (fd);
  if (r == -1 && ret != NULL) {
    guestfs_free_int_dirent_list (ret);
    free (ret);
    ret = NULL;
  }
  return ret;
}

/* lstat NAME in the directory PATH (fd DIRFD) into V; st_ino -1 if
 * it cannot be.  Only ".." needs the path: it must stay in the root. */
static void
lstat_one (int dirfd, const char *path, const char *name,
           guestfs_int_statns *v)
{
  CLEANUP_FREE char *full = NULL;
  CLEANUP_CLOSE int fd = -1;
  struct stat st;
  int r = -1;

  memset (v, 0, sizeof *v);
  v->st_ino = -1;
  if (strcmp (name, "..") == 0) {
    if (asprintf (&full, "%s/..", path) != -1 &&
        (fd = open_in_root (full, O_PATH, 0)) >= 0)
      r = fstat (fd, &st);
  }
  else if (name[0] != '\0' && strchr (name, '/') == NULL)
    r = fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW);
  if (r == -1)
    return;
  v->st_dev = st.st_dev; v->st_ino = st.st_ino; v->st_mode = st.st_mode;
  v->st_nlink = st.st_nlink; v->st_uid = st.st_uid; v->st_gid = st.st_gid;
  v->st_rdev = st.st_rdev; v->st_size = st.st_size;
  v->st_blksize = st.st_blksize; v->st_blocks = st.st_blocks;
  v->st_atime_sec = st.st_atim.tv_sec; v->st_atime_nsec = st.st_atim.tv_nsec;
  v->st_mtime_sec = st.st_mtim.tv_sec; v->st_mtime_nsec = st.st_mtim.tv_nsec;
  v->st_ctime_sec = st.st_ctim.tv_sec; v->st_ctime_nsec = st.st_ctim.tv_nsec;
}

/**
 * lstat each of C<names> in the directory C<path>; st_ino is -1 for
 * a name that could not be.
 */
guestfs_int_statns_list *
do_lstatnslist (const char *path, char *const *names)
{
  CLEANUP_CLOSE int dirfd = open_in_root (path, O_PATH | O_DIRECTORY, 0);
  guestfs_int_statns_list *ret;
  size_t n = 0;

  if (dirfd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  while (names[n])
    n++;
  if (n > MAX_REPLY / (22 * 8)) {
    reply_with_error ("too many names for the protocol");
    return NULL;
  }
  ret = malloc (sizeof *ret);
  if (ret == NULL || (ret->val = calloc (n + 1, sizeof *ret->val)) == NULL) {
    reply_with_perror ("malloc");
    free (ret);
    return NULL;
  }
  ret->len = n;
  for (n = 0; n < ret->len; n++)
    lstat_one (dirfd, path, names[n], &ret->val[n]);
  return ret;
}

/* Child of glob_expand: glob PATTERN inside the guest root and write
 * the matches, NUL-separated, to OUT.  Never returns. */
static void __attribute__((noreturn))
glob_child (const char *pattern, int flags, int out)
{
  glob_t g;
  size_t i, total = 0, len;
  int r;

  if (chroot (SYSROOT) == -1 || chdir ("/") == -1)
    _exit (10);
  r = glob (pattern, flags, NULL, &g);
  if (r == GLOB_NOMATCH)
    _exit (0);
  if (r != 0)
    _exit (r == GLOB_NOSPACE ? 11 : 12);
  for (i = 0; i < g.gl_pathc; i++) {
    len = strlen (g.gl_pathv[i]) + 1;
    total += len + 8;
    if (total > MAX_REPLY)
      _exit (13);
    if (write (out, g.gl_pathv[i], len) != (ssize_t) len)
      _exit (11);
  }
  _exit (0);
}

/* Reply with the error a glob child's exit STATUS means. */
static void
reply_glob_error (int status)
{
  int code = WIFEXITED (status) ? WEXITSTATUS (status) : -1;

  switch (code) {
  case 10: reply_with_error ("cannot enter the guest root"); break;
  case 11: reply_with_error_errno (ENOMEM, "out of memory"); break;
  case 12: reply_with_error ("read error while matching"); break;
  case 13: reply_with_error ("too many matches for the protocol"); break;
  default: reply_with_error ("glob failed (status %d)", status);
  }
}

/* Run glob_child and read its matches into N.  Returns 0 or -1 after
 * replying. */
static int
run_glob (const char *pattern, int flags, struct names *n)
{
  CLEANUP_CLOSE int out = memfd_create ("glob", MFD_CLOEXEC);
  struct stat st;
  pid_t pid;
  int status;

  if (out == -1 || (pid = fork ()) == -1) {
    reply_with_perror ("glob");
    return -1;
  }
  if (pid == 0)
    glob_child (pattern, flags, out);
  if (waitpid (pid, &status, 0) == -1 || fstat (out, &st) == -1) {
    reply_with_perror ("waitpid");
    return -1;
  }
  if (status != 0) {
    reply_glob_error (status);
    return -1;
  }
  if ((size_t) st.st_size > MAX_REPLY || (n->data = malloc (st.st_size + 1)) == NULL ||
      pread (out, n->data, st.st_size, 0) != st.st_size) {
    reply_with_perror ("glob");
    return -1;
  }
  n->len = st.st_size;
  return 0;
}

/**
 * Return the guest paths matching the wildcard C<pattern> (in
 * glob(3) order); directories end in "/" unless C<directoryslash> is
 * given false.
 */
char **
do_glob_expand (const char *pattern, int directoryslash)
{
  DECLARE_STRINGSBUF (sb);
  struct names n = { .max = MAX_REPLY };
  int flags = GLOB_BRACE, r = 0;
  const char *p;

  if (!is_root_mounted ()) {
    reply_with_error ("you must call 'mount' first to mount the root "
                      "filesystem");
    return NULL;
  }
  if (!(optargs_bitmask & 1) || directoryslash)
    flags |= GLOB_MARK;
  if (run_glob (pattern, flags, &n) == -1) {
    free (n.data);
    return NULL;
  }
  for (p = n.data; r == 0 && p && p < n.data + n.len; p += strlen (p) + 1)
    r = add_string (&sb, p);
  free (n.data);
  if (r == -1 || end_stringsbuf (&sb) == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  return take_stringsbuf (&sb);
}
