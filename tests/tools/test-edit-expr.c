/* guestkit — unit test of virt-edit's -e language (no appliance).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the unit test of F<tools/edit/expr.c>: each
 * case applies an expression to an input and compares the whole
 * result with what C<perl -pe EXPR> gives (the expected strings were
 * checked with Perl, except where noted), and each bad expression
 * must be refused with the expected message.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "tap.h"

struct good {
  const char *expr, *in, *out;
};

static const struct good goods[] = {
  /* the /etc/shadow example: non-greedy, per line */
  { "s/^root:.*?:/root::/",
    "root:$6$salt$hash:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n",
    "root::19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n" },
  { "s/a/b/", "aaa\naa\n", "baa\nba\n" },
  { "s/a/b/g", "aaa\naa\n", "bbb\nbb\n" },
  { "s/A/b/gi", "aAa\n", "bbb\n" },
  { "s|/usr|/opt|g", "/usr/bin:/usr/sbin\n", "/opt/bin:/opt/sbin\n" },
  { "s/\\/usr/\\/opt/", "/usr/bin\n", "/opt/bin\n" },
  { "s{(\\w+)=(\\w+)}{$2=$1}", "key=value\n", "value=key\n" },
  { "s<a> <b>", "cat\n", "cbt\n" },
  { "s/(\\w+) (\\w+)/\\2 \\1/", "hello world\n", "world hello\n" },
  { "s/(\\d+)/${1}0/g", "1 22\n", "10 220\n" },
  { "s/o+/[$&]/g", "foo boo\n", "f[oo] b[oo]\n" },
  { "s/x*/-/g", "abc\n", "-a-b-c-\n-" },
  { "s/$/;/", "a\nb", "a;\nb;" },
  { "s/^/# /", "one\ntwo\n", "# one\n# two\n" },
  { "s/\\n//", "a\nb\n", "ab" },
  { "s/ +/\\t/g", "a  b c\n", "a\tb\tc\n" },
  { "s/b.$/X/s", "ab\n", "aX" },
  { "s/b.$/X/", "ab\n", "ab\n" },
  { "s/b$/X/m", "ab\n", "aX\n" },
  { "s/ a \\s b # comment\n/X/x", "a b\n", "X\n" },
  { "s/a/b/; s/b/c/", "a\n", "c\n" },
  { "s/a/1/;s/1/2/g ; ", "aa\n", "2a\n" },
  { "s/(a)|(b)/[$2]/g", "ab\n", "[][b]\n" },
  { "s/\\$HOME/\\/root/", "$HOME/x\n", "/root/x\n" },
  { "s/x/\\$\\\\@/", "x\n", "$\\@\n" },
  /* not Perl: "@" is plain text here (Perl interpolates an array) */
  { "s/u/user@example.com/", "u\n", "user@example.com\n" },
  { "s/nomatch/X/", "keep\n", "keep\n" },
  { "s/a/b/", "", "" },
  { "s/\\x00/NUL/", "a\0b\n", "aNULb\n" },
};

struct bad {
  const char *expr, *msg;
};

static const struct bad bads[] = {
  { "", "empty expression" },
  { "y/a/b/", "expected s/REGEX/REPLACEMENT/FLAGS" },
  { "s/a/b", "unterminated expression: missing '/'" },
  { "s/a/b/e", "the flag 'e' is not supported (supported: g, i, m, s, x)" },
  { "s/(a/b/", "bad regular expression '(a' at offset 2: "
    "missing closing parenthesis" },
  { "s/a/$x/", "'$' in a replacement must be followed by a group "
    "number, {N} or '&' (write \\$ for a dollar)" },
  { "s/(a)/$2/", "the replacement refers to group 2, but the pattern "
    "has 1" },
  { "s/a/\\U$&/", "the escape '\\U' is not supported in replacements" },
  { "s/a/b/ x", "unexpected 'x' after the expression" },
  { "sa", "expected s/REGEX/REPLACEMENT/FLAGS" },
};

static void
check_good (const struct good *t, size_t inlen)
{
  char *err = NULL, *out, what[256];
  struct edit_expr *e = edit_expr_parse (t->expr, &err);
  size_t outlen = 0, want = strlen (t->out);

  snprintf (what, sizeof what, "%.*s", (int) strcspn (t->expr, "\n"),
            t->expr);
  if (e == NULL) {
    ok (0, what);
    printf ("# parse error: %s\n", err);
    free (err);
    return;
  }
  out = edit_expr_apply (e, t->in, inlen, &outlen, &err);
  ok (out && outlen == want && memcmp (out, t->out, want) == 0, what);
  if (out && (outlen != want || memcmp (out, t->out, want) != 0))
    printf ("# got: %.*s\n", (int) outlen, out);
  free (out);
  free (err);
  edit_expr_free (e);
}

static void
check_bad (const struct bad *t)
{
  char *err = NULL, what[256];
  struct edit_expr *e = edit_expr_parse (t->expr, &err);

  snprintf (what, sizeof what, "refused: '%s'", t->expr);
  ok (e == NULL && err && strcmp (err, t->msg) == 0, what);
  if (e == NULL && err && strcmp (err, t->msg) != 0)
    printf ("# message: %s\n", err);
  edit_expr_free (e);
  free (err);
}

int
main (void)
{
  for (size_t i = 0; i < sizeof goods / sizeof goods[0]; i++) {
    /* the case with a NUL in its input gives its length by hand */
    size_t len = strcmp (goods[i].expr, "s/\\x00/NUL/") == 0 ? 4
      : strlen (goods[i].in);
    check_good (&goods[i], len);
  }
  for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++)
    check_bad (&bads[i]);
  return tap_done ();
}
