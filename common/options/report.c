/* guestkit — common/options: output helpers of the reporting tools.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements what virt-df and virt-filesystems print with:
 * sizes in the human-readable form of df(1) and libguestfs's tools
 * (powers of 1024, one decimal below 10, rounded to nearest, ties to
 * even), CSV fields quoted as libguestfs quotes them, JSON strings
 * and text cells.  Names come from the guest and are hostile: CSV and
 * JSON keep every byte (quoted or escaped), text output shows control
 * characters as C<?> so a name cannot forge lines or send terminal
 * escapes.
 */

#include <config.h>

#include <stdbool.h>
#include <string.h>

#include "jsonw.h"
#include "report.h"

/* Divide AMT by 1024 until it is below 1024, keeping the first
 * decimal in *TENTHS and what is left in *ROUNDING (0: exact, 1: below
 * a half tenth, 2: a half, 3: above), as gnulib's human.c does. */
static int
scale_down (uint64_t *amt, unsigned *tenths, unsigned *rounding)
{
  int exponent = 0;

  while (*amt >= 1024 && exponent < 8) {
    unsigned r10 = (unsigned) (*amt % 1024) * 10 + *tenths;
    unsigned r2 = (r10 % 1024) * 2 + (*rounding >> 1);

    *amt /= 1024;
    *tenths = r10 / 1024;
    *rounding = r2 < 1024 ? (r2 + *rounding) != 0
                          : 2 + (1024 < r2 + *rounding);
    exponent++;
  }
  return exponent;
}

/**
 * Write C<n> units of C<unit> bytes as df -h does ("484M", "7.4G",
 * "0") into C<buf>; returns C<buf>.  A product past 2^64-1 is shown
 * as 2^64-1 bytes.
 */
const char *
report_human_size (uint64_t n, uint64_t unit, char buf[REPORT_HUMAN_MAX])
{
  static const char letters[] = "\0KMGTPEZY";
  uint64_t amt;
  unsigned tenths = 0, rounding = 0;
  int exponent, decimal = -1;

  if (__builtin_mul_overflow (n, unit, &amt))
    amt = UINT64_MAX;
  exponent = scale_down (&amt, &tenths, &rounding);
  if (exponent > 0 && amt < 10) {
    if (2 < rounding + (tenths & 1) && ++tenths == 10) {
      amt++;
      tenths = 0;
    }
    if (amt < 10) {
      decimal = (int) tenths;
      tenths = rounding = 0;
    }
  }
  if (5 < tenths + (0 < rounding + (amt & 1))) {
    amt++;
    if (amt == 1024 && exponent < 8) {
      exponent++;
      amt = 1;
      decimal = 0;
    }
  }
  snprintf (buf, REPORT_HUMAN_MAX, "%llu%s%.*d%.1s",
            (unsigned long long) amt, decimal >= 0 ? "." : "",
            decimal >= 0 ? 1 : 0, decimal >= 0 ? decimal : 0,
            exponent > 0 ? &letters[exponent] : "");
  return buf;
}

/** Write C<field> as a CSV field: as it is, or in double quotes (with
 * quotes doubled) if it holds a space, a quote, a comma or a control
 * character. */
void
report_csv_field (FILE *fp, const char *field)
{
  bool quote = false;

  for (const unsigned char *p = (const unsigned char *) field; *p; p++)
    if (*p == ' ' || *p == '"' || *p == ',' || *p < 0x20 || *p == 0x7f)
      quote = true;
  if (!quote) {
    fputs (field, fp);
    return;
  }
  fputc ('"', fp);
  for (const char *p = field; *p; p++) {
    if (*p == '"')
      fputc ('"', fp);
    fputc (*p, fp);
  }
  fputc ('"', fp);
}

/** Write C<s> as a JSON string (C<null> if C<s> is NULL), as the
 * JSON writer of jsonw.c does: bytes that are not valid UTF-8 become
 * U+FFFD. */
void
report_json_string (FILE *fp, const char *s)
{
  jsonw_write_string (fp, s);
}

/** Write C<s> for a person to read: control characters become C<?>. */
void
report_text (FILE *fp, const char *s)
{
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    fputc (*p < 0x20 || *p == 0x7f ? '?' : *p, fp);
}

