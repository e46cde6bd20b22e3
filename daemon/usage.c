/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<du> and C<df_h>.
 *
 * C<du> runs du(1) with its working directory an fd of the guest
 * directory opened inside the guest root (du never follows symlinks
 * below it); for anything else it reads the allocated size itself.
 * C<df_h> shows df(1)'s human-readable figures for the guest's
 * filesystems only, with the caller's device names.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"
#include "content.h"

/* Kilobytes used under the directory fd DFD (PATH), or -1 after
 * replying. */
static int64_t
du_dir (int dfd, const char *path)
{
  const char *argv[] = { "du", "-s", ".", NULL };
  CLEANUP_FREE char *out = NULL, *err = NULL;
  long long kb;
  size_t len;
  char *end;
  int r;

  r = content_run (-1, dfd, argv, &out, &len, &err);
  if (r == -1)
    return -1;
  if (r != 0) {
    trim_newline (err);
    reply_with_error ("%s: %s", path, err && *err ? err : "du failed");
    return -1;
  }
  errno = 0;
  kb = strtoll (out, &end, 10);
  if (errno != 0 || end == out || kb < 0) {
    reply_with_error ("%s: cannot parse the output of du: %s", path, out);
    return -1;
  }
  return kb;
}

/**
 * Return the space used by C<path> (recursively for a directory), in
 * kilobytes.
 */
int64_t
do_du (const char *path)
{
  CLEANUP_CLOSE int fd = open_in_root (path, O_PATH, 0);
  struct stat st;

  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (S_ISDIR (st.st_mode))
    return du_dir (fd, path);
  return ((int64_t) st.st_blocks + 1) / 2;
}

/* True if the df line LINE has a mount point at or under SYSROOT (its
 * last field). */
static bool
is_guest_mount (const char *line)
{
  const char *sp = strrchr (line, ' ');
  size_t n = strlen (SYSROOT);

  return sp != NULL && strncmp (sp + 1, SYSROOT, n) == 0 &&
    (sp[1 + n] == '\0' || sp[1 + n] == '/');
}

/* Keep the header and the guest lines of OUT, in place, showing
 * /dev/vdX names as /dev/sdX (same length, columns kept). */
static void
keep_guest_lines (char *out)
{
  char *line = out, *next, *dst = out;
  bool first = true;
  size_t len;

  while (*line != '\0') {
    next = strchrnul (line, '\n');
    len = next - line;
    if (*next == '\n')
      *next++ = '\0';
    if (first || is_guest_mount (line)) {
      if (strncmp (line, "/dev/vd", 7) == 0)
        line[5] = 's';
      memmove (dst, line, len);
      dst += len;
      *dst++ = '\n';
    }
    first = false;
    line = next;
  }
  *dst = '\0';
}

/**
 * Return the output of C<df -h> for the guest's mounted filesystems.
 */
char *
do_df_h (void)
{
  const char *argv[] = { "df", "-h", NULL };
  CLEANUP_FREE char *err = NULL;
  char *out = NULL;
  size_t len;
  int r = content_run (-1, -1, argv, &out, &len, &err);

  if (r == -1)
    return NULL;
  /* df exits with 1 when an appliance mount cannot be read. */
  if (r != 0 && !(r == 1 && len > 0)) {
    free (out);
    trim_newline (err);
    reply_with_error ("%s", err && *err ? err : "df failed");
    return NULL;
  }
  keep_guest_lines (out);
  return out;
}
