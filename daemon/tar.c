/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<tar_in>, C<tar_out>, C<tgz_in> and
 * C<tgz_out> with GNU tar.
 *
 * tar runs with its working directory set to the directory's fd
 * (resolved inside the guest root), so archive members are relative
 * to it and no host path is ever given to tar.  While tar runs in a
 * helper thread (C<command_fds> waits for it), the main thread pumps
 * the archive through a pipe: from C<receive_file> into tar's stdin,
 * or from tar's stdout to C<send_file_write>.  The helper thread
 * closes its end of the pipe when tar has exited, so the main thread
 * sees the end of the stream (or C<EPIPE>) and never waits forever.
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
#include "actions.h"

/* One tar run in the helper thread. */
struct tar_job {
  const char *const *argv;
  int fd_in;                    /* closed by the thread when tar ends */
  int fd_out;                   /* closed by the thread when tar ends */
  int cwd_fd;
  char *err;
  int status;
  pthread_t thread;
};

/* Helper thread: run tar, then close the pipe end it was given. */
static void *
tar_thread (void *opaque)
{
  struct tar_job *job = opaque;

  job->status = command_fds (job->fd_in, job->fd_out, job->cwd_fd,
                             &job->err, job->argv);
  if (job->fd_in >= 0)
    close (job->fd_in);
  if (job->fd_out >= 0)
    close (job->fd_out);
  return NULL;
}

/* The tar option for COMPRESS ("" for none), or NULL if unknown. */
static const char *
compress_option (const char *compress)
{
  static const char *const map[][2] = {
    { "gzip", "--gzip" }, { "bzip2", "--bzip2" }, { "xz", "--xz" },
    { "zstd", "--zstd" }, { "lzop", "--lzop" }, { "lzma", "--lzma" },
    { "compress", "--compress" },
  };
  size_t i;

  if (compress == NULL || compress[0] == '\0')
    return "";
  for (i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcmp (compress, map[i][0]) == 0)
      return map[i][1];
  return NULL;
}

/* Add the options shared by extraction and creation to SB.  Returns
 * 0 or -1 after replying. */
static int
add_common_options (struct stringsbuf *sb, const char *zopt,
                    int xattrs, int selinux, int acls)
{
  if ((zopt[0] != '\0' && add_string (sb, zopt) == -1) ||
      (xattrs && (add_string (sb, "--xattrs") == -1 ||
                  add_string (sb, "--xattrs-include=*") == -1)) ||
      (selinux && add_string (sb, "--selinux") == -1) ||
      (acls && add_string (sb, "--acls") == -1))
    return -1;
  return 0;
}

/* Start tar (JOB->argv) in the helper thread.  Returns 0 or -1 after
 * replying (the caller still owns the fds then). */
static int
start_tar (struct tar_job *job)
{
  int err = pthread_create (&job->thread, NULL, tar_thread, job);

  if (err != 0) {
    errno = err;
    reply_with_perror ("pthread_create");
    return -1;
  }
  return 0;
}

/* Wait for tar.  Returns its exit status (-1: did not run). */
static int
finish_tar (struct tar_job *job)
{
  pthread_join (job->thread, NULL);
  trim_newline (job->err);
  return job->status;
}

/* Reply with tar's error message. */
static void
reply_tar_error (const struct tar_job *job)
{
  const char *msg = job->err ? job->err + strspn (job->err, " \n") : NULL;

  if (msg != NULL && msg[0] != '\0')
    reply_with_error ("%s", msg);
  else
    reply_with_error ("tar failed with status %d", job->status);
}

/* receive_file callback: write a chunk of the archive to tar. */
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
      return -1;                /* EPIPE: tar has gone */
    p += r;
    len -= r;
  }
  return 0;
}

/* Build "tar -xf - OPTIONS".  Returns 0 or -1 after replying. */
static int
build_extract_args (struct stringsbuf *sb, const char *zopt,
                    int xattrs, int selinux, int acls)
{
  if (add_string (sb, "tar") == -1 || add_string (sb, "-xf") == -1 ||
      add_string (sb, "-") == -1 ||
      add_common_options (sb, zopt, xattrs, selinux, acls) == -1 ||
      end_stringsbuf (sb) == -1)
    return -1;
  return 0;
}

/* Run the extraction: tar reads the upload from a pipe.  Returns 0
 * or -1 after replying (the upload is always consumed). */
static int
run_extract (struct tar_job *job)
{
  int pfd[2], r, err;

  if (pipe2 (pfd, O_CLOEXEC) == -1) {
    err = errno;
    cancel_receive ();
    errno = err;
    reply_with_perror ("pipe");
    return -1;
  }
  job->fd_in = pfd[0];
  err = pthread_create (&job->thread, NULL, tar_thread, job);
  if (err != 0) {
    close (pfd[0]);
    close (pfd[1]);
    cancel_receive ();
    errno = err;
    reply_with_perror ("pthread_create");
    return -1;
  }
  r = receive_file (feed_cb, &pfd[1]);
  close (pfd[1]);
  finish_tar (job);
  if (r == -2)
    reply_with_error ("upload cancelled");
  else if (job->status != 0)
    reply_tar_error (job);
  else if (r == -1)
    reply_with_error ("tar stopped reading its input");
  else
    return 0;
  return -1;
}

/**
 * Unpack the uploaded tar file into C<directory>, optionally
 * decompressing it (C<compress>) and restoring extended attributes,
 * SELinux contexts and ACLs.
 */
int
do_tar_in (const char *directory, const char *compress, int xattrs,
           int selinux, int acls)
{
  CLEANUP_CLOSE int dfd = -1;
  DECLARE_STRINGSBUF (args);
  struct tar_job job = { .fd_in = -1, .fd_out = -1 };
  const char *zopt = compress_option (compress);
  int r, err;

  if (zopt == NULL) {
    cancel_receive ();
    reply_with_error ("unknown compression type: %s", compress);
    return -1;
  }
  dfd = open_in_root (directory, O_RDONLY | O_DIRECTORY, 0);
  if (dfd == -1) {
    err = errno;
    cancel_receive ();
    errno = err;
    reply_with_perror ("%s", directory);
    return -1;
  }
  if (build_extract_args (&args, zopt, xattrs, selinux, acls) == -1) {
    cancel_receive ();
    free_stringsbuf (&args);
    return -1;
  }
  job.argv = (const char *const *) args.argv;
  job.cwd_fd = dfd;
  r = run_extract (&job);
  free (job.err);
  free_stringsbuf (&args);
  return r;
}

/**
 * Unpack the uploaded gzip-compressed tarball into C<directory>.
 */
int
do_tgz_in (const char *directory)
{
  return do_tar_in (directory, "gzip", 0, 0, 0);
}

/* Build "tar -cf - OPTIONS ." (members "./", "./a", ...).  Returns 0
 * or -1 after replying. */
static int
build_create_args (struct stringsbuf *sb, const char *zopt, int numericowner,
                   char *const *excludes, int xattrs, int selinux, int acls)
{
  CLEANUP_FREE char *ex = NULL;
  size_t i;

  if (add_string (sb, "tar") == -1 || add_string (sb, "-cf") == -1 ||
      add_string (sb, "-") == -1 ||
      add_common_options (sb, zopt, xattrs, selinux, acls) == -1 ||
      (numericowner && add_string (sb, "--numeric-owner") == -1))
    return -1;
  for (i = 0; excludes != NULL && excludes[i] != NULL; i++) {
    if (asprintf (&ex, "--exclude=%s", excludes[i]) == -1) {
      reply_with_perror ("asprintf");
      return -1;
    }
    if (add_string_nodup (sb, ex) == -1) {
      ex = NULL;
      return -1;
    }
    ex = NULL;
  }
  if (add_string (sb, ".") == -1 || end_stringsbuf (sb) == -1)
    return -1;
  return 0;
}

/* Read from FD until BUF (SIZE bytes) is full or the end.  Returns
 * the bytes read, or -1 with errno set. */
static ssize_t
read_full (int fd, char *buf, size_t size)
{
  size_t len = 0;
  ssize_t r;

  while (len < size) {
    r = read (fd, buf + len, size - len);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    if (r == 0)
      break;
    len += r;
  }
  return len;
}

/* Stream tar's output from FD to the library.  Returns 0 when tar's
 * output ended, -1 after replying (the stream may have started). */
static int
stream_archive (int fd, char *buf, bool *started)
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

/* Run the creation: tar writes the archive into a pipe.  Returns 0
 * or -1 after replying. */
static int
run_create (struct tar_job *job)
{
  CLEANUP_FREE char *buf = malloc (GUESTFS_CHUNK_SIZE);
  bool started = false;
  int pfd[2], r;

  if (buf == NULL || pipe2 (pfd, O_CLOEXEC) == -1) {
    reply_with_perror (buf ? "pipe" : "malloc");
    return -1;
  }
  job->fd_out = pfd[1];
  if (start_tar (job) == -1) {
    close (pfd[0]);
    close (pfd[1]);
    return -1;
  }
  r = stream_archive (pfd[0], buf, &started);
  close (pfd[0]);               /* if we stopped early, tar gets EPIPE */
  finish_tar (job);
  if (r == -1)
    return -1;
  if (job->status != 0) {
    reply_tar_error (job);      /* a cancel chunk if streaming began */
    return -1;
  }
  if (!started)
    send_file_start ();
  send_file_end (0);
  return 0;
}

/**
 * Pack the contents of C<directory> into a tar file sent to the
 * library, optionally compressed, with numeric owners, excluding the
 * C<excludes> patterns, and with extended attributes, SELinux
 * contexts and ACLs.
 */
int
do_tar_out (const char *directory, const char *compress, int numericowner,
            char *const *excludes, int xattrs, int selinux, int acls)
{
  CLEANUP_CLOSE int dfd = -1;
  DECLARE_STRINGSBUF (args);
  struct tar_job job = { .fd_in = -1, .fd_out = -1 };
  const char *zopt = compress_option (compress);
  int r;

  if (zopt == NULL) {
    reply_with_error ("unknown compression type: %s", compress);
    return -1;
  }
  dfd = open_in_root (directory, O_RDONLY | O_DIRECTORY, 0);
  if (dfd == -1) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  if (build_create_args (&args, zopt, numericowner, excludes,
                         xattrs, selinux, acls) == -1) {
    free_stringsbuf (&args);
    return -1;
  }
  job.argv = (const char *const *) args.argv;
  job.cwd_fd = dfd;
  r = run_create (&job);
  free (job.err);
  free_stringsbuf (&args);
  return r;
}

/**
 * Pack the contents of C<directory> into a gzip-compressed tarball
 * sent to the library.
 */
int
do_tgz_out (const char *directory)
{
  return do_tar_out (directory, "gzip", 0, NULL, 0, 0, 0);
}
