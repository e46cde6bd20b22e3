/* guestkit — virt-filesystems: the filesystems, partitions, block
 * devices and LVM objects of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUESTKIT_VIRT_FILESYSTEMS_H
#define GUESTKIT_VIRT_FILESYSTEMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestfs.h"

/** What is listed (bits, in libguestfs's order of output). */
enum {
  OUT_FILESYSTEMS = 1, OUT_EXTRA = 2, OUT_PARTITIONS = 4, OUT_BLOCKDEVS = 8,
  OUT_LVS = 16, OUT_VGS = 32, OUT_PVS = 64, OUT_ALL = 127,
};

/** The columns, in display order. */
enum {
  COL_NAME, COL_TYPE, COL_VFS, COL_LABEL, COL_MBR, COL_SIZE, COL_PARENTS,
  COL_UUID, NR_COLUMNS,
};

/** One object listed.  Strings are owned; NULL: nothing to show. */
struct fs_row {
  char *name;
  const char *type;             /* "filesystem", "lv", ... (static) */
  char *vfs, *label, *uuid;
  int mbr_id;                   /* -1: none */
  int64_t size;                 /* -1: none */
  char **parents;               /* NULL-terminated; NULL: not looked up */
};

/** The output options. */
struct fs_settings {
  unsigned output;              /* OUT_* */
  bool columns[NR_COLUMNS];     /* which are shown (and looked up) */
  bool title, human, csv, json;
};
extern struct fs_settings fs_settings;

/** The rows found, in output order. */
struct fs_table {
  struct fs_row *rows;
  size_t nr_rows;
};

/* collect.c */
int fs_collect (guestfs_h *g, struct fs_table *t);
struct fs_row *fs_new_row (struct fs_table *t, const char *type);
char *fs_xstrdup (const char *s);
void fs_oom (void) __attribute__((noreturn));
void fs_table_free (struct fs_table *t);

/* collect-lvm.c */
int fs_collect_lvs (guestfs_h *g, struct fs_table *t);
int fs_collect_vgs (guestfs_h *g, struct fs_table *t);
int fs_collect_pvs (guestfs_h *g, struct fs_table *t);

/* output.c */
void fs_print (const struct fs_table *t);

#endif
