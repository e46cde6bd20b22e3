/* guestkit — common/options: a small streaming JSON writer for --json.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the JSON output of the tools' C<--json>
 * options: one document written as it is built (objects, arrays,
 * strings, integers), indented two spaces per level, and the UTF-8
 * checks that keep hostile guest strings from breaking it.  Bytes
 * that are not valid UTF-8 become U+FFFD; control characters are
 * escaped.  The same checks give XML-safe copies of strings.
 */

#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

/** Start a document on C<fp>. */
void
jsonw_init (struct jsonw *j, FILE *fp)
{
  memset (j, 0, sizeof *j);
  j->fp = fp;
  j->empty[0] = true;
}

static void
newline (struct jsonw *j)
{
  fputc ('\n', j->fp);
  for (unsigned i = 0; i < j->depth; ++i)
    fputs ("  ", j->fp);
}

/* Separators before a value (or a key) at the current level. */
static void
before_value (struct jsonw *j)
{
  if (j->after_key) {
    j->after_key = false;
    return;
  }
  if (j->depth > 0) {
    if (!j->empty[j->depth])
      fputc (',', j->fp);
    newline (j);
  }
  j->empty[j->depth] = false;
}

/** Open an array (C<'['>) or an object (C<'{'>). */
void
jsonw_open (struct jsonw *j, char bracket)
{
  before_value (j);
  fputc (bracket, j->fp);
  if (j->depth < JSONW_MAX_DEPTH)
    j->depth++;
  j->empty[j->depth] = true;
}

/** Close the innermost array (C<']'>) or object (C<'}'>). */
void
jsonw_close (struct jsonw *j, char bracket)
{
  bool empty = j->empty[j->depth];

  if (j->depth > 0)
    j->depth--;
  if (!empty)
    newline (j);
  fputc (bracket, j->fp);
}

/**
 * The length of the valid UTF-8 sequence at C<s> (at most C<n>
 * bytes), or 0 if it is not one: overlong forms, surrogates and
 * values past U+10FFFF are refused.
 */
size_t
utf8_valid_len (const unsigned char *s, size_t n)
{
  size_t len;
  uint32_t c;

  if (n == 0)
    return 0;
  if (s[0] < 0x80)
    return 1;
  if (s[0] >= 0xc2 && s[0] <= 0xdf)
    len = 2, c = s[0] & 0x1f;
  else if (s[0] >= 0xe0 && s[0] <= 0xef)
    len = 3, c = s[0] & 0x0f;
  else if (s[0] >= 0xf0 && s[0] <= 0xf4)
    len = 4, c = s[0] & 0x07;
  else
    return 0;
  if (len > n)
    return 0;
  for (size_t i = 1; i < len; ++i) {
    if ((s[i] & 0xc0) != 0x80)
      return 0;
    c = (c << 6) | (s[i] & 0x3f);
  }
  if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
      (len == 4 && (c < 0x10000 || c > 0x10ffff)))
    return 0;
  return len;
}

static void
escape_byte (struct jsonw *j, unsigned char c)
{
  switch (c) {
  case '"': fputs ("\\\"", j->fp); break;
  case '\\': fputs ("\\\\", j->fp); break;
  case '\n': fputs ("\\n", j->fp); break;
  case '\r': fputs ("\\r", j->fp); break;
  case '\t': fputs ("\\t", j->fp); break;
  case '\b': fputs ("\\b", j->fp); break;
  case '\f': fputs ("\\f", j->fp); break;
  default:
    if (c < 0x20 || c == 0x7f)
      fprintf (j->fp, "\\u%04x", c);
    else
      fputc (c, j->fp);
  }
}

static void
write_string (struct jsonw *j, const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *) s;
  size_t i = 0, len;

  fputc ('"', j->fp);
  while (i < n) {
    len = utf8_valid_len (p + i, n - i);
    if (len == 0) {
      fputs ("\\ufffd", j->fp);
      i++;
    } else if (len == 1) {
      escape_byte (j, p[i++]);
    } else {
      fwrite (p + i, 1, len, j->fp);
      i += len;
    }
  }
  fputc ('"', j->fp);
}

/** Write C<s> alone as a JSON string to C<fp> (C<null> if C<s> is
 * NULL), outside any document. */
void
jsonw_write_string (FILE *fp, const char *s)
{
  struct jsonw j = { .fp = fp };

  if (s == NULL)
    fputs ("null", fp);
  else
    write_string (&j, s, strlen (s));
}

/** Write the key of the next member of an object. */
void
jsonw_key (struct jsonw *j, const char *key)
{
  before_value (j);
  write_string (j, key, strlen (key));
  fputs (": ", j->fp);
  j->after_key = true;
}

/** A string value; C<NULL> writes C<null>. */
void
jsonw_string (struct jsonw *j, const char *s)
{
  if (s == NULL)
    jsonw_null (j);
  else
    jsonw_string_len (j, s, strlen (s));
}

/** A string value of C<len> bytes (which may hold NULs). */
void
jsonw_string_len (struct jsonw *j, const char *s, size_t len)
{
  before_value (j);
  write_string (j, s, len);
}

void
jsonw_int (struct jsonw *j, int64_t v)
{
  before_value (j);
  fprintf (j->fp, "%" PRIi64, v);
}

void
jsonw_bool (struct jsonw *j, bool v)
{
  before_value (j);
  fputs (v ? "true" : "false", j->fp);
}

void
jsonw_null (struct jsonw *j)
{
  before_value (j);
  fputs ("null", j->fp);
}

/** End the document with a newline.  0, or -1 if writing failed. */
int
jsonw_finish (struct jsonw *j)
{
  fputc ('\n', j->fp);
  return fflush (j->fp) == 0 && !ferror (j->fp) ? 0 : -1;
}

/**
 * A copy of C<s> (malloc'd; NULL when out of memory) in which every
 * byte that is not valid UTF-8 is replaced by U+FFFD, and, with
 * C<xml>, every control character XML 1.0 forbids too (all below
 * space but tab, newline and carriage return).
 */
char *
utf8_sanitize (const char *s, bool xml)
{
  const unsigned char *p = (const unsigned char *) s;
  size_t n = strlen (s), i = 0, o = 0, len;
  char *ret = malloc (3 * n + 1);

  if (ret == NULL)
    return NULL;
  while (i < n) {
    len = utf8_valid_len (p + i, n - i);
    if (len == 0 || (xml && len == 1 && p[i] < 0x20 && p[i] != '\t' &&
                     p[i] != '\n' && p[i] != '\r')) {
      memcpy (ret + o, "\xef\xbf\xbd", 3);
      o += 3;
      i++;
    } else {
      memcpy (ret + o, p + i, len);
      o += len;
      i += len;
    }
  }
  ret[o] = '\0';
  return ret;
}
