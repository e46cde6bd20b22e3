/* guestkit — virt-ls: list files of a disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the fields of virt-ls's recursive long
 * listing, in its three forms: space-separated text (numbers padded
 * as libguestfs pads them), CSV (quoted where a field holds a space,
 * comma, quote or line break) and JSON (one object per file).  Guest
 * file names are hostile: when standard output is a terminal their
 * control characters are shown as C<?>, as L<ls(1)> does.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "ls.h"

/** Print C<s>, with control characters as C<?> on a terminal
 * (except line breaks when C<keep_newlines>). */
void
ls_put_safe (const struct ls *ls, const char *s, bool keep_newlines)
{
  if (!ls->tty) {
    fputs (s, stdout);
    return;
  }
  for (const unsigned char *p = (const unsigned char *) s; *p; ++p) {
    if ((*p < 0x20 && !(keep_newlines && *p == '\n')) || *p == 0x7f)
      putchar ('?');
    else
      putchar (*p);
  }
}

/** Begin the line (or JSON object) of one file. */
void
ls_start_entry (struct ls *ls)
{
  ls->field = 0;
  if (ls->json)
    jsonw_open (&ls->jw, '{');
}

void
ls_end_entry (struct ls *ls)
{
  if (ls->json)
    jsonw_close (&ls->jw, '}');
  else
    putchar ('\n');
}

static void
separator (struct ls *ls)
{
  if (ls->field++ > 0)
    putchar (ls->csv ? ',' : ' ');
}

static bool
csv_needs_quotes (const char *s)
{
  return strpbrk (s, " \",\n\r") != NULL;
}

static void
put_csv_quoted (const struct ls *ls, const char *s)
{
  char one[2] = { 0, 0 };

  putchar ('"');
  for (; *s; ++s) {
    if (*s == '"')
      putchar ('"');
    one[0] = *s;
    ls_put_safe (ls, one, true);
  }
  putchar ('"');
}

/** A string field; NULL is an empty CSV field, or JSON C<null>. */
void
ls_field_string (struct ls *ls, const char *key, const char *s)
{
  if (ls->json) {
    jsonw_key (&ls->jw, key);
    jsonw_string (&ls->jw, s);
    return;
  }
  separator (ls);
  if (s == NULL)
    return;
  if (ls->csv && csv_needs_quotes (s))
    put_csv_quoted (ls, s);
  else
    ls_put_safe (ls, s, false);
}

/** A number, right-aligned to C<width> in text (and in CSV when
 * C<csv_pads>, as libguestfs does for uids and times). */
void
ls_field_int (struct ls *ls, const char *key, int64_t v, int width,
              bool csv_pads)
{
  if (ls->json) {
    jsonw_key (&ls->jw, key);
    jsonw_int (&ls->jw, v);
    return;
  }
  separator (ls);
  printf ("%*" PRIi64, ls->csv && !csv_pads ? 0 : width, v);
}

/* SIZE the way ls -h shows it: powers of 1024, one decimal below 10,
 * rounded to nearest. */
static void
human_size (char *buf, size_t n, int64_t size)
{
  static const char units[] = "KMGTPEZY";
  double v = size;
  int u = -1;

  if (size < 1024) {
    snprintf (buf, n, "%" PRIi64, size);
    return;
  }
  while (v >= 1024 && u < 7) {
    v /= 1024;
    u++;
  }
  if (v < 9.95)
    snprintf (buf, n, "%.1f%c", v, units[u]);
  else if (v < 1023.5 || u == 7)
    snprintf (buf, n, "%.0f%c", v, units[u]);
  else
    snprintf (buf, n, "1.0%c", units[u + 1]);
}

/** The size field (C<-h>: human-readable, a string in JSON). */
void
ls_field_size (struct ls *ls, int64_t size)
{
  char buf[32];

  if (!ls->human) {
    ls_field_int (ls, "size", size, 10, false);
    return;
  }
  human_size (buf, sizeof buf, size);
  if (ls->json || ls->csv) {
    ls_field_string (ls, "size", buf);
    return;
  }
  separator (ls);
  printf ("%10s", buf);
}

/** A time field in the form the --time* options chose. */
void
ls_field_time (struct ls *ls, const char *key, int64_t secs)
{
  time_t t = (time_t) secs;
  struct tm tm;
  char buf[64];

  switch (ls->time_format) {
  case TIME_T:
    ls_field_int (ls, key, secs, 10, true);
    return;
  case TIME_RELATIVE:
    ls_field_int (ls, key, ls->now - secs, 8, true);
    return;
  case TIME_DAYS:
    ls_field_int (ls, key, (ls->now - secs) / 86400, 3, true);
    return;
  case TIME_DATE:
    break;
  }
  if (localtime_r (&t, &tm) == NULL ||
      strftime (buf, sizeof buf, "%F %T", &tm) == 0)
    snprintf (buf, sizeof buf, "%" PRIi64, secs);
  if (ls->json) {
    ls_field_string (ls, key, buf);
    return;
  }
  separator (ls);               /* unquoted in CSV too, as libguestfs */
  fputs (buf, stdout);
}

/** A device number as MAJOR:MINOR. */
void
ls_field_dev (struct ls *ls, const char *key, int64_t dev)
{
  char buf[48];

  snprintf (buf, sizeof buf, "%u:%u", major ((dev_t) dev),
            minor ((dev_t) dev));
  ls_field_string (ls, key, buf);
}

/** The target of a symbolic link: C<-E<gt> TARGET> in text. */
void
ls_field_link (struct ls *ls, const char *target)
{
  if (ls->json || ls->csv) {
    ls_field_string (ls, "link", target);
    return;
  }
  separator (ls);
  fputs ("-> ", stdout);
  ls_put_safe (ls, target, false);
}
