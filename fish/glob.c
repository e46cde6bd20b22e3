/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<glob CMD ARGS...>: each argument that starts
 * with C</> and holds a wildcard is expanded in the guest (paths with
 * C<glob-expand>, C</dev/...> names against the devices, partitions,
 * logical volumes and md devices), and CMD runs once for every
 * combination (the Cartesian product), in order.  A pattern that
 * matches nothing stays as it is, as in the shell.  A failing run
 * does not stop the others; glob then fails.
 */

#include <config.h>

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fish.h"
#include "shellcmds.h"

/* A list holding just a copy of S, or NULL. */
static char **
single (const char *s)
{
  char **l = calloc (2, sizeof *l);

  if (l && (l[0] = strdup (s)) == NULL) {
    free (l);
    l = NULL;
  }
  return l;
}

/* Append to *OUT (of *N) the names in LIST matching PATTERN, freeing
 * LIST.  Returns 0 or -1 (out of memory). */
static int
add_matches (char ***out, size_t *n, char **list, const char *pattern)
{
  int r = 0;

  for (size_t i = 0; list && list[i]; ++i) {
    char **p;
    if (r == -1 || fnmatch (pattern, list[i], FNM_PATHNAME) != 0) {
      free (list[i]);
      continue;
    }
    p = realloc (*out, (*n + 2) * sizeof *p);
    if (p == NULL) {
      free (list[i]);
      r = -1;
      continue;
    }
    *out = p;
    p[(*n)++] = list[i];
    p[*n] = NULL;
  }
  free (list);
  return r;
}

/* The block devices of every kind whose names match PATTERN (NULL
 * after an error; an empty list if none). */
static char **
expand_device (const char *pattern)
{
  char **(*listers[]) (guestfs_h *) = {
    guestfs_list_devices, guestfs_list_partitions, guestfs_lvs,
    guestfs_list_md_devices,
  };
  char **out = calloc (1, sizeof *out);
  size_t n = 0;

  for (size_t i = 0; out && i < sizeof listers / sizeof listers[0]; ++i) {
    char **list = listers[i] (g);
    if (list == NULL || add_matches (&out, &n, list, pattern) == -1) {
      guestkit_free_string_list (out);
      return NULL;
    }
  }
  return out;
}

/* The words ARG stands for: its matches, or ARG alone.  NULL after an
 * error was printed. */
static char **
expand_arg (const char *cmd, const char *arg)
{
  char **l;

  if (arg[0] != '/' || strpbrk (arg, "*?[{\\") == NULL)
    l = single (arg);
  else if (strncmp (arg, "/dev/", 5) == 0)
    l = expand_device (arg);
  else
    l = guestfs_glob_expand_opts (g, arg,
                                  GUESTFS_GLOB_EXPAND_OPTS_DIRECTORYSLASH, 0,
                                  -1);
  if (l && l[0] == NULL) {
    free (l);
    l = single (arg);
  }
  if (l == NULL)
    fprintf (stderr, "%s: %s: could not expand the pattern\n", cmd, arg);
  return l;
}

/* Run CMD on every combination of the word lists WORDS[0..N-1]. */
static int
run_product (const char *cmd, char ***words, size_t n)
{
  CLEANUP_FREE size_t *pos = calloc (n + 1, sizeof *pos);
  CLEANUP_FREE char **argv = calloc (n + 1, sizeof *argv);
  int r = 0;
  size_t i;

  if (pos == NULL || argv == NULL) {
    fprintf (stderr, "glob: out of memory\n");
    return -1;
  }
  do {
    for (i = 0; i < n; ++i)
      argv[i] = words[i][pos[i]];
    if (fish_issue_command (cmd, n, argv, NULL) == -1)
      r = -1;
    for (i = n; i > 0; --i) {   /* the last word varies fastest */
      if (words[i-1][++pos[i-1]] != NULL)
        break;
      pos[i-1] = 0;
    }
  } while (i > 0);
  return r;
}

/**
 * C<glob> CMD ARGS...: run CMD once per combination of the expanded
 * arguments.  Returns 0, or -1 if an expansion or any run failed.
 */
int
run_glob (const char *cmd, size_t argc, char *argv[])
{
  CLEANUP_FREE char ***words = NULL;
  int r = 0;

  if (argc < 1)
    return usage_error (cmd);
  words = calloc (argc, sizeof *words);
  if (words == NULL) {
    fprintf (stderr, "%s: out of memory\n", cmd);
    return -1;
  }
  for (size_t i = 1; i < argc && r == 0; ++i)
    if ((words[i] = expand_arg (cmd, argv[i])) == NULL)
      r = -1;
  if (r == 0)
    r = run_product (argv[0], words + 1, argc - 1);
  for (size_t i = 1; i < argc; ++i)
    guestkit_free_string_list (words[i]);
  return r;
}
