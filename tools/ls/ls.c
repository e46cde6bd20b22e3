/* guestkit — virt-ls: list files of a disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-ls's command line and its simple modes:
 * add the disks read-only, mount the guest (by inspection, or the
 * C<-m> filesystems), and list each named directory: names only, the
 * guest's C<ls -la> (C<-l>), every path below it (C<-R>), or the
 * recursive long listing of F<longr.c> (C<-lR>), the only mode the
 * field options (C<--csv>, C<--times>, C<--checksum>, ...) apply to.
 * Exits 0, or 1 if any directory failed.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "ls.h"

enum {
  OPT_CHECKSUM = OPTION_TOOL, OPT_CSV, OPT_EXTRA_STATS, OPT_JSON, OPT_TIMES,
  OPT_TIME_DAYS, OPT_TIME_RELATIVE, OPT_TIME_T, OPT_UIDS
};

static const char short_options[] = "a:c:d:hlm:RvVx";
static const struct option long_options[] = {
  OPTIONS_COMMON_LONG,
  { "checksum", optional_argument, NULL, OPT_CHECKSUM },
  { "checksums", optional_argument, NULL, OPT_CHECKSUM },
  { "csv", no_argument, NULL, OPT_CSV },
  { "extra-stat", no_argument, NULL, OPT_EXTRA_STATS },
  { "extra-stats", no_argument, NULL, OPT_EXTRA_STATS },
  { "human-readable", no_argument, NULL, 'h' },
  { "json", no_argument, NULL, OPT_JSON },
  { "long", no_argument, NULL, 'l' },
  { "mount", required_argument, NULL, 'm' },
  { "recursive", no_argument, NULL, 'R' },
  { "time", no_argument, NULL, OPT_TIMES },
  { "times", no_argument, NULL, OPT_TIMES },
  { "time-days", no_argument, NULL, OPT_TIME_DAYS },
  { "time-relative", no_argument, NULL, OPT_TIME_RELATIVE },
  { "time-t", no_argument, NULL, OPT_TIME_T },
  { "uid", no_argument, NULL, OPT_UIDS },
  { "uids", no_argument, NULL, OPT_UIDS },
  { NULL, 0, NULL, 0 },
};

static const char usage_text[] =
  "virt-ls: list files of a virtual machine\n"
  "\n"
  "Usage:\n"
  "  virt-ls [OPTIONS] -a DISK.IMG [-a ...] DIR [DIR...]\n"
  "  virt-ls [OPTIONS] -d DOMAIN DIR [DIR...]\n"
  "\n"
  "Options:\n"
  OPTIONS_COMMON_HELP
  "  -l, --long             long listing (the guest's ls -la)\n"
  "  -R, --recursive        every path below DIR\n"
  "  -m, --mount DEV[:MOUNTPOINT[:OPTIONS[:FSTYPE]]]\n"
  "                         mount DEV instead of inspecting the guest\n"
  "With -lR only:\n"
  "  --checksum[=TYPE]      checksum of regular files (default md5)\n"
  "  --csv                  comma-separated values\n"
  "  --json                 a JSON array, one object per file\n"
  "  --extra-stats          device, inode, links, rdev and blocks\n"
  "  -h, --human-readable   sizes like 1.5K, 20M\n"
  "  --times                access, modification and change times\n"
  "  --time-t               times as seconds since the epoch\n"
  "  --time-relative        times as seconds before now\n"
  "  --time-days            times as days before now\n"
  "  --uids                 owner and group ids\n"
  "\n"
  "Example:\n"
  "  virt-ls -lR --csv -a disk.img /etc\n";

/* Record an option that needs -lR mode (the first one named in
 * errors). */
static void
lr_only (const char **first, const char *name)
{
  if (*first == NULL)
    *first = name;
}

/* A tool option: 1 handled, 0 unknown. */
static int
handle_own (void *tool, int c, const char *arg)
{
  struct ls *ls = tool;
  const char **first = &ls->lr_first;

  switch (c) {
  case 'h': ls->human = true; lr_only (first, "-h"); return 1;
  case 'l': ls->mode |= LS_LONG; return 1;
  case 'R': ls->mode |= LS_RECURSIVE; return 1;
  case OPT_CHECKSUM:
    ls->checksum = arg && *arg ? arg : "md5";
    lr_only (first, "--checksum");
    return 1;
  case OPT_CSV: ls->csv = true; lr_only (first, "--csv"); return 1;
  case OPT_JSON: ls->json = true; lr_only (first, "--json"); return 1;
  case OPT_EXTRA_STATS:
    ls->extra_stats = true;
    lr_only (first, "--extra-stats");
    return 1;
  case OPT_UIDS: ls->uids = true; lr_only (first, "--uids"); return 1;
  case OPT_TIMES: case OPT_TIME_T: case OPT_TIME_RELATIVE:
  case OPT_TIME_DAYS:
    ls->times = true;
    if (c != OPT_TIMES)
      ls->time_format = c == OPT_TIME_T ? TIME_T
        : c == OPT_TIME_RELATIVE ? TIME_RELATIVE : TIME_DAYS;
    lr_only (first, "--times");
    return 1;
  }
  return 0;
}

/* The checks after the options; 0, or -1 after a message. */
static int
check_options (struct ls *ls, const char *first, int ndirs)
{
  const char *msg = NULL;
  char buf[128];

  if (ls->mode != LS_LONG_RECURSIVE && first != NULL) {
    snprintf (buf, sizeof buf, "%s can only be used with -lR", first);
    msg = buf;
  } else if (ls->human && ls->csv)
    msg = "you cannot use -h and --csv options together";
  else if (ls->json && ls->csv)
    msg = "you cannot use --json and --csv options together";
  else if (ls->o.nr_drives == 0)
    msg = "no disk given: use -a or -d";
  else if (ndirs == 0)
    msg = "no directory given";
  if (msg == NULL)
    return 0;
  options_usage_error (&ls->o, "%s", msg);
  return -1;
}

/* Parse the options into LS; returns the exit status to leave with
 * (-1: go on). */
static int
parse_options (struct ls *ls, int argc, char *argv[])
{
  const struct options_cmdline cl = {
    short_options, long_options, usage_text, handle_own, ls,
  };
  int r = options_getopt (&ls->o, &cl, argc, argv);

  if (r != -1)
    return r;
  return check_options (ls, ls->lr_first, argc - optind) == 0 ? -1
                                                            : EXIT_FAILURE;
}

static int
list_names (struct ls *ls, char **names)
{
  if (names == NULL)
    return -1;
  for (size_t i = 0; names[i] != NULL; ++i) {
    ls_put_safe (ls, names[i], false);
    putchar ('\n');
  }
  return 0;
}

/* List one directory in the chosen mode. */
static int
list_one (struct ls *ls, const char *root, const char *arg)
{
  CLEANUP_FREE char *dir = options_windows_path (&ls->o, root, arg);
  CLEANUP_FREE_STRING_LIST char **names = NULL;
  CLEANUP_FREE char *out = NULL;

  if (dir == NULL)
    return -1;
  switch (ls->mode) {
  case LS_LONG:
    out = guestfs_ll (ls->o.g, dir);
    if (out == NULL)
      return -1;
    ls_put_safe (ls, out, true);
    return 0;
  case LS_RECURSIVE:
    names = guestfs_find (ls->o.g, dir);
    return list_names (ls, names);
  case LS_LONG_RECURSIVE:
    return ls_long_recursive (ls, dir);
  default:
    names = guestfs_ls (ls->o.g, dir);
    return list_names (ls, names);
  }
}

static int
run (struct ls *ls, int ndirs, char **dirs)
{
  CLEANUP_FREE char *root = NULL;
  int r = 0;

  if (options_launch_mount (&ls->o, &root) == -1)
    return -1;
  if (ls->json) {
    jsonw_init (&ls->jw, stdout);
    jsonw_open (&ls->jw, '[');
  }
  for (int i = 0; i < ndirs; ++i)
    if (list_one (ls, root, dirs[i]) == -1)
      r = -1;
  if (ls->json) {
    jsonw_close (&ls->jw, ']');
    if (jsonw_finish (&ls->jw) == -1)
      r = -1;
  }
  return r;
}

int
main (int argc, char *argv[])
{
  struct ls ls = { .time_format = TIME_DATE };
  int r;

  if (options_init (&ls.o, "virt-ls") == -1)
    exit (EXIT_FAILURE);
  ls.o.read_only = true;
  ls.now = time (NULL);
  ls.tty = isatty (STDOUT_FILENO);
  r = parse_options (&ls, argc, argv);
  if (r == -1)
    r = options_finish (&ls.o, run (&ls, argc - optind, argv + optind));
  else
    options_free (&ls.o);
  exit (r);
}
