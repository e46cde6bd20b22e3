/* guestkit — the VMM's block layer: qcow2 reads.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the qcow2 cluster map and the read path: a
 * guest offset goes through the L1 table (in memory) and an L2 table
 * (cached) to a cluster descriptor that says unallocated (read from
 * the backing file, or zeros), zero, standard (read from the image) or
 * compressed (deflate or zstd, decompressed into a one-cluster
 * buffer).  Runs of clusters that are contiguous in the image, or all
 * unallocated, are read with one call.
 *
 * Hostile images: every table and data offset is checked for
 * alignment and range before use; a read past the end of the image is
 * EIO; decompression reads at most the bytes the descriptor names and
 * must produce exactly one cluster, else EIO.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "qcow2.h"

#define ZSTD_WINDOW_LOG_MAX 22  /* 4 MiB: twice the largest cluster */

/**
 * The kind of cluster that L2 entry ENTRY describes.
 */
enum qcow2_kind
qcow2_classify (const struct qcow2 *s, uint64_t entry)
{
  if (entry & QCOW2_COMPRESSED)
    return Q2_COMPRESSED;
  if (s->version >= 3 && (entry & QCOW2_ZERO))
    return Q2_ZERO;
  if ((entry & (QCOW2_OFFSET_MASK | QCOW2_COPIED)) == 0)
    return Q2_UNALLOC;
  return Q2_NORMAL;
}

/**
 * The host offset of the standard cluster ENTRY into *HOST; -1 with
 * errno EIO if it is zero (the header), unaligned or out of range.
 */
int
qcow2_host_offset (const struct qcow2 *s, uint64_t entry, uint64_t *host)
{
  uint64_t off = entry & QCOW2_OFFSET_MASK;

  if (off == 0 || (off & (s->cluster_size - 1)) != 0) {
    errno = EIO;
    return -1;
  }
  *host = off;
  return 0;
}

/**
 * The L2 entry of guest cluster VCLUSTER into *ENTRY (0 when its L2
 * table is not allocated).  Returns 0, or -1 with errno set (EIO for
 * a bad L2 table offset or one past the end of the image).
 */
int
qcow2_l2_entry (struct qcow2 *s, uint64_t vcluster, uint64_t *entry)
{
  uint64_t i1 = vcluster >> s->l2_bits, l2off;
  struct qcow2_centry *e;

  if (i1 >= s->l1_size) {
    errno = EIO;
    return -1;
  }
  l2off = s->l1[i1] & QCOW2_OFFSET_MASK;
  if (l2off == 0) {
    *entry = 0;
    return 0;
  }
  if ((l2off & (s->cluster_size - 1)) != 0) {
    errno = EIO;
    return -1;
  }
  e = qcow2_cache_get (s, &s->l2c, l2off, false);
  if (e == NULL)
    return -1;
  *entry = qcow2_be64 (e->buf + 8 * (vcluster & ((UINT64_C (1) << s->l2_bits) - 1)));
  return 0;
}

/* LEN bytes of cluster data at HOST.  The image may end inside its
 * last cluster (the rest reads as zeros); a cluster that starts at or
 * past the end of the file is EIO. */
static int
read_data (struct qcow2 *s, uint8_t *buf, uint64_t len, uint64_t host)
{
  int64_t got = bdev_pread_upto (s->fd, buf, len, host);
  uint64_t end, tail;

  if (got == -1)
    return -1;
  if ((uint64_t) got == len)
    return 0;
  end = host + got;
  tail = ((end + s->cluster_size - 1) & ~(s->cluster_size - 1)) - end;
  if (len - got > tail) {
    errno = EIO;
    return -1;
  }
  memset (buf + got, 0, len - got);
  return 0;
}

/**
 * The host byte range of compressed cluster ENTRY: OFF (not aligned)
 * and LEN (the sectors it names, at most two clusters).  Returns -1
 * with errno EIO for an offset inside the header cluster.
 */
int
qcow2_compressed_range (const struct qcow2 *s, uint64_t entry,
                        uint64_t *off, uint64_t *len)
{
  unsigned x = 62 - (s->cluster_bits - 8);
  uint64_t host = entry & ((UINT64_C (1) << x) - 1);
  uint64_t nsect = (entry >> x) & ((UINT64_C (1) << (62 - x)) - 1);

  if (host < s->cluster_size || host >= QCOW2_OFFSET_LIMIT) {
    errno = EIO;
    return -1;
  }
  *off = host;
  *len = (nsect + 1) * 512 - (host & 511);
  return 0;
}

static int
inflate_cluster (struct qcow2 *s, uint64_t n)
{
  z_stream *z = s->zlib;

  if (z == NULL) {
    z = calloc (1, sizeof *z);
    if (z == NULL || inflateInit2 (z, -15) != Z_OK) {
      free (z);
      errno = ENOMEM;
      return -1;
    }
    s->zlib = z;
  }
  if (inflateReset (z) != Z_OK)
    return -1;
  z->next_in = s->cbuf;
  z->avail_in = n;
  z->next_out = s->dbuf;
  z->avail_out = s->cluster_size;
  switch (inflate (z, Z_FINISH)) {
  case Z_STREAM_END:
  case Z_BUF_ERROR:
    return z->avail_out == 0 ? 0 : -1;
  default:
    return -1;
  }
}

static int
zstd_cluster (struct qcow2 *s, uint64_t n)
{
  ZSTD_inBuffer in = { s->cbuf, n, 0 };
  ZSTD_outBuffer out = { s->dbuf, s->cluster_size, 0 };

  if (s->zstd == NULL) {
    s->zstd = ZSTD_createDCtx ();
    if (s->zstd == NULL)
      return -1;
    if (ZSTD_isError (ZSTD_DCtx_setParameter (s->zstd, ZSTD_d_windowLogMax,
                                              ZSTD_WINDOW_LOG_MAX))) {
      ZSTD_freeDCtx (s->zstd);
      s->zstd = NULL;
      return -1;
    }
  }
  ZSTD_DCtx_reset (s->zstd, ZSTD_reset_session_only);
  while (out.pos < out.size) {
    size_t in_pos = in.pos, out_pos = out.pos;
    size_t r = ZSTD_decompressStream (s->zstd, &out, &in);

    if (ZSTD_isError (r))
      return -1;
    if (r == 0 || (in.pos == in_pos && out.pos == out_pos))
      break;
  }
  return out.pos == out.size ? 0 : -1;
}

/* Decompress cluster ENTRY into s->dbuf (kept for the next read of
 * the same cluster).  EIO for garbage. */
static int
decompress (struct qcow2 *s, uint64_t entry)
{
  uint64_t off, len;
  int64_t got;

  if (s->dbuf_valid && s->dbuf_entry == entry)
    return 0;
  if (s->cbuf == NULL && (s->cbuf = malloc (2 * s->cluster_size)) == NULL)
    return -1;
  if (s->dbuf == NULL && (s->dbuf = malloc (s->cluster_size)) == NULL)
    return -1;
  s->dbuf_valid = false;
  if (qcow2_compressed_range (s, entry, &off, &len) == -1 ||
      (got = bdev_pread_upto (s->fd, s->cbuf, len, off)) == -1)
    return -1;
  if (got == 0 ||
      (s->compression == 0 ? inflate_cluster (s, got)
       : zstd_cluster (s, got)) == -1) {
    errno = EIO;
    return -1;
  }
  s->dbuf_entry = entry;
  s->dbuf_valid = true;
  return 0;
}

/**
 * The whole of guest cluster VCLUSTER, described by ENTRY, into BUF
 * (one cluster).  Returns 0 or -1 with errno set.
 */
int
qcow2_read_cluster (struct qcow2 *s, uint64_t entry, uint64_t vcluster,
                    uint8_t *buf)
{
  uint64_t host;

  switch (qcow2_classify (s, entry)) {
  case Q2_UNALLOC:
    return bdev_read_backing (s->backing, buf, s->cluster_size,
                              vcluster << s->cluster_bits);
  case Q2_ZERO:
    memset (buf, 0, s->cluster_size);
    return 0;
  case Q2_COMPRESSED:
    if (decompress (s, entry) == -1)
      return -1;
    memcpy (buf, s->dbuf, s->cluster_size);
    return 0;
  case Q2_NORMAL:
  default:
    if (qcow2_host_offset (s, entry, &host) == -1)
      return -1;
    return read_data (s, buf, s->cluster_size, host);
  }
}

/* A run of guest bytes read with one call. */
struct run {
  enum qcow2_kind kind;
  uint8_t *dst;
  uint64_t voff, host, len;
};

static int
run_issue (struct qcow2 *s, struct run *r)
{
  int rv = 0;

  if (r->len == 0)
    return 0;
  if (r->kind == Q2_UNALLOC)
    rv = bdev_read_backing (s->backing, r->dst, r->len, r->voff);
  else if (r->kind == Q2_ZERO)
    memset (r->dst, 0, r->len);
  else
    rv = read_data (s, r->dst, r->len, r->host);
  r->len = 0;
  return rv;
}

/* Add N bytes of cluster ENTRY at guest offset OFF (O into the
 * cluster) to the run R, issuing R first if they do not continue it. */
static int
run_add (struct qcow2 *s, struct run *r, uint64_t entry, uint8_t *dst,
         uint64_t n, uint64_t off)
{
  enum qcow2_kind k = qcow2_classify (s, entry);
  uint64_t o = off & (s->cluster_size - 1), host = 0;

  if (k == Q2_NORMAL) {
    if (qcow2_host_offset (s, entry, &host) == -1)
      return -1;
    host += o;
  }
  if (r->len > 0 && k == r->kind && k != Q2_COMPRESSED &&
      (k != Q2_NORMAL || r->host + r->len == host)) {
    r->len += n;
    return 0;
  }
  if (run_issue (s, r) == -1)
    return -1;
  if (k == Q2_COMPRESSED) {
    if (decompress (s, entry) == -1)
      return -1;
    memcpy (dst, s->dbuf + o, n);
    return 0;
  }
  *r = (struct run) { .kind = k, .dst = dst, .voff = off, .host = host,
                      .len = n };
  return 0;
}

/**
 * The read op: LEN bytes at guest offset OFF into BUF.
 */
int
qcow2_read (struct bdev *bs, void *buf, uint64_t len, uint64_t off)
{
  struct qcow2 *s = bs->priv;
  struct run r = { .len = 0 };
  uint8_t *p = buf;

  while (len > 0) {
    uint64_t o = off & (s->cluster_size - 1), entry;
    uint64_t n = s->cluster_size - o < len ? s->cluster_size - o : len;

    if (qcow2_l2_entry (s, off >> s->cluster_bits, &entry) == -1 ||
        run_add (s, &r, entry, p, n, off) == -1)
      return -1;
    p += n;
    off += n;
    len -= n;
  }
  return run_issue (s, &r);
}

/**
 * Free the decompression state and buffers.
 */
void
qcow2_decomp_free (struct qcow2 *s)
{
  if (s->zlib) {
    inflateEnd (s->zlib);
    free (s->zlib);
  }
  ZSTD_freeDCtx (s->zstd);
  free (s->cbuf);
  free (s->dbuf);
}
