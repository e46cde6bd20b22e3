/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<compress_out> and C<compress_device_out>:
 * a guest file or a device is compressed by gzip, bzip2, xz, lzop or
 * compress(1) on its way to the library.  The compressor reads an fd
 * the daemon opened (a regular file resolved inside the guest root,
 * or the device), never a path.
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

/* Bit of optargs_bitmask: the level optional argument. */
#define OPT_LEVEL (UINT64_C(1) << 0)

/* A compression type: its program and the levels it accepts (0 and
 * 0: none). */
struct ctype {
  const char *name;
  int min_level, max_level;
};

static const struct ctype ctypes[] = {
  { "gzip", 1, 9 }, { "bzip2", 1, 9 }, { "xz", 0, 9 }, { "lzop", 1, 9 },
  { "compress", 0, 0 },
};

/* True if PROG is an executable in the daemon's PATH. */
static bool
have_program (const char *prog)
{
  static const char *const dirs[] = {
    "/usr/sbin", "/usr/bin", "/sbin", "/bin",
  };
  char path[256];
  size_t i;

  for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
    snprintf (path, sizeof path, "%s/%s", dirs[i], prog);
    if (access (path, X_OK) == 0)
      return true;
  }
  return false;
}

/* The compressor for CTYPE, its level check done.  Returns it, or
 * NULL after replying. */
static const struct ctype *
find_ctype (const char *ctype, bool has_level, int level)
{
  size_t i;

  for (i = 0; i < sizeof ctypes / sizeof ctypes[0]; i++) {
    if (strcmp (ctype, ctypes[i].name) != 0)
      continue;
    if (!have_program (ctype))
      break;
    if (has_level && ctypes[i].max_level == 0) {
      reply_with_error ("%s: this compression type takes no level", ctype);
      return NULL;
    }
    if (has_level &&
        (level < ctypes[i].min_level || level > ctypes[i].max_level)) {
      reply_with_error ("%s: level must be between %d and %d", ctype,
                        ctypes[i].min_level, ctypes[i].max_level);
      return NULL;
    }
    return &ctypes[i];
  }
  reply_with_error ("%s: compression type not supported", ctype);
  return NULL;
}

/* Compress what FD holds with CTYPE (checked) and stream it.
 * Returns 0 or -1 after replying. */
static int
compress_fd (const char *ctype, bool has_level, int level, int fd)
{
  char lopt[16];
  const char *argv[] = { ctype, "-c", has_level ? lopt : NULL, NULL };

  snprintf (lopt, sizeof lopt, "-%d", level);
  return stream_command_out (argv, -1, fd);
}

/**
 * Send the guest file C<file> to the library compressed with
 * C<ctype> (optionally at C<level>).
 */
int
do_compress_out (const char *ctype, const char *file, int level)
{
  bool has_level = (optargs_bitmask & OPT_LEVEL) != 0;
  CLEANUP_CLOSE int fd = -1;
  bool notreg;

  if (find_ctype (ctype, has_level, level) == NULL)
    return -1;
  fd = open_regular (file, O_RDONLY, false, &notreg);
  if (fd == -1) {
    if (notreg)
      reply_with_error ("%s: not a regular file", file);
    else
      reply_with_perror ("%s", file);
    return -1;
  }
  return compress_fd (ctype, has_level, level, fd);
}

/**
 * Send the contents of C<device> to the library compressed with
 * C<ctype> (optionally at C<level>).
 */
int
do_compress_device_out (const char *ctype, const char *device, int level)
{
  bool has_level = (optargs_bitmask & OPT_LEVEL) != 0;
  CLEANUP_CLOSE int fd = -1;

  if (find_ctype (ctype, has_level, level) == NULL)
    return -1;
  fd = open (device, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd == -1) {
    reply_with_perror ("%s", device);
    return -1;
  }
  return compress_fd (ctype, has_level, level, fd);
}
