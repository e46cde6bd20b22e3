/* guestkit — generator: structs returned by API calls.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file lists the structs that calls return.  Each becomes
 * C<struct guestfs_NAME> (public), C<guestfs_int_NAME> (wire and daemon)
 * and C<struct guestfs_NAME_list>.
 */

#include <config.h>

#include "types.h"

const struct structdef structs[] = {
  { "version", {
      { F_INT64, "major" }, { F_INT64, "minor" }, { F_INT64, "release" },
      { F_STRING, "extra" } } },
  { "partition", {
      { F_INT32, "part_num" }, { F_UINT64, "part_start" },
      { F_UINT64, "part_end" }, { F_UINT64, "part_size" } } },
  { "statns", {
      { F_INT64, "st_dev" }, { F_INT64, "st_ino" }, { F_INT64, "st_mode" },
      { F_INT64, "st_nlink" }, { F_INT64, "st_uid" }, { F_INT64, "st_gid" },
      { F_INT64, "st_rdev" }, { F_INT64, "st_size" },
      { F_INT64, "st_blksize" }, { F_INT64, "st_blocks" },
      { F_INT64, "st_atime_sec" }, { F_INT64, "st_atime_nsec" },
      { F_INT64, "st_mtime_sec" }, { F_INT64, "st_mtime_nsec" },
      { F_INT64, "st_ctime_sec" }, { F_INT64, "st_ctime_nsec" },
      { F_INT64, "st_spare1" }, { F_INT64, "st_spare2" },
      { F_INT64, "st_spare3" }, { F_INT64, "st_spare4" },
      { F_INT64, "st_spare5" }, { F_INT64, "st_spare6" } } },
  { "statvfs", {
      { F_INT64, "bsize" }, { F_INT64, "frsize" }, { F_INT64, "blocks" },
      { F_INT64, "bfree" }, { F_INT64, "bavail" }, { F_INT64, "files" },
      { F_INT64, "ffree" }, { F_INT64, "favail" }, { F_INT64, "fsid" },
      { F_INT64, "flag" }, { F_INT64, "namemax" } } },
  { NULL, { { F_END, NULL } } }
};
