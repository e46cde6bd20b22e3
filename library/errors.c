/* guestkit — errors and allocation.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the handle's error state (the last error and
 * its errno, kept per thread by lock.c; the error handler and its stack) and the allocation wrappers
 * that call the out-of-memory handler instead of returning NULL.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs-internal.h"

static void
set_last_error (guestfs_h *g, int errnum, char *msg)
{
  size_t len = strlen (msg);

  /* One line per error: strip trailing newlines. */
  while (len > 0 && msg[len - 1] == '\n')
    msg[--len] = '\0';
  guestfs_int_set_thread_error (g, errnum, msg);
  if (g->error_handler.cb)
    g->error_handler.cb (g, g->error_handler.opaque, msg);
}

/**
 * Set the handle's error to the formatted message, with ERRNUM (0 if
 * no errno applies), and call the error handler.
 */
void
guestfs_int_error_errno (guestfs_h *g, int errnum, const char *fs, ...)
{
  va_list args;
  char *msg;

  va_start (args, fs);
  if (vasprintf (&msg, fs, args) == -1)
    msg = NULL;
  va_end (args);
  if (!msg)
    msg = strdup ("out of memory formatting an error message");
  if (!msg)
    return;
  set_last_error (g, errnum, msg);
}

/**
 * Like error, appending ": strerror(errno)" and recording errno.
 */
void
guestfs_int_perrorf (guestfs_h *g, const char *fs, ...)
{
  int errnum = errno;
  va_list args;
  char *msg, *full;

  va_start (args, fs);
  if (vasprintf (&msg, fs, args) == -1)
    msg = NULL;
  va_end (args);
  if (!msg || asprintf (&full, "%s: %s", msg, strerror (errnum)) == -1)
    full = strdup ("out of memory formatting an error message");
  free (msg);
  if (full)
    set_last_error (g, errnum, full);
}

GUESTFS_DLL_PUBLIC const char *
guestfs_last_error (guestfs_h *g)
{
  return guestfs_int_thread_error (g);
}

GUESTFS_DLL_PUBLIC int
guestfs_last_errno (guestfs_h *g)
{
  return guestfs_int_thread_errno (g);
}

GUESTFS_DLL_PUBLIC void
guestfs_set_error_handler (guestfs_h *g, guestfs_error_handler_cb cb,
                           void *opaque)
{
  GUESTFS_INT_LOCK_SCOPE (g);

  g->error_handler.cb = cb;
  g->error_handler.opaque = opaque;
}

GUESTFS_DLL_PUBLIC guestfs_error_handler_cb
guestfs_get_error_handler (guestfs_h *g, void **opaque_rtn)
{
  GUESTFS_INT_LOCK_SCOPE (g);

  if (opaque_rtn)
    *opaque_rtn = g->error_handler.opaque;
  return g->error_handler.cb;
}

GUESTFS_DLL_PUBLIC void
guestfs_push_error_handler (guestfs_h *g, guestfs_error_handler_cb cb,
                            void *opaque)
{
  GUESTFS_INT_LOCK_SCOPE (g);

  g->error_stack = safe_realloc (g, g->error_stack,
                                 (g->nr_error_stack + 1) *
                                 sizeof g->error_stack[0]);
  g->error_stack[g->nr_error_stack++] = g->error_handler;
  guestfs_set_error_handler (g, cb, opaque);
}

GUESTFS_DLL_PUBLIC void
guestfs_pop_error_handler (guestfs_h *g)
{
  GUESTFS_INT_LOCK_SCOPE (g);

  if (g->nr_error_stack == 0)
    return;
  g->error_handler = g->error_stack[--g->nr_error_stack];
}

GUESTFS_DLL_PUBLIC void
guestfs_set_out_of_memory_handler (guestfs_h *g, guestfs_abort_cb cb)
{
  GUESTFS_INT_LOCK_SCOPE (g);

  g->abort_cb = cb;
}

GUESTFS_DLL_PUBLIC guestfs_abort_cb
guestfs_get_out_of_memory_handler (guestfs_h *g)
{
  GUESTFS_INT_LOCK_SCOPE (g);

  return g->abort_cb;
}

/*-- Allocation --*/

static void * __attribute__((noreturn))
out_of_memory (guestfs_h *g)
{
  g->abort_cb ();
}

void *
guestfs_int_safe_malloc (guestfs_h *g, size_t n)
{
  void *p = malloc (n ? n : 1);

  return p ? p : out_of_memory (g);
}

void *
guestfs_int_safe_calloc (guestfs_h *g, size_t n, size_t s)
{
  void *p = calloc (n ? n : 1, s ? s : 1);

  return p ? p : out_of_memory (g);
}

void *
guestfs_int_safe_realloc (guestfs_h *g, void *ptr, size_t n)
{
  void *p = realloc (ptr, n ? n : 1);

  return p ? p : out_of_memory (g);
}

char *
guestfs_int_safe_strdup (guestfs_h *g, const char *s)
{
  char *p = strdup (s);

  return p ? p : out_of_memory (g);
}

char *
guestfs_int_safe_asprintf (guestfs_h *g, const char *fs, ...)
{
  va_list args;
  char *s;
  int r;

  va_start (args, fs);
  r = vasprintf (&s, fs, args);
  va_end (args);
  return r == -1 ? out_of_memory (g) : s;
}
