/* guestkit — launch benchmark: create, add a drive, launch, close.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<bench/launch>'s harness: it times N launches
 * on a scratch drive and prints one figure per line (milliseconds):
 * each launch, then the minimum and the median, and the time to close.
 *
 * Usage: bench-launch [N]    (backend from LIBGUESTFS_BACKEND)
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

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* One run: returns the launch time in ms (and the close time), or -1. */
static double
one_launch (double *close_ms)
{
  guestfs_h *g = guestfs_create ();
  double t0, t1;

  if (!g || guestfs_add_drive_scratch (g, 64 << 20, -1) == -1)
    return -1;
  t0 = now_ms ();
  if (guestfs_launch (g) == -1)
    return -1;
  t1 = now_ms ();
  guestfs_close (g);
  *close_ms = now_ms () - t1;
  return t1 - t0;
}

int
main (int argc, char *argv[])
{
  int i, n = argc > 1 ? atoi (argv[1]) : 5;
  double *t, close_ms = 0;

  if (n < 1 || n > 1000 || !(t = calloc (n, sizeof *t)))
    return EXIT_FAILURE;
  for (i = 0; i < n; i++) {
    t[i] = one_launch (&close_ms);
    if (t[i] < 0)
      return EXIT_FAILURE;
    printf ("launch %d: %.0f ms (close %.0f ms)\n", i + 1, t[i], close_ms);
  }
  qsort (t, n, sizeof *t, cmp_double);
  printf ("launch min: %.0f ms\nlaunch median: %.0f ms\n", t[0], t[n / 2]);
  free (t);
  return EXIT_SUCCESS;
}
