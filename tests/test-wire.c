/* guestkit — unit tests of the wire format (TAP output).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file tests the marshalling in F<common/protocol>: round trips of
 * every type, the generated per-call codecs, the size limits, and
 * malformed or truncated input (which must fail cleanly, never read
 * out of bounds: run it under ASan/valgrind too).
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "guestfs_protocol.h"
#include "tap.h"

/* String literals as the char * the codec structs hold. */
#define S(x) ((char *) (x))

/* The body of a finished frame (after the 4-byte prefix). */
static void
body_of (struct wbuf *w, struct rbuf *r)
{
  rbuf_init (r, w->data + 4, w->len - 4);
}

static void
test_scalars (void)
{
  struct wbuf w;
  struct rbuf r;
  uint32_t u32;
  uint64_t u64;
  int32_t i32;
  int64_t i64;

  wbuf_init (&w);
  wire_put_u32 (&w, 0xdeadbeef);
  wire_put_u64 (&w, UINT64_C(0x0123456789abcdef));
  wire_put_i32 (&w, -5);
  wire_put_i64 (&w, INT64_MIN);
  ok (wbuf_finish (&w) == 0 && w.len == 4 + 24, "scalars encode to 24 bytes");
  ok ((unsigned char) w.data[3] == 24 && w.data[4] == (char) 0xde,
      "length prefix and big-endian order");
  body_of (&w, &r);
  ok (wire_get_u32 (&r, &u32) == 0 && u32 == 0xdeadbeef, "u32 round trip");
  ok (wire_get_u64 (&r, &u64) == 0 && u64 == UINT64_C(0x0123456789abcdef),
      "u64 round trip");
  ok (wire_get_i32 (&r, &i32) == 0 && i32 == -5, "i32 round trip");
  ok (wire_get_i64 (&r, &i64) == 0 && i64 == INT64_MIN, "i64 round trip");
  ok (wire_get_end (&r) == 0, "nothing left over");
  ok (wire_get_u32 (&r, &u32) == -1 && r.error, "reading past the end fails");
  wbuf_free (&w);
}

static void
test_strings (void)
{
  char *list[] = { S("a"), S(""), S("long string with spaces"), NULL };
  CLEANUP_FREE char *s = NULL, *o1 = NULL, *o2 = NULL, *buf = NULL;
  CLEANUP_FREE_STRING_LIST char **l = NULL;
  struct wbuf w;
  struct rbuf r;
  size_t len;

  wbuf_init (&w);
  wire_put_string (&w, "hello");
  wire_put_optstring (&w, NULL);
  wire_put_optstring (&w, "x");
  wire_put_strlist (&w, list);
  wire_put_buffer (&w, "a\0b", 3);
  ok (wbuf_finish (&w) == 0, "strings encode");
  body_of (&w, &r);
  ok (wire_get_string (&r, &s) == 0 && strcmp (s, "hello") == 0,
      "string round trip");
  ok (wire_get_optstring (&r, &o1) == 0 && o1 == NULL, "absent optstring");
  ok (wire_get_optstring (&r, &o2) == 0 && strcmp (o2, "x") == 0,
      "present optstring");
  ok (wire_get_strlist (&r, &l) == 0 && guestkit_count_strings (l) == 3 &&
      strcmp (l[2], list[2]) == 0 && l[1][0] == '\0', "string list round trip");
  ok (wire_get_buffer (&r, &buf, &len) == 0 && len == 3 &&
      memcmp (buf, "a\0b", 3) == 0, "buffer keeps NUL bytes");
  ok (wire_get_end (&r) == 0, "all consumed");
  wbuf_free (&w);
}

static void
test_malformed (void)
{
  /* A string claiming 1 GiB in a 8-byte message. */
  static const char huge_string[] = { 0x40, 0, 0, 0, 'a', 'b', 'c', 'd' };
  /* A list claiming 2^32-1 items. */
  static const char huge_list[] = { (char) 0xff, (char) 0xff, (char) 0xff,
                                    (char) 0xff, 0, 0, 0, 0 };
  static const char nul_string[] = { 0, 0, 0, 3, 'a', 0, 'b' };
  static const char bad_opt[] = { 0, 0, 0, 7 };
  CLEANUP_FREE char *s = NULL;
  char **l = NULL;
  struct rbuf r;
  size_t i;
  int all_fail = 1;

  rbuf_init (&r, huge_string, sizeof huge_string);
  ok (wire_get_string (&r, &s) == -1 && s == NULL, "oversized string length rejected");
  rbuf_init (&r, huge_list, sizeof huge_list);
  ok (wire_get_strlist (&r, &l) == -1 && l == NULL, "oversized list count rejected");
  rbuf_init (&r, nul_string, sizeof nul_string);
  ok (wire_get_string (&r, &s) == -1 && s == NULL, "string with NUL rejected");
  rbuf_init (&r, bad_opt, sizeof bad_opt);
  ok (wire_get_optstring (&r, &s) == -1, "optstring flag other than 0/1 rejected");
  /* Every truncation of a valid string list fails cleanly. */
  {
    char *list[] = { S("abc"), S("defgh"), NULL };
    struct wbuf w;
    wbuf_init (&w);
    wire_put_strlist (&w, list);
    wbuf_finish (&w);
    for (i = 0; i < w.len - 4; i++) {
      rbuf_init (&r, w.data + 4, i);
      if (wire_get_strlist (&r, &l) != -1 || l != NULL)
        all_fail = 0;
    }
    wbuf_free (&w);
  }
  ok (all_fail, "every truncated list is rejected");
}

static void
test_header_and_frames (void)
{
  struct guestfs_message_header h = {
    .kind = GUESTFS_KIND_CALL, .proc = 15, .serial = 7, .status = 0,
    .optargs_bitmask = 5, .progress_hint = 99,
  }, h2;
  unsigned char prefix[4];
  uint32_t len;
  struct wbuf w;
  struct rbuf r;

  wbuf_init (&w);
  wire_put_header (&w, &h);
  wbuf_finish (&w);
  ok (w.len - 4 == GUESTFS_HEADER_SIZE, "header is 40 bytes");
  body_of (&w, &r);
  ok (wire_get_header (&r, &h2) == 0 && h2.proc == 15 && h2.serial == 7 &&
      h2.optargs_bitmask == 5 && h2.progress_hint == 99, "header round trip");
  w.data[4] ^= 1;
  body_of (&w, &r);
  ok (wire_get_header (&r, &h2) == -1, "bad magic rejected");
  w.data[4] ^= 1;
  w.data[4 + 11] = 9;
  body_of (&w, &r);
  ok (wire_get_header (&r, &h2) == -1, "unknown message kind rejected");
  wbuf_free (&w);

  memcpy (prefix, "\xff\xff\xff\xff", 4);
  ok (wire_frame_length (prefix, &len) == -1, "length 0xffffffff rejected");
  memcpy (prefix, "\x00\x40\x00\x01", 4);
  ok (wire_frame_length (prefix, &len) == -1, "length 4 MiB + 1 rejected");
  memcpy (prefix, "\x00\x40\x00\x00", 4);
  ok (wire_frame_length (prefix, &len) == 0 && len == GUESTFS_MESSAGE_MAX,
      "length of exactly 4 MiB accepted");
  memcpy (prefix, "\x00\x00\x00\x00", 4);
  ok (wire_frame_length (prefix, &len) == -1, "length 0 rejected");
}

static void
test_limits (void)
{
  struct wbuf w;
  char *big = malloc (GUESTFS_MESSAGE_MAX);

  memset (big, 'x', GUESTFS_MESSAGE_MAX);
  wbuf_init (&w);
  wire_put_buffer (&w, big, GUESTFS_MESSAGE_MAX);
  ok (wbuf_finish (&w) == -1 && w.error, "message over the maximum refused");
  wbuf_free (&w);
  wbuf_init (&w);
  wire_put_buffer (&w, big, GUESTFS_MESSAGE_MAX - 64);
  ok (wbuf_finish (&w) == 0, "message just under the maximum accepted");
  wbuf_free (&w);
  free (big);
}

static void
test_generated (void)
{
  char *words[] = { S("a"), S("b c"), NULL };
  struct guestfs_mkfs_args a = { .fstype = S("ext4"), .device = S("/dev/sda1"),
                                 .blocksize = 4096, .label = S("root") }, b;
  struct guestfs_echo_daemon_args e = { .words = words }, e2;
  guestfs_int_statns st = { .st_size = 12345, .st_mode = 0100644 };
  struct guestfs_statns_ret ret = { .ret = &st }, ret2;
  struct wbuf w;
  struct rbuf r;

  wbuf_init (&w);
  guestfs_enc_mkfs_args (&w, &a);
  wbuf_finish (&w);
  body_of (&w, &r);
  ok (guestfs_dec_mkfs_args (&r, &b) == 0 && strcmp (b.fstype, "ext4") == 0 &&
      b.blocksize == 4096 && strcmp (b.label, "root") == 0 &&
      b.features == NULL, "mkfs args (with optargs) round trip");
  guestfs_free_mkfs_args (&b);
  rbuf_init (&r, w.data + 4, w.len - 5);
  ok (guestfs_dec_mkfs_args (&r, &b) == -1, "truncated args rejected");
  wbuf_free (&w);

  wbuf_init (&w);
  guestfs_enc_echo_daemon_args (&w, &e);
  wire_put_u32 (&w, 1);          /* trailing garbage */
  wbuf_finish (&w);
  body_of (&w, &r);
  ok (guestfs_dec_echo_daemon_args (&r, &e2) == -1,
      "args with trailing bytes rejected");
  wbuf_free (&w);

  wbuf_init (&w);
  guestfs_enc_statns_ret (&w, &ret);
  wbuf_finish (&w);
  body_of (&w, &r);
  ok (guestfs_dec_statns_ret (&r, &ret2) == 0 && ret2.ret->st_size == 12345 &&
      ret2.ret->st_mode == 0100644, "struct return round trip");
  guestfs_free_statns_ret (&ret2);
  wbuf_free (&w);
  ok (guestfs_proc_name (GUESTFS_PROC_MOUNT) &&
      strcmp (guestfs_proc_name (GUESTFS_PROC_MOUNT), "mount") == 0 &&
      guestfs_proc_name (99999) == NULL, "procedure names");
}

static void
test_errnos (void)
{
  ok (wire_string_to_errno (wire_errno_to_string (ENOENT)) == ENOENT &&
      wire_string_to_errno (wire_errno_to_string (EROFS)) == EROFS,
      "errno names round trip");
  ok (wire_string_to_errno ("") == 0 && wire_string_to_errno ("EBOGUS") == EINVAL,
      "empty and unknown errno names");
}

/* A chunk sent as header + separate payload is the same bytes as one
 * built with wire_put_buffer, and the payload reads back in place. */
static void
test_split_chunk (void)
{
  struct wbuf a, b;
  struct rbuf r;
  const char *p;
  size_t len;
  char *joined;

  wbuf_init (&a);
  wire_put_u32 (&a, 9);
  wire_put_buffer (&a, "payload", 7);
  wbuf_finish (&a);
  wbuf_init (&b);
  wire_put_u32 (&b, 9);
  wire_put_buffer_header (&b, 7);
  ok (wbuf_finish_extra (&b, 7) == 0 && b.len + 7 == a.len &&
      memcmp (a.data, b.data, b.len) == 0 &&
      memcmp (a.data + b.len, "payload", 7) == 0,
      "split chunk encodes like wire_put_buffer");
  joined = a.data;
  rbuf_init (&r, joined + 4, a.len - 4);
  ok (wire_get_u32 (&r, (uint32_t[1]){ 0 }) == 0 &&
      wire_get_buffer_ref (&r, &p, &len) == 0 && len == 7 &&
      p == joined + 12 && wire_get_end (&r) == 0,
      "buffer read in place");
  rbuf_init (&r, joined + 4, a.len - 5);
  ok (wire_get_u32 (&r, (uint32_t[1]){ 0 }) == 0 &&
      wire_get_buffer_ref (&r, &p, &len) == -1 && p == NULL,
      "truncated in-place buffer rejected");
  wbuf_free (&b);
  wbuf_init (&b);
  ok (wbuf_finish_extra (&b, GUESTFS_MESSAGE_MAX + 1) == -1 && b.error,
      "split chunk over the maximum refused");
  wbuf_free (&a);
  wbuf_free (&b);
}

int
main (void)
{
  test_scalars ();
  test_strings ();
  test_malformed ();
  test_header_and_frames ();
  test_limits ();
  test_generated ();
  test_errnos ();
  test_split_chunk ();
  return tap_done ();
}
