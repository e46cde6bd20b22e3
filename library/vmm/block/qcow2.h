/* guestkit — the VMM's block layer: qcow2 internals.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * The state of one open qcow2 image, shared by the qcow2*.c files:
 * qcow2.c (open, header checks, ops), qcow2-ext.c (header extensions),
 * qcow2-cache.c (the L2 and refcount block caches), qcow2-read.c (the
 * cluster map, reads, decompression), qcow2-write.c (writes, discard),
 * qcow2-alloc.c (refcounts, allocation) and qcow2-flush.c (the order
 * in which metadata reaches the disk).
 *
 * Numbers in the image are big-endian; the L1 and refcount tables are
 * kept in memory in host order, L2 tables and refcount blocks are kept
 * in the caches as on disk.
 */

#ifndef GUESTKIT_VMM_QCOW2_H
#define GUESTKIT_VMM_QCOW2_H

#include <stdbool.h>
#include <stdint.h>

#include "block.h"

#define QCOW2_MAGIC 0x514649fbU
#define QCOW2_MIN_CLUSTER_BITS 9
#define QCOW2_MAX_CLUSTER_BITS 21
#define QCOW2_MAX_TABLE (32u << 20)     /* L1 / refcount table in memory */
#define QCOW2_MAX_BACKING_NAME 1023
#define QCOW2_MAX_SNAPSHOTS 65536
#define QCOW2_OFFSET_LIMIT (UINT64_C (1) << 56)

/* Incompatible feature bits. */
#define QCOW2_INCOMPAT_DIRTY (UINT64_C (1) << 0)
#define QCOW2_INCOMPAT_CORRUPT (UINT64_C (1) << 1)
#define QCOW2_INCOMPAT_DATA_FILE (UINT64_C (1) << 2)
#define QCOW2_INCOMPAT_COMPRESSION (UINT64_C (1) << 3)
#define QCOW2_INCOMPAT_EXTL2 (UINT64_C (1) << 4)
#define QCOW2_INCOMPAT_KNOWN (UINT64_C (0x1f))

/* L1/L2 entry bits. */
#define QCOW2_COPIED (UINT64_C (1) << 63)
#define QCOW2_COMPRESSED (UINT64_C (1) << 62)
#define QCOW2_ZERO (UINT64_C (1))
#define QCOW2_OFFSET_MASK UINT64_C (0x00fffffffffffe00)

enum qcow2_kind { Q2_UNALLOC, Q2_ZERO, Q2_NORMAL, Q2_COMPRESSED };

/* One cached table (an L2 table or a refcount block): one cluster. */
struct qcow2_centry {
  uint64_t off;                 /* host offset; 0: slot unused */
  uint8_t *buf;
  uint64_t used;                /* LRU stamp */
  bool dirty;                   /* differs from the disk */
  bool fresh;                   /* newly allocated: nothing on disk uses it */
};

struct qcow2_cache {
  struct qcow2_centry *e;
  unsigned n;
  uint64_t tick;
  bool is_l2;                   /* dirty L2 tables need a flush to evict */
};

/* A host range whose references were dropped: its refcounts go down
 * once the metadata that dropped them is on disk. */
struct qcow2_free {
  uint64_t off, len;
};

struct qcow2 {
  int fd;
  bool writable;
  bool broken;                  /* a metadata write failed: no more writes */
  unsigned version;
  unsigned cluster_bits;
  uint64_t cluster_size;
  unsigned l2_bits;             /* log2 of entries per L2 table */
  uint64_t size;
  uint64_t file_size;           /* at open */
  uint64_t incompat, autoclear;
  unsigned header_length;
  unsigned compression;         /* 0 deflate, 1 zstd */
  uint32_t nb_snapshots;

  uint64_t *l1;                 /* host order */
  uint32_t l1_size;
  uint64_t l1_offset;
  uint32_t l1_dirty_lo, l1_dirty_hi;    /* [lo, hi) to write back */

  uint64_t *rt;                 /* refcount table, host order (writable) */
  uint64_t rt_entries;
  uint64_t rt_offset;
  uint32_t rt_clusters;
  uint64_t rt_dirty_lo, rt_dirty_hi;
  unsigned refcount_order;
  unsigned rb_bits;             /* log2 of entries per refcount block */

  struct qcow2_cache l2c, rbc;

  /* Decompression: the input buffer, the last cluster decompressed. */
  uint8_t *cbuf, *dbuf;
  uint64_t dbuf_entry;
  bool dbuf_valid;
  void *zlib, *zstd;

  /* Writing. */
  uint8_t *wbuf;                /* one cluster for copy-on-write */
  uint64_t free_hint;           /* cluster index where a search starts */
  struct qcow2_free *frees;
  size_t nfrees, frees_cap;
  uint64_t *reuse;              /* freed clusters to allocate again */
  size_t nreuse;

  struct bdev *backing;
  char backing_name[QCOW2_MAX_BACKING_NAME + 1];
  char backing_fmt[32];
  bool has_data_file_ext;
  char feature_names[64][47];   /* incompatible feature names, if given */
};

/* Big-endian access. */
static inline uint64_t
qcow2_be64 (const uint8_t *p)
{
  return (uint64_t) p[0] << 56 | (uint64_t) p[1] << 48 |
    (uint64_t) p[2] << 40 | (uint64_t) p[3] << 32 | (uint64_t) p[4] << 24 |
    (uint64_t) p[5] << 16 | (uint64_t) p[6] << 8 | p[7];
}

static inline uint32_t
qcow2_be32 (const uint8_t *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 |
    (uint32_t) p[2] << 8 | p[3];
}

static inline void
qcow2_put64 (uint8_t *p, uint64_t v)
{
  int i;

  for (i = 7; i >= 0; i--, v >>= 8)
    p[i] = v & 0xff;
}

/* qcow2-ext.c */
int qcow2_parse_extensions (struct qcow2 *s, const uint8_t *hdr,
                            uint64_t end, const char *path,
                            char *err, size_t errlen);

/* qcow2-cache.c */
int qcow2_cache_init (struct qcow2_cache *c, unsigned n, uint64_t csize,
                      bool is_l2);
void qcow2_cache_free (struct qcow2_cache *c);
struct qcow2_centry *qcow2_cache_get (struct qcow2 *s, struct qcow2_cache *c,
                                      uint64_t off, bool fresh);
int qcow2_cache_write (struct qcow2 *s, struct qcow2_centry *e);
int qcow2_cache_writeback (struct qcow2 *s, struct qcow2_cache *c,
                           int fresh);

/* qcow2-read.c */
enum qcow2_kind qcow2_classify (const struct qcow2 *s, uint64_t entry);
int qcow2_l2_entry (struct qcow2 *s, uint64_t vcluster, uint64_t *entry);
int qcow2_host_offset (const struct qcow2 *s, uint64_t entry,
                       uint64_t *host);
int qcow2_read_cluster (struct qcow2 *s, uint64_t entry, uint64_t vcluster,
                        uint8_t *buf);
int qcow2_compressed_range (const struct qcow2 *s, uint64_t entry,
                            uint64_t *off, uint64_t *len);
int qcow2_read (struct bdev *bs, void *buf, uint64_t len, uint64_t off);
void qcow2_decomp_free (struct qcow2 *s);

/* qcow2-write.c */
int qcow2_write (struct bdev *bs, const void *buf, uint64_t len,
                 uint64_t off);
int qcow2_discard (struct bdev *bs, uint64_t off, uint64_t len);

/* qcow2-alloc.c */
int qcow2_refcount (struct qcow2 *s, uint64_t cluster, uint64_t *rc);
int qcow2_alloc (struct qcow2 *s, uint64_t *host);
int qcow2_unref (struct qcow2 *s, uint64_t off, uint64_t len);

/* qcow2-flush.c */
int qcow2_defer_free (struct qcow2 *s, uint64_t off, uint64_t len);
int qcow2_flush_meta (struct qcow2 *s);
int qcow2_sync (struct qcow2 *s);
void qcow2_alloc_free (struct qcow2 *s);

#endif /* GUESTKIT_VMM_QCOW2_H */
