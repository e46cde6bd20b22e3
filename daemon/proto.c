/* guestkit — guestfsd: the daemon side of the RPC protocol.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the daemon's request loop, replies, progress
 * messages and FileIn/FileOut streams on the RPC channel.
 *
 * One call is served at a time.  A command replies exactly once: with
 * C<reply> (generated stubs), C<reply_with_error*>, or by starting a
 * FileOut stream; after that, an error travels as a cancel chunk.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "actions.h"

#define ERROR_MESSAGE_MAX 65536

enum stream_state { STREAM_NONE, STREAM_OUT, STREAM_DONE };

uint64_t optargs_bitmask;
static int chan = -1;                 /* the RPC channel */
static uint32_t cur_proc, cur_serial;
static bool replied;
static bool receiving;                /* inside a FileIn stream */
static enum stream_state stream;
static double last_progress;

/* What was read from the channel but not yet consumed: one read(2)
 * usually brings a whole call (prefix, header and arguments). */
static char inbuf[16384];
static size_t in_pos, in_end;

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
xwrite (const char *buf, size_t len)
{
  ssize_t n;

  while (len > 0) {
    n = write (chan, buf, len);
    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    buf += n;
    len -= n;
  }
  return 0;
}

/* Read LEN bytes of the channel into BUF: first what is buffered,
 * then straight into BUF if the rest is large, else through INBUF
 * (one read(2) taking whatever is there).  Returns 1, 0 at EOF, -1
 * on an error. */
static int
xread (char *buf, size_t len)
{
  size_t k;
  ssize_t n;

  while (len > 0) {
    if (in_pos < in_end) {
      k = in_end - in_pos < len ? in_end - in_pos : len;
      memcpy (buf, inbuf + in_pos, k);
      in_pos += k;
      buf += k;
      len -= k;
      continue;
    }
    if (len < sizeof inbuf) {
      n = read (chan, inbuf, sizeof inbuf);
      if (n > 0) {
        in_pos = 0;
        in_end = n;
        continue;
      }
    }
    else
      n = read (chan, buf, len);
    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0)
      return n == 0 ? 0 : -1;
    buf += n;
    len -= n;
  }
  return 1;
}

/* Send a finished message followed by the LEN bytes of DATA that
 * complete it (a chunk's payload, written from where it lies rather
 * than copied into the message); a dead channel ends the daemon. */
static void
send_wbuf_data (struct wbuf *w, const void *data, size_t len)
{
  if (wbuf_finish_extra (w, len) == -1 || xwrite (w->data, w->len) == -1 ||
      (len > 0 && xwrite (data, len) == -1)) {
    fprintf (stderr, "guestfsd: cannot send a message: %s\n",
             w->error ? w->error : strerror (errno));
    exit (EXIT_FAILURE);
  }
  wbuf_free (w);
}

static void
send_wbuf (struct wbuf *w)
{
  send_wbuf_data (w, NULL, 0);
}

static void
start_message (struct wbuf *w, uint32_t kind, uint32_t status)
{
  struct guestfs_message_header h = {
    .kind = kind, .proc = cur_proc, .serial = cur_serial, .status = status,
  };

  wbuf_init (w);
  wire_put_header (w, &h);
}

/**
 * Read one message into a malloc'd buffer.  Returns 1, 0 at EOF, -1 on
 * a read or framing error.
 */
static int
read_message (char **buf_r, struct rbuf *r, struct guestfs_message_header *h)
{
  unsigned char prefix[4];
  uint32_t len;
  char *buf;
  int n;

  if ((n = xread ((char *) prefix, 4)) <= 0)
    return n;
  if (wire_frame_length (prefix, &len) == -1) {
    fprintf (stderr, "guestfsd: message length out of range\n");
    return -1;
  }
  buf = malloc (len);
  if (!buf || xread (buf, len) != 1) {
    free (buf);
    return -1;
  }
  rbuf_init (r, buf, len);
  if (wire_get_header (r, h) == -1) {
    fprintf (stderr, "guestfsd: bad message: %s\n", r->error);
    free (buf);
    return -1;
  }
  *buf_r = buf;
  return 1;
}

void
reply (reply_encode_fn enc, const void *ret)
{
  struct wbuf w;

  start_message (&w, GUESTFS_KIND_REPLY, GUESTFS_STATUS_OK);
  if (enc && enc (&w, ret) == -1) {
    wbuf_free (&w);
    reply_with_error ("cannot encode the reply: %s", w.error);
    return;
  }
  send_wbuf (&w);
  replied = true;
}

static void
send_error (int err, const char *msg)
{
  struct wbuf w;

  if (stream == STREAM_DONE)
    return;                     /* the library already has the outcome */
  if (stream == STREAM_OUT) {
    start_message (&w, GUESTFS_KIND_CHUNK, GUESTFS_STATUS_ERROR);
    wire_put_buffer (&w, msg, strlen (msg));
    stream = STREAM_DONE;
  }
  else {
    start_message (&w, GUESTFS_KIND_REPLY, GUESTFS_STATUS_ERROR);
    wire_put_string (&w, err ? wire_errno_to_string (err) : "");
    wire_put_string (&w, msg);
  }
  send_wbuf (&w);
  replied = true;
}

static void
vreply_error (int err, const char *suffix, const char *fs, va_list args)
{
  char msg[ERROR_MESSAGE_MAX];
  size_t n;

  vsnprintf (msg, sizeof msg, fs, args);
  if (suffix) {
    n = strlen (msg);
    snprintf (msg + n, sizeof msg - n, ": %s", suffix);
  }
  if (verbose)
    fprintf (stderr, "guestfsd: error: %s\n", msg);
  send_error (err, msg);
}

void
reply_with_error (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vreply_error (0, NULL, fs, args);
  va_end (args);
}

void
reply_with_error_errno (int err, const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vreply_error (err, NULL, fs, args);
  va_end (args);
}

void
reply_with_perror (const char *fs, ...)
{
  int err = errno;
  va_list args;

  va_start (args, fs);
  vreply_error (err, strerror (err), fs, args);
  va_end (args);
}

/**
 * Send a progress message, at most about three a second, and never
 * while the library is busy sending an upload.
 */
void
notify_progress (uint64_t position, uint64_t total)
{
  struct wbuf w;
  double t = now ();

  if (receiving || (t - last_progress < 0.33 && position < total))
    return;
  last_progress = t;
  start_message (&w, GUESTFS_KIND_PROGRESS, GUESTFS_STATUS_OK);
  wire_put_u64 (&w, position);
  wire_put_u64 (&w, total);
  send_wbuf (&w);
}

/*-- FileIn --*/

/* Read the next chunk of the current upload.  Returns 1 with data, 0
 * at the end, -2 if the library cancelled, -1 on a protocol error. */
static int
next_chunk (char **buf_r, const char **data, size_t *len)
{
  struct guestfs_message_header h;
  struct rbuf r;
  int n;

  *buf_r = NULL;
  *data = NULL;
  n = read_message (buf_r, &r, &h);
  if (n <= 0)
    return -1;
  if (h.kind != GUESTFS_KIND_CHUNK || h.serial != cur_serial ||
      wire_get_buffer_ref (&r, data, len) == -1) {
    fprintf (stderr, "guestfsd: expected a file chunk\n");
    return -1;
  }
  if (h.status == GUESTFS_STATUS_ERROR)
    return -2;
  return *len > 0 ? 1 : 0;
}

int
receive_file (receive_cb cb, void *opaque)
{
  char *buf;
  const char *data;
  size_t len;
  int n, r = 0;

  receiving = true;
  while ((n = next_chunk (&buf, &data, &len)) == 1) {
    if (r == 0 && cb (opaque, data, len) == -1)
      r = -1;                   /* keep draining to the end */
    free (buf);
  }
  free (buf);
  receiving = false;
  if (n == -1) {
    fprintf (stderr, "guestfsd: lost the upload stream\n");
    exit (EXIT_FAILURE);
  }
  return n == -2 ? -2 : r;
}

static int
discard_cb (void *opaque, const void *buf, size_t len)
{
  return 0;
}

int
cancel_receive (void)
{
  return receive_file (discard_cb, NULL) == -1 ? -1 : 0;
}

/*-- FileOut --*/

int
send_file_start (void)
{
  reply (NULL, NULL);
  stream = STREAM_OUT;
  return 0;
}

/* Did the library send a cancel chunk?  (It sends nothing else while
 * a download runs.) */
static bool
library_cancelled (void)
{
  struct pollfd p = { chan, POLLIN, 0 };
  struct guestfs_message_header h;
  struct rbuf r;
  char *buf = NULL;

  if ((in_pos == in_end && poll (&p, 1, 0) <= 0) ||
      read_message (&buf, &r, &h) != 1)
    return false;
  free (buf);
  return h.kind == GUESTFS_KIND_CHUNK && h.status == GUESTFS_STATUS_ERROR;
}

int
send_file_write (const void *data, size_t len)
{
  struct wbuf w;

  if (stream != STREAM_OUT)
    return -1;
  if (library_cancelled ()) {
    send_file_end (1);
    return -2;
  }
  start_message (&w, GUESTFS_KIND_CHUNK, GUESTFS_STATUS_OK);
  wire_put_buffer_header (&w, len);
  send_wbuf_data (&w, data, len);
  return 0;
}

/* Move LEN bytes from the pipe to the channel; a channel that cannot
 * splice gets them copied.  A dead channel ends the daemon. */
static void
drain_pipe (int pipe_rd, size_t len)
{
  char buf[65536];
  ssize_t n;
  bool copy = false;

  while (len > 0) {
    if (!copy) {
      n = splice (pipe_rd, NULL, chan, NULL, len, 0);
      if (n == -1 && errno == EINVAL) {
        copy = true;
        continue;
      }
    }
    else if ((n = read (pipe_rd, buf, len < sizeof buf ? len : sizeof buf))
             > 0 && xwrite (buf, n) == -1)
      n = -1;
    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0) {
      fprintf (stderr, "guestfsd: cannot send a chunk: %s\n",
               n == 0 ? "pipe emptied early" : strerror (errno));
      exit (EXIT_FAILURE);
    }
    len -= n;
  }
}

ssize_t
send_file_splice (int fd, const int pipefd[2], size_t max)
{
  struct wbuf w;
  ssize_t n;

  if (stream != STREAM_OUT) {
    errno = EIO;
    return -1;
  }
  if (library_cancelled ()) {
    send_file_end (1);
    return -2;
  }
  do
    n = splice (fd, NULL, pipefd[1], NULL, max, 0);
  while (n == -1 && errno == EINTR);
  if (n <= 0)
    return n;
  start_message (&w, GUESTFS_KIND_CHUNK, GUESTFS_STATUS_OK);
  wire_put_buffer_header (&w, n);
  if (wbuf_finish_extra (&w, n) == -1 || xwrite (w.data, w.len) == -1) {
    fprintf (stderr, "guestfsd: cannot send a message: %s\n",
             w.error ? w.error : strerror (errno));
    exit (EXIT_FAILURE);
  }
  wbuf_free (&w);
  drain_pipe (pipefd[0], n);
  return n;
}

int
send_file_end (int cancel)
{
  struct wbuf w;

  if (stream != STREAM_OUT)
    return 0;
  start_message (&w, GUESTFS_KIND_CHUNK,
                 cancel ? GUESTFS_STATUS_ERROR : GUESTFS_STATUS_OK);
  wire_put_buffer (&w, NULL, 0);
  send_wbuf (&w);
  stream = STREAM_DONE;
  return 0;
}

/*-- The request loop --*/

static void
serve_call (const struct guestfs_message_header *h, struct rbuf *r)
{
  const char *name = guestfs_proc_name (h->proc);
  double t0 = verbose ? now () : 0;

  cur_proc = h->proc;
  cur_serial = h->serial;
  optargs_bitmask = h->optargs_bitmask;
  replied = false;
  stream = STREAM_NONE;
  blkid_cache_begin_call (h->proc, name);
  if (verbose)
    fprintf (stderr, "guestfsd: <= %s (%u) request length %zu bytes\n",
             name ? name : "?", h->proc, r->len);
  dispatch_call (h->proc, r);
  if (!replied)
    reply_with_error ("internal error: the command sent no reply");
  if (verbose)
    fprintf (stderr, "guestfsd: => %s took %.3f secs\n", name ? name : "?",
             now () - t0);
}

/**
 * Serve calls on FD until the library closes the channel.  Returns 0
 * at EOF, -1 on a protocol error.
 */
int
serve_channel (int fd)
{
  struct guestfs_message_header h = { .kind = GUESTFS_KIND_READY };
  struct wbuf w;
  struct rbuf r;
  char *buf;
  int n;

  chan = fd;
  wbuf_init (&w);
  wire_put_header (&w, &h);
  send_wbuf (&w);
  while ((n = read_message (&buf, &r, &h)) == 1) {
    if (h.kind != GUESTFS_KIND_CALL) {
      fprintf (stderr, "guestfsd: unexpected message kind %u\n", h.kind);
      free (buf);
      return -1;
    }
    serve_call (&h, &r);
    free (buf);
  }
  return n;
}
