/* guestkit — cleanup attributes shared by the library, daemon and tools.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the functions behind the C<CLEANUP_*> macros
 * and the two string-list helpers everything uses.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cleanups.h"

void
guestkit_cleanup_free (void *ptr)
{
  free (*(void **) ptr);
}

void
guestkit_cleanup_free_string_list (void *ptr)
{
  guestkit_free_string_list (*(char ***) ptr);
}

void
guestkit_cleanup_close (void *ptr)
{
  int fd = *(int *) ptr;

  if (fd >= 0) {
    int saved = errno;
    close (fd);
    errno = saved;
  }
}

void
guestkit_cleanup_fclose (void *ptr)
{
  FILE *fp = *(FILE **) ptr;

  if (fp)
    fclose (fp);
}

/**
 * Count the entries of a NULL-terminated list (NULL counts as empty).
 */
size_t
guestkit_count_strings (char *const *argv)
{
  size_t n = 0;

  if (argv)
    while (argv[n])
      n++;
  return n;
}

/**
 * Free a NULL-terminated list and its strings (NULL is allowed).
 */
void
guestkit_free_string_list (char **argv)
{
  size_t i;

  if (!argv)
    return;
  for (i = 0; argv[i]; i++)
    free (argv[i]);
  free (argv);
}
