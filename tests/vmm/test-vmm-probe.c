/* guestkit — boots the probe payload under guestkit-vmm (TAP output).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file tests F<guestkit-vmm> end to end with the freestanding
 * probe guest (F<tests/vmm/probe/>).  It makes a 16 MiB raw image
 * filled with 0xAA, a socketpair for the channel and a pipe for the
 * UART, runs the VMM on them, answers the probe's hello on the channel
 * with a line the probe must echo back, and then checks the exit
 * status, the probe's report on the UART, the channel traffic and
 * what the guest wrote to the image (sector 1 only).  It runs on a raw
 * image with queue kicks through ioeventfds (and checks the VMM did
 * not fall back to the exit path), on the same image with
 * $GUESTKIT_VMM_IOEVENTFD=0 (every kick a KVM exit), and through qcow2
 * when qemu-img is there.  If the VMM exits
 * with 77 (no usable KVM) the test is skipped (a TAP SKIP plan).  Usage:
 *   test-vmm-probe [GUESTKIT-VMM [PROBE-ELF]]
 * defaulting to $GUESTKIT_VMM and $PROBE_ELF, else to the build tree
 * under $GUESTKIT_TOP_BUILDDIR.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tap.h"

#define IMAGE_SIZE (16 * 1024 * 1024)
#define FILL 0xAA
#define MARKER "GUESTKIT-PROBE-SECTOR1"
#define HELLO "probe: hello\n"
#define ECHO "echo-me-12345\n"
#define DEADLINE_MS 90000
#define LOG_MAX (1024 * 1024)

/* Bytes collected from one of the VMM's fds (at most LOG_MAX). */
struct buf {
  char *data;
  size_t len;
};

struct run {
  pid_t pid;
  int con_fd, chan_fd, err_fd;  /* our ends; -1 once at EOF */
  struct buf con, chan, err;
  bool echo_sent, timed_out;
  int status;                   /* from waitpid */
};

static void
buf_append (struct buf *b, const char *data, size_t len)
{
  char *p;

  if (len > LOG_MAX - b->len)
    len = LOG_MAX - b->len;
  p = realloc (b->data, b->len + len + 1);
  if (p == NULL) {
    perror ("realloc");
    exit (EXIT_FAILURE);
  }
  b->data = p;
  memcpy (b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
}

static bool
buf_contains (const struct buf *b, const char *s)
{
  return b->data && memmem (b->data, b->len, s, strlen (s)) != NULL;
}

static int64_t
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Write IMAGE_SIZE bytes of FILL to FD, and close it. */
static int
fill_image (int fd)
{
  static char chunk[65536];
  size_t done;

  memset (chunk, FILL, sizeof chunk);
  for (done = 0; done < IMAGE_SIZE; done += sizeof chunk)
    if (write (fd, chunk, sizeof chunk) != (ssize_t) sizeof chunk) {
      perror ("write image");
      close (fd);
      return -1;
    }
  if (close (fd) == -1) {
    perror ("close image");
    return -1;
  }
  return 0;
}

/* Create the image from TEMPLATE (mkstemp). */
static int
make_image (char *template)
{
  int fd = mkstemp (template);

  if (fd == -1) {
    perror (template);
    return -1;
  }
  return fill_image (fd);
}

/* Fill the image at PATH afresh. */
static int
make_image_again (const char *path)
{
  int fd = open (path, O_WRONLY | O_TRUNC | O_CLOEXEC);

  if (fd == -1) {
    perror (path);
    return -1;
  }
  return fill_image (fd);
}

/* In the child: CHAN becomes fd 3, CON fd 4, ERR stdout and stderr. */
static void __attribute__((noreturn))
child_exec (char *const *argv, int chan, int con, int err)
{
  /* Move everything above 4 first so no dup2 clobbers a source. */
  int c = fcntl (chan, F_DUPFD_CLOEXEC, 10);
  int u = fcntl (con, F_DUPFD_CLOEXEC, 10);
  int e = fcntl (err, F_DUPFD_CLOEXEC, 10);

  if (c == -1 || u == -1 || e == -1 ||
      dup2 (e, 1) == -1 || dup2 (e, 2) == -1 ||
      dup2 (c, 3) == -1 || dup2 (u, 4) == -1)
    _exit (126);
  execv (argv[0], argv);
  fprintf (stderr, "exec %s: %s\n", argv[0], strerror (errno));
  _exit (127);
}

static int
spawn (struct run *r, const char *vmm, const char *elf, const char *image,
       const char *format)
{
  char *argv[] = {
    (char *) vmm, (char *) "--kernel", (char *) elf,
    (char *) "--cmdline", (char *) "probe test", (char *) "--memsize",
    (char *) "64", (char *) "--disk", (char *) image, (char *) "--format",
    (char *) format, (char *) "--serial",
    (char *) "PROBE_SERIAL1", (char *) "--channel", (char *) "3",
    (char *) "--console", (char *) "4", (char *) "--timeout", (char *) "60",
    NULL
  };
  int sv[2], con[2], err[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1 ||
      pipe2 (con, O_CLOEXEC) == -1 || pipe2 (err, O_CLOEXEC) == -1) {
    perror ("socketpair/pipe2");
    return -1;
  }
  fflush (stdout);
  r->pid = fork ();
  if (r->pid == -1) {
    perror ("fork");
    return -1;
  }
  if (r->pid == 0)
    child_exec (argv, sv[1], con[1], err[1]);
  close (sv[1]);
  close (con[1]);
  close (err[1]);
  r->chan_fd = sv[0];
  r->con_fd = con[0];
  r->err_fd = err[0];
  return 0;
}

/* Read what *FD has into B; close it at EOF or on error. */
static void
drain (int *fd, struct buf *b)
{
  char tmp[4096];
  ssize_t n = read (*fd, tmp, sizeof tmp);

  if (n > 0)
    buf_append (b, tmp, (size_t) n);
  else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
    close (*fd);
    *fd = -1;
  }
}

/* Once the hello is in, send the line the probe must echo. */
static void
answer_hello (struct run *r)
{
  size_t done = 0;
  ssize_t n;

  if (r->echo_sent || r->chan_fd == -1 || !buf_contains (&r->chan, HELLO))
    return;
  r->echo_sent = true;
  while (done < strlen (ECHO)) {
    n = send (r->chan_fd, ECHO + done, strlen (ECHO) - done, MSG_NOSIGNAL);
    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0) {
      printf ("# send on the channel: %s\n", strerror (errno));
      return;
    }
    done += (size_t) n;
  }
}

/* Wait for the VMM to exit, killing it at DEADLINE. */
static void
reap (struct run *r, int64_t deadline)
{
  while (waitpid (r->pid, &r->status, WNOHANG) == 0) {
    if (now_ms () >= deadline) {
      r->timed_out = true;
      kill (r->pid, SIGKILL);
      waitpid (r->pid, &r->status, 0);
      return;
    }
    usleep (10000);
  }
}

/* Move bytes until the VMM has closed everything or the deadline. */
static void
pump (struct run *r)
{
  int64_t deadline = now_ms () + DEADLINE_MS, left;
  struct pollfd p[3];
  int i, *fds[3] = { &r->con_fd, &r->chan_fd, &r->err_fd };
  struct buf *bufs[3] = { &r->con, &r->chan, &r->err };

  while (r->con_fd >= 0 || r->chan_fd >= 0 || r->err_fd >= 0) {
    left = deadline - now_ms ();
    if (left <= 0)
      break;
    for (i = 0; i < 3; i++)
      p[i] = (struct pollfd) { .fd = *fds[i], .events = POLLIN };
    if (poll (p, 3, (int) left) == -1) {
      if (errno == EINTR)
        continue;
      perror ("poll");
      break;
    }
    for (i = 0; i < 3; i++)
      if (*fds[i] >= 0 && p[i].revents)
        drain (fds[i], bufs[i]);
    answer_hello (r);
  }
  reap (r, deadline);
  for (i = 0; i < 3; i++)
    if (*fds[i] >= 0) {
      close (*fds[i]);
      *fds[i] = -1;
    }
}

static bool
all_fill (const unsigned char *p, size_t len)
{
  size_t i;

  for (i = 0; i < len; i++)
    if (p[i] != FILL)
      return false;
  return true;
}

/* What the probe writes to sector 1. */
static void
expected_sector1 (unsigned char *s)
{
  size_t i, m = strlen (MARKER);

  memcpy (s, MARKER, m);
  for (i = m; i < 512; i++)
    s[i] = (unsigned char) i;
}

static void
check_image (const char *path)
{
  unsigned char *img = malloc (IMAGE_SIZE), want[512];
  struct stat st;
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  bool read_ok = fd >= 0 && fstat (fd, &st) == 0 && img &&
    pread (fd, img, IMAGE_SIZE, 0) == IMAGE_SIZE;

  ok (read_ok && st.st_size == IMAGE_SIZE, "image still 16 MiB and readable");
  if (read_ok) {
    expected_sector1 (want);
    ok (memcmp (img + 512, MARKER, strlen (MARKER)) == 0,
        "image has the marker at offset 512");
    ok (memcmp (img + 512, want, 512) == 0, "image sector 1 is the pattern");
    ok (all_fill (img, 512), "image sector 0 untouched");
    ok (all_fill (img + 1024, 512), "image sector 2 untouched");
    ok (all_fill (img + 1536, IMAGE_SIZE - 1536),
        "image untouched from sector 2 to the end");
  }
  if (fd >= 0)
    close (fd);
  free (img);
}

static void
check_uart (const struct buf *con)
{
  static const char *const lines[] = {
    "probe: start_info ok\n", "probe: status_port ok\n", "probe: pci ok\n",
    "probe: virtio-blk ok\n", "probe: virtio-console ok\n",
    "probe: virtio-rng ok\n",
    "probe: cmdline \"probe test\"\n",
    "probe: blk serial \"PROBE_SERIAL1\"\n",
    "probe: PASS\n",
  };
  char what[128];
  size_t i;

  for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
    snprintf (what, sizeof what, "UART has \"%.*s\"",
              (int) strlen (lines[i]) - 1, lines[i]);
    ok (buf_contains (con, lines[i]), what);
  }
}

static void
check_channel (const struct buf *chan)
{
  size_t h = strlen (HELLO);

  ok (chan->len >= h && memcmp (chan->data, HELLO, h) == 0,
      "the probe's hello arrived on the channel");
  ok (chan->len == h + strlen (ECHO) &&
      memcmp (chan->data + h, ECHO, strlen (ECHO)) == 0,
      "exactly the line we sent came back");
}

/* Print B as TAP comments, one per line. */
static void
print_log (const char *name, const struct buf *b)
{
  const char *p = b->data, *nl;

  printf ("# --- %s (%zu bytes) ---\n", name, b->len);
  while (p && p < b->data + b->len) {
    nl = memchr (p, '\n', (size_t) (b->data + b->len - p));
    if (!nl)
      nl = b->data + b->len;
    printf ("# %.*s\n", (int) (nl - p), p);
    p = nl + 1;
  }
}

static void
free_run (struct run *r)
{
  free (r->con.data);
  free (r->chan.data);
  free (r->err.data);
}

static const char *
path_from (const char *arg, const char *env, const char *rel, char *tmp,
           size_t len)
{
  const char *top = getenv ("GUESTKIT_TOP_BUILDDIR");

  if (arg)
    return arg;
  if (getenv (env) && *getenv (env))
    return getenv (env);
  snprintf (tmp, len, "%s/%s", top && *top ? top : ".", rel);
  return tmp;
}

static void
check_exit (const struct run *r)
{
  if (r->timed_out)
    printf ("# guestkit-vmm still running after %d s: killed\n",
            DEADLINE_MS / 1000);
  else if (WIFEXITED (r->status))
    printf ("# guestkit-vmm exited with status %d\n", WEXITSTATUS (r->status));
  else if (WIFSIGNALED (r->status))
    printf ("# guestkit-vmm killed by signal %d\n", WTERMSIG (r->status));
  ok (!r->timed_out && WIFEXITED (r->status) && WEXITSTATUS (r->status) == 0,
      "guestkit-vmm exits with status 0");
}

/* qemu-img convert SRC (format FROM) to DST (format TO), or qemu-img
 * check SRC if DST is NULL.  0 on success. */
static int
qemu_img (const char *from, const char *src, const char *to, const char *dst)
{
  char cmd[9000];

  if (dst)
    snprintf (cmd, sizeof cmd, "qemu-img convert -q -f %s -O %s '%s' '%s'",
              from, to, src, dst);
  else
    snprintf (cmd, sizeof cmd, "qemu-img check -q -f %s '%s'", from, src);
  return system (cmd) == 0 ? 0 : -1;
}

/* Boot the probe over IMAGE as FORMAT (a qcow2 converted from the raw
 * image, converted back to it after the run, so the same checks apply).
 * Returns 1 if KVM is unusable (skip), else 0. */
static int
run_probe (const char *vmm, const char *elf, const char *image,
           const char *format)
{
  struct run r = { .con_fd = -1, .chan_fd = -1, .err_fd = -1 };
  char disk[4200];
  bool q = strcmp (format, "qcow2") == 0;

  snprintf (disk, sizeof disk, "%s%s", image, q ? ".qcow2" : "");
  printf ("# %s --kernel %s --disk %s --format %s\n", vmm, elf, disk, format);
  if (q && qemu_img ("raw", image, "qcow2", disk) == -1) {
    ok (0, "qemu-img converts the image to qcow2");
    return 0;
  }
  if (spawn (&r, vmm, elf, disk, format) == -1)
    exit (EXIT_FAILURE);
  pump (&r);
  if (!r.timed_out && WIFEXITED (r.status) && WEXITSTATUS (r.status) == 77) {
    print_log ("guestkit-vmm stderr", &r.err);
    free_run (&r);
    return 1;
  }
  check_exit (&r);
  if (!getenv ("GUESTKIT_VMM_IOEVENTFD"))
    ok (r.err.data == NULL ||
        memmem (r.err.data, r.err.len, "KVM_IOEVENTFD", 13) == NULL,
        "queue kicks go through ioeventfds (no fallback)");
  check_uart (&r.con);
  check_channel (&r.chan);
  if (q) {
    ok (qemu_img ("qcow2", disk, NULL, NULL) == 0,
        "qemu-img check finds the qcow2 clean after the run");
    ok (qemu_img ("qcow2", disk, "raw", image) == 0, "qemu-img converts it back to raw");
    unlink (disk);
  }
  check_image (image);
  if (failures) {
    print_log ("UART", &r.con);
    print_log ("channel", &r.chan);
    print_log ("guestkit-vmm stderr", &r.err);
  }
  free_run (&r);
  return 0;
}

int
main (int argc, char *argv[])
{
  char vmm_buf[4096], elf_buf[4096], image[4096];
  const char *tmpdir = getenv ("TMPDIR");
  const char *vmm = path_from (argc > 1 ? argv[1] : NULL, "GUESTKIT_VMM",
                               "library/vmm/guestkit-vmm", vmm_buf,
                               sizeof vmm_buf);
  const char *elf = path_from (argc > 2 ? argv[2] : NULL, "PROBE_ELF",
                               "tests/vmm/probe/probe.elf", elf_buf,
                               sizeof elf_buf);
  int skip;

  snprintf (image, sizeof image, "%s/guestkit-probe-XXXXXX",
            tmpdir && *tmpdir ? tmpdir : "/tmp");
  if (make_image (image) == -1)
    return EXIT_FAILURE;
  skip = run_probe (vmm, elf, image, "raw");
  /* Again with every queue kick taking the vCPU exit path. */
  if (!skip && make_image_again (image) == 0) {
    setenv ("GUESTKIT_VMM_IOEVENTFD", "0", 1);
    run_probe (vmm, elf, image, "raw");
    unsetenv ("GUESTKIT_VMM_IOEVENTFD");
  }
  /* The same run through the qcow2 block layer, where qemu-img is. */
  if (!skip && make_image_again (image) == 0 &&
      system ("qemu-img --version >/dev/null 2>&1") == 0)
    run_probe (vmm, elf, image, "qcow2");
  unlink (image);
  if (skip) {
    printf ("1..0 # SKIP no usable /dev/kvm\n");
    return 0;           /* the TAP plan says SKIP */
  }
  return tap_done ();
}
