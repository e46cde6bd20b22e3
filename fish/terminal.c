/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements guestfish's interactive shell and the options
 * around it: the welcome banner, the C<E<gt>E<lt>fsE<gt> > prompt
 * (and the C<GUESTFISH_PS1>, C<GUESTFISH_OUTPUT>, C<GUESTFISH_INIT>,
 * C<GUESTFISH_RESTORE> strings), the command history kept in
 * F<~/.guestfish>, and the options C<-x>, C<--pipe-error>,
 * C<--keys-from-stdin>, C<--echo-keys> and C<--[no-]progress-bars>.
 */

#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/readline.h>
#include <readline/history.h>

#include "fish.h"
#include "terminal.h"

/* The history file keeps the last this many lines. */
#define HISTORY_MAX 500

/** Set by C<-x>. */
bool fish_echo_commands;

/** Set by C<--pipe-error>. */
bool fish_pipe_error;

/**
 * Record the terminal option C<c> (an C<OPT_*> code from F<fish.h>,
 * or C<'x'>).  Returns 0.
 */
int
fish_term_option (int c)
{
  switch (c) {
  case 'x': fish_echo_commands = true; break;
  case OPT_PIPE_ERROR: fish_pipe_error = true; break;
  case OPT_KEYS_FROM_STDIN: term_keys_from_stdin = true; break;
  case OPT_ECHO_KEYS: term_echo_keys = true; break;
  case OPT_PROGRESS_BARS: term_progress_bars = 1; break;
  case OPT_NO_PROGRESS_BARS: term_progress_bars = 0; break;
  }
  return 0;
}

/**
 * Print the command about to run, as C<-x> asks: its name and
 * arguments separated by spaces, on standard output.
 */
void
fish_echo_command (const char *cmd, size_t argc, char *argv[])
{
  fputs (cmd, stdout);
  for (size_t i = 0; i < argc; ++i)
    printf (" %s", argv[i]);
  putchar ('\n');
}

/*-- Prompt strings --*/

/* Decode the escapes of a GUESTFISH_* string: \\ \a \e \n \r \t \NNN
 * (octal), and \[ \] around non-printing sequences of the prompt.
 * Returns a malloc'd string, or NULL. */
static char *
decode_escapes (const char *s)
{
  char *r = malloc (strlen (s) + 1), *q = r;

  for (; r && *s; s++) {
    if (*s != '\\' || s[1] == '\0') {
      *q++ = *s;
      continue;
    }
    switch (*++s) {
    case 'a': *q++ = '\a'; break;
    case 'e': *q++ = '\033'; break;
    case 'n': *q++ = '\n'; break;
    case 'r': *q++ = '\r'; break;
    case 't': *q++ = '\t'; break;
    case '[': *q++ = RL_PROMPT_START_IGNORE; break;
    case ']': *q++ = RL_PROMPT_END_IGNORE; break;
    case '0' ... '7': {
      int v = 0;
      for (int i = 0; i < 3 && *s >= '0' && *s <= '7'; ++i)
        v = v * 8 + (*s++ - '0');
      s--;
      *q++ = (char) v;
      break;
    }
    default: *q++ = *s; break;
    }
  }
  if (r)
    *q = '\0';
  return r;
}

/* Print the decoded environment variable NAME, if set, on stdout
 * (without the readline markers). */
static void
print_env_string (const char *name)
{
  const char *v = getenv (name);
  CLEANUP_FREE char *s = v ? decode_escapes (v) : NULL;

  for (char *p = s; p && *p; ++p)
    if (*p != RL_PROMPT_START_IGNORE && *p != RL_PROMPT_END_IGNORE)
      putchar (*p);
  fflush (stdout);
}

/*-- History --*/

/* "$HOME/.guestfish" (malloc'd), or NULL without $HOME. */
static char *
history_path (void)
{
  const char *home = getenv ("HOME");
  char *path;

  if (home == NULL || *home == '\0' ||
      asprintf (&path, "%s/.guestfish", home) == -1)
    return NULL;
  return path;
}

/* Append the NEW lines of this session to PATH (created private),
 * then cut it down to its last HISTORY_MAX lines. */
static void
history_save (const char *path, int new)
{
  int fd = open (path, O_WRONLY|O_CREAT|O_CLOEXEC, 0600);

  if (fd == -1)
    return;
  close (fd);
  if (new > 0)
    append_history (new < HISTORY_MAX ? new : HISTORY_MAX, path);
  history_truncate_file (path, HISTORY_MAX);
}

/*-- The shell --*/

static void
print_banner (void)
{
  print_env_string ("GUESTFISH_INIT");
  fputs ("\n"
         "Welcome to guestfish, the guest filesystem shell for\n"
         "editing virtual machine filesystems and disk images.\n"
         "\n"
         "Type: 'help' for help on commands\n"
         "      'man' to read the manual\n"
         "      'quit' to quit the shell\n"
         "\n", stdout);
}

/**
 * Run the interactive shell: the banner, then read lines at the
 * prompt with editing, completion and history until C<quit> or end of
 * input (^D).  A failing command does not end the shell.  Returns 0.
 */
int
fish_interactive (void)
{
  CLEANUP_FREE char *hist = history_path ();
  const char *ps1 = getenv ("GUESTFISH_PS1");
  CLEANUP_FREE char *prompt = decode_escapes (ps1 ? ps1 : "><fs> ");
  int new = 0;
  char *line;

  print_banner ();
  fish_exit_on_error = false;
  inspect_print_banner ();
  completion_setup ();
  using_history ();
  stifle_history (HISTORY_MAX);
  if (hist)
    read_history (hist);
  while (!fish_quit &&
         (line = readline (prompt ? prompt : "><fs> ")) != NULL) {
    if (line[strspn (line, " \t")] != '\0') {
      add_history (line);
      new++;
    }
    print_env_string ("GUESTFISH_OUTPUT");
    fish_run_line (line);
    free (line);
  }
  if (!fish_quit)
    putchar ('\n');
  print_env_string ("GUESTFISH_RESTORE");
  if (hist)
    history_save (hist, new);
  return 0;
}
