/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<mke2fs>: an ext2/3/4 filesystem with every
 * mke2fs(8) setting the API offers.  Numbers become options (C<-b>,
 * C<-i>, ...), settings of C<-E> and C<-O> are gathered into one
 * comma-separated list each, and C<blockscount> is the last argument.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "actions.h"

#define LIST_SIZE 512

/* Bits of optargs_bitmask, in the table's order. */
enum {
  B_BLOCKSCOUNT, B_BLOCKSIZE, B_FRAGSIZE, B_BLOCKSPERGROUP,
  B_NUMBEROFGROUPS, B_BYTESPERINODE, B_INODESIZE, B_JOURNALSIZE,
  B_NUMBEROFINODES, B_STRIDESIZE, B_STRIPEWIDTH, B_MAXONLINERESIZE,
  B_RESPERCENT, B_MMPINTERVAL, B_JOURNALDEVICE, B_LABEL, B_LASTMOUNTEDDIR,
  B_CREATOROS, B_FSTYPE, B_USAGETYPE, B_UUID, B_FORCECREATE,
  B_WRITESBONLY, B_LAZYITABLEINIT, B_LAZYJOURNALINIT, B_TESTFS,
  B_DISCARD, B_QUOTATYPE, B_EXTENT, B_FILETYPE, B_FLEXBG, B_HASJOURNAL,
  B_JOURNALDEV, B_LARGEFILE, B_QUOTA, B_RESIZEINODE, B_SPARSESUPER,
  B_UNINITBG,
};
#define HAS(b) ((optargs_bitmask & (UINT64_C (1) << (b))) != 0)

/* The mke2fs command being built. */
struct cmd {
  struct fs_args a;
  char ext[LIST_SIZE];          /* -E list */
  char feat[LIST_SIZE];         /* -O list */
};

static void
add (struct cmd *c, const char *arg)
{
  fs_args_add (&c->a, arg);
}

static const char *
num (struct cmd *c, const char *prefix, int64_t v)
{
  return fs_args_num (&c->a, prefix, v, NULL);
}

/* Append ITEM to the comma-separated LIST. */
static void
append (struct cmd *c, char *list, const char *item)
{
  size_t len = strlen (list);
  int r = snprintf (list + len, LIST_SIZE - len, "%s%s",
                    len ? "," : "", item);

  if (r < 0 || (size_t) r >= LIST_SIZE - len)
    c->a.overflow = true;
}

static void
append_num (struct cmd *c, char *list, const char *key, int64_t v)
{
  char buf[64];

  snprintf (buf, sizeof buf, "%s=%" PRIi64, key, v);
  append (c, list, buf);
}

/* A feature named NAME, on or off ("^NAME"). */
static void
feature (struct cmd *c, int bit, int on, const char *name)
{
  char buf[64];

  if (!HAS (bit))
    return;
  snprintf (buf, sizeof buf, "%s%s", on ? "" : "^", name);
  append (c, c->feat, buf);
}

/* The numeric options, with the mke2fs flag of each. */
struct numopt {
  int bit;
  const char *flag;
  int64_t value;
};

static int
add_numbers (struct cmd *c, const struct numopt *opts, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    if (!HAS (opts[i].bit))
      continue;
    if (opts[i].value < 0) {
      reply_with_error_errno (EINVAL, "%s: value must not be negative",
                              opts[i].flag);
      return -1;
    }
    add (c, opts[i].flag);
    add (c, num (c, "", opts[i].value));
  }
  return 0;
}

/* A string option FLAG VALUE. */
static void
add_string_opt (struct cmd *c, int bit, const char *flag, const char *value)
{
  if (HAS (bit) && value != NULL) {
    add (c, flag);
    add (c, value);
  }
}

/* The -E settings.  Returns 0 or -1 after replying. */
static int
build_extended (struct cmd *c, int64_t stridesize, int64_t stripewidth,
                int64_t maxonlineresize, int mmpupdateinterval,
                int lazyitableinit, int lazyjournalinit, int testfs,
                int discard, int quotatype)
{
  if ((HAS (B_STRIDESIZE) && stridesize < 0) ||
      (HAS (B_STRIPEWIDTH) && stripewidth < 0) ||
      (HAS (B_MAXONLINERESIZE) && maxonlineresize < 0) ||
      (HAS (B_MMPINTERVAL) && mmpupdateinterval < 0)) {
    reply_with_error_errno (EINVAL, "extended options must not be negative");
    return -1;
  }
  if (HAS (B_STRIDESIZE))
    append_num (c, c->ext, "stride", stridesize);
  if (HAS (B_STRIPEWIDTH))
    append_num (c, c->ext, "stripe_width", stripewidth);
  if (HAS (B_MAXONLINERESIZE))
    append_num (c, c->ext, "resize", maxonlineresize);
  if (HAS (B_MMPINTERVAL))
    append_num (c, c->ext, "mmp_update_interval", mmpupdateinterval);
  if (HAS (B_LAZYITABLEINIT))
    append_num (c, c->ext, "lazy_itable_init", lazyitableinit ? 1 : 0);
  if (HAS (B_LAZYJOURNALINIT))
    append_num (c, c->ext, "lazy_journal_init", lazyjournalinit ? 1 : 0);
  if (HAS (B_TESTFS) && testfs)
    append (c, c->ext, "test_fs");
  if (HAS (B_DISCARD))
    append (c, c->ext, discard ? "discard" : "nodiscard");
  if (HAS (B_QUOTATYPE) && quotatype)
    append (c, c->ext, "quotatype=usrquota:grpquota");
  return 0;
}

/* The journal: -J size=MB or -J device=DEV.  Returns 0 or -1. */
static int
build_journal (struct cmd *c, int64_t journalsize, const char *journaldevice,
               char **jdev_r)
{
  if (HAS (B_JOURNALSIZE)) {
    if (journalsize < 0) {
      reply_with_error_errno (EINVAL, "journalsize must not be negative");
      return -1;
    }
    add (c, "-J");
    add (c, num (c, "size=", journalsize));
  }
  if (HAS (B_JOURNALDEVICE) && journaldevice != NULL) {
    CLEANUP_FREE char *dev = device_to_internal (journaldevice);

    if (dev == NULL)
      return -1;
    if (asprintf (jdev_r, "device=%s", dev) == -1) {
      reply_with_perror ("asprintf");
      return -1;
    }
    add (c, "-J");
    add (c, *jdev_r);
  }
  return 0;
}

/* Check the string options.  Returns 0 or -1 after replying. */
static int
check_strings (const char *label, const char *fstype)
{
  if (HAS (B_LABEL) && label && strlen (label) > 16) {
    reply_with_error_errno (ERANGE, "%s: ext labels are limited to 16 "
                            "bytes", label);
    return -1;
  }
  if (HAS (B_FSTYPE) && fstype && strcmp (fstype, "ext2") != 0 &&
      strcmp (fstype, "ext3") != 0 && strcmp (fstype, "ext4") != 0) {
    reply_with_error_errno (EINVAL, "%s: fstype must be ext2, ext3 or "
                            "ext4", fstype);
    return -1;
  }
  return 0;
}

/**
 * Make an ext2/3/4 filesystem on C<device> with the given settings.
 */
int
do_mke2fs (const char *device, int64_t blockscount, int64_t blocksize,
           int64_t fragsize, int64_t blockspergroup, int64_t numberofgroups,
           int64_t bytesperinode, int64_t inodesize, int64_t journalsize,
           int64_t numberofinodes, int64_t stridesize, int64_t stripewidth,
           int64_t maxonlineresize, int reservedblockspercentage,
           int mmpupdateinterval, const char *journaldevice,
           const char *label, const char *lastmounteddir,
           const char *creatoros, const char *fstype, const char *usagetype,
           const char *uuid, int forcecreate, int writesbandgrouponly,
           int lazyitableinit, int lazyjournalinit, int testfs, int discard,
           int quotatype, int extent, int filetype, int flexbg,
           int hasjournal, int journaldev, int largefile, int quota,
           int resizeinode, int sparsesuper, int uninitbg)
{
  struct cmd c = { .a.n = 0 };
  CLEANUP_FREE char *jdev = NULL;
  const struct numopt nums[] = {
    { B_BLOCKSIZE, "-b", blocksize },
    { B_BLOCKSPERGROUP, "-g", blockspergroup },
    { B_NUMBEROFGROUPS, "-G", numberofgroups },
    { B_BYTESPERINODE, "-i", bytesperinode }, { B_INODESIZE, "-I", inodesize },
    { B_NUMBEROFINODES, "-N", numberofinodes },
    { B_RESPERCENT, "-m", reservedblockspercentage },
  };

  if (check_strings (label, fstype) == -1)
    return -1;
  /* Fragments never existed in ext2 and mke2fs dropped -f: the size
   * is checked and otherwise ignored. */
  if (HAS (B_FRAGSIZE) && fs_check_nonneg ("fragsize", fragsize) == -1)
    return -1;
  add (&c, "mke2fs");
  if (HAS (B_FORCECREATE) && forcecreate)
    add (&c, "-F");
  if (HAS (B_WRITESBONLY) && writesbandgrouponly)
    add (&c, "-S");
  if (add_numbers (&c, nums, sizeof nums / sizeof nums[0]) == -1 ||
      build_journal (&c, journalsize, journaldevice, &jdev) == -1 ||
      build_extended (&c, stridesize, stripewidth, maxonlineresize,
                      mmpupdateinterval, lazyitableinit, lazyjournalinit,
                      testfs, discard, quotatype) == -1)
    return -1;
  add_string_opt (&c, B_LABEL, "-L", label);
  add_string_opt (&c, B_LASTMOUNTEDDIR, "-M", lastmounteddir);
  add_string_opt (&c, B_CREATOROS, "-o", creatoros);
  add_string_opt (&c, B_FSTYPE, "-t", fstype);
  add_string_opt (&c, B_USAGETYPE, "-T", usagetype);
  add_string_opt (&c, B_UUID, "-U", uuid);
  feature (&c, B_EXTENT, extent, "extent");
  feature (&c, B_FILETYPE, filetype, "filetype");
  feature (&c, B_FLEXBG, flexbg, "flex_bg");
  feature (&c, B_HASJOURNAL, hasjournal, "has_journal");
  feature (&c, B_JOURNALDEV, journaldev, "journal_dev");
  feature (&c, B_LARGEFILE, largefile, "large_file");
  feature (&c, B_QUOTA, quota, "quota");
  feature (&c, B_RESIZEINODE, resizeinode, "resize_inode");
  feature (&c, B_SPARSESUPER, sparsesuper, "sparse_super");
  feature (&c, B_UNINITBG, uninitbg, "uninit_bg");
  if (c.ext[0]) {
    add (&c, "-E");
    add (&c, c.ext);
  }
  if (c.feat[0]) {
    add (&c, "-O");
    add (&c, c.feat);
  }
  add (&c, device);
  if (HAS (B_BLOCKSCOUNT)) {
    if (blockscount <= 0) {
      reply_with_error_errno (EINVAL, "blockscount must be positive");
      return -1;
    }
    add (&c, num (&c, "", blockscount));
  }
  if (c.a.overflow) {
    reply_with_error ("too many options");
    return -1;
  }
  return fs_run (NULL, "mke2fs", c.a.argv);
}
