/* guestkit — virt-df: free space on the filesystems of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUESTKIT_VIRT_DF_H
#define GUESTKIT_VIRT_DF_H

#include <stdbool.h>
#include <stddef.h>

#include "guestfs.h"

/** How the rows are printed. */
enum df_format { DF_TEXT, DF_CSV, DF_JSON };

/** The output options, set once before any guest is looked at. */
struct df_settings {
  enum df_format format;
  bool human;                   /* -h */
  bool inodes;                  /* -i */
  bool uuid;                    /* --uuid */
};
extern struct df_settings df_settings;

/** One filesystem: its canonical device name and its statvfs. */
struct df_row {
  char *dev;
  struct guestfs_statvfs st;
};

/** One guest: the name shown, its libvirt UUID (or NULL), and the
 * rows found in it (owned). */
struct df_guest {
  char *name;
  char *uuid;
  struct df_row *rows;
  size_t nr_rows;
};

/* df.c */
int df_collect (guestfs_h *g, struct df_guest *guest);
void df_guest_free (struct df_guest *guest);

/* output.c */
void df_print_title (void);
void df_print_guest (const struct df_guest *guest);
void df_print_end (void);

/* domains.c */
int df_list_domains (const char *uri, struct df_guest **guests,
                     size_t *nr_guests);

/* parallel.c */
size_t df_default_threads (void);
int df_parallel (guestfs_h *model, const char *uri,
                 struct df_guest *guests, size_t nr_guests,
                 size_t nr_threads);

#endif
