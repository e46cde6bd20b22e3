/* guestkit — concurrency and soak: many handles, one shared handle,
 * two processes racing on an empty cache (TAP).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the concurrency test.  Three parts, each with
 * the real appliance:
 *
 * 1. Two processes launch at the same moment with an empty
 *    C<LIBGUESTFS_CACHEDIR> (the per-user cache holds the KVM verdict;
 *    there is no appliance-build cache: the appliance is prebuilt).
 *    Both must succeed, the cache must hold one well-formed entry and
 *    no temporary file, and their temp and socket dirs must be empty.
 *
 * 2. Soak: K threads, each with handles of its own, doing
 *    create/add_drive/launch/work/close until T seconds have passed
 *    (at least two cycles each, so that each cycle checks what the
 *    previous handle wrote); the hypervisor is gone after each close.
 *
 * 3. One handle shared by S threads doing N rounds of write, read back,
 *    a failing call then a good one (the last error must still be
 *    this thread's: errors are kept per thread) and settings calls; the calls are serialised by the
 *    handle's lock, and every file written must be there at the end.
 *
 * K, T, S and N come from GUESTKIT_CONC_HANDLES (2),
 * GUESTKIT_CONC_SECONDS (0), GUESTKIT_CONC_SHARED_THREADS (3) and
 * GUESTKIT_CONC_ROUNDS (100).
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guestfs.h"
#include "tap.h"

#define DISK_SIZE (64 * 1024 * 1024)

static char tmp[] = "/tmp/guestkit-conc-XXXXXX";

static int
env_int (const char *name, int dflt, int min, int max)
{
  const char *v = getenv (name);
  int n = v && *v ? atoi (v) : dflt;

  return n < min ? min : n > max ? max : n;
}

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Number of entries in DIR other than . and .., or -1. */
static int
count_entries (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  int n = 0;

  if (!d)
    return -1;
  while ((e = readdir (d)) != NULL)
    if (strcmp (e->d_name, ".") != 0 && strcmp (e->d_name, "..") != 0)
      n++;
  closedir (d);
  return n;
}

/* A new handle that reports errors only through last_error. */
static guestfs_h *
quiet_handle (void)
{
  guestfs_h *g = guestfs_create ();

  if (g)
    guestfs_set_error_handler (g, NULL, NULL);
  return g;
}

/*-- 1. Two processes, one empty cache --*/

/* In the child: wait for the start signal, launch, check, exit. */
static void __attribute__((noreturn))
race_child (int start_fd, int n)
{
  char dir[256], byte;
  guestfs_h *g;
  int ok_ = 0;

  snprintf (dir, sizeof dir, "%s/cache", tmp);
  setenv ("LIBGUESTFS_CACHEDIR", dir, 1);
  snprintf (dir, sizeof dir, "%s/tmp%d", tmp, n);
  setenv ("TMPDIR", dir, 1);
  snprintf (dir, sizeof dir, "%s/run%d", tmp, n);
  setenv ("XDG_RUNTIME_DIR", dir, 1);
  unsetenv ("LIBGUESTFS_TMPDIR");
  unsetenv ("LIBGUESTFS_BACKEND");   /* the default probes KVM (cached) */
  if (read (start_fd, &byte, 1) < 0)
    _exit (2);
  g = quiet_handle ();
  if (g && guestfs_add_drive_scratch (g, DISK_SIZE, -1) == 0 &&
      guestfs_launch (g) == 0 &&
      guestfs_blockdev_getsize64 (g, "/dev/sda") == DISK_SIZE &&
      guestfs_shutdown (g) == 0)
    ok_ = 1;
  else if (g)
    fprintf (stderr, "race child %d: %s\n", n, guestfs_last_error (g));
  guestfs_close (g);
  _exit (ok_ ? 0 : 1);
}

/* The cache must hold one directory with one valid verdict, or
 * nothing at all where there is no /dev/kvm to probe. */
static void
check_cache (void)
{
  char dir[256], path[300], line[128], boot_id[64] = "", id[64];
  int entries, v = -1;
  struct stat st;
  FILE *fp;

  if ((fp = fopen ("/proc/sys/kernel/random/boot_id", "r"))) {
    if (fgets (boot_id, sizeof boot_id, fp))
      boot_id[strcspn (boot_id, "\n")] = '\0';
    fclose (fp);
  }
  snprintf (dir, sizeof dir, "%s/cache/.guestkit-%ld", tmp, (long) geteuid ());
  if (access ("/dev/kvm", R_OK | W_OK) == -1) {
    snprintf (path, sizeof path, "%s/cache", tmp);
    ok (count_entries (path) == 0, "no /dev/kvm: the cache stays empty");
    return;
  }
  snprintf (path, sizeof path, "%s/kvm-verdict", dir);
  ok (lstat (dir, &st) == 0 && S_ISDIR (st.st_mode) &&
      (st.st_mode & 0777) == 0700 && st.st_uid == geteuid (),
      "cache: one per-user directory, mode 0700, ours");
  entries = count_entries (dir);
  ok (entries == 1, "cache: exactly one entry (no temporary file left)");
  if (!(fp = fopen (path, "r"))) {
    ok (0, "cache: the KVM verdict is readable");
    return;
  }
  line[0] = '\0';
  if (!fgets (line, sizeof line, fp))
    line[0] = '\0';
  ok (sscanf (line, "%63s %d", id, &v) == 2 && strcmp (id, boot_id) == 0 &&
      (v == 0 || v == 1) && fgetc (fp) == EOF,
      "cache: the verdict is one line '<boot_id> 0|1'");
  fclose (fp);
}

static void
test_cache_race (void)
{
  char dir[300];
  pid_t pid[2];
  int pfd[2], status, i, n;

  snprintf (dir, sizeof dir, "%s/cache", tmp);
  mkdir (dir, 0700);
  for (i = 0; i < 2; i++) {
    snprintf (dir, sizeof dir, "%s/tmp%d", tmp, i);
    mkdir (dir, 0700);
    snprintf (dir, sizeof dir, "%s/run%d", tmp, i);
    mkdir (dir, 0700);
  }
  if (pipe (pfd) == -1) {
    perror ("pipe");
    exit (EXIT_FAILURE);
  }
  fflush (stdout);
  for (i = 0; i < 2; i++) {
    pid[i] = fork ();
    if (pid[i] == 0) {
      close (pfd[1]);
      race_child (pfd[0], i);
    }
  }
  close (pfd[0]);
  close (pfd[1]);               /* both start now */
  for (i = 0; i < 2; i++) {
    status = -1;
    waitpid (pid[i], &status, 0);
    ok (WIFEXITED (status) && WEXITSTATUS (status) == 0,
        i == 0 ? "cache race: the first process launched and worked"
               : "cache race: the second process launched and worked");
  }
  check_cache ();
  n = 0;
  for (i = 0; i < 2; i++) {
    snprintf (dir, sizeof dir, "%s/tmp%d", tmp, i);
    n += count_entries (dir);
    snprintf (dir, sizeof dir, "%s/run%d", tmp, i);
    n += count_entries (dir);
  }
  ok (n == 0, "cache race: no temporary or socket directory left behind");
}

/*-- 2. K handles in K threads --*/

struct soak {
  int id;
  char disk[256];
  double deadline;
  int cycles;
  char why[512];                /* the first failure, or "" */
};

static int
soak_fail (struct soak *w, guestfs_h *g, const char *what)
{
  snprintf (w->why, sizeof w->why, "worker %d cycle %d: %s: %s", w->id,
            w->cycles, what, g ? guestfs_last_error (g) : "no handle");
  return -1;
}

/* Mount the disk, check the previous cycle's file, write this one's. */
static int
soak_work (struct soak *w, guestfs_h *g)
{
  char path[64], want[128], *got;
  int n = w->cycles, same;

  if (n == 0 && guestfs_mkfs (g, "ext4", "/dev/sda") == -1)
    return soak_fail (w, g, "mkfs");
  if (guestfs_mount (g, "/dev/sda", "/") == -1)
    return soak_fail (w, g, "mount");
  if (n > 0) {
    snprintf (path, sizeof path, "/cycle-%d", n - 1);
    snprintf (want, sizeof want, "worker %d cycle %d\n", w->id, n - 1);
    got = guestfs_cat (g, path);
    same = got && strcmp (got, want) == 0;
    free (got);
    if (!same)
      return soak_fail (w, g, "the previous handle's file differs");
  }
  snprintf (path, sizeof path, "/cycle-%d", n);
  snprintf (want, sizeof want, "worker %d cycle %d\n", w->id, n);
  if (guestfs_write (g, path, want, strlen (want)) == -1)
    return soak_fail (w, g, "write");
  got = guestfs_cat (g, path);
  same = got && strcmp (got, want) == 0;
  free (got);
  if (!same)
    return soak_fail (w, g, "read back");
  if (guestfs_umount_all (g) == -1)
    return soak_fail (w, g, "umount_all");
  return 0;
}

static int
soak_cycle (struct soak *w)
{
  guestfs_h *g = quiet_handle ();
  int pid, r = -1;

  if (!g)
    return soak_fail (w, NULL, "create");
  if (guestfs_set_memsize (g, 512) == -1 ||
      guestfs_add_drive_opts (g, w->disk, GUESTFS_ADD_DRIVE_OPTS_FORMAT,
                              "raw", -1) == -1)
    soak_fail (w, g, "add_drive");
  else if (guestfs_launch (g) == -1)
    soak_fail (w, g, "launch");
  else if (soak_work (w, g) == 0) {
    pid = guestfs_get_pid (g);
    if (guestfs_shutdown (g) == -1)
      soak_fail (w, g, "shutdown");
    else if (pid > 0 && kill (pid, 0) == 0)
      soak_fail (w, g, "the hypervisor outlived shutdown");
    else
      r = 0;
  }
  guestfs_close (g);
  return r;
}

static void *
soak_thread (void *arg)
{
  struct soak *w = arg;

  do {
    if (soak_cycle (w) == -1)
      break;
    w->cycles++;
  } while (w->cycles < 2 || now () < w->deadline);
  return NULL;
}

static void
test_soak (int k, int t)
{
  struct soak *w = calloc (k, sizeof *w);
  pthread_t *th = calloc (k, sizeof *th);
  int i, fd, total = 0, bad = 0;
  double t0 = now ();
  char msg[600];

  for (i = 0; i < k; i++) {
    w[i].id = i;
    w[i].deadline = t0 + t;
    snprintf (w[i].disk, sizeof w[i].disk, "%s/soak%d.img", tmp, i);
    fd = open (w[i].disk, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd == -1 || ftruncate (fd, DISK_SIZE) == -1) {
      perror (w[i].disk);
      exit (EXIT_FAILURE);
    }
    close (fd);
  }
  for (i = 0; i < k; i++)
    pthread_create (&th[i], NULL, soak_thread, &w[i]);
  for (i = 0; i < k; i++) {
    pthread_join (th[i], NULL);
    total += w[i].cycles;
    snprintf (msg, sizeof msg, "soak: worker %d finished %d cycles%s%s", i,
              w[i].cycles, w[i].why[0] ? ": " : "", w[i].why);
    ok (w[i].why[0] == '\0' && w[i].cycles >= 2, msg);
    bad += w[i].why[0] != '\0';
  }
  printf ("# soak: K=%d threads x T=%d s (%.0f s wall): %d launch/work/close "
          "cycles, %d failures\n", k, t, now () - t0, total, bad);
  free (w);
  free (th);
}

/*-- 3. One handle, S threads --*/

struct shared {
  guestfs_h *g;
  int id, rounds;
  char why[512];
};

static int
shared_fail (struct shared *s, int round, const char *what)
{
  snprintf (s->why, sizeof s->why, "thread %d round %d: %s (%s)", s->id,
            round, what, guestfs_last_error (s->g) ? guestfs_last_error (s->g)
            : "no error");
  return -1;
}

static void
on_any (guestfs_h *g, void *opaque, uint64_t event, int handle, int flags,
        const char *buf, size_t len, const uint64_t *array, size_t alen)
{
}

static int
shared_round (struct shared *s, int i)
{
  guestfs_h *g = s->g;
  char path[64], missing[64], want[128], *got;
  const char *err;
  int same, eh;

  snprintf (path, sizeof path, "/t%d-%d", s->id, i);
  snprintf (want, sizeof want, "thread %d round %d\n", s->id, i);
  snprintf (missing, sizeof missing, "/missing-t%d-%d", s->id, i);
  if (guestfs_write (g, path, want, strlen (want)) == -1)
    return shared_fail (s, i, "write");
  /* A failing call, then a good one (other threads' calls fail
   * meanwhile): the last error must still be this thread's own. */
  if ((got = guestfs_cat (g, missing)) != NULL) {
    free (got);
    return shared_fail (s, i, "cat of a missing file succeeded");
  }
  got = guestfs_cat (g, path);
  same = got && strcmp (got, want) == 0;
  free (got);
  if (!same)
    return shared_fail (s, i, "read back differs");
  err = guestfs_last_error (g);
  if (!err || !strstr (err, missing) || guestfs_last_errno (g) != ENOENT)
    return shared_fail (s, i, "last_error/last_errno are not this thread's");
  if (guestfs_get_memsize (g) != 512 || guestfs_get_verbose (g) != 0)
    return shared_fail (s, i, "settings read wrong");
  eh = guestfs_set_event_callback (g, on_any, GUESTFS_EVENT_TRACE, 0, NULL);
  if (eh < 0)
    return shared_fail (s, i, "set_event_callback");
  guestfs_delete_event_callback (g, eh);
  return 0;
}

static void *
shared_thread (void *arg)
{
  struct shared *s = arg;
  int i;

  for (i = 0; i < s->rounds; i++)
    if (shared_round (s, i) == -1)
      break;
  return NULL;
}

/* Every thread's files are there, and only they. */
static void
check_shared_files (guestfs_h *g, int nthreads, int rounds)
{
  char **l = guestfs_ls (g, "/");
  int i, n = 0, good = l != NULL, id, r;

  for (i = 0; l && l[i]; i++) {
    if (strcmp (l[i], "lost+found") != 0) {
      n++;
      if (sscanf (l[i], "t%d-%d", &id, &r) != 2 || id < 0 ||
          id >= nthreads || r < 0 || r >= rounds)
        good = 0;
    }
    free (l[i]);
  }
  free (l);
  ok (good && n == nthreads * rounds,
      "shared handle: every thread's files are there, and nothing else");
}

static void
test_shared (int nthreads, int rounds)
{
  guestfs_h *g = quiet_handle ();
  struct shared *s = calloc (nthreads, sizeof *s);
  pthread_t *th = calloc (nthreads, sizeof *th);
  char msg[600];
  double t0;
  int i;

  ok (g && guestfs_set_memsize (g, 512) == 0 &&
      guestfs_add_drive_scratch (g, DISK_SIZE, -1) == 0 &&
      guestfs_launch (g) == 0 && guestfs_mkfs (g, "ext4", "/dev/sda") == 0 &&
      guestfs_mount (g, "/dev/sda", "/") == 0,
      "shared handle: launch, mkfs, mount");
  t0 = now ();
  for (i = 0; i < nthreads; i++) {
    s[i] = (struct shared) { .g = g, .id = i, .rounds = rounds };
    pthread_create (&th[i], NULL, shared_thread, &s[i]);
  }
  for (i = 0; i < nthreads; i++) {
    pthread_join (th[i], NULL);
    snprintf (msg, sizeof msg, "shared handle: thread %d's %d rounds%s%s", i,
              rounds, s[i].why[0] ? ": " : "", s[i].why);
    ok (s[i].why[0] == '\0', msg);
  }
  printf ("# shared handle: %d threads x %d rounds (5 calls each) in %.1f s\n",
          nthreads, rounds, now () - t0);
  check_shared_files (g, nthreads, rounds);
  ok (guestfs_shutdown (g) == 0, "shared handle: shutdown");
  guestfs_close (g);
  free (s);
  free (th);
}

static void
cleanup (void)
{
  char cmd[128];

  snprintf (cmd, sizeof cmd, "rm -rf '%s'", tmp);
  if (system (cmd) != 0)
    fprintf (stderr, "could not remove %s\n", tmp);
}

int
main (void)
{
  const char *path = getenv ("LIBGUESTFS_PATH");
  int k = env_int ("GUESTKIT_CONC_HANDLES", 2, 1, 64);
  int t = env_int ("GUESTKIT_CONC_SECONDS", 0, 0, 86400);
  int nthreads = env_int ("GUESTKIT_CONC_SHARED_THREADS", 3, 2, 64);
  int rounds = env_int ("GUESTKIT_CONC_ROUNDS", 100, 1, 100000);

  if (!path || access (path, R_OK) == -1) {
    printf ("1..0 # SKIP appliance not built\n");
    return EXIT_SUCCESS;
  }
  if (!mkdtemp (tmp)) {
    perror ("mkdtemp");
    return EXIT_FAILURE;
  }
  alarm (t + 900);              /* a hang fails the test, never blocks make */
  test_cache_race ();           /* first: it forks, before any thread */
  test_soak (k, t);
  test_shared (nthreads, rounds);
  cleanup ();
  return tap_done ();
}
