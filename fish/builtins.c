/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the shell-only commands (C<help>, C<quit>,
 * C<echo>, C<lcd>, C<time>, C<alloc>, ...) that wrap no single API
 * call, and C<find_command>, which looks a name up in both the
 * generated API table and this one.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "fish.h"

/** Set by C<quit>: stop reading commands. */
bool fish_quit;

#define HELP_WIDTH 72

/*-- Looking commands up --*/

/* A command name character, ignoring case and '_' versus '-'. */
static int
normal_char (char c)
{
  return c == '_' ? '-' : tolower ((unsigned char) c);
}

/* Is NAME equal to the N characters at S (as command names)? */
static bool
name_matches (const char *name, const char *s, size_t n)
{
  for (size_t i = 0; i < n; ++i)
    if (name[i] == '\0' || normal_char (name[i]) != normal_char (s[i]))
      return false;
  return name[n] == '\0';
}

/* Does ENTRY have NAME as its name or one of its aliases? */
static bool
entry_matches (const struct command_entry *entry, const char *name)
{
  const char *p = entry->aliases;

  if (name_matches (name, entry->name, strlen (entry->name)))
    return true;
  while (p && *p) {
    size_t n = strcspn (p, " ");
    if (n > 0 && name_matches (name, p, n))
      return true;
    p += n + (p[n] == ' ');
  }
  return false;
}

/**
 * Look up a command by name or alias, first among the shell commands
 * then among the API commands.  Case and C<_> / C<-> do not matter.
 * Returns NULL if there is no such command.
 */
const struct command_entry *
find_command (const char *name)
{
  const struct command_entry *e;

  for (size_t i = 0; (e = fish_command_at (i)) != NULL; ++i)
    if (entry_matches (e, name))
      return e;
  return NULL;
}

/**
 * The Nth command over every table in C<fish_tables>, or NULL.
 */
const struct command_entry *
fish_command_at (size_t n)
{
  for (size_t t = 0; t < fish_nr_tables; ++t) {
    if (n < *fish_tables[t].nr)
      return &fish_tables[t].entries[n];
    n -= *fish_tables[t].nr;
  }
  return NULL;
}

/*-- help, man --*/

static int
compare_entries (const void *a, const void *b)
{
  const struct command_entry *const *x = a, *const *y = b;

  return strcmp ((*x)->name, (*y)->name);
}

/* Print every command with its one-line description, sorted. */
static int
list_commands (void)
{
  size_t n = 0, width = 0;
  CLEANUP_FREE const struct command_entry **all = NULL;

  while (fish_command_at (n))
    n++;
  all = malloc (n * sizeof *all);
  if (all == NULL) {
    perror ("help");
    return -1;
  }
  for (size_t i = 0; i < n; ++i)
    all[i] = fish_command_at (i);
  qsort (all, n, sizeof *all, compare_entries);
  for (size_t i = 0; i < n; ++i)
    if (strlen (all[i]->name) > width && strlen (all[i]->name) <= 28)
      width = strlen (all[i]->name);
  for (size_t i = 0; i < n; ++i)
    printf ("%-*s  %s\n", (int) width, all[i]->name,
            all[i]->shortdesc ? all[i]->shortdesc : "");
  return 0;
}

/* Print the verbatim lines in [P, END), indented by 4. */
static void
print_verbatim (const char *p, const char *end)
{
  while (p < end) {
    const char *nl = memchr (p, '\n', end - p);
    const char *eol = nl ? nl : end;
    printf ("    %.*s\n", (int) (eol - p), p);
    p = eol + 1;
  }
}

/* Print the paragraph [P, END) filled to HELP_WIDTH, indented by 4;
 * one that starts with a blank is printed verbatim. */
static void
print_paragraph (const char *p, const char *end)
{
  size_t col = 0;

  if (*p == ' ') {
    print_verbatim (p, end);
    return;
  }
  while (p < end) {
    const char *word;
    while (p < end && (*p == ' ' || *p == '\n'))
      p++;
    word = p;
    while (p < end && *p != ' ' && *p != '\n')
      p++;
    if (p == word)
      break;
    if (col > 0 && col + 1 + (size_t) (p - word) > HELP_WIDTH) {
      putchar ('\n');
      col = 0;
    }
    col += printf ("%s%.*s", col ? " " : "    ", (int) (p - word), word);
  }
  if (col > 0)
    putchar ('\n');
}

/* Print a long description, paragraph by paragraph. */
static void
print_longdesc (const char *text)
{
  const char *p = text;

  while (p && *p) {
    const char *sep = strstr (p, "\n\n");
    const char *end = sep ? sep : p + strlen (p);
    if (p != text)
      putchar ('\n');
    print_paragraph (p, end);
    p = sep ? sep + 2 : end;
  }
}

/* Print the full help of one command. */
static int
show_command (const char *name)
{
  const struct command_entry *e = find_command (name);

  if (e == NULL) {
    fprintf (stderr, "help: %s: unknown command (try 'help' for a list)\n",
             name);
    return -1;
  }
  printf ("NAME\n    %s - %s\n\n", e->name, e->shortdesc ? e->shortdesc : "");
  printf ("SYNOPSIS\n     %s\n\n", e->synopsis ? e->synopsis : e->name);
  printf ("DESCRIPTION\n");
  print_longdesc (e->longdesc);
  if (e->aliases && *e->aliases)
    printf ("\nALIASES\n    %s\n", e->aliases);
  return 0;
}

static int
run_help (const char *cmd, size_t argc, char *argv[])
{
  if (argc > 1)
    return usage_error (cmd);
  if (argc == 0 || strcmp (argv[0], "-l") == 0 ||
      strcmp (argv[0], "--list") == 0)
    return list_commands ();
  return show_command (argv[0]);
}

static const char manual_text[] =
  "guestfish is a shell for examining and modifying disk images.\n"
  "\n"
  "Running it\n"
  "    guestfish [OPTIONS] [CMD ARGS... [: CMD ARGS...]...]\n"
  "    Add images with -a IMAGE (--ro to leave them unchanged), then\n"
  "    'run' (or use -m DEV[:MOUNTPOINT] to run and mount at once).\n"
  "    Commands given after the options are separated by a lone ':'.\n"
  "    Without commands, guestfish reads them from standard input,\n"
  "    with a prompt when that is a terminal.  See 'guestfish --help'.\n"
  "\n"
  "Command lines\n"
  "    One command per line: the name, then its arguments separated\n"
  "    by blanks.  Optional arguments follow as name:value.\n"
  "    \"...\"   quotes an argument; \\n \\t \\\" \\\\ \\xHH \\ooo are escapes.\n"
  "    '...'   quotes an argument literally.\n"
  "    # text  is a comment when it starts the line.\n"
  "    -cmd    runs cmd, but its failure does not stop a script.\n"
  "    !cmd    runs cmd in the host shell.\n"
  "    <!cmd   runs cmd in the host shell and executes its output.\n"
  "    cmd | host-cmd\n"
  "            pipes the output of cmd into a host shell command.\n"
  "    ~, ~user at the start of an argument is a host home directory.\n"
  "    '-' as a local file name means standard input or output;\n"
  "    -<<END reads the following lines, up to END, as the input.\n"
  "\n"
  "Errors\n"
  "    In a script or on the command line, the first failing command\n"
  "    ends guestfish with exit status 1; at the prompt it does not.\n"
  "\n"
  "Prepared disks and remote control\n"
  "    -N [FILE=]TYPE creates, adds and formats a disk (-N help).\n"
  "    eval \"$(guestfish --listen -a disk.img)\" starts a guestfish in\n"
  "    the background; guestfish --remote CMD ARGS... runs commands in it\n"
  "    (output and exit status come back) and --remote exit stops it.\n"
  "    -a, -N, -m cannot be used with --remote: send add-drive, mount.\n"
  "\n"
  "Use 'help' to list the commands and 'help CMD' for one of them.\n";

static int
run_man (const char *cmd, size_t argc, char *argv[])
{
  (void) argv;
  if (argc > 0)
    return usage_error (cmd);
  fputs (manual_text, stdout);
  return 0;
}

/*-- Simple commands --*/

static int
run_quit (const char *cmd, size_t argc, char *argv[])
{
  (void) argv;
  if (argc > 0)
    return usage_error (cmd);
  fish_quit = true;
  return 0;
}

static int
run_echo (const char *cmd, size_t argc, char *argv[])
{
  (void) cmd;
  for (size_t i = 0; i < argc; ++i)
    printf ("%s%s", i ? " " : "", argv[i]);
  putchar ('\n');
  return 0;
}

static int
run_lcd (const char *cmd, size_t argc, char *argv[])
{
  if (argc != 1)
    return usage_error (cmd);
  if (chdir (argv[0]) == -1) {
    fprintf (stderr, "%s: %s: %s\n", cmd, argv[0], strerror (errno));
    return -1;
  }
  return 0;
}

static int
run_setenv (const char *cmd, size_t argc, char *argv[])
{
  if (argc != 2)
    return usage_error (cmd);
  if (setenv (argv[0], argv[1], 1) == -1) {
    fprintf (stderr, "%s: %s: %s\n", cmd, argv[0], strerror (errno));
    return -1;
  }
  return 0;
}

static int
run_unsetenv (const char *cmd, size_t argc, char *argv[])
{
  if (argc != 1)
    return usage_error (cmd);
  if (unsetenv (argv[0]) == -1) {
    fprintf (stderr, "%s: %s: %s\n", cmd, argv[0], strerror (errno));
    return -1;
  }
  return 0;
}

static int
run_time (const char *cmd, size_t argc, char *argv[])
{
  struct timespec start, end;
  long long cs;
  int r;

  if (argc < 1)
    return usage_error (cmd);
  clock_gettime (CLOCK_MONOTONIC, &start);
  r = fish_issue_command (argv[0], argc - 1, argv + 1, NULL);
  clock_gettime (CLOCK_MONOTONIC, &end);
  cs = ((end.tv_sec - start.tv_sec) * 1000000000LL +
        (end.tv_nsec - start.tv_nsec)) / 10000000;
  printf ("elapsed time: %lld.%02lld seconds\n", cs / 100, cs % 100);
  return r;
}

/*-- alloc, sparse --*/

/* Create FILENAME of SIZE (a size like "100M"), sparse or allocated,
 * and add it to the handle as a raw read-write drive. */
static int
create_and_add (const char *cmd, const char *filename, const char *size,
                bool sparse)
{
  int64_t n;
  int fd, err;

  if (parse_int64 (cmd, "size", size, &n) == -1)
    return -1;
  if (n <= 0) {
    fprintf (stderr, "%s: size: '%s' must be greater than zero\n", cmd, size);
    return -1;
  }
  fd = open (filename, O_WRONLY|O_CREAT|O_TRUNC|O_NOCTTY|O_CLOEXEC, 0666);
  if (fd == -1) {
    fprintf (stderr, "%s: %s: %s\n", cmd, filename, strerror (errno));
    return -1;
  }
  err = sparse ? (ftruncate (fd, n) == -1 ? errno : 0)
               : posix_fallocate (fd, 0, n);
  if (close (fd) == -1 && err == 0)
    err = errno;
  if (err) {
    fprintf (stderr, "%s: %s: %s\n", cmd, filename, strerror (err));
    unlink (filename);
    return -1;
  }
  return guestfs_add_drive_opts (g, filename,
                                 GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw", -1);
}

static int
run_alloc (const char *cmd, size_t argc, char *argv[])
{
  if (argc != 2)
    return usage_error (cmd);
  return create_and_add (cmd, argv[0], argv[1], false);
}

static int
run_sparse (const char *cmd, size_t argc, char *argv[])
{
  if (argc != 2)
    return usage_error (cmd);
  return create_and_add (cmd, argv[0], argv[1], true);
}

/** The shell-only commands, sorted by name. */
const struct command_entry fish_shell_commands[] = {
  { "alloc", "allocate", "allocate and add a disk file",
    "alloc filename size",
    "Create FILENAME (replacing any file of that name) with SIZE bytes, "
    "all allocated and zeroed, and add it as a raw drive.  SIZE takes "
    "the usual suffixes, such as 100M or 1G.  See also sparse.",
    run_alloc },
  { "echo", NULL, "display a line of text", "echo [params ...]",
    "Print the parameters, separated by single spaces, then a newline.",
    run_echo },
  { "help", NULL, "display a list of commands or help on a command",
    "help [cmd]",
    "Without a parameter, list every command with a one-line "
    "description.  With the name (or alias) of a command, show its "
    "synopsis and full description.",
    run_help },
  { "lcd", NULL, "change working directory", "lcd directory",
    "Change guestfish's own current directory on the host, which "
    "relative local file names are resolved against.  (A '!cd' shell "
    "command cannot do this: it runs in a separate process.)",
    run_lcd },
  { "man", "manual", "show the guestfish manual", "man",
    "Print an overview of guestfish: how to run it, the command line "
    "syntax and how errors are handled.",
    run_man },
  { "quit", "exit q", "quit guestfish", "quit",
    "Stop reading commands and leave guestfish, shutting the appliance "
    "down cleanly.  End of input (^D at the prompt) does the same.",
    run_quit },
  { "setenv", NULL, "set an environment variable", "setenv VAR value",
    "Set the host environment variable VAR to VALUE, for guestfish and "
    "the commands it runs.",
    run_setenv },
  { "sparse", NULL, "create a sparse disk image and add",
    "sparse filename size",
    "Create FILENAME (replacing any file of that name) as a sparse file "
    "of SIZE bytes and add it as a raw drive.  Blocks take host disk "
    "space only once written.  SIZE takes the usual suffixes, such as "
    "100M or 1G.  See also alloc.",
    run_sparse },
  { "time", NULL, "print elapsed time taken to run a command",
    "time command args...",
    "Run the command with its arguments as usual, then print how long "
    "it took.",
    run_time },
  { "unsetenv", NULL, "unset an environment variable", "unsetenv VAR",
    "Remove the host environment variable VAR.",
    run_unsetenv },
};

/** The number of entries in C<fish_shell_commands>. */
const size_t fish_nr_shell_commands =
  sizeof fish_shell_commands / sizeof fish_shell_commands[0];

/** Every command table, shell commands first (see fish.h). */
const struct command_table fish_tables[] = {
  { fish_shell_commands, &fish_nr_shell_commands },
  { fish_cmds_commands, &fish_nr_cmds_commands },
  { fish_api_commands, &fish_nr_api_commands },
};

/** The number of entries in C<fish_tables>. */
const size_t fish_nr_tables = sizeof fish_tables / sizeof fish_tables[0];
