/* guestkit — virt-df: free space on the filesystems of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-df's output, in libguestfs's layouts:
 *
 * - text: C<NAME:DEVICE> in 36 columns (a longer one gets a line of
 *   its own), then four right-aligned columns of 10, 10, 10 and 5;
 *   1K blocks, or sizes in df -h form with C<-h>, or inodes with
 *   C<-i>; the use rounded up to a whole percent;
 * - CSV: the guest and the device in columns of their own, the use
 *   with one decimal;
 * - JSON (ours): an array of objects with sizes in bytes and inode
 *   counts, whatever C<-h> and C<-i> say.
 *
 * Sizes are the statvfs block counts times its C<bsize>; values a
 * hostile appliance makes negative are shown as 0, products and
 * differences that do not fit saturate, and the use of a filesystem
 * claiming more free than total blocks is 0 (never below 0 or above
 * 100).
 */

#include <config.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "df.h"

struct df_settings df_settings;

/* Whether the next JSON object is the first. */
static bool json_first = true;

/** Print the header line (text, CSV) or open the array (JSON). */
void
df_print_title (void)
{
  const bool in = df_settings.inodes;
  const char *cols[6] = {
    "VirtualMachine", "Filesystem",
    in ? "Inodes" : df_settings.human ? "Size" : "1K-blocks",
    in ? "IUsed" : "Used", in ? "IFree" : "Available", in ? "IUse%" : "Use%",
  };

  if (df_settings.format == DF_JSON) {
    fputs ("[", stdout);
    return;
  }
  if (df_settings.format == DF_TEXT) {
    printf ("%-36s%10s %10s %10s %5s\n", cols[1], cols[2], cols[3], cols[4],
            cols[5]);
    return;
  }
  for (size_t i = 0; i < 6; i++) {
    if (i > 0)
      putchar (',');
    report_csv_field (stdout, cols[i]);
  }
  putchar ('\n');
}

static uint64_t
nonneg (int64_t v)
{
  return v < 0 ? 0 : (uint64_t) v;
}

/* TOTAL - FREE (the used count), never negative: a FREE above TOTAL
 * gives 0, an overflow INT64_MAX. */
static int64_t
used (int64_t total, int64_t free)
{
  int64_t r;

  if (__builtin_sub_overflow (total, free, &r))
    return total > free ? INT64_MAX : 0;
  return r < 0 ? 0 : r;
}

/* N blocks of BSIZE bytes in 1K blocks (at most 2^64-1). */
static uint64_t
kblocks (int64_t n, int64_t bsize)
{
  uint64_t r;

  if (bsize >= 1024)
    return __builtin_mul_overflow (nonneg (n), nonneg (bsize) / 1024, &r)
           ? UINT64_MAX : r;
  return bsize > 0 ? nonneg (n) / (1024 / (uint64_t) bsize) : 0;
}

/* N blocks of BSIZE bytes in bytes (at most 2^64-1). */
static uint64_t
bytes (int64_t n, int64_t bsize)
{
  uint64_t r;

  return __builtin_mul_overflow (nonneg (n), nonneg (bsize), &r)
         ? UINT64_MAX : r;
}

/* The use in percent, computed in float as libguestfs does (so that
 * the rounding of the shown value is the same). */
static float
percent (int64_t total, int64_t free)
{
  if (total <= 0 || free > total)
    return 0;
  if (free < 0)
    return 100;
  return (float) (100. - 100. * free / total);
}

/* Fill the four data columns of ST into COLS. */
static void
data_columns (const struct guestfs_statvfs *st, char cols[4][32])
{
  const struct df_settings *s = &df_settings;
  float pc;

  if (s->inodes) {
    snprintf (cols[0], 32, "%" PRIu64, nonneg (st->files));
    snprintf (cols[1], 32, "%" PRIu64, nonneg (used (st->files, st->ffree)));
    snprintf (cols[2], 32, "%" PRIu64, nonneg (st->ffree));
    pc = percent (st->files, st->ffree);
  } else if (s->human) {
    report_human_size (nonneg (st->blocks), nonneg (st->bsize), cols[0]);
    report_human_size (nonneg (used (st->blocks, st->bfree)),
                       nonneg (st->bsize), cols[1]);
    report_human_size (nonneg (st->bavail), nonneg (st->bsize), cols[2]);
    pc = percent (st->blocks, st->bfree);
  } else {
    snprintf (cols[0], 32, "%" PRIu64, kblocks (st->blocks, st->bsize));
    snprintf (cols[1], 32, "%" PRIu64,
              kblocks (used (st->blocks, st->bfree), st->bsize));
    snprintf (cols[2], 32, "%" PRIu64, kblocks (st->bavail, st->bsize));
    pc = percent (st->blocks, st->bfree);
  }
  if (s->format == DF_TEXT)
    snprintf (cols[3], 32, "%3.0f%%", ceil (pc));
  else
    snprintf (cols[3], 32, "%.1f", (double) pc);
}

static void
print_text_row (const char *name, const struct df_row *r, char cols[4][32])
{
  size_t len = strlen (name) + 1 + strlen (r->dev);

  report_text (stdout, name);
  putchar (':');
  report_text (stdout, r->dev);
  if (len <= 36)
    printf ("%*s", (int) (36 - len), "");
  else
    printf ("\n%36s", "");
  printf ("%10s %10s %10s %5s\n", cols[0], cols[1], cols[2], cols[3]);
}

static void
print_csv_row (const char *name, const struct df_row *r, char cols[4][32])
{
  report_csv_field (stdout, name);
  putchar (',');
  report_csv_field (stdout, r->dev);
  for (size_t i = 0; i < 4; i++) {
    putchar (',');
    report_csv_field (stdout, cols[i]);
  }
  putchar ('\n');
}

static void
print_json_row (const struct df_guest *g, const struct df_row *r)
{
  const struct guestfs_statvfs *st = &r->st;

  printf ("%s\n  {\"guest\": ", json_first ? "" : ",");
  json_first = false;
  report_json_string (stdout, g->name);
  fputs (", \"uuid\": ", stdout);
  report_json_string (stdout, g->uuid);
  fputs (", \"filesystem\": ", stdout);
  report_json_string (stdout, r->dev);
  printf (", \"size\": %" PRIu64 ", \"used\": %" PRIu64
          ", \"available\": %" PRIu64 ", \"use_percent\": %.1f",
          bytes (st->blocks, st->bsize),
          bytes (used (st->blocks, st->bfree), st->bsize),
          bytes (st->bavail, st->bsize),
          (double) percent (st->blocks, st->bfree));
  printf (", \"inodes\": %" PRIu64 ", \"inodes_used\": %" PRIu64
          ", \"inodes_free\": %" PRIu64 ", \"inodes_use_percent\": %.1f}",
          nonneg (st->files), nonneg (used (st->files, st->ffree)),
          nonneg (st->ffree), (double) percent (st->files, st->ffree));
}

/** Print the rows of C<guest>, named by its UUID with C<--uuid> where
 * it has one. */
void
df_print_guest (const struct df_guest *guest)
{
  const char *name = df_settings.uuid && guest->uuid ? guest->uuid
                                                     : guest->name;
  char cols[4][32];

  for (size_t i = 0; i < guest->nr_rows; i++) {
    if (df_settings.format == DF_JSON) {
      print_json_row (guest, &guest->rows[i]);
      continue;
    }
    data_columns (&guest->rows[i].st, cols);
    if (df_settings.format == DF_TEXT)
      print_text_row (name, &guest->rows[i], cols);
    else
      print_csv_row (name, &guest->rows[i], cols);
  }
  fflush (stdout);
}

/** Close the JSON array (nothing for the other formats). */
void
df_print_end (void)
{
  if (df_settings.format == DF_JSON)
    fputs (json_first ? "]\n" : "\n]\n", stdout);
  fflush (stdout);
}
