/* guestkit — the VMM's block layer: qcow2 images.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements opening a qcow2 image (versions 2 and 3): the
 * header is read and every field checked before anything is used, the
 * L1 table (and for a writable image the refcount table) is loaded
 * with a ceiling of C<QCOW2_MAX_TABLE> bytes, features we do not
 * implement are refused by name, and the backing file is opened when
 * the caller allows it.  A corrupt or dirty image, or one with
 * internal snapshots, opens read-only only.  The I/O paths are in
 * qcow2-read.c, qcow2-write.c and qcow2-alloc.c.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qcow2.h"

#define V2_HEADER_LEN 72
#define V3_HEADER_LEN 104
#define L2_CACHE_BYTES (32u << 20)
#define L2_CACHE_MAX 64
#define RB_CACHE_BYTES (8u << 20)
#define RB_CACHE_MAX 16

/* The message "PATH: FS…" into A's error buffer; returns -1. */
static int __attribute__((format (printf, 2, 3)))
bad (const struct bdev_format_args *a, const char *fs, ...)
{
  char msg[BDEV_ERRLEN];
  va_list ap;

  va_start (ap, fs);
  vsnprintf (msg, sizeof msg, fs, ap);
  va_end (ap);
  bdev_errorf (a->err, a->errlen, "%s: %s", a->path, msg);
  return -1;
}

static bool
aligned_offset (const struct qcow2 *s, uint64_t off)
{
  return (off & (s->cluster_size - 1)) == 0 && off < QCOW2_OFFSET_LIMIT;
}

/* The first cluster of the file (up to its end) into *HDR. */
static int
read_header (struct qcow2 *s, const struct bdev_format_args *a,
             uint8_t **hdr, uint64_t *have)
{
  uint8_t fixed[V2_HEADER_LEN];
  off_t end = lseek (s->fd, 0, SEEK_END);

  if (end == -1)
    return bad (a, "%s", strerror (errno));
  s->file_size = end;
  if (s->file_size < V2_HEADER_LEN ||
      bdev_pread_full (s->fd, fixed, sizeof fixed, 0) == -1)
    return bad (a, "file too short for a qcow2 header");
  if (qcow2_be32 (fixed) != QCOW2_MAGIC)
    return bad (a, "not a qcow2 image (bad magic)");
  s->version = qcow2_be32 (fixed + 4);
  if (s->version != 2 && s->version != 3)
    return bad (a, "qcow2 version %u is not supported (only 2 and 3)",
                s->version);
  s->cluster_bits = qcow2_be32 (fixed + 20);
  if (s->cluster_bits < QCOW2_MIN_CLUSTER_BITS ||
      s->cluster_bits > QCOW2_MAX_CLUSTER_BITS)
    return bad (a, "qcow2 cluster_bits %u is out of range (%d to %d)",
                s->cluster_bits, QCOW2_MIN_CLUSTER_BITS,
                QCOW2_MAX_CLUSTER_BITS);
  s->cluster_size = UINT64_C (1) << s->cluster_bits;
  s->l2_bits = s->cluster_bits - 3;
  *have = s->file_size < s->cluster_size ? s->file_size : s->cluster_size;
  *hdr = calloc (1, s->cluster_size);
  if (*hdr == NULL)
    return bad (a, "out of memory");
  if (bdev_pread_full (s->fd, *hdr, *have, 0) == -1)
    return bad (a, "cannot read the qcow2 header: %s", strerror (errno));
  return 0;
}

/* The version 3 fields: features, refcount order, header length,
 * compression type. */
static int
parse_v3 (struct qcow2 *s, const struct bdev_format_args *a,
          const uint8_t *h, uint64_t have)
{
  if (s->version == 2) {
    s->header_length = V2_HEADER_LEN;
    s->refcount_order = 4;
    return 0;
  }
  if (have < V3_HEADER_LEN)
    return bad (a, "file too short for a qcow2 version 3 header");
  s->incompat = qcow2_be64 (h + 72);
  s->autoclear = qcow2_be64 (h + 88);
  s->refcount_order = qcow2_be32 (h + 96);
  s->header_length = qcow2_be32 (h + 100);
  if (s->header_length < V3_HEADER_LEN || s->header_length % 8 != 0 ||
      s->header_length > have)
    return bad (a, "qcow2 header_length %u is invalid (a multiple of 8 "
                "from %d to %" PRIu64 ")", s->header_length, V3_HEADER_LEN,
                have);
  if (s->refcount_order > 6)
    return bad (a, "qcow2 refcount_order %u is invalid (at most 6)",
                s->refcount_order);
  s->compression = s->header_length > V3_HEADER_LEN ? h[104] : 0;
  return 0;
}

/* Size, encryption, L1 table, refcount table, snapshots. */
static int
parse_tables (struct qcow2 *s, const struct bdev_format_args *a,
              const uint8_t *h)
{
  uint64_t per_l2 = s->cluster_size << s->l2_bits, need;
  uint64_t rt_clusters = qcow2_be32 (h + 56);

  s->size = qcow2_be64 (h + 24);
  if (s->size > INT64_MAX)
    return bad (a, "qcow2 virtual size %" PRIu64 " is too large", s->size);
  if (qcow2_be32 (h + 32) != 0)
    return bad (a, "encrypted qcow2 images are not supported");
  s->l1_size = qcow2_be32 (h + 36);
  s->l1_offset = qcow2_be64 (h + 40);
  need = s->size / per_l2 + (s->size % per_l2 != 0);
  if ((uint64_t) s->l1_size * 8 > QCOW2_MAX_TABLE)
    return bad (a, "qcow2 L1 table of %" PRIu32 " entries is too large "
                "(limit %u MiB)", s->l1_size, QCOW2_MAX_TABLE >> 20);
  if (s->l1_size < need)
    return bad (a, "qcow2 L1 table of %" PRIu32 " entries is too small for "
                "the virtual size", s->l1_size);
  if (s->l1_size > 0 && (s->l1_offset == 0 ||
                         !aligned_offset (s, s->l1_offset)))
    return bad (a, "qcow2 L1 table offset %#" PRIx64 " is invalid "
                "(unaligned or out of range)", s->l1_offset);
  s->rt_offset = qcow2_be64 (h + 48);
  if (rt_clusters == 0 || rt_clusters * s->cluster_size > QCOW2_MAX_TABLE)
    return bad (a, "qcow2 refcount table of %" PRIu64 " clusters is invalid "
                "(1 to %u MiB)", rt_clusters, QCOW2_MAX_TABLE >> 20);
  s->rt_clusters = rt_clusters;
  if (s->rt_offset == 0 || !aligned_offset (s, s->rt_offset))
    return bad (a, "qcow2 refcount table offset %#" PRIx64 " is invalid "
                "(unaligned or out of range)", s->rt_offset);
  s->nb_snapshots = qcow2_be32 (h + 60);
  if (s->nb_snapshots > QCOW2_MAX_SNAPSHOTS)
    return bad (a, "qcow2 snapshot count %" PRIu32 " is too large",
                s->nb_snapshots);
  if (s->nb_snapshots > 0 && !aligned_offset (s, qcow2_be64 (h + 64)))
    return bad (a, "qcow2 snapshot table offset %#" PRIx64 " is invalid",
                qcow2_be64 (h + 64));
  return 0;
}

/* The backing file name (if any) and the header extensions. */
static int
parse_names (struct qcow2 *s, const struct bdev_format_args *a,
             const uint8_t *h, uint64_t have)
{
  uint64_t boff = qcow2_be64 (h + 8), ext_end = have;
  uint32_t blen = qcow2_be32 (h + 16);

  if (boff != 0) {
    if (blen == 0 || blen > QCOW2_MAX_BACKING_NAME)
      return bad (a, "qcow2 backing file name length %" PRIu32 " is invalid "
                  "(1 to %d)", blen, QCOW2_MAX_BACKING_NAME);
    if (boff < s->header_length || boff > have || blen > have - boff)
      return bad (a, "qcow2 backing file name (offset %#" PRIx64 ") lies "
                  "outside the header cluster", boff);
    if (memchr (h + boff, 0, blen) != NULL)
      return bad (a, "qcow2 backing file name contains a NUL byte");
    memcpy (s->backing_name, h + boff, blen);
    s->backing_name[blen] = '\0';
    ext_end = boff;
  }
  return qcow2_parse_extensions (s, h, ext_end, a->path, a->err, a->errlen);
}

/* Refuse features we do not implement, naming them. */
static int
check_features (struct qcow2 *s, const struct bdev_format_args *a)
{
  uint64_t unknown = s->incompat & ~QCOW2_INCOMPAT_KNOWN;
  char list[160] = "";
  size_t n = 0;
  int bit;

  for (bit = 0; unknown && bit < 64 && n < sizeof list - 60; bit++)
    if (unknown & (UINT64_C (1) << bit))
      n += snprintf (list + n, sizeof list - n, "%sbit %d%s%s%s",
                     n ? ", " : "", bit, s->feature_names[bit][0] ? " (" : "",
                     s->feature_names[bit],
                     s->feature_names[bit][0] ? ")" : "");
  if (unknown)
    return bad (a, "unknown qcow2 incompatible features: %s", list);
  if ((s->incompat & QCOW2_INCOMPAT_DATA_FILE) || s->has_data_file_ext)
    return bad (a, "qcow2 external data files are not supported");
  if (s->incompat & QCOW2_INCOMPAT_EXTL2)
    return bad (a, "qcow2 extended L2 entries are not supported");
  if (!(s->incompat & QCOW2_INCOMPAT_COMPRESSION) && s->compression != 0)
    return bad (a, "qcow2 compression type %u is set without its feature "
                "bit", s->compression);
  if ((s->incompat & QCOW2_INCOMPAT_COMPRESSION) && s->compression == 0)
    return bad (a, "qcow2 compression type feature bit is set but the "
                "compression type is zlib or absent");
  if (s->compression > 1)
    return bad (a, "qcow2 compression type %u is not supported (0 zlib, "
                "1 zstd)", s->compression);
  return 0;
}

/* States that allow reading only. */
static int
check_writable (struct qcow2 *s, const struct bdev_format_args *a)
{
  if (!s->writable)
    return 0;
  if (s->incompat & QCOW2_INCOMPAT_CORRUPT)
    return bad (a, "the qcow2 image is marked corrupt: it can only be "
                "opened read-only (repair it with qemu-img check -r all)");
  if (s->incompat & QCOW2_INCOMPAT_DIRTY)
    return bad (a, "the qcow2 image has the dirty bit set (lazy refcounts): "
                "it is read-only until repaired with qemu-img check -r all");
  if (s->nb_snapshots > 0)
    return bad (a, "the qcow2 image has %" PRIu32 " internal snapshots: "
                "writing it is not supported, open it read-only",
                s->nb_snapshots);
  return 0;
}

/* A big-endian table of N entries at OFF into a new host-order array. */
static uint64_t *
load_table (int fd, uint64_t off, uint64_t n)
{
  uint64_t *t = malloc (n ? n * 8 : 8), i;

  if (t == NULL)
    return NULL;
  if (bdev_pread_full (fd, t, n * 8, off) == -1) {
    free (t);
    return NULL;
  }
  for (i = 0; i < n; i++)
    t[i] = qcow2_be64 ((const uint8_t *) &t[i]);
  return t;
}

static int
load_tables (struct qcow2 *s, const struct bdev_format_args *a)
{
  unsigned l2n = L2_CACHE_BYTES >> s->cluster_bits;
  unsigned rbn = RB_CACHE_BYTES >> s->cluster_bits;

  s->l1 = load_table (s->fd, s->l1_offset, s->l1_size);
  if (s->l1 == NULL)
    return bad (a, "cannot read the qcow2 L1 table: %s", strerror (errno));
  s->l1_dirty_lo = UINT32_MAX;
  s->rt_dirty_lo = UINT64_MAX;
  if (qcow2_cache_init (&s->l2c, l2n > L2_CACHE_MAX ? L2_CACHE_MAX : l2n,
                        s->cluster_size, true) == -1)
    return bad (a, "out of memory");
  if (!s->writable)
    return 0;
  s->rb_bits = s->cluster_bits + 3 - s->refcount_order;
  s->rt_entries = (uint64_t) s->rt_clusters << (s->cluster_bits - 3);
  s->rt = load_table (s->fd, s->rt_offset, s->rt_entries);
  if (s->rt == NULL)
    return bad (a, "cannot read the qcow2 refcount table: %s",
                strerror (errno));
  if (qcow2_cache_init (&s->rbc, rbn > RB_CACHE_MAX ? RB_CACHE_MAX : rbn,
                        s->cluster_size, false) == -1 ||
      (s->wbuf = malloc (s->cluster_size)) == NULL)
    return bad (a, "out of memory");
  s->free_hint = (s->file_size + s->cluster_size - 1) >> s->cluster_bits;
  return 0;
}

/* Writing an image with unknown auto-clear bits clears them first. */
static int
clear_autoclear (struct qcow2 *s, const struct bdev_format_args *a)
{
  uint8_t zero[8] = { 0 };

  if (!s->writable || s->autoclear == 0)
    return 0;
  if (bdev_pwrite_full (s->fd, zero, 8, 88) == -1 || qcow2_sync (s) == -1)
    return bad (a, "cannot update the qcow2 header: %s", strerror (errno));
  s->autoclear = 0;
  return 0;
}

static int
open_backing (struct qcow2 *s, const struct bdev_format_args *a)
{
  if (s->backing_name[0] == '\0')
    return 0;
  if (!a->allow_backing)
    return bad (a, "probed as qcow2 with a backing file (%.64s); give the "
                "format explicitly to use it", s->backing_name);
  s->backing = bdev_open_backing (a->path, s->backing_name,
                                  s->backing_fmt[0] ? s->backing_fmt : NULL,
                                  a->depth + 1, a->err, a->errlen);
  return s->backing ? 0 : -1;
}

/* Free S and everything it holds; the fd is closed. */
static void
qcow2_free_state (struct qcow2 *s)
{
  if (s == NULL)
    return;
  bdev_close (s->backing);
  qcow2_cache_free (&s->l2c);
  qcow2_cache_free (&s->rbc);
  qcow2_decomp_free (s);
  free (s->l1);
  free (s->rt);
  free (s->wbuf);
  qcow2_alloc_free (s);
  if (s->fd >= 0)
    close (s->fd);
  free (s);
}

static int
qcow2_flush (struct bdev *bs)
{
  return qcow2_flush_meta (bs->priv);
}

static void
qcow2_close (struct bdev *bs)
{
  struct qcow2 *s = bs->priv;

  if (s->writable && !s->broken)
    qcow2_flush_meta (s);
  qcow2_free_state (s);
  bdev_free (bs);
}

static const struct bdev_ops qcow2_ops = {
  .read = qcow2_read,
  .write = qcow2_write,
  .discard = qcow2_discard,
  .flush = qcow2_flush,
  .close = qcow2_close,
};

/* Read and check everything the image says before using any of it. */
static int
qcow2_setup (struct qcow2 *s, const struct bdev_format_args *a)
{
  uint8_t *h = NULL;
  uint64_t have = 0;
  int r;

  r = read_header (s, a, &h, &have);
  if (r == 0)
    r = parse_v3 (s, a, h, have);
  if (r == 0)
    r = parse_tables (s, a, h);
  if (r == 0)
    r = parse_names (s, a, h, have);
  free (h);
  if (r == 0)
    r = check_features (s, a);
  if (r == 0)
    r = check_writable (s, a);
  if (r == 0)
    r = load_tables (s, a);
  if (r == 0)
    r = clear_autoclear (s, a);
  if (r == 0)
    r = open_backing (s, a);
  return r;
}

/**
 * Open the qcow2 image on A->fd (taken over).  Returns the bdev, or
 * NULL with A->err set and the fd closed.
 */
struct bdev *
qcow2_open (const struct bdev_format_args *a)
{
  struct qcow2 *s = calloc (1, sizeof *s);
  struct bdev *bs;

  if (s == NULL) {
    close (a->fd);
    bad (a, "out of memory");
    return NULL;
  }
  s->fd = a->fd;
  s->writable = !a->readonly;
  if (qcow2_setup (s, a) == -1) {
    qcow2_free_state (s);
    return NULL;
  }
  bs = bdev_new (&qcow2_ops, "qcow2", a->path, s->size, a->readonly, s);
  if (bs == NULL) {
    bad (a, "out of memory");
    qcow2_free_state (s);
  }
  return bs;
}
