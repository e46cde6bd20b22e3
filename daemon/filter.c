/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<base64_in>, C<base64_out> and C<cpio_out>,
 * which stream a guest file or directory through a filter program:
 * base64(1) or find(1) piped into cpio(1).  The programs work on fds
 * the daemon opened inside the guest root (or, for cpio, in a working
 * directory that is such an fd, with relative names that find(1)
 * produces without following symlinks).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "actions.h"

/* Bit of optargs_bitmask: cpio_out's format. */
#define OPT_FORMAT (UINT64_C(1) << 0)

/* Reply with the error of opening the guest file NAME. */
static void
reply_open_error (const char *name, bool notreg)
{
  if (notreg)
    reply_with_error ("%s: not a regular file", name);
  else
    reply_with_perror ("%s", name);
}

/**
 * Decode the uploaded base64 text (characters outside the base64
 * alphabet are ignored) into the guest file C<filename>, created or
 * truncated.
 */
int
do_base64_in (const char *filename)
{
  static const char *const argv[] = { "base64", "-d", "-i", NULL };
  CLEANUP_CLOSE int fd = -1;
  bool notreg = false;
  int err;

  fd = open_regular (filename, O_WRONLY | O_TRUNC, true, &notreg);
  if (fd == -1) {
    err = errno;
    cancel_receive ();
    errno = err;
    reply_open_error (filename, notreg);
    return -1;
  }
  return stream_command_in (argv, -1, fd);
}

/**
 * Send the guest file C<filename> to the library encoded as base64.
 */
int
do_base64_out (const char *filename)
{
  static const char *const argv[] = { "base64", NULL };
  CLEANUP_CLOSE int fd = -1;
  bool notreg = false;

  fd = open_regular (filename, O_RDONLY, false, &notreg);
  if (fd == -1) {
    reply_open_error (filename, notreg);
    return -1;
  }
  return stream_command_out (argv, -1, fd);
}

/**
 * Pack the contents of the guest directory C<directory> into a cpio
 * archive (C<format> "newc", the default, or "crc") sent to the
 * library.  Members are named "./a", "./a/b", ...
 */
int
do_cpio_out (const char *directory, const char *format)
{
  CLEANUP_CLOSE int dfd = -1;
  const char *argv[] = { "sh", "-c", NULL, NULL };
  const char *script;

  if (!(optargs_bitmask & OPT_FORMAT) || strcmp (format, "newc") == 0)
    script = "find . -print0 | cpio -0 -o -H newc --quiet";
  else if (strcmp (format, "crc") == 0)
    script = "find . -print0 | cpio -0 -o -H crc --quiet";
  else {
    reply_with_error ("%s: format must be \"newc\" or \"crc\"", format);
    return -1;
  }
  dfd = open_in_root (directory, O_RDONLY | O_DIRECTORY, 0);
  if (dfd == -1) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  argv[2] = script;
  return stream_command_out (argv, dfd, -1);
}
