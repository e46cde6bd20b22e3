/* guestkit — virt-edit: the -e substitution language.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the C<-e> expressions of virt-edit: the
 * common subset of Perl that libguestfs users write there, on top of
 * PCRE2.  An expression is one or more C<s/REGEX/REPLACEMENT/FLAGS>
 * separated by C<;>.  Any punctuation may delimit (C<s|a|b|>), and
 * the brackets pair up (C<s{a}{b}>).  Flags: C<g> (every match),
 * C<i>, C<m>, C<s>, C<x> (as in Perl).  The replacement knows C<$1>,
 * C<${1}>, C<\1>, C<$&> and the escapes C<\n \t \r \f \a \e \0>;
 * anything else Perl would interpolate is an error here, so that a
 * bad expression is refused before the file is touched.  The
 * expressions are applied in turn to each line, newline included, as
 * C<perl -pe> does.
 */

#include <config.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "expr.h"

/* A piece of the replacement: a literal or a capture group. */
struct piece {
  int group;                    /* -1: the literal */
  char *text;
  size_t len;
};

struct subst {
  pcre2_code *re;
  pcre2_match_data *md;
  bool global;
  struct piece *pieces;
  size_t nr_pieces;
};

struct edit_expr {
  struct subst *subs;
  size_t nr_subs;
};

/* A growing byte buffer. */
struct buf {
  char *p;
  size_t len, cap;
};

static int
buf_add (struct buf *b, const char *s, size_t n)
{
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    char *p;

    while (cap < b->len + n + 1)
      cap *= 2;
    p = realloc (b->p, cap);
    if (p == NULL)
      return -1;
    b->p = p;
    b->cap = cap;
  }
  memcpy (b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
  return 0;
}

/* Set *ERR to a formatted message; returns -1. */
static int __attribute__((format (printf, 2, 3)))
fail (char **err, const char *fs, ...)
{
  va_list ap;

  va_start (ap, fs);
  if (vasprintf (err, fs, ap) == -1)
    *err = NULL;
  va_end (ap);
  return -1;
}

static char
closing_of (char open)
{
  switch (open) {
  case '(': return ')';
  case '[': return ']';
  case '{': return '}';
  case '<': return '>';
  }
  return open;
}

/* Read the text after the opening delimiter OPEN at *P up to its
 * closing one into OUT (a backslash before a delimiter is dropped,
 * other escapes are kept); *P is left after the closing delimiter. */
static int
read_part (const char **p, char open, struct buf *out, char **err)
{
  char close = closing_of (open);
  int depth = 0;
  const char *s = *p;

  for (; *s; s++) {
    if (*s == '\\' && s[1] != '\0') {
      bool delim = s[1] == open || s[1] == close;
      if (buf_add (out, delim ? s + 1 : s, delim ? 1 : 2) == -1)
        return fail (err, "out of memory");
      s++;
      continue;
    }
    if (*s == close && depth == 0) {
      *p = s + 1;
      if (out->p == NULL && buf_add (out, "", 0) == -1)
        return fail (err, "out of memory");
      return 0;
    }
    if (open != close && *s == open)
      depth++;
    else if (open != close && *s == close)
      depth--;
    if (buf_add (out, s, 1) == -1)
      return fail (err, "out of memory");
  }
  return fail (err, "unterminated expression: missing '%c'", close);
}

static int
add_piece (struct subst *s, int group, const char *text, size_t len)
{
  struct piece *p = realloc (s->pieces, (s->nr_pieces + 1) * sizeof *p);

  if (p == NULL)
    return -1;
  s->pieces = p;
  p = &s->pieces[s->nr_pieces];
  *p = (struct piece) { .group = group, .len = len };
  if (group < 0) {
    p->text = malloc (len + 1);
    if (p->text == NULL)
      return -1;
    memcpy (p->text, text, len);
    p->text[len] = '\0';
  }
  s->nr_pieces++;
  return 0;
}

/* The byte an escape \C stands for in a replacement, or -1 if the
 * escape is not supported. */
static int
escape_char (char c)
{
  static const char from[] = "ntrfae0", to[] = "\n\t\r\f\a\x1b";

  if (strchr ("ULEulQ", c))
    return -1;
  if (c == '0')
    return '\0';
  if (strchr (from, c))
    return to[strchr (from, c) - from];
  return (unsigned char) c;
}

/* Parse a $ reference at S (after the '$'): $N, ${N} or $&.  Returns
 * the group, with *USED the characters read, or -1. */
static int
dollar_ref (const char *s, size_t *used)
{
  char *end;
  long n;

  if (*s == '&') {
    *used = 1;
    return 0;
  }
  if (*s == '{' && isdigit ((unsigned char) s[1])) {
    n = strtol (s + 1, &end, 10);
    if (*end != '}' || n > 65535)
      return -1;
    *used = end + 1 - s;
    return (int) n;
  }
  if (isdigit ((unsigned char) *s)) {
    n = strtol (s, &end, 10);
    if (n > 65535)
      return -1;
    *used = end - s;
    return (int) n;
  }
  return -1;
}

/* Split the replacement R (LEN bytes) into pieces of S.  NGROUPS is
 * the number of capture groups of the pattern. */
static int
parse_replacement (struct subst *s, const char *r, size_t len,
                   unsigned ngroups, char **err)
{
  struct buf lit = { 0 };
  size_t i = 0, used;
  int group = -1, c;

  while (i < len) {
    group = -1;
    if (r[i] == '\\' && i + 1 < len) {
      if (r[i + 1] >= '1' && r[i + 1] <= '9') {
        group = r[i + 1] - '0';
        used = 2;
      } else if ((c = escape_char (r[i + 1])) == -1) {
        free (lit.p);
        return fail (err, "the escape '\\%c' is not supported in "
                     "replacements", r[i + 1]);
      } else {
        char ch = (char) c;
        if (buf_add (&lit, &ch, 1) == -1)
          goto oom;
        i += 2;
        continue;
      }
    } else if (r[i] == '$') {
      group = dollar_ref (r + i + 1, &used);
      if (group == -1) {
        free (lit.p);
        return fail (err, "'$' in a replacement must be followed by a "
                     "group number, {N} or '&' (write \\$ for a dollar)");
      }
      used++;
    } else {
      if (buf_add (&lit, r + i, 1) == -1)
        goto oom;
      i++;
      continue;
    }
    if ((unsigned) group > ngroups) {
      free (lit.p);
      return fail (err, "the replacement refers to group %d, but the "
                   "pattern has %u", group, ngroups);
    }
    if ((lit.len > 0 && add_piece (s, -1, lit.p, lit.len) == -1) ||
        add_piece (s, group, NULL, 0) == -1)
      goto oom;
    lit.len = 0;
    i += used;
  }
  if (lit.len > 0 && add_piece (s, -1, lit.p, lit.len) == -1)
    goto oom;
  free (lit.p);
  return 0;
 oom:
  free (lit.p);
  return fail (err, "out of memory");
}

/* Parse the flags at *P into the PCRE2 options and S->global. */
static int
parse_flags (const char **p, struct subst *s, uint32_t *opts, char **err)
{
  for (; isalpha ((unsigned char) **p); (*p)++) {
    switch (**p) {
    case 'g': s->global = true; break;
    case 'i': *opts |= PCRE2_CASELESS; break;
    case 'm': *opts |= PCRE2_MULTILINE; break;
    case 's': *opts |= PCRE2_DOTALL; break;
    case 'x': *opts |= PCRE2_EXTENDED; break;
    default:
      return fail (err, "the flag '%c' is not supported "
                   "(supported: g, i, m, s, x)", **p);
    }
  }
  return 0;
}

static int
compile (struct subst *s, const char *pattern, uint32_t opts, char **err)
{
  int code;
  PCRE2_SIZE off;
  PCRE2_UCHAR msg[256];

  s->re = pcre2_compile ((PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED, opts,
                         &code, &off, NULL);
  if (s->re == NULL) {
    pcre2_get_error_message (code, msg, sizeof msg);
    return fail (err, "bad regular expression '%s' at offset %zu: %s",
                 pattern, (size_t) off, (char *) msg);
  }
  s->md = pcre2_match_data_create_from_pattern (s->re, NULL);
  if (s->md == NULL)
    return fail (err, "out of memory");
  return 0;
}

/* The delimiter after 's' at *P, or 0 after an error. */
static char
opening_delim (const char **p, char **err)
{
  char d = **p;

  if (d == '\0' || isalnum ((unsigned char) d) ||
      isspace ((unsigned char) d) || d == '\\' || d == ';') {
    fail (err, "expected s/REGEX/REPLACEMENT/FLAGS");
    return 0;
  }
  (*p)++;
  return d;
}

/* Parse one s/// at *P into S. */
static int
parse_subst (const char **p, struct subst *s, char **err)
{
  struct buf pat = { 0 }, rep = { 0 };
  uint32_t opts = 0, ngroups = 0;
  char d;
  int r = -1;

  if (**p != 's')
    return fail (err, "expected s/REGEX/REPLACEMENT/FLAGS");
  (*p)++;
  if ((d = opening_delim (p, err)) == 0 || read_part (p, d, &pat, err) == -1)
    goto out;
  if (d != closing_of (d)) {
    while (isspace ((unsigned char) **p))
      (*p)++;
    if ((d = opening_delim (p, err)) == 0)
      goto out;
  }
  if (read_part (p, d, &rep, err) == -1 ||
      parse_flags (p, s, &opts, err) == -1 ||
      compile (s, pat.p, opts, err) == -1)
    goto out;
  pcre2_pattern_info (s->re, PCRE2_INFO_CAPTURECOUNT, &ngroups);
  r = parse_replacement (s, rep.p, rep.len, ngroups, err);
 out:
  free (pat.p);
  free (rep.p);
  return r;
}

struct edit_expr *
edit_expr_parse (const char *text, char **err)
{
  struct edit_expr *e = calloc (1, sizeof *e);
  const char *p = text;
  struct subst *subs;

  *err = NULL;
  if (e == NULL)
    return fail (err, "out of memory"), NULL;
  for (;;) {
    while (isspace ((unsigned char) *p) || *p == ';')
      p++;
    if (*p == '\0')
      break;
    subs = realloc (e->subs, (e->nr_subs + 1) * sizeof *subs);
    if (subs == NULL) {
      fail (err, "out of memory");
      goto error;
    }
    e->subs = subs;
    subs[e->nr_subs++] = (struct subst) { 0 };
    if (parse_subst (&p, &subs[e->nr_subs - 1], err) == -1)
      goto error;
    while (isspace ((unsigned char) *p))
      p++;
    if (*p != '\0' && *p != ';') {
      fail (err, "unexpected '%c' after the expression", *p);
      goto error;
    }
  }
  if (e->nr_subs == 0) {
    fail (err, "empty expression");
    goto error;
  }
  return e;
 error:
  edit_expr_free (e);
  return NULL;
}

void
edit_expr_free (struct edit_expr *e)
{
  if (e == NULL)
    return;
  for (size_t i = 0; i < e->nr_subs; i++) {
    for (size_t j = 0; j < e->subs[i].nr_pieces; j++)
      free (e->subs[i].pieces[j].text);
    free (e->subs[i].pieces);
    pcre2_match_data_free (e->subs[i].md);
    pcre2_code_free (e->subs[i].re);
  }
  free (e->subs);
  free (e);
}

/* Append the replacement of S for the match in S->md of SUBJ. */
static int
add_replacement (const struct subst *s, const char *subj, struct buf *out)
{
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer (s->md);
  uint32_t n = pcre2_get_ovector_count (s->md);

  for (size_t i = 0; i < s->nr_pieces; i++) {
    const struct piece *p = &s->pieces[i];
    uint32_t g = (uint32_t) p->group;

    if (p->group < 0) {
      if (buf_add (out, p->text, p->len) == -1)
        return -1;
    } else if (g < n && ov[2 * g] != PCRE2_UNSET &&
               buf_add (out, subj + ov[2 * g],
                        ov[2 * g + 1] - ov[2 * g]) == -1)
      return -1;
  }
  return 0;
}

/* Apply S to SUBJ (LEN bytes), appending the result to OUT.  An empty
 * match is retried as non-empty at the same place, as Perl does. */
static int
subst_line (const struct subst *s, const char *subj, size_t len,
            struct buf *out, char **err)
{
  size_t start = 0, copied = 0;
  uint32_t opts = 0;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer (s->md);
  int rc;

  while (start <= len) {
    rc = pcre2_match (s->re, (PCRE2_SPTR) subj, len, start, opts, s->md,
                      NULL);
    if (rc == PCRE2_ERROR_NOMATCH && opts != 0 && start < len) {
      start++;
      opts = 0;
      continue;
    }
    if (rc == PCRE2_ERROR_NOMATCH)
      break;
    if (rc < 0)
      return fail (err, "matching failed (error %d)", rc);
    if (buf_add (out, subj + copied, ov[0] - copied) == -1 ||
        add_replacement (s, subj, out) == -1)
      return fail (err, "out of memory");
    copied = ov[1];
    if (!s->global)
      break;
    start = ov[1];
    opts = ov[0] == ov[1] ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
  }
  if (buf_add (out, subj + copied, len - copied) == -1)
    return fail (err, "out of memory");
  return 0;
}

/* Apply every substitution of E in turn to the line LINE. */
static int
edit_line (const struct edit_expr *e, const char *line, size_t len,
           struct buf *out, char **err)
{
  struct buf cur = { 0 }, next = { 0 };
  int r = -1;

  if (buf_add (&cur, line, len) == -1) {
    fail (err, "out of memory");
    goto out;
  }
  for (size_t i = 0; i < e->nr_subs; i++) {
    next.len = 0;
    if (subst_line (&e->subs[i], cur.p, cur.len, &next, err) == -1)
      goto out;
    struct buf t = cur;
    cur = next;
    next = t;
  }
  r = buf_add (out, cur.p, cur.len) == -1 ? fail (err, "out of memory") : 0;
 out:
  free (cur.p);
  free (next.p);
  return r;
}

char *
edit_expr_apply (const struct edit_expr *e, const char *in, size_t len,
                 size_t *outlen, char **err)
{
  struct buf out = { 0 };
  const char *nl;
  size_t n;

  *err = NULL;
  if (buf_add (&out, "", 0) == -1)
    return fail (err, "out of memory"), NULL;
  for (size_t i = 0; i < len; i += n) {
    nl = memchr (in + i, '\n', len - i);
    n = nl ? (size_t) (nl - (in + i)) + 1 : len - i;
    if (edit_line (e, in + i, n, &out, err) == -1) {
      free (out.p);
      return NULL;
    }
  }
  *outlen = out.len;
  return out.p;
}
