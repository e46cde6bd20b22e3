/* guestkit — cleanup attributes shared by the library, daemon and tools.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements scope-bound cleanups for locals
 * (C<CLEANUP_FREE char *s = ...;>).  configure fails without
 * C<__attribute__((cleanup))>, so they are always available.
 */

#ifndef GUESTKIT_CLEANUPS_H
#define GUESTKIT_CLEANUPS_H

#include <stdlib.h>

#define CLEANUP_FREE __attribute__((cleanup(guestkit_cleanup_free)))
#define CLEANUP_FREE_STRING_LIST \
  __attribute__((cleanup(guestkit_cleanup_free_string_list)))
#define CLEANUP_CLOSE __attribute__((cleanup(guestkit_cleanup_close)))
#define CLEANUP_FCLOSE __attribute__((cleanup(guestkit_cleanup_fclose)))

void guestkit_cleanup_free (void *ptr);
void guestkit_cleanup_free_string_list (void *ptr);
void guestkit_cleanup_close (void *ptr);
void guestkit_cleanup_fclose (void *ptr);

/* NULL-terminated string lists. */
size_t guestkit_count_strings (char *const *argv);
void guestkit_free_string_list (char **argv);

#endif /* GUESTKIT_CLEANUPS_H */
