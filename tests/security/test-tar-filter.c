/* guestkit — unit tests of the copy-out tar filter (TAP output).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the tests of library/tar-filter.c (security
 * plan row 19): crafted archives with FIFO and device entries (bare,
 * after a GNU long name, after a pax path), sizes in octal and
 * base-256, pax size overrides, and hostile headers (bad checksum,
 * negative or huge sizes, data on a node or link, oversized long
 * names, malformed pax records, rare types, truncation), fed whole
 * and byte by byte; then random mutations, which must never crash.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tar-filter.c"
#include "tap.h"

#define BLK 512
#define ARCH_MAX (4 * 1024 * 1024)

/* An archive being built, or the filter's output. */
struct buf {
  unsigned char *p;
  size_t len;
  int fail_after;               /* out fails after this many calls (-1: never) */
};

static void
put (struct buf *b, const void *data, size_t len)
{
  memcpy (b->p + b->len, data, len);
  b->len += len;
}

static void
set_sum (unsigned char *h)
{
  unsigned sum = 0;
  size_t i;

  memset (h + 148, ' ', 8);
  for (i = 0; i < BLK; i++)
    sum += h[i];
  snprintf ((char *) h + 148, 8, "%06o", sum);
}

/* Append a ustar header of TYPE for NAME with SIZE in octal (or the
 * 12 bytes RAWSIZE if given) and SIZE bytes of data 'D' when DATA. */
static unsigned char *
th (struct buf *b, const char *name, char type, uint64_t size,
        const unsigned char *rawsize, int data)
{
  unsigned char *h = b->p + b->len;

  memset (h, 0, BLK);
  memcpy (h, name, strnlen (name, 100));
  memcpy (h + 100, "0000644", 8);
  if (rawsize)
    memcpy (h + 124, rawsize, 12);
  else {
    char tmp[24];
    snprintf (tmp, sizeof tmp, "%011llo", (unsigned long long) size);
    memcpy (h + 124, tmp, 12);
  }
  h[156] = (unsigned char) type;
  memcpy (h + 257, "ustar\0" "00", 8);
  set_sum (h);
  b->len += BLK;
  if (data) {
    memset (b->p + b->len, 'D', size);
    memset (b->p + b->len + size, 0, (BLK - size % BLK) % BLK);
    b->len += (size + BLK - 1) / BLK * BLK;
  }
  return h;
}

/* A meta entry ('L' or 'x') with its text. */
static void
tmeta (struct buf *b, char type, const char *text)
{
  size_t n = strlen (text);

  th (b, "././@LongLink", type, n, NULL, 0);
  memset (b->p + b->len, 0, (n + BLK - 1) / BLK * BLK);
  memcpy (b->p + b->len, text, n);
  b->len += (n + BLK - 1) / BLK * BLK;
}

static void
tend (struct buf *b)
{
  memset (b->p + b->len, 0, 2 * BLK);
  b->len += 2 * BLK;
}

static int
tout (void *opaque, const void *data, size_t len)
{
  struct buf *o = opaque;

  if (o->fail_after == 0)
    return -1;
  if (o->fail_after > 0)
    o->fail_after--;
  if (o->len + len > ARCH_MAX)
    abort ();
  put (o, data, len);
  return 0;
}

/* Run the filter over IN (in pieces of STEP bytes, 0 = whole).
 * Returns 0 or -1; O gets the output, *F the filter (to free). */
static int
trun (const struct buf *in, size_t step, struct buf *o, struct tar_filter **f)
{
  size_t pos = 0, n;

  o->len = 0;
  *f = tar_filter_new (tout, o);
  if (!*f)
    abort ();
  while (pos < in->len) {
    n = step && in->len - pos > step ? step : in->len - pos;
    if (tar_filter_feed (*f, in->p + pos, n) == -1)
      return -1;
    pos += n;
  }
  return tar_filter_finish (*f);
}

/* Expect the filter to refuse IN with the error WHY. */
static void
refused (const struct buf *in, const char *why, const char *what)
{
  struct buf o = { malloc (ARCH_MAX), 0, -1 };
  struct tar_filter *f;
  int r = trun (in, 0, &o, &f);
  const char *e = tar_filter_error (f);

  if (r != -1 || !e || strcmp (e, why) != 0)
    fprintf (stderr, "# %s: r=%d error=%s\n", what, r, e ? e : "(none)");
  ok (r == -1 && e && strcmp (e, why) == 0 && !tar_filter_out_failed (f),
      what);
  tar_filter_free (f);
  free (o.p);
}

static struct buf
new_buf (void)
{
  struct buf b = { calloc (1, ARCH_MAX), 0, -1 };

  if (!b.p)
    abort ();
  return b;
}

/* An entry the filter keeps: the same header (and data) in IN and
 * EXPECT. */
static void
th_kept (struct buf *in, struct buf *expect, const char *name, char type,
         uint64_t size, int data)
{
  th (in, name, type, size, NULL, data);
  th (expect, name, type, size, NULL, data);
}

/* The ordinary archive: a file, a directory, a symlink, a hard link
 * and the three node types; EXPECT gets the same without the nodes. */
static void
ordinary (struct buf *in, struct buf *expect)
{
  th_kept (in, expect, "d/", '5', 0, 0);
  th_kept (in, expect, "d/file", '0', 700, 1);
  th (in, "d/fifo", '6', 0, NULL, 0);
  th (in, "d/zero", '3', 0, NULL, 0);
  th (in, "d/sda", '4', 0, NULL, 0);
  th_kept (in, expect, "d/link", '2', 0, 0);
  th_kept (in, expect, "d/hard", '1', 0, 0);
  th_kept (in, expect, "d/empty", '0', 0, 0);
  tend (in);
  tend (expect);
}

static void
test_ordinary (void)
{
  struct buf in = new_buf (), expect = new_buf (), o = new_buf ();
  struct tar_filter *f;
  size_t steps[] = { 0, 1, 7, 512, 513 }, i;
  int r, same = 1;

  ordinary (&in, &expect);
  for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
    r = trun (&in, steps[i], &o, &f);
    same &= r == 0 && o.len == expect.len &&
      memcmp (o.p, expect.p, o.len) == 0 &&
      tar_filter_nr_skipped (f) == 3 &&
      strcmp (tar_filter_skipped (f), "d/fifo, d/zero, d/sda") == 0;
    tar_filter_free (f);
  }
  ok (same, "nodes dropped, the rest byte for byte (whole, by 1, 7, 512, 513)");

  /* Garbage after the end is not passed on. */
  memset (in.p + in.len, 'G', 3000);
  in.len += 3000;
  r = trun (&in, 0, &o, &f);
  ok (r == 0 && o.len == expect.len && memcmp (o.p, expect.p, o.len) == 0,
      "after the zero block: two zero blocks, the rest dropped");
  tar_filter_free (f);

  o.fail_after = 0;
  r = trun (&in, 0, &o, &f);
  ok (r == -1 && tar_filter_out_failed (f), "a failing output stops it");
  tar_filter_free (f);
  free (in.p);
  free (expect.p);
  free (o.p);
}

static void
test_meta (void)
{
  struct buf in = new_buf (), expect = new_buf (), o = new_buf ();
  unsigned char b256[12] = { 0x80 };
  char longname[300];
  struct tar_filter *f;
  int r;

  memset (longname, 'n', sizeof longname - 1);
  longname[sizeof longname - 1] = '\0';
  tmeta (&in, 'L', longname);
  th (&in, "././@LongLink", '4', 0, NULL, 0);
  tmeta (&in, 'x', "17 path=pax/fi\x1bo\n");
  th (&in, "x", '6', 0, NULL, 0);
  /* pax size 1024 over a header size of 0: the two data blocks hold a
   * FIFO header, which is data, not an entry. */
  tmeta (&in, 'x', "13 size=1024\n");
  tmeta (&expect, 'x', "13 size=1024\n");
  th (&in, "big", '0', 0, NULL, 0);
  th (&expect, "big", '0', 0, NULL, 0);
  th (&in, "hidden", '6', 0, NULL, 0);
  th (&expect, "hidden", '6', 0, NULL, 0);
  memset (in.p + in.len, 'D', BLK);
  memset (expect.p + expect.len, 'D', BLK);
  in.len += BLK;
  expect.len += BLK;
  /* A base-256 size of 1000. */
  b256[10] = 0x03;
  b256[11] = 0xe8;
  th (&in, "b256", '0', 1000, b256, 1);
  th (&expect, "b256", '0', 1000, b256, 1);
  tend (&in);
  tend (&expect);
  r = trun (&in, 0, &o, &f);
  ok (r == 0 && o.len == expect.len && memcmp (o.p, expect.p, o.len) == 0,
      "long-name and pax headers of nodes dropped; pax size and base-256 followed");
  ok (tar_filter_nr_skipped (f) == 2 &&
      strncmp (tar_filter_skipped (f), "nnnnnnnn", 8) == 0 &&
      strstr (tar_filter_skipped (f), ", pax/fi\\x1bo") != NULL,
      "the skipped names: long name, pax path with ESC escaped");
  tar_filter_free (f);
  free (in.p);
  free (expect.p);
  free (o.p);
}

/* One hostile archive per case: a plain file first, then the bad part. */
static void
test_hostile (void)
{
  struct buf b = new_buf ();
  unsigned char raw[12];
  unsigned char *h;
  char *big;

#define START (b.len = 0, th (&b, "ok", '0', 10, NULL, 1))
  START; h = th (&b, "x", '0', 0, NULL, 0); h[0] ^= 1; tend (&b);
  refused (&b, "bad header checksum", "bad checksum");
  START; h = th (&b, "x", '0', 0, NULL, 0); memset (h + 148, ' ', 8);
  tend (&b);
  refused (&b, "bad header checksum", "blank checksum");
  memset (raw, 0xff, 12);
  START; th (&b, "x", '0', 0, raw, 0); tend (&b);
  refused (&b, "bad size field", "negative base-256 size");
  memset (raw, 0, 12); raw[0] = 0x80; raw[4] = 0x40;
  START; th (&b, "x", '0', 0, raw, 0); tend (&b);
  refused (&b, "bad size field", "base-256 size 2^62");
  memset (raw, 0, 12); raw[0] = 0x81;
  START; th (&b, "x", '0', 0, raw, 0); tend (&b);
  refused (&b, "bad size field", "base-256 with bits in the first byte");
  memcpy (raw, "12x45670000", 12);
  START; th (&b, "x", '0', 0, raw, 0); tend (&b);
  refused (&b, "bad size field", "non-octal size");
  memset (raw, 0, 12);
  START; th (&b, "x", '0', 0, raw, 0); tend (&b);
  refused (&b, "bad size field", "empty size field");
  START; th (&b, "dev", '4', 512, NULL, 1); tend (&b);
  refused (&b, "a device or FIFO entry with data", "block device with 512 bytes of data");
  START; th (&b, "lnk", '2', 512, NULL, 1); tend (&b);
  refused (&b, "a link or directory entry with data", "symlink with data");
  START; th (&b, "hard", '1', 512, NULL, 1); tend (&b);
  refused (&b, "a link or directory entry with data", "hard link with data");
  START; th (&b, "dir/", '\0', 512, NULL, 1); tend (&b);
  refused (&b, "a link or directory entry with data", "old-style directory with data");
  START; tmeta (&b, 'x', "13 size=1024\n"); th (&b, "fifo", '6', 0, NULL, 0);
  tend (&b);
  refused (&b, "a device or FIFO entry with data", "pax size on a FIFO");
  START; th (&b, "g", 'g', 0, NULL, 0); tend (&b);
  refused (&b, "unsupported entry type", "global pax header");
  START; th (&b, "s", 'S', 0, NULL, 0); tend (&b);
  refused (&b, "unsupported entry type", "GNU sparse entry");
  START; th (&b, "v", 'V', 0, NULL, 0); tend (&b);
  refused (&b, "unsupported entry type", "volume label");
  big = malloc (2 * 1024 * 1024);
  memset (big, 'L', 2 * 1024 * 1024 - 1);
  big[2 * 1024 * 1024 - 1] = '\0';
  START; tmeta (&b, 'L', big); th (&b, "f", '0', 0, NULL, 0); tend (&b);
  refused (&b, "long-name or pax header too large", "a 2 MiB long name");
  free (big);
  START; memcpy (raw, "77777777777", 12);
  th (&b, "././@LongLink", 'K', 0, raw, 0); tend (&b);
  refused (&b, "long-name or pax header too large", "a long link of 8 GiB");
  START; tmeta (&b, 'x', "99 path=x\n"); th (&b, "f", '0', 0, NULL, 0);
  tend (&b);
  refused (&b, "malformed pax header", "pax record longer than the header");
  START; tmeta (&b, 'x', "11 size=1x\n"); th (&b, "f", '0', 0, NULL, 0);
  tend (&b);
  refused (&b, "malformed pax header", "pax size not a number");
  START; tmeta (&b, 'x', "29 size=99999999999999999999\n");
  th (&b, "f", '0', 0, NULL, 0); tend (&b);
  refused (&b, "malformed pax header", "pax size of 20 digits");
  START; tmeta (&b, 'x', "8 nokey\n"); th (&b, "f", '0', 0, NULL, 0);
  tend (&b);
  refused (&b, "malformed pax header", "pax record without '='");
  START; tmeta (&b, 'L', "name"); tend (&b);
  refused (&b, "long-name or pax header without an entry", "long name, then the end");
  START; th (&b, "f", '0', 100, NULL, 0);
  refused (&b, "truncated archive", "cut in the data");
  START; b.len -= 10;
  refused (&b, "truncated archive", "cut in the data padding");
  START; th (&b, "f", '0', 0, NULL, 0); b.len -= 100;
  refused (&b, "truncated archive", "cut in a header");
  START; tmeta (&b, 'L', "name");
  refused (&b, "truncated archive", "cut after a long name");
#undef START
  free (b.p);
}

/* Random byte and header-field mutations of the ordinary archive:
 * the filter must return and never pass a node header it parsed. */
static void
test_random (void)
{
  struct buf in = new_buf (), expect = new_buf (), o = new_buf ();
  struct tar_filter *f;
  unsigned seed = 12345;
  int i, j, accepted = 0, refusals = 0, stable = 1;

  ordinary (&in, &expect);
  for (i = 0; i < 20000; i++) {
    struct buf m = new_buf ();
    put (&m, in.p, in.len);
    for (j = 0; j < 1 + i % 4; j++) {
      seed = seed * 1103515245 + 12345;
      m.p[(seed >> 8) % m.len] = (unsigned char) (seed >> 20);
    }
    if (i % 3 == 0)           /* keep some headers valid */
      for (j = 0; j + BLK <= (int) m.len; j += BLK)
        if (m.p[j] && m.p[j + 257] == 'u')
          set_sum (m.p + j);
    if (trun (&m, 1 + i % 600, &o, &f) == 0) {
      /* Its output again: nothing more to drop, the same bytes. */
      struct buf again = new_buf ();
      struct tar_filter *f2;
      accepted++;
      stable &= trun (&o, 0, &again, &f2) == 0 &&
        tar_filter_nr_skipped (f2) == 0 && again.len == o.len &&
        memcmp (again.p, o.p, o.len) == 0;
      tar_filter_free (f2);
      free (again.p);
    }
    else
      refusals++;
    tar_filter_free (f);
    free (m.p);
  }
  printf ("# random: %d accepted, %d refused\n", accepted, refusals);
  ok (accepted + refusals == 20000, "20000 random mutations: no crash");
  ok (stable, "each accepted output passes again unchanged, no node left");
  free (in.p);
  free (expect.p);
  free (o.p);
}

int
main (void)
{
  test_ordinary ();
  test_meta ();
  test_hostile ();
  test_random ();
  return tap_done ();
}
