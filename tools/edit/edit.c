/* guestkit — virt-edit: edit a file of a disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-edit's command line: the options, the
 * old-style C<virt-edit IMAGE|DOMAIN FILE> form (no C<-a> or C<-d>),
 * adding the disks read-write, mounting the guest (by inspection, or
 * the C<-m> filesystems), and editing each file in turn
 * (F<file-edit.c>).  A bad C<-e> expression is refused before
 * anything is launched.  Exits 0, or 1 at the first failure.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "edit.h"

static const char short_options[] = "a:b:c:d:e:m:vVx";
static const struct option long_options[] = {
  OPTIONS_COMMON_LONG,
  { "backup", required_argument, NULL, 'b' },
  { "edit", required_argument, NULL, 'e' },
  { "expr", required_argument, NULL, 'e' },
  { "mount", required_argument, NULL, 'm' },
  { NULL, 0, NULL, 0 },
};

static const char usage_text[] =
  "virt-edit: edit a file in a virtual machine\n"
  "\n"
  "Usage:\n"
  "  virt-edit [OPTIONS] -a DISK.IMG [-a ...] FILE [FILE...]\n"
  "  virt-edit [OPTIONS] -d DOMAIN FILE [FILE...]\n"
  "  virt-edit [-a DISK.IMG|-d DOMAIN] FILE -e 'EXPR'\n"
  "Old style:\n"
  "  virt-edit DOMAIN FILE\n"
  "  virt-edit DISK.IMG [DISK.IMG...] FILE\n"
  "\n"
  "Options:\n"
  OPTIONS_COMMON_HELP
  "  -b, --backup EXT       keep the original as FILE.EXT in the guest\n"
  "  -e, --edit, --expr EXPR\n"
  "                         edit with s/REGEX/REPLACEMENT/FLAGS instead\n"
  "                         of $EDITOR, line by line\n"
  "  -m, --mount DEV[:MOUNTPOINT[:OPTIONS[:FSTYPE]]]\n"
  "                         mount DEV instead of inspecting the guest\n"
  "\n"
  "Example:\n"
  "  virt-edit -a disk.img /etc/passwd -e 's/^root:.*?:/root::/'\n";

struct edit_args {
  const char *backup_ext;
  const char *expr;
};

/* The tool's own options (C is not a common one). */
static int
own_option (struct tool_options *o, struct edit_args *a, int c,
            char *argv[])
{
  if (c == 'b')
    a->backup_ext = optarg;
  else if (c == 'e' && a->expr == NULL)
    a->expr = optarg;
  else if (c == 'e') {
    fprintf (stderr, "%s: -e given more than once\n", o->prog);
    options_usage_hint (o);
    return -1;
  } else {
    options_bad (o, c, argv);
    return -1;
  }
  return 0;
}

/* The old-style form: every argument but the last is a disk image
 * (if it has a '/' or exists) or a libvirt domain. */
static int
old_style_drives (struct tool_options *o, int argc, char *argv[])
{
  for (; optind < argc - 1; optind++) {
    const char *a = argv[optind];
    bool disk = strchr (a, '/') != NULL || access (a, F_OK) == 0;

    if (options_add_drive (o, a, !disk) == -1)
      return -1;
  }
  return 0;
}

/* Parse the options into O and A; returns the exit status to leave
 * with (-1: go on). */
static int
parse_options (struct tool_options *o, struct edit_args *a, int argc,
               char *argv[])
{
  int c, r;

  opterr = 0;
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           NULL)) != -1) {
    if (c == OPTION_HELP) {
      fputs (usage_text, stdout);
      return EXIT_SUCCESS;
    }
    if (c == 'V')
      return options_print_version (o) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
    r = c == '?' || c == ':' ? -2 : options_handle (o, c, optarg);
    if (r == -2) {
      options_bad (o, c, argv);
      return EXIT_FAILURE;
    }
    if (r == -1 || (r == 0 && own_option (o, a, c, argv) == -1))
      return EXIT_FAILURE;
  }
  if (o->nr_drives == 0 && old_style_drives (o, argc, argv) == -1)
    return EXIT_FAILURE;
  if (o->nr_drives == 0 || optind >= argc) {
    fprintf (stderr, "%s: %s\n", o->prog, o->nr_drives == 0
             ? "no disk given: use -a or -d" : "no file given");
    options_usage_hint (o);
    return EXIT_FAILURE;
  }
  return -1;
}

static int
run (struct tool_options *o, const struct edit_how *how, int nfiles,
     char **files)
{
  CLEANUP_FREE char *root = NULL;

  if (options_add_drives (o) == -1 || guestfs_launch (o->g) == -1)
    return -1;
  if (o->nr_mounts > 0 ? options_mount (o) == -1
      : (root = options_inspect_mount (o)) == NULL)
    return -1;
  for (int i = 0; i < nfiles; ++i)
    if (edit_file (o, root, files[i], how) == -1)
      return -1;
  return 0;
}

/* Parse the -e expression, or print why it is bad. */
static struct edit_expr *
parse_expr (const struct tool_options *o, const char *text)
{
  CLEANUP_FREE char *err = NULL;
  struct edit_expr *e = edit_expr_parse (text, &err);

  if (e == NULL)
    fprintf (stderr, "%s: -e: %s\n", o->prog, err ? err : "out of memory");
  return e;
}

int
main (int argc, char *argv[])
{
  struct tool_options o;
  struct edit_args a = { NULL, NULL };
  struct edit_expr *expr = NULL;
  int r;

  if (options_init (&o, "virt-edit") == -1)
    exit (EXIT_FAILURE);
  o.read_only = false;
  r = parse_options (&o, &a, argc, argv);
  if (r == -1 && a.expr && (expr = parse_expr (&o, a.expr)) == NULL)
    r = EXIT_FAILURE;
  if (r == -1) {
    struct edit_how how = { .expr = expr, .backup_ext = a.backup_ext };

    r = run (&o, &how, argc - optind, argv + optind) == 0 ? EXIT_SUCCESS
                                                         : EXIT_FAILURE;
    if (guestfs_shutdown (o.g) == -1)
      r = EXIT_FAILURE;
  }
  edit_expr_free (expr);
  options_free (&o);
  exit (r);
}
