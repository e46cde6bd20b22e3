/* guestkit — virt-filesystems: the filesystems, partitions, block
 * devices and LVM objects of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-filesystems's output, in libguestfs's
 * layouts:
 *
 * - text: the shown columns left-aligned, each as wide as its widest
 *   cell, two spaces apart (one if that would pass 72 characters); an
 *   empty cell is C<->, a column with nothing in any row is left out;
 * - CSV: the same cells, quoted where needed, empty ones empty;
 * - JSON (ours): an array of objects with every column.
 *
 * Sizes are in bytes, or in df -h form with C<-h>; parents are joined
 * with commas.  Control characters in names and labels are shown as
 * C<?> in text.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "filesystems.h"

static const char *const headings[NR_COLUMNS] = {
  "Name", "Type", "VFS", "Label", "MBR", "Size", "Parent", "UUID",
};

/* The cells of one row: strings for the shown columns (NULL: none),
 * malloc'd. */
struct cells {
  char *s[NR_COLUMNS];
  size_t n;
};

static char *
dup_or_null (const char *s)
{
  return s ? fs_xstrdup (s) : NULL;
}

/* PARENTS joined with commas; "" for none. */
static char *
join_parents (char **parents)
{
  size_t len = 1;
  char *r;

  for (size_t i = 0; parents && parents[i]; i++)
    len += strlen (parents[i]) + 1;
  if ((r = calloc (len, 1)) == NULL)
    fs_oom ();
  for (size_t i = 0; parents && parents[i]; i++) {
    if (i > 0)
      strcat (r, ",");
    strcat (r, parents[i]);
  }
  return r;
}

static char *
size_cell (int64_t size)
{
  char buf[REPORT_HUMAN_MAX];

  if (size < 0)
    return NULL;
  if (fs_settings.human)
    return fs_xstrdup (report_human_size ((uint64_t) size, 1, buf));
  snprintf (buf, sizeof buf, "%" PRIi64, size);
  return fs_xstrdup (buf);
}

static char *
mbr_cell (int id)
{
  char buf[16];

  if (id < 0)
    return NULL;
  snprintf (buf, sizeof buf, "%02x", (unsigned) id);
  return fs_xstrdup (buf);
}

/* The cell of column COL for row R. */
static char *
cell (const struct fs_row *r, int col)
{
  switch (col) {
  case COL_NAME: return dup_or_null (r->name);
  case COL_TYPE: return dup_or_null (r->type);
  case COL_VFS: return dup_or_null (r->vfs);
  case COL_LABEL: return dup_or_null (r->label);
  case COL_MBR: return mbr_cell (r->mbr_id);
  case COL_SIZE: return size_cell (r->size);
  case COL_PARENTS: return join_parents (r->parents);
  default: return dup_or_null (r->uuid);
  }
}

/* The cells of R (or the headings if R is NULL). */
static void
make_cells (const struct fs_row *r, struct cells *c)
{
  c->n = 0;
  for (int col = 0; col < NR_COLUMNS; col++)
    if (fs_settings.columns[col])
      c->s[c->n++] = r ? cell (r, col) : fs_xstrdup (headings[col]);
}

static void
free_cells (struct cells *c)
{
  for (size_t i = 0; i < c->n; i++)
    free (c->s[i]);
}

static void
print_csv (const struct cells *c)
{
  for (size_t i = 0; i < c->n; i++) {
    if (i > 0)
      putchar (',');
    if (c->s[i])
      report_csv_field (stdout, c->s[i]);
  }
  putchar ('\n');
}

/* Print ROWS aligned. */
static void
print_text (const struct cells *rows, size_t n)
{
  size_t width[NR_COLUMNS] = { 0 }, total = 0, gap, pad;

  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < rows[i].n; j++)
      if (rows[i].s[j]) {
        size_t len = strlen (rows[i].s[j]);
        width[j] = len > width[j] ? len : width[j] ? width[j] : 1;
      }
  for (size_t j = 0; j < NR_COLUMNS; j++)
    total += width[j] + 2;
  gap = total > 72 ? 1 : 2;
  for (size_t i = 0; i < n; i++) {
    pad = 0;
    for (size_t j = 0; j < rows[i].n; j++) {
      const char *s = rows[i].s[j] && *rows[i].s[j] ? rows[i].s[j] : "-";

      if (width[j] == 0)
        continue;
      printf ("%*s", (int) pad, "");
      report_text (stdout, s);
      pad = width[j] - strlen (s) + gap;
    }
    putchar ('\n');
  }
}

static void
print_json_row (const struct fs_row *r, bool first)
{
  printf ("%s\n  {\"name\": ", first ? "" : ",");
  report_json_string (stdout, r->name);
  fputs (", \"type\": ", stdout);
  report_json_string (stdout, r->type);
  fputs (", \"vfs\": ", stdout);
  report_json_string (stdout, r->vfs);
  fputs (", \"label\": ", stdout);
  report_json_string (stdout, r->label);
  if (r->mbr_id >= 0)
    printf (", \"mbr\": \"%02x\"", (unsigned) r->mbr_id);
  else
    fputs (", \"mbr\": null", stdout);
  if (r->size >= 0)
    printf (", \"size\": %" PRIi64, r->size);
  else
    fputs (", \"size\": null", stdout);
  fputs (", \"parents\": [", stdout);
  for (size_t i = 0; r->parents && r->parents[i]; i++) {
    fputs (i > 0 ? ", " : "", stdout);
    report_json_string (stdout, r->parents[i]);
  }
  fputs ("], \"uuid\": ", stdout);
  report_json_string (stdout, r->uuid);
  putchar ('}');
}

static void
print_json (const struct fs_table *t)
{
  putchar ('[');
  for (size_t i = 0; i < t->nr_rows; i++)
    print_json_row (&t->rows[i], i == 0);
  fputs (t->nr_rows ? "\n]\n" : "]\n", stdout);
}

/** Print the rows of C<t> as C<fs_settings> says. */
void
fs_print (const struct fs_table *t)
{
  const size_t title = fs_settings.title ? 1 : 0, n = t->nr_rows + title;
  struct cells *rows;

  if (fs_settings.json) {
    print_json (t);
    return;
  }
  if ((rows = calloc (n ? n : 1, sizeof *rows)) == NULL)
    fs_oom ();
  for (size_t i = 0; i < n; i++)
    make_cells (i < title ? NULL : &t->rows[i - title], &rows[i]);
  if (fs_settings.csv)
    for (size_t i = 0; i < n; i++)
      print_csv (&rows[i]);
  else
    print_text (rows, n);
  for (size_t i = 0; i < n; i++)
    free_cells (&rows[i]);
  free (rows);
}
