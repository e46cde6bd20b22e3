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
#include "options.h"

/** The handle every command works on. */
guestfs_h *g;

/** Set by C<--ro> / C<--rw>: whether C<-a> adds drives read-only. */
bool read_only;

/* The drives (-a, -d, -N) and mounts (-m) are kept by the options
 * code the virt-* tools share (common/options). */
struct options {
  struct tool_options t;
  const char *script;           /* -f FILE */
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

/* -N [FILENAME=]TYPE: a raw disk that prep.c creates and formats. */
static int
add_prepared_drive (struct options *o, const char *arg)
{
  const char *file = prep_option (arg, o->t.nr_drives);
  struct opt_drive *d;

  if (file == NULL || options_add_drive (&o->t, file, false) == -1)
    return -1;
  d = &o->t.drives[o->t.nr_drives - 1];
  d->format = "raw";
  d->blocksize = 0;
  d->prepared = true;
  return 0;
}

/* Options that only set a flag on the handle or in O.  Returns 0, or
 * -1 after printing an error. */
static int
handle_option (struct options *o, int c, const char *arg)
{
  switch (c) {
  case 'a': case 'c': case 'd': case 'm':
    return options_handle (&o->t, c, arg) == -1 ? -1 : 0;
  case OPT_FORMAT:
    return options_handle (&o->t, OPTION_FORMAT, arg) == -1 ? -1 : 0;
  case OPT_BLOCKSIZE:
    return options_handle (&o->t, OPTION_BLOCKSIZE, arg) == -1 ? -1 : 0;
  case 'f': o->script = arg; return 0;
  case 'N': return add_prepared_drive (o, arg);
  case 'n': return guestfs_set_autosync (g, 0);
  case 'r': read_only = true; return 0;
  case 'w': read_only = false; return 0;
  case 'v': return guestfs_set_verbose (g, 1);
  case 'x': case OPT_ECHO_KEYS: case OPT_KEYS_FROM_STDIN:
  case OPT_PIPE_ERROR: case OPT_PROGRESS_BARS: case OPT_NO_PROGRESS_BARS:
    return fish_term_option (c);
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

/* Add the -a and -N drives; with -m or -N, launch, prepare the -N
 * disks and mount (shortest mountpoint first, so / comes before
 * /boot). */
static int
setup (struct options *o)
{
  o->t.read_only = read_only;
  if (prep_create_disks () == -1 || options_add_drives (&o->t) == -1)
    return -1;
  if (fish_inspector && prep_count () == 0)
    return inspect_mount (o->t.nr_mounts > 0);
  if (fish_inspector)           /* -N disks are formatted before -i */
    return guestfs_launch (g) == -1 || prep_format_disks () == -1 ? -1
      : inspect_mount (o->t.nr_mounts > 0);
  if (o->t.nr_mounts == 0 && prep_count () == 0)
    return 0;
  if (guestfs_launch (g) == -1 || prep_format_disks () == -1)
    return -1;
  return options_mount (&o->t);
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
  struct options o = { .script = NULL };
  int r;

  if (options_init (&o.t, "guestfish") == -1)
    exit (EXIT_FAILURE);
  g = o.t.g;
  parse_options (argc, argv, &o);
  if (fish_inspector && o.t.nr_drives == 0 && optind < argc &&
      (r = inspect_old_style_drives (argc - optind, argv + optind)) >= 0)
    optind += r;
  else if (fish_inspector && o.t.nr_drives == 0 && optind < argc)
    leave (EXIT_FAILURE);
  if (remote_check_options (o.t.nr_drives + o.t.nr_mounts, o.script != NULL,
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
  o.t.g = g;                    /* 'reopen' may have replaced it */
  options_free (&o.t);
  prep_free ();
  exit (r == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
