/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the remote control client, C<guestfish
 * --remote[=PID] [CMD ...]>: each command is sent over a Unix socket
 * to the guestfish that C<--listen> started, together with our
 * standard input, output and error, so its output appears here (or
 * goes down our pipe), and its result is our result.  It also holds
 * the socket helpers F<listen.c> shares (see F<remote.h>).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "fish.h"
#include "remote.h"

/** C<--remote>: the listener's process ID, or 0 (run locally). */
int remote_pid;

/**
 * Whether a failing command ends guestfish (and a listener, for a
 * command sent to it): true, except at the interactive prompt and
 * for a command written with a leading C<->.
 */
bool fish_exit_on_error = true;

/*-- Shared with listen.c --*/

/**
 * Build the socket path of listener C<pid>, after checking (and if
 * C<create>, making) its private directory.  See F<remote.h>.
 */
int
remote_socket_path (int pid, bool create, char *path, size_t len)
{
  unsigned euid = geteuid ();
  char dir[64];
  struct stat st;

  snprintf (dir, sizeof dir, "/tmp/.guestfish-%u", euid);
  if (create && mkdir (dir, 0700) == -1 && errno != EEXIST) {
    fprintf (stderr, "guestfish: %s: %s\n", dir, strerror (errno));
    return -1;
  }
  if (lstat (dir, &st) == -1) {
    fprintf (stderr, "guestfish: %s: %s\n", dir, strerror (errno));
    return -1;
  }
  if (!S_ISDIR (st.st_mode) || st.st_uid != euid ||
      (st.st_mode & 07777) != 0700) {
    fprintf (stderr, "guestfish: %s: not a directory of user %u with mode "
             "0700; refusing to use it\n", dir, euid);
    return -1;
  }
  if ((size_t) snprintf (path, len, "%s/socket-%d", dir, pid) >= len) {
    fprintf (stderr, "guestfish: %s: socket path too long\n", dir);
    return -1;
  }
  return 0;
}

/**
 * Check with C<SO_PEERCRED> that the process at the other end of
 * C<sock> has our effective user ID.  Returns false (after printing
 * an error naming C<who>) if not, or if that cannot be told.
 */
bool
remote_peer_is_us (int sock, const char *who)
{
  struct ucred cred;
  socklen_t len = sizeof cred;

  if (getsockopt (sock, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1) {
    fprintf (stderr, "guestfish: %s: SO_PEERCRED: %s\n", who,
             strerror (errno));
    return false;
  }
  if (cred.uid != geteuid ()) {
    fprintf (stderr, "guestfish: %s: refusing a connection with process %d "
             "of another user (uid %u)\n", who, (int) cred.pid,
             (unsigned) cred.uid);
    return false;
  }
  return true;
}

/**
 * Read exactly C<len> bytes from C<fd>, retrying short reads.
 * Returns 0, or -1 with C<errno> set (0 for an early end of file).
 */
int
remote_read_full (int fd, void *buf, size_t len)
{
  char *p = buf;

  while (len > 0) {
    ssize_t n = read (fd, p, len);
    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = 0;
      return -1;
    }
    p += n;
    len -= n;
  }
  return 0;
}

/**
 * Write all of C<buf> to the socket C<sock> without raising SIGPIPE.
 * Returns 0, or -1 with C<errno> set.
 */
int
remote_write_full (int sock, const void *buf, size_t len)
{
  const char *p = buf;

  while (len > 0) {
    ssize_t n = send (sock, p, len, MSG_NOSIGNAL);
    if (n == -1 && errno == EINTR)
      continue;
    if (n == -1)
      return -1;
    p += n;
    len -= n;
  }
  return 0;
}

/*-- Options --*/

/**
 * Handle C<--remote[=PID]>: without C<arg>, the PID comes from
 * C<$GUESTFISH_PID>.  Returns 0, or -1 after printing an error.
 */
int
remote_option (const char *arg)
{
  const char *s = arg ? arg : getenv ("GUESTFISH_PID");
  char *end;
  long pid;

  if (s == NULL) {
    fprintf (stderr, "guestfish: --remote: GUESTFISH_PID is not set; use "
             "--remote=PID, or start a listener with "
             "eval \"$(guestfish --listen)\"\n");
    return -1;
  }
  errno = 0;
  pid = strtol (s, &end, 10);
  if (*s < '0' || *s > '9' || *end != '\0' || errno || pid <= 0 ||
      pid > INT_MAX) {
    fprintf (stderr, "guestfish: --remote: %s '%s' is not a process ID\n",
             arg ? "PID" : "GUESTFISH_PID", s);
    return -1;
  }
  remote_pid = pid;
  return 0;
}

/**
 * Check that C<--remote> and C<--listen> fit the other options:
 * C<nr_disks> drives (C<-a>, C<-N>) and mounts (C<-m>), a C<-f>
 * script (C<has_script>), C<nr_commands> words of commands.  Returns
 * 0, or -1 after printing an error.
 */
int
remote_check_options (size_t nr_disks, bool has_script, int nr_commands)
{
  if (remote_pid && listen_wanted) {
    fprintf (stderr, "guestfish: --listen and --remote cannot be used "
             "together\n");
    return -1;
  }
  if (remote_pid && nr_disks > 0) {
    fprintf (stderr, "guestfish: --remote: -a, -N and -m are not passed on "
             "to the listener; send the add-drive and mount commands "
             "instead\n");
    return -1;
  }
  if (listen_wanted && (has_script || nr_commands > 0)) {
    fprintf (stderr, "guestfish: --listen takes no commands or -f script; "
             "send them with guestfish --remote\n");
    return -1;
  }
  return 0;
}

/*-- Sending a command --*/

/* The request body: version, CMD and the ARGC arguments, each
 * NUL-terminated.  Returns the malloc'd body (length in *LEN), or
 * NULL after printing an error. */
static char *
build_body (const char *cmd, size_t argc, char *argv[], size_t *len)
{
  size_t n = sizeof PACKAGE_VERSION + strlen (cmd) + 1;
  char *body, *p;

  for (size_t i = 0; i < argc; ++i) {
    n += strlen (argv[i]) + 1;
    if (n > REMOTE_MAX_BODY)
      break;
  }
  if (n > REMOTE_MAX_BODY || argc + 2 > REMOTE_MAX_WORDS) {
    fprintf (stderr, "guestfish: remote: %s: the command is too long to "
             "send (at most %d bytes)\n", cmd, REMOTE_MAX_BODY);
    return NULL;
  }
  body = p = malloc (n);
  if (body == NULL) {
    perror ("guestfish: remote");
    return NULL;
  }
  p = stpcpy (p, PACKAGE_VERSION) + 1;
  p = stpcpy (p, cmd) + 1;
  for (size_t i = 0; i < argc; ++i)
    p = stpcpy (p, argv[i]) + 1;
  *len = n;
  return body;
}

/* Connect to the listener; returns the socket or -1 after an error. */
static int
connect_listener (void)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  char who[32];
  int sock;

  snprintf (who, sizeof who, "remote: process %d", remote_pid);
  if (remote_socket_path (remote_pid, false, addr.sun_path,
                          sizeof addr.sun_path) == -1)
    return -1;
  sock = socket (AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0);
  if (sock == -1) {
    perror ("guestfish: remote: socket");
    return -1;
  }
  if (connect (sock, (struct sockaddr *) &addr, sizeof addr) == -1) {
    fprintf (stderr, "guestfish: remote: no guestfish is listening as "
             "process %d (%s: %s)\n", remote_pid, addr.sun_path,
             strerror (errno));
    close (sock);
    return -1;
  }
  if (!remote_peer_is_us (sock, who)) {
    close (sock);
    return -1;
  }
  return sock;
}

/* Send HDR with our standard descriptors attached (a closed one is
 * replaced by /dev/null).  Returns 0 or -1 (errno set). */
static int
send_header (int sock, const struct remote_request *hdr)
{
  union {
    struct cmsghdr cmh;
    char buf[CMSG_SPACE (REMOTE_NR_FDS * sizeof (int))];
  } control;
  struct iovec iov = { .iov_base = (void *) hdr, .iov_len = sizeof *hdr };
  struct msghdr msg = {
    .msg_iov = &iov, .msg_iovlen = 1,
    .msg_control = control.buf, .msg_controllen = sizeof control.buf,
  };
  struct cmsghdr *cm;
  int fds[REMOTE_NR_FDS];
  ssize_t n;

  memset (&control, 0, sizeof control);
  for (int i = 0; i < REMOTE_NR_FDS; ++i)
    fds[i] = fcntl (i, F_GETFD) == -1 ? open ("/dev/null", O_RDWR) : i;
  cm = CMSG_FIRSTHDR (&msg);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN (sizeof fds);
  memcpy (CMSG_DATA (cm), fds, sizeof fds);
  do
    n = sendmsg (sock, &msg, MSG_NOSIGNAL);
  while (n == -1 && errno == EINTR);
  for (int i = 0; i < REMOTE_NR_FDS; ++i)
    if (fds[i] != i && fds[i] >= 0)
      close (fds[i]);
  if (n >= 0 && (size_t) n < sizeof *hdr)
    return remote_write_full (sock, (const char *) hdr + n, sizeof *hdr - n);
  return n == -1 ? -1 : 0;
}

/* Read and check the reply; returns its status, or -1 after an
 * error. */
static int
read_reply (int sock)
{
  struct remote_reply reply;

  if (remote_read_full (sock, &reply, sizeof reply) == -1) {
    if (errno == 0)
      fprintf (stderr, "guestfish: remote: process %d closed the connection "
               "without replying\n", remote_pid);
    else
      fprintf (stderr, "guestfish: remote: reading the reply of process "
               "%d: %s\n", remote_pid, strerror (errno));
    return -1;
  }
  if (memcmp (reply.magic, REMOTE_MAGIC, sizeof reply.magic) != 0 ||
      (reply.status != 0 && reply.status != -1)) {
    fprintf (stderr, "guestfish: remote: process %d sent an invalid "
             "reply\n", remote_pid);
    return -1;
  }
  if (reply.flags & REMOTE_QUIT)
    fish_quit = true;
  return reply.status;
}

/**
 * Run C<cmd> with its C<argc> arguments in the listener C<remote_pid>
 * (which prints to our standard output and error), and wait for it.
 * If the listener stopped (C<quit>), so do we.  Returns the command's
 * result: 0, or -1 after an error was printed here or there.
 */
int
remote_issue_command (const char *cmd, size_t argc, char *argv[])
{
  struct remote_request hdr = {
    .flags = fish_exit_on_error ? REMOTE_EXIT_ON_ERROR : 0,
    .nr_words = argc + 2,
  };
  size_t len;
  CLEANUP_FREE char *body = build_body (cmd, argc, argv, &len);
  CLEANUP_CLOSE int sock = -1;

  if (body == NULL || (sock = connect_listener ()) == -1)
    return -1;
  memcpy (hdr.magic, REMOTE_MAGIC, sizeof hdr.magic);
  hdr.len = len;
  fflush (stdout);
  fflush (stderr);
  if (send_header (sock, &hdr) == -1 ||
      remote_write_full (sock, body, len) == -1) {
    fprintf (stderr, "guestfish: remote: sending '%s' to process %d: %s\n",
             cmd, remote_pid, strerror (errno));
    return -1;
  }
  return read_reply (sock);
}
