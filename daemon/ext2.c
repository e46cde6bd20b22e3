/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the ext2/3/4 maintenance calls: C<tune2fs>,
 * C<tune2fs_l>, C<resize2fs> (and its C<_size> and C<_M> forms),
 * C<e2fsck>, C<e2fsck_f>, C<zerofree> and the old label and UUID calls
 * (C<set_e2label>, C<get_e2label>, C<set_e2uuid>, C<get_e2uuid>).
 * Each runs the e2fsprogs tool of the same name on the device.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "actions.h"

#define EXT_LABEL_MAX 16

/* e2fsck's exit status bits that mean "errors left" or "failed". */
#define E2FSCK_FAILED_MASK (~3)

/* Bits of the optional arguments of tune2fs, in table order. */
#define T_FORCE      (UINT64_C (1) << 0)
#define T_MAXMOUNT   (UINT64_C (1) << 1)
#define T_MOUNTCOUNT (UINT64_C (1) << 2)
#define T_ERRORS     (UINT64_C (1) << 3)
#define T_GROUP      (UINT64_C (1) << 4)
#define T_INTERVAL   (UINT64_C (1) << 5)
#define T_RESPERCENT (UINT64_C (1) << 6)
#define T_LASTDIR    (UINT64_C (1) << 7)
#define T_RESCOUNT   (UINT64_C (1) << 8)
#define T_USER       (UINT64_C (1) << 9)

/* Bits of the optional arguments of e2fsck. */
#define E_CORRECT  (UINT64_C (1) << 0)
#define E_FORCEALL (UINT64_C (1) << 1)

/* The numeric optional arguments of tune2fs must not be negative
 * (except maxmountcount, where -1 means "no checks").  Returns 0 or -1
 * after replying. */
static int
check_tune2fs_opts (int mountcount, int64_t group, int interval,
                    int respercent, int64_t rescount, int64_t user,
                    const char *errorbehavior)
{
  if (((optargs_bitmask & T_MOUNTCOUNT) && mountcount < 0) ||
      ((optargs_bitmask & T_GROUP) && group < 0) ||
      ((optargs_bitmask & T_INTERVAL) && interval < 0) ||
      ((optargs_bitmask & T_RESPERCENT) &&
       (respercent < 0 || respercent > 50)) ||
      ((optargs_bitmask & T_RESCOUNT) && rescount < 0) ||
      ((optargs_bitmask & T_USER) && user < 0)) {
    reply_with_error_errno (EINVAL, "optional argument out of range");
    return -1;
  }
  if ((optargs_bitmask & T_ERRORS) &&
      (errorbehavior == NULL ||
       (strcmp (errorbehavior, "continue") != 0 &&
        strcmp (errorbehavior, "remount-ro") != 0 &&
        strcmp (errorbehavior, "panic") != 0))) {
    reply_with_error_errno (EINVAL, "errorbehavior must be continue, "
                            "remount-ro or panic");
    return -1;
  }
  return 0;
}

/**
 * Change parameters of the ext2/3/4 filesystem on C<device>.
 */
int
do_tune2fs (const char *device, int force, int maxmountcount, int mountcount,
            const char *errorbehavior, int64_t group,
            int intervalbetweenchecks, int reservedblockspercentage,
            const char *lastmounteddirectory, int64_t reservedblockscount,
            int64_t user)
{
  struct fs_args a = { .n = 0 };

  if (check_tune2fs_opts (mountcount, group, intervalbetweenchecks,
                          reservedblockspercentage, reservedblockscount,
                          user, errorbehavior) == -1)
    return -1;
  fs_args_add (&a, "tune2fs");
  if ((optargs_bitmask & T_FORCE) && force)
    fs_args_add (&a, "-f");
  if (optargs_bitmask & T_MAXMOUNT)
    fs_args_add_num (&a, "-c", NULL,
                     maxmountcount < 0 ? -1 : maxmountcount, NULL);
  if (optargs_bitmask & T_MOUNTCOUNT)
    fs_args_add_num (&a, "-C", NULL, mountcount, NULL);
  if (optargs_bitmask & T_ERRORS) {
    fs_args_add (&a, "-e");
    fs_args_add (&a, errorbehavior);
  }
  if (optargs_bitmask & T_GROUP)
    fs_args_add_num (&a, "-g", NULL, group, NULL);
  if (optargs_bitmask & T_INTERVAL)
    fs_args_add_num (&a, "-i", NULL, intervalbetweenchecks, "s");
  if (optargs_bitmask & T_RESPERCENT)
    fs_args_add_num (&a, "-m", NULL, reservedblockspercentage, NULL);
  if ((optargs_bitmask & T_LASTDIR) && lastmounteddirectory) {
    fs_args_add (&a, "-M");
    fs_args_add (&a, lastmounteddirectory);
  }
  if (optargs_bitmask & T_RESCOUNT)
    fs_args_add_num (&a, "-r", NULL, reservedblockscount, NULL);
  if (optargs_bitmask & T_USER)
    fs_args_add_num (&a, "-u", NULL, user, NULL);
  fs_args_add (&a, device);
  return fs_run (NULL, "tune2fs", a.argv);
}

/* Add the "Key: value" line LINE of tune2fs -l to SB.  Lines without
 * a colon are skipped.  Returns 0 or -1 after replying. */
static int
add_superblock_line (struct stringsbuf *sb, char *line)
{
  char *colon = strchr (line, ':');
  char *value;
  size_t len;

  if (colon == NULL || colon == line)
    return 0;
  *colon = '\0';
  value = colon + 1;
  value += strspn (value, " \t");
  len = strlen (value);
  while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\t'))
    value[--len] = '\0';
  if (strcmp (value, "<none>") == 0 || strcmp (value, "<not available>") == 0)
    value = (char *) "";
  if (add_string (sb, line) == -1 || add_string (sb, value) == -1) {
    reply_with_perror ("malloc");
    return -1;
  }
  return 0;
}

/**
 * Return the superblock of the ext2/3/4 filesystem on C<device> as a
 * list of alternating keys and values, as C<tune2fs -l> prints it.
 */
char **
do_tune2fs_l (const char *device)
{
  CLEANUP_FREE char *out = NULL;
  CLEANUP_FREE_STRING_LIST char **lines = NULL;
  DECLARE_STRINGSBUF (sb);
  const char *argv[] = { "tune2fs", "-l", device, NULL };
  size_t i;

  if (fs_run (&out, "tune2fs -l", argv) == -1)
    return NULL;
  lines = split_lines (out);
  if (lines == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  /* The first line is the tool's version banner. */
  for (i = lines[0] ? 1 : 0; lines[i] != NULL; i++) {
    if (add_superblock_line (&sb, lines[i]) == -1) {
      free_stringsbuf (&sb);
      return NULL;
    }
  }
  if (end_stringsbuf (&sb) == -1) {
    reply_with_perror ("malloc");
    return NULL;
  }
  return take_stringsbuf (&sb);
}

/* Run resize2fs with the optional flag FLAG and size argument SIZE. */
static int
run_resize2fs (const char *device, const char *flag, const char *size)
{
  const char *argv[6];
  size_t n = 0;

  argv[n++] = "resize2fs";
  if (flag)
    argv[n++] = flag;
  argv[n++] = device;
  if (size)
    argv[n++] = size;
  argv[n] = NULL;
  return fs_run (NULL, "resize2fs", argv);
}

/**
 * Grow or shrink the ext2/3/4 filesystem on C<device> to the size of
 * the device.
 */
int
do_resize2fs (const char *device)
{
  return run_resize2fs (device, NULL, NULL);
}

/**
 * Resize the ext2/3/4 filesystem on C<device> to C<size> bytes.
 */
int
do_resize2fs_size (const char *device, int64_t size)
{
  char buf[32];

  if (size <= 0 || size % 1024 != 0) {
    reply_with_error_errno (EINVAL, "size must be a positive multiple "
                            "of 1024");
    return -1;
  }
  snprintf (buf, sizeof buf, "%" PRIi64 "K", size / 1024);
  return run_resize2fs (device, NULL, buf);
}

/**
 * Shrink the ext2/3/4 filesystem on C<device> to its minimum size.
 */
int
do_resize2fs_M (const char *device)
{
  return run_resize2fs (device, "-M", NULL);
}

/* Run e2fsck with the mode flag FLAG ("-p", "-y" or NULL) and -f. */
static int
run_e2fsck (const char *device, const char *flag)
{
  CLEANUP_FREE char *out = NULL, *err = NULL;
  const char *argv[5];
  size_t n = 0;
  int r;

  argv[n++] = "e2fsck";
  if (flag)
    argv[n++] = flag;
  argv[n++] = "-f";
  argv[n++] = device;
  argv[n] = NULL;
  r = commandrv (&out, &err, argv);
  if (r == -1 || (r & E2FSCK_FAILED_MASK) != 0) {
    trim_newline (err);
    trim_newline (out);
    reply_with_error ("e2fsck (status %d): %s", r,
                      err && err[0] ? err : out ? out : "failed");
    return -1;
  }
  return 0;
}

/**
 * Check the ext2/3/4 filesystem on C<device>; C<correct> fixes what
 * can safely be fixed, C<forceall> answers yes to every question.
 */
int
do_e2fsck (const char *device, int correct, int forceall)
{
  bool c = (optargs_bitmask & E_CORRECT) && correct;
  bool y = (optargs_bitmask & E_FORCEALL) && forceall;

  if (c && y) {
    reply_with_error_errno (EINVAL, "only one of correct and forceall "
                            "may be set");
    return -1;
  }
  return run_e2fsck (device, c ? "-p" : y ? "-y" : "-n");
}

/**
 * Check C<device> noninteractively, even if it looks clean.
 */
int
do_e2fsck_f (const char *device)
{
  return run_e2fsck (device, "-p");
}

/**
 * Zero the unused blocks of the ext2/3 filesystem on C<device>.
 */
int
do_zerofree (const char *device)
{
  const char *argv[] = { "zerofree", device, NULL };

  return fs_run (NULL, "zerofree", argv);
}

/* Check an ext label.  Returns 0 or -1 after replying. */
static int
check_ext_label (const char *label)
{
  if (strlen (label) > EXT_LABEL_MAX) {
    reply_with_error_errno (ERANGE, "%s: ext labels are limited to %d "
                            "bytes", label, EXT_LABEL_MAX);
    return -1;
  }
  return 0;
}

/**
 * Set the label of the ext2/3/4 filesystem on C<device>.
 */
int
do_set_e2label (const char *device, const char *label)
{
  const char *argv[] = { "tune2fs", "-L", label, device, NULL };

  if (check_ext_label (label) == -1)
    return -1;
  return fs_run (NULL, "tune2fs", argv);
}

/**
 * Return the label of the filesystem on C<device>.
 */
char *
do_get_e2label (const char *device)
{
  return do_vfs_label (device);
}

/**
 * Set the UUID of the ext2/3/4 filesystem on C<device> (a UUID, or
 * "clear", "random", "time" as tune2fs takes them).
 */
int
do_set_e2uuid (const char *device, const char *uuid)
{
  const char *argv[] = { "tune2fs", "-f", "-U", uuid, device, NULL };

  return fs_run (NULL, "tune2fs", argv);
}

/**
 * Return the UUID of the filesystem on C<device>.
 */
char *
do_get_e2uuid (const char *device)
{
  return do_vfs_uuid (device);
}
