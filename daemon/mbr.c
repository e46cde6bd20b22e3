/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the MBR commands C<part_get_mbr_id>,
 * C<part_set_mbr_id> and C<part_get_mbr_part_type> (with
 * C<sfdisk --part-type>), and C<part_to_dev> and C<part_to_partnum>,
 * which ask sysfs which disk a partition belongs to.
 */

#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "daemon.h"
#include "actions.h"

/* Check that DEVICE has an MBR.  Returns 0 or -1 after replying. */
static int
require_msdos (const char *device)
{
  CLEANUP_FREE char *type = do_part_get_parttype (device);

  if (type == NULL)
    return -1;
  if (strcmp (type, "msdos") != 0) {
    reply_with_error ("the partition table is %s, not an MBR (msdos)",
                      type);
    return -1;
  }
  return 0;
}

/* Run "sfdisk --part-type -- DEVICE PARTNUM [TYPE]". */
static int
run_sfdisk_type (const char *device, int partnum, const char *type,
                 char **out_r)
{
  CLEANUP_FREE char *err = NULL;
  char num[16];
  const char *argv[] = {
    "sfdisk", "--part-type", "--", device, num, type, NULL
  };

  if (parted_check_partnum (partnum) == -1)
    return -1;
  snprintf (num, sizeof num, "%d", partnum);
  if (commandv (out_r, &err, argv) == -1) {
    trim_newline (err);
    parted_external_names (err);
    reply_with_error ("%s", err && err[0] ? err : "sfdisk failed");
    return -1;
  }
  return 0;
}

/* The type byte of partition PARTNUM on the MBR disk DEVICE, or -1
 * after replying. */
static int
get_mbr_id (const char *device, int partnum)
{
  CLEANUP_FREE char *out = NULL;
  char *end;
  long v;

  if (run_sfdisk_type (device, partnum, NULL, &out) == -1)
    return -1;
  errno = 0;
  v = out ? strtol (out, &end, 16) : -1;
  if (out == NULL || errno != 0 || end == out || v < 0 || v > 255 ||
      end[strspn (end, " \n")] != '\0') {
    reply_with_error ("sfdisk printed an unexpected type: %s",
                      out ? out : "");
    return -1;
  }
  return (int) v;
}

/**
 * Return the type byte of partition C<partnum> of an MBR disk.
 */
int
do_part_get_mbr_id (const char *device, int partnum)
{
  if (require_msdos (device) == -1)
    return -1;
  return get_mbr_id (device, partnum);
}

/**
 * Set the type byte of partition C<partnum> of an MBR disk to
 * C<idbyte> (0..255).
 */
int
do_part_set_mbr_id (const char *device, int partnum, int idbyte)
{
  char hex[8];

  if (idbyte < 0 || idbyte > 255) {
    reply_with_error ("%d: a type byte must be between 0 and 255", idbyte);
    return -1;
  }
  if (require_msdos (device) == -1)
    return -1;
  snprintf (hex, sizeof hex, "%x", (unsigned) idbyte);
  return run_sfdisk_type (device, partnum, hex, NULL);
}

/* True if the MBR type byte ID marks an extended partition. */
static bool
is_extended_id (int id)
{
  return id == 0x05 || id == 0x0f || id == 0x85;
}

/**
 * Return "primary", "extended" or "logical" for partition C<partnum>
 * (every GPT partition is "primary").
 */
char *
do_part_get_mbr_part_type (const char *device, int partnum)
{
  CLEANUP_FREE char *type = do_part_get_parttype (device);
  const char *kind;
  char *ret;
  int id;

  if (type == NULL)
    return NULL;
  if (strcmp (type, "msdos") == 0) {
    id = get_mbr_id (device, partnum);      /* also: does it exist? */
    if (id == -1)
      return NULL;
    kind = partnum > 4 ? "logical" :
      is_extended_id (id) ? "extended" : "primary";
  }
  else if (strcmp (type, "gpt") == 0)
    kind = "primary";
  else {
    reply_with_error ("partition table type %s is not supported", type);
    return NULL;
  }
  ret = strdup (kind);
  if (ret == NULL)
    reply_with_perror ("strdup");
  return ret;
}

/* Fill SYSDIR with the sysfs directory of PARTITION and return its
 * partition number, or -1 after replying if it is not a partition. */
static int
partition_sysfs (const char *partition, char *sysdir)
{
  struct stat st;
  char link[64], path[PATH_MAX + 32], buf[32];
  int num;

  if (stat (partition, &st) == -1) {
    reply_with_perror ("%s", partition);
    return -1;
  }
  snprintf (link, sizeof link, "/sys/dev/block/%u:%u",
            major (st.st_rdev), minor (st.st_rdev));
  if (!S_ISBLK (st.st_mode) || realpath (link, sysdir) == NULL) {
    reply_with_error ("not a block device");
    return -1;
  }
  snprintf (path, sizeof path, "%s/partition", sysdir);
  if (read_sys_line (path, buf, sizeof buf) == -1 ||
      sscanf (buf, "%d", &num) != 1 || num <= 0) {
    reply_with_error_errno (EINVAL, "not a partition");
    return -1;
  }
  return num;
}

/**
 * Return the disk that C<partition> lies on (F</dev/sdb> for
 * F</dev/sdb1>).
 */
char *
do_part_to_dev (const char *partition)
{
  char sysdir[PATH_MAX], disk[PATH_MAX + 8], *slash, *ret;

  if (partition_sysfs (partition, sysdir) == -1)
    return NULL;
  slash = strrchr (sysdir, '/');
  *slash = '\0';                /* the disk's directory */
  slash = strrchr (sysdir, '/');
  snprintf (disk, sizeof disk, "/dev/%s", slash + 1);
  ret = device_to_external (disk);
  if (ret == NULL)
    reply_with_perror ("malloc");
  return ret;
}

/**
 * Return the partition number of C<partition> (1 for F</dev/sdb1>).
 */
int
do_part_to_partnum (const char *partition)
{
  char sysdir[PATH_MAX];

  return partition_sysfs (partition, sysdir);
}
