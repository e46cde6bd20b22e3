/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the listing commands C<ls0>, C<readdir>,
 * C<find> and C<find0>.
 *
 * C<find> walks the tree below a directory opened inside the guest
 * root; every subdirectory is reopened from that fd with
 * C<RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS>, so the walk never follows
 * a symlink and never leaves the tree, and it holds two fds at most.
 * Replies are
 * bounded by the protocol's message size; the NUL-separated lists of
 * C<ls0> and C<find0> are streamed instead.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>

#include "daemon.h"
#include "actions.h"

/* Most bytes a listing may take in one reply. */
#define MAX_REPLY (GUESTFS_MESSAGE_MAX - 65536)

/* A growing buffer of NUL-terminated strings.  FD >= 0: a FileOut
 * stream, flushed every GUESTFS_CHUNK_SIZE bytes; else capped at MAX. */
struct names {
  char *data;
  size_t len, alloc;
  size_t max, wire;             /* the cap, and the bytes on the wire */
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
  if (!n->stream && n->wire + len + 8 > n->max) {
    errno = E2BIG;              /* XDR: length word, padding */
    return -1;
  }
  n->wire += len + 8;
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
