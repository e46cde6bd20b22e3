/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the btrfs calls: C<mkfs_btrfs>, the subvolume
 * calls (create, delete, snapshot, list, set/get default) and
 * C<btrfs_filesystem_resize> / C<btrfs_filesystem_sync>.  The btrfs
 * tool is given the real path (under F</sysroot>) of each guest path,
 * resolved inside the guest root first.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"

#define MAX_ARGS 64
#define BTRFS_LABEL_MAX 255
/* Bound on the subvolumes returned (each reply entry is small). */
#define MAX_SUBVOLUMES 20000

/* Bits of the optional arguments of mkfs_btrfs. */
#define M_ALLOCSTART (UINT64_C (1) << 0)
#define M_BYTECOUNT  (UINT64_C (1) << 1)
#define M_DATATYPE   (UINT64_C (1) << 2)
#define M_LEAFSIZE   (UINT64_C (1) << 3)
#define M_LABEL      (UINT64_C (1) << 4)
#define M_METADATA   (UINT64_C (1) << 5)
#define M_NODESIZE   (UINT64_C (1) << 6)
#define M_SECTORSIZE (UINT64_C (1) << 7)

/* Check the optional arguments of mkfs_btrfs.  Returns 0 or -1. */
static int
check_mkfs_opts (int64_t bytecount, int leafsize, const char *label,
                 int nodesize, int sectorsize)
{
  if (optargs_bitmask & M_ALLOCSTART) {
    reply_with_error_errno (ENOTSUP, "allocstart is no longer supported "
                            "by mkfs.btrfs");
    return -1;
  }
  if (((optargs_bitmask & M_BYTECOUNT) && bytecount <= 0) ||
      ((optargs_bitmask & M_LEAFSIZE) && leafsize <= 0) ||
      ((optargs_bitmask & M_NODESIZE) && nodesize <= 0) ||
      ((optargs_bitmask & M_SECTORSIZE) && sectorsize <= 0)) {
    reply_with_error_errno (EINVAL, "sizes must be positive");
    return -1;
  }
  if ((optargs_bitmask & M_LABEL) && label &&
      strlen (label) > BTRFS_LABEL_MAX) {
    reply_with_error_errno (ERANGE, "btrfs labels are limited to %d bytes",
                            BTRFS_LABEL_MAX);
    return -1;
  }
  return 0;
}

/**
 * Make a btrfs filesystem over the C<devices>.
 */
int
do_mkfs_btrfs (char *const *devices, int64_t allocstart, int64_t bytecount,
               const char *datatype, int leafsize, const char *label,
               const char *metadata, int nodesize, int sectorsize)
{
  const char *argv[MAX_ARGS];
  char num[3][32];
  size_t n = 0, i;

  (void) allocstart;
  if (devices[0] == NULL) {
    reply_with_error_errno (EINVAL, "the list of devices is empty");
    return -1;
  }
  if (check_mkfs_opts (bytecount, leafsize, label, nodesize, sectorsize) == -1)
    return -1;
  argv[n++] = "mkfs.btrfs";
  argv[n++] = "-f";
  if (optargs_bitmask & M_BYTECOUNT) {
    argv[n++] = "-b";
    argv[n++] = fs_num (num[0], sizeof num[0], "", bytecount);
  }
  if ((optargs_bitmask & M_DATATYPE) && datatype) {
    argv[n++] = "-d";
    argv[n++] = datatype;
  }
  if ((optargs_bitmask & M_METADATA) && metadata) {
    argv[n++] = "-m";
    argv[n++] = metadata;
  }
  if ((optargs_bitmask & M_LABEL) && label) {
    argv[n++] = "-L";
    argv[n++] = label;
  }
  if (optargs_bitmask & (M_NODESIZE | M_LEAFSIZE)) {
    argv[n++] = "-n";
    argv[n++] = fs_num (num[1], sizeof num[1], "",
                        (optargs_bitmask & M_NODESIZE) ? nodesize : leafsize);
  }
  if (optargs_bitmask & M_SECTORSIZE) {
    argv[n++] = "-s";
    argv[n++] = fs_num (num[2], sizeof num[2], "", sectorsize);
  }
  for (i = 0; devices[i] != NULL; i++) {
    if (n >= MAX_ARGS - 1) {
      reply_with_error_errno (E2BIG, "too many devices");
      return -1;
    }
    argv[n++] = devices[i];
  }
  argv[n] = NULL;
  return fs_run (NULL, "mkfs.btrfs", argv);
}

/* Run "btrfs SUB1 SUB2 [OPT...] PATH" where OPTS is NULL-terminated. */
static int
run_btrfs (char **out, const char *sub1, const char *sub2,
           const char *const *opts, const char *path)
{
  const char *argv[16];
  size_t n = 0;

  argv[n++] = "btrfs";
  argv[n++] = sub1;
  argv[n++] = sub2;
  while (opts && *opts && n < 12)
    argv[n++] = *opts++;
  argv[n++] = path;
  argv[n] = NULL;
  return fs_run (out, "btrfs", argv);
}

/**
 * Make a btrfs subvolume at C<dest>, optionally in the qgroup
 * C<qgroupid>.
 */
int
do_btrfs_subvolume_create (const char *dest, const char *qgroupid)
{
  CLEANUP_FREE char *real = fs_real_new_path (dest);
  const char *opts[] = { NULL, NULL, NULL };

  if (real == NULL)
    return -1;
  if ((optargs_bitmask & 1) && qgroupid) {
    opts[0] = "-i";
    opts[1] = qgroupid;
  }
  return run_btrfs (NULL, "subvolume", "create", opts, real);
}

/**
 * Delete the btrfs subvolume or snapshot C<subvolume>.
 */
int
do_btrfs_subvolume_delete (const char *subvolume)
{
  CLEANUP_FREE char *real = fs_real_path (subvolume, S_IFDIR);

  if (real == NULL)
    return -1;
  return run_btrfs (NULL, "subvolume", "delete", NULL, real);
}

/**
 * Snapshot the subvolume C<source> as C<dest>, read-only with C<ro>,
 * optionally in the qgroup C<qgroupid>.
 */
int
do_btrfs_subvolume_snapshot (const char *source, const char *dest, int ro,
                             const char *qgroupid)
{
  CLEANUP_FREE char *src = fs_real_path (source, S_IFDIR);
  CLEANUP_FREE char *dst = NULL;
  const char *opts[6];
  size_t n = 0;

  if (src == NULL || (dst = fs_real_new_path (dest)) == NULL)
    return -1;
  if ((optargs_bitmask & 1) && ro)
    opts[n++] = "-r";
  if ((optargs_bitmask & 2) && qgroupid) {
    opts[n++] = "-i";
    opts[n++] = qgroupid;
  }
  opts[n++] = src;
  opts[n] = NULL;
  return run_btrfs (NULL, "subvolume", "snapshot", opts, dst);
}

/* Parse "ID 256 gen 9 top level 5 path NAME" into E. */
static int
parse_subvolume (const char *line, guestfs_int_btrfssubvolume *e)
{
  uint64_t id, top;
  int off = -1;

  if (sscanf (line, "ID %" SCNu64 " gen %*u top level %" SCNu64 " path %n",
              &id, &top, &off) < 2 || off < 0)
    return 0;
  e->btrfssubvolume_id = id;
  e->btrfssubvolume_top_level_id = top;
  e->btrfssubvolume_path = strdup (line + off);
  return e->btrfssubvolume_path ? 1 : -1;
}

/* The directory to run btrfs on for FS, a device (mounted on DIR
 * for the call) or a guest directory.  Returns it malloc'd, or NULL
 * after replying; DIR[0] is set if a temporary mount was made. */
static char *
btrfs_dir (const char *fs, char *dir)
{
  char *r;

  dir[0] = '\0';
  if (strncmp (fs, "/dev/", 5) != 0)
    return fs_real_path (fs, S_IFDIR);
  if (fs_mount_temp (fs, "btrfs", dir) == -1) {
    dir[0] = '\0';
    return NULL;
  }
  r = strdup (dir);
  if (r == NULL) {
    reply_with_perror ("strdup");
    fs_umount_temp (dir);
    dir[0] = '\0';
  }
  return r;
}

static void
btrfs_dir_done (char *real, const char *dir)
{
  free (real);
  if (dir[0])
    fs_umount_temp (dir);
}

/* Build the list from the output of "btrfs subvolume list".
 * Returns it or NULL after replying. */
static guestfs_int_btrfssubvolume_list *
parse_subvolumes (char *out)
{
  CLEANUP_FREE_STRING_LIST char **lines = split_lines (out);
  guestfs_int_btrfssubvolume_list *ret = calloc (1, sizeof *ret);
  size_t i, n = lines ? guestkit_count_strings (lines) : 0;
  int r;

  if (ret && n > MAX_SUBVOLUMES) {
    free (ret);
    reply_with_error_errno (E2BIG, "too many subvolumes");
    return NULL;
  }
  if (ret == NULL || lines == NULL ||
      (n && (ret->val = calloc (n, sizeof *ret->val)) == NULL)) {
    free (ret);
    reply_with_perror ("malloc");
    return NULL;
  }
  for (i = 0; i < n; i++) {
    r = parse_subvolume (lines[i], &ret->val[ret->len]);
    if (r == 1)
      ret->len++;
    else if (r == -1) {
      reply_with_perror ("strdup");
      for (i = 0; i < ret->len; i++)
        free (ret->val[i].btrfssubvolume_path);
      free (ret->val);
      free (ret);
      return NULL;
    }
  }
  return ret;
}

/**
 * List the subvolumes and snapshots of the btrfs filesystem C<fs> (a
 * device, or a directory where it is mounted).
 */
guestfs_int_btrfssubvolume_list *
do_btrfs_subvolume_list (const char *fs)
{
  CLEANUP_FREE char *out = NULL;
  char dir[FS_TMPDIR_SIZE];
  char *real = btrfs_dir (fs, dir);
  int r;

  if (real == NULL)
    return NULL;
  r = run_btrfs (&out, "subvolume", "list", NULL, real);
  btrfs_dir_done (real, dir);
  return r == -1 ? NULL : parse_subvolumes (out);
}

/**
 * Make subvolume C<id> the default of the btrfs filesystem on C<fs>.
 */
int
do_btrfs_subvolume_set_default (int64_t id, const char *fs)
{
  CLEANUP_FREE char *real = NULL;
  char buf[32];
  const char *opts[] = { buf, NULL };

  if (id < 0) {
    reply_with_error_errno (EINVAL, "id must not be negative");
    return -1;
  }
  real = fs_real_path (fs, S_IFDIR);
  if (real == NULL)
    return -1;
  fs_num (buf, sizeof buf, "", id);
  return run_btrfs (NULL, "subvolume", "set-default", opts, real);
}

/**
 * Return the ID of the default subvolume of the btrfs filesystem
 * C<fs> (a device, or a directory where it is mounted).
 */
int64_t
do_btrfs_subvolume_get_default (const char *fs)
{
  CLEANUP_FREE char *out = NULL;
  char dir[FS_TMPDIR_SIZE];
  char *real = btrfs_dir (fs, dir);
  int64_t id;
  int r;

  if (real == NULL)
    return -1;
  r = run_btrfs (&out, "subvolume", "get-default", NULL, real);
  btrfs_dir_done (real, dir);
  if (r == -1)
    return -1;
  if (out == NULL || sscanf (out, "ID %" SCNi64, &id) != 1) {
    reply_with_error ("could not parse the output of btrfs");
    return -1;
  }
  return id;
}

/**
 * Resize the btrfs filesystem mounted on C<mountpoint> to C<size>
 * bytes, or to the whole device.
 */
int
do_btrfs_filesystem_resize (const char *mountpoint, int64_t size)
{
  CLEANUP_FREE char *real = NULL;
  char buf[32] = "max";
  const char *opts[] = { buf, NULL };

  if ((optargs_bitmask & 1) && size <= 0) {
    reply_with_error_errno (EINVAL, "size must be positive");
    return -1;
  }
  real = fs_real_path (mountpoint, S_IFDIR);
  if (real == NULL)
    return -1;
  if (optargs_bitmask & 1)
    fs_num (buf, sizeof buf, "", size);
  return run_btrfs (NULL, "filesystem", "resize", opts, real);
}

/**
 * Sync the btrfs filesystem mounted on C<fs>.
 */
int
do_btrfs_filesystem_sync (const char *fs)
{
  CLEANUP_FREE char *real = fs_real_path (fs, S_IFDIR);

  if (real == NULL)
    return -1;
  return run_btrfs (NULL, "filesystem", "sync", NULL, real);
}
