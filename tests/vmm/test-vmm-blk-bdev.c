/* guestkit — virtio-blk over the block layer's guards (TAP).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file checks what the guest sees of the block layer under
 * F<library/vmm/dev/virtio-blk.c>: a probed raw image refuses a format
 * magic in its first sectors (IOERR, image unchanged, still raw when
 * probed again) while an image named raw does not; a read-only bdev
 * makes a read-only device; DISCARD punches a hole in a raw image; an
 * I/O error under the device becomes IOERR.  Images are real files,
 * checked through a second fd.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm.h"
#include "block/block.h"
#include "blk-driver.h"
#include "../tap.h"

pthread_mutex_t vmm_lock = PTHREAD_MUTEX_INITIALIZER;

#define SECTORS 2048
#define IMAGE_SIZE (SECTORS * 512)

static char image_path[] = "/tmp/test-vmm-blk-bdev.XXXXXX";
static uint8_t image[IMAGE_SIZE];       /* what the file should hold */
static uint8_t check[IMAGE_SIZE];

static void
die (const char *what)
{
  perror (what);
  exit (EXIT_FAILURE);
}

/* Fill the image file (and IMAGE) with a pattern that probes raw. */
static void
make_image (void)
{
  int fd = open (image_path, O_WRONLY | O_TRUNC);
  size_t i;

  for (i = 0; i < IMAGE_SIZE; i++)
    image[i] = (uint8_t) (i * 7 + (i >> 9) + 1);
  if (fd == -1 || pwrite (fd, image, IMAGE_SIZE, 0) != IMAGE_SIZE ||
      close (fd) == -1)
    die (image_path);
}

/* Whether the file holds exactly IMAGE. */
static bool
image_unchanged (void)
{
  int fd = open (image_path, O_RDONLY);
  struct stat st;
  bool r = fd >= 0 && fstat (fd, &st) == 0 && st.st_size == IMAGE_SIZE &&
    pread (fd, check, IMAGE_SIZE, 0) == IMAGE_SIZE &&
    memcmp (check, image, IMAGE_SIZE) == 0;

  if (fd >= 0)
    close (fd);
  return r;
}

/* What the image file's first bytes probe as now. */
static const char *
probe_file (void)
{
  int fd = open (image_path, O_RDONLY);
  ssize_t n = fd >= 0 ? pread (fd, check, BDEV_PROBE_LEN, 0) : -1;

  if (fd >= 0)
    close (fd);
  return n == BDEV_PROBE_LEN ? bdev_probe (check, n) : "(unreadable)";
}

/* The image opened as FORMAT (NULL: probed); NULL with ERR on error. */
static struct bdev *
open_image (const char *format, bool readonly, char *err)
{
  struct bdev_open_opts o = { .format = format, .readonly = readonly,
                              .fd = -1 };

  return bdev_open (image_path, &o, err, BDEV_ERRLEN);
}

/* A started device over the image opened as FORMAT. */
static struct virtio_dev *
open_blk (const char *format, bool readonly)
{
  char err[BDEV_ERRLEN];
  struct blk_opts o = { .bdev = open_image (format, readonly, err) };
  struct virtio_dev *vd;

  if (o.bdev == NULL) {
    fprintf (stderr, "%s\n", err);
    exit (EXIT_FAILURE);
  }
  vd = virtio_blk_new (&gm, irq, IOBASE, &o);
  if (vd == NULL)
    die ("virtio_blk_new");
  drv_start (vd);
  return vd;
}

/* A 512-byte guest write at SECTOR whose first bytes are MAGIC (LEN
 * bytes at OFF in the sector, the rest zeros). */
static bool
write_magic (struct virtio_dev *vd, uint64_t sector, const char *magic,
             size_t len, size_t off, uint8_t want)
{
  memset (ram + DATA_GPA, 0, 512);
  memcpy (ram + DATA_GPA + off, magic, len);
  return rw1 (vd, T_OUT, sector, 512, 1, want);
}

/* Magic numbers a guest must not write into a probed raw image. */
static const struct {
  const char *magic;
  size_t len, off;
  const char *what;
} magics[] = {
  { "QFI\xfb\0\0\0\3", 8, 0, "probed raw: a qcow2 header to sector 0: IOERR" },
  { "QFI\xfb\0\0\0\1", 8, 0, "probed raw: a qcow header: IOERR" },
  { "KDMV", 4, 0, "probed raw: a VMDK magic: IOERR" },
  { "\x7f\x10\xda\xbe", 4, 64, "probed raw: a VDI magic at byte 64: IOERR" },
  { "LUKS\xba\xbe", 6, 0, "probed raw: a LUKS magic: IOERR" },
};

static void
test_probed_raw_guard (void)
{
  struct virtio_dev *vd = open_blk (NULL, false);
  struct seg split[2] = { { DATA_GPA, 2, false },
                          { DATA2_GPA, 510, false } };
  char err[BDEV_ERRLEN];
  struct bdev *bs;
  size_t i;

  for (i = 0; i < NELEMS (magics); i++)
    ok (write_magic (vd, 0, magics[i].magic, magics[i].len, magics[i].off,
                     S_IOERR) && image_unchanged (), magics[i].what);

  memcpy (ram + DATA_GPA, "QF", 2);
  memset (ram + DATA2_GPA, 0, 510);
  memcpy (ram + DATA2_GPA, "I\xfb\0\0\0\3", 6);
  ok (request (vd, T_OUT, 0, split, 2, 1, S_IOERR),
      "probed raw: a qcow2 header split over two buffers: IOERR");
  ok (strcmp (probe_file (), "raw") == 0,
      "... and the image still probes raw");
  make_image ();

  ok (write_magic (vd, 1, "QFI\xfb\0\0\0\3", 8, 0, S_OK),
      "probed raw: a qcow2 header to sector 1 is just data");
  memcpy (image + 512, ram + DATA_GPA, 512);
  memset (ram + DATA_GPA, 0x77, 512);
  ok (rw1 (vd, T_OUT, 0, 512, 1, S_OK), "probed raw: a plain write to "
      "sector 0: OK");
  memset (image, 0x77, 512);
  ok (image_unchanged (), "... the image holds exactly the two writes");
  virtio_dev_free (vd);

  bs = open_image (NULL, true, err);
  ok (bs != NULL && strcmp (bs->format, "raw") == 0,
      "probed again, the image is still raw");
  bdev_close (bs);
}

static void
test_named_raw (void)
{
  struct virtio_dev *vd = open_blk ("raw", false);
  char err[BDEV_ERRLEN] = "";
  struct bdev *bs;

  ok (write_magic (vd, 0, "QFI\xfb\0\0\0\3", 8, 0, S_OK),
      "named raw: the caller chose the format, the header is written");
  virtio_dev_free (vd);
  bs = open_image (NULL, true, err);
  ok (bs == NULL && strncmp (err, image_path, strlen (image_path)) == 0 &&
      err[strlen (image_path)] == ':' && strchr (err, '\n') == NULL,
      "probed now, it is not raw: a one-line error naming the file");
  printf ("# %s\n", err);
  bdev_close (bs);
  make_image ();
}

static void
test_readonly_bdev (void)
{
  struct virtio_dev *vd = open_blk ("raw", true);

  ok (RD (vd, R_HOST_FEATURES, 4) == (1u << 2 | 1u << 5 | 1u << 6 | 1u << 9),
      "read-only bdev: RO offered, DISCARD not");
  memset (ram + DATA_GPA, 0x66, 512);
  ok (rw1 (vd, T_OUT, 3, 512, 1, S_IOERR), "read-only bdev: write IOERR");
  put_discard (DATA_GPA, 0, 8, 0);
  ok (rw1 (vd, T_DISCARD, 0, 16, 1, S_IOERR),
      "read-only bdev: discard IOERR");
  ok (rw1 (vd, T_FLUSH, 0, 0, 1, S_OK), "read-only bdev: flush OK");
  ok (rw1 (vd, T_IN, 3, 1024, 1025, S_OK) &&
      memcmp (ram + DATA_GPA, image + 3 * 512, 1024) == 0,
      "read-only bdev: reads the image");
  ok (image_unchanged (), "read-only bdev: the image is unchanged");
  virtio_dev_free (vd);
}

/* Whether the file system under the image punches holes at all. */
static bool
can_punch (void)
{
  char path[] = "/tmp/test-vmm-blk-punch.XXXXXX";
  int fd = mkstemp (path);
  bool r;

  if (fd == -1)
    return false;
  unlink (path);
  r = ftruncate (fd, 8192) == 0 &&
    fallocate (fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096) == 0;
  close (fd);
  return r;
}

static void
test_discard_punches (void)
{
  struct virtio_dev *vd = open_blk ("raw", false);
  int fd = open (image_path, O_RDONLY);
  struct stat before, after;
  off_t hole;

  fsync (fd);
  fstat (fd, &before);
  put_discard (DATA_GPA, 256, 256, 0);
  ok (rw1 (vd, T_DISCARD, 0, 16, 1, S_OK), "discard 128 KiB at 128 KiB: OK");
  memset (image + 256 * 512, 0, 256 * 512);
  fstat (fd, &after);
  hole = lseek (fd, 128 << 10, SEEK_HOLE);
  if (can_punch ()) {
    ok (hole == 128 << 10 && after.st_blocks + 256 <= before.st_blocks,
        "discard freed the space (SEEK_HOLE, st_blocks)");
    ok (image_unchanged (), "the image reads zeros there, the rest kept");
    ok (rw1 (vd, T_IN, 255, 2048, 2049, S_OK) &&
        memcmp (ram + DATA_GPA, image + 255 * 512, 2048) == 0,
        "the guest reads zeros there");
  }
  else
    printf ("# no hole punching here: freed space not checked\n");
  close (fd);
  virtio_dev_free (vd);
  make_image ();
}

/* The file shrinks under the device: reads past its new end fail. */
static void
test_io_error (void)
{
  struct virtio_dev *vd = open_blk ("raw", false);

  if (truncate (image_path, 1024 * 512) == -1)
    die ("truncate");
  ok (rw1 (vd, T_IN, 2000, 512, 1, S_IOERR),
      "a read the file cannot satisfy: IOERR, used length 1");
  ok (rw1 (vd, T_IN, 1000, 512, 513, S_OK) &&
      memcmp (ram + DATA_GPA, image + 1000 * 512, 512) == 0,
      "the device still serves what is there");
  virtio_dev_free (vd);
  make_image ();
}

int
main (void)
{
  int fd = mkstemp (image_path);

  if (fd == -1)
    die ("mkstemp");
  close (fd);
  drv_setup ();
  make_image ();
  test_probed_raw_guard ();
  test_named_raw ();
  test_readonly_bdev ();
  test_discard_punches ();
  test_io_error ();
  unlink (image_path);
  free (ram);
  return tap_done ();
}
