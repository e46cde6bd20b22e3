/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the commands that describe a file's bytes for
 * people: C<hexdump>, C<strings>, C<strings_e>, C<wc_l>, C<wc_w> and
 * C<wc_c>.  The programs read the opened guest file on their standard
 * input (strings(1) always with C<-a>, so no object-file parser ever
 * looks at guest data) and their output is bounded by the protocol
 * limit.
 */

#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "actions.h"
#include "content.h"

/* Run ARGV over the guest file PATH; its output goes to *OUT_R and
 * *LEN_R.  Returns 0, or -1 after replying. */
static int
run_over (const char *path, const char *const *argv, char **out_r,
          size_t *len_r)
{
  CLEANUP_CLOSE int fd = content_open_read (path);
  CLEANUP_FREE char *err = NULL;
  int r;

  if (fd == -1)
    return -1;
  r = content_run (fd, -1, argv, out_r, len_r, &err);
  if (r == -1)
    return -1;
  if (r != 0) {
    free (*out_r);
    *out_r = NULL;
    trim_newline (err);
    reply_with_error ("%s: %s", path, err && *err ? err : "failed");
    return -1;
  }
  return 0;
}

/**
 * Return the canonical hex dump (C<hexdump -C>) of C<path>.
 */
char *
do_hexdump (const char *path)
{
  const char *argv[] = { "hexdump", "-C", NULL };
  char *out;
  size_t len;

  if (run_over (path, argv, &out, &len) == -1)
    return NULL;
  return out;
}

/**
 * Return the printable strings of C<path> in the character
 * C<encoding> (one of C<s S b l B L>, as strings(1) takes them).
 */
char **
do_strings_e (const char *encoding, const char *path)
{
  const char *argv[] = { "strings", "-a", "-e", encoding, NULL };
  CLEANUP_FREE char *out = NULL;
  size_t len;

  if (strlen (encoding) != 1 || strchr ("sSbBlL", encoding[0]) == NULL) {
    reply_with_error ("%s: unknown encoding, use one of s S b l B L",
                      encoding);
    return NULL;
  }
  if (run_over (path, argv, &out, &len) == -1)
    return NULL;
  return content_lines (out, len);
}

/**
 * Return the printable 7-bit strings of C<path>.
 */
char **
do_strings (const char *path)
{
  return do_strings_e ("s", path);
}

/* Run "wc OPT" over PATH and return the count, or -1 after
 * replying. */
static int
wc (const char *opt, const char *path)
{
  const char *argv[] = { "wc", opt, NULL };
  CLEANUP_FREE char *out = NULL;
  size_t len;
  long long n;
  char *end;

  if (run_over (path, argv, &out, &len) == -1)
    return -1;
  errno = 0;
  n = strtoll (out, &end, 10);
  if (errno != 0 || end == out || n < 0) {
    reply_with_error ("%s: cannot parse the output of wc: %s", path, out);
    return -1;
  }
  if (n > INT_MAX) {
    reply_with_error ("%s: the count is too large for this call", path);
    return -1;
  }
  return n;
}

/** Count the lines of C<path>. */
int
do_wc_l (const char *path)
{
  return wc ("-l", path);
}

/** Count the words of C<path>. */
int
do_wc_w (const char *path)
{
  return wc ("-w", path);
}

/** Count the bytes of C<path>. */
int
do_wc_c (const char *path)
{
  return wc ("-c", path);
}
