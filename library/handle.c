/* guestkit — handles and their settings.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements creating and closing handles, the
 * C<LIBGUESTFS_*> environment variables, private data, and the simple
 * get/set calls of the API table.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs-internal.h"
#include "guestfs-internal-actions.h"

static void __attribute__((noreturn))
default_abort (void)
{
  abort ();
}

static void
default_error_cb (guestfs_h *g, void *opaque, const char *msg)
{
  fprintf (stderr, "libguestfs: error: %s\n", msg);
}

static bool
env_true (const char *name)
{
  const char *v = getenv (name);

  return v && (strcmp (v, "1") == 0 || strcasecmp (v, "true") == 0 ||
               strcasecmp (v, "yes") == 0);
}

static int
parse_environment (guestfs_h *g)
{
  const char *v;

  g->verbose = env_true ("LIBGUESTFS_DEBUG");
  g->trace = env_true ("LIBGUESTFS_TRACE");
  if ((v = getenv ("LIBGUESTFS_PATH")) && *v)
    guestfs_impl_set_path (g, v);
  if ((v = getenv ("LIBGUESTFS_APPEND")))
    guestfs_impl_set_append (g, v);
  if ((v = getenv ("LIBGUESTFS_BACKEND")) && *v &&
      guestfs_impl_set_backend (g, v) == -1)
    return -1;
  if ((v = getenv ("LIBGUESTFS_BACKEND_SETTINGS")))
    guestfs_int_backend_settings_from_env (g, v);
  if ((v = getenv ("GUESTKIT_CALL_TIMEOUT")))
    g->call_timeout = atoi (v) > 0 ? atoi (v) : 0;
  if ((v = getenv ("GUESTKIT_LAUNCH_TIMEOUT")) && atoi (v) > 0)
    g->launch_timeout = atoi (v);
  if ((v = getenv ("LIBGUESTFS_MEMSIZE"))) {
    char *end;
    long n;

    errno = 0;
    n = strtol (v, &end, 10);
    if (errno || *end || n < MIN_MEMSIZE || n > MAX_MEMSIZE) {
      error (g, "LIBGUESTFS_MEMSIZE: '%s' is not a size in MiB (%d to %d)",
             v, MIN_MEMSIZE, MAX_MEMSIZE);
      return -1;
    }
    g->memsize = (int) n;
  }
  return 0;
}

/**
 * Create a handle, reading the C<LIBGUESTFS_*> environment variables
 * unless C<GUESTFS_CREATE_NO_ENVIRONMENT> is given.  Returns NULL (with
 * errno set) on failure.
 */
GUESTFS_DLL_PUBLIC guestfs_h *
guestfs_create_flags (unsigned flags, ...)
{
  guestfs_h *g = calloc (1, sizeof *g);

  if (!g)
    return NULL;
  if (guestfs_int_lock_init (g) == -1) {
    free (g);
    errno = ENOMEM;
    return NULL;
  }
  g->abort_cb = default_abort;
  g->error_handler.cb = default_error_cb;
  g->memsize = DEFAULT_MEMSIZE;
  g->autosync = true;
  g->daemon_fd = g->console_fd = -1;
  g->launch_timeout = DEFAULT_LAUNCH_TIMEOUT;
  g->path = guestfs_int_default_appliance_path (g);
  guestfs_int_init_config (g, !(flags & GUESTFS_CREATE_NO_ENVIRONMENT));
  if (!(flags & GUESTFS_CREATE_NO_ENVIRONMENT) && parse_environment (g) == -1) {
    fprintf (stderr, "libguestfs: error: %s\n", guestfs_last_error (g));
    guestfs_close (g);
    errno = EINVAL;
    return NULL;
  }
  return g;
}

GUESTFS_DLL_PUBLIC guestfs_h *
guestfs_create (void)
{
  return guestfs_create_flags (0);
}

/**
 * Close the handle: shut the appliance down (syncing first when
 * autosync is on), delete temporary files and free everything.
 */
GUESTFS_DLL_PUBLIC void
guestfs_close (guestfs_h *g)
{
  size_t i;

  if (!g)
    return;
  /* Wait for a call still running in another thread to finish. */
  guestfs_int_lock (g);
  if (g->state != CONFIG)
    guestfs_impl_shutdown (g);
  guestfs_int_call_callbacks_void (g, GUESTFS_EVENT_CLOSE);
  guestfs_int_free_drives (g);
  guestfs_int_remove_tmpdir (g);
  guestfs_int_free_config (g);
  for (i = 0; i < g->nr_pda; i++)
    free (g->pda[i].key);
  free (g->pda);
  free (g->events);
  free (g->error_stack);
  free (g->backend_name);
  free (g->append);
  free (g->path);
  free (g->tmpdir);
  guestfs_int_unlock (g);
  guestfs_int_lock_destroy (g);
  free (g);
}

GUESTFS_DLL_PUBLIC void
guestfs_set_private (guestfs_h *g, const char *key, void *data)
{
  size_t i;
  GUESTFS_INT_LOCK_SCOPE (g);

  for (i = 0; i < g->nr_pda; i++)
    if (strcmp (g->pda[i].key, key) == 0) {
      g->pda[i].data = data;
      return;
    }
  g->pda = safe_realloc (g, g->pda, (g->nr_pda + 1) * sizeof g->pda[0]);
  g->pda[g->nr_pda].key = safe_strdup (g, key);
  g->pda[g->nr_pda].data = data;
  g->nr_pda++;
}

GUESTFS_DLL_PUBLIC void *
guestfs_get_private (guestfs_h *g, const char *key)
{
  size_t i;
  GUESTFS_INT_LOCK_SCOPE (g);

  for (i = 0; i < g->nr_pda; i++)
    if (strcmp (g->pda[i].key, key) == 0)
      return g->pda[i].data;
  return NULL;
}

/*-- Settings from the API table --*/

int
guestfs_impl_set_verbose (guestfs_h *g, int verbose)
{
  g->verbose = !!verbose;
  return 0;
}

int
guestfs_impl_get_verbose (guestfs_h *g)
{
  return g->verbose;
}

int
guestfs_impl_set_trace (guestfs_h *g, int trace)
{
  g->trace = !!trace;
  return 0;
}

int
guestfs_impl_get_trace (guestfs_h *g)
{
  return g->trace;
}

int
guestfs_impl_set_autosync (guestfs_h *g, int autosync)
{
  g->autosync = !!autosync;
  return 0;
}

int
guestfs_impl_get_autosync (guestfs_h *g)
{
  return g->autosync;
}

int
guestfs_impl_set_memsize (guestfs_h *g, int memsize)
{
  if (memsize < MIN_MEMSIZE || memsize > MAX_MEMSIZE) {
    guestfs_int_error_errno (g, EINVAL,
                             "set_memsize: %d MiB is out of range (%d to %d)",
                             memsize, MIN_MEMSIZE, MAX_MEMSIZE);
    return -1;
  }
  g->memsize = memsize;
  return 0;
}

int
guestfs_impl_get_memsize (guestfs_h *g)
{
  return g->memsize;
}

int
guestfs_impl_set_append (guestfs_h *g, const char *append)
{
  free (g->append);
  g->append = append ? safe_strdup (g, append) : NULL;
  return 0;
}

const char *
guestfs_impl_get_append (guestfs_h *g)
{
  return g->append;
}

int
guestfs_impl_set_path (guestfs_h *g, const char *path)
{
  free (g->path);
  g->path = path ? safe_strdup (g, path)
               : guestfs_int_default_appliance_path (g);
  return 0;
}

const char *
guestfs_impl_get_path (guestfs_h *g)
{
  return g->path;
}

struct guestfs_version *
guestfs_impl_version (guestfs_h *g)
{
  struct guestfs_version *v = safe_malloc (g, sizeof *v);

  v->major = 1;
  v->minor = 0;
  v->release = 0;
  v->extra = safe_strdup (g, "");
  return v;
}
