/* guestkit — virt-filesystems: the filesystems, partitions, block
 * devices and LVM objects of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-filesystems's command line: what to list
 * (C<--filesystems> when nothing is said), which columns C<--long>
 * shows (Name Type, VFS and Label for filesystems, MBR for
 * partitions, Size, Parent, and UUID with C<--uuid>), and the title
 * (with C<--long>, unless C<--no-title>).  Exits 0, or 1 on any error.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "filesystems.h"

enum {
  OPTION_ALL = OPTION_TOOL, OPTION_BLKDEVS, OPTION_CSV, OPTION_EXTRA,
  OPTION_FILESYSTEMS, OPTION_JSON, OPTION_LVS, OPTION_NO_TITLE,
  OPTION_PARTS, OPTION_PVS, OPTION_UUID, OPTION_VGS,
};

static const char short_options[] = "a:c:d:hlvVx";
static const struct option long_options[] = {
  OPTIONS_COMMON_LONG,
  { "all", no_argument, NULL, OPTION_ALL },
  { "blkdevs", no_argument, NULL, OPTION_BLKDEVS },
  { "block-devices", no_argument, NULL, OPTION_BLKDEVS },
  { "csv", no_argument, NULL, OPTION_CSV },
  { "extra", no_argument, NULL, OPTION_EXTRA },
  { "filesystems", no_argument, NULL, OPTION_FILESYSTEMS },
  { "human-readable", no_argument, NULL, 'h' },
  { "json", no_argument, NULL, OPTION_JSON },
  { "logical-volumes", no_argument, NULL, OPTION_LVS },
  { "logvols", no_argument, NULL, OPTION_LVS },
  { "long", no_argument, NULL, 'l' },
  { "lvs", no_argument, NULL, OPTION_LVS },
  { "no-title", no_argument, NULL, OPTION_NO_TITLE },
  { "partitions", no_argument, NULL, OPTION_PARTS },
  { "parts", no_argument, NULL, OPTION_PARTS },
  { "physical-volumes", no_argument, NULL, OPTION_PVS },
  { "physvols", no_argument, NULL, OPTION_PVS },
  { "pvs", no_argument, NULL, OPTION_PVS },
  { "uuid", no_argument, NULL, OPTION_UUID },
  { "uuids", no_argument, NULL, OPTION_UUID },
  { "vgs", no_argument, NULL, OPTION_VGS },
  { "volgroups", no_argument, NULL, OPTION_VGS },
  { "volume-groups", no_argument, NULL, OPTION_VGS },
  { NULL, 0, NULL, 0 },
};

static const char usage_text[] =
  "virt-filesystems: list the filesystems, partitions, block devices and\n"
  "LVM objects of a virtual machine or disk image\n"
  "\n"
  "Usage:\n"
  "  virt-filesystems [OPTIONS] -a DISK.IMG [-a DISK.IMG ...]\n"
  "  virt-filesystems [OPTIONS] -d DOMAIN\n"
  "\n"
  "Options:\n"
  OPTIONS_COMMON_HELP
  "  --filesystems          list filesystems that can be mounted (default)\n"
  "  --extra                ... and swap and unknown ones too\n"
  "  --partitions, --parts  list partitions\n"
  "  --blkdevs, --block-devices\n"
  "                         list block devices\n"
  "  --lvs, --logvols, --logical-volumes\n"
  "                         list LVM logical volumes\n"
  "  --vgs, --volgroups, --volume-groups\n"
  "                         list LVM volume groups\n"
  "  --pvs, --physvols, --physical-volumes\n"
  "                         list LVM physical volumes\n"
  "  --all                  list everything\n"
  "  -l, --long             more columns: type, size, parents ...\n"
  "  -h, --human-readable   sizes like 1.5G in --long output\n"
  "  --uuid, --uuids        add UUIDs to --long output\n"
  "  --no-title             no title line in --long output\n"
  "  --csv                  comma-separated values\n"
  "  --json                 a JSON array with every column\n"
  "\n"
  "Example:\n"
  "  virt-filesystems -a disk.img --all --long -h\n";

static bool long_mode, no_title, uuid;

/* Handle an option of virt-filesystems's own: 1, or 0 if unknown. */
static int
own_option (void *tool, int c, const char *arg)
{
  struct fs_settings *s = &fs_settings;

  (void) tool;
  (void) arg;
  switch (c) {
  case 'h': s->human = true; return 1;
  case 'l': long_mode = true; return 1;
  case OPTION_ALL: s->output = OUT_ALL; return 1;
  case OPTION_BLKDEVS: s->output |= OUT_BLOCKDEVS; return 1;
  case OPTION_CSV: s->csv = true; return 1;
  case OPTION_EXTRA: s->output |= OUT_FILESYSTEMS | OUT_EXTRA; return 1;
  case OPTION_FILESYSTEMS: s->output |= OUT_FILESYSTEMS; return 1;
  case OPTION_JSON: s->json = true; return 1;
  case OPTION_LVS: s->output |= OUT_LVS; return 1;
  case OPTION_NO_TITLE: no_title = true; return 1;
  case OPTION_PARTS: s->output |= OUT_PARTITIONS; return 1;
  case OPTION_PVS: s->output |= OUT_PVS; return 1;
  case OPTION_UUID: uuid = true; return 1;
  case OPTION_VGS: s->output |= OUT_VGS; return 1;
  }
  return 0;
}

/* Choose the columns and the title from the options. */
static void
set_columns (void)
{
  struct fs_settings *s = &fs_settings;
  bool *col = s->columns;
  bool all = s->json;

  if (s->output == 0)
    s->output = OUT_FILESYSTEMS;
  col[COL_NAME] = true;
  col[COL_TYPE] = col[COL_SIZE] = col[COL_PARENTS] = long_mode || all;
  col[COL_VFS] = col[COL_LABEL] =
    ((s->output & OUT_FILESYSTEMS) && long_mode) || all;
  col[COL_MBR] = ((s->output & OUT_PARTITIONS) && long_mode) || all;
  col[COL_UUID] = (uuid && long_mode) || all;
  s->title = long_mode && !no_title;
}

/* Check what was given; the exit status to leave with, or -1. */
static int
check_options (struct tool_options *o, int argc, char *argv[])
{
  const char *msg = NULL;
  const struct fs_settings *s = &fs_settings;

  if (optind < argc)
    fprintf (stderr, "virt-filesystems: extra argument '%s' on the command "
             "line\n", argv[optind]);
  else if (o->nr_drives == 0)
    msg = "no disk given: use -a or -d";
  else if (s->csv + s->json + s->human > 1)
    msg = s->csv && s->json ? "you cannot use --csv and --json together"
          : s->csv ? "you cannot use -h and --csv together"
          : "you cannot use -h and --json together";
  else
    return -1;
  if (msg)
    fprintf (stderr, "virt-filesystems: %s\n", msg);
  options_usage_hint (o);
  return EXIT_FAILURE;
}

/* Parse the options into O; the exit status to leave with, or -1. */
static int
parse_options (struct tool_options *o, int argc, char *argv[])
{
  const struct options_cmdline cl = {
    short_options, long_options, usage_text, own_option, NULL,
  };
  int r = options_getopt (o, &cl, argc, argv);

  if (r != -1)
    return r;
  set_columns ();
  return check_options (o, argc, argv);
}

static int
run (struct tool_options *o)
{
  struct fs_table t = { .rows = NULL };
  int r = -1;

  if (options_add_drives (o) == 0 && guestfs_launch (o->g) == 0 &&
      fs_collect (o->g, &t) == 0) {
    fs_print (&t);
    r = 0;
  }
  fs_table_free (&t);
  return r;
}

int
main (int argc, char *argv[])
{
  struct tool_options o;
  int r;

  if (options_init (&o, "virt-filesystems") == -1)
    exit (EXIT_FAILURE);
  o.read_only = true;
  r = parse_options (&o, argc, argv);
  if (r == -1)
    r = options_finish (&o, run (&o));
  else
    options_free (&o);
  exit (r);
}
