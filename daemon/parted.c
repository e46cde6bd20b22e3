/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the partitioning commands C<part_init>,
 * C<part_add>, C<part_disk>, C<part_list>, C<part_del>,
 * C<part_resize>, C<part_get_parttype> and C<part_get_bootable> /
 * C<part_set_bootable> with C<parted -s -m -- DEVICE ...>.
 *
 * parted tells the kernel about each partition it changes (BLKPG).
 * The appliance has no udev, only devtmpfs, so after a change this
 * file waits (up to 5 seconds) until the kernel's partitions of the
 * disk, as sysfs shows them, match the new table and their device
 * nodes exist, so that the next command can use them at once.
 */

#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "daemon.h"
#include "actions.h"

/* Most partitions read from one table (GPT allows 128 by default). */
#define MAX_PARTITIONS 1024
/* How long to wait for the kernel to show a new table. */
#define WAIT_MS 5000
#define POLL_MS 10

/* One parsed "parted -m unit b print". */
struct table {
  char type[32];                /* "msdos", "gpt", ... */
  guestfs_int_partition *parts;
  size_t n;
};

static void
free_table (struct table *t)
{
  free (t->parts);
  t->parts = NULL;
  t->n = 0;
}

/**
 * Rewrite the appliance's disk names in MSG (a program's message, may
 * be NULL) to the caller's, in place: "/dev/vdX" becomes "/dev/sdX"
 * (area parted).
 */
void
parted_external_names (char *msg)
{
  char *p = msg;

  while (p != NULL && (p = strstr (p, "/dev/vd")) != NULL) {
    if (islower ((unsigned char) p[7]))
      p[5] = 's';
    p += 7;
  }
}

/* Run "parted -s -m -- DEVICE ARGS..." (ARGS ends with NULL); the
 * output goes to *OUT_R if not NULL.  Returns 0 or -1 after
 * replying. */
static int
run_parted (const char *device, const char *const *args, char **out_r)
{
  const char *argv[16] = { "parted", "-s", "-m", "--", device };
  CLEANUP_FREE char *err = NULL;
  size_t n = 5;

  while (*args != NULL && n < sizeof argv / sizeof argv[0] - 1)
    argv[n++] = *args++;
  argv[n] = NULL;
  if (commandv (out_r, &err, argv) == -1) {
    trim_newline (err);
    parted_external_names (err);
    reply_with_error ("%s", err ? err : "parted failed");
    if (out_r) {
      free (*out_r);
      *out_r = NULL;
    }
    return -1;
  }
  return 0;
}

/* Parse the "/dev/...:SIZE:type:lss:pss:TABLE:model:;" line. */
static void
parse_disk_line (const char *line, struct table *t)
{
  const char *p = line;
  size_t len;
  int field;

  for (field = 0; field < 5 && p != NULL; field++) {
    p = strchr (p, ':');
    if (p)
      p++;
  }
  if (p == NULL)
    return;
  len = strcspn (p, ":;");
  if (len < sizeof t->type) {
    memcpy (t->type, p, len);
    t->type[len] = '\0';
  }
}

/* Parse one "N:STARTB:ENDB:SIZEB:..." line; false if it is not one. */
static bool
parse_part_line (const char *line, guestfs_int_partition *part)
{
  int num;
  uint64_t start, end, size;
  char b1, b2, b3;

  if (!isdigit ((unsigned char) line[0]))
    return false;
  if (sscanf (line, "%d:%" SCNu64 "%c:%" SCNu64 "%c:%" SCNu64 "%c",
              &num, &start, &b1, &end, &b2, &size, &b3) != 7 ||
      b1 != 'B' || b2 != 'B' || b3 != 'B' || num <= 0)
    return false;
  part->part_num = num;
  part->part_start = start;
  part->part_end = end;
  part->part_size = size;
  return true;
}

/* Add one partition line to T.  Returns 0 or -1 after replying. */
static int
table_add_line (struct table *t, const char *line)
{
  guestfs_int_partition part, *p;

  if (!parse_part_line (line, &part))
    return 0;
  if (t->n >= MAX_PARTITIONS) {
    reply_with_error ("too many partitions");
    return -1;
  }
  p = reallocarray (t->parts, t->n + 1, sizeof *p);
  if (p == NULL) {
    reply_with_perror ("realloc");
    return -1;
  }
  t->parts = p;
  t->parts[t->n++] = part;
  return 0;
}

/* Read the partition table of DEVICE into T.  Returns 0, or -1
 * after replying (T is then empty). */
static int
read_table (const char *device, struct table *t)
{
  static const char *const args[] = { "unit", "b", "print", NULL };
  CLEANUP_FREE char *out = NULL;
  char *line, *save = NULL;
  int lineno = 0;

  memset (t, 0, sizeof *t);
  if (run_parted (device, args, &out) == -1)
    return -1;
  for (line = strtok_r (out, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save), lineno++) {
    if (lineno == 1)
      parse_disk_line (line, t);
    else if (lineno > 1 && table_add_line (t, line) == -1) {
      free_table (t);
      return -1;
    }
  }
  return 0;
}

/* The sysfs directory of DEVICE (malloc'd), or NULL. */
static char *
sysfs_dir (const char *device)
{
  struct stat st;
  char path[64];

  if (stat (device, &st) == -1 || !S_ISBLK (st.st_mode))
    return NULL;
  snprintf (path, sizeof path, "/sys/dev/block/%u:%u",
            major (st.st_rdev), minor (st.st_rdev));
  return realpath (path, NULL);
}

/* True if the kernel partition NAME (a sysfs entry of the disk at
 * SYSDIR) is in T and its device node exists; sets *IS_PART_R. */
static bool
kernel_part_ok (const char *sysdir, const char *name, const struct table *t,
                bool *is_part_r)
{
  char path[PATH_MAX], buf[32];
  CLEANUP_FCLOSE FILE *fp = NULL;
  size_t i;
  int num;

  *is_part_r = false;
  if (snprintf (path, sizeof path, "%s/%s/partition", sysdir, name) >=
      (int) sizeof path || (fp = fopen (path, "re")) == NULL)
    return true;                /* not a partition */
  if (fgets (buf, sizeof buf, fp) == NULL || sscanf (buf, "%d", &num) != 1)
    return true;
  *is_part_r = true;
  for (i = 0; i < t->n; i++)
    if (t->parts[i].part_num == num)
      break;
  if (i == t->n)
    return false;               /* still there, but no longer wanted */
  snprintf (path, sizeof path, "/dev/%s", name);
  return access (path, F_OK) == 0;
}

/* True if the kernel's partitions of the disk at SYSDIR are those
 * of T, with device nodes. */
static bool
kernel_matches (const char *sysdir, const struct table *t)
{
  DIR *dir = opendir (sysdir);
  struct dirent *d;
  size_t found = 0;
  bool ok = true, is_part;

  if (dir == NULL)
    return true;                /* nothing to check against */
  while (ok && (d = readdir (dir)) != NULL) {
    if (d->d_name[0] == '.')
      continue;
    ok = kernel_part_ok (sysdir, d->d_name, t, &is_part);
    if (is_part)
      found++;
  }
  closedir (dir);
  return ok && found == t->n;
}

/* True if the kernel can show partitions of the disk at SYSDIR
 * (not of a partition, nor of a device-mapper device). */
static bool
kernel_partitions_possible (const char *sysdir)
{
  char path[PATH_MAX], buf[32];
  CLEANUP_FCLOSE FILE *fp = NULL;

  snprintf (path, sizeof path, "%s/dm", sysdir);
  if (access (path, F_OK) == 0)
    return false;
  snprintf (path, sizeof path, "%s/ext_range", sysdir);
  fp = fopen (path, "re");
  if (fp == NULL || fgets (buf, sizeof buf, fp) == NULL)
    return false;               /* a partition itself */
  return atoi (buf) > 1;
}

/* After changing DEVICE's table, wait until the kernel shows it.
 * Returns 0 or -1 after replying. */
static int
wait_for_partitions (const char *device)
{
  CLEANUP_FREE char *sysdir = sysfs_dir (device);
  struct table t;
  struct timespec delay = { 0, POLL_MS * 1000000L };
  int waited;

  if (sysdir == NULL || !kernel_partitions_possible (sysdir))
    return 0;                   /* nothing the kernel will show */
  if (read_table (device, &t) == -1)
    return -1;
  for (waited = 0; !kernel_matches (sysdir, &t); waited += POLL_MS) {
    if (waited >= WAIT_MS) {
      free_table (&t);
      reply_with_error ("the kernel did not pick up the new partition "
                        "table (a partition may be in use)");
      return -1;
    }
    nanosleep (&delay, NULL);
  }
  free_table (&t);
  return 0;
}

/* Map a caller's table type to parted's ("mbr" -> "msdos"); NULL if
 * it is not a plausible name. */
static const char *
canonical_parttype (const char *parttype)
{
  size_t len = strlen (parttype);

  if (strcmp (parttype, "mbr") == 0 || strcmp (parttype, "msdos") == 0)
    return "msdos";
  if (len == 0 || len > 16 ||
      strspn (parttype, "abcdefghijklmnopqrstuvwxyz0123456789") != len)
    return NULL;
  return parttype;
}

/**
 * Write an empty partition table of type C<parttype> ("mbr"/"msdos",
 * "gpt", ...) on C<device>.
 */
int
do_part_init (const char *device, const char *parttype)
{
  const char *type = canonical_parttype (parttype);
  const char *args[] = { "mklabel", type, NULL };

  if (type == NULL) {
    reply_with_error ("%s: unknown partition table type", parttype);
    return -1;
  }
  if (run_parted (device, args, NULL) == -1)
    return -1;
  return wait_for_partitions (device);
}

/* Map "p", "primary", ... to parted's word; NULL if unknown. */
static const char *
canonical_prlogex (const char *prlogex)
{
  if (strcmp (prlogex, "p") == 0 || strcmp (prlogex, "primary") == 0)
    return "primary";
  if (strcmp (prlogex, "l") == 0 || strcmp (prlogex, "logical") == 0)
    return "logical";
  if (strcmp (prlogex, "e") == 0 || strcmp (prlogex, "extended") == 0)
    return "extended";
  return NULL;
}

/* Check the arguments of part_add.  Returns 0 or -1 after replying. */
static int
check_part_add (const char *device, const char *kind, int64_t startsect)
{
  struct table t;
  bool msdos;

  if (kind == NULL) {
    reply_with_error ("prlogex must be \"p\", \"l\" or \"e\" (or "
                      "\"primary\", \"logical\", \"extended\")");
    return -1;
  }
  if (startsect < 0) {
    reply_with_error ("startsect cannot be negative");
    return -1;
  }
  if (strcmp (kind, "primary") == 0)
    return 0;
  if (read_table (device, &t) == -1)
    return -1;
  msdos = strcmp (t.type, "msdos") == 0;
  free_table (&t);
  if (!msdos) {
    reply_with_error ("%s partitions need an MBR partition table", kind);
    return -1;
  }
  return 0;
}

/**
 * Add a partition of kind C<prlogex> from sector C<startsect> to
 * C<endsect> inclusive (negative: counted back from the end of the
 * disk, -1 being the last sector).
 */
int
do_part_add (const char *device, const char *prlogex, int64_t startsect,
             int64_t endsect)
{
  const char *kind = canonical_prlogex (prlogex);
  char start[32], end[32];
  const char *args[] = { "mkpart", kind, start, end, NULL };

  if (check_part_add (device, kind, startsect) == -1)
    return -1;
  snprintf (start, sizeof start, "%" PRIi64 "s", startsect);
  snprintf (end, sizeof end, "%" PRIi64 "s", endsect);
  if (run_parted (device, args, NULL) == -1)
    return -1;
  return wait_for_partitions (device);
}

/**
 * Write a partition table of type C<parttype> with one primary
 * partition from sector 2048 to the end of the disk (GPT keeps its
 * 33-sector backup at the end).
 */
int
do_part_disk (const char *device, const char *parttype)
{
  const char *type = canonical_parttype (parttype);
  const char *end;
  const char *args[] = {
    "mklabel", type, "mkpart", "primary", "2048s", NULL, NULL
  };

  if (type == NULL) {
    reply_with_error ("%s: unknown partition table type", parttype);
    return -1;
  }
  end = strcmp (type, "gpt") == 0 ? "-34s" : "-1s";
  args[5] = end;
  if (run_parted (device, args, NULL) == -1)
    return -1;
  return wait_for_partitions (device);
}

/**
 * List the partitions of C<device>: number, first and last byte
 * (inclusive) and size in bytes, in parted's order.
 */
guestfs_int_partition_list *
do_part_list (const char *device)
{
  guestfs_int_partition_list *ret;
  struct table t;

  if (read_table (device, &t) == -1)
    return NULL;
  ret = malloc (sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    free_table (&t);
    return NULL;
  }
  ret->len = t.n;
  ret->val = t.parts;
  return ret;
}

/**
 * Check a partition number from the caller (area parted).  Returns 0,
 * or -1 after replying.
 */
int
parted_check_partnum (int partnum)
{
  if (partnum <= 0 || partnum > MAX_PARTITIONS) {
    reply_with_error ("%d: partition number out of range", partnum);
    return -1;
  }
  return 0;
}

/**
 * Delete partition C<partnum> of C<device> (on MBR, an extended
 * partition takes its logical partitions with it).
 */
int
do_part_del (const char *device, int partnum)
{
  char num[16];
  const char *args[] = { "rm", num, NULL };

  if (parted_check_partnum (partnum) == -1)
    return -1;
  snprintf (num, sizeof num, "%d", partnum);
  if (run_parted (device, args, NULL) == -1)
    return -1;
  return wait_for_partitions (device);
}

/**
 * Move the end of partition C<partnum> to sector C<endsect>
 * (inclusive).  parted asks before shrinking; the answer is fed to it
 * on a pretended terminal.
 */
int
do_part_resize (const char *device, int partnum, int64_t endsect)
{
  static const char yes[] = "Yes\n";
  char num[16], end[32];
  const char *argv[] = {
    "parted", "---pretend-input-tty", "-m", "--", device, "resizepart",
    num, end, NULL
  };
  CLEANUP_FREE char *err = NULL;

  if (parted_check_partnum (partnum) == -1)
    return -1;
  snprintf (num, sizeof num, "%d", partnum);
  snprintf (end, sizeof end, "%" PRIi64 "s", endsect);
  if (commandv_stdin (NULL, &err, yes, sizeof yes - 1, argv) == -1) {
    trim_newline (err);
    parted_external_names (err);
    reply_with_error ("%s", err ? err : "parted failed");
    return -1;
  }
  return wait_for_partitions (device);
}

/**
 * Return the partition table type of C<device> as parted names it
 * ("msdos", "gpt", ...); the caller frees it.
 */
char *
do_part_get_parttype (const char *device)
{
  struct table t;
  char *ret;

  if (read_table (device, &t) == -1)
    return NULL;
  free_table (&t);
  if (t.type[0] == '\0') {
    reply_with_error ("unknown partition table type");
    return NULL;
  }
  ret = strdup (t.type);
  if (ret == NULL)
    reply_with_perror ("strdup");
  return ret;
}

/* Copy the flags of partition PARTNUM of DEVICE (the last field of
 * parted's machine-readable line, e.g. "boot, esp") into BUF.
 * Returns 0, or -1 after replying. */
static int
part_flags (const char *device, int partnum, char *buf, size_t size)
{
  static const char *const args[] = { "unit", "b", "print", NULL };
  CLEANUP_FREE char *out = NULL;
  char prefix[16], *line, *save = NULL, *p;
  size_t len;

  if (parted_check_partnum (partnum) == -1 ||
      run_parted (device, args, &out) == -1)
    return -1;
  len = (size_t) snprintf (prefix, sizeof prefix, "%d:", partnum);
  for (line = strtok_r (out, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    if (strncmp (line, prefix, len) != 0)
      continue;
    p = strrchr (line, ':') + 1;
    p[strcspn (p, ";")] = '\0';
    snprintf (buf, size, "%s", p);
    return 0;
  }
  reply_with_error ("partition %d does not exist", partnum);
  return -1;
}

/**
 * True if partition C<partnum> of C<device> carries parted's "boot"
 * flag (on GPT: an EFI system partition).
 */
int
do_part_get_bootable (const char *device, int partnum)
{
  char flags[256], *tok, *save = NULL;

  if (part_flags (device, partnum, flags, sizeof flags) == -1)
    return -1;
  for (tok = strtok_r (flags, ", ", &save); tok != NULL;
       tok = strtok_r (NULL, ", ", &save))
    if (strcmp (tok, "boot") == 0)
      return 1;
  return 0;
}

/**
 * Set or clear parted's "boot" flag of partition C<partnum>.
 */
int
do_part_set_bootable (const char *device, int partnum, int bootable)
{
  char num[16];
  const char *args[] = { "set", num, "boot", bootable ? "on" : "off", NULL };

  if (parted_check_partnum (partnum) == -1)
    return -1;
  snprintf (num, sizeof num, "%d", partnum);
  return run_parted (device, args, NULL);
}
