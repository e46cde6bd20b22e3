/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<event NAME EVENTSET SCRIPT>, C<list-events>
 * and C<delete-event NAME>: shell script fragments run when the handle
 * raises an event.  The fragment runs as C<$SHELL -c SCRIPT> (or
 * C</bin/sh>) with C<$EVENT> set to the event's name; a message
 * event's text is C<$1>, an array event's numbers (for progress: the
 * call, its serial, the position and the total) follow as C<$1>,
 * C<$2>, ...  What the appliance sends is only ever passed as such
 * arguments, never parsed by the shell.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fish.h"
#include "shellcmds.h"

/* One handler registered by 'event'.  Handlers are allocated one by
 * one, as the handle keeps a pointer to each. */
struct handler {
  char *name;
  char *script;
  uint64_t events;
  int eh;                       /* the handle's number for it */
};

static struct handler **handlers;
static size_t nr_handlers;

/* Turn a comma-separated event list ("close,trace") or "*" into a
 * bitmask.  Returns 0 after printing an error naming CMD. */
static uint64_t
parse_event_set (const char *cmd, const char *set)
{
  uint64_t mask = 0;

  if (strcmp (set, "*") == 0)
    return GUESTFS_EVENT_ALL;
  for (const char *p = set; *p; ) {
    size_t len = strcspn (p, ","), bit;
    for (bit = 0; (UINT64_C(1) << bit) & GUESTFS_EVENT_ALL; ++bit) {
      CLEANUP_FREE char *name = guestfs_event_to_string (UINT64_C(1) << bit);
      if (name && strlen (name) == len && strncmp (name, p, len) == 0)
        break;
    }
    if (len == 0 || !((UINT64_C(1) << bit) & GUESTFS_EVENT_ALL)) {
      fprintf (stderr, "%s: unknown event name '%.*s' in '%s'\n",
               cmd, (int) len, p, set);
      return 0;
    }
    mask |= UINT64_C(1) << bit;
    p += len + (p[len] == ',');
  }
  return mask;
}

/* Build "$SHELL -c SCRIPT '' [BUF] [NUMBERS...]" (before forking, so
 * the child only execs).  The caller frees it with
 * guestkit_free_string_list; NULL if out of memory. */
static char **
script_argv (const struct handler *h, const char *buf, size_t buf_len,
             const uint64_t *array, size_t array_len)
{
  const char *shell = getenv ("SHELL");
  char **argv = calloc (array_len + 6, sizeof *argv);
  size_t n = 0;
  bool ok;

  if (argv == NULL)
    return NULL;
  ok = (argv[n++] = strdup (shell && *shell ? shell : "/bin/sh")) &&
    (argv[n++] = strdup ("-c")) && (argv[n++] = strdup (h->script)) &&
    (argv[n++] = strdup (""));  /* $0 */
  if (ok && buf)
    ok = (argv[n++] = strndup (buf, buf_len)) != NULL;
  for (size_t i = 0; ok && i < array_len; ++i)
    ok = asprintf (&argv[n++], "%" PRIu64, array[i]) != -1;
  if (!ok) {
    argv[n - 1] = NULL;         /* asprintf leaves it undefined */
    guestkit_free_string_list (argv);
    return NULL;
  }
  return argv;
}

/* The handle's callback: run the handler's script and wait for it. */
static void
run_handler (guestfs_h *gh, void *opaque, uint64_t event, int eh, int flags,
             const char *buf, size_t buf_len,
             const uint64_t *array, size_t array_len)
{
  const struct handler *h = opaque;
  CLEANUP_FREE_STRING_LIST char **argv =
    script_argv (h, buf, buf_len, array, array_len);
  CLEANUP_FREE char *name = guestfs_event_to_string (event);
  pid_t pid;

  (void) gh; (void) eh; (void) flags;
  if (argv == NULL || name == NULL) {
    fprintf (stderr, "event: out of memory\n");
    return;
  }
  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  if (pid == -1)
    fprintf (stderr, "event: fork: %s\n", strerror (errno));
  if (pid == 0) {
    setenv ("EVENT", name, 1);
    execvp (argv[0], argv);
    fprintf (stderr, "event: %s: %s\n", argv[0], strerror (errno));
    _exit (127);
  }
  while (pid > 0 && waitpid (pid, NULL, 0) == -1 && errno == EINTR)
    ;
}

static void
free_handler (struct handler *h)
{
  free (h->name);
  free (h->script);
  free (h);
}

/* Register H on the handle and add it to the list.  0 or -1. */
static int
add_handler (const char *cmd, struct handler *h)
{
  struct handler **l = realloc (handlers, (nr_handlers + 1) * sizeof *l);

  if (l == NULL) {
    fprintf (stderr, "%s: out of memory\n", cmd);
    return -1;
  }
  handlers = l;
  h->eh = guestfs_set_event_callback (g, run_handler, h->events, 0, h);
  if (h->eh == -1)
    return -1;
  handlers[nr_handlers++] = h;
  return 0;
}

/**
 * C<event> NAME EVENTSET SCRIPT.  Returns 0, or -1 after an error.
 */
int
run_event (const char *cmd, size_t argc, char *argv[])
{
  struct handler *h;
  uint64_t events;

  if (argc != 3)
    return usage_error (cmd);
  events = parse_event_set (cmd, argv[1]);
  if (events == 0)
    return -1;
  h = calloc (1, sizeof *h);
  if (h == NULL || (h->name = strdup (argv[0])) == NULL ||
      (h->script = strdup (argv[2])) == NULL) {
    fprintf (stderr, "%s: out of memory\n", cmd);
    if (h)
      free_handler (h);
    return -1;
  }
  h->events = events;
  if (add_handler (cmd, h) == -1) {
    free_handler (h);
    return -1;
  }
  return 0;
}

/**
 * C<list-events>: one line per handler, C<"NAME" (N): EVENTS: SCRIPT>,
 * in the order they were registered.  Returns 0, or -1 on bad usage.
 */
int
run_list_events (const char *cmd, size_t argc, char *argv[])
{
  (void) argv;
  if (argc != 0)
    return usage_error (cmd);
  for (size_t i = 0; i < nr_handlers; ++i) {
    const struct handler *h = handlers[i];
    CLEANUP_FREE char *set = h->events == GUESTFS_EVENT_ALL
      ? strdup ("*") : guestfs_event_to_string (h->events);
    printf ("\"%s\" (%d): %s: %s\n", h->name, h->eh, set ? set : "?",
            h->script);
  }
  return 0;
}

/**
 * C<delete-event> NAME: remove every handler of that name.  Returns
 * 0, or -1 after an error (there was none).
 */
int
run_delete_event (const char *cmd, size_t argc, char *argv[])
{
  size_t kept = 0, i;

  if (argc != 1)
    return usage_error (cmd);
  for (i = 0; i < nr_handlers; ++i) {
    if (strcmp (handlers[i]->name, argv[0]) == 0) {
      guestfs_delete_event_callback (g, handlers[i]->eh);
      free_handler (handlers[i]);
    }
    else
      handlers[kept++] = handlers[i];
  }
  if (kept == nr_handlers) {
    fprintf (stderr, "%s: %s: no such event handler\n", cmd, argv[0]);
    return -1;
  }
  nr_handlers = kept;
  return 0;
}

/**
 * Forget every handler without touching the handle: C<reopen> calls
 * this once the handle they were registered on is closed.
 */
void
events_forget (void)
{
  for (size_t i = 0; i < nr_handlers; ++i)
    free_handler (handlers[i]);
  free (handlers);
  handlers = NULL;
  nr_handlers = 0;
}
