/* guestkit — virt-cat: print a file of a disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-cat: add the disks read-only, mount the
 * guest (by inspection, or the C<-m> filesystems), and copy each
 * named file to standard output.  Windows paths (C<C:\boot.ini>) are
 * translated as in libguestfs.  Exits 0, or 1 if anything failed.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "options.h"

static const char short_options[] = "a:c:d:m:vVx";
static const struct option long_options[] = {
  OPTIONS_COMMON_LONG,
  { "mount", required_argument, NULL, 'm' },
  { NULL, 0, NULL, 0 },
};

static const char usage_text[] =
  "virt-cat: print a file of a virtual machine\n"
  "\n"
  "Usage:\n"
  "  virt-cat [OPTIONS] -a DISK.IMG [-a ...] FILE [FILE...]\n"
  "  virt-cat [OPTIONS] -d DOMAIN FILE [FILE...]\n"
  "\n"
  "Options:\n"
  OPTIONS_COMMON_HELP
  "  -m, --mount DEV[:MOUNTPOINT[:OPTIONS[:FSTYPE]]]\n"
  "                         mount DEV instead of inspecting the guest\n"
  "\n"
  "Example:\n"
  "  virt-cat -a disk.img /etc/fstab\n";

/* Parse the options into O; returns the exit status to leave with
 * (-1: go on). */
static int
parse_options (struct tool_options *o, int argc, char *argv[])
{
  const struct options_cmdline cl = {
    short_options, long_options, usage_text, NULL, NULL,
  };
  int r = options_getopt (o, &cl, argc, argv);

  if (r != -1)
    return r;
  if (o->nr_drives == 0)
    return options_usage_error (o, "no disk given: use -a or -d");
  if (optind >= argc)
    return options_usage_error (o, "no file given");
  return -1;
}

/* Copy the guest file PATH (of ROOT) to stdout. */
static int
cat_one (struct tool_options *o, const char *root, const char *path)
{
  CLEANUP_FREE char *p = options_windows_path (o, root, path);

  if (p == NULL)
    return -1;
  fflush (stdout);
  return guestfs_download (o->g, p, "/dev/stdout");
}

static int
run (struct tool_options *o, int nfiles, char **files)
{
  CLEANUP_FREE char *root = NULL;
  int r = 0;

  if (options_launch_mount (o, &root) == -1)
    return -1;
  for (int i = 0; i < nfiles; ++i)
    if (cat_one (o, root, files[i]) == -1)
      r = -1;
  return r;
}

int
main (int argc, char *argv[])
{
  struct tool_options o;
  int r;

  if (options_init (&o, "virt-cat") == -1)
    exit (EXIT_FAILURE);
  o.read_only = true;
  r = parse_options (&o, argc, argv);
  if (r == -1)
    r = options_finish (&o, run (&o, argc - optind, argv + optind));
  else
    options_free (&o);
  exit (r);
}
