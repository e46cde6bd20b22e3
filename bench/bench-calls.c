/* guestkit — call latency benchmark.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<bench/latency>'s harness: one appliance with
 * an ext4 scratch disk mounted on /, then B batches of N
 * C<ping_daemon> and N C<is_file> round trips (on a file that
 * exists), each batch timed as a whole.  Per call it prints the
 * wall-clock time (min and median over the batches) and the CPU time
 * of the backend process (QEMU/VMM: utime + stime from
 * F</proc/PID/stat>, min over the batches), which load on a shared
 * machine disturbs less than wall-clock time.
 *
 * Usage: bench-calls [N [B]]    (defaults 1000, 5)
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guestfs.h"

#define MAX_BATCHES 100

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time (utime + stime) of process PID in ms, or -1. */
static double
cpu_ms (int pid)
{
  char path[64], buf[4096], *p;
  unsigned long ut, st;
  FILE *f;
  size_t n;

  if (pid <= 0)
    return -1;
  snprintf (path, sizeof path, "/proc/%d/stat", pid);
  if (!(f = fopen (path, "r")))
    return -1;
  n = fread (buf, 1, sizeof buf - 1, f);
  fclose (f);
  buf[n] = '\0';
  /* Fields after the command name (which may hold spaces): state is
   * field 3, utime 14, stime 15. */
  if (!(p = strrchr (buf, ')')) ||
      sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
              &ut, &st) != 2)
    return -1;
  return (ut + st) * 1e3 / sysconf (_SC_CLK_TCK);
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

/* One batch of N calls of WHICH (0: ping-daemon, 1: is-file); wall
 * and backend CPU ms into *WALL, *CPU.  Returns 0 or -1. */
static int
batch (guestfs_h *g, int which, int n, int pid, double *wall, double *cpu)
{
  double t0 = now_ms (), c0 = cpu_ms (pid);
  int i;

  for (i = 0; i < n; i++)
    if (which ? guestfs_is_file (g, "/f") != 1 : guestfs_ping_daemon (g) == -1)
      return -1;
  *wall = now_ms () - t0;
  *cpu = c0 >= 0 ? cpu_ms (pid) - c0 : -1;
  return 0;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *name, int n, int b, double *wall, double *cpu)
{
  qsort (wall, b, sizeof *wall, cmp_double);
  qsort (cpu, b, sizeof *cpu, cmp_double);
  printf ("%s x%d, min of %d batches: %.1f ms\n", name, n, b, wall[0]);
  printf ("%s per call, min: %.1f us\n", name, wall[0] * 1e3 / n);
  printf ("%s per call, median: %.1f us\n", name, wall[b / 2] * 1e3 / n);
  if (cpu[0] >= 0)
    printf ("%s backend CPU per call, min: %.1f us\n", name,
            cpu[0] * 1e3 / n);
}

int
main (int argc, char *argv[])
{
  int which, j, n = argc > 1 ? atoi (argv[1]) : 1000;
  int b = argc > 2 ? atoi (argv[2]) : 5;
  double wall[MAX_BATCHES], cpu[MAX_BATCHES];
  static const char *const names[] = { "ping-daemon", "is-file" };
  guestfs_h *g;
  int pid;

  if (n < 1 || b < 1 || b > MAX_BATCHES || !(g = prepare ()))
    return EXIT_FAILURE;
  pid = guestfs_get_pid (g);
  for (which = 0; which < 2; which++) {
    for (j = 0; j < b; j++)
      if (batch (g, which, n, pid, &wall[j], &cpu[j]) == -1)
        return EXIT_FAILURE;
    report (names[which], n, b, wall, cpu);
  }
  if (guestfs_shutdown (g) == -1)
    return EXIT_FAILURE;
  guestfs_close (g);
  return EXIT_SUCCESS;
}
