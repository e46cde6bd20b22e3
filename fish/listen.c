/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the remote control server, C<guestfish
 * --listen>: guestfish forks, the child adds the drives (and launches
 * for C<-m> / C<-N>), listens on F</tmp/.guestfish-EUID/socket-PID>
 * and tells the parent, which prints C<GUESTFISH_PID=PID; export
 * GUESTFISH_PID> (or the csh form) and exits.  The child then runs the
 * commands C<guestfish --remote> sends, one per connection, with the
 * client's standard input, output and error, refusing connections
 * from other users.  It stops on C<exit> (or C<quit>), when a command
 * sent with exit-on-error fails, or on SIGTERM, SIGINT or SIGHUP
 * (removing its socket and shutting the appliance down).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fish.h"
#include "remote.h"

/* Seconds a client has to send its request. */
#define REQUEST_TIMEOUT 30

/** C<--listen>: fork and serve remote commands. */
bool listen_wanted;
/** C<--csh>: print the csh form of the variable setting. */
bool listen_csh;

static int ready_fd = -1;       /* child: tells the parent it listens */
static volatile sig_atomic_t stop_signal;       /* SIGTERM, SIGINT, SIGHUP */
static int saved_stderr = -1;   /* the listener's own stderr */
static struct sockaddr_un addr = { .sun_family = AF_UNIX };

/*-- Starting --*/

/* Is $SHELL a csh (csh, tcsh)? */
static bool
shell_is_csh (void)
{
  const char *shell = getenv ("SHELL");
  size_t n = shell ? strlen (shell) : 0;

  return n >= 3 && strcmp (shell + n - 3, "csh") == 0;
}

/* The parent: wait until the child listens (print its PID, exit 0)
 * or exits (exit with its status). */
static void __attribute__((noreturn))
parent_wait (int fd, pid_t pid)
{
  char c;
  ssize_t n;
  int status;

  do
    n = read (fd, &c, 1);
  while (n == -1 && errno == EINTR);
  if (n == 1) {
    if (listen_csh || shell_is_csh ())
      printf ("setenv GUESTFISH_PID %d\n", (int) pid);
    else
      printf ("GUESTFISH_PID=%d; export GUESTFISH_PID\n", (int) pid);
    fflush (stdout);
    _exit (EXIT_SUCCESS);
  }
  while (waitpid (pid, &status, 0) == -1 && errno == EINTR)
    ;
  _exit (WIFEXITED (status) && WEXITSTATUS (status) != 0
         ? WEXITSTATUS (status) : EXIT_FAILURE);
}

/**
 * Fork for C<--listen>, before the drives are added.  The parent does
 * not return: it waits for the child to listen (see
 * L</listen_serve>) and exits.  The child returns 0; -1 after an
 * error.
 */
int
listen_start (void)
{
  int fds[2];
  pid_t pid;

  if (pipe2 (fds, O_CLOEXEC) == -1) {
    perror ("guestfish: --listen: pipe");
    return -1;
  }
  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  if (pid == -1) {
    perror ("guestfish: --listen: fork");
    close (fds[0]);
    close (fds[1]);
    return -1;
  }
  if (pid > 0) {
    close (fds[1]);
    parent_wait (fds[0], pid);
  }
  close (fds[0]);
  ready_fd = fds[1];
  setsid ();                    /* out of the shell's job control */
  return 0;
}

/* Make the listening socket.  Returns it, or -1 after an error. */
static int
make_socket (void)
{
  int sock;

  if (remote_socket_path (getpid (), true, addr.sun_path,
                          sizeof addr.sun_path) == -1)
    return -1;
  sock = socket (AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0);
  if (sock == -1) {
    perror ("guestfish: --listen: socket");
    return -1;
  }
  unlink (addr.sun_path);     /* left by a dead process with our PID */
  if (bind (sock, (struct sockaddr *) &addr, sizeof addr) == -1 ||
      listen (sock, 8) == -1) {
    fprintf (stderr, "guestfish: --listen: %s: %s\n", addr.sun_path,
             strerror (errno));
    close (sock);
    return -1;
  }
  return sock;
}

/* Put /dev/null on standard input and output (so that the shell
 * reading our parent's output sees its end), keep a copy of standard
 * error, and tell the parent we are ready.  Returns 0 or -1. */
static int
detach (void)
{
  int null = open ("/dev/null", O_RDWR|O_CLOEXEC);

  fflush (stdout);
  if (null == -1 || dup2 (null, STDIN_FILENO) == -1 ||
      dup2 (null, STDOUT_FILENO) == -1) {
    perror ("guestfish: --listen: /dev/null");
    return -1;
  }
  close (null);
  saved_stderr = fcntl (STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  if (saved_stderr == -1 || write (ready_fd, "", 1) != 1) {
    perror ("guestfish: --listen");
    return -1;
  }
  close (ready_fd);
  ready_fd = -1;
  return 0;
}

/*-- One connection --*/

/* A received request: descriptors, words (pointing into BODY). */
struct request {
  struct remote_request hdr;
  int fds[REMOTE_NR_FDS];
  char *body;
  char **words;
};

static void
free_request (struct request *r)
{
  for (int i = 0; i < REMOTE_NR_FDS; ++i)
    if (r->fds[i] >= 0)
      close (r->fds[i]);
  free (r->body);
  free (r->words);
}

/* Take the descriptors in MSG's control data: the first
 * REMOTE_NR_FDS into R (free_request closes them), any others are
 * closed.  There must be exactly REMOTE_NR_FDS. */
static int
take_fds (struct msghdr *msg, struct request *r)
{
  size_t n = 0;

  for (struct cmsghdr *cm = CMSG_FIRSTHDR (msg); cm;
       cm = CMSG_NXTHDR (msg, cm)) {
    size_t count;
    if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
        cm->cmsg_len < CMSG_LEN (0))
      continue;
    count = (cm->cmsg_len - CMSG_LEN (0)) / sizeof (int);
    for (size_t i = 0; i < count; ++i, ++n) {
      int fd;
      memcpy (&fd, CMSG_DATA (cm) + i * sizeof fd, sizeof fd);
      if (n < REMOTE_NR_FDS)
        r->fds[n] = fd;
      else
        close (fd);
    }
  }
  if (n != REMOTE_NR_FDS || (msg->msg_flags & MSG_CTRUNC)) {
    fprintf (stderr, "guestfish: --listen: a client sent %zu descriptors "
             "instead of %d\n", n, REMOTE_NR_FDS);
    return -1;
  }
  return 0;
}

/* Read the header and the descriptors that come with it. */
static int
read_header (int s, struct request *r)
{
  union {
    struct cmsghdr cmh;
    char buf[CMSG_SPACE ((REMOTE_NR_FDS + 1) * sizeof (int))];
  } control;
  struct iovec iov = { .iov_base = &r->hdr, .iov_len = sizeof r->hdr };
  struct msghdr msg = {
    .msg_iov = &iov, .msg_iovlen = 1,
    .msg_control = control.buf, .msg_controllen = sizeof control.buf,
  };
  ssize_t n;

  do
    n = recvmsg (s, &msg, MSG_CMSG_CLOEXEC);
  while (n == -1 && errno == EINTR);
  if (n <= 0) {
    if (n == -1)
      perror ("guestfish: --listen: recvmsg");
    return -1;
  }
  if (take_fds (&msg, r) == -1)
    return -1;
  if ((size_t) n < sizeof r->hdr &&
      remote_read_full (s, (char *) &r->hdr + n, sizeof r->hdr - n) == -1) {
    fprintf (stderr, "guestfish: --listen: short request header\n");
    return -1;
  }
  return 0;
}

/* Check the header, read the body and split it into words. */
static int
read_body (int s, struct request *r)
{
  uint32_t len = r->hdr.len, nr = r->hdr.nr_words, k = 0;

  if (memcmp (r->hdr.magic, REMOTE_MAGIC, sizeof r->hdr.magic) != 0 ||
      len == 0 || len > REMOTE_MAX_BODY || nr < 2 || nr > REMOTE_MAX_WORDS ||
      nr > len) {
    fprintf (stderr, "guestfish: --listen: invalid request header\n");
    return -1;
  }
  r->body = malloc (len);
  r->words = calloc (nr + 1, sizeof (char *));
  if (r->body == NULL || r->words == NULL ||
      remote_read_full (s, r->body, len) == -1) {
    fprintf (stderr, "guestfish: --listen: reading a request: %s\n",
             errno ? strerror (errno) : "end of file");
    return -1;
  }
  for (uint32_t i = 0; i < len && k <= nr; ++i)
    if (i == 0 || r->body[i-1] == '\0') {
      if (k < nr)
        r->words[k] = &r->body[i];
      k++;
    }
  if (k != nr || r->body[len-1] != '\0') {
    fprintf (stderr, "guestfish: --listen: malformed request body\n");
    return -1;
  }
  r->words[nr] = NULL;
  return 0;
}

/* Make FDS our standard descriptors (NULL: back to /dev/null and the
 * listener's own stderr). */
static void
swap_fds (const int *fds)
{
  int null = -1;

  fflush (stdout);
  fflush (stderr);
  __fpurge (stdin);
  clearerr (stdin);
  clearerr (stdout);
  if (fds == NULL)
    null = open ("/dev/null", O_RDWR|O_CLOEXEC);
  dup2 (fds ? fds[0] : null, STDIN_FILENO);
  dup2 (fds ? fds[1] : null, STDOUT_FILENO);
  dup2 (fds ? fds[2] : saved_stderr, STDERR_FILENO);
  if (null >= 0)
    close (null);
}

/* Run the request's command with the client's descriptors. */
static int
run_request (const struct request *r)
{
  int status;

  swap_fds (r->fds);
  if (strcmp (r->words[0], PACKAGE_VERSION) != 0) {
    fprintf (stderr, "guestfish: remote: the listener is guestfish %s but "
             "the client is %s; the versions must match\n",
             PACKAGE_VERSION, r->words[0]);
    status = -1;
  }
  else
    status = fish_issue_command (r->words[1], r->hdr.nr_words - 2,
                                 r->words + 2, NULL);
  /* After exit, finish the appliance before the client goes on. */
  if (fish_quit) {
    unlink (addr.sun_path);
    if (guestfs_shutdown (g) == -1)
      status = -1;
  }
  swap_fds (NULL);
  return status;
}

/* Serve the connection S.  Returns -1 if the listener must stop with
 * a failure (the command failed with exit-on-error), else 0. */
static int
serve (int s)
{
  struct request r = { .fds = { -1, -1, -1 } };
  struct remote_reply reply = { .status = -1 };
  struct timeval tv = { .tv_sec = REQUEST_TIMEOUT };

  if (!remote_peer_is_us (s, "--listen"))
    return 0;
  setsockopt (s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt (s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (read_header (s, &r) == -1 || read_body (s, &r) == -1) {
    free_request (&r);
    return 0;
  }
  reply.status = run_request (&r);
  reply.flags = fish_quit ? REMOTE_QUIT : 0;
  for (int i = 0; i < REMOTE_NR_FDS; ++i) {
    close (r.fds[i]);           /* the client's output ends here */
    r.fds[i] = -1;
  }
  memcpy (reply.magic, REMOTE_MAGIC, sizeof reply.magic);
  if (remote_write_full (s, &reply, sizeof reply) == -1)
    perror ("guestfish: --listen: sending a reply");
  free_request (&r);
  return reply.status == -1 && (r.hdr.flags & REMOTE_EXIT_ON_ERROR) ? -1 : 0;
}

static void
on_stop_signal (int sig)
{
  stop_signal = sig;
}

/* Ignore SIGPIPE (a client's pipe may close early); let SIGTERM,
 * SIGINT and SIGHUP end the listener cleanly: they interrupt accept
 * (no SA_RESTART) and the loop sees STOP_SIGNAL. */
static void
set_signals (void)
{
  struct sigaction sa = { .sa_handler = on_stop_signal };

  signal (SIGPIPE, SIG_IGN);
  sigemptyset (&sa.sa_mask);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
}

/**
 * The listener (the child of L</listen_start>, after the drives were
 * set up): listen, let the parent print our PID, then serve commands
 * until C<exit> or a failure with exit-on-error.  Returns 0, or -1 on
 * failure; the caller shuts the appliance down and exits.
 */
int
listen_serve (void)
{
  int sock = make_socket (), r = 0;

  if (sock == -1 || detach () == -1)
    return -1;
  set_signals ();
  while (!fish_quit && r == 0 && !stop_signal) {
    int s = accept4 (sock, NULL, NULL, SOCK_CLOEXEC);
    if (s == -1) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      perror ("guestfish: --listen: accept");
      r = -1;
      break;
    }
    r = serve (s);
    close (s);
  }
  unlink (addr.sun_path);
  close (sock);
  if (stop_signal) {
    fprintf (stderr, "guestfish: --listen: stopped by signal %d\n",
             (int) stop_signal);
    r = -1;
  }
  return r;
}
