/* guestkit — virt-ls: list files of a disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUESTKIT_VIRT_LS_H
#define GUESTKIT_VIRT_LS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "jsonw.h"
#include "options.h"

/** The listing modes: -l and -R, alone or together. */
enum { LS_LONG = 1, LS_RECURSIVE = 2, LS_LONG_RECURSIVE = 3 };

/** How --times shows a time. */
enum ls_time { TIME_DATE, TIME_T, TIME_RELATIVE, TIME_DAYS };

/** virt-ls's options and its output state. */
struct ls {
  struct tool_options o;
  int mode;
  bool csv, json, human, uids, times, extra_stats;
  enum ls_time time_format;
  const char *checksum;         /* --checksum=TYPE, or NULL */
  const char *lr_first;         /* the first option needing -lR */
  time_t now;                   /* for --time-relative and --time-days */
  bool tty;                     /* stdout is a terminal */
  unsigned field;               /* fields written on the current line */
  struct jsonw jw;
};

/* output.c */
void ls_put_safe (const struct ls *ls, const char *s, bool keep_newlines);
void ls_start_entry (struct ls *ls);
void ls_end_entry (struct ls *ls);
void ls_field_string (struct ls *ls, const char *key, const char *s);
void ls_field_int (struct ls *ls, const char *key, int64_t v, int width,
                   bool csv_pads);
void ls_field_size (struct ls *ls, int64_t size);
void ls_field_time (struct ls *ls, const char *key, int64_t secs);
void ls_field_dev (struct ls *ls, const char *key, int64_t dev);
void ls_field_link (struct ls *ls, const char *target);

/* longr.c */
int ls_long_recursive (struct ls *ls, const char *dir);

#endif
