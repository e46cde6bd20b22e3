/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the NTFS calls: C<ntfsresize>, C<ntfsfix> and
 * C<ntfs_3g_probe>, each running the ntfs-3g tool of that name.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "actions.h"

/**
 * Resize the NTFS filesystem on C<device> to C<size> bytes, or to the
 * size of the device; C<force> resizes even a volume marked for a
 * consistency check.
 */
int
do_ntfsresize (const char *device, int64_t size, int force)
{
  const char *argv[8];
  char buf[32];
  size_t n = 0;

  argv[n++] = "ntfsresize";
  argv[n++] = "--no-progress-bar";
  if (optargs_bitmask & 1) {
    if (size <= 0) {
      reply_with_error_errno (EINVAL, "size must be positive");
      return -1;
    }
    argv[n++] = "--size";
    argv[n++] = fs_num (buf, sizeof buf, "", size);
  }
  if ((optargs_bitmask & 2) && force)
    argv[n++] = "--force";
  argv[n++] = device;
  argv[n] = NULL;
  return fs_run (NULL, "ntfsresize", argv);
}

/**
 * Fix basic inconsistencies of the NTFS filesystem on C<device>;
 * C<clearbadsectors> also empties its list of bad sectors.
 */
int
do_ntfsfix (const char *device, int clearbadsectors)
{
  const char *argv[4];
  size_t n = 0;

  argv[n++] = "ntfsfix";
  if ((optargs_bitmask & 1) && clearbadsectors)
    argv[n++] = "-b";
  argv[n++] = device;
  argv[n] = NULL;
  return fs_run (NULL, "ntfsfix", argv);
}

/**
 * Probe whether the NTFS filesystem on C<device> could be mounted
 * (read-write if C<rw>); returns the tool's exit status, 0 if so.
 */
int
do_ntfs_3g_probe (int rw, const char *device)
{
  CLEANUP_FREE char *out = NULL, *err = NULL;
  const char *argv[] = { "ntfs-3g.probe", rw ? "--readwrite" : "--readonly",
                         device, NULL };
  int r = commandrv (&out, &err, argv);

  if (r == -1) {
    reply_with_perror ("ntfs-3g.probe");
    return -1;
  }
  return r;
}
