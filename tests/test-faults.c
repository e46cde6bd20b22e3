/* guestkit — test-faults: kill the appliance under one handle.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the driver of tests/test-faults.sh (security
 * test plan #25).  One handle, over IMAGE (FORMAT), lives through five
 * faults: the appliance process SIGKILLed while idle, during a long
 * daemon call, mid-upload of UPFILE and mid-download of /big, and the
 * daemon crashed by internal_test_crash.  After each: the call fails
 * within 5 s with an error naming the appliance, the process is gone
 * (reaped, no zombie), the handle is back in the config state, and a
 * launch on the same handle works.  Output is TAP; the shell script
 * checks the temporary directory and the image afterwards.
 *
 *   test-faults IMAGE FORMAT UPFILE DOWNFILE
 */

#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guestfs.h"

#define KILL_AFTER_MS 1500
#define MAX_DETECT_S 5.0

static int tap_n, tap_fail;

static void
ok (int good, const char *what, const char *note)
{
  tap_n++;
  printf ("%sok %d - %s\n", good ? "" : "not ", tap_n, what);
  if (!good)
    tap_fail++;
  if (note && *note)
    printf ("# %s\n", note);
  fflush (stdout);
}

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The killer thread: SIGKILL PID after DELAY_MS, or (with WATCH) as
 * soon as the local file WATCH has grown to 1 MiB, so that a fast
 * download is still caught in the middle.  Notes the time. */
struct killer {
  pthread_t t;
  pid_t pid;
  int delay_ms;
  const char *watch;
  double killed_at;
};

static void *
killer_main (void *arg)
{
  struct killer *k = arg;
  struct timespec d = { k->delay_ms / 1000, (k->delay_ms % 1000) * 1000000L };
  struct timespec tick = { 0, 1000000L };
  struct stat st;

  if (k->watch == NULL)
    nanosleep (&d, NULL);
  else
    for (int i = 0; i < 20000; i++) {   /* at most ~20 s */
      if (stat (k->watch, &st) == 0 && st.st_size >= (1 << 20))
        break;
      nanosleep (&tick, NULL);
    }
  k->killed_at = now ();
  kill (k->pid, SIGKILL);
  return NULL;
}

static int
launch (guestfs_h *g, const char *what)
{
  char name[128];
  int good = guestfs_launch (g) == 0 && guestfs_mount (g, "/dev/sda", "/") == 0;

  snprintf (name, sizeof name, "launch on the same handle (%s)", what);
  ok (good, name, good ? NULL : guestfs_last_error (g));
  return good ? 0 : -1;
}

/* Reaped: no process, not even a zombie, after up to 5 s. */
static bool
gone (pid_t pid)
{
  double t0 = now ();

  while (now () - t0 < MAX_DETECT_S) {
    if (kill (pid, 0) == -1 && errno == ESRCH)
      return true;
    usleep (50000);
  }
  return false;
}

/* After a call R failed at time T_FAIL (the fault at T_FAULT): the
 * checks every fault shares. */
static void
after_fault (guestfs_h *g, const char *what, int r, pid_t pid,
             double t_fault, double t_fail)
{
  char name[160], note[600];
  const char *err = guestfs_last_error (g);

  snprintf (name, sizeof name, "%s: the call fails naming the appliance",
            what);
  snprintf (note, sizeof note, "error: %s", err ? err : "(none)");
  ok (r == -1 && err && strstr (err, "appliance"), name, note);
  snprintf (name, sizeof name, "%s: error within %.0f s", what, MAX_DETECT_S);
  snprintf (note, sizeof note, "detected after %.2f s", t_fail - t_fault);
  ok (t_fail - t_fault <= MAX_DETECT_S, name, note);
  snprintf (name, sizeof name, "%s: appliance process %d reaped", what,
            (int) pid);
  ok (gone (pid), name, NULL);
  snprintf (name, sizeof name, "%s: handle back in the config state", what);
  ok (guestfs_is_config (g) == 1, name, NULL);
}

enum fault { IDLE, COMMAND, UPLOAD, DOWNLOAD, CRASH };

static const char *const fault_names[] = {
  "kill while idle", "kill during sleep 30", "kill mid-upload",
  "kill mid-download", "daemon crash",
};

static int
call_for (guestfs_h *g, enum fault f, const char *up, const char *down)
{
  switch (f) {
  case IDLE: return guestfs_sleep (g, 0);
  case COMMAND: return guestfs_sleep (g, 30);
  case UPLOAD: return guestfs_upload (g, up, "/uploaded");
  case DOWNLOAD: return guestfs_download (g, "/big", down);
  case CRASH: return guestfs_internal_test_crash (g);
  }
  return -1;
}

static void
one_fault (guestfs_h *g, enum fault f, const char *up, const char *down)
{
  struct killer k = { .delay_ms = KILL_AFTER_MS };
  int pid = guestfs_get_pid (g), r;
  double t_fault, t_fail;

  if (pid <= 0) {
    ok (0, "get_pid", guestfs_last_error (g));
    return;
  }
  k.pid = pid;
  if (f == IDLE) {
    kill (pid, SIGKILL);
    t_fault = now ();
    usleep (200000);
  }
  else if (f != CRASH) {
    if (f == DOWNLOAD) {
      unlink (down);
      k.watch = down;
    }
    if (f == UPLOAD)            /* early: a fast upload is still running */
      k.delay_ms = 300;
    pthread_create (&k.t, NULL, killer_main, &k);
  }
  t_fault = now ();
  r = call_for (g, f, up, down);
  t_fail = now ();
  if (f != IDLE && f != CRASH) {
    pthread_join (k.t, NULL);
    t_fault = k.killed_at;
  }
  after_fault (g, fault_names[f], r, pid, t_fault, t_fail);
}

int
main (int argc, char **argv)
{
  guestfs_h *g;
  enum fault f;
  int64_t size;
  int pid, r;

  if (argc != 5) {
    fprintf (stderr, "usage: test-faults IMAGE FORMAT UPFILE DOWNFILE\n");
    return 2;
  }
  g = guestfs_create ();
  if (g == NULL) {
    printf ("Bail out! guestfs_create failed\n");
    return 1;
  }
  guestfs_set_error_handler (g, NULL, NULL);
  if (guestfs_add_drive_opts (g, argv[1], GUESTFS_ADD_DRIVE_OPTS_FORMAT,
                              argv[2], -1) == -1 ||
      launch (g, "first") == -1) {
    printf ("Bail out! %s\n", guestfs_last_error (g));
    return 1;
  }
  for (f = IDLE; f <= CRASH; f++) {
    one_fault (g, f, argv[3], argv[4]);
    if (launch (g, fault_names[f]) == -1)
      break;
  }
  size = guestfs_filesize (g, "/big");
  ok (size > 0, "the image's files are readable after the faults", NULL);
  r = guestfs_write (g, "/after", "still writable\n", 15);
  ok (r == 0, "the image is writable after the faults",
      r ? guestfs_last_error (g) : NULL);
  pid = guestfs_get_pid (g);
  r = guestfs_shutdown (g);
  ok (r == 0, "clean shutdown", r ? guestfs_last_error (g) : NULL);
  guestfs_close (g);
  ok (pid > 0 && gone (pid), "after close: the last appliance reaped", NULL);
  printf ("1..%d\n", tap_n);
  return tap_fail ? 1 : 0;
}
