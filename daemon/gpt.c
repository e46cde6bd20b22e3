/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the GPT commands: partition type GUIDs,
 * unique GUIDs, attribute flags and names, the disk GUID and moving
 * the backup GPT to the end of the disk.  They run C<sgdisk> (GUIDs,
 * attributes) and C<sfdisk> (names, which it prints unquoted).
 *
 * sgdisk silently "changes" partitions that do not exist and turns an
 * MBR disk into a GPT one, so every command checks first that the
 * table is GPT (except C<part_get_gpt_type>, which reports the GUID
 * matching an MBR type) and that the partition exists.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "actions.h"

/* Length of a GUID written as 8-4-4-4-12 hex digits. */
#define GUID_LEN 36
/* A GPT partition name holds at most 36 UTF-16 code units. */
#define GPT_NAME_MAX 36

/* Run "sgdisk ARGS... -- DEVICE" (ARGS ends with NULL); its output
 * goes to *OUT_R if not NULL.  Returns 0 or -1 after replying. */
static int
run_sgdisk (const char *device, const char *const *args, char **out_r)
{
  const char *argv[8] = { "sgdisk" };
  CLEANUP_FREE char *err = NULL;
  size_t n = 1;

  while (*args != NULL && n < sizeof argv / sizeof argv[0] - 3)
    argv[n++] = *args++;
  argv[n++] = "--";
  argv[n++] = device;
  argv[n] = NULL;
  if (commandv (out_r, &err, argv) == -1) {
    trim_newline (err);
    parted_external_names (err);
    reply_with_error ("%s", err && err[0] ? err : "sgdisk failed");
    if (out_r) {
      free (*out_r);
      *out_r = NULL;
    }
    return -1;
  }
  return 0;
}

/* Check that DEVICE has a GPT.  Returns 0 or -1 after replying. */
static int
require_gpt (const char *device)
{
  CLEANUP_FREE char *type = do_part_get_parttype (device);

  if (type == NULL)
    return -1;
  if (strcmp (type, "gpt") != 0) {
    reply_with_error ("the partition table is %s, not gpt", type);
    return -1;
  }
  return 0;
}

/* Find the line of OUT that starts with KEY and copy the word after
 * it into BUF.  Returns false if there is no such line. */
static bool
find_field (char *out, const char *key, char *buf, size_t size)
{
  size_t klen = strlen (key), len;
  char *line, *save = NULL, *p;

  for (line = strtok_r (out, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    if (strncmp (line, key, klen) != 0)
      continue;
    p = line + klen;
    p += strspn (p, " ");
    len = strcspn (p, " ");
    if (len >= size)
      return false;
    memcpy (buf, p, len);
    buf[len] = '\0';
    return true;
  }
  return false;
}

/* Copy the value of KEY in "sgdisk -i PARTNUM" into BUF.  Returns 0,
 * or -1 after replying (also when the partition does not exist). */
static int
sgdisk_info (const char *device, int partnum, const char *key,
             char *buf, size_t size)
{
  CLEANUP_FREE char *out = NULL;
  char num[16];
  const char *args[] = { "-i", num, NULL };

  if (parted_check_partnum (partnum) == -1)
    return -1;
  snprintf (num, sizeof num, "%d", partnum);
  if (run_sgdisk (device, args, &out) == -1)
    return -1;
  if (!find_field (out, key, buf, size)) {
    reply_with_error ("partition %d does not exist", partnum);
    return -1;
  }
  return 0;
}

/* Check that partition PARTNUM of the GPT DEVICE exists.  Returns 0
 * or -1 after replying. */
static int
require_gpt_partition (const char *device, int partnum)
{
  char guid[64];

  if (require_gpt (device) == -1)
    return -1;
  return sgdisk_info (device, partnum, "Partition unique GUID:",
                      guid, sizeof guid);
}

/* Copy GUID, upper-cased, into BUF (GUID_LEN + 1 bytes) if it is
 * 8-4-4-4-12 hex digits.  Returns 0 or -1 after replying. */
static int
canonical_guid (const char *guid, char *buf)
{
  size_t i;

  for (i = 0; i < GUID_LEN; i++) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (guid[i] == '\0' ||
        (dash ? guid[i] != '-' : !isxdigit ((unsigned char) guid[i])))
      break;
    buf[i] = (char) toupper ((unsigned char) guid[i]);
  }
  if (i < GUID_LEN || guid[i] != '\0') {
    reply_with_error_errno (EINVAL, "%s: not a valid GUID", guid);
    return -1;
  }
  buf[i] = '\0';
  return 0;
}

/* Return a malloc'd copy of S upper-cased, or NULL after replying. */
static char *
upper_dup (const char *s)
{
  char *ret = strdup (s), *p;

  if (ret == NULL) {
    reply_with_perror ("strdup");
    return NULL;
  }
  for (p = ret; *p; p++)
    *p = (char) toupper ((unsigned char) *p);
  return ret;
}

/* Return the GUID sgdisk shows for KEY of partition PARTNUM. */
static char *
get_part_guid (const char *device, int partnum, const char *key)
{
  char buf[64];

  if (sgdisk_info (device, partnum, key, buf, sizeof buf) == -1)
    return NULL;
  return upper_dup (buf);
}

/* Set with "sgdisk OPT PARTNUM:GUID" after checking both. */
static int
set_part_guid (const char *device, int partnum, const char *opt,
               const char *guid)
{
  char buf[GUID_LEN + 1], arg[GUID_LEN + 32];
  const char *args[] = { opt, arg, NULL };

  if (canonical_guid (guid, buf) == -1 ||
      require_gpt_partition (device, partnum) == -1)
    return -1;
  snprintf (arg, sizeof arg, "%d:%s", partnum, buf);
  return run_sgdisk (device, args, NULL);
}

/**
 * Return the type GUID of partition C<partnum> (for an MBR partition,
 * the GUID sgdisk maps its type byte to).
 */
char *
do_part_get_gpt_type (const char *device, int partnum)
{
  return get_part_guid (device, partnum, "Partition GUID code:");
}

/**
 * Set the type GUID of partition C<partnum> of a GPT disk.
 */
int
do_part_set_gpt_type (const char *device, int partnum, const char *guid)
{
  return set_part_guid (device, partnum, "-t", guid);
}

/**
 * Return the unique GUID of partition C<partnum> of a GPT disk.
 */
char *
do_part_get_gpt_guid (const char *device, int partnum)
{
  if (require_gpt (device) == -1)
    return NULL;
  return get_part_guid (device, partnum, "Partition unique GUID:");
}

/**
 * Set the unique GUID of partition C<partnum> of a GPT disk.
 */
int
do_part_set_gpt_guid (const char *device, int partnum, const char *guid)
{
  return set_part_guid (device, partnum, "-u", guid);
}

/**
 * Return the 64 attribute bits of partition C<partnum> of a GPT disk
 * (bit 63 set reads as a negative number).
 */
int64_t
do_part_get_gpt_attributes (const char *device, int partnum)
{
  char buf[64], *end;
  uint64_t v;

  if (require_gpt (device) == -1 ||
      sgdisk_info (device, partnum, "Attribute flags:", buf, sizeof buf) == -1)
    return -1;
  errno = 0;
  v = strtoull (buf, &end, 16);
  if (errno != 0 || end == buf || *end != '\0') {
    reply_with_error ("sgdisk printed unexpected attributes: %s", buf);
    return -1;
  }
  return (int64_t) v;
}

/**
 * Set the 64 attribute bits of partition C<partnum> of a GPT disk.
 */
int
do_part_set_gpt_attributes (const char *device, int partnum,
                            int64_t attributes)
{
  char arg[64];
  const char *args[] = { "-A", arg, NULL };

  if (require_gpt_partition (device, partnum) == -1)
    return -1;
  snprintf (arg, sizeof arg, "%d:=:0x%" PRIx64, partnum,
            (uint64_t) attributes);
  return run_sgdisk (device, args, NULL);
}

/**
 * Return the disk GUID of a GPT disk.
 */
char *
do_part_get_disk_guid (const char *device)
{
  static const char *const args[] = { "-p", NULL };
  CLEANUP_FREE char *out = NULL;
  char buf[64];

  if (require_gpt (device) == -1 || run_sgdisk (device, args, &out) == -1)
    return NULL;
  if (!find_field (out, "Disk identifier (GUID):", buf, sizeof buf)) {
    reply_with_error ("sgdisk did not print the disk GUID");
    return NULL;
  }
  return upper_dup (buf);
}

/**
 * Set the disk GUID of a GPT disk.
 */
int
do_part_set_disk_guid (const char *device, const char *guid)
{
  char buf[GUID_LEN + 1];
  const char *args[] = { "-U", buf, NULL };

  if (canonical_guid (guid, buf) == -1 || require_gpt (device) == -1)
    return -1;
  return run_sgdisk (device, args, NULL);
}

/**
 * Give a GPT disk a new random disk GUID.
 */
int
do_part_set_disk_guid_random (const char *device)
{
  static const char *const args[] = { "-U", "R", NULL };

  if (require_gpt (device) == -1)
    return -1;
  return run_sgdisk (device, args, NULL);
}

/**
 * Move the backup GPT of C<device> to the end of the disk (after the
 * disk grew), like C<sgdisk -e>.
 */
int
do_part_expand_gpt (const char *device)
{
  static const char *const args[] = { "-e", NULL };

  if (require_gpt (device) == -1)
    return -1;
  return run_sgdisk (device, args, NULL);
}

/* Run "sfdisk --part-label DEVICE PARTNUM [NAME]". */
static int
run_sfdisk_label (const char *device, int partnum, const char *name,
                  char **out_r)
{
  CLEANUP_FREE char *err = NULL;
  char num[16];
  const char *argv[] = {
    "sfdisk", "--part-label", "--", device, num, name, NULL
  };

  snprintf (num, sizeof num, "%d", partnum);
  if (commandv (out_r, &err, argv) == -1) {
    trim_newline (err);
    parted_external_names (err);
    reply_with_error ("%s", err && err[0] ? err : "sfdisk failed");
    return -1;
  }
  return 0;
}

/**
 * Return the name of partition C<partnum> of a GPT disk.
 */
char *
do_part_get_name (const char *device, int partnum)
{
  char *out = NULL;
  size_t len;

  if (require_gpt_partition (device, partnum) == -1 ||
      run_sfdisk_label (device, partnum, NULL, &out) == -1) {
    free (out);
    return NULL;
  }
  if (out == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  len = strlen (out);
  if (len > 0 && out[len - 1] == '\n')
    out[len - 1] = '\0';
  return out;
}

/* The number of UTF-16 code units NAME (UTF-8) needs. */
static size_t
utf16_units (const char *name)
{
  const unsigned char *p;
  size_t n = 0;

  for (p = (const unsigned char *) name; *p; p++) {
    if ((*p & 0xc0) != 0x80)
      n++;
    if (*p >= 0xf0)
      n++;                      /* a surrogate pair */
  }
  return n;
}

/**
 * Set the name of partition C<partnum> of a GPT disk.
 */
int
do_part_set_name (const char *device, int partnum, const char *name)
{
  if (utf16_units (name) > GPT_NAME_MAX) {
    reply_with_error ("partition name too long (GPT allows %d characters)",
                      GPT_NAME_MAX);
    return -1;
  }
  if (strchr (name, '\n') != NULL) {
    reply_with_error ("a partition name cannot contain a newline");
    return -1;
  }
  if (require_gpt_partition (device, partnum) == -1)
    return -1;
  return run_sfdisk_label (device, partnum, name, NULL);
}
