/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the mapping of a Windows C<MountedDevices>
 * registry value to one of our partitions.  A 12-byte value is an MBR
 * disk signature (4 bytes, little-endian) and the partition's byte
 * offset (8 bytes); a value of 24 bytes or more starting with
 * C<DMIO:ID:> holds a GPT partition GUID.  Anything else (CD-ROMs, volume GUIDs) names no
 * hard disk partition and is left out.
 */

#include <config.h>

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "inspect.h"

/* Most disks and partitions of one disk looked at. */
#define DISKS_MAX 256
#define PARTS_MAX 256

static uint64_t
le (const unsigned char *p, size_t n)
{
  uint64_t v = 0;

  while (n-- > 0)
    v = (v << 8) | p[n];
  return v;
}

/* True if the MBR of the disk NAME ("vda") has the signature SIG. */
static bool
has_signature (const char *name, uint32_t sig)
{
  char dev[300];
  unsigned char mbr[512];
  CLEANUP_CLOSE int fd = -1;

  snprintf (dev, sizeof dev, "/dev/%s", name);
  if (is_appliance_device (dev))
    return false;
  fd = open (dev, O_RDONLY | O_CLOEXEC);
  if (fd == -1 || pread (fd, mbr, sizeof mbr, 0) != (ssize_t) sizeof mbr)
    return false;
  /* A GPT disk's protective MBR (type 0xee) is not an MBR disk. */
  return mbr[510] == 0x55 && mbr[511] == 0xaa && mbr[450] != 0xee &&
    le (mbr + 440, 4) == sig;
}

/* The partition of disk NAME starting at byte OFFSET, as
 * "/dev/sdXN" malloc'd, or NULL. */
static char *
partition_at (const char *name, uint64_t offset)
{
  char path[600], line[64], *ret;
  size_t n;

  for (n = 1; n <= PARTS_MAX; n++) {
    snprintf (path, sizeof path, "/sys/block/%s/%s%zu/start", name, name, n);
    if (read_sys_line (path, line, sizeof line) == -1)
      continue;
    if (strtoull (line, NULL, 10) * 512 == offset &&
        asprintf (&ret, "/dev/sd%s%zu", name + 2, n) != -1)
      return ret;
  }
  return NULL;
}

/* The partition at OFFSET of the disk whose MBR signature is SIG. */
static char *
mbr_partition (uint32_t sig, uint64_t offset)
{
  DIR *dp = opendir ("/sys/block");
  struct dirent *d;
  char *ret = NULL;
  size_t n = 0;

  if (dp == NULL)
    return NULL;
  while (ret == NULL && (d = readdir (dp)) != NULL && n++ < DISKS_MAX)
    if (strncmp (d->d_name, "vd", 2) == 0 && strlen (d->d_name) < 32 &&
        has_signature (d->d_name, sig))
      ret = partition_at (d->d_name, offset);
  closedir (dp);
  return ret;
}

/**
 * Return the partition (the caller's name, malloc'd) that the
 * C<MountedDevices> value C<data> (C<len> bytes) names, or NULL.
 */
char *
insp_drive_device (const char *data, size_t len)
{
  const unsigned char *p = (const unsigned char *) data;
  char guid[40];

  if (len == 12)
    return mbr_partition (le (p, 4), le (p + 4, 8));
  if (len >= 24 && memcmp (data, "DMIO:ID:", 8) == 0) {
    p += 8;
    snprintf (guid, sizeof guid, "%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64
              "-%02x%02x-%02x%02x%02x%02x%02x%02x",
              le (p, 4), le (p + 4, 2), le (p + 6, 2), p[8], p[9], p[10],
              p[11], p[12], p[13], p[14], p[15]);
    return insp_find_tag ("PARTUUID", guid);
  }
  return NULL;
}
