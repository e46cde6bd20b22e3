/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<df>: the output of df(1), for people to
 * read, limited to the guest's filesystems (those mounted under
 * F</sysroot>) and with the appliance's disk names (F</dev/vdX>)
 * shown as the caller's (F</dev/sdX>).
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "actions.h"

/* True if the df line LINE is about a filesystem under SYSROOT. */
static bool
is_guest_line (const char *line)
{
  const char *p = line;
  size_t len = strlen (" " SYSROOT);

  while ((p = strstr (p, " " SYSROOT)) != NULL) {
    if (p[len] == '\0' || p[len] == '/')
      return true;
    p += len;
  }
  return false;
}

/* Show "/dev/vdX..." at the start of LINE as "/dev/sdX..." (same
 * length, so the columns stay aligned). */
static void
externalize_device (char *line)
{
  size_t letters;

  if (strncmp (line, "/dev/vd", 7) != 0)
    return;
  letters = strspn (line + 7, "abcdefghijklmnopqrstuvwxyz");
  if (letters > 0)
    line[5] = 's';
}

/* Keep the header and the guest's lines of OUT, in place. */
static void
filter_output (char *out)
{
  char *line = out, *next, *dst = out;
  size_t len;
  bool first = true, newline;

  while (*line != '\0') {
    next = strchrnul (line, '\n');
    newline = *next == '\n';
    if (newline)
      *next++ = '\0';
    if (first || is_guest_line (line)) {
      externalize_device (line);
      len = strlen (line);
      memmove (dst, line, len);
      dst += len;
      if (newline)
        *dst++ = '\n';
    }
    first = false;
    line = next;
  }
  *dst = '\0';
}

/**
 * Return the output of df(1) for the mounted guest filesystems.
 */
char *
do_df (void)
{
  const char *argv[] = { "df", NULL };
  CLEANUP_FREE char *err = NULL;
  char *out = NULL;
  int r = commandrv (&out, &err, argv);

  /* df exits with 1 when some (appliance) mount cannot be read; what
   * it printed about the others is still right. */
  if (r != 0 && !(r == 1 && out != NULL && out[0] != '\0')) {
    free (out);
    trim_newline (err);
    reply_with_error ("%s", err && err[0] ? err : "df failed");
    return NULL;
  }
  if (out == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  filter_output (out);
  return out;
}
