/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements guestfish's C<main>: the command line options
 * (C<-a>, C<--format>, C<--ro>, C<-m>, C<-f>, ...), adding drives,
 * launching and mounting for C<-m>, then running the commands given
 * on the command line, a script, or the interactive prompt
 * (terminal.c).
 */

#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fish.h"

/** The handle every command works on. */
guestfs_h *g;

/** Set by C<--ro> / C<--rw>: whether C<-a> adds drives read-only. */
bool read_only;

/* One -a: the image and the --format / --blocksize in force. */
struct drive {
  const char *file;
  const char *format;           /* NULL: not given */
  int blocksize;                /* 0: not given */
  bool domain;                  /* -d: FILE is a libvirt domain */
  bool prepared;                /* -N: --ro does not apply */
};

/* One -m DEV[:MOUNTPOINT[:OPTIONS[:FSTYPE]]]. */
struct mount {
  char *spec;                   /* the argument, split in place */
  const char *device, *mountpoint, *options;
  size_t order;                 /* position on the command line */
};

struct options {
  struct drive *drives;
  size_t nr_drives;
  struct mount *mounts;
  size_t nr_mounts;
  const char *script;           /* -f FILE */
  const char *format;           /* current --format */
  int blocksize;                /* current --blocksize */
};

enum {
  OPT_HELP = 256, OPT_FORMAT, OPT_BLOCKSIZE, OPT_IGNORED,
  OPT_LISTEN, OPT_REMOTE, OPT_CSH,
};

static const char short_options[] = ":a:c:d:f:h::im:N:nrvVwx";

static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, OPT_BLOCKSIZE },
  { "cmd-help", optional_argument, NULL, 'h' },
  { "connect", required_argument, NULL, 'c' },
  { "domain", required_argument, NULL, 'd' },
  { "csh", no_argument, NULL, OPT_CSH },
  { "echo-keys", no_argument, NULL, OPT_ECHO_KEYS },
  { "file", required_argument, NULL, 'f' },
  { "format", optional_argument, NULL, OPT_FORMAT },
  { "help", no_argument, NULL, OPT_HELP },
  { "inspector", no_argument, NULL, 'i' },
  { "keys-from-stdin", no_argument, NULL, OPT_KEYS_FROM_STDIN },
  { "listen", no_argument, NULL, OPT_LISTEN },
  { "mount", required_argument, NULL, 'm' },
  { "new", required_argument, NULL, 'N' },
  { "no-progress-bars", no_argument, NULL, OPT_NO_PROGRESS_BARS },
  { "no-sync", no_argument, NULL, 'n' },
  { "pipe-error", no_argument, NULL, OPT_PIPE_ERROR },
  { "progress-bars", no_argument, NULL, OPT_PROGRESS_BARS },
  { "remote", optional_argument, NULL, OPT_REMOTE },
  { "ro", no_argument, NULL, 'r' },
  { "rw", no_argument, NULL, 'w' },
  { "selinux", no_argument, NULL, OPT_IGNORED },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 },
};

static const char usage_text[] =
  "guestfish: the guest filesystem shell\n"
  "\n"
  "Usage:\n"
  "  guestfish [OPTIONS] [--] [CMD ARGS... [: CMD ARGS...]...]\n"
  "\n"
  "Commands after the options run in order, separated by a lone ':'.\n"
  "Without commands, they are read from standard input (a prompt if\n"
  "it is a terminal).\n"
  "\n"
  "Options:\n"
  "  -a, --add IMAGE        add a disk image (repeatable)\n"
  "  --format[=raw|qcow2]   format of the following -a images\n"
  "                         (alone: back to the default)\n"
  "  --blocksize[=512|4096] sector size of the following -a images\n"
  "  -d, --domain DOM       add the disks of libvirt domain DOM (name or UUID)\n"
  "  -c, --connect URI      the libvirt URI for -d\n"
  "  -r, --ro               add images and mount read-only\n"
  "  -w, --rw               add images and mount read-write (default)\n"
  "  -i, --inspector        inspect the disks and mount the guest's\n"
  "                         filesystems as it mounts them\n"
  "  -m, --mount DEV[:MOUNTPOINT[:OPTIONS]]\n"
  "                         mount DEV (on / by default); implies launch\n"
  "  -f, --file SCRIPT      read commands from SCRIPT\n"
  "  -N, --new [FILE=]TYPE  create a prepared disk (-N help: the types)\n"
  "  --listen [--csh]       serve commands from --remote in the background\n"
  "  --remote[=PID]         send the commands to that --listen guestfish\n"
  "  -n, --no-sync          do not sync the disks at exit\n"
  "  -v, --verbose          print debugging messages\n"
  "  -x                     echo each command before running it\n"
  "  --pipe-error           a failing '| command' fails the command\n"
  "  --keys-from-stdin      read keys and passphrases from stdin\n"
  "  --echo-keys            show keys and passphrases as they are typed\n"
  "  --progress-bars        progress bars even when not on a terminal\n"
  "  --no-progress-bars     no progress bars\n"
  "  -h, --cmd-help [CMD]   list the commands, or show help on CMD\n"
  "  -V, --version          print the version and exit\n"
  "  --help                 print this help and exit\n"
  "\n"
  "Example:\n"
  "  guestfish --ro -a disk.img -m /dev/sda1 -- cat /etc/hostname\n";

/* Close the handle and leave (before anything was launched). */
static void __attribute__((noreturn))
leave (int status)
{
  guestfs_close (g);
  exit (status);
}

static void
print_version (void)
{
  struct guestfs_version *v = guestfs_version (g);

  if (v == NULL)
    leave (EXIT_FAILURE);
  printf ("guestfish %" PRIi64 ".%" PRIi64 ".%" PRIi64 "%s\n",
          v->major, v->minor, v->release, v->extra);
  guestfs_free_version (v);
}

/* -h [CMD]: the command may be attached or the next argument. */
static int
cmd_help (const char *arg, int argc, char *argv[])
{
  char *args[2] = { NULL, NULL };

  if (arg == NULL && optind < argc && argv[optind][0] != '-')
    arg = argv[optind++];
  args[0] = (char *) arg;
  return fish_issue_command ("help", arg ? 1 : 0, args, NULL);
}

static void *
grow (void *p, size_t n, size_t size)
{
  p = realloc (p, n * size);
  if (p == NULL) {
    fprintf (stderr, "guestfish: out of memory\n");
    leave (EXIT_FAILURE);
  }
  return p;
}

static void
add_drive_option (struct options *o, const char *file)
{
  o->drives = grow (o->drives, o->nr_drives + 1, sizeof *o->drives);
  o->drives[o->nr_drives++] = (struct drive) {
    .file = file, .format = o->format, .blocksize = o->blocksize,
  };
}

/* -N [FILENAME=]TYPE: a raw disk that prep.c creates and formats. */
static int
add_prepared_drive (struct options *o, const char *arg)
{
  const char *file = prep_option (arg, o->nr_drives);

  if (file == NULL)
    return -1;
  o->drives = grow (o->drives, o->nr_drives + 1, sizeof *o->drives);
  o->drives[o->nr_drives++] = (struct drive) {
    .file = file, .format = "raw", .prepared = true,
  };
  return 0;
}

/* Split -m DEV[:MOUNTPOINT[:OPTIONS[:FSTYPE]]].  Returns 0 or -1. */
static int
add_mount_option (struct options *o, const char *arg)
{
  struct mount *m;
  char *spec = strdup (arg), *fields[4] = { NULL, NULL, NULL, NULL };
  size_t n = 0;

  if (spec == NULL)
    leave (EXIT_FAILURE);
  for (char *p = spec; p && n < 4; ++n) {
    fields[n] = p;
    p = n < 3 ? strchr (p, ':') : NULL;
    if (p)
      *p++ = '\0';
  }
  if (*fields[0] == '\0' || (fields[3] && *fields[3])) {
    fprintf (stderr, "guestfish: -m %s: %s\n", arg, *fields[0] == '\0'
             ? "missing device name" : "a filesystem type is not supported yet");
    free (spec);
    return -1;
  }
  o->mounts = grow (o->mounts, o->nr_mounts + 1, sizeof *o->mounts);
  m = &o->mounts[o->nr_mounts];
  *m = (struct mount) {
    .spec = spec, .device = fields[0], .order = o->nr_mounts++,
    .mountpoint = fields[1] && *fields[1] ? fields[1] : "/",
    .options = fields[2] && *fields[2] ? fields[2] : NULL,
  };
  return 0;
}

static int
parse_blocksize (struct options *o, const char *arg)
{
  if (arg == NULL) {
    o->blocksize = 0;
    return 0;
  }
  if (parse_int ("guestfish", "--blocksize", arg, &o->blocksize) == -1)
    return -1;
  return 0;
}

/* Options that only set a flag on the handle or in O.  Returns 0, or
 * -1 after printing an error. */
static int
handle_option (struct options *o, int c, const char *arg)
{
  switch (c) {
  case 'a': add_drive_option (o, arg); return 0;
  case 'c': fish_set_libvirt_uri (arg); return 0;
  case 'd':
    add_drive_option (o, arg);
    o->drives[o->nr_drives - 1].domain = true;
    return 0;
  case 'f': o->script = arg; return 0;
  case 'm': return add_mount_option (o, arg);
  case 'N': return add_prepared_drive (o, arg);
  case 'n': return guestfs_set_autosync (g, 0);
  case 'r': read_only = true; return 0;
  case 'w': read_only = false; return 0;
  case 'v': return guestfs_set_verbose (g, 1);
  case 'x': case OPT_ECHO_KEYS: case OPT_KEYS_FROM_STDIN:
  case OPT_PIPE_ERROR: case OPT_PROGRESS_BARS: case OPT_NO_PROGRESS_BARS:
    return fish_term_option (c);
  case OPT_FORMAT: o->format = arg && *arg ? arg : NULL; return 0;
  case OPT_BLOCKSIZE: return parse_blocksize (o, arg);
  case OPT_IGNORED: return 0;
  case OPT_LISTEN: listen_wanted = true; return 0;
  case OPT_CSH: listen_csh = true; return 0;
  case OPT_REMOTE: return remote_option (arg);
  case 'i': fish_inspector = true; return 0;
  }
  return -1;
}

/* Report a bad option (unknown, or missing its argument). */
static void
bad_option (int c, char *argv[])
{
  const char *opt = argv[optind-1];

  if (c == ':')
    fprintf (stderr, "guestfish: option '%s' needs an argument\n", opt);
  else if (strncmp (opt, "--", 2) == 0 && strchr (opt, '='))
    fprintf (stderr, "guestfish: option '%.*s' takes no argument\n",
             (int) strcspn (opt, "="), opt);
  else if (optopt && strncmp (opt, "--", 2) != 0)
    fprintf (stderr, "guestfish: unknown option '-%c' (see --help)\n",
             optopt);
  else
    fprintf (stderr, "guestfish: unknown option '%s' (see --help)\n", opt);
}

/* Parse the options into O; exits for --help, -h, -V and errors. */
static void
parse_options (int argc, char *argv[], struct options *o)
{
  int c;

  opterr = 0;
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           NULL)) != -1) {
    if (c == OPT_HELP) {
      fputs (usage_text, stdout);
      leave (EXIT_SUCCESS);
    }
    if (c == 'V') {
      print_version ();
      leave (EXIT_SUCCESS);
    }
    if (c == 'h')
      leave (cmd_help (optarg, argc, argv) == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
    if (c == '?' || c == ':') {
      bad_option (c, argv);
      leave (EXIT_FAILURE);
    }
    if (handle_option (o, c, optarg) == -1)
      leave (EXIT_FAILURE);
  }
}

static int
compare_mounts (const void *a, const void *b)
{
  const struct mount *x = a, *y = b;
  size_t lx = strlen (x->mountpoint), ly = strlen (y->mountpoint);

  if (lx != ly)
    return lx < ly ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Add one -a drive with the --ro, --format and --blocksize given. */
static int
add_drive (const struct drive *d)
{
  bool ro = read_only && !d->prepared;

  if (d->domain)
    return fish_add_domain (d->file);

  if (d->format && d->blocksize)
    return guestfs_add_drive_opts (g, d->file,
                                   GUESTFS_ADD_DRIVE_OPTS_READONLY, ro,
                                   GUESTFS_ADD_DRIVE_OPTS_FORMAT, d->format,
                                   GUESTFS_ADD_DRIVE_OPTS_BLOCKSIZE,
                                   d->blocksize, -1);
  if (d->format)
    return guestfs_add_drive_opts (g, d->file,
                                   GUESTFS_ADD_DRIVE_OPTS_READONLY, ro,
                                   GUESTFS_ADD_DRIVE_OPTS_FORMAT, d->format,
                                   -1);
  if (d->blocksize)
    return guestfs_add_drive_opts (g, d->file,
                                   GUESTFS_ADD_DRIVE_OPTS_READONLY, ro,
                                   GUESTFS_ADD_DRIVE_OPTS_BLOCKSIZE,
                                   d->blocksize, -1);
  return guestfs_add_drive_opts (g, d->file,
                                 GUESTFS_ADD_DRIVE_OPTS_READONLY, ro,
                                 -1);
}

static int
add_drives (const struct options *o)
{
  for (size_t i = 0; i < o->nr_drives; ++i)
    if (add_drive (&o->drives[i]) == -1)
      return -1;
  return 0;
}

/* Mount one -m: with --ro, "ro" is added to the options. */
static int
mount_one (const struct mount *m)
{
  CLEANUP_FREE char *options = NULL;

  if (m->options == NULL)
    return read_only ? guestfs_mount_ro (g, m->device, m->mountpoint)
                     : guestfs_mount (g, m->device, m->mountpoint);
  if (!read_only)
    return guestfs_mount_options (g, m->options, m->device, m->mountpoint);
  if (asprintf (&options, "ro,%s", m->options) == -1) {
    fprintf (stderr, "guestfish: out of memory\n");
    return -1;
  }
  return guestfs_mount_options (g, options, m->device, m->mountpoint);
}

/* Add the -a and -N drives; with -m or -N, launch, prepare the -N
 * disks and mount (shortest mountpoint first, so / comes before
 * /boot). */
static int
setup (struct options *o)
{
  if (prep_create_disks () == -1 || add_drives (o) == -1)
    return -1;
  if (fish_inspector && prep_count () == 0)
    return inspect_mount (o->nr_mounts > 0);
  if (fish_inspector)           /* -N disks are formatted before -i */
    return guestfs_launch (g) == -1 || prep_format_disks () == -1 ? -1
      : inspect_mount (o->nr_mounts > 0);
  if (o->nr_mounts == 0 && prep_count () == 0)
    return 0;
  if (guestfs_launch (g) == -1 || prep_format_disks () == -1)
    return -1;
  qsort (o->mounts, o->nr_mounts, sizeof *o->mounts, compare_mounts);
  for (size_t i = 0; i < o->nr_mounts; ++i)
    if (mount_one (&o->mounts[i]) == -1)
      return -1;
  return 0;
}

/* Run one command from the command line (ARGV[0..N-1]); a leading
 * '-' on the name makes its failure non-fatal. */
static int
run_argv_command (char **words, size_t n)
{
  CLEANUP_FREE char **args = calloc (n, sizeof (char *));
  const char *cmd = words[0];
  bool ignore_errors = cmd[0] == '-' && cmd[1] != '\0';
  bool exit_on_error = fish_exit_on_error;
  int r;

  if (args == NULL) {
    fprintf (stderr, "guestfish: out of memory\n");
    return -1;
  }
  memcpy (args, words + 1, (n - 1) * sizeof (char *));
  fish_exit_on_error = exit_on_error && !ignore_errors;
  r = fish_issue_command (cmd + ignore_errors, n - 1, args, NULL);
  fish_exit_on_error = exit_on_error;
  fflush (stdout);
  return ignore_errors ? 0 : r;
}

/* Commands on the command line, separated by lone ":" words. */
static int
run_argv_commands (char **words, size_t n)
{
  size_t i = 0;

  while (i < n && !fish_quit) {
    size_t j = i;
    while (j < n && strcmp (words[j], ":") != 0)
      j++;
    if (j > i && run_argv_command (words + i, j - i) == -1)
      return -1;
    i = j + 1;
  }
  return 0;
}

static int
run_script_file (const char *path)
{
  CLEANUP_FCLOSE FILE *fp = fopen (path, "r");

  if (fp == NULL) {
    fprintf (stderr, "guestfish: %s: %m\n", path);
    return -1;
  }
  return fish_run_script (fp, path);
}

static int
run_commands (int argc, char *argv[], const struct options *o)
{
  if (o->script && argc > 0) {
    fprintf (stderr, "guestfish: commands cannot follow -f %s: '%s'\n",
             o->script, argv[0]);
    return -1;
  }
  if (o->script)
    return run_script_file (o->script);
  if (argc > 0)
    return run_argv_commands (argv, argc);
  if (isatty (STDIN_FILENO))
    return fish_interactive ();
  return fish_run_script (stdin, NULL);
}

/**
 * Parse the options, add the drives (launching and mounting for
 * C<-m>), run the commands, then shut the appliance down.  Exits 0,
 * or 1 if anything failed.
 */
int
main (int argc, char *argv[])
{
  struct options o = { NULL, 0, NULL, 0, NULL, NULL, 0 };
  int r;

  g = guestfs_create ();
  if (g == NULL) {
    fprintf (stderr, "guestfish: could not create the libguestfs handle\n");
    exit (EXIT_FAILURE);
  }
  parse_options (argc, argv, &o);
  if (fish_inspector && o.nr_drives == 0 && optind < argc &&
      (r = inspect_old_style_drives (argc - optind, argv + optind)) >= 0)
    optind += r;
  else if (fish_inspector && o.nr_drives == 0 && optind < argc)
    leave (EXIT_FAILURE);
  if (remote_check_options (o.nr_drives + o.nr_mounts, o.script != NULL,
                            argc - optind) == -1 ||
      (listen_wanted && listen_start () == -1))
    leave (EXIT_FAILURE);
  fish_progress_setup (optind >= argc);
  r = setup (&o);
  if (r == 0)
    r = listen_wanted ? listen_serve ()
                      : run_commands (argc - optind, argv + optind, &o);
  fflush (stdout);
  if (guestfs_shutdown (g) == -1)
    r = -1;
  guestfs_close (g);
  for (size_t i = 0; i < o.nr_mounts; ++i)
    free (o.mounts[i].spec);
  free (o.mounts);
  free (o.drives);
  prep_free ();
  exit (r == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
