/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the extended attribute calls: C<getxattrs>,
 * C<getxattr>, C<setxattr>, C<removexattr>, their C<l*> variants and
 * C<lxattrlist>.
 *
 * A guest path is first opened with C<O_PATH> inside the guest root
 * (C<open_in_root>): following a final symlink (inside the root) for
 * the plain calls, or with C<O_NOFOLLOW> for the C<l*> calls, so that
 * the fd is then the symlink itself.  The C<*xattr> system calls are
 * then made on F</proc/self/fd/N>: the kernel resolves that magic
 * link to exactly the object the fd holds and goes no further, so a
 * guest symlink is never followed out of the root.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/xattr.h>

#include "daemon.h"
#include "actions.h"

/* Everything a list call returns must fit in one reply. */
#define MAX_XATTR_TOTAL (3 * 1024 * 1024)

/* An fd on a guest object and its F</proc/self/fd/N> name. */
struct target {
  int fd;
  char proc[64];
};

/* Open PATH (its final symlink itself if NOFOLLOW) into T.  Returns
 * 0, or -1 after replying. */
static int
target_open (struct target *t, const char *path, bool nofollow)
{
  t->fd = open_in_root (path, O_PATH | (nofollow ? O_NOFOLLOW : 0), 0);
  if (t->fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  snprintf (t->proc, sizeof t->proc, "/proc/self/fd/%d", t->fd);
  return 0;
}

static void
target_close (struct target *t)
{
  if (t->fd >= 0)
    close (t->fd);
  t->fd = -1;
}

/* Read attribute NAME of T: a malloc'd buffer (NUL-terminated, not
 * counted in *LEN_R).  Returns NULL with errno set. */
static char *
read_value (const struct target *t, const char *name, size_t *len_r)
{
  ssize_t len;
  char *buf;

  for (;;) {
    len = getxattr (t->proc, name, NULL, 0);
    if (len == -1)
      return NULL;
    buf = malloc (len + 1);
    if (buf == NULL)
      return NULL;
    len = getxattr (t->proc, name, buf, len);
    if (len >= 0)
      break;
    free (buf);
    if (errno != ERANGE)        /* ERANGE: it grew meanwhile */
      return NULL;
  }
  buf[len] = '\0';
  *len_r = len;
  return buf;
}

/* The names of T's attributes, each NUL-terminated, in a malloc'd
 * buffer of *LEN_R bytes.  Returns NULL with errno set. */
static char *
read_names (const struct target *t, size_t *len_r)
{
  ssize_t len;
  char *buf;

  for (;;) {
    len = listxattr (t->proc, NULL, 0);
    if (len == -1)
      return NULL;
    buf = malloc (len + 1);
    if (buf == NULL)
      return NULL;
    len = listxattr (t->proc, buf, len);
    if (len >= 0)
      break;
    free (buf);
    if (errno != ERANGE)
      return NULL;
  }
  buf[len] = '\0';
  *len_r = len;
  return buf;
}

/* Append an entry (NAME, VAL of LEN bytes; VAL is taken) to LIST,
 * charging it to *TOTAL.  Returns 0, or -1 with errno set. */
static int
list_add (guestfs_int_xattr_list *list, const char *name, char *val,
          size_t len, size_t *total)
{
  guestfs_int_xattr *v;

  *total += strlen (name) + len + 16;
  if (*total > MAX_XATTR_TOTAL) {
    free (val);
    errno = E2BIG;
    return -1;
  }
  v = realloc (list->val, (list->len + 1) * sizeof *v);
  if (v == NULL) {
    free (val);
    return -1;
  }
  list->val = v;
  v = &list->val[list->len];
  if (val == NULL)
    return -1;                  /* ENOMEM */
  v->attrname = strdup (name);
  if (v->attrname == NULL) {
    free (val);
    return -1;
  }
  v->attrval = val;
  v->attrval_len = len;
  list->len++;
  return 0;
}

/* Append every attribute of T to LIST; *COUNT_R gets how many.
 * Returns 0, or -1 with errno set. */
static int
list_attrs (guestfs_int_xattr_list *list, const struct target *t,
            size_t *total, size_t *count_r)
{
  CLEANUP_FREE char *names = NULL;
  size_t names_len, len, i;
  char *val;

  *count_r = 0;
  names = read_names (t, &names_len);
  if (names == NULL)
    return -1;
  for (i = 0; i < names_len; i += strlen (names + i) + 1) {
    val = read_value (t, names + i, &len);
    if (val == NULL && errno == ENODATA)
      continue;                 /* removed meanwhile */
    if (val == NULL || list_add (list, names + i, val, len, total) == -1)
      return -1;
    (*count_r)++;
  }
  return 0;
}

/* A new, empty list, or NULL after replying. */
static guestfs_int_xattr_list *
list_new (void)
{
  guestfs_int_xattr_list *list = calloc (1, sizeof *list);

  if (list == NULL)
    reply_with_perror ("calloc");
  return list;
}

static void
list_free (guestfs_int_xattr_list *list)
{
  guestfs_free_int_xattr_list (list);
  free (list);
}

/* getxattrs / lgetxattrs. */
static guestfs_int_xattr_list *
get_all (const char *path, bool nofollow)
{
  struct target t;
  guestfs_int_xattr_list *list;
  size_t total = 0, count;

  if (target_open (&t, path, nofollow) == -1)
    return NULL;
  list = list_new ();
  if (list != NULL && list_attrs (list, &t, &total, &count) == -1) {
    reply_with_perror ("%s", path);
    list_free (list);
    list = NULL;
  }
  target_close (&t);
  return list;
}

/**
 * List the extended attributes (names and values) of C<path>,
 * following a final symlink inside the guest.
 */
guestfs_int_xattr_list *
do_getxattrs (const char *path)
{
  return get_all (path, false);
}

/**
 * List the extended attributes of C<path> itself, even when it is a
 * symlink.
 */
guestfs_int_xattr_list *
do_lgetxattrs (const char *path)
{
  return get_all (path, true);
}

/* getxattr / lgetxattr: the value as a buffer, or NULL after
 * replying. */
static char *
get_one (const char *path, const char *name, bool nofollow, size_t *size_r)
{
  struct target t;
  char *val;

  if (target_open (&t, path, nofollow) == -1)
    return NULL;
  val = read_value (&t, name, size_r);
  if (val == NULL)
    reply_with_perror ("%s: %s", path, name);
  target_close (&t);
  return val;
}

/**
 * Return the value of the extended attribute C<name> of C<path>
 * (following a final symlink) as a buffer.
 */
char *
do_getxattr (const char *path, const char *name, size_t *size_r)
{
  return get_one (path, name, false, size_r);
}

/**
 * Return the value of the extended attribute C<name> of C<path>
 * itself, even when it is a symlink.
 */
char *
do_lgetxattr (const char *path, const char *name, size_t *size_r)
{
  return get_one (path, name, true, size_r);
}

/* setxattr / lsetxattr.  VAL holds a string; VALLEN of its bytes are
 * stored. */
static int
set_one (const char *xattr, const char *val, int vallen, const char *path,
         bool nofollow)
{
  struct target t;
  int r;

  if (vallen < 0 || (size_t) vallen > strlen (val)) {
    reply_with_error ("vallen %d is outside the value (%zu bytes)",
                      vallen, strlen (val));
    return -1;
  }
  if (target_open (&t, path, nofollow) == -1)
    return -1;
  r = setxattr (t.proc, xattr, val, vallen, 0);
  if (r == -1)
    reply_with_perror ("%s: %s", path, xattr);
  target_close (&t);
  return r;
}

/**
 * Set the extended attribute C<xattr> of C<path> (following a final
 * symlink) to the first C<vallen> bytes of C<val>.
 */
int
do_setxattr (const char *xattr, const char *val, int vallen, const char *path)
{
  return set_one (xattr, val, vallen, path, false);
}

/**
 * Set the extended attribute C<xattr> of C<path> itself, even when it
 * is a symlink.
 */
int
do_lsetxattr (const char *xattr, const char *val, int vallen,
              const char *path)
{
  return set_one (xattr, val, vallen, path, true);
}

/* removexattr / lremovexattr. */
static int
remove_one (const char *xattr, const char *path, bool nofollow)
{
  struct target t;
  int r;

  if (target_open (&t, path, nofollow) == -1)
    return -1;
  r = removexattr (t.proc, xattr);
  if (r == -1)
    reply_with_perror ("%s: %s", path, xattr);
  target_close (&t);
  return r;
}

/**
 * Remove the extended attribute C<xattr> of C<path>, following a
 * final symlink.
 */
int
do_removexattr (const char *xattr, const char *path)
{
  return remove_one (xattr, path, false);
}

/**
 * Remove the extended attribute C<xattr> of C<path> itself, even when
 * it is a symlink.
 */
int
do_lremovexattr (const char *xattr, const char *path)
{
  return remove_one (xattr, path, true);
}

/* Add the header entry and the attributes of DIR/NAME (not following
 * a final symlink) to LIST: an empty value when the file cannot be
 * read, else the count of its attributes as a C string.  Returns 0,
 * or -1 with errno set when the whole call must fail. */
static int
list_one_file (guestfs_int_xattr_list *list, const char *dir,
               const char *name, size_t *total)
{
  CLEANUP_FREE char *path = NULL;
  struct target t = { .fd = -1 };
  size_t header, count = 0;
  char num[32];
  int r = -1;

  if (list_add (list, "", calloc (1, 1), 0, total) == -1)
    return -1;
  header = list->len - 1;
  if (name[0] == '\0' || strchr (name, '/') != NULL ||
      asprintf (&path, "%s/%s", dir, name) == -1)
    return 0;                   /* not a name in DIR: an error entry */
  t.fd = open_in_root (path, O_PATH | O_NOFOLLOW, 0);
  if (t.fd == -1)
    return 0;
  snprintf (t.proc, sizeof t.proc, "/proc/self/fd/%d", t.fd);
  if (list_attrs (list, &t, total, &count) == 0) {
    snprintf (num, sizeof num, "%zu", count);
    free (list->val[header].attrval);
    list->val[header].attrval = strdup (num);
    if (list->val[header].attrval != NULL) {
      list->val[header].attrval_len = strlen (num) + 1;
      r = 0;
    }
  }
  else if (errno != E2BIG && errno != ENOMEM) {
    while (list->len > header + 1)      /* drop a partial listing */
      guestfs_free_int_xattr (&list->val[--list->len]);
    r = 0;
  }
  target_close (&t);
  return r;
}

/**
 * For each of C<names> (files in the directory C<path>), a header
 * entry (empty name; value: the number of attributes as a C string,
 * or empty if the file could not be read) followed by its extended
 * attributes, symlinks not followed.
 */
guestfs_int_xattr_list *
do_lxattrlist (const char *path, char *const *names)
{
  guestfs_int_xattr_list *list;
  CLEANUP_CLOSE int dfd = open_in_root (path, O_PATH | O_DIRECTORY, 0);
  size_t total = 0, i;

  if (dfd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  list = list_new ();
  if (list == NULL)
    return NULL;
  for (i = 0; names[i] != NULL; i++) {
    if (list_one_file (list, path, names[i], &total) == -1) {
      if (errno == E2BIG)
        reply_with_error ("too many or too large extended attributes "
                          "for one reply");
      else
        reply_with_perror ("%s/%s", path, names[i]);
      list_free (list);
      return NULL;
    }
  }
  return list;
}
