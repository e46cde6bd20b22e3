/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the C<hivex_*> commands, thin wrappers around
 * libhivex for reading and editing Windows Registry hive files in the
 * guest.  The daemon holds at most one open hive; opening another
 * closes it.
 *
 * Hive files are guest paths: they are resolved inside the guest root
 * (C<open_in_root>), must be regular files, and libhivex is handed
 * the resolved file as F</proc/self/fd/N>, never a path it would
 * resolve itself.  C<hivex_commit> does the same for the file it
 * writes.  Hives are hostile input: libhivex checks their structure,
 * and this file bounds what it sends back (value sizes, list lengths).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <hivex.h>

#include "daemon.h"
#include "actions.h"

/* Bits of optargs_bitmask for hivex_open, in table order. */
#define OPT_VERBOSE (UINT64_C(1) << 0)
#define OPT_DEBUG   (UINT64_C(1) << 1)
#define OPT_WRITE   (UINT64_C(1) << 2)
#define OPT_UNSAFE  (UINT64_C(1) << 3)

/* A hive opened for writing is read into memory whole. */
#define HIVE_WRITE_MAX (1024 * 1024 * 1024)
/* Largest value returned raw, and largest string value converted
 * (UTF-16 to UTF-8 grows it by half at most): both stay below the
 * 4 MiB protocol message. */
#define VALUE_MAX (3 * 1024 * 1024)
#define STRING_VALUE_MAX (2 * 1024 * 1024)
/* Most entries in one list (libhivex allows fewer). */
#define LIST_MAX 200000
/* Windows' limits on key and value names, in characters. */
#define KEY_NAME_MAX 255
#define VALUE_NAME_MAX 16383

/* The open hive, and the guest path it was opened from. */
static hive_h *hive;
static char *hive_path;

/* Check that a hive is open.  Returns 0 or -1 after replying. */
static int
need_hive (void)
{
  if (hive == NULL) {
    reply_with_error ("no hive is open: call hivex_open first");
    return -1;
  }
  return 0;
}

/* Check that a hive is open and that H is a plausible node or value
 * handle.  Returns 0 or -1 after replying. */
static int
need_handle (int64_t h)
{
  if (need_hive () == -1)
    return -1;
  if (h <= 0) {
    reply_with_error_errno (EINVAL, "%" PRIi64 ": invalid handle", h);
    return -1;
  }
  return 0;
}

static void
close_hive (void)
{
  if (hive != NULL)
    hivex_close (hive);
  hive = NULL;
  free (hive_path);
  hive_path = NULL;
}

/* Open the existing regular file PATH inside the guest root as an
 * O_PATH fd; refuse files larger than MAX_SIZE bytes.  Returns the
 * fd, or -1 after replying. */
static int
hive_open_regular (const char *path, off_t max_size)
{
  struct stat st;
  int fd = open_in_root (path, O_PATH | O_CLOEXEC, 0);

  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", path);
    if (fd >= 0)
      close (fd);
    return -1;
  }
  if (!S_ISREG (st.st_mode) || st.st_size > max_size) {
    close (fd);
    if (!S_ISREG (st.st_mode))
      reply_with_error_errno (EINVAL, "%s: not a regular file", path);
    else
      reply_with_error_errno (EFBIG, "%s: hive too large", path);
    return -1;
  }
  return fd;
}

/**
 * Open the hive file C<filename> (a guest path).  Any hive open
 * before is closed first, even if this open fails.  The optional
 * flags are libhivex's.
 */
int
do_hivex_open (const char *filename, int verbose_opt, int debug, int write,
               int unsafe)
{
  CLEANUP_CLOSE int fd = -1;
  char proc[64];
  int flags = 0;
  hive_h *h;
  char *path;

  if ((optargs_bitmask & OPT_VERBOSE) && verbose_opt)
    flags |= HIVEX_OPEN_VERBOSE;
  if ((optargs_bitmask & OPT_DEBUG) && debug)
    flags |= HIVEX_OPEN_DEBUG;
  if ((optargs_bitmask & OPT_WRITE) && write)
    flags |= HIVEX_OPEN_WRITE;
  if ((optargs_bitmask & OPT_UNSAFE) && unsafe)
    flags |= HIVEX_OPEN_UNSAFE;
  close_hive ();                /* even if this open fails */
  fd = hive_open_regular (filename, (flags & HIVEX_OPEN_WRITE) ?
                     HIVE_WRITE_MAX : INT64_MAX);
  if (fd == -1)
    return -1;
  path = strdup (filename);
  if (path == NULL) {
    reply_with_perror ("strdup");
    return -1;
  }
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  h = hivex_open (proc, flags);
  if (h == NULL) {
    reply_with_perror ("%s", filename);
    free (path);
    return -1;
  }
  hive = h;
  hive_path = path;
  return 0;
}

/**
 * Close the open hive, dropping changes not committed.
 */
int
do_hivex_close (void)
{
  if (need_hive () == -1)
    return -1;
  close_hive ();
  return 0;
}

/* Open (creating it if missing) the regular file PATH inside the
 * guest root for hivex_commit: an O_PATH fd, or -1 after replying. */
static int
open_commit_target (const char *path)
{
  CLEANUP_FREE char *base = NULL;
  int dirfd, fd;

  fd = open_in_root (path, O_PATH | O_CLOEXEC, 0);
  if (fd >= 0) {
    close (fd);
    return hive_open_regular (path, INT64_MAX);
  }
  if (errno != ENOENT) {
    reply_with_perror ("%s", path);
    return -1;
  }
  dirfd = open_parent_in_root (path, &base);
  if (dirfd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  fd = openat (dirfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
               O_CLOEXEC | O_NOCTTY, 0644);
  if (fd == -1)
    reply_with_perror ("%s", path);
  close (dirfd);
  return fd;
}

/**
 * Write the open hive's changes to C<filename> (a guest path), or
 * back to the file it was opened from if C<filename> is NULL or empty.
 */
int
do_hivex_commit (const char *filename)
{
  CLEANUP_CLOSE int fd = -1;
  char proc[64];

  if (need_hive () == -1)
    return -1;
  if (filename == NULL || filename[0] == '\0')
    filename = hive_path;
  else if (check_path (filename, true) == -1)
    return -1;
  if (!is_root_mounted ()) {
    reply_with_error ("the filesystem of the hive is not mounted");
    return -1;
  }
  fd = open_commit_target (filename);
  if (fd == -1)
    return -1;
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  if (hivex_commit (hive, proc, 0) == -1) {
    reply_with_perror ("%s", filename);
    return -1;
  }
  return 0;
}

/**
 * Return the root node of the open hive.
 */
int64_t
do_hivex_root (void)
{
  hive_node_h r;

  if (need_hive () == -1)
    return -1;
  r = hivex_root (hive);
  if (r == 0) {
    reply_with_perror ("cannot read the root node");
    return -1;
  }
  return (int64_t) r;
}

/**
 * Return the name of node C<nodeh> (malloc'd UTF-8).
 */
char *
do_hivex_node_name (int64_t nodeh)
{
  char *r;

  if (need_handle (nodeh) == -1)
    return NULL;
  r = hivex_node_name (hive, (hive_node_h) nodeh);
  if (r == NULL)
    reply_with_perror ("node %" PRIi64, nodeh);
  return r;
}

/* Both hivex list structs hold one int64_t handle per entry. */
_Static_assert (sizeof (guestfs_int_hivex_node) == sizeof (int64_t) &&
                sizeof (guestfs_int_hivex_value) == sizeof (int64_t),
                "hivex handle structs are one int64_t");

/* The handles of the 0-terminated LIST (at most LIST_MAX, freed here)
 * as a new array of int64_t in *VAL_R, its length in *LEN_R.  Returns
 * 0, or -1 after replying (a NULL LIST is libhivex's error about
 * node NODEH). */
static int
handle_list (size_t *list, int64_t nodeh, int64_t **val_r, uint32_t *len_r)
{
  size_t n;
  int64_t *val;

  if (list == NULL) {
    reply_with_perror ("node %" PRIi64, nodeh);
    return -1;
  }
  for (n = 0; list[n] != 0; n++)
    if (n >= LIST_MAX) {
      free (list);
      reply_with_error ("too many entries (more than %d)", LIST_MAX);
      return -1;
    }
  val = calloc (n + 1, sizeof *val);
  if (val == NULL) {
    free (list);
    reply_with_perror ("calloc");
    return -1;
  }
  for (*len_r = 0; *len_r < n; (*len_r)++)
    val[*len_r] = (int64_t) list[*len_r];
  free (list);
  *val_r = val;
  return 0;
}

/**
 * Return the subkeys of node C<nodeh>.
 */
guestfs_int_hivex_node_list *
do_hivex_node_children (int64_t nodeh)
{
  guestfs_int_hivex_node_list *ret;

  if (need_handle (nodeh) == -1)
    return NULL;
  ret = calloc (1, sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  if (handle_list (hivex_node_children (hive, (hive_node_h) nodeh), nodeh,
                   (int64_t **) &ret->val, &ret->len) == -1) {
    free (ret);
    return NULL;
  }
  return ret;
}

/**
 * Return the child of C<nodeh> called C<name>, or 0 if it has none.
 */
int64_t
do_hivex_node_get_child (int64_t nodeh, const char *name)
{
  hive_node_h r;

  if (need_handle (nodeh) == -1)
    return -1;
  errno = 0;
  r = hivex_node_get_child (hive, (hive_node_h) nodeh, name);
  if (r == 0 && errno != 0) {
    reply_with_perror ("node %" PRIi64, nodeh);
    return -1;
  }
  return (int64_t) r;
}

/**
 * Return the parent of node C<nodeh>.
 */
int64_t
do_hivex_node_parent (int64_t nodeh)
{
  hive_node_h r;

  if (need_handle (nodeh) == -1)
    return -1;
  r = hivex_node_parent (hive, (hive_node_h) nodeh);
  if (r == 0) {
    reply_with_perror ("node %" PRIi64, nodeh);
    return -1;
  }
  return (int64_t) r;
}

/**
 * Return the values of node C<nodeh>.
 */
guestfs_int_hivex_value_list *
do_hivex_node_values (int64_t nodeh)
{
  guestfs_int_hivex_value_list *ret;

  if (need_handle (nodeh) == -1)
    return NULL;
  ret = calloc (1, sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  if (handle_list (hivex_node_values (hive, (hive_node_h) nodeh), nodeh,
                   (int64_t **) &ret->val, &ret->len) == -1) {
    free (ret);
    return NULL;
  }
  return ret;
}

/**
 * Return the value of C<nodeh> called C<key>, or 0 if it has none.
 */
int64_t
do_hivex_node_get_value (int64_t nodeh, const char *key)
{
  hive_value_h r;

  if (need_handle (nodeh) == -1)
    return -1;
  errno = 0;
  r = hivex_node_get_value (hive, (hive_node_h) nodeh, key);
  if (r == 0 && errno != 0) {
    reply_with_perror ("node %" PRIi64, nodeh);
    return -1;
  }
  return (int64_t) r;
}

/**
 * Return the name (key) of value C<valueh> (malloc'd UTF-8).
 */
char *
do_hivex_value_key (int64_t valueh)
{
  char *r;

  if (need_handle (valueh) == -1)
    return NULL;
  r = hivex_value_key (hive, (hive_value_h) valueh);
  if (r == NULL)
    reply_with_perror ("value %" PRIi64, valueh);
  return r;
}

/* Get the type and length of value VALUEH; 0 or -1 after replying. */
static int
value_type (int64_t valueh, hive_type *t, size_t *len)
{
  if (need_handle (valueh) == -1)
    return -1;
  if (hivex_value_type (hive, (hive_value_h) valueh, t, len) == -1) {
    reply_with_perror ("value %" PRIi64, valueh);
    return -1;
  }
  return 0;
}

/**
 * Return the type of value C<valueh> (1 string, 3 binary, 4 dword...).
 */
int64_t
do_hivex_value_type (int64_t valueh)
{
  hive_type t;
  size_t len;

  if (value_type (valueh, &t, &len) == -1)
    return -1;
  return (int64_t) t;
}

/**
 * Return the raw data of value C<valueh>; its size goes to *size_r.
 */
char *
do_hivex_value_value (int64_t valueh, size_t *size_r)
{
  hive_type t;
  size_t len;
  char *r;

  if (value_type (valueh, &t, &len) == -1)
    return NULL;
  if (len > VALUE_MAX) {
    reply_with_error_errno (EFBIG, "value too large (%zu bytes)", len);
    return NULL;
  }
  r = hivex_value_value (hive, (hive_value_h) valueh, &t, &len);
  if (r == NULL) {
    reply_with_perror ("value %" PRIi64, valueh);
    return NULL;
  }
  *size_r = len;
  return r;
}

/**
 * Return the data of string value C<valueh> (UTF-16LE in the hive)
 * converted to UTF-8.
 */
char *
do_hivex_value_string (int64_t valueh)
{
  hive_type t;
  size_t len;
  char *r;

  if (value_type (valueh, &t, &len) == -1)
    return NULL;
  if (len > STRING_VALUE_MAX) {
    reply_with_error_errno (EFBIG, "value too large (%zu bytes)", len);
    return NULL;
  }
  r = hivex_value_string (hive, (hive_value_h) valueh);
  if (r == NULL)
    reply_with_perror ("value %" PRIi64, valueh);
  return r;
}

/**
 * The deprecated name of C<hivex_value_string>.
 */
char *
do_hivex_value_utf8 (int64_t valueh)
{
  return do_hivex_value_string (valueh);
}

/* The number of characters in the UTF-8 string S. */
static size_t
utf8_chars (const char *s)
{
  size_t n = 0;

  for (; *s; s++)
    if (((unsigned char) *s & 0xc0) != 0x80)
      n++;
  return n;
}

/**
 * Add a child called C<name> to node C<parent>; return the new node.
 */
int64_t
do_hivex_node_add_child (int64_t parent, const char *name)
{
  hive_node_h r;

  if (need_handle (parent) == -1)
    return -1;
  if (name[0] == '\0' || utf8_chars (name) > KEY_NAME_MAX) {
    reply_with_error_errno (EINVAL, "key name empty or longer than %d "
                            "characters", KEY_NAME_MAX);
    return -1;
  }
  r = hivex_node_add_child (hive, (hive_node_h) parent, name);
  if (r == 0) {
    reply_with_perror ("node %" PRIi64, parent);
    return -1;
  }
  return (int64_t) r;
}

/**
 * Delete node C<nodeh> and everything below it.
 */
int
do_hivex_node_delete_child (int64_t nodeh)
{
  if (need_handle (nodeh) == -1)
    return -1;
  if (hivex_node_delete_child (hive, (hive_node_h) nodeh) == -1) {
    reply_with_perror ("node %" PRIi64, nodeh);
    return -1;
  }
  return 0;
}

/**
 * Set (add or replace) value C<key> of node C<nodeh> to type C<t>
 * and data C<val>.
 */
int
do_hivex_node_set_value (int64_t nodeh, const char *key, int64_t t,
                         const char *val, size_t val_size)
{
  CLEANUP_FREE char *key_copy = NULL, *val_copy = NULL;
  hive_set_value v;

  if (need_handle (nodeh) == -1)
    return -1;
  if (t < 0 || t > UINT32_MAX) {
    reply_with_error_errno (EINVAL, "%" PRIi64 ": invalid value type", t);
    return -1;
  }
  if (utf8_chars (key) > VALUE_NAME_MAX) {
    reply_with_error_errno (EINVAL, "value name longer than %d characters",
                            VALUE_NAME_MAX);
    return -1;
  }
  key_copy = strdup (key);
  val_copy = malloc (val_size + 1);
  if (key_copy == NULL || val_copy == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  memcpy (val_copy, val, val_size);
  v.key = key_copy;
  v.t = (hive_type) t;
  v.len = val_size;
  v.value = val_copy;
  if (hivex_node_set_value (hive, (hive_node_h) nodeh, &v, 0) == -1) {
    reply_with_perror ("node %" PRIi64, nodeh);
    return -1;
  }
  return 0;
}
