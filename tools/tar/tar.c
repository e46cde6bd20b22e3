/* guestkit — virt-tar-in, virt-tar-out: unpack a tarball into, or pack
 * a directory of, a disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-tar-in (built with C<TAR_IN=1>) and
 * virt-tar-out (C<TAR_IN=0>).  virt-tar-in adds the disks read-write,
 * mounts the guest (by inspection, or the C<-m> filesystems) and
 * unpacks the local tarball (C<-> for standard input) into the guest
 * directory.  virt-tar-out adds them read-only and packs the guest
 * directory into the local tarball (C<-> for standard output).
 * C<-z>/C<--gzip> means the tarball is gzip-compressed.  Windows
 * paths are understood on Windows guests.  Exits 0, or 1 on failure.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "options.h"

#if TAR_IN
#define PROG "virt-tar-in"
#define WHAT "DATA.TAR|- /DESTINATION"
#define SUMMARY "unpack a tarball into a virtual machine"
#define EXAMPLE "  virt-tar-in -a disk.img homes.tar /home\n"
#else
#define PROG "virt-tar-out"
#define WHAT "/DIR FILES.TAR|-"
#define SUMMARY "pack a directory of a virtual machine into a tarball"
#define EXAMPLE "  virt-tar-out -a disk.img /home - | gzip --best > homes.tar.gz\n"
#endif


static const char short_options[] = "a:c:d:m:vVxz";
static const struct option long_options[] = {
  OPTIONS_COMMON_LONG,
  { "gzip", no_argument, NULL, 'z' },
  { "mount", required_argument, NULL, 'm' },
  { NULL, 0, NULL, 0 },
};

static const char usage_text[] =
  PROG ": " SUMMARY "\n"
  "\n"
  "Usage:\n"
  "  " PROG " [OPTIONS] -a DISK.IMG [-a ...] " WHAT "\n"
  "  " PROG " [OPTIONS] -d DOMAIN " WHAT "\n"
  "\n"
  "Options:\n"
  OPTIONS_COMMON_HELP
  "  -m, --mount DEV[:MOUNTPOINT[:OPTIONS[:FSTYPE]]]\n"
  "                         mount DEV instead of inspecting the guest\n"
  "  -z, --gzip             the tarball is compressed with gzip\n"
  "\n"
  "Example:\n"
  EXAMPLE;

/* -z / --gzip, the one option of our own. */
static int
own_option (void *gzip, int c, const char *arg)
{
  (void) arg;
  if (c != 'z')
    return 0;
  *(bool *) gzip = true;
  return 1;
}

/* Parse the options into O; returns the exit status to leave with
 * (-1: go on). */
static int
parse_options (struct tool_options *o, bool *gzip, int argc, char *argv[])
{
  const struct options_cmdline cl = {
    short_options, long_options, usage_text, own_option, gzip,
  };
  int r = options_getopt (o, &cl, argc, argv);

  if (r != -1)
    return r;
  if (o->nr_drives == 0)
    return options_usage_error (o, "no disk given: use -a or -d");
  if (argc - optind != 2)
    return options_usage_error (o, "%s", TAR_IN
             ? "give the tarball and the guest directory"
             : "give the guest directory and the tarball");
  return -1;
}

/* Unpack or pack: ARGS are the two paths of the command line. */
static int
transfer (struct tool_options *o, const char *root, bool gzip, char **args)
{
  const char *tarball = args[TAR_IN ? 0 : 1];
  CLEANUP_FREE char *dir = options_windows_path (o, root,
                                                 args[TAR_IN ? 1 : 0]);

  if (dir == NULL)
    return -1;
  if (strcmp (tarball, "-") == 0)
    tarball = TAR_IN ? "/dev/stdin" : "/dev/stdout";
  fflush (stdout);
#if TAR_IN
  struct guestfs_tar_in_opts_argv a = {
    .bitmask = gzip ? GUESTFS_TAR_IN_OPTS_COMPRESS_BITMASK : 0,
    .compress = "gzip",
  };
  return guestfs_tar_in_opts_argv (o->g, tarball, dir, &a);
#else
  struct guestfs_tar_out_opts_argv a = {
    .bitmask = gzip ? GUESTFS_TAR_OUT_OPTS_COMPRESS_BITMASK : 0,
    .compress = "gzip",
  };
  return guestfs_tar_out_opts_argv (o->g, dir, tarball, &a);
#endif
}

static int
run (struct tool_options *o, bool gzip, char **args)
{
  CLEANUP_FREE char *root = NULL;

  if (options_launch_mount (o, &root) == -1)
    return -1;
  if (transfer (o, root, gzip, args) == -1)
    return -1;
  return TAR_IN ? guestfs_umount_all (o->g) : 0;
}

int
main (int argc, char *argv[])
{
  struct tool_options o;
  bool gzip = false;
  int r;

  if (options_init (&o, PROG) == -1)
    exit (EXIT_FAILURE);
  o.read_only = !TAR_IN;
  r = parse_options (&o, &gzip, argc, argv);
  if (r == -1)
    r = options_finish (&o, run (&o, gzip, argv + optind));
  else
    options_free (&o);
  exit (r);
}
