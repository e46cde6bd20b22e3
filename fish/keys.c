/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements how guestfish reads key and passphrase
 * parameters (C<luks-open>'s key, ...), which never appear on the
 * command line: by default from F</dev/tty> after a prompt, with
 * echo turned off; with C<--keys-from-stdin> as the next line of
 * standard input (which may be the script itself); C<--echo-keys>
 * leaves echo on.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fish.h"
#include "terminal.h"

/** Set by C<--keys-from-stdin> and C<--echo-keys>. */
bool term_keys_from_stdin;
bool term_echo_keys;

/* Turn echo off on FP if it is a terminal; returns true if it did
 * (SAVED then holds the settings to restore). */
static bool
echo_off (FILE *fp, struct termios *saved)
{
  struct termios t;

  if (term_echo_keys || !isatty (fileno (fp)) ||
      tcgetattr (fileno (fp), saved) == -1)
    return false;
  t = *saved;
  t.c_lflag &= ~ECHO;
  return tcsetattr (fileno (fp), TCSAFLUSH, &t) == 0;
}

/* Read one line from IN (the key, without its newline).  NULL at end
 * of input. */
static char *
read_line (FILE *in)
{
  char *line = NULL;
  size_t cap = 0;
  ssize_t len = getline (&line, &cap, in);

  if (len == -1) {
    fish_free_key (&line);
    return NULL;
  }
  if (len > 0 && line[len-1] == '\n')
    line[--len] = '\0';
  if (len > 0 && line[len-1] == '\r')
    line[--len] = '\0';
  return line;
}

/* Prompt on the terminal TTY and read the key from it. */
static char *
read_from_tty (FILE *tty, const char *param)
{
  struct termios saved;
  bool restore;
  char *key;

  fprintf (tty, "Enter key or passphrase (\"%s\"): ", param);
  fflush (tty);
  restore = echo_off (tty, &saved);
  key = read_line (tty);
  if (restore) {
    tcsetattr (fileno (tty), TCSAFLUSH, &saved);
    fputc ('\n', tty);
  }
  return key;
}

/**
 * Read the key or passphrase for the parameter C<param>.  Returns it
 * (the caller releases it with C<fish_free_key>), or NULL after
 * printing an error (no terminal, or end of input).
 */
char *
read_key (const char *param)
{
  FILE *tty;
  char *key;

  fflush (stdout);
  if (term_keys_from_stdin)
    key = read_line (stdin);
  else {
    tty = fopen ("/dev/tty", "r+e");
    if (tty == NULL) {
      fprintf (stderr, "guestfish: cannot ask for the key \"%s\": "
               "/dev/tty: %s (use --keys-from-stdin)\n",
               param, strerror (errno));
      return NULL;
    }
    key = read_from_tty (tty, param);
    fclose (tty);
  }
  if (key == NULL)
    fprintf (stderr, "guestfish: no key \"%s\" given: end of input\n", param);
  return key;
}

/**
 * Wipe the key C<*keyp> from memory and free it; C<*keyp> may be
 * NULL.  Used through C<CLEANUP_FREE_KEY>.
 */
void
fish_free_key (char **keyp)
{
  if (*keyp == NULL)
    return;
  explicit_bzero (*keyp, strlen (*keyp));
  free (*keyp);
  *keyp = NULL;
}
