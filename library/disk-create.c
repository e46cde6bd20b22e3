/* guestkit — libguestfs-compatible library.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements C<guestfs_disk_create>, which makes a blank raw
 * or qcow2 host image without running qemu-img.
 *
 * A qcow2 image is written as: the header (with the backing format
 * extension and backing file name, if any) in cluster 0, then the
 * refcount table, the refcount blocks and a zeroed L1 table.  Every
 * one of those clusters has refcount 1 and nothing else is allocated,
 * so C<qemu-img check> finds the image clean.  Refcounts are 16 bits
 * (the only width version 2 knows).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "guestfs-internal.h"
#include "guestfs-internal-actions.h"

#define NAME "disk_create"
#define QCOW2_V2_HEADER 72
#define QCOW2_V3_HEADER 104
#define QCOW2_BACKING_FORMAT_EXT 0xE2792ACA
#define QCOW2_MAX_L1_BYTES (32 * 1024 * 1024)  /* qemu's limit */
#define QCOW2_MAX_BACKING_NAME 1023

/* The layout of a new qcow2 image. */
struct qcow2_plan {
  unsigned cluster_bits;
  uint64_t cluster_size;
  uint32_t version;
  uint64_t size;                /* virtual size */
  uint32_t l1_size;             /* entries */
  uint64_t l1_clusters, rt_clusters, rb_clusters, total;
  const char *backing, *backing_format;
};

static void
put32 (unsigned char *p, uint32_t v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

static void
put64 (unsigned char *p, uint64_t v)
{
  put32 (p, v >> 32);
  put32 (p + 4, v);
}

static int
einval (guestfs_h *g, const char *filename, const char *what)
{
  guestfs_int_error_errno (g, EINVAL, NAME ": %s: %s", filename, what);
  return -1;
}

/* A format name we will write into a header: short, alphanumeric. */
static bool
valid_format_name (const char *s)
{
  size_t n = strlen (s);

  return n > 0 && n <= 32 && strspn (s, "abcdefghijklmnopqrstuvwxyz"
                                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
    == n;
}

/* Size the metadata of P: the L1 table for P->size, then refcount
 * blocks and table until they cover every metadata cluster. */
static int
qcow2_plan_clusters (guestfs_h *g, const char *filename, struct qcow2_plan *p)
{
  uint64_t per_l1 = p->cluster_size * (p->cluster_size / 8);
  uint64_t l1, per_rb = p->cluster_size / 2, rb = 1, rt = 1, total;

  l1 = p->size / per_l1 + (p->size % per_l1 != 0);
  if (l1 > QCOW2_MAX_L1_BYTES / 8)
    return einval (g, filename, "size too large for this cluster size");
  p->l1_size = l1;
  p->l1_clusters = (l1 * 8 + p->cluster_size - 1) / p->cluster_size;
  if (p->l1_clusters == 0)
    p->l1_clusters = 1;
  for (;;) {                    /* converges in a few rounds */
    total = 1 + rt + rb + p->l1_clusters;
    if ((total + per_rb - 1) / per_rb <= rb &&
        (rb * 8 + p->cluster_size - 1) / p->cluster_size <= rt)
      break;
    rb = (total + per_rb - 1) / per_rb;
    rt = (rb * 8 + p->cluster_size - 1) / p->cluster_size;
  }
  p->rt_clusters = rt;
  p->rb_clusters = rb;
  p->total = total;
  return 0;
}

/* The bytes of cluster 0 that the header of P uses. */
static size_t
qcow2_header_len (const struct qcow2_plan *p)
{
  size_t n = p->version == 2 ? QCOW2_V2_HEADER : QCOW2_V3_HEADER;

  if (p->backing_format)
    n += 8 + ((strlen (p->backing_format) + 7) & ~(size_t) 7);
  n += 8;
  if (p->backing)
    n += strlen (p->backing);
  return n;
}

/* Write the header cluster of P into BUF (one zeroed cluster, which
 * qcow2_options checked is large enough). */
static void
qcow2_header (const struct qcow2_plan *p, unsigned char *buf)
{
  size_t pos = p->version == 2 ? QCOW2_V2_HEADER : QCOW2_V3_HEADER;
  size_t flen, blen;

  memcpy (buf, "QFI\xfb", 4);
  put32 (buf + 4, p->version);
  put32 (buf + 20, p->cluster_bits);
  put64 (buf + 24, p->size);
  put32 (buf + 36, p->l1_size);
  put64 (buf + 40, (1 + p->rt_clusters + p->rb_clusters) * p->cluster_size);
  put64 (buf + 48, p->cluster_size);
  put32 (buf + 56, p->rt_clusters);
  if (p->version == 3) {
    put32 (buf + 96, 4);        /* refcount_order: 16 bits */
    put32 (buf + 100, QCOW2_V3_HEADER);
  }
  if (p->backing_format) {
    flen = strlen (p->backing_format);
    put32 (buf + pos, QCOW2_BACKING_FORMAT_EXT);
    put32 (buf + pos + 4, flen);
    memcpy (buf + pos + 8, p->backing_format, flen);
    pos += 8 + ((flen + 7) & ~(size_t) 7);
  }
  pos += 8;                     /* end of extensions: zeros */
  if (p->backing) {
    blen = strlen (p->backing);
    memcpy (buf + pos, p->backing, blen);
    put64 (buf + 8, pos);
    put32 (buf + 16, blen);
  }
}

/* Write N bytes of BUF at the start of FD.  Returns 0, or -1 with
 * errno set. */
static int
write_all (int fd, const unsigned char *buf, size_t n)
{
  size_t done = 0;
  ssize_t r;

  while (done < n) {
    r = pwrite (fd, buf + done, n - done, done);
    if (r == -1 && errno == EINTR)
      continue;
    if (r <= 0) {
      if (r == 0)
        errno = EIO;
      return -1;
    }
    done += r;
  }
  return 0;
}

/* Write the metadata clusters of P to FD (the L1 table stays zero;
 * on a block device BLK, it is zeroed explicitly). */
static int
qcow2_write (guestfs_h *g, const char *filename, int fd,
             const struct qcow2_plan *p, bool blk)
{
  size_t cs = p->cluster_size;
  size_t n = (blk ? p->total : 1 + p->rt_clusters + p->rb_clusters) * cs;
  CLEANUP_FREE unsigned char *buf = safe_calloc (g, n, 1);
  unsigned char *rt = buf + cs, *rb = rt + p->rt_clusters * cs;
  uint64_t i;

  qcow2_header (p, buf);
  for (i = 0; i < p->rb_clusters; i++)
    put64 (rt + i * 8, (1 + p->rt_clusters + i) * cs);
  for (i = 0; i < p->total; i++) {
    rb[i * 2] = 0;
    rb[i * 2 + 1] = 1;
  }
  if (!blk && ftruncate (fd, 0) == -1)
    goto err;
  if (write_all (fd, buf, n) == -1)
    goto err;
  if (!blk && ftruncate (fd, p->total * cs) == -1)
    goto err;
  return 0;
 err:
  perrorf (g, NAME ": %s", filename);
  return -1;
}

/* The size of the backing file, which is named relative to the
 * directory of FILENAME unless absolute. */
static int64_t
backing_size (guestfs_h *g, const char *filename, const char *backing,
              const char *format)
{
  CLEANUP_FREE char *copy = safe_strdup (g, filename);
  CLEANUP_FREE char *path = NULL;
  struct guestfs_int_disk_info info;

  path = backing[0] == '/' ? safe_strdup (g, backing)
    : safe_asprintf (g, "%s/%s", dirname (copy), backing);
  if (guestfs_int_disk_probe (g, NAME, path, format, &info) == -1)
    return -1;
  if (info.virtual_size < 0) {
    einval (g, path, "cannot read the size of the backing file");
    return -1;
  }
  return info.virtual_size;
}

/* Check the qcow2 optional arguments into P. */
static int
qcow2_options (guestfs_h *g, const char *filename, int64_t size,
               const struct guestfs_disk_create_argv *o, struct qcow2_plan *p)
{
  uint64_t bm = o->bitmask;
  int64_t cs = bm & GUESTFS_DISK_CREATE_CLUSTERSIZE_BITMASK
    ? o->clustersize : 65536;
  const char *compat = bm & GUESTFS_DISK_CREATE_COMPAT_BITMASK
    ? o->compat : "1.1";

  if (cs < 512 || cs > 2097152 || (cs & (cs - 1)) != 0)
    return einval (g, filename,
                   "clustersize must be a power of two from 512 to 2097152");
  p->cluster_size = cs;
  p->cluster_bits = __builtin_ctzll (cs);
  if (strcmp (compat, "0.10") == 0)
    p->version = 2;
  else if (strcmp (compat, "1.1") == 0)
    p->version = 3;
  else
    return einval (g, filename, "compat must be \"0.10\" or \"1.1\"");
  if (bm & GUESTFS_DISK_CREATE_PREALLOCATION_BITMASK &&
      strcmp (o->preallocation, "off") != 0 &&
      strcmp (o->preallocation, "sparse") != 0)
    return einval (g, filename, "qcow2 preallocation must be \"off\" or "
                   "\"sparse\"");
  p->backing = bm & GUESTFS_DISK_CREATE_BACKINGFILE_BITMASK
    ? o->backingfile : NULL;
  p->backing_format = bm & GUESTFS_DISK_CREATE_BACKINGFORMAT_BITMASK
    ? o->backingformat : NULL;
  if (p->backing_format && !p->backing)
    return einval (g, filename, "backingformat needs backingfile");
  if (p->backing_format && !valid_format_name (p->backing_format))
    return einval (g, filename, "invalid backingformat");
  if (p->backing && p->backing[0] == '\0')
    return einval (g, filename, "empty backingfile");
  if (p->backing && (strlen (p->backing) > QCOW2_MAX_BACKING_NAME ||
                     qcow2_header_len (p) > p->cluster_size))
    return einval (g, filename, "backing file name too long");
  if (p->backing && size == -1) {
    size = backing_size (g, filename, p->backing, p->backing_format);
    if (size == -1)
      return -1;
  }
  if (size < 0 || (uint64_t) size > INT64_MAX - 511)
    return einval (g, filename, "invalid size");
  p->size = ((uint64_t) size + 511) & ~(uint64_t) 511;
  return qcow2_plan_clusters (g, filename, p);
}

/* Check the raw optional arguments: returns 1 to preallocate, 0 for
 * a sparse file, -1 after setting the error. */
static int
raw_options (guestfs_h *g, const char *filename, int64_t size,
             const struct guestfs_disk_create_argv *o)
{
  uint64_t bm = o->bitmask;

  if (bm & (GUESTFS_DISK_CREATE_BACKINGFILE_BITMASK |
            GUESTFS_DISK_CREATE_BACKINGFORMAT_BITMASK |
            GUESTFS_DISK_CREATE_COMPAT_BITMASK |
            GUESTFS_DISK_CREATE_CLUSTERSIZE_BITMASK))
    return einval (g, filename, "backingfile, backingformat, compat and "
                   "clustersize are only for qcow2");
  if (size < 0)
    return einval (g, filename, "invalid size");
  if (!(bm & GUESTFS_DISK_CREATE_PREALLOCATION_BITMASK) ||
      strcmp (o->preallocation, "off") == 0 ||
      strcmp (o->preallocation, "sparse") == 0)
    return 0;
  if (strcmp (o->preallocation, "full") == 0 ||
      strcmp (o->preallocation, "falloc") == 0)
    return 1;
  return einval (g, filename, "raw preallocation must be \"off\", "
                 "\"sparse\", \"full\" or \"falloc\"");
}

/* Make FD a raw image of SIZE bytes (a block device is left as is). */
static int
raw_write (guestfs_h *g, const char *filename, int fd, int64_t size,
           bool prealloc, bool blk)
{
  int r;

  if (blk)
    return 0;
  if (ftruncate (fd, 0) == -1 || ftruncate (fd, size) == -1)
    goto err;
  if (prealloc && size > 0) {
    r = posix_fallocate (fd, 0, size);
    if (r != 0) {
      errno = r;
      goto err;
    }
  }
  return 0;
 err:
  perrorf (g, NAME ": %s", filename);
  return -1;
}

int
guestfs_impl_disk_create (guestfs_h *g, const char *filename,
                          const char *format, int64_t size,
                          const struct guestfs_disk_create_argv *o)
{
  struct qcow2_plan plan = { 0 };
  struct stat st;
  bool raw = strcmp (format, "raw") == 0;
  int prealloc = 0, fd, r;

  if (!raw && strcmp (format, "qcow2") != 0)
    return einval (g, filename, "unsupported format (use raw or qcow2)");
  if (filename[0] == '\0')
    return einval (g, filename, "empty file name");
  if (raw)
    prealloc = raw_options (g, filename, size, o);
  else
    prealloc = qcow2_options (g, filename, size, o, &plan);
  if (prealloc == -1)
    return -1;
  /* Not O_TRUNC: a block device is written in place, and a file is
   * truncated once it is known to be one. */
  fd = open (filename,
             O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0666);
  if (fd == -1 || fstat (fd, &st) == -1) {
    perrorf (g, NAME ": %s", filename);
    if (fd >= 0)
      close (fd);
    return -1;
  }
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode)) {
    close (fd);
    return einval (g, filename, "not a regular file or block device");
  }
  r = raw ? raw_write (g, filename, fd, size, prealloc, S_ISBLK (st.st_mode))
    : qcow2_write (g, filename, fd, &plan, S_ISBLK (st.st_mode));
  if (close (fd) == -1 && r == 0) {
    perrorf (g, NAME ": %s", filename);
    r = -1;
  }
  return r;
}
