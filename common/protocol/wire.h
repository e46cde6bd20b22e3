/* guestkit — the library/daemon wire format.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file declares the framing and the typed marshalling used on the
 * RPC channel between the library and the daemon.
 *
 * Every message is a 32-bit big-endian length L (not counting itself,
 * at most C<GUESTFS_MESSAGE_MAX>) followed by L bytes: a fixed 40-byte
 * header (magic, version, kind, proc, serial, status, optional-argument
 * bitmask, progress hint), then a body.  Integers are big-endian;
 * strings and buffers are a 32-bit length and the bytes; lists are a
 * 32-bit count and the items; an optional string is a bool and, if
 * true, the string.
 *
 * Kinds: CALL (library → daemon), REPLY (status 0: body is the return
 * value; status 1: body is errno name + message), CHUNK (a piece of a
 * FileIn/FileOut stream: status 0 data, status 1 cancel; an empty data
 * chunk ends the stream), PROGRESS (body: position, total), READY (the
 * daemon's first message).
 */

#ifndef GUESTKIT_WIRE_H
#define GUESTKIT_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUESTFS_PROGRAM           0x47534B54 /* "GSKT" */
#define GUESTFS_PROTOCOL_VERSION  1
#define GUESTFS_MESSAGE_MAX       (4 * 1024 * 1024)
#define GUESTFS_CHUNK_SIZE        (1024 * 1024)
#define GUESTFS_HEADER_SIZE       40
/* Longest string or list accepted inside one message. */
#define GUESTFS_STRING_MAX        GUESTFS_MESSAGE_MAX

enum guestfs_message_kind {
  GUESTFS_KIND_CALL = 1,
  GUESTFS_KIND_REPLY = 2,
  GUESTFS_KIND_CHUNK = 3,
  GUESTFS_KIND_PROGRESS = 4,
  GUESTFS_KIND_READY = 5,
};

enum guestfs_message_status {
  GUESTFS_STATUS_OK = 0,
  GUESTFS_STATUS_ERROR = 1,     /* REPLY: error; CHUNK: cancel */
};

struct guestfs_message_header {
  uint32_t kind;
  uint32_t proc;
  uint32_t serial;
  uint32_t status;
  uint64_t optargs_bitmask;
  uint64_t progress_hint;
};

/* A message being built.  Errors (out of memory, too big) are sticky
 * and reported by wbuf_finish. */
struct wbuf {
  char *data;
  size_t len;
  size_t alloc;
  const char *error;            /* NULL, or why building failed */
};

void wbuf_init (struct wbuf *w);
void wbuf_free (struct wbuf *w);
/* Fill in the length prefix.  Returns 0, or -1 if building failed
 * (w->error says why). */
int wbuf_finish (struct wbuf *w);
/* The same when the message's last EXTRA bytes (a buffer announced
 * with wire_put_buffer_header) are sent separately after w->data:
 * one copy less for stream chunks. */
int wbuf_finish_extra (struct wbuf *w, size_t extra);
void wire_put_buffer_header (struct wbuf *w, size_t len);

void wire_put_header (struct wbuf *w, const struct guestfs_message_header *h);
void wire_put_u32 (struct wbuf *w, uint32_t v);
void wire_put_u64 (struct wbuf *w, uint64_t v);
void wire_put_i32 (struct wbuf *w, int32_t v);
void wire_put_i64 (struct wbuf *w, int64_t v);
void wire_put_string (struct wbuf *w, const char *s); /* NULL → "" */
void wire_put_optstring (struct wbuf *w, const char *s);
void wire_put_strlist (struct wbuf *w, char *const *list); /* NULL → [] */
void wire_put_buffer (struct wbuf *w, const void *buf, size_t len);
/* Struct field helpers: a char (as i32), a float (IEEE bits as u32),
 * a 32-byte UUID (fixed, not NUL-terminated), a buffer with a u32 length. */
void wire_put_char (struct wbuf *w, char v);
void wire_put_float (struct wbuf *w, float v);
void wire_put_uuid (struct wbuf *w, const char v[32]);
void wire_put_fbuffer (struct wbuf *w, const char *buf, uint32_t len);

/* A received message body, read front to back.  Every get returns 0,
 * or -1 if the input is short or malformed (r->error says why); what
 * was allocated on a failed get is freed by the get itself. */
struct rbuf {
  const char *p;
  size_t len;
  size_t pos;
  const char *error;
};

void rbuf_init (struct rbuf *r, const void *data, size_t len);
int wire_get_header (struct rbuf *r, struct guestfs_message_header *h);
int wire_get_u32 (struct rbuf *r, uint32_t *v);
int wire_get_u64 (struct rbuf *r, uint64_t *v);
int wire_get_i32 (struct rbuf *r, int32_t *v);
int wire_get_i64 (struct rbuf *r, int64_t *v);
int wire_get_string (struct rbuf *r, char **s);       /* no NUL inside */
int wire_get_optstring (struct rbuf *r, char **s);    /* may give NULL */
int wire_get_strlist (struct rbuf *r, char ***list);  /* NULL-terminated */
int wire_get_buffer (struct rbuf *r, char **buf, size_t *len);
/* The buffer in place (no copy, no NUL): valid while the message is. */
int wire_get_buffer_ref (struct rbuf *r, const char **buf, size_t *len);
int wire_get_char (struct rbuf *r, char *v);
int wire_get_float (struct rbuf *r, float *v);
int wire_get_uuid (struct rbuf *r, char v[32]);
int wire_get_fbuffer (struct rbuf *r, char **buf, uint32_t *len);
/* -1 if unread bytes remain. */
int wire_get_end (struct rbuf *r);

/* Decode the 4-byte length prefix; -1 if it exceeds the maximum or is
 * shorter than a header. */
int wire_frame_length (const unsigned char prefix[4], uint32_t *len);

/* errno <-> name, for error replies ("ENOENT"); unknown → EINVAL /
 * "EINVAL". */
const char *wire_errno_to_string (int err);
int wire_string_to_errno (const char *name);

#endif /* GUESTKIT_WIRE_H */
