/* guestkit — call latency benchmark.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<bench/latency>'s harness: one appliance with
 * an ext4 scratch disk mounted on /, then N C<ping_daemon> and N
 * C<is_file> round trips (on a file that exists), each batch timed
 * as a whole.  Prints the total (ms) and the mean per call (µs).
 *
 * Usage: bench-calls [N]    (default 1000)
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "guestfs.h"

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A launched handle with ext4 on / holding /f, or NULL. */
static guestfs_h *
prepare (void)
{
  guestfs_h *g = guestfs_create ();

  if (!g)
    return NULL;
  if (guestfs_add_drive_scratch (g, 64 << 20, -1) == -1 ||
      guestfs_launch (g) == -1 || guestfs_mkfs (g, "ext4", "/dev/sda") == -1 ||
      guestfs_mount (g, "/dev/sda", "/") == -1 || guestfs_touch (g, "/f") == -1) {
    guestfs_close (g);
    return NULL;
  }
  return g;
}

static void
report (const char *name, int n, double ms)
{
  printf ("%s x%d: %.1f ms\n", name, n, ms);
  printf ("%s per call: %.1f us\n", name, ms * 1e3 / n);
}

int
main (int argc, char *argv[])
{
  int i, n = argc > 1 ? atoi (argv[1]) : 1000;
  guestfs_h *g;
  double t0;

  if (n < 1 || !(g = prepare ()))
    return EXIT_FAILURE;
  t0 = now_ms ();
  for (i = 0; i < n; i++)
    if (guestfs_ping_daemon (g) == -1)
      return EXIT_FAILURE;
  report ("ping-daemon", n, now_ms () - t0);
  t0 = now_ms ();
  for (i = 0; i < n; i++)
    if (guestfs_is_file (g, "/f") != 1)
      return EXIT_FAILURE;
  report ("is-file", n, now_ms () - t0);
  if (guestfs_shutdown (g) == -1)
    return EXIT_FAILURE;
  guestfs_close (g);
  return EXIT_SUCCESS;
}
