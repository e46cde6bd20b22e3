/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<mkfs>: it runs the mkfs program of the
 * filesystem type with the options each family understands.
 *
 *   ext2/3/4     mke2fs -F -t TYPE [-b BLOCK] [-O FEAT] [-I INODE] [-L LABEL]
 *   xfs          mkfs.xfs -f [-b size=BLOCK] [-s size=SECT] [-L LABEL]
 *   vfat/fat/msdos  mkfs.TYPE -I [-s CLUSTER] [-S SECT] [-n LABEL]
 *   ntfs         mkfs.ntfs -Q -F [-c CLUSTER] [-s SECT] [-L LABEL]
 *   others       mkfs.TYPE [-L LABEL]
 *
 * The type must be made of [a-z0-9] and have a mkfs.TYPE program.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"

/* Bits of optargs_bitmask, in the order of the optional arguments. */
#define OPT_BLOCKSIZE  (UINT64_C (1) << 0)
#define OPT_FEATURES   (UINT64_C (1) << 1)
#define OPT_INODE      (UINT64_C (1) << 2)
#define OPT_SECTORSIZE (UINT64_C (1) << 3)
#define OPT_LABEL      (UINT64_C (1) << 4)

#define MAX_FSTYPE 32

/* The optional arguments, as given. */
struct mkfs_opts {
  int blocksize;
  const char *features;
  int inode;
  int sectorsize;
  const char *label;
};

/* True if the program NAME is an executable file in PATH. */
static bool
find_program (const char *name)
{
  const char *path = getenv ("PATH");
  char buf[4096];
  const char *p, *end;
  struct stat st;
  int len;

  if (path == NULL || path[0] == '\0')
    path = "/usr/sbin:/usr/bin:/sbin:/bin";
  for (p = path; *p != '\0'; p = *end ? end + 1 : end) {
    end = strchrnul (p, ':');
    len = snprintf (buf, sizeof buf, "%.*s/%s", (int) (end - p), p, name);
    if (len > 0 && (size_t) len < sizeof buf && end > p &&
        stat (buf, &st) == 0 && S_ISREG (st.st_mode) &&
        access (buf, X_OK) == 0)
      return true;
  }
  return false;
}

/* Reply that option WHAT does not apply to FSTYPE; returns -1. */
static int
unsupported (const char *what, const char *fstype)
{
  reply_with_error ("%s is not supported for %s filesystems", what, fstype);
  return -1;
}

/* Check the label length.  Returns 0 or -1 after replying. */
static int
check_label (const char *fstype, const char *label, size_t max)
{
  if (label != NULL && strlen (label) > max) {
    reply_with_error ("%s: %s labels are limited to %zu bytes",
                      label, fstype, max);
    return -1;
  }
  return 0;
}

static bool
is_ext (const char *fstype)
{
  return strcmp (fstype, "ext2") == 0 || strcmp (fstype, "ext3") == 0 ||
    strcmp (fstype, "ext4") == 0;
}

static bool
is_fat (const char *fstype)
{
  return strcmp (fstype, "vfat") == 0 || strcmp (fstype, "fat") == 0 ||
    strcmp (fstype, "msdos") == 0;
}

static int
build_ext (struct fs_args *a, const char *fstype, const struct mkfs_opts *o)
{
  if (optargs_bitmask & OPT_SECTORSIZE)
    return unsupported ("sectorsize", fstype);
  if (check_label (fstype, o->label, 16) == -1)
    return -1;
  fs_args_add (a, "mke2fs");
  fs_args_add (a, "-F");
  fs_args_add (a, "-t");
  fs_args_add (a, fstype);
  if (optargs_bitmask & OPT_BLOCKSIZE)
    fs_args_add_num (a, "-b", "", o->blocksize, NULL);
  if (optargs_bitmask & OPT_FEATURES) {
    fs_args_add (a, "-O");
    fs_args_add (a, o->features);
  }
  if (optargs_bitmask & OPT_INODE)
    fs_args_add_num (a, "-I", "", o->inode, NULL);
  if (optargs_bitmask & OPT_LABEL) {
    fs_args_add (a, "-L");
    fs_args_add (a, o->label);
  }
  return 0;
}

/* mkfs.xfs refuses filesystems under 300 MB unless it believes it
 * runs under fstests; small test disks are legitimate here, so set
 * the three variables it looks at. */
static int
build_xfs (struct fs_args *a, const struct mkfs_opts *o)
{
  if (check_label ("xfs", o->label, 12) == -1)
    return -1;
  fs_args_add (a, "env");
  fs_args_add (a, "TEST_DIR=/tmp");
  fs_args_add (a, "TEST_DEV=/dev/null");
  fs_args_add (a, "QA_CHECK_FS=xfs");
  fs_args_add (a, "mkfs.xfs");
  fs_args_add (a, "-f");
  if (optargs_bitmask & OPT_BLOCKSIZE)
    fs_args_add_num (a, "-b", "size=", o->blocksize, NULL);
  if (optargs_bitmask & OPT_SECTORSIZE)
    fs_args_add_num (a, "-s", "size=", o->sectorsize, NULL);
  if (optargs_bitmask & OPT_LABEL) {
    fs_args_add (a, "-L");
    fs_args_add (a, o->label);
  }
  return 0;
}

/* FAT: BLOCKSIZE is the cluster size, given to mkfs in sectors. */
static int
build_fat (struct fs_args *a, const char *prog, const char *fstype,
           const struct mkfs_opts *o)
{
  int sector = (optargs_bitmask & OPT_SECTORSIZE) ? o->sectorsize : 512;

  if (check_label (fstype, o->label, 11) == -1)
    return -1;
  fs_args_add (a, prog);
  fs_args_add (a, "-I");
  if (optargs_bitmask & OPT_BLOCKSIZE) {
    if (sector <= 0 || o->blocksize % sector != 0) {
      reply_with_error ("blocksize must be a multiple of the sector size");
      return -1;
    }
    fs_args_add_num (a, "-s", "", o->blocksize / sector, NULL);
  }
  if (optargs_bitmask & OPT_SECTORSIZE)
    fs_args_add_num (a, "-S", "", o->sectorsize, NULL);
  if (optargs_bitmask & OPT_LABEL) {
    fs_args_add (a, "-n");
    fs_args_add (a, o->label);
  }
  return 0;
}

/* NTFS: a quick format (no zeroing of the whole device); BLOCKSIZE is
 * the cluster size. */
static int
build_ntfs (struct fs_args *a, const char *prog, const struct mkfs_opts *o)
{
  if (check_label ("ntfs", o->label, 128) == -1)
    return -1;
  fs_args_add (a, prog);
  fs_args_add (a, "-Q");
  fs_args_add (a, "-F");
  if (optargs_bitmask & OPT_BLOCKSIZE)
    fs_args_add_num (a, "-c", "", o->blocksize, NULL);
  if (optargs_bitmask & OPT_SECTORSIZE)
    fs_args_add_num (a, "-s", "", o->sectorsize, NULL);
  if (optargs_bitmask & OPT_LABEL) {
    fs_args_add (a, "-L");
    fs_args_add (a, o->label);
  }
  return 0;
}

static int
build_other (struct fs_args *a, const char *prog, const char *fstype,
             const struct mkfs_opts *o)
{
  if (optargs_bitmask & OPT_BLOCKSIZE)
    return unsupported ("blocksize", fstype);
  if (optargs_bitmask & OPT_SECTORSIZE)
    return unsupported ("sectorsize", fstype);
  fs_args_add (a, prog);
  if (optargs_bitmask & OPT_LABEL) {
    fs_args_add (a, "-L");
    fs_args_add (a, o->label);
  }
  return 0;
}

/* Check the values of the optional arguments.  Returns 0 or -1
 * after replying. */
static int
check_opts (const char *fstype, const struct mkfs_opts *o)
{
  if (((optargs_bitmask & OPT_BLOCKSIZE) && o->blocksize <= 0) ||
      ((optargs_bitmask & OPT_INODE) && o->inode <= 0) ||
      ((optargs_bitmask & OPT_SECTORSIZE) && o->sectorsize <= 0)) {
    reply_with_error ("blocksize, inode and sectorsize must be positive");
    return -1;
  }
  if (!is_ext (fstype) && (optargs_bitmask & OPT_FEATURES))
    return unsupported ("features", fstype);
  if (!is_ext (fstype) && (optargs_bitmask & OPT_INODE))
    return unsupported ("inode", fstype);
  if ((optargs_bitmask & OPT_LABEL) && o->label == NULL) {
    reply_with_error ("label cannot be NULL");
    return -1;
  }
  return 0;
}

/* Check FSTYPE and find its program (written into PROG).  Returns 0
 * or -1 after replying. */
static int
check_fstype (const char *fstype, char *prog, size_t size)
{
  size_t len = strlen (fstype);

  if (len == 0 || len > MAX_FSTYPE ||
      strspn (fstype, "abcdefghijklmnopqrstuvwxyz0123456789") != len) {
    reply_with_error ("%s: invalid filesystem type", fstype);
    return -1;
  }
  snprintf (prog, size, "mkfs.%s", fstype);
  if (!find_program (prog)) {
    reply_with_error ("%s: unsupported filesystem type (no %s program)",
                      fstype, prog);
    return -1;
  }
  return 0;
}

/**
 * Make a filesystem of type C<fstype> on C<device>, with the
 * optional block size, ext features, inode size, sector size and
 * label.
 */
int
do_mkfs (const char *fstype, const char *device, int blocksize,
         const char *features, int inode, int sectorsize, const char *label)
{
  struct mkfs_opts o = { blocksize, features, inode, sectorsize, label };
  struct fs_args a = { .n = 0 };
  CLEANUP_FREE char *err = NULL;
  char prog[MAX_FSTYPE + 8];
  int r;

  if (check_fstype (fstype, prog, sizeof prog) == -1 ||
      check_opts (fstype, &o) == -1)
    return -1;
  if (is_ext (fstype))
    r = build_ext (&a, fstype, &o);
  else if (strcmp (fstype, "xfs") == 0)
    r = build_xfs (&a, &o);
  else if (is_fat (fstype))
    r = build_fat (&a, prog, fstype, &o);
  else if (strcmp (fstype, "ntfs") == 0)
    r = build_ntfs (&a, prog, &o);
  else
    r = build_other (&a, prog, fstype, &o);
  if (r == -1)
    return -1;
  fs_args_add (&a, device);
  if (commandv (NULL, &err, a.argv) == -1) {
    trim_newline (err);
    reply_with_error ("%s: %s", device, err ? err : "mkfs failed");
    return -1;
  }
  return 0;
}
