/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<checksum>, C<checksum_device>,
 * C<checksums_out> and C<equal>.
 *
 * A checksum program reads the opened file or device on its standard
 * input.  C<checksums_out> runs find(1) in the guest directory (its
 * working directory is an fd opened inside the guest root; find never
 * follows symlinks) and streams the sums back as they come.  C<equal> compares the
 * two files itself.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "actions.h"
#include "content.h"

/* The program computing CSUMTYPE, or NULL after replying. */
static const char *
checksum_program (const char *csumtype)
{
  static const char *const map[][2] = {
    { "crc", "cksum" }, { "md5", "md5sum" }, { "sha1", "sha1sum" },
    { "sha224", "sha224sum" }, { "sha256", "sha256sum" },
    { "sha384", "sha384sum" }, { "sha512", "sha512sum" },
  };
  size_t i;

  for (i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcmp (csumtype, map[i][0]) == 0)
      return map[i][1];
  reply_with_error ("%s: unknown checksum type, use crc, md5, sha1, "
                    "sha224, sha256, sha384 or sha512", csumtype);
  return NULL;
}

/* Checksum of what FD reads (NAME for messages), or NULL after
 * replying. */
static char *
checksum_fd (const char *csumtype, int fd, const char *name)
{
  const char *argv[] = { checksum_program (csumtype), NULL };
  CLEANUP_FREE char *err = NULL;
  char *out = NULL;
  size_t len;
  int r;

  if (argv[0] == NULL || fd == -1)
    return NULL;
  r = content_run (fd, -1, argv, &out, &len, &err);
  if (r == -1)
    return NULL;
  if (r != 0 || len == 0) {
    free (out);
    trim_newline (err);
    reply_with_error ("%s: %s", name, err && *err ? err : "checksum failed");
    return NULL;
  }
  out[strcspn (out, " \t\n")] = '\0';
  return out;
}

/**
 * Return the checksum of type C<csumtype> of the file C<path>.
 */
char *
do_checksum (const char *csumtype, const char *path)
{
  CLEANUP_CLOSE int fd = -1;

  if (checksum_program (csumtype) == NULL)
    return NULL;
  fd = content_open_read (path);
  return checksum_fd (csumtype, fd, path);
}

/**
 * Return the checksum of type C<csumtype> of the whole C<device>.
 */
char *
do_checksum_device (const char *csumtype, const char *device)
{
  CLEANUP_FREE char *shown = device_to_external (device);
  CLEANUP_CLOSE int fd = -1;

  if (checksum_program (csumtype) == NULL)
    return NULL;
  fd = content_open_device (device, O_RDONLY);
  return checksum_fd (csumtype, fd, shown ? shown : device);
}

/* find(1) computing the checksums, run in a helper thread so that
 * its output is streamed as it comes (nothing is held in memory). */
struct sums {
  const char *argv[9];
  int dfd, out, status;
  char *err;
  pthread_t thread;
};

static void *
sums_thread (void *opaque)
{
  struct sums *s = opaque;

  s->status = command_fds (-1, s->out, s->dfd, &s->err, s->argv);
  close (s->out);
  return NULL;
}

/* Send what arrives on FD as the FileOut stream, until EOF.  Returns
 * 0, or -1 (a cancelled or failed transfer: the caller replies). */
static int
stream_pipe (int fd, char *buf)
{
  ssize_t r;

  for (;;) {
    r = read (fd, buf, GUESTFS_CHUNK_SIZE);
    if (r == -1 && errno == EINTR)
      continue;
    if (r <= 0)
      return r;
    if (send_file_write (buf, r) < 0)
      return -1;
  }
}

/* Start find in the directory DFD with its stdout on a new pipe;
 * *RFD gets the read end.  0, or -1 after replying. */
static int
start_sums (struct sums *s, const char *prog, int dfd, int *rfd)
{
  const char *argv[] = { "find", ".", "-type", "f", "-exec", prog, "{}",
                         "+", NULL };
  int p[2];

  memcpy (s->argv, argv, sizeof argv);
  s->dfd = dfd;
  if (pipe2 (p, O_CLOEXEC) == -1) {
    reply_with_perror ("pipe");
    return -1;
  }
  s->out = p[1];
  if (pthread_create (&s->thread, NULL, sums_thread, s) != 0) {
    close (p[0]);
    close (p[1]);
    reply_with_error ("could not start a thread");
    return -1;
  }
  *rfd = p[0];
  return 0;
}

/**
 * Send the checksums of type C<csumtype> of every regular file under
 * C<directory>, one "SUM  ./PATH" line each, as the FileOut stream.
 */
int
do_checksums_out (const char *csumtype, const char *directory)
{
  const char *prog = checksum_program (csumtype);
  CLEANUP_FREE char *buf = malloc (GUESTFS_CHUNK_SIZE);
  CLEANUP_CLOSE int dfd = -1;
  struct sums s = { .err = NULL };
  int rfd, r;

  if (prog == NULL)
    return -1;
  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  dfd = open_in_root (directory, O_PATH | O_DIRECTORY, 0);
  if (dfd == -1) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  if (start_sums (&s, prog, dfd, &rfd) == -1)
    return -1;
  send_file_start ();
  r = stream_pipe (rfd, buf);
  close (rfd);                  /* on error, find stops (EPIPE) */
  pthread_join (s.thread, NULL);
  trim_newline (s.err);
  if (r == 0 && s.status != 0)
    reply_with_error ("%s: %s", directory,
                      s.err && *s.err ? s.err : "find failed");
  else if (r != 0)
    reply_with_error ("%s: transfer failed or cancelled", directory);
  else
    send_file_end (0);
  free (s.err);
  return r == 0 && s.status == 0 ? 0 : -1;
}

/* Compare the contents of FD1 and FD2: 1 equal, 0 different, -1
 * after replying. */
static int
compare_fds (int fd1, int fd2, char *b1, char *b2, size_t size)
{
  ssize_t r1, r2;

  for (;;) {
    r1 = read_full (fd1, b1, size);
    r2 = read_full (fd2, b2, size);
    if (r1 == -1 || r2 == -1) {
      reply_with_perror ("read");
      return -1;
    }
    if (r1 != r2 || memcmp (b1, b2, r1) != 0)
      return 0;
    if (r1 == 0)
      return 1;
  }
}

/**
 * True if the files C<file1> and C<file2> have the same contents.
 */
int
do_equal (const char *file1, const char *file2)
{
  const size_t size = 65536;
  CLEANUP_CLOSE int fd1 = content_open_read (file1);
  CLEANUP_CLOSE int fd2 = -1;
  CLEANUP_FREE char *b1 = NULL, *b2 = NULL;

  if (fd1 == -1)
    return -1;
  fd2 = content_open_read (file2);
  if (fd2 == -1)
    return -1;
  b1 = malloc (size);
  b2 = malloc (size);
  if (b1 == NULL || b2 == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  return compare_fds (fd1, fd2, b1, b2, size);
}
