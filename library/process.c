/* guestkit — helpers for the backends' child processes.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements what both backends need to run a helper
 * process (QEMU or guestkit-vmm): a growing argument vector, logging
 * it in verbose mode, passing on its console output while it stops,
 * and waiting a bounded time for it to exit.
 */

#include <config.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guestfs-internal.h"

/**
 * Append S (owned by the vector from now on) to A, keeping it
 * NULL-terminated.
 */
void
guestfs_int_argv_add (struct guestfs_int_argv *a, char *s)
{
  if (a->n + 2 > a->cap) {
    a->cap = a->cap ? a->cap * 2 : 32;
    a->argv = safe_realloc (a->g, a->argv, a->cap * sizeof *a->argv);
  }
  a->argv[a->n++] = s;
  a->argv[a->n] = NULL;
}

/** Free the strings of A and the vector. */
void
guestfs_int_argv_free (struct guestfs_int_argv *a)
{
  size_t i;

  for (i = 0; i < a->n; i++)
    free (a->argv[i]);
  free (a->argv);
  a->argv = NULL;
  a->n = a->cap = 0;
}

/**
 * In verbose mode, log ARGV as one debug message, the words separated
 * by SEP.
 */
void
guestfs_int_log_argv (guestfs_h *g, char *const *argv, const char *sep)
{
  CLEANUP_FREE char *buf = NULL;
  size_t len = 0, i;
  FILE *fp;

  if (!g->verbose || !argv || !(fp = open_memstream (&buf, &len)))
    return;
  for (i = 0; argv[i]; i++)
    fprintf (fp, "%s%s", i ? sep : "", argv[i]);
  fclose (fp);
  debug (g, "%s", buf);
}

/**
 * Reap PID, waiting at most TIMEOUT_MS.  Returns 0 with the wait
 * status in *STATUS, or -1 if it is still running (or cannot be
 * waited for).
 */
int
guestfs_int_wait_exit (pid_t pid, int timeout_ms, int *status)
{
  int waited = 0;
  pid_t r;

  for (;;) {
    r = waitpid (pid, status, WNOHANG);
    if (r == pid || (r == -1 && errno != EINTR))
      return r == pid ? 0 : -1;
    if (waited >= timeout_ms)
      return -1;
    usleep (10000);
    waited += 10;
  }
}

/** Seconds on the monotonic clock. */
double
guestfs_int_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/**
 * Pass on console output until the process closes the console or
 * TIMEOUT_MS passes.
 */
void
guestfs_int_drain_console (guestfs_h *g, int timeout_ms)
{
  struct pollfd p = { g->console_fd, POLLIN, 0 };
  double end = guestfs_int_now () + timeout_ms / 1000.0;
  char buf[4096];
  ssize_t n;

  while (g->console_fd >= 0 && guestfs_int_now () < end &&
         poll (&p, 1, (int) ((end - guestfs_int_now ()) * 1000) + 1) > 0 &&
         (n = read (g->console_fd, buf, sizeof buf)) > 0)
    guestfs_int_console_input (g, buf, n);
}

/**
 * Stop the backend's process PID.  On a normal shutdown (CHECK) it is
 * expected to exit by itself: its console is passed on for up to
 * DRAIN_MS, then it gets 5 s more.  After a failed launch or a dead
 * channel it is killed at once.  Returns its wait status, or -1 if it
 * had to be killed on a normal shutdown.
 */
int
guestfs_int_stop_process (guestfs_h *g, pid_t pid, bool check, int drain_ms)
{
  int status = 0;

  if (!check)
    kill (pid, SIGKILL);
  guestfs_int_drain_console (g, check ? drain_ms : 1000);
  if (guestfs_int_wait_exit (pid, check ? 5000 : 0, &status) == -1) {
    kill (pid, SIGKILL);
    guestfs_int_wait_exit (pid, 5000, &status);
    status = -1;
  }
  return status;
}
