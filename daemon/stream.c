/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the plumbing between a helper program and a
 * file stream of the current call: C<stream_command_out> sends a
 * program's standard output to the library as the call's FileOut
 * (tar, cpio, base64, gzip ...), and C<stream_command_in> feeds the
 * call's FileIn upload to a program's standard input (tar -x,
 * base64 -d).
 *
 * The program runs in a helper thread (C<command_fds> waits for it)
 * while the main thread pumps the data through a pipe.  The thread
 * closes its end of the pipe once the program has exited, so the main
 * thread always sees the end of the stream (or C<EPIPE>) and never
 * waits forever.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"

/* One program run in the helper thread. */
struct job {
  const char *const *argv;
  int in_fd;                    /* stdin (-1: /dev/null) */
  int out_fd;                   /* stdout (-1: /dev/null) */
  int pipe_fd;                  /* in_fd or out_fd, closed at exit */
  int cwd_fd;
  char *err;
  int status;
  pthread_t thread;
};

/* Helper thread: run the program, then close the pipe end. */
static void *
job_thread (void *opaque)
{
  struct job *job = opaque;

  job->status = command_fds (job->in_fd, job->out_fd, job->cwd_fd,
                             &job->err, job->argv);
  close (job->pipe_fd);
  return NULL;
}

/* Start JOB in the helper thread.  Returns 0, or -1 with errno set
 * (the caller still owns the pipe then). */
static int
job_start (struct job *job)
{
  int err = pthread_create (&job->thread, NULL, job_thread, job);

  if (err != 0) {
    errno = err;
    return -1;
  }
  return 0;
}

/* Wait for the program to exit.  Returns its status (-1: it did not
 * run or was killed). */
static int
job_finish (struct job *job)
{
  pthread_join (job->thread, NULL);
  trim_newline (job->err);
  return job->status;
}

/* Reply with the program's error message (its stderr), or its exit
 * status when it said nothing. */
static void
reply_job_error (const struct job *job)
{
  const char *msg = job->err ? job->err + strspn (job->err, " \n") : NULL;

  if (msg != NULL && msg[0] != '\0')
    reply_with_error ("%s", msg);
  else
    reply_with_error ("%s failed with status %d", job->argv[0], job->status);
}

/* receive_file callback: write a chunk of the upload to the pipe. */
static int
feed_cb (void *opaque, const void *buf, size_t len)
{
  const int *fd = opaque;
  const char *p = buf;
  ssize_t r;

  while (len > 0) {
    r = write (*fd, p, len);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;                /* EPIPE: the program has gone */
    p += r;
    len -= r;
  }
  return 0;
}

/* Discard the upload and reply with WHAT and errno.  Returns -1. */
static int
refuse_upload (const char *what)
{
  int err = errno;

  cancel_receive ();
  errno = err;
  reply_with_perror ("%s", what);
  return -1;
}

/**
 * Run C<argv> in the directory C<cwd_fd> (-1: unchanged) with the
 * current call's FileIn upload on its standard input and its standard
 * output on C<out_fd> (-1: F</dev/null>); the caller keeps both fds.
 * The upload is always consumed.  Returns 0, or -1 after replying
 * (with the program's error message if it failed).
 */
int
stream_command_in (const char *const *argv, int cwd_fd, int out_fd)
{
  struct job job = { .argv = argv, .out_fd = out_fd, .cwd_fd = cwd_fd };
  int pfd[2], r, err;

  if (pipe2 (pfd, O_CLOEXEC) == -1)
    return refuse_upload ("pipe");
  job.in_fd = job.pipe_fd = pfd[0];
  if (job_start (&job) == -1) {
    err = errno;
    close (pfd[0]);
    close (pfd[1]);
    errno = err;
    return refuse_upload ("pthread_create");
  }
  r = receive_file (feed_cb, &pfd[1]);
  close (pfd[1]);
  job_finish (&job);
  if (r == -2)
    reply_with_error ("upload cancelled");
  else if (job.status != 0)
    reply_job_error (&job);
  else if (r == -1)
    reply_with_error ("%s stopped reading its input", argv[0]);
  free (job.err);
  return r == 0 && job.status == 0 ? 0 : -1;
}

/* Send what arrives on FD to the library.  Returns 0 at the end of
 * the program's output, -1 after replying (*STARTED tells whether the
 * stream began). */
static int
pump_out (int fd, char *buf, bool *started)
{
  ssize_t n;
  int w;

  for (;;) {
    n = read_full (fd, buf, GUESTFS_CHUNK_SIZE);
    if (n == -1) {
      reply_with_perror ("read");
      return -1;
    }
    if (n == 0)
      return 0;
    if (!*started) {
      send_file_start ();
      *started = true;
    }
    w = send_file_write (buf, n);
    if (w < 0) {
      reply_with_error (w == -2 ? "download cancelled" : "write error");
      return -1;
    }
  }
}

/**
 * Run C<argv> in the directory C<cwd_fd> (-1: unchanged) with its
 * standard input on C<in_fd> (-1: F</dev/null>, kept by the caller)
 * and stream its standard output to the library as the current call's
 * FileOut.  Nothing is sent before the program's first output, so a
 * program that fails at once becomes an ordinary error reply.
 * Returns 0, or -1 after replying.
 */
int
stream_command_out (const char *const *argv, int cwd_fd, int in_fd)
{
  CLEANUP_FREE char *buf = malloc (GUESTFS_CHUNK_SIZE);
  struct job job = { .argv = argv, .in_fd = in_fd, .cwd_fd = cwd_fd };
  bool started = false;
  int pfd[2], r;

  if (buf == NULL || pipe2 (pfd, O_CLOEXEC) == -1) {
    reply_with_perror (buf ? "pipe" : "malloc");
    return -1;
  }
  job.out_fd = job.pipe_fd = pfd[1];
  if (job_start (&job) == -1) {
    reply_with_perror ("pthread_create");
    close (pfd[0]);
    close (pfd[1]);
    return -1;
  }
  r = pump_out (pfd[0], buf, &started);
  close (pfd[0]);               /* if we stopped early, it gets EPIPE */
  job_finish (&job);
  if (r == 0 && job.status != 0) {
    reply_job_error (&job);     /* a cancel chunk if streaming began */
    r = -1;
  }
  free (job.err);
  if (r == -1)
    return -1;
  if (!started)
    send_file_start ();
  send_file_end (0);
  return 0;
}
