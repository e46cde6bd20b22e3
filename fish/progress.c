/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements guestfish's progress bars: long calls whose
 * daemon side reports progress (C<fill>, C<upload>, C<copy-*>, ...)
 * draw a bar on standard error, redrawn in place:
 *
 *   - 42% [###############---------------------] 00:07
 *
 * with the time left, once it can be estimated.  A bar appears once a
 * call has run for two seconds, and loses its spinner at 100%.  Bars
 * are on with C<--progress-bars>, off with C<--no-progress-bars>, and
 * by default on when guestfish is used interactively (no commands on
 * the command line, standard input a terminal), as in libguestfs.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "fish.h"
#include "terminal.h"

/** Set by C<--progress-bars> (1) and C<--no-progress-bars> (0). */
int term_progress_bars = -1;

/* Calls shorter than this (seconds) get no bar. */
#define BAR_DELAY 2.0

/* Seconds before a bar appears: BAR_DELAY, or $GUESTKIT_PROGRESS_DELAY
 * (the tests set 0 so that a bar does not depend on the machine's
 * speed). */
static double bar_delay = BAR_DELAY;

/* The bar of the current call. */
static struct {
  uint64_t serial;              /* the call it belongs to */
  struct timespec start;        /* its first progress message */
  unsigned ticks;               /* bars drawn so far (for the spinner) */
  bool started;                 /* a call's progress has been seen */
  bool open;                    /* a bar line is on screen, unfinished */
  bool done;                    /* the 100% line was drawn */
} bar;

/* The error handler that was installed before ours. */
static guestfs_error_handler_cb saved_handler;
static void *saved_opaque;

static double
seconds_since (const struct timespec *t)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (now.tv_sec - t->tv_sec) + (now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Columns of the terminal on standard error (80 if unknown). */
static int
columns (void)
{
  struct winsize ws;

  if (ioctl (STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 30)
    return ws.ws_col > 200 ? 200 : ws.ws_col;
  return 80;
}

/* "mm:ss" left at POS of TOTAL, or "--:--" while unknown. */
static void
format_left (char *buf, size_t n, uint64_t pos, uint64_t total)
{
  double elapsed = seconds_since (&bar.start), left;

  if (pos == 0 || elapsed < 0.5) {
    snprintf (buf, n, "--:--");
    return;
  }
  left = elapsed * (double) (total - pos) / (double) pos;
  if (left > 99 * 60 + 59)
    left = 99 * 60 + 59;
  snprintf (buf, n, "%02d:%02d", (int) left / 60, (int) left % 60);
}

/* Draw the bar at POS of TOTAL (TOTAL > 0, POS <= TOTAL). */
static void
draw (uint64_t pos, uint64_t total)
{
  static const char spinner[] = "-\\|/";
  char left[16], cells[200];
  int width = columns () - 20, pct = (int) (pos * 100.0 / total);
  int fill = (int) ((double) pos * width / total);

  format_left (left, sizeof left, pos, total);
  memset (cells, '#', fill);
  memset (cells + fill, '-', width - fill);
  fprintf (stderr, "\r%c %3d%% [%.*s] %s",
           pos == total ? ' ' : spinner[bar.ticks++ % 4], pct,
           width, cells, left);
  bar.open = pos < total;
  if (pos == total) {
    fputc ('\n', stderr);
    bar.done = true;
  }
  fflush (stderr);
}

/* GUESTFS_EVENT_PROGRESS: ARRAY is proc, serial, position, total. */
static void
progress_event (guestfs_h *h, void *opaque, uint64_t event, int handle,
                int flags, const char *buf, size_t buf_len,
                const uint64_t *array, size_t array_len)
{
  (void) h; (void) opaque; (void) event; (void) handle; (void) flags;
  (void) buf; (void) buf_len;
  if (array_len < 4 || array[3] == 0 || array[2] > array[3])
    return;
  if (!bar.started || array[1] != bar.serial) {
    if (bar.open)
      fputc ('\n', stderr);
    memset (&bar, 0, sizeof bar);
    bar.serial = array[1];
    bar.started = true;
    clock_gettime (CLOCK_MONOTONIC, &bar.start);
  }
  if (!bar.done && (bar.open || (array[2] < array[3] &&
                                 seconds_since (&bar.start) >= bar_delay)))
    draw (array[2], array[3]);
}

/* An error ends the bar's line first, so the message starts on a
 * line of its own. */
static void
error_handler (guestfs_h *h, void *opaque, const char *msg)
{
  (void) opaque;
  if (bar.open) {
    fputc ('\n', stderr);
    bar.open = false;
  }
  if (saved_handler)
    saved_handler (h, saved_opaque, msg);
}

/**
 * Decide whether progress bars are shown (see the top of this file;
 * C<interactive>: no commands were given on the command line) and, if
 * so, start listening to progress events.
 */
void
fish_progress_setup (bool interactive)
{
  const char *delay = getenv ("GUESTKIT_PROGRESS_DELAY");

  if (delay && *delay)
    bar_delay = strtod (delay, NULL);
  if (term_progress_bars == -1)
    term_progress_bars = interactive && isatty (STDIN_FILENO);
  if (!term_progress_bars)
    return;
  if (guestfs_set_event_callback (g, progress_event, GUESTFS_EVENT_PROGRESS,
                                  0, NULL) == -1)
    return;
  saved_handler = guestfs_get_error_handler (g, &saved_opaque);
  guestfs_set_error_handler (g, error_handler, NULL);
}
