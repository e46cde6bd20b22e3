/* guestkit — events: logging, tracing and progress callbacks.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements event callbacks (C<guestfs_set_event_callback>)
 * and the routing of debug, trace and appliance messages through them.
 *
 * When nothing is registered for a message event, the documented
 * default applies: debug and appliance messages go to stderr in verbose
 * mode, trace messages go to stderr when tracing is on.  That default
 * is the only place the library writes to stderr.
 */

#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guestfs-internal.h"

GUESTFS_DLL_PUBLIC int
guestfs_set_event_callback (guestfs_h *g, guestfs_event_callback cb,
                            uint64_t event_bitmask, int flags, void *opaque)
{
  size_t i;
  GUESTFS_INT_LOCK_SCOPE (g);

  if (flags != 0) {
    error (g, "set_event_callback: flags must be 0");
    return -1;
  }
  if (event_bitmask == 0 || (event_bitmask & ~GUESTFS_EVENT_ALL)) {
    error (g, "set_event_callback: invalid event bitmask");
    return -1;
  }
  for (i = 0; i < g->nr_events; i++)
    if (g->events[i].events == 0)
      break;
  if (i == g->nr_events) {
    g->events = safe_realloc (g, g->events,
                              (g->nr_events + 1) * sizeof g->events[0]);
    g->nr_events++;
  }
  g->events[i] = (struct event_handler) { event_bitmask, cb, opaque, flags };
  return (int) i;
}

GUESTFS_DLL_PUBLIC void
guestfs_delete_event_callback (guestfs_h *g, int event_handle)
{
  GUESTFS_INT_LOCK_SCOPE (g);

  if (event_handle < 0 || (size_t) event_handle >= g->nr_events)
    return;
  g->events[event_handle].events = 0;
}

static const char *event_names[] = {
  "close", "subprocess_quit", "launch_done", "progress", "appliance",
  "library", "trace", "enter", "libvirt_auth", "warning",
};

/**
 * Names of the events in a bitmask, comma-separated ("close,trace").
 * The caller frees it; NULL on allocation failure.
 */
GUESTFS_DLL_PUBLIC char *
guestfs_event_to_string (uint64_t event_bitmask)
{
  char *s = calloc (1, 256);
  size_t i;

  if (!s)
    return NULL;
  for (i = 0; i < sizeof event_names / sizeof event_names[0]; i++)
    if (event_bitmask & (UINT64_C(1) << i)) {
      if (*s)
        strcat (s, ",");
      strcat (s, event_names[i]);
    }
  return s;
}

static bool
call_registered (guestfs_h *g, uint64_t event, const char *buf, size_t len,
                 const uint64_t *array, size_t array_len)
{
  bool any = false;
  size_t i;

  for (i = 0; i < g->nr_events; i++)
    if (g->events[i].events & event) {
      g->events[i].cb (g, g->events[i].opaque, event, (int) i,
                       g->events[i].flags, buf, len, array, array_len);
      any = true;
    }
  return any;
}

static void
default_print (guestfs_h *g, uint64_t event, const char *buf, size_t len)
{
  const char *prefix;

  if (event == GUESTFS_EVENT_APPLIANCE && g->verbose) {
    fwrite (buf, 1, len, stderr);
    return;
  }
  if (event == GUESTFS_EVENT_LIBRARY && g->verbose)
    prefix = "libguestfs: ";
  else if (event == GUESTFS_EVENT_TRACE && g->trace)
    prefix = "libguestfs: trace: ";
  else if (event == GUESTFS_EVENT_WARNING)
    prefix = "libguestfs: warning: ";
  else
    return;
  fprintf (stderr, "%s%.*s\n", prefix, (int) len, buf);
}

/**
 * Deliver a message event (APPLIANCE, LIBRARY, TRACE, WARNING, ENTER).
 */
void
guestfs_int_call_callbacks_message (guestfs_h *g, uint64_t event,
                                    const char *buf, size_t len)
{
  if (!call_registered (g, event, buf, len, NULL, 0))
    default_print (g, event, buf, len);
}

/**
 * Deliver an array event (PROGRESS).
 */
void
guestfs_int_call_callbacks_array (guestfs_h *g, uint64_t event,
                                  const uint64_t *array, size_t len)
{
  call_registered (g, event, NULL, 0, array, len);
}

/**
 * Deliver an event without payload (CLOSE, LAUNCH_DONE, ...).
 */
void
guestfs_int_call_callbacks_void (guestfs_h *g, uint64_t event)
{
  call_registered (g, event, NULL, 0, NULL, 0);
}

/**
 * Send a debug message as a LIBRARY event (use the debug() macro,
 * which checks verbosity before formatting).
 */
void
guestfs_int_debug (guestfs_h *g, const char *fs, ...)
{
  va_list args;
  char *msg;
  int len;

  va_start (args, fs);
  len = vasprintf (&msg, fs, args);
  va_end (args);
  if (len < 0)
    return;
  guestfs_int_call_callbacks_message (g, GUESTFS_EVENT_LIBRARY, msg, len);
  free (msg);
}

/**
 * Called at the start of every API call: the ENTER event.
 */
void
guestfs_int_call_enter (guestfs_h *g, const char *name)
{
  size_t i;

  for (i = 0; i < g->nr_events; i++)
    if (g->events[i].events & GUESTFS_EVENT_ENTER) {
      call_registered (g, GUESTFS_EVENT_ENTER, name, strlen (name), NULL, 0);
      return;
    }
}

/**
 * Append a quoted string (or NULL) to a trace line.
 */
void
guestfs_int_trace_string (FILE *fp, const char *s)
{
  if (s)
    fprintf (fp, " \"%s\"", s);
  else
    fputs (" NULL", fp);
}

/**
 * Append a string list to a trace line: "a b c".
 */
void
guestfs_int_trace_strlist (FILE *fp, char *const *list)
{
  size_t i;

  fputs (" \"", fp);
  for (i = 0; list && list[i]; i++)
    fprintf (fp, "%s%s", i ? " " : "", list[i]);
  fputs ("\"", fp);
}

/**
 * Send a finished trace line as a TRACE event.
 */
void
guestfs_int_trace_send (guestfs_h *g, char *buf, size_t len)
{
  CLEANUP_FREE char *id_buf = NULL;

  if (!buf)
    return;
  /* With an identifier (set_identifier), messages read "ID: ...". */
  if (g->identifier && g->identifier[0]) {
    id_buf = safe_asprintf (g, "%s: %.*s", g->identifier, (int) len, buf);
    buf = id_buf;
    len = strlen (id_buf);
  }
  guestfs_int_call_callbacks_message (g, GUESTFS_EVENT_TRACE, buf, len);
}
