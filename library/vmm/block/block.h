/* guestkit — the VMM's block layer: disk image formats.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * The block layer turns a host disk image (raw or qcow2, maybe with a
 * backing chain) into a flat virtual disk of C<size> bytes that
 * virtio-blk serves.  Every format implements C<struct bdev_ops>; a
 * C<struct bdev> is one open layer.  Formats are listed in one static
 * table in block.c.
 *
 * Errors: the open functions write a one-line message naming the file
 * at fault into ERR (C<BDEV_ERRLEN> bytes) and return NULL.  The I/O
 * functions return 0, or -1 with errno set: EIO for I/O errors and
 * metadata found corrupt, EROFS on a read-only device, EPERM for a
 * write refused by format safety, EINVAL for a range outside the disk.
 *
 * Images are hostile: every offset, length and count taken from an
 * image is bounded and checked before use (see
 * shared/reference/security.md).  Nothing here prints or exits.
 *
 * A bdev is used by one thread at a time (virtio-blk serves its queue
 * under the machine lock).
 */

#ifndef GUESTKIT_VMM_BLOCK_H
#define GUESTKIT_VMM_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BDEV_ERRLEN 256
#define BDEV_MAX_CHAIN 16       /* backing files below the top image */
#define BDEV_SECTOR 512
#define BDEV_PROBE_LEN 2048     /* bytes a format probe looks at */

struct bdev;

struct bdev_ops {
  /* Transfer LEN bytes at OFF; the caller has checked OFF + LEN <= size. */
  int (*read) (struct bdev *bs, void *buf, uint64_t len, uint64_t off);
  int (*write) (struct bdev *bs, const void *buf, uint64_t len, uint64_t off);
  /* Deallocate (advisory: may do nothing); reads then return zeros or
   * the old data (raw on a file system without hole punching). */
  int (*discard) (struct bdev *bs, uint64_t off, uint64_t len);
  /* Make every completed write durable, metadata included. */
  int (*flush) (struct bdev *bs);
  /* Free everything, close the files, backing chain included.  A
   * writable qcow2 is flushed first (errors are lost: flush first). */
  void (*close) (struct bdev *bs);
};

struct bdev {
  const struct bdev_ops *ops;
  const char *format;           /* "raw", "qcow2", "overlay", … (static) */
  char *name;                   /* the path as given, for messages */
  uint64_t size;                /* virtual size in bytes */
  bool readonly;                /* writes fail with EROFS */
  void *priv;                   /* the format's state */
};

struct bdev_open_opts {
  const char *format;           /* "raw", "qcow2", or NULL: probe */
  bool readonly;                /* open O_RDONLY; writes fail with EROFS */
  bool snapshot;                /* open O_RDONLY, writes go to an overlay */
  /* Probed images follow backing-file and data-file names only if
   * this is set; an image whose format was given always may. */
  bool allow_backing;
  int fd;                       /* the image already open, or -1 */
  const char *tmpdir;           /* snapshot overlay directory (NULL: /tmp) */
};

/**
 * Open PATH (or O->fd, which then belongs to the bdev, even on error)
 * as O->format, or probed.  A probed raw image refuses writes that
 * would make its first BDEV_PROBE_LEN bytes probe as another format
 * (EPERM).  With O->snapshot the result is an overlay over the image.
 * Returns the bdev, or NULL with a message in ERR.
 */
struct bdev *bdev_open (const char *path, const struct bdev_open_opts *o,
                        char *err, size_t errlen);

/* Checked I/O on the top of a stack: the range must lie inside size
 * (EINVAL otherwise); writes and discards on a read-only bdev: EROFS. */
int bdev_read (struct bdev *bs, void *buf, uint64_t len, uint64_t off);
int bdev_write (struct bdev *bs, const void *buf, uint64_t len, uint64_t off);
int bdev_discard (struct bdev *bs, uint64_t off, uint64_t len);
int bdev_flush (struct bdev *bs);
void bdev_close (struct bdev *bs);

/**
 * Read LEN bytes at OFF from a backing layer that may be shorter than
 * the image above it: the part past BS's size reads as zeros.  BS may
 * be NULL (no backing file: all zeros).
 */
int bdev_read_backing (struct bdev *bs, void *buf, uint64_t len,
                       uint64_t off);

/**
 * Open the backing file NAME of image CHILD (the path CHILD was opened
 * by): read-only, relative names resolved against CHILD's directory,
 * FORMAT "raw", "qcow2" or NULL (probed; the chain was allowed by the
 * top).  DEPTH is the depth of the new layer (the top image is 0);
 * beyond BDEV_MAX_CHAIN it is an error.  Returns NULL with ERR set.
 */
struct bdev *bdev_open_backing (const char *child, const char *name,
                                const char *format, unsigned depth,
                                char *err, size_t errlen);

/**
 * The format whose magic starts BUF (LEN bytes, the image's first
 * bytes): "qcow2", another format's name (which we cannot open, e.g.
 * "vmdk", "qcow" for version 1), or "raw" if none.  Static string.
 */
const char *bdev_probe (const uint8_t *buf, size_t len);

/* Per-format open functions (the table in block.c calls these).  FD
 * belongs to the callee from the call on.  PROBED: the caller did not
 * name the format (backing names are then followed only if
 * ALLOW_BACKING).  DEPTH as for bdev_open_backing. */
struct bdev_format_args {
  int fd;
  const char *path;
  bool readonly;
  bool probed;
  bool allow_backing;
  unsigned depth;
  char *err;
  size_t errlen;
};
struct bdev *raw_open (const struct bdev_format_args *a);
struct bdev *qcow2_open (const struct bdev_format_args *a);

/**
 * An overlay over BASE (taken over, closed with the overlay, even on
 * error): reads come from BASE until written, writes go to an unlinked
 * temporary file in TMPDIR (NULL: /tmp); BASE is never written.
 */
struct bdev *overlay_new (struct bdev *base, const char *tmpdir,
                          char *err, size_t errlen);

/* Helpers shared by the formats (block.c). */
struct bdev *bdev_new (const struct bdev_ops *ops, const char *format,
                       const char *path, uint64_t size, bool readonly,
                       void *priv);
void bdev_free (struct bdev *bs);   /* the struct and name, not priv */
void bdev_errorf (char *err, size_t errlen, const char *fs, ...)
  __attribute__((format (printf, 3, 4)));
/* Exactly LEN bytes at OFF; short transfers retried.  0 or -1 (EIO on
 * end of file). */
int bdev_pread_full (int fd, void *buf, uint64_t len, uint64_t off);
int bdev_pwrite_full (int fd, const void *buf, uint64_t len, uint64_t off);
/* Up to LEN bytes at OFF: the count read (short only at end of file),
 * or -1. */
int64_t bdev_pread_upto (int fd, void *buf, uint64_t len, uint64_t off);

#endif /* GUESTKIT_VMM_BLOCK_H */
