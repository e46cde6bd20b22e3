/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<hexedit>: download a range of a guest file
 * or device, run $HEXEDITOR (hexedit(1) if unset) on the copy, and
 * write the bytes back at the same offset if they changed.  Without
 * a range, at most 16 MiB (the whole file or device) is edited; the
 * editor may change bytes but not the length of the range.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fish.h"
#include "shellcmds.h"

#define MAX_WHOLE (16 * 1024 * 1024)

/* The size of the device (/dev/...) or file NAME, or -1. */
static int64_t
remote_size (const char *name)
{
  if (strncmp (name, "/dev/", 5) == 0)
    return guestfs_blockdev_getsize64 (g, name);
  return guestfs_filesize (g, name);
}

/* Work out [*START, *START + *LEN) from the arguments and SIZE.
 * Returns 0, or -1 after printing an error. */
static int
choose_range (const char *cmd, size_t argc, char *argv[], int64_t size,
              int64_t *start, int64_t *len)
{
  *start = 0;
  *len = size;
  if (argc == 1 && size > MAX_WHOLE) {
    fprintf (stderr, "%s: %s is larger than 16M: give a limit "
             "('%s %s 1M') or a range ('%s %s START MAX')\n",
             cmd, argv[0], cmd, argv[0], cmd, argv[0]);
    return -1;
  }
  if (argc == 3 && parse_int64 (cmd, "start", argv[1], start) == -1)
    return -1;
  if (argc >= 2 && parse_int64 (cmd, "max", argv[argc - 1], len) == -1)
    return -1;
  if (*start < 0 || *start >= size || *len <= 0) {
    fprintf (stderr, "%s: %s: invalid range (the size is %" PRIi64 ")\n",
             cmd, argv[0], size);
    return -1;
  }
  if (*len > size - *start)
    *len = size - *start;
  return 0;
}

/* Check the editor left LEN bytes in PATH.  0, or -1 after an error. */
static int
check_length (const char *cmd, const char *path, int64_t len)
{
  struct stat st;

  if (stat (path, &st) == -1) {
    fprintf (stderr, "%s: %s: %s\n", cmd, path, strerror (errno));
    return -1;
  }
  if (st.st_size != len) {
    fprintf (stderr, "%s: the editor changed the length of the range "
             "(%" PRIi64 " to %lld bytes): nothing was written\n",
             cmd, len, (long long) st.st_size);
    return -1;
  }
  return 0;
}

/* Edit [START, START+LEN) of NAME with EDITOR.  0 or -1. */
static int
edit_range (const char *cmd, const char *name, int64_t start, int64_t len,
            const char *editor)
{
  struct local_file lf;
  int r;

  if (local_create (cmd, &lf) == -1)
    return -1;
  r = guestfs_download_offset (g, name, lf.path, start, len);
  if (r == 0)
    r = local_snapshot (cmd, &lf);
  if (r == 0)
    r = local_run (cmd, editor, lf.path);
  if (r == 0)
    r = local_changed (cmd, &lf);
  if (r == 0)
    printf ("File not changed.\n");
  else if (r == 1) {
    r = check_length (cmd, lf.path, len);
    if (r == 0)
      r = guestfs_upload_offset (g, lf.path, name, start);
  }
  local_remove (&lf);
  return r == -1 ? -1 : 0;
}

/**
 * C<hexedit> FILE|DEVICE [MAX | START MAX].  Returns 0, or -1 after
 * an error was printed.
 */
int
run_hexedit (const char *cmd, size_t argc, char *argv[])
{
  const char *editor = getenv ("HEXEDITOR");
  int64_t size, start, len;

  if (argc < 1 || argc > 3)
    return usage_error (cmd);
  size = remote_size (argv[0]);
  if (size == -1)
    return -1;
  if (size == 0) {
    fprintf (stderr, "%s: %s is empty\n", cmd, argv[0]);
    return -1;
  }
  if (choose_range (cmd, argc, argv, size, &start, &len) == -1)
    return -1;
  return edit_range (cmd, argv[0], start, len,
                     editor && *editor ? editor : "hexedit");
}
