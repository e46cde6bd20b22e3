/* guestkit — launch benchmark: create, add a drive, launch, close.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<bench/launch>'s harness: it times N launches
 * on a scratch drive and prints one figure per line (milliseconds):
 * each launch and the time to close it, then the minimum and the
 * median.  Each run also gets a breakdown (median of each stage at
 * the end), from host clocks and the appliance's boot marks (read
 * with C<dmesg> once the launch is timed):
 *
 *   create         guestfs_create + add drive
 *   to-exec        launch called -> backend process exec'd
 *                  (needs $BENCH_EXEC_WRAPPER: bench/exec-stamp)
 *   exec-to-kernel exec -> guest kernel clock 0 (VMM/QEMU setup,
 *                  firmware, kernel decompression; the host time of
 *                  clock 0 is launch-return minus the guest's uptime
 *                  at "guestfsd ready", so the hand-shake's few ms
 *                  count here)
 *   kernel-to-init guest clock 0 -> init's first mark
 *   init-modules, init-root, init-to-daemon, daemon-ready
 *                  init's and guestfsd's steps up to "ready"
 *
 * Usage: bench-launch [N]    (backend from LIBGUESTFS_BACKEND)
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guestfs.h"
#include "boot-marks.h"

enum { S_CREATE, S_TO_EXEC, S_EXEC_KERNEL, S_KERNEL_INIT, S_MODULES,
       S_ROOT, S_TO_DAEMON, S_DAEMON, S_TOTAL, S_CLOSE, NR_STAGES };
static const char *const stage_name[NR_STAGES] = {
  "create", "to-exec", "exec-to-kernel", "kernel-to-init", "init-modules",
  "init-root", "init-to-daemon", "daemon-ready", "total", "close",
};

static const char *wrapper;     /* $BENCH_EXEC_WRAPPER or NULL */
static char stamp[64];          /* its stamp file */

/* Wall-clock seconds (comparable with bench/exec-stamp's). */
static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Put bench/exec-stamp in front of the backend process. */
static int
wrap_backend (guestfs_h *g)
{
  const char *backend = getenv ("LIBGUESTFS_BACKEND");
  char *hv;

  if (!wrapper)
    return 0;
  unlink (stamp);
  if (backend && strcmp (backend, "vmm") == 0)
    return 0;                   /* done once in main () */
  if (!(hv = guestfs_get_hv (g)))
    return -1;
  setenv ("BENCH_REAL_HV", hv, 1);
  free (hv);
  return guestfs_set_hv (g, wrapper);
}

/* The boot stages of one run from the guest's marks (ms, -1: none). */
static void
guest_stages (guestfs_h *g, double t_launch, double t_ready, double *st)
{
  struct boot_marks m;
  char *log = guestfs_dmesg (g);
  double t_exec = wrapper ? exec_stamp_read (stamp) : -1, t_kernel;

  if (!log || boot_marks_parse (log, &m) < (int) BOOT_MARKS_N || m.ready < 0) {
    fprintf (stderr, "bench-launch: the appliance's boot marks are missing\n");
    free (log);
    return;
  }
  free (log);
  t_kernel = t_ready - m.ready;
  st[S_TO_EXEC] = t_exec > 0 ? (t_exec - t_launch) * 1e3 : -1;
  st[S_EXEC_KERNEL] = (t_kernel - (t_exec > 0 ? t_exec : t_launch)) * 1e3;
  st[S_KERNEL_INIT] = m.init_start * 1e3;
  st[S_MODULES] = (m.modules - m.init_start) * 1e3;
  st[S_ROOT] = (m.root - m.modules) * 1e3;
  st[S_TO_DAEMON] = (m.daemon_start - m.root) * 1e3;
  st[S_DAEMON] = (m.ready - m.daemon_start) * 1e3;
}

/* One run: fills ST (ms); returns -1 on error. */
static int
one_launch (double *st)
{
  double t0 = now_s (), t1, t2, t3;
  guestfs_h *g = guestfs_create ();

  if (!g || guestfs_add_drive_scratch (g, 64 << 20, -1) == -1 ||
      wrap_backend (g) == -1)
    return -1;
  t1 = now_s ();
  if (guestfs_launch (g) == -1)
    return -1;
  t2 = now_s ();
  guest_stages (g, t1, t2, st);
  t3 = now_s ();
  guestfs_close (g);
  st[S_CREATE] = (t1 - t0) * 1e3;
  st[S_TOTAL] = (t2 - t1) * 1e3;
  st[S_CLOSE] = (now_s () - t3) * 1e3;
  return 0;
}

static void
print_run (int i, const double *st)
{
  int s;

  printf ("launch %d: %.0f ms (close %.0f ms)\n", i, st[S_TOTAL], st[S_CLOSE]);
  for (s = 0; s < S_TOTAL; s++)
    if (st[s] >= 0)
      printf ("launch %d %s: %.1f ms\n", i, stage_name[s], st[s]);
}

/* Median of stage S over N runs (-1 if any run lacks it). */
static double
median (double (*st)[NR_STAGES], int n, int s)
{
  double v[1000];
  int i;

  for (i = 0; i < n; i++)
    if ((v[i] = st[i][s]) < 0)
      return -1;
  qsort (v, n, sizeof v[0], cmp_double);
  return v[n / 2];
}

static void
setup_wrapper (void)
{
  const char *backend = getenv ("LIBGUESTFS_BACKEND");
  const char *vmm = getenv ("GUESTKIT_VMM");

  wrapper = getenv ("BENCH_EXEC_WRAPPER");
  if (!wrapper)
    return;
  snprintf (stamp, sizeof stamp, "/tmp/bench-exec-%d", (int) getpid ());
  setenv ("BENCH_EXEC_STAMP", stamp, 1);
  if (backend && strcmp (backend, "vmm") == 0) {
    if (!vmm) {
      wrapper = NULL;           /* installed helper: leave it alone */
      return;
    }
    setenv ("BENCH_REAL_HV", vmm, 1);
    setenv ("GUESTKIT_VMM", wrapper, 1);
  }
}

int
main (int argc, char *argv[])
{
  int i, s, n = argc > 1 ? atoi (argv[1]) : 5;
  double (*st)[NR_STAGES], t[1000];

  if (n < 1 || n > 1000 || !(st = calloc (n, sizeof *st)))
    return EXIT_FAILURE;
  setup_wrapper ();
  for (i = 0; i < n; i++) {
    for (s = 0; s < NR_STAGES; s++)
      st[i][s] = -1;
    if (one_launch (st[i]) == -1)
      return EXIT_FAILURE;
    print_run (i + 1, st[i]);
    t[i] = st[i][S_TOTAL];
  }
  if (wrapper)
    unlink (stamp);
  qsort (t, n, sizeof t[0], cmp_double);
  printf ("launch min: %.0f ms\nlaunch median: %.0f ms\n", t[0], t[n / 2]);
  for (s = 0; s < NR_STAGES; s++)
    if (s != S_TOTAL && median (st, n, s) >= 0)
      printf ("median %s: %.1f ms\n", stage_name[s], median (st, n, s));
  free (st);
  return EXIT_SUCCESS;
}
