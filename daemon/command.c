/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements running helper programs (mkfs, parted, tar,
 * lvm, ...) from the daemon.
 *
 * A program runs in a child process with its standard streams wired
 * to pipes that the parent services with C<poll>: what it writes is
 * captured (at most 64 MiB of each stream), and data for its standard
 * input is fed through a socket so that a child that stops reading
 * early cannot kill the daemon with C<SIGPIPE>.  Every other file
 * descriptor is closed in the child, signal dispositions are reset,
 * and nothing that is not async-signal-safe runs between C<fork> and
 * C<exec>, so these functions may be called from a helper thread.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "daemon.h"

/* Most bytes kept from one output stream of a program. */
#define MAX_CAPTURE (64 * 1024 * 1024)
/* Most bytes handed to a program's stdin per send. */
#define FEED_CHUNK 65536

/* Exit codes of a child that could not exec (as shells use them). */
#define EXIT_NOT_FOUND 127
#define EXIT_CANNOT_RUN 126

/* A growing buffer that collects one output stream of a program. */
struct capture {
  char *buf;
  size_t len;
  size_t alloc;
  bool overflow;                /* more than MAX_CAPTURE, or no memory */
};

/* Everything about one run of a program. */
struct run {
  const char *const *argv;
  int in_fd;                    /* child's stdin, or -1 */
  int out_fd;                   /* child's stdout, or -1 */
  int cwd_fd;                   /* directory to fchdir into, or -1 */
  const char *stdin_data;       /* fed through a socket if not NULL */
  size_t stdin_len;
  bool capture_out;             /* capture stdout (overrides out_fd) */
  struct capture out;
  struct capture err;
};

/* The parent's ends of the pipes while a program runs. */
struct pump {
  int feed;                     /* socket to the child's stdin */
  size_t fed;
  int out;                      /* pipe from the child's stdout */
  int err;                      /* pipe from the child's stderr */
};

/* Make room for N more bytes (plus a NUL); false if over the limit. */
static bool
capture_reserve (struct capture *c, size_t n)
{
  size_t want;
  char *p;

  if (c->overflow || n > MAX_CAPTURE - c->len)
    return false;
  want = c->len + n + 1;
  if (want <= c->alloc)
    return true;
  if (want < c->alloc * 2)
    want = c->alloc * 2;
  if (want < 4096)
    want = 4096;
  p = realloc (c->buf, want);
  if (p == NULL)
    return false;
  c->buf = p;
  c->alloc = want;
  return true;
}

/* Append LEN bytes to C, or mark it overflowed. */
static void
capture_add (struct capture *c, const char *data, size_t len)
{
  if (!capture_reserve (c, len)) {
    c->overflow = true;
    return;
  }
  memcpy (c->buf + c->len, data, len);
  c->len += len;
  c->buf[c->len] = '\0';
}

/* Append a formatted message (a line) to C. */
static void __attribute__((format (printf, 2, 3)))
capture_printf (struct capture *c, const char *fs, ...)
{
  char msg[512];
  va_list args;
  int n;

  va_start (args, fs);
  n = vsnprintf (msg, sizeof msg, fs, args);
  va_end (args);
  if (n < 0)
    return;
  if ((size_t) n >= sizeof msg)
    n = sizeof msg - 1;
  if (c->len > 0 && c->buf[c->len - 1] != '\n')
    capture_add (c, "\n", 1);
  capture_add (c, msg, n);
}

/* Hand the captured text to the caller (always a string if possible)
 * or free it when the caller does not want it. */
static void
capture_take (struct capture *c, char **ret)
{
  if (ret == NULL) {
    free (c->buf);
  }
  else if (c->buf == NULL) {
    *ret = strdup ("");
  }
  else {
    c->buf[c->len] = '\0';
    *ret = c->buf;
  }
  c->buf = NULL;
  c->len = c->alloc = 0;
}

/* In verbose mode, show the command line on stderr. */
static void
print_command_line (const char *const *argv)
{
  size_t i;

  if (!verbose)
    return;
  fprintf (stderr, "guestfsd: running:");
  for (i = 0; argv[i] != NULL; i++) {
    if (argv[i][0] != '\0' && strpbrk (argv[i], " \t\n'\"\\") == NULL)
      fprintf (stderr, " %s", argv[i]);
    else
      fprintf (stderr, " '%s'", argv[i]);
  }
  fputc ('\n', stderr);
}

/* Write a string to fd 2 without stdio (safe after fork). */
static void
child_say (const char *s)
{
  size_t len = strlen (s);
  ssize_t r;

  while (len > 0) {
    r = write (STDERR_FILENO, s, len);
    if (r <= 0)
      return;
    s += r;
    len -= r;
  }
}

/* Report a failure in the child on its stderr and exit. */
static void __attribute__((noreturn))
child_fail (const char *what, int err, int code)
{
  child_say (what);
  child_say (": ");
  child_say (strerror (err));
  child_say ("\n");
  _exit (code);
}

/* Close every fd from 3 upwards. */
static void
child_close_fds (void)
{
  long max, fd;

  if (close_range (3, ~0U, 0) == 0)
    return;
  max = sysconf (_SC_OPEN_MAX);
  if (max < 0 || max > 65536)
    max = 65536;
  for (fd = 3; fd < max; fd++)
    close (fd);
}

/* Restore default signal handling for the program. */
static void
child_reset_signals (void)
{
  sigset_t set;
  int sig;

  for (sig = 1; sig < NSIG; sig++)
    signal (sig, SIG_DFL);
  sigemptyset (&set);
  sigprocmask (SIG_SETMASK, &set, NULL);
}

/* In the child: put FDS[0..2] on 0, 1, 2 (-1 = /dev/null). */
static void
child_setup_stdio (int fds[3])
{
  int null_fd = -1;
  int i;

  for (i = 0; i < 3; i++) {
    if (fds[i] < 0) {
      if (null_fd < 0)
        null_fd = open ("/dev/null", O_RDWR | O_CLOEXEC);
      if (null_fd < 0)
        child_fail ("/dev/null", errno, EXIT_CANNOT_RUN);
      fds[i] = null_fd;
    }
  }
  /* Lift everything above 2 first, so that dup2 cannot clobber. */
  for (i = 0; i < 3; i++) {
    if (fds[i] < 3) {
      fds[i] = fcntl (fds[i], F_DUPFD_CLOEXEC, 3);
      if (fds[i] < 0)
        child_fail ("dup", errno, EXIT_CANNOT_RUN);
    }
  }
  for (i = 0; i < 3; i++)
    if (dup2 (fds[i], i) < 0)
      child_fail ("dup2", errno, EXIT_CANNOT_RUN);
}

/* In the child: wire up the streams and exec the program. */
static void __attribute__((noreturn))
child_exec (const struct run *r, int in_fd, int out_fd, int err_fd)
{
  int fds[3] = { in_fd, out_fd, err_fd };

  child_setup_stdio (fds);
  if (r->cwd_fd >= 0 && fchdir (r->cwd_fd) == -1)
    child_fail ("fchdir", errno, EXIT_CANNOT_RUN);
  child_close_fds ();
  child_reset_signals ();
  execvp (r->argv[0], (char *const *) r->argv);
  child_fail (r->argv[0], errno,
              errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

static void
close_fd (int *fd)
{
  if (*fd >= 0) {
    close (*fd);
    *fd = -1;
  }
}

/* Read what is available on *FD into C; close *FD at end of file. */
static void
pump_read (int *fd, struct capture *c)
{
  char buf[65536];
  ssize_t n = read (*fd, buf, sizeof buf);

  if (n > 0)
    capture_add (c, buf, n);
  else if (n == 0 || (errno != EINTR && errno != EAGAIN))
    close_fd (fd);
}

/* Send more of the stdin data; close the socket when all is sent or
 * the child stopped reading. */
static void
pump_feed (struct pump *p, const struct run *r)
{
  size_t n = r->stdin_len - p->fed;
  ssize_t w;

  if (n > FEED_CHUNK)
    n = FEED_CHUNK;
  if (n > 0) {
    w = send (p->feed, r->stdin_data + p->fed, n,
              MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w > 0)
      p->fed += w;
    else if (errno != EINTR && errno != EAGAIN)
      p->fed = r->stdin_len;    /* child gone: drop the rest */
  }
  if (p->fed >= r->stdin_len)
    close_fd (&p->feed);
}

/* Service the pipes until the child has closed its outputs. */
static void
pump_loop (struct pump *p, struct run *r)
{
  struct pollfd pfd[3];
  int n, i;

  while (p->feed >= 0 || p->out >= 0 || p->err >= 0) {
    n = 0;
    if (p->feed >= 0)
      pfd[n++] = (struct pollfd) { .fd = p->feed, .events = POLLOUT };
    if (p->out >= 0)
      pfd[n++] = (struct pollfd) { .fd = p->out, .events = POLLIN };
    if (p->err >= 0)
      pfd[n++] = (struct pollfd) { .fd = p->err, .events = POLLIN };
    if (poll (pfd, n, -1) == -1) {
      if (errno == EINTR)
        continue;
      capture_printf (&r->err, "poll: %s", strerror (errno));
      break;
    }
    for (i = 0; i < n; i++) {
      if (pfd[i].revents == 0)
        continue;
      if (pfd[i].fd == p->feed)
        pump_feed (p, r);
      else if (pfd[i].fd == p->out)
        pump_read (&p->out, &r->out);
      else
        pump_read (&p->err, &r->err);
    }
  }
  close_fd (&p->feed);
  close_fd (&p->out);
  close_fd (&p->err);
}

/* Wait for PID; return its exit code, or -1 if it was killed. */
static int
wait_child (pid_t pid, struct run *r)
{
  int status;

  while (waitpid (pid, &status, 0) == -1) {
    if (errno != EINTR) {
      capture_printf (&r->err, "waitpid: %s", strerror (errno));
      return -1;
    }
  }
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    capture_printf (&r->err, "%s: killed by signal %d",
                    r->argv[0], WTERMSIG (status));
  else
    capture_printf (&r->err, "%s: wait status %d", r->argv[0], status);
  return -1;
}

/* The child's ends of the pipes, closed in the parent after fork. */
struct child_ends {
  int in;
  int out;
  int err;
};

/* Create the pipes this run needs.  Returns 0 or -1. */
static int
make_pipes (struct run *r, struct pump *p, struct child_ends *c)
{
  int pfd[2], sv[2];

  if (pipe2 (pfd, O_CLOEXEC) == -1)
    return -1;
  p->err = pfd[0];
  c->err = pfd[1];
  if (r->capture_out) {
    if (pipe2 (pfd, O_CLOEXEC) == -1)
      return -1;
    p->out = pfd[0];
    c->out = pfd[1];
  }
  if (r->stdin_data != NULL) {
    if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
      return -1;
    p->feed = sv[0];
    c->in = sv[1];
    shutdown (sv[1], SHUT_WR);
    shutdown (sv[0], SHUT_RD);
  }
  return 0;
}

static void
close_child_ends (struct child_ends *c)
{
  close_fd (&c->in);
  close_fd (&c->out);
  close_fd (&c->err);
}

/* Run the program described by R; return its exit code, or -1 if it
 * could not run or was killed (R->err then says why). */
static int
run_program (struct run *r)
{
  struct pump p = { .feed = -1, .fed = 0, .out = -1, .err = -1 };
  struct child_ends c = { .in = -1, .out = -1, .err = -1 };
  pid_t pid;

  print_command_line (r->argv);
  root_cache_drop ();           /* the program may mount or unmount */
  if (make_pipes (r, &p, &c) == -1) {
    capture_printf (&r->err, "pipe: %s", strerror (errno));
    goto fail;
  }
  pid = fork ();
  if (pid == -1) {
    capture_printf (&r->err, "fork: %s", strerror (errno));
    goto fail;
  }
  if (pid == 0)
    child_exec (r, c.in >= 0 ? c.in : r->in_fd,
                r->capture_out ? c.out : r->out_fd, c.err);
  close_child_ends (&c);
  pump_loop (&p, r);
  return wait_child (pid, r);

 fail:
  close_child_ends (&c);
  close_fd (&p.feed);
  close_fd (&p.out);
  close_fd (&p.err);
  return -1;
}

/* Run R and hand the outputs over; returns the exit code or -1. */
static int
run_and_collect (struct run *r, char **stdoutput, char **stderror)
{
  int status = run_program (r);

  if (r->out.overflow || r->err.overflow) {
    r->err.overflow = false;
    capture_printf (&r->err, "%s: output too large (over %d MiB) or out "
                    "of memory", r->argv[0], MAX_CAPTURE / (1024 * 1024));
    status = -1;
  }
  if (verbose && status != 0)
    fprintf (stderr, "guestfsd: %s: exit status %d\n", r->argv[0], status);
  capture_take (&r->out, stdoutput);
  capture_take (&r->err, stderror);
  return status;
}

/* Turn an exit code into 0/-1, making sure a failure is explained. */
static int
status_to_result (int status, const char *name, char **stderror)
{
  char *msg;

  if (status == 0)
    return 0;
  if (stderror != NULL && *stderror != NULL && (*stderror)[0] == '\0') {
    if (asprintf (&msg, "%s: exited with status %d", name, status) != -1) {
      free (*stderror);
      *stderror = msg;
    }
  }
  return -1;
}

/**
 * Run a program: the arguments after C<name> (the program itself,
 * looked up in C<PATH>) end with NULL.  See C<commandv>.
 */
int
command (char **stdoutput, char **stderror, const char *name, ...)
{
  CLEANUP_FREE const char **argv = NULL;
  va_list args;
  size_t n = 1, i;

  va_start (args, name);
  while (va_arg (args, const char *) != NULL)
    n++;
  va_end (args);

  argv = malloc ((n + 1) * sizeof *argv);
  if (argv == NULL) {
    if (stdoutput)
      *stdoutput = NULL;
    if (stderror)
      *stderror = strdup ("malloc: out of memory");
    return -1;
  }
  argv[0] = name;
  va_start (args, name);
  for (i = 1; i < n; i++)
    argv[i] = va_arg (args, const char *);
  va_end (args);
  argv[n] = NULL;
  return commandv (stdoutput, stderror, argv);
}

/**
 * Run C<argv>, capturing its stdout and stderr (either pointer may be
 * NULL to discard).  Returns 0 if it exited with status 0, otherwise
 * -1 with C<*stderror> explaining (never empty).  The strings are
 * set whatever the result, and are NULL only if memory ran out.
 */
int
commandv (char **stdoutput, char **stderror, const char *const *argv)
{
  int status = commandrv (stdoutput, stderror, argv);

  return status_to_result (status, argv[0], stderror);
}

/**
 * Like C<commandv>, but return the program's exit status, or -1 if
 * it could not be started, was killed or wrote too much.
 */
int
commandrv (char **stdoutput, char **stderror, const char *const *argv)
{
  struct run r = {
    .argv = argv, .in_fd = -1, .out_fd = -1, .cwd_fd = -1,
    .capture_out = stdoutput != NULL,
  };

  return run_and_collect (&r, stdoutput, stderror);
}

/**
 * Like C<commandv>, feeding C<stdin_len> bytes of C<stdin_data> to
 * the program's standard input (NULL: it reads /dev/null).
 */
int
commandv_stdin (char **stdoutput, char **stderror,
                const char *stdin_data, size_t stdin_len,
                const char *const *argv)
{
  struct run r = {
    .argv = argv, .in_fd = -1, .out_fd = -1, .cwd_fd = -1,
    .stdin_data = stdin_data, .stdin_len = stdin_len,
    .capture_out = stdoutput != NULL,
  };
  int status = run_and_collect (&r, stdoutput, stderror);

  return status_to_result (status, argv[0], stderror);
}

/**
 * Run C<argv> with stdin from C<fd_in> and stdout to C<fd_out> (-1
 * means /dev/null) after C<fchdir (cwd_fd)> (-1: unchanged),
 * capturing stderr.  The caller's fds are not closed.  Returns the
 * exit status, or -1 if the program could not run or was killed.
 * Safe to call from a second thread while the main thread feeds or
 * drains the pipes.
 */
int
command_fds (int fd_in, int fd_out, int cwd_fd, char **stderror,
             const char *const *argv)
{
  struct run r = {
    .argv = argv, .in_fd = fd_in, .out_fd = fd_out, .cwd_fd = cwd_fd,
  };

  return run_and_collect (&r, NULL, stderror);
}
