/* guestkit — the library/daemon wire format.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the marshalling primitives of F<wire.h>.  Both
 * ends treat what they receive as hostile: every length is checked
 * against what is left of the message before anything is allocated,
 * and no message may exceed C<GUESTFS_MESSAGE_MAX>.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

/* Total bytes of a frame: the prefix plus the maximum message. */
#define FRAME_MAX ((size_t) GUESTFS_MESSAGE_MAX + 4)

/**
 * Start a new message, reserving room for the length prefix.
 */
void
wbuf_init (struct wbuf *w)
{
  w->data = NULL;
  w->len = 0;
  w->alloc = 0;
  w->error = NULL;
  wire_put_u32 (w, 0);
}

/**
 * Free a message's storage.
 */
void
wbuf_free (struct wbuf *w)
{
  free (w->data);
  w->data = NULL;
  w->len = w->alloc = 0;
}

static int
wbuf_reserve (struct wbuf *w, size_t n)
{
  size_t want;
  char *p;

  if (w->error)
    return -1;
  if (n > FRAME_MAX || w->len > FRAME_MAX - n) {
    w->error = "message too large for the protocol";
    return -1;
  }
  want = w->len + n;
  if (want <= w->alloc)
    return 0;
  want = want < 4096 ? 4096 : want;
  if (want < w->alloc * 2)
    want = w->alloc * 2 > FRAME_MAX ? FRAME_MAX : w->alloc * 2;
  p = realloc (w->data, want);
  if (!p) {
    w->error = "out of memory";
    return -1;
  }
  w->data = p;
  w->alloc = want;
  return 0;
}

static void
put_bytes (struct wbuf *w, const void *p, size_t n)
{
  if (wbuf_reserve (w, n) == -1)
    return;
  if (n)
    memcpy (w->data + w->len, p, n);
  w->len += n;
}

/**
 * Write the length prefix.  Returns 0, or -1 if building failed.
 */
int
wbuf_finish (struct wbuf *w)
{
  return wbuf_finish_extra (w, 0);
}

/**
 * Finish a message whose last C<extra> bytes are sent separately,
 * straight after C<w-E<gt>data> (a stream chunk's payload, announced
 * by C<wire_put_buffer_header>): the length prefix counts them too.
 * Returns 0, or -1 if building failed or the whole is too large.
 */
int
wbuf_finish_extra (struct wbuf *w, size_t extra)
{
  uint32_t n;

  if (!w->error && extra > FRAME_MAX - w->len)
    w->error = "message too large for the protocol";
  if (w->error)
    return -1;
  n = w->len - 4 + extra;
  w->data[0] = n >> 24;
  w->data[1] = n >> 16;
  w->data[2] = n >> 8;
  w->data[3] = n;
  return 0;
}

/**
 * Write the length of a buffer whose C<len> bytes the caller sends
 * itself after the message (see C<wbuf_finish_extra>).
 */
void
wire_put_buffer_header (struct wbuf *w, size_t len)
{
  if (len > GUESTFS_MESSAGE_MAX) {
    if (!w->error)
      w->error = "message too large for the protocol";
    return;
  }
  wire_put_u32 (w, len);
}

void
wire_put_u32 (struct wbuf *w, uint32_t v)
{
  unsigned char b[4] = { v >> 24, v >> 16, v >> 8, v };

  put_bytes (w, b, 4);
}

void
wire_put_u64 (struct wbuf *w, uint64_t v)
{
  wire_put_u32 (w, v >> 32);
  wire_put_u32 (w, v & 0xffffffff);
}

void
wire_put_i32 (struct wbuf *w, int32_t v)
{
  wire_put_u32 (w, (uint32_t) v);
}

void
wire_put_i64 (struct wbuf *w, int64_t v)
{
  wire_put_u64 (w, (uint64_t) v);
}

/**
 * Write the fixed message header.
 */
void
wire_put_header (struct wbuf *w, const struct guestfs_message_header *h)
{
  wire_put_u32 (w, GUESTFS_PROGRAM);
  wire_put_u32 (w, GUESTFS_PROTOCOL_VERSION);
  wire_put_u32 (w, h->kind);
  wire_put_u32 (w, h->proc);
  wire_put_u32 (w, h->serial);
  wire_put_u32 (w, h->status);
  wire_put_u64 (w, h->optargs_bitmask);
  wire_put_u64 (w, h->progress_hint);
}

void
wire_put_buffer (struct wbuf *w, const void *buf, size_t len)
{
  if (len > GUESTFS_MESSAGE_MAX) {
    if (!w->error)
      w->error = "message too large for the protocol";
    return;
  }
  wire_put_u32 (w, len);
  put_bytes (w, buf, len);
}

void
wire_put_char (struct wbuf *w, char v)
{
  wire_put_i32 (w, (unsigned char) v);
}

void
wire_put_float (struct wbuf *w, float v)
{
  uint32_t u;

  memcpy (&u, &v, sizeof u);
  wire_put_u32 (w, u);
}

void
wire_put_uuid (struct wbuf *w, const char v[32])
{
  put_bytes (w, v, 32);
}

void
wire_put_fbuffer (struct wbuf *w, const char *buf, uint32_t len)
{
  wire_put_buffer (w, buf, len);
}

void
wire_put_string (struct wbuf *w, const char *s)
{
  if (!s)
    s = "";
  wire_put_buffer (w, s, strlen (s));
}

void
wire_put_optstring (struct wbuf *w, const char *s)
{
  wire_put_u32 (w, s != NULL);
  if (s)
    wire_put_string (w, s);
}

void
wire_put_strlist (struct wbuf *w, char *const *list)
{
  size_t i, n = 0;

  while (list && list[n])
    n++;
  if (n > GUESTFS_MESSAGE_MAX / 4) {
    if (!w->error)
      w->error = "message too large for the protocol";
    return;
  }
  wire_put_u32 (w, n);
  for (i = 0; i < n; i++)
    wire_put_string (w, list[i]);
}

/*-- Reading --*/

/**
 * Prepare to read a message body of LEN bytes (no length prefix).
 */
void
rbuf_init (struct rbuf *r, const void *data, size_t len)
{
  r->p = data;
  r->len = len;
  r->pos = 0;
  r->error = NULL;
}

static int
get_fail (struct rbuf *r, const char *why)
{
  if (!r->error)
    r->error = why;
  return -1;
}

static int
get_bytes (struct rbuf *r, void *dst, size_t n)
{
  if (r->error)
    return -1;
  if (n > r->len - r->pos)
    return get_fail (r, "message truncated");
  memcpy (dst, r->p + r->pos, n);
  r->pos += n;
  return 0;
}

int
wire_get_u32 (struct rbuf *r, uint32_t *v)
{
  unsigned char b[4];

  if (get_bytes (r, b, 4) == -1)
    return -1;
  *v = (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16 |
       (uint32_t) b[2] << 8 | b[3];
  return 0;
}

int
wire_get_u64 (struct rbuf *r, uint64_t *v)
{
  uint32_t hi, lo;

  if (wire_get_u32 (r, &hi) == -1 || wire_get_u32 (r, &lo) == -1)
    return -1;
  *v = (uint64_t) hi << 32 | lo;
  return 0;
}

int
wire_get_i32 (struct rbuf *r, int32_t *v)
{
  uint32_t u;

  if (wire_get_u32 (r, &u) == -1)
    return -1;
  *v = (int32_t) u;
  return 0;
}

int
wire_get_i64 (struct rbuf *r, int64_t *v)
{
  uint64_t u;

  if (wire_get_u64 (r, &u) == -1)
    return -1;
  *v = (int64_t) u;
  return 0;
}

/**
 * Read and check the fixed header (magic and version).
 */
int
wire_get_header (struct rbuf *r, struct guestfs_message_header *h)
{
  uint32_t magic, version;

  if (wire_get_u32 (r, &magic) == -1 || wire_get_u32 (r, &version) == -1)
    return -1;
  if (magic != GUESTFS_PROGRAM)
    return get_fail (r, "bad magic number in message header");
  if (version != GUESTFS_PROTOCOL_VERSION)
    return get_fail (r, "unsupported protocol version");
  if (wire_get_u32 (r, &h->kind) == -1 || wire_get_u32 (r, &h->proc) == -1 ||
      wire_get_u32 (r, &h->serial) == -1 ||
      wire_get_u32 (r, &h->status) == -1 ||
      wire_get_u64 (r, &h->optargs_bitmask) == -1 ||
      wire_get_u64 (r, &h->progress_hint) == -1)
    return -1;
  if (h->kind < GUESTFS_KIND_CALL || h->kind > GUESTFS_KIND_READY)
    return get_fail (r, "unknown message kind");
  if (h->status > GUESTFS_STATUS_ERROR)
    return get_fail (r, "bad status in message header");
  return 0;
}

/**
 * Read a length-prefixed byte buffer into a new allocation (with a
 * trailing NUL for convenience, not counted in *LEN).
 */
int
wire_get_buffer (struct rbuf *r, char **buf, size_t *len)
{
  uint32_t n;
  char *p;

  *buf = NULL;
  if (wire_get_u32 (r, &n) == -1)
    return -1;
  if (n > r->len - r->pos)
    return get_fail (r, "string or buffer longer than the message");
  p = malloc ((size_t) n + 1);
  if (!p)
    return get_fail (r, "out of memory");
  memcpy (p, r->p + r->pos, n);
  p[n] = '\0';
  r->pos += n;
  *buf = p;
  *len = n;
  return 0;
}

/**
 * Like C<wire_get_buffer>, but C<*buf> points into the message itself
 * (valid while it is; not NUL-terminated): a stream chunk is used in
 * place rather than copied.
 */
int
wire_get_buffer_ref (struct rbuf *r, const char **buf, size_t *len)
{
  uint32_t n;

  *buf = NULL;
  if (wire_get_u32 (r, &n) == -1)
    return -1;
  if (n > r->len - r->pos)
    return get_fail (r, "string or buffer longer than the message");
  *buf = r->p + r->pos;
  r->pos += n;
  *len = n;
  return 0;
}

int
wire_get_string (struct rbuf *r, char **s)
{
  size_t len;

  if (wire_get_buffer (r, s, &len) == -1)
    return -1;
  if (memchr (*s, '\0', len)) {
    free (*s);
    *s = NULL;
    return get_fail (r, "string contains a NUL byte");
  }
  return 0;
}

int
wire_get_optstring (struct rbuf *r, char **s)
{
  uint32_t present;

  *s = NULL;
  if (wire_get_u32 (r, &present) == -1)
    return -1;
  if (present > 1)
    return get_fail (r, "bad optional string flag");
  return present ? wire_get_string (r, s) : 0;
}

int
wire_get_strlist (struct rbuf *r, char ***list)
{
  uint32_t n, i;
  char **l;

  *list = NULL;
  if (wire_get_u32 (r, &n) == -1)
    return -1;
  /* Each item takes at least 4 bytes: bound the count before allocating. */
  if (n > (r->len - r->pos) / 4)
    return get_fail (r, "list longer than the message");
  l = calloc ((size_t) n + 1, sizeof (char *));
  if (!l)
    return get_fail (r, "out of memory");
  for (i = 0; i < n; i++) {
    if (wire_get_string (r, &l[i]) == -1) {
      while (i > 0)
        free (l[--i]);
      free (l);
      return -1;
    }
  }
  *list = l;
  return 0;
}

int
wire_get_end (struct rbuf *r)
{
  if (r->error)
    return -1;
  if (r->pos != r->len)
    return get_fail (r, "unexpected data at the end of the message");
  return 0;
}

/**
 * Decode and check a frame's length prefix.
 */
int
wire_frame_length (const unsigned char prefix[4], uint32_t *len)
{
  uint32_t n = (uint32_t) prefix[0] << 24 | (uint32_t) prefix[1] << 16 |
               (uint32_t) prefix[2] << 8 | prefix[3];

  if (n < GUESTFS_HEADER_SIZE || n > GUESTFS_MESSAGE_MAX)
    return -1;
  *len = n;
  return 0;
}

/*-- errno names --*/

static const struct { int err; const char *name; } errnames[] = {
  { EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
  { EINTR, "EINTR" }, { EIO, "EIO" }, { ENXIO, "ENXIO" },
  { E2BIG, "E2BIG" }, { ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" },
  { ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
  { EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
  { EEXIST, "EEXIST" }, { EXDEV, "EXDEV" }, { ENODEV, "ENODEV" },
  { ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EINVAL, "EINVAL" },
  { ENFILE, "ENFILE" }, { EMFILE, "EMFILE" }, { ENOTTY, "ENOTTY" },
  { EFBIG, "EFBIG" }, { ENOSPC, "ENOSPC" }, { ESPIPE, "ESPIPE" },
  { EROFS, "EROFS" }, { EMLINK, "EMLINK" }, { EPIPE, "EPIPE" },
  { ERANGE, "ERANGE" }, { ENAMETOOLONG, "ENAMETOOLONG" },
  { ENOSYS, "ENOSYS" }, { ENOTEMPTY, "ENOTEMPTY" }, { ELOOP, "ELOOP" },
  { ENODATA, "ENODATA" }, { EOVERFLOW, "EOVERFLOW" },
  { ENOTSUP, "ENOTSUP" }, { ETIMEDOUT, "ETIMEDOUT" },
  { ECANCELED, "ECANCELED" }, { EDQUOT, "EDQUOT" },
};

/**
 * The name of an errno value ("ENOENT"); unknown ones give "EINVAL".
 */
const char *
wire_errno_to_string (int err)
{
  size_t i;

  for (i = 0; i < sizeof errnames / sizeof errnames[0]; i++)
    if (errnames[i].err == err)
      return errnames[i].name;
  return "EINVAL";
}

/**
 * The errno value of a name; "" (no errno) gives 0, unknown names give
 * EINVAL.
 */
int
wire_string_to_errno (const char *name)
{
  size_t i;

  if (*name == '\0')
    return 0;
  for (i = 0; i < sizeof errnames / sizeof errnames[0]; i++)
    if (strcmp (errnames[i].name, name) == 0)
      return errnames[i].err;
  return EINVAL;
}

int
wire_get_char (struct rbuf *r, char *v)
{
  int32_t i;

  if (wire_get_i32 (r, &i) == -1)
    return -1;
  if (i < 0 || i > 255)
    return get_fail (r, "char field out of range");
  *v = (char) i;
  return 0;
}

int
wire_get_float (struct rbuf *r, float *v)
{
  uint32_t u;

  if (wire_get_u32 (r, &u) == -1)
    return -1;
  memcpy (v, &u, sizeof *v);
  return 0;
}

int
wire_get_uuid (struct rbuf *r, char v[32])
{
  return get_bytes (r, v, 32);
}

int
wire_get_fbuffer (struct rbuf *r, char **buf, uint32_t *len)
{
  size_t n;

  if (wire_get_buffer (r, buf, &n) == -1)
    return -1;
  *len = (uint32_t) n;  /* bounded by the message size */
  return 0;
}
