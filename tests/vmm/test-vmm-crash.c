/* guestkit — kill -9 the VMM during qcow2 allocating writes (TAP output).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the VMM crash-consistency test: run after run,
 * a fresh sparse qcow2 (4 GiB with 4 KiB clusters, so the L2 cache of
 * 64 tables overflows; 2 GiB with 64 KiB; 512 MiB with 2 MiB; in turn;
 * lazy refcounts off), F<guestkit-vmm> booting the probe in its
 * C<probe-crashwrite> mode (scattered self-describing writes, a flush,
 * "ack N", again), and a SIGKILL after a random number of acks plus a
 * random part of a batch, or, every other run, within 4 ms of the guest
 * announcing its next flush (aimed at the metadata write-back).  Then C<qemu-img check> must find no
 * corruption (leaks are counted, and allowed), and the image, converted
 * to raw by qemu-img, must hold every acknowledged write and no
 * garbage (F<crash-check.c>).  Usage:
 *
 *   test-vmm-crash [--runs N] [--time S] [--seed S] [--max-acks K]
 *                  [--inject RULES] [--inject-runs M] [--keep]
 *
 * --runs defaults to $CRASH_RUNS, else 6; --time stops starting runs
 * after S seconds; --max-acks bounds the acks before the kill (6).
 * Then M more runs (default 5) pass fault-injection rules to the VMM:
 * RULES, or in turn an EIO or ENOSPC at L2, data, flush, refcount and
 * allocation writes (see block/inject.h); these are not killed: the
 * guest must see a request fail (within 400 requests) and stop, and
 * the image must still be consistent with every acknowledged write in
 * it.  --keep keeps the
 * qcow2 of a failed run.  The last line is the summary "crash runs
 * N, corrupt C, leaked L, lost-acked-writes W".  Exit 77 semantics:
 * if the VMM cannot use KVM the whole test is a TAP SKIP.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tap.h"
#include "crash-check.h"
#include "crash-sector.h"

#define UART_MAX 65536
#define RUN_DEADLINE_MS 120000

struct opts {
  unsigned long runs, inject_runs, max_acks;
  unsigned time_s;
  uint64_t seed;
  const char *inject, *vmm, *elf;
  bool keep;
};

struct run {
  pid_t pid;
  int fd;                       /* the VMM's stdout and stderr */
  int chan;                     /* our end of its channel */
  char out[UART_MAX];
  size_t len;
  uint64_t acked;               /* last "ack N" seen */
  unsigned long acks, flushes;
  int status;
  bool killed, failed;
};

struct totals {
  unsigned long runs, corrupt, leaked_runs, leaked_clusters, lost, garbage;
  unsigned long acks;
};

static uint64_t rnd_state = 1;
static bool self_tested;

static uint64_t
rnd (void)
{
  return crash_rng (&rnd_state);
}

static int64_t
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run CMD with sh; its exit status, or -1. */
static int
shell (const char *cmd)
{
  int st = system (cmd);

  return st != -1 && WIFEXITED (st) ? WEXITSTATUS (st) : -1;
}

static int
spawn (struct run *r, const struct opts *o, const char *img, uint64_t seed,
       const char *inject)
{
  char cmdline[128];
  const char *argv[24];
  int n = 0, p[2], sv[2];

  /* With faults armed the guest must meet one within 400 requests. */
  snprintf (cmdline, sizeof cmdline, "probe-crashwrite seed=%llu%s",
            (unsigned long long) seed, inject ? " max=400" : "");
  argv[n++] = o->vmm;
  argv[n++] = "--kernel"; argv[n++] = o->elf;
  argv[n++] = "--cmdline"; argv[n++] = cmdline;
  argv[n++] = "--memsize"; argv[n++] = "32";
  argv[n++] = "--disk"; argv[n++] = img;
  argv[n++] = "--format"; argv[n++] = "qcow2";
  argv[n++] = "--timeout"; argv[n++] = "300";
  argv[n++] = "--emulated-kvm";
  argv[n++] = "--channel"; argv[n++] = "3";   /* the probe wants a console */
  if (inject) {
    argv[n++] = "--inject";
    argv[n++] = inject;
  }
  argv[n] = NULL;
  if (pipe2 (p, O_CLOEXEC) == -1 ||
      socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
    return -1;
  fflush (stdout);
  if ((r->pid = fork ()) == -1)
    return -1;
  if (r->pid == 0) {
    if (dup2 (p[1], 1) == -1 || dup2 (p[1], 2) == -1 ||
        (sv[1] == 3 ? fcntl (3, F_SETFD, 0) : dup2 (sv[1], 3)) == -1)
      _exit (126);
    execv (argv[0], (char **) argv);
    _exit (127);
  }
  close (p[1]);
  close (sv[1]);
  r->fd = p[0];
  r->chan = sv[0];
  return 0;
}

/* Read what the VMM printed; count "crashwrite: ack N" lines.  0 at
 * EOF, 1 if more may come. */
static int
collect (struct run *r)
{
  static const char ack[] = "crashwrite: ack ";
  size_t old = r->len;
  ssize_t n = read (r->fd, r->out + r->len, UART_MAX - 1 - r->len);
  char *line, *nl;

  if (n <= 0)
    return n == -1 && errno == EINTR;
  r->len += (size_t) n;
  r->out[r->len] = '\0';
  /* Complete lines that end in the new bytes. */
  for (line = r->out; (nl = strchr (line, '\n')) != NULL; line = nl + 1) {
    if ((size_t) (nl - r->out) < old)
      continue;
    if (strncmp (line, ack, sizeof ack - 1) == 0) {
      r->acked = strtoull (line + sizeof ack - 1, NULL, 10);
      r->acks++;
    }
    else if (strncmp (line, "crashwrite: flush ", 18) == 0)
      r->flushes++;
    else if (strncmp (line, "crashwrite: FAILED", 18) == 0)
      r->failed = true;
  }
  return r->len < UART_MAX - 1;
}

/* Wait for TARGET acks (or the VMM's end), then kill it part-way into
 * the next batch, or with AT_FLUSH within 4 ms of the guest saying it
 * starts the next flush (so the kill often lands in the metadata
 * write-back). */
static void
drive (struct run *r, unsigned long target, bool at_flush)
{
  int64_t deadline = now_ms () + RUN_DEADLINE_MS, last = 0, gap = 50;
  struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
  unsigned long seen = 0;

  while ((r->acks < target || (at_flush && r->flushes <= r->acks)) &&
         now_ms () < deadline) {
    if (poll (&pfd, 1, 1000) <= 0)
      continue;
    if (collect (r) == 0)
      break;
    if (r->acks != seen) {
      if (seen && r->acks == seen + 1)
        gap = now_ms () - last;
      seen = r->acks;
      last = now_ms ();
    }
  }
  if (r->acks >= target && at_flush && r->flushes > r->acks) {
    usleep ((useconds_t) (rnd () % 4000));
    r->killed = kill (r->pid, SIGKILL) == 0;
  }
  else if (r->acks >= target && !at_flush) {
    usleep ((useconds_t) (rnd () % (uint64_t) (gap > 0 ? gap : 1) * 1000));
    r->killed = kill (r->pid, SIGKILL) == 0;
  }
  else if (now_ms () >= deadline)
    kill (r->pid, SIGKILL);
  waitpid (r->pid, &r->status, 0);
  while (collect (r) == 1)      /* what the pipe still holds */
    ;
  close (r->fd);
  close (r->chan);
}

/* qemu-img check IMG: 0 clean, 3 leaks only (*LEAKED gets the count),
 * anything else is a corruption (its report is printed). */
static int
qemu_check (const char *img, unsigned long *leaked)
{
  char cmd[1300], line[256], report[4096] = "";
  FILE *f;
  int st = -1;

  *leaked = 0;
  snprintf (cmd, sizeof cmd, "qemu-img check -f qcow2 '%s' 2>&1; echo rc=$?",
            img);
  if ((f = popen (cmd, "r")) == NULL)
    return -1;
  while (fgets (line, sizeof line, f)) {
    if (strstr (line, "leaked clusters were found"))
      *leaked = strtoul (line, NULL, 10);
    if (strncmp (line, "rc=", 3) == 0)
      st = atoi (line + 3);
    else if (strlen (report) + strlen (line) + 3 < sizeof report) {
      strcat (report, "# ");
      strcat (report, line);
    }
  }
  pclose (f);
  if (st != 0 && st != 3)
    printf ("%s", report);
  return st;
}

/* The checker must catch damage: zero a sector of acknowledged request
 * 1 and fill one of request 2 with junk, then check RAW again. */
static void
self_test (const char *raw, const struct crash_params *cp)
{
  uint64_t state = crash_rng_init (cp->seed), s1, s2;
  uint8_t junk[CRASH_SECTOR];
  struct crash_verdict v;
  uint32_t n1, n2;
  int fd = open (raw, O_WRONLY | O_CLOEXEC);

  crash_next_request (&state, cp->cap, &s1, &n1);
  crash_next_request (&state, cp->cap, &s2, &n2);
  memset (junk, 0x5A, sizeof junk);
  if (fd == -1 || (s1 + n1 > s2 && s2 + n2 > s1) ||
      pwrite (fd, junk, sizeof junk, (off_t) (s2 * CRASH_SECTOR)) == -1 ||
      fallocate (fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                 (off_t) (s1 * CRASH_SECTOR), CRASH_SECTOR) == -1) {
    printf ("# checker self-test not possible here\n");
    if (fd >= 0)
      close (fd);
    return;
  }
  close (fd);
  ok (crash_check (raw, NULL, cp, &v, NULL) == 0 && v.lost >= 1 && v.garbage >= 1,
      "the checker catches a lost acknowledged sector and a junk sector");
  self_tested = true;
}

static const uint64_t cluster_sizes[] = { 4096, 65536, 2097152 };
static const unsigned disk_mib[] = { 4096, 2048, 512 };  /* 4K: 2048 L2s */

/* ok () with a printf format. */
static void __attribute__((format (printf, 2, 3)))
okf (int cond, const char *fs, ...)
{
  char what[512];
  va_list ap;

  va_start (ap, fs);
  vsnprintf (what, sizeof what, fs, ap);
  va_end (ap);
  ok (cond, what);
}

/* Print the first LEN bytes of S, each line a TAP comment. */
static void
print_comment (const char *s, size_t len)
{
  const char *nl;

  while (len > 0) {
    nl = memchr (s, '\n', len);
    printf ("# %.*s\n", (int) (nl ? (size_t) (nl - s) : len), s);
    if (nl == NULL)
      break;
    len -= (size_t) (nl + 1 - s);
    s = nl + 1;
  }
}

/* After run R over IMG: qemu-img check, conversion to RAW, the content
 * check (*V).  Adds to *T; returns whether the image is corrupt. */
static bool
judge (const struct run *r, const char *img, const char *raw,
       struct crash_params *cp, struct crash_verdict *v, int *chk,
       struct totals *t)
{
  unsigned long leaked = 0;
  char cmd[4096];
  int conv = -1;
  bool bad;

  *chk = qemu_check (img, &leaked);
  snprintf (cmd, sizeof cmd, "qemu-img convert -f qcow2 -O raw '%s' '%s'",
            img, raw);
  if (*chk == 0 || *chk == 3)
    conv = shell (cmd);
  cp->acked = r->acked;
  if (conv == 0 && crash_check (raw, img, cp, v, stdout) == -1)
    conv = -1;
  bad = (*chk != 0 && *chk != 3) || conv != 0 || v->garbage || v->differ;
  t->runs++;
  t->acks += r->acks;
  t->corrupt += bad;
  t->leaked_runs += leaked > 0;
  t->leaked_clusters += leaked;
  t->lost += v->lost;
  t->garbage += v->garbage;
  if (!bad && !v->lost && !self_tested && r->acked >= 2)
    self_test (raw, cp);
  return bad;
}

/* Run I: returns 1 if the VMM cannot use KVM, else 0. */
static int
one_run (const struct opts *o, const char *dir, unsigned long i,
         const char *inject, struct totals *t)
{
  char img[1100], raw[1100], cmd[4096];
  struct run *r = calloc (1, sizeof *r);
  uint64_t seed = o->seed + i, cs = cluster_sizes[i % 3];
  unsigned long target = 1 + rnd () % o->max_acks;
  struct crash_params cp = { .seed = seed,
                             .cap = (uint64_t) disk_mib[i % 3] << 11 };
  struct crash_verdict v = { 0 };
  int chk = -1;
  bool bad;

  if (r == NULL)
    exit (EXIT_FAILURE);
  snprintf (img, sizeof img, "%s/crash.qcow2", dir);
  snprintf (raw, sizeof raw, "%s/crash.raw", dir);
  snprintf (cmd, sizeof cmd, "rm -f '%s' '%s'; qemu-img create -q -f qcow2 "
            "-o cluster_size=%llu,lazy_refcounts=off '%s' %uM", img, raw,
            (unsigned long long) cs, img, disk_mib[i % 3]);
  if (shell (cmd) != 0 || spawn (r, o, img, seed, inject) == -1) {
    okf (0, "run %lu: set up", i);
    free (r);
    return 0;
  }
  drive (r, inject ? ULONG_MAX : target, i % 2 == 0);
  if (!r->killed && WIFEXITED (r->status) && WEXITSTATUS (r->status) == 77) {
    print_comment (r->out, r->len);
    free (r);
    return 1;
  }
  bad = judge (r, img, raw, &cp, &v, &chk, t);
  okf (!bad && v.lost == 0 &&
       (inject ? r->failed : r->killed && !r->failed),
       "run %lu%s%s: seed %llu, %llu-byte clusters, killed %s%s after %lu "
       "acks (ack %llu): check %d, %lu sectors checked, %lu lost, "
       "%lu garbage, %lu differ", i, inject ? " --inject " : "",
       inject ? inject : "", (unsigned long long) seed,
       (unsigned long long) cs, r->killed ? "-9" : "(not: it ended)",
       r->killed && i % 2 == 0 ? " at a flush" : "", r->acks,
       (unsigned long long) r->acked, chk, v.checked, v.lost, v.garbage,
       v.differ);
  if (bad || v.lost || (!r->killed && !r->failed))
    print_comment (r->out, r->len < 4000 ? r->len : 4000);
  if (o->keep && (bad || v.lost)) {
    snprintf (cmd, sizeof cmd, "cp '%s' '%s.%lu'", img, img, i);
    if (shell (cmd) == 0)
      printf ("# kept %s.%lu\n", img, i);
  }
  unlink (raw);
  unlink (img);
  free (r);
  return 0;
}

/* The faults of the --inject-runs: an I/O error or a full disk at
 * each kind of host write, after some have gone through. */
static const char *const inject_specs[] = {
  "l2:EIO:once:2", "data:EIO:once:30", "flush:EIO:once:3",
  "refcount:ENOSPC:once:1", "alloc:ENOSPC:once:40",
};

static const char *
path_from (const char *env, const char *rel, char *tmp, size_t len)
{
  const char *top = getenv ("GUESTKIT_TOP_BUILDDIR");

  if (getenv (env) && *getenv (env))
    return getenv (env);
  snprintf (tmp, len, "%s/%s", top && *top ? top : ".", rel);
  return tmp;
}

static void
parse_args (struct opts *o, int argc, char **argv)
{
  static const struct option lo[] = {
    { "runs", 1, NULL, 'n' }, { "time", 1, NULL, 't' },
    { "seed", 1, NULL, 's' }, { "max-acks", 1, NULL, 'k' },
    { "inject", 1, NULL, 'i' }, { "keep", 0, NULL, 'K' },
    { "inject-runs", 1, NULL, 'j' },
    { NULL, 0, NULL, 0 },
  };
  const char *env = getenv ("CRASH_RUNS");
  int c;

  o->runs = env && *env ? strtoul (env, NULL, 10) : 6;
  o->inject_runs = 5;
  o->max_acks = 6;
  o->seed = (uint64_t) time (NULL) % 100000 * 1000;
  while ((c = getopt_long (argc, argv, "", lo, NULL)) != -1)
    switch (c) {
    case 'n': o->runs = strtoul (optarg, NULL, 10); break;
    case 't': o->time_s = (unsigned) strtoul (optarg, NULL, 10); break;
    case 's': o->seed = strtoull (optarg, NULL, 10); break;
    case 'k': o->max_acks = strtoul (optarg, NULL, 10); break;
    case 'i': o->inject = optarg; break;
    case 'j': o->inject_runs = strtoul (optarg, NULL, 10); break;
    case 'K': o->keep = true; break;
    default:
      fprintf (stderr, "usage: test-vmm-crash [--runs N] [--time S] "
               "[--seed S] [--max-acks K] [--inject RULES] [--inject-runs M] "
               "[--keep]\n");
      exit (EXIT_FAILURE);
    }
  if (o->max_acks == 0)
    o->max_acks = 1;
}

int
main (int argc, char **argv)
{
  char vmm_buf[4096], elf_buf[4096], dir[1000];
  const char *tmpdir = getenv ("TMPDIR");
  struct opts o = { 0 };
  struct totals t = { 0 };
  int64_t end;
  unsigned long i;

  parse_args (&o, argc, argv);
  o.vmm = path_from ("GUESTKIT_VMM", "library/vmm/guestkit-vmm", vmm_buf,
                     sizeof vmm_buf);
  o.elf = path_from ("PROBE_ELF", "tests/vmm/probe/probe.elf", elf_buf,
                     sizeof elf_buf);
  end = now_ms () + (int64_t) o.time_s * 1000;
  rnd_state = crash_rng_init (o.seed);
  if (shell ("qemu-img --version >/dev/null 2>&1") != 0) {
    printf ("1..0 # SKIP qemu-img is not installed\n");
    return 0;
  }
  snprintf (dir, sizeof dir, "%s/guestkit-crash-XXXXXX",
            tmpdir && *tmpdir ? tmpdir : "/tmp");
  if (mkdtemp (dir) == NULL) {
    perror (dir);
    return EXIT_FAILURE;
  }
  printf ("# seed %llu, %lu runs\n", (unsigned long long) o.seed, o.runs);
  for (i = 1; i <= o.runs + o.inject_runs &&
         (!o.time_s || now_ms () < end); i++)
    if (one_run (&o, dir, i, i <= o.runs ? NULL : o.inject ? o.inject :
                 inject_specs[(i - o.runs - 1) % 5], &t) == 1) {
      rmdir (dir);
      printf ("1..0 # SKIP no usable /dev/kvm\n");
      return 0;
    }
  rmdir (dir);
  printf ("# crash runs %lu, corrupt %lu, leaked %lu (%lu clusters), "
          "lost-acked-writes %lu, garbage sectors %lu, acks %lu\n",
          t.runs, t.corrupt, t.leaked_runs, t.leaked_clusters, t.lost,
          t.garbage, t.acks);
  return tap_done ();
}
