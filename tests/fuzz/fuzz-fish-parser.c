/* guestkit — a fuzz target for guestfish's script parser.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a fuzz target for F<fish/parse.c>: a script
 * (the input) goes through C<fish_run_script>, so word splitting,
 * quotes and escapes, C<~>, comments, the C<-> prefix, C<!cmd>,
 * C<E<lt>!cmd>, C<| pipeline> and here-documents (C<-E<lt>E<lt>END>)
 * all run, with the argument parsers the generated commands call.
 *
 * parse.c is compiled in here unchanged, with C<system>, C<popen> and
 * C<pclose> renamed to stubs: no host program ever runs.  C<!cmd>
 * "succeeds" or "fails" by its length; C<E<lt>!cmd> reads CMD itself as
 * the script it outputs (nested, bounded by the line); a pipeline's
 * output goes to F</dev/null>.  The command table has three fake
 * commands: C<args> (records its words and feeds each to
 * C<parse_bool>, C<parse_int>, C<parse_int64>, C<parse_string_list>,
 * C<file_in> and C<file_out>), C<fail> and C<quit>; every other name
 * is unknown.  No handle exists.
 *
 * What must hold (besides no crash, leak or undefined behaviour):
 *  - words round-trip: the words of an C<args> line, each written back
 *    quoted (double quotes with C<\xHH> escapes, or single quotes),
 *    parse to the same words; so does a string list;
 *  - C<parse_int> and C<parse_int64> agree where the value fits an
 *    C<int>; C<parse_bool> answers -1, 0 or 1;
 *  - every here-document temporary file is gone after its command.
 *
 * Run by tests/fuzz/test-fuzz-replay.sh over
 * tests/fuzz/corpus/fuzz-fish-parser/, and by tests/fuzz/run-fuzzers.sh
 * under libFuzzer.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int fuzz_system (const char *cmd);
static FILE *fuzz_popen (const char *cmd, const char *mode);
static int fuzz_pclose (FILE *fp);
#define system fuzz_system
#define popen fuzz_popen
#define pclose fuzz_pclose
#include "parse.c"
#undef system
#undef popen
#undef pclose

#define FUZZ_NAME "fuzz-fish-parser"
#include "fuzz-driver.h"

/* What parse.c links against in guestfish. */
bool fish_quit, fish_exit_on_error, fish_echo_commands, fish_pipe_error;
int remote_pid;

int
remote_issue_command (const char *cmd, size_t argc, char *argv[])
{
  (void) cmd; (void) argc; (void) argv;
  abort ();                     /* remote_pid is always 0 */
}

void
fish_echo_command (const char *cmd, size_t argc, char *argv[])
{
  (void) cmd; (void) argc; (void) argv;
}

static char tmpdir[32];
static unsigned long programs, commands, roundtrips, heredocs, host_cmds;

/*-- the stubs ---------------------------------------------------------------*/

static int
fuzz_system (const char *cmd)
{
  host_cmds++;
  return strlen (cmd) % 3 == 0 ? 0 : strlen (cmd) % 3 == 1 ? 1 << 8 : -1;
}

/* "r": CMD's text is its output; "w": output to /dev/null. */
static FILE *
fuzz_popen (const char *cmd, const char *mode)
{
  host_cmds++;
  if (mode[0] == 'w')
    return fopen ("/dev/null", "we");
  return fmemopen ((void *) cmd, strlen (cmd), "r");
}

static int
fuzz_pclose (FILE *fp)
{
  return fclose (fp) == 0 ? 0 : -1;
}

/*-- the fake commands ---------------------------------------------------------*/

static bool in_roundtrip;
static char **last_words;
static size_t nr_last_words;

static void
free_words (char **v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free (v[i]);
  free (v);
}

/* WORD quoted so that the parser gives it back unchanged. */
static void
quote (struct wbuf *w, const char *word, bool single)
{
  static const char hex[] = "0123456789abcdef";

  if (single && strchr (word, '\'') == NULL) {
    wbuf_push (w, '\'');
    wbuf_append (w, word);
    wbuf_push (w, '\'');
    return;
  }
  wbuf_push (w, '"');
  for (; *word; word++) {
    wbuf_append (w, "\\x");
    wbuf_push (w, hex[(uint8_t) *word >> 4]);
    wbuf_push (w, hex[(uint8_t) *word & 15]);
  }
  wbuf_push (w, '"');
}

/* The words of a list or line, quoted and joined by spaces. */
static char *
requote (const char *first, char **v, size_t n, bool single)
{
  struct wbuf w = { NULL, 0, 0 };

  if (first)
    wbuf_append (&w, first);
  for (size_t i = 0; i < n; i++) {
    if (w.len)
      wbuf_push (&w, ' ');
    quote (&w, v[i], single ^ (i & 1));
  }
  return wbuf_take (&w);
}

static bool
same_words (char **a, size_t na, char **b, size_t nb)
{
  if (na != nb)
    return false;
  for (size_t i = 0; i < na; i++)
    if (strcmp (a[i], b[i]) != 0)
      return false;
  return true;
}

static void
check_list (const char *arg)
{
  char **v = parse_string_list (arg), **again;
  size_t n = 0, m = 0;
  char *line;

  if (v == NULL)
    return;
  while (v[n])
    n++;
  line = requote (NULL, v, n, arg[0] & 1);
  again = parse_string_list (line);
  while (again && again[m])
    m++;
  CHECK (again && same_words (v, n, again, m),
         "string list '%.100s' does not round-trip through '%.100s'",
         arg, line);
  roundtrips++;
  free_words (v, n);
  free_words (again, m);
  free (line);
}

static void
check_numbers (const char *arg)
{
  int i = 0, b = parse_bool ("args", "b", arg);
  int64_t i64 = 0;
  int ri = parse_int ("args", "i", arg, &i);
  int r64 = parse_int64 ("args", "i64", arg, &i64);

  CHECK (b == -1 || b == 0 || b == 1, "parse_bool gave %d", b);
  CHECK (ri == -1 || (r64 == 0 && i64 == i),
         "'%.60s': parse_int says %d, parse_int64 %d (%" PRId64 ")", arg, i,
         r64, i64);
  CHECK (r64 == -1 || ri == 0 || i64 < INT_MIN || i64 > INT_MAX,
         "'%.60s': an int64 in the int range refused by parse_int", arg);
}

/* args WORD...: check each word, then the whole line's round trip. */
static int
run_args (const char *cmd, size_t argc, char *argv[])
{
  char *line, *p;

  if (in_roundtrip) {
    last_words = calloc (argc + 1, sizeof *last_words);
    for (size_t i = 0; last_words && i < argc; i++)
      last_words[i] = strdup (argv[i]);
    nr_last_words = last_words ? argc : 0;
    return 0;
  }
  commands++;
  for (size_t i = 0; i < argc; i++) {
    check_numbers (argv[i]);
    check_list (argv[i]);
    if (strncmp (argv[i], "-<<", 3) == 0)
      heredocs++;
    free (file_in (argv[i]));
    free (file_out (argv[i]));
  }
  line = requote (cmd, argv, argc, argc & 1);
  in_roundtrip = true;
  p = line;
  CHECK (fish_run_line (p) == 0 && same_words (argv, argc, last_words,
                                                nr_last_words),
         "the words of '%.100s' do not round-trip", line);
  in_roundtrip = false;
  free_words (last_words, nr_last_words);
  last_words = NULL;
  nr_last_words = 0;
  free (line);
  return 0;
}

static int
run_fail (const char *cmd, size_t argc, char *argv[])
{
  (void) cmd; (void) argc; (void) argv;
  return -1;
}

static int
run_quit (const char *cmd, size_t argc, char *argv[])
{
  (void) cmd; (void) argc; (void) argv;
  fish_quit = true;
  return 0;
}

const struct command_entry *
find_command (const char *name)
{
  static const struct command_entry cmds[] = {
    { "args", NULL, "", "", "", run_args },
    { "fail", NULL, "", "", "", run_fail },
    { "quit", NULL, "", "", "", run_quit },
  };

  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    if (strcmp (name, cmds[i].name) == 0)
      return &cmds[i];
  return NULL;
}

/*-- the target ----------------------------------------------------------------*/

static void
remove_tmpdir (void)
{
  rmdir (tmpdir);
}

/* Whether the here-document directory is empty. */
static bool
no_tmp_files (void)
{
  DIR *d = opendir (tmpdir);
  struct dirent *e;
  bool empty = true;

  while (d && (e = readdir (d)) != NULL)
    if (strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
      empty = false;
  if (d)
    closedir (d);
  return empty;
}

static void
fuzz_one (const uint8_t *data, size_t size)
{
  FILE *fp;

  if (tmpdir[0] == '\0') {
    strcpy (tmpdir, "/tmp/fuzz-fish-XXXXXX");
    if (mkdtemp (tmpdir) == NULL)
      abort ();
    setenv ("TMPDIR", tmpdir, 1);
    setenv ("HOME", "/home/fuzz", 1);
    atexit (remove_tmpdir);
  }
  programs++;
  fish_quit = false;
  fish_exit_on_error = size > 0 && (data[0] & 1);
  fp = fmemopen ((void *) data, size, "r");
  if (fp == NULL)
    return;
  (void) fish_run_script (fp, (size & 1) ? "fuzz" : NULL);
  fclose (fp);
  CHECK (no_tmp_files (), "a here-document file was left in %s", tmpdir);
}

static void __attribute__((unused))
fuzz_summary (char *buf, size_t len)
{
  snprintf (buf, len, "%lu scripts: %lu args commands, %lu round trips, "
            "%lu here-documents, %lu host commands (stubbed)", programs,
            commands, roundtrips, heredocs, host_cmds);
}
