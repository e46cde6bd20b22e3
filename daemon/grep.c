/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<grep> and its deprecated shorthands
 * (C<egrep>, C<fgrep>, C<grepi>, ..., C<zfgrepi>): grep(1) or zgrep(1)
 * runs over the opened guest file on its standard input, so the
 * pattern is the only thing the program is told, and the matching
 * lines come back as a list bounded by the protocol limit.
 */

#include <config.h>

#include <stdlib.h>

#include "daemon.h"
#include "actions.h"
#include "content.h"

/* Flags of one grep run. */
#define G_EXTENDED 1
#define G_FIXED 2
#define G_INSENSITIVE 4
#define G_COMPRESSED 8

/* Run grep with FLAGS for REGEX over PATH.  Returns the matching
 * lines, or NULL after replying. */
static char **
run_grep (const char *regex, const char *path, int flags)
{
  CLEANUP_CLOSE int fd = -1;
  CLEANUP_FREE char *out = NULL, *err = NULL;
  const char *argv[8];
  size_t n = 0, len;
  int r;

  if ((flags & G_EXTENDED) && (flags & G_FIXED)) {
    reply_with_error ("extended and fixed cannot be used together");
    return NULL;
  }
  fd = content_open_read (path);
  if (fd == -1)
    return NULL;
  argv[n++] = flags & G_COMPRESSED ? "zgrep" : "grep";
  if (flags & G_EXTENDED)
    argv[n++] = "-E";
  if (flags & G_FIXED)
    argv[n++] = "-F";
  if (flags & G_INSENSITIVE)
    argv[n++] = "-i";
  argv[n++] = "-e";
  argv[n++] = regex;
  argv[n] = NULL;
  r = content_run (fd, -1, argv, &out, &len, &err);
  if (r == -1)
    return NULL;
  if (r != 0 && r != 1) {
    trim_newline (err);
    reply_with_error ("%s: %s", path, err && *err ? err : "grep failed");
    return NULL;
  }
  return content_lines (out, r == 1 ? 0 : len);
}

/**
 * Return the lines of C<path> that match C<regex>; the optional
 * flags choose extended or fixed patterns, case-insensitive matching
 * and reading compressed files.
 */
char **
do_grep (const char *regex, const char *path, int extended, int fixed,
         int insensitive, int compressed)
{
  int flags = 0;

  if ((optargs_bitmask & 1) && extended)
    flags |= G_EXTENDED;
  if ((optargs_bitmask & 2) && fixed)
    flags |= G_FIXED;
  if ((optargs_bitmask & 4) && insensitive)
    flags |= G_INSENSITIVE;
  if ((optargs_bitmask & 8) && compressed)
    flags |= G_COMPRESSED;
  return run_grep (regex, path, flags);
}

/* The deprecated shorthands, one flag set each. */
#define GREP_ALIAS(name, flags) \
  char **do_##name (const char *regex, const char *path) \
  { return run_grep (regex, path, (flags)); }

/** C<grep> with extended regular expressions. */
GREP_ALIAS (egrep, G_EXTENDED)
/** C<grep> with fixed strings. */
GREP_ALIAS (fgrep, G_FIXED)
/** C<grep>, ignoring case. */
GREP_ALIAS (grepi, G_INSENSITIVE)
/** C<grep>, extended, ignoring case. */
GREP_ALIAS (egrepi, G_EXTENDED | G_INSENSITIVE)
/** C<grep>, fixed strings, ignoring case. */
GREP_ALIAS (fgrepi, G_FIXED | G_INSENSITIVE)
/** C<grep> over a possibly compressed file. */
GREP_ALIAS (zgrep, G_COMPRESSED)
/** C<zgrep> with extended regular expressions. */
GREP_ALIAS (zegrep, G_COMPRESSED | G_EXTENDED)
/** C<zgrep> with fixed strings. */
GREP_ALIAS (zfgrep, G_COMPRESSED | G_FIXED)
/** C<zgrep>, ignoring case. */
GREP_ALIAS (zgrepi, G_COMPRESSED | G_INSENSITIVE)
/** C<zgrep>, extended, ignoring case. */
GREP_ALIAS (zegrepi, G_COMPRESSED | G_EXTENDED | G_INSENSITIVE)
/** C<zgrep>, fixed strings, ignoring case. */
GREP_ALIAS (zfgrepi, G_COMPRESSED | G_FIXED | G_INSENSITIVE)
