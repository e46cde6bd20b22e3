/* guestkit — unit tests of the VMM's virtio-blk and virtio-rng (TAP).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file drives F<library/vmm/dev/virtio-blk.c> and F<virtio-rng.c>
 * through their legacy register block as a guest driver would
 * (F<blk-driver.c>), the disk a real temporary image opened with the
 * block layer as raw, checked through a second fd.  The block layer's
 * own guards as the guest sees them are in F<test-vmm-blk-bdev.c>.
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

/* The image: 2051 whole sectors (the last 4 KiB block is partial) and
 * a 300-byte tail that must stay unreachable. */
#define SECTORS 2051
#define IMAGE_SIZE (SECTORS * 512 + 300)
#define SERIAL "guestkit-serial-1"

#define PRISTINE (-1)           /* for ram_is: the image's own bytes */

static char image_path[] = "/tmp/test-vmm-blk.XXXXXX";
static char tmpdir[] = "/tmp/test-vmm-blk-ovl.XXXXXX";
static uint8_t hostbuf[IMAGE_SIZE];

/* The original image contents at byte I. */
static uint8_t
pattern (uint64_t i)
{
  return (uint8_t) (i ^ (i >> 9) ^ 0x5A);
}

static void
make_image (void)
{
  int fd = open (image_path, O_WRONLY | O_TRUNC);
  uint64_t i;

  for (i = 0; i < IMAGE_SIZE; i++)
    hostbuf[i] = pattern (i);
  if (fd == -1 || pwrite (fd, hostbuf, IMAGE_SIZE, 0) != IMAGE_SIZE ||
      close (fd) == -1) {
    perror (image_path);
    exit (EXIT_FAILURE);
  }
}

/* Whether the image's bytes [OFF, OFF+LEN) hold WANT (NULL: still the
 * original pattern), read through a separate fd. */
static bool
image_is (uint64_t off, const uint8_t *want, uint64_t len)
{
  int fd = open (image_path, O_RDONLY);
  bool r = fd >= 0 && pread (fd, hostbuf, len, off) == (ssize_t) len;
  uint64_t i;

  for (i = 0; r && i < len; i++)
    r = hostbuf[i] == (want ? want[i] : pattern (off + i));
  if (fd >= 0)
    close (fd);
  return r;
}

/* Guest RAM [GPA, GPA+LEN) is all FILL, or (FILL = PRISTINE) the
 * image's original bytes from OFF. */
static bool
ram_is (uint64_t gpa, uint64_t len, int fill, uint64_t off)
{
  uint64_t i;

  for (i = 0; i < len; i++)
    if (ram[gpa + i] != (fill == PRISTINE ? pattern (off + i) : fill))
      return false;
  return true;
}

/* Read strlen (MAP) sectors from SECTOR through the device; true if
 * sector I holds the image's original bytes where MAP[I] is '.', else
 * bytes of 0x11 times the digit MAP[I]. */
static bool
read_is (struct virtio_dev *vd, uint64_t sector, const char *map)
{
  uint32_t i, n = strlen (map);
  bool r = rw1 (vd, T_IN, sector, n * 512, n * 512 + 1, S_OK);

  for (i = 0; r && i < n; i++)
    r = ram_is (DATA_GPA + i * 512, 512,
                map[i] == '.' ? PRISTINE : 0x11 * (map[i] - '0'),
                (sector + i) * 512);
  return r;
}

/* PATH opened read-write as raw (or a snapshot overlay over it); the
 * fd it was opened by in *FDP if FDP. */
static struct bdev *
open_raw (const char *path, bool snapshot, int *fdp)
{
  struct bdev_open_opts o = { .format = "raw", .snapshot = snapshot,
                              .fd = open (path, O_RDWR), .tmpdir = tmpdir };
  char err[BDEV_ERRLEN];
  struct bdev *bs;

  if (fdp)
    *fdp = o.fd;
  bs = o.fd == -1 ? NULL : bdev_open (path, &o, err, sizeof err);
  if (bs == NULL) {
    fprintf (stderr, "%s: %s\n", path, o.fd == -1 ? strerror (errno) : err);
    exit (EXIT_FAILURE);
  }
  return bs;
}

/* A started device on PATH, its bdev read-write even for a read-only
 * device (which must refuse writes itself). */
static struct virtio_dev *
open_blk (const char *path, bool readonly, bool snapshot, int *fdp)
{
  struct blk_opts o = { .bdev = open_raw (path, snapshot, fdp),
                        .serial = SERIAL, .readonly = readonly };
  struct virtio_dev *vd = virtio_blk_new (&gm, irq, IOBASE, &o);

  if (vd == NULL) {
    perror (path);
    exit (EXIT_FAILURE);
  }
  drv_start (vd);
  return vd;
}

/*-- tests ------------------------------------------------------------------*/

static void
test_config (void)
{
  int fd;
  struct blk_opts o = { .bdev = open_raw (image_path, false, &fd),
                        .serial = "123456789012345678901" };
  struct virtio_dev *vd;
  uint8_t b[512];

  ok (virtio_blk_new (&gm, irq, IOBASE, &o) == NULL && errno == EINVAL &&
      fcntl (fd, F_GETFD) != -1 && bdev_read (o.bdev, b, 512, 0) == 0 &&
      b[1] == pattern (1), "21-byte serial refused, the bdev left usable");
  bdev_close (o.bdev);
  o = (struct blk_opts) { .bdev = NULL };
  ok (virtio_blk_new (&gm, irq, IOBASE, &o) == NULL && errno == EINVAL,
      "no bdev: EINVAL");

  vd = open_blk (image_path, false, false, &fd);
  ok (RD (vd, R_HOST_FEATURES, 4) == (1u << 2 | 1u << 6 | 1u << 9 | 1u << 13),
      "writable: SEG_MAX, BLK_SIZE, FLUSH, DISCARD offered");
  ok (RD (vd, R_CONFIG, 4) == SECTORS && RD (vd, R_CONFIG + 4, 4) == 0 &&
      RD (vd, R_CONFIG + 12, 4) == VQ_MAX_SIZE - 2 &&
      RD (vd, R_CONFIG + 20, 4) == 512 && RD (vd, R_CONFIG + 36, 4) != 0 &&
      RD (vd, R_CONFIG + 40, 4) == 1 && RD (vd, R_CONFIG + 44, 4) == 8,
      "config: capacity in whole sectors, seg_max, blk_size, discard");
  virtio_dev_free (vd);
  ok (fcntl (fd, F_GETFD) == -1 && errno == EBADF,
      "teardown closes the bdev and its fd");

  vd = open_blk (image_path, true, false, NULL);
  ok (RD (vd, R_HOST_FEATURES, 4) == (1u << 2 | 1u << 5 | 1u << 6 | 1u << 9),
      "read-only: RO offered, DISCARD not");
  virtio_dev_free (vd);
}

static void
test_write_read (void)
{
  struct virtio_dev *vd = open_blk (image_path, false, false, NULL);
  struct seg w[2] = { { DATA_GPA, 512, false }, { DATA2_GPA, 1024, false } };
  struct seg r[3] = { { DATA_GPA, 1000, true }, { DATA2_GPA, 36, true },
                      { DATA2_GPA + 4096, 500, true } };
  uint8_t want[1536];
  unsigned i;

  for (i = 0; i < sizeof want; i++)
    want[i] = i * 13 + 1;
  memcpy (ram + DATA_GPA, want, 512);
  memcpy (ram + DATA2_GPA, want + 512, 1024);
  irq_level = 0;
  ok (request (vd, T_OUT, 10, w, 2, 1, S_OK),
      "two-buffer write: OK, used length 1");
  ok (irq_level == 1 && (RD (vd, R_ISR, 1) & 1) && irq_level == 0,
      "completion raised the interrupt; ISR read lowers it");
  ok (image_is (10 * 512, want, sizeof want) && image_is (9 * 512, NULL, 512)
      && image_is (13 * 512, NULL, 512),
      "the image holds exactly the written sectors");

  memset (ram + DATA_GPA, 0, 0x30000);
  ok (request (vd, T_IN, 10, r, 3, 1537, S_OK),
      "three-buffer read: OK, used length data + 1");
  ok (memcmp (ram + DATA_GPA, want, 1000) == 0 &&
      memcmp (ram + DATA2_GPA, want + 1000, 36) == 0 &&
      memcmp (ram + DATA2_GPA + 4096, want + 1036, 500) == 0 &&
      ram[DATA_GPA + 1000] == 0 && ram[DATA2_GPA + 36] == 0 &&
      ram[DATA2_GPA + 4596] == 0,
      "read data lands in the right buffers, nothing beyond");
  ok (read_is (vd, SECTORS - 1, "."), "the last sector reads back");
  ok (rw1 (vd, T_FLUSH, 0, 0, 1, S_OK), "flush OK");

  memset (ram + DATA_GPA, 0xFF, 64);
  ok (rw1 (vd, T_GET_ID, 0, 40, 21, S_OK) &&
      memcmp (ram + DATA_GPA, SERIAL "\0\0\0", 20) == 0 &&
      ram[DATA_GPA + 20] == 0xFF, "GET_ID: 20 bytes, NUL-padded serial");
  memset (ram + DATA_GPA, 0xFF, 64);
  ok (rw1 (vd, T_GET_ID, 0, 8, 9, S_OK) &&
      memcmp (ram + DATA_GPA, SERIAL, 8) == 0 && ram[DATA_GPA + 8] == 0xFF,
      "GET_ID into a short buffer");
  virtio_dev_free (vd);
}

/* A one-buffer request whose used length must be 1 (status alone).  For
 * DISCARD the buffer holds the segment (SEG_SECTOR, SEG_N, SEG_FLAGS)
 * then (128, 8, 0); otherwise it is 0xAA, which a read must not touch. */
struct rcase {
  uint32_t type;
  uint64_t sector;
  uint32_t len;
  uint8_t status;
  const char *what;
  uint64_t seg_sector;
  uint32_t seg_n, seg_flags;
};

static void
run_cases (struct virtio_dev *vd, const struct rcase *t, size_t n)
{
  for (; n > 0; n--, t++) {
    bool r;

    memset (ram + DATA_GPA, 0xAA, t->len + 16);
    if (t->type == T_DISCARD) {
      put_discard (DATA_GPA, t->seg_sector, t->seg_n, t->seg_flags);
      put_discard (DATA_GPA + 16, 128, 8, 0);
    }
    r = rw1 (vd, t->type, t->sector, t->len, 1, t->status);
    ok (r && (t->type != T_IN || ram_is (DATA_GPA, t->len + 16, 0xAA, 0)),
        t->what);
  }
}

static const struct rcase bounds_cases[] = {
  { T_IN, SECTORS - 1, 1024, S_IOERR, "read past capacity: IOERR" },
  { T_IN, SECTORS, 512, S_IOERR, "read of the partial tail: IOERR" },
  { T_IN, UINT64_MAX, 512, S_IOERR, "read at sector 2^64-1: IOERR" },
  { T_IN, UINT64_C(1) << 55, 512, S_IOERR, "byte offset overflows: IOERR" },
  { T_IN, 0, 500, S_IOERR, "read of 500 bytes: IOERR" },
  { T_OUT, 0, 513, S_IOERR, "write of 513 bytes: IOERR" },
  { T_OUT, SECTORS - 1, 1024, S_IOERR, "write past capacity: IOERR" },
  { T_IN, SECTORS, 0, S_OK, "an empty read at the end is fine" },
  { 99, 0, 512, S_UNSUPP, "unknown type: UNSUPP" },
  { 13, 0, 512, S_UNSUPP, "write zeroes (not offered): UNSUPP" },
  { T_DISCARD, 0, 16, S_UNSUPP, "discard, unmap flag: UNSUPP", 64, 8, 1 },
  { T_DISCARD, 0, 16, S_IOERR, "discard past the end: IOERR",
    SECTORS - 4, 8 },
  { T_DISCARD, 0, 16, S_IOERR, "discard range wraps: IOERR",
    UINT64_MAX - 2, 8 },
  { T_DISCARD, 0, 8, S_IOERR, "truncated discard segment: IOERR", 64, 8 },
  { T_DISCARD, 0, 32, S_UNSUPP, "two discard segments: UNSUPP", 64, 8 },
  { T_DISCARD, 0, 16, S_OK, "discard of sectors 64-71: OK", 64, 8 },
};

static const struct rcase ro_cases[] = {
  { T_OUT, 0, 512, S_IOERR, "write to a read-only device: IOERR" },
  { T_DISCARD, 0, 16, S_IOERR, "discard, read-only device: IOERR", 0, 8 },
  { T_FLUSH, 0, 0, S_OK, "flush on a read-only device: OK" },
};

/* Chains the device must complete with used length 0, without
 * writing their status byte (the last two: malformed for the walker). */
static const struct bad_chain {
  struct seg s[3];
  unsigned n;
  const char *what;
} bad_chains[] = {
  { { { HDR_GPA, 16 } }, 1, "no status byte: used 0" },
  { { { HDR_GPA, 8 }, { BADST_GPA, 1, true } }, 2, "8-byte header: used 0" },
  { { { BADST_GPA, 1, true } }, 1, "no header: used 0" },
  { { { MEM_SIZE - 8, 16 }, { BADST_GPA, 1, true } }, 2, "outside RAM: 0" },
  { { { HDR_GPA, 16 }, { BADST_GPA, 1, true }, { DATA_GPA, 8 } }, 3,
    "readable after writable: used 0" },
};

/* Read-only refusals; bad requests and chains on a writable device
 * (each bad chain followed by a good read in the same kick: both must
 * complete); discard; the request size limit. */
static void
test_bounds (void)
{
  struct virtio_dev *vd = open_blk (image_path, true, false, NULL);
  struct seg good[3] = { { HDR_GPA, 16, false }, { DATA_GPA, 512, true },
                         { STATUS_GPA, 1, true } };
  const struct bad_chain *b;
  uint8_t zero[4096] = { 0 };
  char big_path[] = "/tmp/test-vmm-blk-big.XXXXXX";
  struct seg big[33];
  unsigned i;
  int fd;

  run_cases (vd, ro_cases, NELEMS (ro_cases));
  ok (read_is (vd, 4, ".."), "read-only device reads");
  ok (image_is (0, NULL, IMAGE_SIZE), "read-only image unchanged");
  virtio_dev_free (vd);

  vd = open_blk (image_path, false, false, NULL);
  run_cases (vd, bounds_cases, NELEMS (bounds_cases));
  ok (image_is (0, NULL, 64 * 512) &&
      image_is (72 * 512, NULL, IMAGE_SIZE - 72 * 512),
      "failed requests and the discard left the rest of the image");
  for (b = bad_chains; b < bad_chains + NELEMS (bad_chains); b++) {
    uint32_t id1 = 999, len1 = 999, id2 = 999, len2 = 999;
    uint16_t h1, h2;

    memset (ram + HDR_GPA, 0, 16);        /* IN, sector 0 */
    ram[STATUS_GPA] = ram[BADST_GPA] = 0xEE;
    h1 = post (b->s, b->n);
    h2 = post (good, 3);
    WR (vd, R_NOTIFY, 0, 2);
    ok (take_used (&id1, &len1) && id1 == h1 && len1 == 0 &&
        take_used (&id2, &len2) && id2 == h2 && len2 == 513 &&
        ram[STATUS_GPA] == S_OK && ram_is (DATA_GPA, 512, PRISTINE, 0) &&
        ram[BADST_GPA] == 0xEE, b->what);
  }

  /* Can the file system punch holes at all? */
  fd = open (tmpdir, O_TMPFILE | O_RDWR, 0600);
  if (fd >= 0 && ftruncate (fd, 8192) == 0 &&
      fallocate (fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                 0, 512) == 0) {
    ok (image_is (64 * 512, zero, 4096), "discard punched a hole");
    ok (read_is (vd, 64, "00000000"), "the guest reads zeros there");
  }
  else
    printf ("# no hole punching here: discard contents not checked\n");
  if (fd >= 0)
    close (fd);
  virtio_dev_free (vd);

  /* Over 64 MiB fails even on a disk big enough (the 2 MiB buffers all
   * alias the same guest RAM). */
  fd = mkstemp (big_path);
  if (fd == -1 || ftruncate (fd, 80 << 20) == -1 || close (fd) == -1)
    perror (big_path);
  vd = open_blk (big_path, false, false, NULL);
  unlink (big_path);
  for (i = 0; i < 33; i++)
    big[i] = (struct seg) { BIG_GPA, 2 << 20, true };
  ram[BIG_GPA] = 0xAA;
  ok (request (vd, T_IN, 0, big, 33, 1, S_IOERR) && ram[BIG_GPA] == 0xAA,
      "a 66 MiB read: IOERR");
  ok (request (vd, T_IN, 0, big, 32, (64 << 20) + 1, S_OK) &&
      ram[BIG_GPA] == 0, "a 64 MiB read is served");
  virtio_dev_free (vd);
}

/* Write N sectors of FILL at SECTOR through the device. */
static bool
write_fill (struct virtio_dev *vd, uint64_t sector, uint32_t n, int fill)
{
  memset (ram + DATA_GPA, fill, n * 512);
  return rw1 (vd, T_OUT, sector, n * 512, 1, S_OK);
}

static const struct rcase snap_cases[] = {
  { T_IN, UINT64_MAX, 1024, S_IOERR, "snapshot: wrapping read: IOERR" },
  { T_OUT, UINT64_MAX, 1024, S_IOERR, "snapshot: wrapping write: IOERR" },
  { T_FLUSH, 0, 0, S_OK, "snapshot: flush OK" },
  { T_DISCARD, 0, 16, S_OK, "snapshot: discard OK", 40, 8 },
};

static void
test_snapshot (void)
{
  struct virtio_dev *vd = open_blk (image_path, false, true, NULL);

  ok (rmdir (tmpdir) == 0 && mkdir (tmpdir, 0700) == 0, "overlay unlinked");
  ok (write_fill (vd, 9, 1, 0x77) && read_is (vd, 8, ".7......"),
      "partial block: the other 7 sectors still show the image");
  ok (write_fill (vd, 14, 4, 0x33) && read_is (vd, 8, ".7....3333......."),
      "write across blocks; reads split between overlay and image");
  ok (write_fill (vd, 40, 8, 0x44) && read_is (vd, 39, ".44444444."),
      "whole-block write reads back");
  ok (write_fill (vd, SECTORS - 1, 1, 0x55) && read_is (vd, 2048, "..5"),
      "the partial last block works");
  run_cases (vd, snap_cases, NELEMS (snap_cases));
  ok (read_is (vd, 9, "7"), "snapshot writes survive discard and flush");
  ok (image_is (0, NULL, IMAGE_SIZE), "snapshot: the image is unchanged");
  virtio_dev_free (vd);
}

/* Post CHAIN to the rng and kick; true if it comes back with USED. */
static bool
rng_chain (struct virtio_dev *vd, const struct seg *chain, unsigned n,
           uint32_t used)
{
  uint32_t id, len;
  uint16_t h = post (chain, n);

  WR (vd, R_NOTIFY, 0, 2);
  return take_used (&id, &len) && id == h && len == used;
}

static void
test_rng (void)
{
  struct virtio_dev *vd = virtio_rng_new (&gm, irq, IOBASE);
  struct seg two[2] = { { DATA_GPA, 100, true }, { DATA2_GPA, 200, true } };
  struct seg big = { DATA_GPA, 80 * 1024, true }, ro = { DATA_GPA, 100 };

  ok (vd != NULL && RD (vd, R_HOST_FEATURES, 4) == 0,
      "virtio_rng_new; no features");
  if (vd == NULL)
    return;
  drv_start (vd);
  ok (rng_chain (vd, two, 2, 300) && !ram_is (DATA_GPA, 100, 0, 0) &&
      !ram_is (DATA2_GPA, 200, 0, 0) && ram[DATA_GPA + 100] == 0 &&
      ram[DATA2_GPA + 200] == 0, "rng fills both buffers, used length 300");
  ok (rng_chain (vd, &big, 1, 65536) &&
      !ram_is (DATA_GPA + 65536 - 64, 64, 0, 0) &&
      ram_is (DATA_GPA + 65536, 16 * 1024, 0, 0),
      "rng fills at most 64 KiB of a chain");
  ok (rng_chain (vd, &ro, 1, 0), "rng: a readable-only chain gets 0");
  virtio_dev_free (vd);
}

int
main (void)
{
  int fd = mkstemp (image_path);

  if (fd == -1 || mkdtemp (tmpdir) == NULL) {
    perror ("setup");
    exit (EXIT_FAILURE);
  }
  close (fd);
  drv_setup ();
  make_image ();
  test_config ();
  test_write_read ();
  make_image ();
  test_bounds ();
  make_image ();
  test_snapshot ();
  test_rng ();
  unlink (image_path);
  rmdir (tmpdir);
  free (ram);
  return tap_done ();
}
