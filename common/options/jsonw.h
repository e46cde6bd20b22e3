/* guestkit — common/options: a small streaming JSON writer for --json.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUESTKIT_JSONW_H
#define GUESTKIT_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 32

/** A JSON document being written to C<fp>, pretty-printed with two
 * spaces per level.  Nesting deeper than C<JSONW_MAX_DEPTH> is a
 * programming error (the tools' documents are a few levels deep). */
struct jsonw {
  FILE *fp;
  unsigned depth;
  bool after_key;                  /* the next value follows "key": */
  bool empty[JSONW_MAX_DEPTH + 1]; /* nothing written yet at a level */
};

void jsonw_init (struct jsonw *j, FILE *fp);
void jsonw_open (struct jsonw *j, char bracket);
void jsonw_close (struct jsonw *j, char bracket);
void jsonw_key (struct jsonw *j, const char *key);
void jsonw_string (struct jsonw *j, const char *s);
void jsonw_string_len (struct jsonw *j, const char *s, size_t len);
void jsonw_int (struct jsonw *j, int64_t v);
void jsonw_bool (struct jsonw *j, bool v);
void jsonw_null (struct jsonw *j);
int jsonw_finish (struct jsonw *j);
void jsonw_write_string (FILE *fp, const char *s);

size_t utf8_valid_len (const unsigned char *s, size_t n);
char *utf8_sanitize (const char *s, bool xml);

#endif
