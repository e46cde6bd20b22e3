/* guestkit — virt-copy-in, virt-copy-out: copy files into or out of a
 * disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-copy-in (built with C<COPY_IN=1>) and
 * virt-copy-out (C<COPY_IN=0>).  virt-copy-in adds the disks
 * read-write, mounts the guest (by inspection, or the C<-m>
 * filesystems) and copies each local file or directory, recursively,
 * into the guest directory given last.  virt-copy-out adds them
 * read-only and copies each guest file or directory into the local
 * directory given last.  Windows paths are understood on Windows
 * guests.  Exits 0, or 1 at the first failure.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanups.h"
#include "options.h"

#if COPY_IN
#define PROG "virt-copy-in"
#define WHAT "FILE|DIR [FILE|DIR...] /DESTINATION"
#define SUMMARY "copy files and directories into a virtual machine"
#define EXAMPLE "  virt-copy-in -a disk.img resolv.conf /etc\n"
#else
#define PROG "virt-copy-out"
#define WHAT "/FILE|/DIR [/FILE|/DIR...] LOCALDIR"
#define SUMMARY "copy files and directories out of a virtual machine"
#define EXAMPLE "  virt-copy-out -a disk.img /home homes\n"
#endif

static const char short_options[] = "a:c:d:m:vVx";
static const struct option long_options[] = {
  OPTIONS_COMMON_LONG,
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
  "\n"
  "Example:\n"
  EXAMPLE;

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
  if (argc - optind < 2)
    return options_usage_error (o, "%s", COPY_IN
             ? "give the files to copy and the guest directory"
             : "give the guest files to copy and the local directory");
  return -1;
}

#if !COPY_IN
/* The local directory that copying the guest directory SRC into DIR
 * makes (malloc'd), or NULL if it is DIR itself (SRC is "/"). */
static char *
local_top (const char *src, const char *dir)
{
  size_t len = strlen (src);
  const char *base;
  char *ret;

  while (len > 0 && src[len - 1] == '/')
    len--;
  if (len == 0)
    return NULL;
  base = src + len;
  while (base > src && base[-1] != '/')
    base--;
  if (asprintf (&ret, "%s/%.*s", dir, (int) (src + len - base), base) == -1)
    return NULL;
  return ret;
}

/* Copy the guest SRC into the local DIR.  A directory that this makes
 * gets the guest directory's permissions (less the umask, as the files
 * under it), which the library leaves at their default. */
static int
copy_out (struct tool_options *o, const char *src, const char *dir)
{
  CLEANUP_FREE char *top = local_top (src, dir);
  struct guestfs_statns *st;
  struct stat lst;
  bool made = top && lstat (top, &lst) == -1;
  mode_t mask;

  if (guestfs_copy_out (o->g, src, dir) == -1)
    return -1;
  if (!made || guestfs_is_dir (o->g, src) <= 0 ||
      (st = guestfs_statns (o->g, src)) == NULL)
    return 0;
  mask = umask (022);
  umask (mask);
  if (chmod (top, (st->st_mode & 0777) & ~mask) == -1)
    fprintf (stderr, "%s: %s: %m\n", o->prog, top);
  guestfs_free_statns (st);
  return 0;
}
#endif

/* Copy the N paths of PATHS into the last one. */
static int
copy (struct tool_options *o, const char *root, int n, char **paths)
{
#if COPY_IN
  CLEANUP_FREE char *dest = options_windows_path (o, root, paths[n - 1]);

  if (dest == NULL)
    return -1;
  for (int i = 0; i < n - 1; i++)
    if (guestfs_copy_in (o->g, paths[i], dest) == -1)
      return -1;
#else
  for (int i = 0; i < n - 1; i++) {
    CLEANUP_FREE char *src = options_windows_path (o, root, paths[i]);

    if (src == NULL || copy_out (o, src, paths[n - 1]) == -1)
      return -1;
  }
#endif
  return 0;
}

static int
run (struct tool_options *o, int n, char **paths)
{
  CLEANUP_FREE char *root = NULL;

  if (options_launch_mount (o, &root) == -1)
    return -1;
  if (copy (o, root, n, paths) == -1)
    return -1;
  return COPY_IN ? guestfs_umount_all (o->g) : 0;
}

int
main (int argc, char *argv[])
{
  struct tool_options o;
  int r;

  if (options_init (&o, PROG) == -1)
    exit (EXIT_FAILURE);
  o.read_only = !COPY_IN;
  r = parse_options (&o, argc, argv);
  if (r == -1)
    r = options_finish (&o, run (&o, argc - optind, argv + optind));
  else
    options_free (&o);
  exit (r);
}
