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
  { "stat", {   /* deprecated stat / lstat */
      { F_INT64, "dev" }, { F_INT64, "ino" }, { F_INT64, "mode" },
      { F_INT64, "nlink" }, { F_INT64, "uid" }, { F_INT64, "gid" },
      { F_INT64, "rdev" }, { F_INT64, "size" }, { F_INT64, "blksize" },
      { F_INT64, "blocks" }, { F_INT64, "atime" }, { F_INT64, "mtime" },
      { F_INT64, "ctime" } } },
  { "dirent", {
      { F_INT64, "ino" }, { F_CHAR, "ftyp" }, { F_STRING, "name" } } },
  { "xattr", {
      { F_STRING, "attrname" }, { F_BUFFER, "attrval" } } },
  { "lvm_pv", {
      { F_STRING, "pv_name" }, { F_UUID, "pv_uuid" }, { F_STRING, "pv_fmt" },
      { F_UINT64, "pv_size" }, { F_UINT64, "dev_size" },
      { F_UINT64, "pv_free" }, { F_UINT64, "pv_used" },
      { F_STRING, "pv_attr" }, { F_INT64, "pv_pe_count" },
      { F_INT64, "pv_pe_alloc_count" }, { F_STRING, "pv_tags" },
      { F_UINT64, "pe_start" }, { F_INT64, "pv_mda_count" },
      { F_UINT64, "pv_mda_free" } } },
  { "lvm_vg", {
      { F_STRING, "vg_name" }, { F_UUID, "vg_uuid" }, { F_STRING, "vg_fmt" },
      { F_STRING, "vg_attr" }, { F_UINT64, "vg_size" },
      { F_UINT64, "vg_free" }, { F_STRING, "vg_sysid" },
      { F_UINT64, "vg_extent_size" }, { F_INT64, "vg_extent_count" },
      { F_INT64, "vg_free_count" }, { F_INT64, "max_lv" },
      { F_INT64, "max_pv" }, { F_INT64, "pv_count" }, { F_INT64, "lv_count" },
      { F_INT64, "snap_count" }, { F_INT64, "vg_seqno" },
      { F_STRING, "vg_tags" }, { F_INT64, "vg_mda_count" },
      { F_UINT64, "vg_mda_free" } } },
  { "lvm_lv", {
      { F_STRING, "lv_name" }, { F_UUID, "lv_uuid" }, { F_STRING, "lv_attr" },
      { F_INT64, "lv_major" }, { F_INT64, "lv_minor" },
      { F_INT64, "lv_kernel_major" }, { F_INT64, "lv_kernel_minor" },
      { F_UINT64, "lv_size" }, { F_INT64, "seg_count" },
      { F_STRING, "origin" }, { F_OPTPERCENT, "snap_percent" },
      { F_OPTPERCENT, "copy_percent" }, { F_STRING, "move_pv" },
      { F_STRING, "lv_tags" }, { F_STRING, "mirror_log" },
      { F_STRING, "modules" } } },
  { "utsname", {
      { F_STRING, "uts_sysname" }, { F_STRING, "uts_release" },
      { F_STRING, "uts_version" }, { F_STRING, "uts_machine" } } },
  { "mdstat", {
      { F_STRING, "mdstat_device" }, { F_INT32, "mdstat_index" },
      { F_STRING, "mdstat_flags" } } },
  { "xfsinfo", {
      { F_STRING, "xfs_mntpoint" }, { F_UINT32, "xfs_inodesize" },
      { F_UINT32, "xfs_agcount" }, { F_UINT32, "xfs_agsize" },
      { F_UINT32, "xfs_sectsize" }, { F_UINT32, "xfs_attr" },
      { F_UINT32, "xfs_blocksize" }, { F_UINT64, "xfs_datablocks" },
      { F_UINT32, "xfs_imaxpct" }, { F_UINT32, "xfs_sunit" },
      { F_UINT32, "xfs_swidth" }, { F_UINT32, "xfs_dirversion" },
      { F_UINT32, "xfs_dirblocksize" }, { F_UINT32, "xfs_cimode" },
      { F_STRING, "xfs_logname" }, { F_UINT32, "xfs_logbsize" },
      { F_UINT32, "xfs_logblocks" }, { F_UINT32, "xfs_logversion" },
      { F_UINT32, "xfs_logsectsize" }, { F_UINT32, "xfs_logsunit" },
      { F_UINT32, "xfs_lazycount" }, { F_STRING, "xfs_rtname" },
      { F_UINT32, "xfs_rtextsize" }, { F_UINT64, "xfs_rtblocks" },
      { F_UINT64, "xfs_rtextents" } } },
  { "btrfssubvolume", {
      { F_UINT64, "btrfssubvolume_id" },
      { F_UINT64, "btrfssubvolume_top_level_id" },
      { F_STRING, "btrfssubvolume_path" } } },
  { "hivex_node", { { F_INT64, "hivex_node_h" } } },
  { "hivex_value", { { F_INT64, "hivex_value_h" } } },
  { "application", {   /* deprecated inspect_list_applications */
      { F_STRING, "app_name" }, { F_STRING, "app_display_name" },
      { F_INT32, "app_epoch" }, { F_STRING, "app_version" },
      { F_STRING, "app_release" }, { F_STRING, "app_install_path" },
      { F_STRING, "app_trans_path" }, { F_STRING, "app_publisher" },
      { F_STRING, "app_url" }, { F_STRING, "app_source_package" },
      { F_STRING, "app_summary" }, { F_STRING, "app_description" } } },
  { "application2", {
      { F_STRING, "app2_name" }, { F_STRING, "app2_display_name" },
      { F_INT32, "app2_epoch" }, { F_STRING, "app2_version" },
      { F_STRING, "app2_release" }, { F_STRING, "app2_arch" },
      { F_STRING, "app2_install_path" }, { F_STRING, "app2_trans_path" },
      { F_STRING, "app2_publisher" }, { F_STRING, "app2_url" },
      { F_STRING, "app2_source_package" }, { F_STRING, "app2_summary" },
      { F_STRING, "app2_description" }, { F_STRING, "app2_spare1" },
      { F_STRING, "app2_spare2" }, { F_STRING, "app2_spare3" },
      { F_STRING, "app2_spare4" } } },
  { NULL, { { F_END, NULL } } }
};
