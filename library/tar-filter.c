/* guestkit — libguestfs-compatible library.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the copy-out tar filter (see tar-filter.h).
 *
 * The archive comes from the appliance, so it is hostile.  Entries of
 * type 3, 4 and 6 (character device, block device, FIFO) are dropped
 * with the GNU long-name ('L', 'K') and pax ('x') headers before
 * them; everything else passes unchanged.  To be sure the host tar
 * sees the same entry boundaries as this filter, anything it might
 * read differently is refused: a bad header checksum, a size field
 * that is not plain octal or positive base-256, a size on a link,
 * directory or node, a pax "size" that does not parse, global pax
 * headers, sparse and other rare entry types.  After the first zero
 * block (the end for GNU tar) two zero blocks are sent and the rest
 * is dropped.
 */

#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tar-filter.h"

#define BLOCK 512
#define OBUF_SIZE (64 * 1024)
#define META_MAX (1024 * 1024)          /* one 'L', 'K' or 'x' entry */
#define PENDING_MAX (4 * 1024 * 1024)   /* all of them before an entry */
#define SIZE_LIMIT (UINT64_C (1) << 62)
#define SKIPPED_MAX 1024
#define NAME_MAX_KEPT 256

enum state { ST_HEADER, ST_DATA, ST_META, ST_END, ST_ERROR };

struct tar_filter {
  tar_filter_out_fn out;
  void *opaque;
  enum state state;
  unsigned char blk[BLOCK];
  size_t blen;                  /* bytes in blk */
  uint64_t remaining;           /* data blocks left in this entry */
  unsigned char obuf[OBUF_SIZE];
  size_t olen;
  unsigned char *pending;       /* the meta headers and their data */
  size_t plen;
  char meta_type;
  uint64_t meta_size;           /* bytes of the current meta's data */
  size_t meta_start;            /* where its data starts in pending */
  bool pax_size_set;
  uint64_t pax_size;
  char name[NAME_MAX_KEPT + 1]; /* from 'L' or pax path, "" if none */
  bool name_slash;              /* that name ends with '/' */
  const char *error;
  bool out_failed;
  size_t nr_skipped;
  char skipped[SKIPPED_MAX + 8];
  size_t slen;
};

struct tar_filter *
tar_filter_new (tar_filter_out_fn out, void *opaque)
{
  struct tar_filter *f = calloc (1, sizeof *f);

  if (f) {
    f->out = out;
    f->opaque = opaque;
  }
  return f;
}

void
tar_filter_free (struct tar_filter *f)
{
  if (f) {
    free (f->pending);
    free (f);
  }
}

static int
fail (struct tar_filter *f, const char *why)
{
  if (f->state != ST_ERROR)
    f->error = why;
  f->state = ST_ERROR;
  return -1;
}

static int
flush (struct tar_filter *f)
{
  if (f->olen > 0 && f->out (f->opaque, f->obuf, f->olen) == -1) {
    f->out_failed = true;
    return fail (f, "cannot write to the host tar");
  }
  f->olen = 0;
  return 0;
}

static int
emit (struct tar_filter *f, const unsigned char *buf, size_t len)
{
  size_t n;

  while (len > 0) {
    if (f->olen == OBUF_SIZE && flush (f) == -1)
      return -1;
    n = OBUF_SIZE - f->olen < len ? OBUF_SIZE - f->olen : len;
    memcpy (f->obuf + f->olen, buf, n);
    f->olen += n;
    buf += n;
    len -= n;
  }
  return 0;
}

/* An octal field as GNU tar reads it: leading spaces, at least one
 * digit, then the end of the field, a space or a NUL. */
static int
parse_octal (const unsigned char *p, size_t len, uint64_t *v)
{
  size_t i = 0, digits = 0;

  *v = 0;
  while (i < len && p[i] == ' ')
    i++;
  for (; i < len && p[i] >= '0' && p[i] <= '7'; i++, digits++)
    *v = *v * 8 + (p[i] - '0');         /* 12 digits at most: no overflow */
  if (digits == 0 || (i < len && p[i] != ' ' && p[i] != '\0'))
    return -1;
  return 0;
}

/* The size field: octal or positive base-256 (first byte 0x80). */
static int
parse_size (const unsigned char *p, uint64_t *v)
{
  size_t i;

  if (!(p[0] & 0x80))
    return parse_octal (p, 12, v);
  if (p[0] != 0x80)
    return -1;                          /* negative, or high bits */
  *v = 0;
  for (i = 1; i < 12; i++) {
    if (*v >= SIZE_LIMIT >> 8)
      return -1;
    *v = (*v << 8) | p[i];
  }
  return 0;
}

/* The checksum: 1 if H is a zero block (GNU's test: its sum with the
 * checksum field counted as spaces is 256), 0 if it matches, -1 if
 * not. */
static int
check_sum (const unsigned char *h)
{
  uint64_t recorded;
  unsigned usum = 0;
  int ssum = 0;
  size_t i;

  for (i = 0; i < BLOCK; i++) {
    unsigned char c = i >= 148 && i < 156 ? ' ' : h[i];
    usum += c;
    ssum += (signed char) c;
  }
  if (usum == 8 * ' ')
    return 1;
  if (parse_octal (h + 148, 8, &recorded) == -1)
    return -1;
  return recorded == usum || recorded == (uint64_t) (int64_t) ssum ? 0 : -1;
}

/* Append NAME (LEN bytes) to the skipped list, escaped. */
static void
note_skipped (struct tar_filter *f, const char *name, size_t len)
{
  size_t i;

  f->nr_skipped++;
  if (f->slen >= SKIPPED_MAX) {
    if (f->slen == SKIPPED_MAX)
      f->slen += (size_t) snprintf (f->skipped + f->slen, 8, ", ...");
    return;
  }
  if (f->slen > 0)
    f->slen += (size_t) snprintf (f->skipped + f->slen, 3, ", ");
  for (i = 0; i < len && name[i] && f->slen < SKIPPED_MAX; i++) {
    unsigned char c = name[i];
    if (c >= 0x20 && c < 0x7f && c != '\\')
      f->skipped[f->slen++] = c;
    else if (f->slen + 4 <= SKIPPED_MAX)
      f->slen += (size_t) snprintf (f->skipped + f->slen, 5, "\\x%02x", c);
    else
      f->slen = SKIPPED_MAX;
  }
  if (f->slen > SKIPPED_MAX)
    f->slen = SKIPPED_MAX;
  f->skipped[f->slen] = '\0';
}

/* Forget the metadata of the entry just handled. */
static void
reset_meta (struct tar_filter *f)
{
  f->plen = 0;
  f->pax_size_set = false;
  f->name[0] = '\0';
  f->name_slash = false;
}

static void
set_name (struct tar_filter *f, const char *s, size_t len)
{
  size_t n = len < NAME_MAX_KEPT ? len : NAME_MAX_KEPT;

  memcpy (f->name, s, n);
  f->name[n] = '\0';
  f->name_slash = len > 0 && s[len - 1] == '/';
}

/* One pax record's value for KEY (size, path); other keys pass. */
static int
pax_value (struct tar_filter *f, const char *key, size_t klen,
           const char *val, size_t vlen)
{
  uint64_t v = 0;
  size_t i;

  if (klen == 4 && memcmp (key, "path", 4) == 0)
    set_name (f, val, vlen);
  if (klen != 4 || memcmp (key, "size", 4) != 0)
    return 0;
  if (vlen == 0 || vlen > 19)
    return -1;
  for (i = 0; i < vlen; i++) {
    if (val[i] < '0' || val[i] > '9')
      return -1;
    v = v * 10 + (uint64_t) (val[i] - '0');
  }
  if (v >= SIZE_LIMIT)
    return -1;
  f->pax_size = v;
  f->pax_size_set = true;
  return 0;
}

/* Parse the records "LEN key=value\n" of a pax header. */
static int
parse_pax (struct tar_filter *f, const char *p, size_t len)
{
  size_t pos = 0, rlen, i;
  const char *eq;

  while (pos < len) {
    rlen = 0;
    for (i = pos; i < len && p[i] >= '0' && p[i] <= '9' && i - pos < 8; i++)
      rlen = rlen * 10 + (size_t) (p[i] - '0');
    if (i == pos || i >= len || p[i] != ' ' || rlen > len - pos ||
        rlen < i - pos + 3 || p[pos + rlen - 1] != '\n')
      return -1;
    eq = memchr (p + i + 1, '=', pos + rlen - 1 - (i + 1));
    if (!eq || eq == p + i + 1)
      return -1;
    if (pax_value (f, p + i + 1, (size_t) (eq - (p + i + 1)), eq + 1,
                   (size_t) (p + pos + rlen - 1 - (eq + 1))) == -1)
      return -1;
    pos += rlen;
  }
  return 0;
}

/* The data of an 'L', 'K' or 'x' entry is complete. */
static int
meta_done (struct tar_filter *f)
{
  const char *data = (const char *) f->pending + f->meta_start;
  size_t len = (size_t) f->meta_size;

  f->state = ST_HEADER;
  if (f->meta_type == 'L')
    set_name (f, data, strnlen (data, len));
  else if (f->meta_type == 'x' && parse_pax (f, data, len) == -1)
    return fail (f, "malformed pax header");
  return 0;
}

static int
start_meta (struct tar_filter *f, const unsigned char *h, uint64_t size)
{
  uint64_t blocks = (size + BLOCK - 1) / BLOCK;
  unsigned char *p;

  if (size > META_MAX || f->plen + BLOCK + blocks * BLOCK > PENDING_MAX)
    return fail (f, "long-name or pax header too large");
  p = realloc (f->pending, f->plen + BLOCK + blocks * BLOCK);
  if (!p)
    return fail (f, "out of memory");
  f->pending = p;
  memcpy (p + f->plen, h, BLOCK);
  f->plen += BLOCK;
  f->meta_type = (char) h[156];
  f->meta_size = size;
  f->meta_start = f->plen;
  f->remaining = blocks;
  if (blocks == 0)
    return meta_done (f);
  f->state = ST_META;
  return 0;
}

/* The name of the entry in header H, for the skipped list. */
static void
skip_entry (struct tar_filter *f, const unsigned char *h)
{
  char name[256 + 2];
  size_t n = 0;

  if (f->name[0]) {
    note_skipped (f, f->name, strlen (f->name));
    return;
  }
  if (memcmp (h + 257, "ustar", 5) == 0 && h[345]) {
    n = strnlen ((const char *) h + 345, 155);
    memcpy (name, h + 345, n);
    name[n++] = '/';
  }
  memcpy (name + n, h, strnlen ((const char *) h, 100));
  n += strnlen ((const char *) h, 100);
  note_skipped (f, name, n);
}

static int
header (struct tar_filter *f, const unsigned char *h)
{
  static const unsigned char zeros[2 * BLOCK];
  char type = (char) h[156];
  bool dir_name = f->name[0] ? f->name_slash
    : strnlen ((const char *) h, 100) > 0 &&
      h[strnlen ((const char *) h, 100) - 1] == '/';
  uint64_t size;
  int r = check_sum (h);

  if (r == 1) {
    if (f->plen > 0)
      return fail (f, "long-name or pax header without an entry");
    f->state = ST_END;
    return emit (f, zeros, sizeof zeros);
  }
  if (r == -1)
    return fail (f, "bad header checksum");
  if (parse_size (h + 124, &size) == -1 || size >= SIZE_LIMIT)
    return fail (f, "bad size field");
  if (type == 'L' || type == 'K' || type == 'x')
    return start_meta (f, h, size);
  if (f->pax_size_set)
    size = f->pax_size;
  if (type == '3' || type == '4' || type == '6') {
    if (size != 0)
      return fail (f, "a device or FIFO entry with data");
    skip_entry (f, h);
    reset_meta (f);
    return 0;
  }
  if ((type == '1' || type == '2' || type == '5' ||
       (type == '\0' && dir_name)) && size != 0)
    return fail (f, "a link or directory entry with data");
  if (type != '0' && type != '\0' && type != '7' && type != '1' &&
      type != '2' && type != '5')
    return fail (f, "unsupported entry type");
  if (emit (f, f->pending, f->plen) == -1 || emit (f, h, BLOCK) == -1)
    return -1;
  reset_meta (f);
  f->remaining = (size + BLOCK - 1) / BLOCK;
  if (f->remaining > 0)
    f->state = ST_DATA;
  return 0;
}

/* Handle the complete block f->blk. */
static int
block (struct tar_filter *f)
{
  f->blen = 0;
  switch (f->state) {
  case ST_HEADER:
    return header (f, f->blk);
  case ST_DATA:
    if (--f->remaining == 0)
      f->state = ST_HEADER;
    return emit (f, f->blk, BLOCK);
  case ST_META:
    memcpy (f->pending + f->plen, f->blk, BLOCK);
    f->plen += BLOCK;
    if (--f->remaining == 0)
      return meta_done (f);
    return 0;
  case ST_END:
    return 0;
  case ST_ERROR:
    return -1;
  }
  return -1;
}

int
tar_filter_feed (struct tar_filter *f, const void *buf, size_t len)
{
  const unsigned char *p = buf;
  size_t n;

  while (len > 0) {
    if (f->state == ST_ERROR)
      return -1;
    if (f->state == ST_END)
      return 0;
    if (f->state == ST_DATA && f->blen == 0 && len >= BLOCK) {
      /* Whole data blocks go straight through. */
      n = len / BLOCK < f->remaining ? len / BLOCK : (size_t) f->remaining;
      if (emit (f, p, n * BLOCK) == -1)
        return -1;
      f->remaining -= n;
      if (f->remaining == 0)
        f->state = ST_HEADER;
      p += n * BLOCK;
      len -= n * BLOCK;
      continue;
    }
    n = BLOCK - f->blen < len ? BLOCK - f->blen : len;
    memcpy (f->blk + f->blen, p, n);
    f->blen += n;
    p += n;
    len -= n;
    if (f->blen == BLOCK && block (f) == -1)
      return -1;
  }
  return f->state == ST_ERROR ? -1 : 0;
}

int
tar_filter_finish (struct tar_filter *f)
{
  if (f->state == ST_ERROR)
    return -1;
  if (f->state != ST_END &&
      (f->blen > 0 || f->state != ST_HEADER || f->plen > 0))
    return fail (f, "truncated archive");
  return flush (f);
}

const char *
tar_filter_error (const struct tar_filter *f)
{
  return f->error;
}

int
tar_filter_out_failed (const struct tar_filter *f)
{
  return f->out_failed;
}

size_t
tar_filter_nr_skipped (const struct tar_filter *f)
{
  return f->nr_skipped;
}

const char *
tar_filter_skipped (const struct tar_filter *f)
{
  return f->skipped;
}
