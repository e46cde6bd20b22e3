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
  struct tool_options *o;
  const char *backup_ext;
  const char *expr;
};

/* The tool's own options (C is not a common one). */
static int
own_option (void *args, int c, const char *arg)
{
  struct edit_args *a = args;

  if (c == 'b')
    a->backup_ext = arg;
  else if (c == 'e' && a->expr == NULL)
    a->expr = arg;
  else if (c == 'e') {
    options_usage_error (a->o, "-e given more than once");
    return -1;
  } else
    return 0;
  return 1;
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
  const struct options_cmdline cl = {
    short_options, long_options, usage_text, own_option, a,
  };
  int r;

  a->o = o;
  r = options_getopt (o, &cl, argc, argv);
  if (r != -1)
    return r;
  if (o->nr_drives == 0 && old_style_drives (o, argc, argv) == -1)
    return EXIT_FAILURE;
  if (o->nr_drives == 0)
    return options_usage_error (o, "no disk given: use -a or -d");
  if (optind >= argc)
    return options_usage_error (o, "no file given");
  return -1;
}

static int
run (struct tool_options *o, const struct edit_how *how, int nfiles,
     char **files)
{
  CLEANUP_FREE char *root = NULL;

  if (options_launch_mount (o, &root) == -1)
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
  struct edit_args a = { NULL, NULL, NULL };
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

    edit_catch_signals (o.g);
    r = run (&o, &how, argc - optind, argv + optind);
    edit_catch_signals (NULL);   /* the handle is closed next */
    r = options_finish (&o, r);
  }
  edit_expr_free (expr);
  options_free (&o);
  edit_reraise ();
  exit (r);
}
