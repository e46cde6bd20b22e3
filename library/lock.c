/* guestkit — the handle lock and per-thread error state.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the handle's lock (libguestfs >= 1.38 semantics):
 * every API call takes the handle's recursive mutex for its whole
 * duration, so several threads may share one handle and their calls
 * are serialised; a call made from inside a callback of the same
 * thread does not deadlock.  It also keeps the last error per thread:
 * each thread that sets an error on a handle gets its own record
 * (found through a per-handle thread-specific key), and every record
 * stays on the handle's list until guestfs_close frees them.
 */

#include <config.h>

#include <pthread.h>
#include <stdlib.h>

#include "guestfs-internal.h"

struct guestfs_int_error_data {
  struct guestfs_int_error_data *next;
  char *msg;
  int errnum;
};

/**
 * Set up the lock and the per-thread error key of a new handle.
 * Returns 0, or -1 if the system is out of keys or mutexes.
 */
int
guestfs_int_lock_init (guestfs_h *g)
{
  pthread_mutexattr_t attr;
  int r;

  if (pthread_mutexattr_init (&attr) != 0)
    return -1;
  pthread_mutexattr_settype (&attr, PTHREAD_MUTEX_RECURSIVE);
  r = pthread_mutex_init (&g->lock, &attr);
  pthread_mutexattr_destroy (&attr);
  if (r != 0)
    return -1;
  if (pthread_mutex_init (&g->error_list_lock, NULL) != 0) {
    pthread_mutex_destroy (&g->lock);
    return -1;
  }
  if (pthread_key_create (&g->error_key, NULL) != 0) {
    pthread_mutex_destroy (&g->error_list_lock);
    pthread_mutex_destroy (&g->lock);
    return -1;
  }
  return 0;
}

/**
 * Free every thread's error record and destroy the lock.  Called last
 * by guestfs_close, when no other thread may use the handle.
 */
void
guestfs_int_lock_destroy (guestfs_h *g)
{
  struct guestfs_int_error_data *e, *next;

  pthread_key_delete (g->error_key);
  for (e = g->error_list; e; e = next) {
    next = e->next;
    free (e->msg);
    free (e);
  }
  g->error_list = NULL;
  pthread_mutex_destroy (&g->error_list_lock);
  pthread_mutex_destroy (&g->lock);
}

/** Take the handle's lock (recursive); returns G. */
guestfs_h *
guestfs_int_lock (guestfs_h *g)
{
  pthread_mutex_lock (&g->lock);
  return g;
}

void
guestfs_int_unlock (guestfs_h *g)
{
  pthread_mutex_unlock (&g->lock);
}

/** For GUESTFS_INT_LOCK_SCOPE: release the lock at the end of a scope. */
void
guestfs_int_unlock_cleanup (guestfs_h **gp)
{
  if (*gp)
    guestfs_int_unlock (*gp);
}

/* This thread's error record on G, made on first use. */
static struct guestfs_int_error_data *
error_data (guestfs_h *g)
{
  struct guestfs_int_error_data *e = pthread_getspecific (g->error_key);

  if (e)
    return e;
  e = safe_calloc (g, 1, sizeof *e);
  pthread_mutex_lock (&g->error_list_lock);
  e->next = g->error_list;
  g->error_list = e;
  pthread_mutex_unlock (&g->error_list_lock);
  pthread_setspecific (g->error_key, e);
  return e;
}

/** Replace this thread's last error on G (takes ownership of MSG). */
void
guestfs_int_set_thread_error (guestfs_h *g, int errnum, char *msg)
{
  struct guestfs_int_error_data *e = error_data (g);

  free (e->msg);
  e->msg = msg;
  e->errnum = errnum;
}

/** This thread's last error message on G, or NULL. */
const char *
guestfs_int_thread_error (guestfs_h *g)
{
  struct guestfs_int_error_data *e = pthread_getspecific (g->error_key);

  return e ? e->msg : NULL;
}

/** This thread's last errno on G, or 0. */
int
guestfs_int_thread_errno (guestfs_h *g)
{
  struct guestfs_int_error_data *e = pthread_getspecific (g->error_key);

  return e ? e->errnum : 0;
}
