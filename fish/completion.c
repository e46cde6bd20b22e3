/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements guestfish's tab completion (readline): the
 * first word of a line completes to command names and aliases; later
 * words to what the command takes there: local file names for its
 * local file arguments (C<upload>'s first, ...), devices, partitions
 * and logical volumes for device arguments, and guest paths (listed
 * in the appliance, directories ending in C</>) for guest paths.
 * Words after a C<|>, C<!> or C<< <! >> are host shell words, so
 * local file names.
 *
 * Completion asks the appliance only once it is launched, and never
 * prints its errors.  Names coming back from the guest are hostile:
 * those with control characters are not offered.
 */

#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <readline/readline.h>

#include "fish.h"
#include "terminal.h"

/* At most this many guest names are offered for one completion. */
#define MAX_CANDIDATES 10000

/* Candidates collected for the current completion, handed out one by
 * one by candidate_generator. */
static struct {
  char **v;
  size_t n, cap, next;
} cands;

static void
cands_reset (void)
{
  for (size_t i = cands.next; i < cands.n; ++i)
    free (cands.v[i]);
  free (cands.v);
  memset (&cands, 0, sizeof cands);
}

/* Add S (taken over) if it starts with the N characters of TEXT. */
static void
cands_add (char *s, const char *text, size_t n)
{
  char **v;

  if (s == NULL || strncmp (s, text, n) != 0 || cands.n >= MAX_CANDIDATES) {
    free (s);
    return;
  }
  if (cands.n == cands.cap) {
    v = realloc (cands.v, (cands.cap ? cands.cap * 2 : 32) * sizeof *v);
    if (v == NULL) {
      free (s);
      return;
    }
    cands.v = v;
    cands.cap = cands.cap ? cands.cap * 2 : 32;
  }
  cands.v[cands.n++] = s;
}

static char *
candidate_generator (const char *text, int state)
{
  (void) text;
  (void) state;
  if (cands.next < cands.n)
    return cands.v[cands.next++];      /* readline frees it */
  return NULL;
}

/*-- Command names --*/

static char *
command_generator (const char *text, int state)
{
  static size_t index, len;
  static const char *alias;     /* in the aliases of the current entry */
  const struct command_entry *e;

  if (state == 0) {
    index = 0;
    len = strlen (text);
    alias = NULL;
  }
  for (;;) {
    while (alias && *alias) {   /* the aliases of entry index-1 */
      size_t n = strcspn (alias, " ");
      const char *a = alias;
      alias += n + (alias[n] == ' ');
      if (n >= len && strncasecmp (a, text, len) == 0)
        return strndup (a, n);
    }
    if ((e = fish_command_at (index++)) == NULL)
      return NULL;
    alias = e->aliases;
    if (strncasecmp (e->name, text, len) == 0)
      return strdup (e->name);
  }
}

/*-- Asking the appliance --*/

/* Is NAME safe to put on the command line: no control characters? */
static bool
printable_name (const char *name)
{
  for (const unsigned char *p = (const unsigned char *) name; *p; ++p)
    if (*p < 0x20 || *p == 0x7f)
      return false;
  return true;
}

static void
add_string_list (char **list, const char *text, size_t n)
{
  for (size_t i = 0; list && list[i]; ++i)
    if (printable_name (list[i]))
      cands_add (strdup (list[i]), text, n);
  guestkit_free_string_list (list);
}

/* Devices, partitions and logical volumes starting with TEXT. */
static void
add_devices (const char *text)
{
  size_t n = strlen (text);

  add_string_list (guestfs_list_devices (g), text, n);
  add_string_list (guestfs_list_partitions (g), text, n);
  add_string_list (guestfs_lvs (g), text, n);
}

/* Entries of the guest directory holding TEXT whose names continue
 * TEXT; directories get a '/'. */
static void
add_guest_paths (const char *text)
{
  const char *slash = strrchr (text, '/');
  size_t dirlen = slash - text, n = strlen (text);
  CLEANUP_FREE char *dir = strndup (text, dirlen ? dirlen : 1);
  struct guestfs_dirent_list *l;
  char *s;

  if (dir == NULL || (l = guestfs_readdir (g, dir)) == NULL)
    return;
  for (uint32_t i = 0; i < l->len; ++i) {
    const struct guestfs_dirent *d = &l->val[i];
    if (strcmp (d->name, ".") == 0 || strcmp (d->name, "..") == 0 ||
        strchr (d->name, '/') || !printable_name (d->name))
      continue;
    if (asprintf (&s, "%.*s/%s%s", (int) dirlen, text, d->name,
                  d->ftyp == 'd' ? "/" : "") == -1)
      s = NULL;
    cands_add (s, text, n);
  }
  guestfs_free_dirent_list (l);
}

/* Could TEXT become a /dev/... name? */
static bool
maybe_device (const char *text)
{
  size_t n = strlen (text);

  return strncmp (text, "/dev/", n < 5 ? n : 5) == 0;
}

/* Guest names for an argument of KIND ('D', 'P', 'B', or 0: unknown
 * shell command) starting with TEXT, quietly. */
static char **
complete_guest (const char *text, char kind)
{
  int ready;

  cands_reset ();
  guestfs_push_error_handler (g, NULL, NULL);
  ready = guestfs_is_ready (g) == 1;
  if (ready && kind != 'P' && maybe_device (text))
    add_devices (text);
  if (ready && kind != 'D' && text[0] == '/')
    add_guest_paths (text);
  guestfs_pop_error_handler (g);
  if (cands.n == 1 && cands.v[0][strlen (cands.v[0]) - 1] == '/')
    rl_completion_suppress_append = 1;
  return cands.n ? rl_completion_matches (text, candidate_generator) : NULL;
}

/*-- Which argument is being completed --*/

/* Shell commands (not generated) that take local file names. */
static const struct {
  const char *name;
  const char *kinds;
} shell_arg_kinds[] = {
  { "alloc", "LS" }, { "allocate", "LS" }, { "sparse", "LS" },
  { "lcd", "L" }, { "help", "C" }, { "time", "C" },
};

/* The kind of argument ARGN (0-based) of command CMD: a letter of
 * fish_api_arg_kinds, 'C' for a command name, or 0 if unknown. */
static char
arg_kind (const char *cmd, size_t argn)
{
  const struct command_entry *e = find_command (cmd);
  const char *kinds = NULL;

  if (e && e >= fish_api_commands &&
      e < fish_api_commands + fish_nr_api_commands)
    kinds = fish_api_arg_kinds[e - fish_api_commands];
  for (size_t i = 0; e && !kinds && i < sizeof shell_arg_kinds /
         sizeof shell_arg_kinds[0]; ++i)
    if (strcmp (e->name, shell_arg_kinds[i].name) == 0)
      kinds = shell_arg_kinds[i].kinds;
  if (kinds == NULL)
    return 0;
  return argn < strlen (kinds) ? kinds[argn] : 'S';
}

/* Split the line before START into words (blanks separate; quotes are
 * not interpreted).  Sets *HOST if a '|', '!' or '<!' makes the rest
 * host shell words.  Returns the command word (malloc'd, no leading
 * '-') and its argument count in *ARGN, or NULL if START is in the
 * first word. */
static char *
line_command (int start, size_t *argn, bool *host)
{
  const char *p = rl_line_buffer, *end = rl_line_buffer + start;
  char *cmd = NULL;

  *argn = 0;
  *host = false;
  p += strspn (p, " \t");
  if (*p == '-')
    p++;
  if (*p == '!' || (p[0] == '<' && p[1] == '!'))
    *host = true;
  for (;;) {
    p += strspn (p, " \t");
    if (p >= end)
      return cmd;
    if (*p == '|')
      *host = true;
    size_t n = strcspn (p, " \t");
    if (cmd == NULL)
      cmd = strndup (p, n);
    else
      (*argn)++;
    p += n;
  }
}

/* The kind of argument ARGN of CMD, where "help" and "time" take a
 * command name first (after that: nothing to offer for help, the
 * heuristics for time). */
static char
kind_at (const char *cmd, size_t argn)
{
  char kind = arg_kind (cmd, argn);

  if (kind == 'C' || (argn > 0 && arg_kind (cmd, 0) == 'C'))
    return argn == 0 ? 'C' : strcmp (cmd, "time") == 0 ? 0 : 'S';
  return kind;
}

static char **
complete_local (const char *text)
{
  rl_filename_completion_desired = 1;
  return rl_completion_matches (text, rl_filename_completion_function);
}

/* readline's attempted-completion function. */
static char **
complete (const char *text, int start, int end)
{
  size_t argn;
  bool host;
  CLEANUP_FREE char *cmd = line_command (start, &argn, &host);
  char kind;

  (void) end;
  rl_attempted_completion_over = 1;
  if (host)
    return complete_local (text);
  if (cmd == NULL)
    return rl_completion_matches (text, command_generator);
  kind = kind_at (cmd, argn);
  if (kind == 'C')
    return rl_completion_matches (text, command_generator);
  if (kind == 'L' || (kind == 0 && text[0] != '/'))
    return complete_local (text);
  if (kind == 'S')
    return NULL;
  return complete_guest (text, kind);
}

/**
 * Make readline complete guestfish command lines (see the top of
 * this file).
 */
void
completion_setup (void)
{
  rl_readline_name = "guestfish";
  rl_attempted_completion_function = complete;
}
