/* guestkit — virt-df: free space on the filesystems of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-df's command line.  With C<-a> or C<-d>
 * every disk given belongs to one guest, looked at in one appliance
 * and named after its first disk (the file name without its
 * directory, or the domain) with a C<+> for each further disk, as in
 * libguestfs.  Without them, every libvirt domain is a guest of its
 * own, looked at by C<-P> threads at once.  Arguments without an
 * option are the old form: a path or an existing file is C<-a>,
 * anything else C<-d>.  Exits 0, or 1 on any error.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "df.h"

enum {
  OPTION_CSV = OPTION_TOOL, OPTION_JSON, OPTION_ONE_PER_GUEST, OPTION_UUID,
};

static const char short_options[] = "a:c:d:hiP:vVx";
static const struct option long_options[] = {
  OPTIONS_COMMON_LONG,
  { "csv", no_argument, NULL, OPTION_CSV },
  { "human-readable", no_argument, NULL, 'h' },
  { "inodes", no_argument, NULL, 'i' },
  { "json", no_argument, NULL, OPTION_JSON },
  { "one-per-guest", no_argument, NULL, OPTION_ONE_PER_GUEST },
  { "uuid", no_argument, NULL, OPTION_UUID },
  { NULL, 0, NULL, 0 },
};

static const char usage_text[] =
  "virt-df: show the free space on the filesystems of virtual machines\n"
  "\n"
  "Usage:\n"
  "  virt-df [OPTIONS]                 every libvirt guest\n"
  "  virt-df [OPTIONS] -d DOMAIN\n"
  "  virt-df [OPTIONS] -a DISK.IMG [-a DISK.IMG ...]\n"
  "\n"
  "Options:\n"
  OPTIONS_COMMON_HELP
  "  --csv                  comma-separated values\n"
  "  --json                 a JSON array (sizes in bytes)\n"
  "  -h, --human-readable   sizes like 1.5G\n"
  "  -i, --inodes           inodes instead of blocks\n"
  "  --one-per-guest        one appliance per guest (always so)\n"
  "  -P N                   look at N libvirt guests at once\n"
  "  --uuid                 name libvirt guests by UUID\n"
  "\n"
  "Example:\n"
  "  virt-df -a disk.img -h\n";

static size_t nr_threads;       /* -P; 0: chosen from memory */

/* Handle virt-df's own option C: 1, or -1 after a message. */
static int
own_option (void *tool, int c, const char *arg)
{
  struct tool_options *o = tool;
  int n = -1;

  switch (c) {
  case 'h': df_settings.human = true; return 1;
  case 'i': df_settings.inodes = true; return 1;
  case OPTION_CSV: df_settings.format = DF_CSV; return 1;
  case OPTION_JSON: df_settings.format = DF_JSON; return 1;
  case OPTION_ONE_PER_GUEST: return 1;
  case OPTION_UUID: df_settings.uuid = true; return 1;
  case 'P':
    if (options_parse_int (o->prog, "-P", arg, &n) == 0 && n < 0) {
      fprintf (stderr, "virt-df: -P: '%s' is not a number of threads\n", arg);
      n = -1;
    }
    if (n < 0) {                /* the message is out */
      options_usage_hint (o);
      return -1;
    }
    nr_threads = (size_t) n;
    return 1;
  }
  return 0;
}

/* The old form: virt-df [OPTIONS] DISK|DOMAIN ... */
static int
add_old_style (struct tool_options *o, int argc, char *argv[])
{
  for (; optind < argc; optind++) {
    const char *a = argv[optind];
    bool file = strchr (a, '/') != NULL || access (a, F_OK) == 0;

    if (options_add_drive (o, a, !file) == -1)
      return -1;
  }
  return 0;
}

/* Check what was given; the exit status to leave with, or -1. */
static int
check_options (struct tool_options *o, int argc, char *argv[])
{
  const char *clash = NULL;

  if (o->nr_drives == 0 && add_old_style (o, argc, argv) == -1)
    return EXIT_FAILURE;
  if (optind < argc) {
    fprintf (stderr, "virt-df: extra argument '%s' on the command line\n",
             argv[optind]);
    options_usage_hint (o);
    return EXIT_FAILURE;
  }
  if (df_settings.human && df_settings.format != DF_TEXT)
    clash = df_settings.format == DF_CSV ? "-h and --csv" : "-h and --json";
  if (clash) {
    fprintf (stderr, "virt-df: you cannot use %s together\n", clash);
    options_usage_hint (o);
    return EXIT_FAILURE;
  }
  return -1;
}

/* Parse the options into O; the exit status to leave with, or -1. */
static int
parse_options (struct tool_options *o, int argc, char *argv[])
{
  const struct options_cmdline cl = {
    short_options, long_options, usage_text, own_option, o,
  };
  int r = options_getopt (o, &cl, argc, argv);

  if (r != -1)
    return r;
  return check_options (o, argc, argv);
}

/* The name of the one guest: its first disk's file name (or domain)
 * and a '+' for each further disk; malloc'd, or NULL. */
static char *
display_name (const struct tool_options *o)
{
  const char *first = o->drives[0].file, *slash = strrchr (first, '/');
  const char *base = o->drives[0].domain || slash == NULL ? first : slash + 1;
  size_t len = strlen (base);
  char *name = malloc (len + o->nr_drives);

  if (name == NULL)
    return NULL;
  memcpy (name, base, len);
  memset (name + len, '+', o->nr_drives - 1);
  name[len + o->nr_drives - 1] = '\0';
  return name;
}

/* The disks given on the command line, as one guest. */
static int
df_one_guest (struct tool_options *o)
{
  struct df_guest guest = { .name = display_name (o) };
  int r;

  if (guest.name == NULL) {
    fprintf (stderr, "virt-df: out of memory\n");
    return -1;
  }
  r = options_add_drives (o) == -1 || guestfs_launch (o->g) == -1 ? -1 : 0;
  if (r == 0) {
    df_print_title ();
    r = df_collect (o->g, &guest);
    df_print_guest (&guest);
    df_print_end ();
  }
  df_guest_free (&guest);
  return r;
}

/* Every libvirt guest. */
static int
df_all_domains (struct tool_options *o)
{
  struct df_guest *guests;
  size_t n;
  int r;

  if (df_list_domains (o->libvirt_uri, &guests, &n) == -1)
    r = -1;
  else {
    df_print_title ();
    r = df_parallel (o->g, o->libvirt_uri, guests, n, nr_threads);
    df_print_end ();
  }
  for (size_t i = 0; i < n; i++)
    df_guest_free (&guests[i]);
  free (guests);
  return r;
}

int
main (int argc, char *argv[])
{
  struct tool_options o;
  int r;

  if (options_init (&o, "virt-df") == -1)
    exit (EXIT_FAILURE);
  o.read_only = true;
  r = parse_options (&o, argc, argv);
  if (r == -1) {
    r = (o.nr_drives > 0 ? df_one_guest (&o) : df_all_domains (&o)) == 0
        ? EXIT_SUCCESS : EXIT_FAILURE;
    if (o.nr_drives > 0 && guestfs_shutdown (o.g) == -1)
      r = EXIT_FAILURE;
  }
  options_free (&o);
  exit (r);
}
