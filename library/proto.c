/* guestkit — the library side of the RPC protocol.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements sending calls to the daemon and receiving its
 * replies, FileIn/FileOut streams and progress messages, always while
 * draining the appliance console (a full console would stall QEMU).
 *
 * Everything the daemon sends is hostile: frames are bounded by
 * C<GUESTFS_MESSAGE_MAX> before anything is allocated, replies must
 * match the call's serial and procedure, and any protocol violation or
 * EOF kills the appliance so that the handle can be launched again.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guestfs-internal.h"
#include "guestfs_protocol.h"

/**
 * Handle bytes from the appliance's serial console: deliver them as an
 * APPLIANCE event and remember the last complete line (for errors).
 */
void
guestfs_int_console_input (guestfs_h *g, const char *buf, size_t len)
{
  size_t i;

  guestfs_int_call_callbacks_message (g, GUESTFS_EVENT_APPLIANCE, buf, len);
  for (i = 0; i < len; i++) {
    char c = buf[i];
    if (c == '\n' || c == '\r') {
      if (g->console_len > 0) {
        size_t n = g->console_len < sizeof g->last_console_line - 1
          ? g->console_len : sizeof g->last_console_line - 1;
        memcpy (g->last_console_line, g->console_buf, n);
        g->last_console_line[n] = '\0';
      }
      g->console_len = 0;
    }
    else if (g->console_len < sizeof g->console_buf)
      g->console_buf[g->console_len++] = c;
  }
}

static void
drain_console (guestfs_h *g)
{
  char buf[4096];
  ssize_t n = read (g->console_fd, buf, sizeof buf);

  if (n > 0)
    guestfs_int_console_input (g, buf, n);
  else if (n == 0) {
    close (g->console_fd);      /* QEMU is gone; the channel will tell */
    g->console_fd = -1;
  }
}

static void
channel_dead (guestfs_h *g, const char *why)
{
  if (g->state == LAUNCHING)
    error (g, "appliance failed to start: %s (last console message: %s)",
           why, g->last_console_line[0] ? g->last_console_line : "none");
  else
    guestfs_int_error_errno (g, EIO, "appliance closed the connection: %s",
                             why);
  guestfs_int_shutdown_backend (g, false);
}

/* Wait until the channel is ready for EVENTS, draining the console.
 * DEADLINE is a CLOCK_MONOTONIC second, or 0 for none. */
static int
wait_channel (guestfs_h *g, short events, time_t deadline)
{
  struct pollfd p[2];
  struct timespec ts;
  time_t last_check = 0;
  int r;

  for (;;) {
    const char *dead;

    p[0] = (struct pollfd) { g->daemon_fd, events, 0 };
    p[1] = (struct pollfd) { g->console_fd, POLLIN, 0 };
    r = poll (p, g->console_fd >= 0 ? 2 : 1, 1000);
    if (r == -1 && errno != EINTR) {
      perrorf (g, "poll");
      return -1;
    }
    if (r > 0 && g->console_fd >= 0 && (p[1].revents & (POLLIN | POLLHUP)))
      drain_console (g);
    if (r > 0 && p[0].revents)
      return 0;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    if (deadline && ts.tv_sec > deadline) {
      channel_dead (g, "timed out");
      return -1;
    }
    if (g->backend && g->backend->check && ts.tv_sec != last_check) {
      last_check = ts.tv_sec;
      if ((dead = g->backend->check (g, g->backend_data)) != NULL) {
        channel_dead (g, dead);
        return -1;
      }
    }
  }
}

static int
write_all (guestfs_h *g, const char *buf, size_t len)
{
  ssize_t n;

  /* The channel is non-blocking: try first, wait only when full. */
  while (len > 0) {
    /* MSG_NOSIGNAL: an appliance that died must not SIGPIPE the
     * caller (tests/test-faults). */
    n = send (g->daemon_fd, buf, len, MSG_NOSIGNAL);
    if (n == -1 && errno == ENOTSOCK)
      n = write (g->daemon_fd, buf, len);
    if (n == -1 && errno == EINTR)
      continue;
    if (n == -1 && errno == EAGAIN) {
      if (wait_channel (g, POLLOUT, 0) == -1)
        return -1;
      continue;
    }
    if (n <= 0) {
      channel_dead (g, n == 0 ? "short write" : strerror (errno));
      return -1;
    }
    buf += n;
    len -= n;
  }
  return 0;
}

/* Read LEN bytes: first what g->rx_buf holds, then (after waiting)
 * straight into BUF if the rest is large, else through g->rx_buf,
 * one read(2) taking whatever is there (usually a whole reply). */
static int
read_all (guestfs_h *g, char *buf, size_t len, time_t deadline)
{
  size_t k;
  ssize_t n;

  while (len > 0) {
    if (g->rx_pos < g->rx_end) {
      k = g->rx_end - g->rx_pos < len ? g->rx_end - g->rx_pos : len;
      memcpy (buf, g->rx_buf + g->rx_pos, k);
      g->rx_pos += k;
      buf += k;
      len -= k;
      continue;
    }
    if (wait_channel (g, POLLIN, deadline) == -1)
      return -1;
    if (len < sizeof g->rx_buf) {
      n = read (g->daemon_fd, g->rx_buf, sizeof g->rx_buf);
      if (n > 0) {
        g->rx_pos = 0;
        g->rx_end = n;
        continue;
      }
    }
    else
      n = read (g->daemon_fd, buf, len);
    if (n == -1 && (errno == EAGAIN || errno == EINTR))
      continue;
    if (n <= 0) {
      channel_dead (g, n == 0 ? "end of file" : strerror (errno));
      return -1;
    }
    buf += n;
    len -= n;
  }
  return 0;
}

static int
send_message (guestfs_h *g, struct wbuf *w)
{
  int r;

  if (wbuf_finish (w) == -1) {
    guestfs_int_error_errno (g, E2BIG, "cannot send the call: %s", w->error);
    wbuf_free (w);
    return -1;
  }
  r = write_all (g, w->data, w->len);
  wbuf_free (w);
  return r;
}

static int
send_chunk (guestfs_h *g, uint32_t proc, uint32_t serial, bool cancel,
            const void *data, size_t len)
{
  struct guestfs_message_header h = {
    .kind = GUESTFS_KIND_CHUNK, .proc = proc, .serial = serial,
    .status = cancel ? GUESTFS_STATUS_ERROR : GUESTFS_STATUS_OK,
  };
  struct wbuf w;
  int r;

  /* Header and length here, the payload written from where it lies. */
  wbuf_init (&w);
  wire_put_header (&w, &h);
  wire_put_buffer_header (&w, len);
  if (wbuf_finish_extra (&w, len) == -1) {
    guestfs_int_error_errno (g, E2BIG, "cannot send a chunk: %s", w.error);
    wbuf_free (&w);
    return -1;
  }
  r = write_all (g, w.data, w.len);
  wbuf_free (&w);
  if (r == 0 && len > 0)
    r = write_all (g, data, len);
  return r;
}

/* A received message: header plus the body still to be decoded. */
struct message {
  struct guestfs_message_header h;
  char *buf;
  struct rbuf body;
};

static void
protocol_error (guestfs_h *g, const char *why)
{
  guestfs_int_error_errno (g, EPROTO, "protocol error from the appliance: %s",
                           why);
  guestfs_int_shutdown_backend (g, false);
}

static void
deliver_progress (guestfs_h *g, struct message *m)
{
  uint64_t a[4] = { m->h.proc, m->h.serial, 0, 0 };

  if (wire_get_u64 (&m->body, &a[2]) == 0 &&
      wire_get_u64 (&m->body, &a[3]) == 0 && a[2] <= a[3])
    guestfs_int_call_callbacks_array (g, GUESTFS_EVENT_PROGRESS, a, 4);
}

/* Receive the next message other than PROGRESS.  Returns 0, or -1
 * after setting the error (the appliance is then shut down). */
static int
recv_message (guestfs_h *g, struct message *m, time_t deadline)
{
  unsigned char prefix[4];
  uint32_t len;

  for (;;) {
    m->buf = NULL;
    if (read_all (g, (char *) prefix, 4, deadline) == -1)
      return -1;
    if (wire_frame_length (prefix, &len) == -1) {
      protocol_error (g, "message length out of range");
      return -1;
    }
    m->buf = safe_malloc (g, len);
    if (read_all (g, m->buf, len, deadline) == -1)
      goto fail;
    rbuf_init (&m->body, m->buf, len);
    if (wire_get_header (&m->body, &m->h) == -1) {
      protocol_error (g, m->body.error);
      goto fail;
    }
    if (m->h.kind != GUESTFS_KIND_PROGRESS)
      return 0;
    deliver_progress (g, m);
    free (m->buf);
  }
 fail:
  free (m->buf);
  m->buf = NULL;
  return -1;
}

/**
 * Wait for the daemon's READY message after the backend started.
 */
int
guestfs_int_wait_ready (guestfs_h *g)
{
  struct message m;
  struct timespec ts;
  int fl = fcntl (g->daemon_fd, F_GETFL);

  fcntl (g->daemon_fd, F_SETFL, fl | O_NONBLOCK);
  clock_gettime (CLOCK_MONOTONIC, &ts);
  if (recv_message (g, &m, ts.tv_sec + g->launch_timeout) == -1)
    return -1;
  free (m.buf);
  if (m.h.kind != GUESTFS_KIND_READY) {
    protocol_error (g, "expected the daemon's ready message");
    return -1;
  }
  return 0;
}

/*-- FileIn / FileOut --*/

static void
upload_progress (guestfs_h *g, const struct guestfs_int_rpc_call *c,
                 uint32_t serial, uint64_t pos, uint64_t total)
{
  uint64_t a[4] = { c->proc, serial, pos, total };

  if (total > 0)
    guestfs_int_call_callbacks_array (g, GUESTFS_EVENT_PROGRESS, a, 4);
}

/* Stream the local file.  Returns 0; -1 if the channel failed; -2 if
 * the local file failed (the stream was cancelled, error set). */
static int
send_file (guestfs_h *g, const struct guestfs_int_rpc_call *c, uint32_t serial)
{
  CLEANUP_CLOSE int fd = open (c->filein, O_RDONLY | O_CLOEXEC);
  CLEANUP_FREE char *buf = NULL;
  struct stat st;
  uint64_t pos = 0;
  ssize_t n;

  if (fd == -1 || fstat (fd, &st) == -1) {
    perrorf (g, "%s: %s", c->name, c->filein);
    return send_chunk (g, c->proc, serial, true, NULL, 0) == -1 ? -1 : -2;
  }
  buf = safe_malloc (g, GUESTFS_CHUNK_SIZE);
  g->user_cancel = 0;
  while ((n = read (fd, buf, GUESTFS_CHUNK_SIZE)) != 0) {
    if (g->user_cancel) {
      guestfs_int_error_errno (g, EINTR, "%s: operation cancelled by user",
                               c->name);
      return send_chunk (g, c->proc, serial, true, NULL, 0) == -1 ? -1 : -2;
    }
    if (n == -1 && errno == EINTR)
      continue;
    if (n == -1) {
      perrorf (g, "%s: read: %s", c->name, c->filein);
      return send_chunk (g, c->proc, serial, true, NULL, 0) == -1 ? -1 : -2;
    }
    if (send_chunk (g, c->proc, serial, false, buf, n) == -1)
      return -1;
    pos += n;
    upload_progress (g, c, serial, pos, S_ISREG (st.st_mode) ? st.st_size : 0);
  }
  return send_chunk (g, c->proc, serial, false, NULL, 0);
}

static int
write_out (int fd, const char *buf, size_t len)
{
  ssize_t n;

  while (len > 0) {
    n = write (fd, buf, len);
    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    buf += n;
    len -= n;
  }
  return 0;
}

/* Handle one chunk of a download.  Returns 1 at the end of the
 * stream, 0 to continue, -1 on a protocol error. */
static int
recv_chunk (guestfs_h *g, const struct guestfs_int_rpc_call *c,
            uint32_t serial, int *fd, bool *failed)
{
  struct message m;
  CLEANUP_FREE char *buf = NULL;
  const char *data;
  size_t len;
  int r = 0;

  if (recv_message (g, &m, 0) == -1)
    return -1;
  buf = m.buf;                  /* the payload is used in place */
  if (m.h.kind != GUESTFS_KIND_CHUNK || m.h.serial != serial ||
      wire_get_buffer_ref (&m.body, &data, &len) == -1) {
    protocol_error (g, "bad chunk in a file stream");
    return -1;
  }
  if (m.h.status == GUESTFS_STATUS_ERROR) {
    if (!*failed)
      guestfs_int_error_errno (g, EIO, "%s: %.*s", c->name,
                               len ? (int) (len > 65536 ? 65536 : len) : 26,
                               len ? data : "cancelled by the appliance");
    *failed = true;
    return 1;
  }
  if (len == 0)
    return 1;
  if (!*failed && g->user_cancel) {
    guestfs_int_error_errno (g, EINTR, "%s: operation cancelled by user",
                             c->name);
    *failed = true;
    return send_chunk (g, c->proc, serial, true, NULL, 0);
  }
  if (!*failed && write_out (*fd, data, len) == -1) {
    perrorf (g, "%s: write: %s", c->name, c->fileout);
    *failed = true;
    r = send_chunk (g, c->proc, serial, true, NULL, 0);
  }
  return r;
}

/* Receive the download into the local file.  Returns 0, or -1 (error
 * set; the stream has been drained unless the channel died). */
/* Open the local file of a download.  "/dev/stdout" and "/dev/fd/N"
 * share the caller's open file (its offset too) rather than opening
 * it afresh, which would truncate a redirected stdout and write over
 * what the program already printed. */
static int
open_fileout (const char *name)
{
  const char *n = NULL;
  char *end;
  long fd = -1;

  if (strcmp (name, "/dev/stdout") == 0)
    fd = STDOUT_FILENO;
  else if (strncmp (name, "/dev/fd/", 8) == 0 && *(n = name + 8) != '\0') {
    fd = strtol (n, &end, 10);
    if (*end != '\0' || fd < 0 || fd > INT_MAX)
      fd = -1;
  }
  if (fd >= 0)
    return fcntl ((int) fd, F_DUPFD_CLOEXEC, 3);
  return open (name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY,
               0666);
}

static int
recv_file (guestfs_h *g, const struct guestfs_int_rpc_call *c, uint32_t serial)
{
  CLEANUP_CLOSE int fd = open_fileout (c->fileout);
  bool failed = false;
  int r;

  g->user_cancel = 0;
  if (fd == -1) {
    perrorf (g, "%s: %s", c->name, c->fileout);
    failed = true;
    if (send_chunk (g, c->proc, serial, true, NULL, 0) == -1)
      return -1;
  }
  while ((r = recv_chunk (g, c, serial, &fd, &failed)) == 0)
    ;
  return r == -1 || failed ? -1 : 0;
}

/*-- Calls --*/

static int
send_call (guestfs_h *g, const struct guestfs_int_rpc_call *c, uint32_t serial)
{
  struct guestfs_message_header h = {
    .kind = GUESTFS_KIND_CALL, .proc = c->proc, .serial = serial,
    .optargs_bitmask = c->optargs_bitmask,
  };
  struct wbuf w;

  wbuf_init (&w);
  wire_put_header (&w, &h);
  if (c->enc && c->enc (&w, c->args) == -1 && !w.error)
    w.error = "cannot encode the arguments";
  return send_message (g, &w);
}

/* Turn an error reply into the handle's error. */
static void
reply_error (guestfs_h *g, const char *name, struct message *m)
{
  CLEANUP_FREE char *errname = NULL, *msg = NULL;

  if (wire_get_string (&m->body, &errname) == -1 ||
      wire_get_string (&m->body, &msg) == -1) {
    protocol_error (g, "malformed error reply");
    return;
  }
  guestfs_int_error_errno (g, wire_string_to_errno (errname), "%s: %s",
                           name, msg);
}

static int
recv_reply (guestfs_h *g, const struct guestfs_int_rpc_call *c,
            uint32_t serial, struct message *m)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  if (recv_message (g, m, g->call_timeout ? ts.tv_sec + g->call_timeout : 0)
      == -1)
    return -1;
  if (m->h.kind != GUESTFS_KIND_REPLY || m->h.serial != serial ||
      m->h.proc != c->proc) {
    free (m->buf);
    protocol_error (g, "reply does not match the call");
    return -1;
  }
  return 0;
}

static int
decode_reply (guestfs_h *g, const struct guestfs_int_rpc_call *c,
              struct message *m)
{
  if (c->dec ? c->dec (&m->body, c->ret) == -1
             : wire_get_end (&m->body) == -1) {
    protocol_error (g, m->body.error ? m->body.error : "bad reply");
    return -1;
  }
  return 0;
}

/**
 * Make one call: send it (and its upload), wait for the reply (and its
 * download), decode the return value into C<c-E<gt>ret>.
 */
int
guestfs_int_rpc (guestfs_h *g, const struct guestfs_int_rpc_call *c)
{
  uint32_t serial = ++g->serial;
  struct message m;
  int r, file_r = 0;

  if (send_call (g, c, serial) == -1)
    return -1;
  if (c->filein && (file_r = send_file (g, c, serial)) == -1)
    return -1;
  if (recv_reply (g, c, serial, &m) == -1)
    return -1;
  if (m.h.status == GUESTFS_STATUS_ERROR) {
    if (file_r == 0)          /* keep a local error: it came first */
      reply_error (g, c->name, &m);
    free (m.buf);
    return -1;
  }
  r = file_r == 0 ? decode_reply (g, c, &m) : -1;
  free (m.buf);
  if (r == 0 && c->fileout)
    r = recv_file (g, c, serial);
  return r;
}
