/* guestkit — guestkit-vmm's sandbox, checked from outside (TAP output).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file tests the VMM's sandbox (F<library/vmm/sandbox.c>) with
 * the probe guest: the self-test in errno mode (every call denied
 * with EPERM) and kill mode (SIGSYS at the first), then a probe run in
 * the default mode with a stray inherited descriptor: once the probe
 * says hello on the channel, the running VMM's F</proc/PID/fd> must
 * list exactly the machine's descriptors, and F</proc/PID/status>
 * must show NoNewPrivs 1, Seccomp 2 (filter), no capabilities and,
 * when we are root, uid 65534; then the probe must still pass.  Exit
 * 77 from the VMM (no usable KVM) skips the whole test.  Usage:
 *   test-vmm-sandbox [GUESTKIT-VMM [PROBE-ELF]]
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tap.h"

#define IMAGE_SIZE (16 * 1024 * 1024)
#define OUT_MAX 65536
#define ALLOWLIST_SIZE 55        /* sandbox_allowlist_size () */

struct child {
  pid_t pid;
  int out, chan, con;           /* our ends */
};

static const char *vmm, *elf;
static char image[4096];

/* Run the VMM with EXTRA (NULL-terminated, at most 4) arguments: fd 3
 * the channel, fd 4 the UART, stdout+stderr to a pipe; STRAY, if not
 * -1, is left open (not close-on-exec) in the child as fd 9. */
static int
spawn (struct child *c, const char *const *extra, int stray)
{
  const char *argv[32] = {
    vmm, "--kernel", elf, "--cmdline", "probe test", "--memsize", "64",
    "--disk", image, "--format", "raw", "--serial", "PROBE_SERIAL1",
    "--channel", "3", "--console", "4", "--timeout", "60",
  };
  int n = 19, sv[2], con[2], out[2];

  while (*extra)
    argv[n++] = *extra++;
  argv[n] = NULL;
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1 ||
      pipe2 (con, O_CLOEXEC) == -1 || pipe2 (out, O_CLOEXEC) == -1)
    return -1;
  fflush (stdout);
  c->pid = fork ();
  if (c->pid == 0) {
    int s = fcntl (sv[1], F_DUPFD_CLOEXEC, 20), u = fcntl (con[1],
                                                          F_DUPFD_CLOEXEC, 20);
    int o = fcntl (out[1], F_DUPFD_CLOEXEC, 20);

    if (s == -1 || u == -1 || o == -1 || dup2 (o, 1) == -1 ||
        dup2 (o, 2) == -1 || dup2 (s, 3) == -1 || dup2 (u, 4) == -1 ||
        (stray >= 0 && dup2 (stray, 9) == -1))
      _exit (126);
    unsetenv ("GUESTKIT_VMM_SANDBOX");
    execv (vmm, (char **) argv);
    _exit (127);
  }
  close (sv[1]);
  close (con[1]);
  close (out[1]);
  c->chan = sv[0];
  c->con = con[0];
  c->out = out[0];
  return c->pid == -1 ? -1 : 0;
}

/* Read FD to the end into BUF (OUT_MAX). */
static void
slurp (int fd, char *buf)
{
  size_t len = 0;
  ssize_t r;

  while (len < OUT_MAX - 1 &&
         (r = read (fd, buf + len, OUT_MAX - 1 - len)) != 0) {
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      break;
    len += (size_t) r;
  }
  buf[len] = '\0';
}

static void
print_comment (const char *what, const char *s)
{
  const char *start = s;

  printf ("# --- %s ---\n", what);
  for (; *s; s++) {
    if (s == start || s[-1] == '\n')
      printf ("# ");
    putchar (*s);
  }
  printf ("\n");
}

/* The self-test in MODE; returns the wait status, or -1 when skipped. */
static int
selftest (const char *mode, char *out)
{
  const char *extra[] = { mode, "--sandbox-selftest", NULL };
  struct child c;
  int status;

  if (spawn (&c, extra, -1) == -1) {
    perror ("spawn");
    exit (EXIT_FAILURE);
  }
  close (c.chan);
  close (c.con);
  slurp (c.out, out);
  close (c.out);
  waitpid (c.pid, &status, 0);
  return status;
}

static void
check_selftests (void)
{
  static char out[OUT_MAX];
#define WANT_ERRNO \
    "sandbox-selftest: mode errno, %d calls allowed\n" \
    "sandbox-selftest: trying openat /etc/passwd\n" \
    "sandbox-selftest: openat /etc/passwd: denied (EPERM)\n" \
    "sandbox-selftest: trying execve /bin/true\n" \
    "sandbox-selftest: execve /bin/true: denied (EPERM)\n" \
    "sandbox-selftest: trying socket AF_INET\n" \
    "sandbox-selftest: socket AF_INET: denied (EPERM)\n" \
    "sandbox-selftest: trying ptrace PTRACE_TRACEME\n" \
    "sandbox-selftest: ptrace PTRACE_TRACEME: denied (EPERM)\n" \
    "sandbox-selftest: PASS\n"
#define WANT_KILL \
    "sandbox-selftest: mode kill, %d calls allowed\n" \
    "sandbox-selftest: trying openat /etc/passwd\n"
  char want[2048];
  int status = selftest ("--sandbox=errno", out);

  if (WIFEXITED (status) && WEXITSTATUS (status) == 77) {
    printf ("1..0 # SKIP no usable /dev/kvm\n");
    exit (EXIT_SUCCESS);
  }
  ok (WIFEXITED (status) && WEXITSTATUS (status) == 0,
      "errno mode: the self-test exits 0");
  snprintf (want, sizeof want, WANT_ERRNO, ALLOWLIST_SIZE);
  ok (strcmp (out, want) == 0,
      "errno mode: openat, execve, socket, ptrace all fail with EPERM");
  if (strcmp (out, want) != 0)
    print_comment ("self-test output", out);
  status = selftest ("--sandbox=kill", out);
  ok (WIFSIGNALED (status) && WTERMSIG (status) == SIGSYS,
      "kill mode: the VMM dies with SIGSYS");
  snprintf (want, sizeof want, WANT_KILL, ALLOWLIST_SIZE);
  ok (strcmp (out, want) == 0, "kill mode: at the first call, openat");
  if (strcmp (out, want) != 0)
    print_comment ("self-test output", out);
}

/* Wait until the channel has brought the probe's hello (30 s). */
static bool
wait_hello (struct child *c)
{
  char buf[64];
  size_t len = 0;
  struct pollfd p = { c->chan, POLLIN, 0 };
  ssize_t r;

  while (len < strlen ("probe: hello\n") && poll (&p, 1, 30000) == 1) {
    r = read (c->chan, buf + len, sizeof buf - 1 - len);
    if (r <= 0)
      return false;
    len += (size_t) r;
  }
  buf[len] = '\0';
  return strcmp (buf, "probe: hello\n") == 0;
}

static int
cmp_str (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The running VMM's descriptors, one kind per line, sorted: pipes,
 * sockets and anon inodes lose their inode number, the image is
 * "IMAGE". */
static void
list_fds (pid_t pid, char *out, size_t outlen)
{
  char dir[64], path[400], target[4096], *kinds[256];
  size_t n = 0, i;
  struct dirent *e;
  DIR *d;
  ssize_t r;

  snprintf (dir, sizeof dir, "/proc/%d/fd", (int) pid);
  out[0] = '\0';
  if ((d = opendir (dir)) == NULL)
    return;
  while ((e = readdir (d)) != NULL && n < 256) {
    if (e->d_name[0] == '.')
      continue;
    snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
    r = readlink (path, target, sizeof target - 1);
    target[r < 0 ? 0 : r] = '\0';
    if (strcmp (target, image) == 0)
      strcpy (target, "IMAGE");
    else if (strchr (target, '[') && strncmp (target, "anon_inode:", 11))
      *strchr (target, ':') = '\0';
    kinds[n++] = strdup (target);
  }
  closedir (d);
  qsort (kinds, n, sizeof kinds[0], cmp_str);
  for (i = 0; i < n; i++) {
    snprintf (out + strlen (out), outlen - strlen (out), "%s\n", kinds[i]);
    free (kinds[i]);
  }
}

/* The value of FIELD in /proc/PID/status ("" if none). */
static void
status_field (pid_t pid, const char *field, char *val, size_t len)
{
  char path[64], line[512];
  FILE *f;

  snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  val[0] = '\0';
  if ((f = fopen (path, "re")) == NULL)
    return;
  while (fgets (line, sizeof line, f))
    if (strncmp (line, field, strlen (field)) == 0 &&
        line[strlen (field)] == ':') {
      snprintf (val, len, "%s", line + strlen (field) + 1);
      val[strcspn (val, "\n")] = '\0';
      break;
    }
  fclose (f);
}

static void
check_status (pid_t pid)
{
  static const char *const want[][2] = {
    { "NoNewPrivs", "1" }, { "Seccomp", "2" },
    { "CapInh", "0000000000000000" }, { "CapPrm", "0000000000000000" },
    { "CapEff", "0000000000000000" }, { "CapAmb", "0000000000000000" },
  };
  char val[256], what[512], uid[300];
  size_t i;

  for (i = 0; i < sizeof want / sizeof want[0]; i++) {
    status_field (pid, want[i][0], val, sizeof val);
    snprintf (what, sizeof what, "/proc/PID/status: %s %s", want[i][0],
              want[i][1]);
    ok (strcmp (val + strspn (val, "\t "), want[i][1]) == 0, what);
  }
  if (getuid () == 0) {
    status_field (pid, "Uid", val, sizeof val);
    snprintf (uid, sizeof uid, "%s", val + strspn (val, "\t "));
    ok (strcmp (uid, "65534\t65534\t65534\t65534") == 0,
        "run as root, the VMM is uid 65534 (real, effective, saved, fs)");
    status_field (pid, "CapBnd", val, sizeof val);
    ok (strcmp (val + strspn (val, "\t "), "0000000000000000") == 0,
        "run as root, its capability bounding set is empty");
  }
}

static void
check_probe_run (void)
{
  static char out[OUT_MAX], con[OUT_MAX];
  /* Eventfds: the two of run.c and one ioeventfd per virtio queue
   * (blk 1, console 4, rng 1). */
  static const char want_fds[] =
    "/dev/kvm\n/dev/null\nIMAGE\nanon_inode:[eventfd]\n"
    "anon_inode:[eventfd]\nanon_inode:[eventfd]\nanon_inode:[eventfd]\n"
    "anon_inode:[eventfd]\nanon_inode:[eventfd]\nanon_inode:[eventfd]\n"
    "anon_inode:[eventfd]\nanon_inode:kvm-vcpu:0\nanon_inode:kvm-vm\n"
    "pipe\npipe\npipe\nsocket\n";
  const char *extra[] = { NULL };
  char fds[8192];
  struct child c;
  int status, stray = open ("/etc/hostname", O_RDONLY);

  if (spawn (&c, extra, stray) == -1) {
    perror ("spawn");
    exit (EXIT_FAILURE);
  }
  close (stray);
  ok (wait_hello (&c), "default mode: the probe says hello on the channel");
  list_fds (c.pid, fds, sizeof fds);
  ok (strcmp (fds, want_fds) == 0, "the running VMM holds only the "
      "machine's descriptors (the stray fd 9 is gone)");
  if (strcmp (fds, want_fds) != 0)
    print_comment ("descriptors", fds);
  check_status (c.pid);
  if (write (c.chan, "echo-me-12345\n", 14) != 14)
    printf ("# cannot answer the probe\n");
  slurp (c.con, con);
  slurp (c.out, out);
  waitpid (c.pid, &status, 0);
  ok (WIFEXITED (status) && WEXITSTATUS (status) == 0,
      "default mode: the probe run exits 0");
  ok (strstr (con, "probe: PASS\n") != NULL,
      "default mode: the probe passes inside the sandbox");
  if (!strstr (con, "probe: PASS\n")) {
    print_comment ("UART", con);
    print_comment ("VMM output", out);
  }
  close (c.chan);
  close (c.con);
  close (c.out);
}

static bool
default_is_off (void)
{
  char cmd[4200];

  snprintf (cmd, sizeof cmd, "'%s' --help | grep -q '(default: off'", vmm);
  return system (cmd) == 0;
}

int
main (int argc, char *argv[])
{
  const char *top = getenv ("GUESTKIT_TOP_BUILDDIR");
  const char *tmp = getenv ("TMPDIR");
  static char vbuf[4096], ebuf[4096];
  int fd;

  top = top && *top ? top : ".";
  snprintf (vbuf, sizeof vbuf, "%s/library/vmm/guestkit-vmm", top);
  snprintf (ebuf, sizeof ebuf, "%s/tests/vmm/probe/probe.elf", top);
  vmm = argc > 1 ? argv[1] : getenv ("GUESTKIT_VMM") ? getenv ("GUESTKIT_VMM")
    : vbuf;
  elf = argc > 2 ? argv[2] : getenv ("PROBE_ELF") ? getenv ("PROBE_ELF")
    : ebuf;
  snprintf (image, sizeof image, "%s/guestkit-sandbox-XXXXXX",
            tmp && *tmp ? tmp : "/tmp");
  fd = mkstemp (image);
  if (fd == -1 || ftruncate (fd, IMAGE_SIZE) == -1) {
    perror (image);
    return EXIT_FAILURE;
  }
  close (fd);
  check_selftests ();
  if (default_is_off ())
    printf ("# this build's default is off (AddressSanitizer): the probe "
            "run inside the sandbox is not checked\n");
  else
    check_probe_run ();
  unlink (image);
  return tap_done ();
}
