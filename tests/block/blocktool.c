/* guestkit — blocktool: a command-line driver of the VMM's block layer.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements blocktool, which the block-layer tests (and
 * benchmarks and fuzzing) use to drive F<library/vmm/block/block.h>
 * directly:
 *
 *   blocktool info  [OPTS] IMG         format and virtual size
 *   blocktool cat   [OPTS] IMG         the virtual disk to stdout
 *   blocktool write [OPTS] IMG OFF FILE   FILE's bytes at OFF
 *   blocktool rw    [OPTS] IMG --mirror RAW --seed N --ops K
 *       K random writes (and flushes, and with --discard discards),
 *       the same bytes written to RAW; the image is then read back
 *       whole and compared with RAW.
 *
 * OPTS: --format F, --allow-backing, --ro, --offset B, --length B
 * (cat), --max B (largest rw write), --inject RULES (test-only fault
 * injection, see block/inject.h; the failures injected are counted on
 * stderr at exit).  Errors go to stderr, exit 1.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "block/block.h"
#include "block/inject.h"

#define CHUNK (1u << 20)

struct opts {
  const char *format, *mirror, *inject;
  bool allow_backing, ro, discard;
  uint64_t seed, ops, offset, length, max;
  bool have_length;
};

static uint64_t rng_state;
static uint64_t bytes_written;

static uint64_t
rng (void)
{
  uint64_t x = rng_state;

  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return rng_state = x;
}

/* A number (decimal, 0x hex or 0 octal, no suffix) into *V. */
static bool
num (const char *s, uint64_t *v)
{
  char *end;

  errno = 0;
  *v = strtoull (s, &end, 0);
  return errno == 0 && end != s && *end == '\0';
}

static int
fail (const char *what, const char *why)
{
  fprintf (stderr, "blocktool: %s: %s\n", what, why);
  return EXIT_FAILURE;
}

static struct bdev *
open_image (const char *path, const struct opts *o, bool rw)
{
  struct bdev_open_opts bo = {
    .format = o->format, .readonly = o->ro || !rw,
    .allow_backing = o->allow_backing, .fd = -1,
  };
  char err[BDEV_ERRLEN];
  struct bdev *bs = bdev_open (path, &bo, err, sizeof err);

  if (bs == NULL)
    fprintf (stderr, "blocktool: %s\n", err);
  return bs;
}

static int
do_info (struct bdev *bs)
{
  printf ("format=%s size=%" PRIu64 "\n", bs->format, bs->size);
  return EXIT_SUCCESS;
}

static int
do_cat (struct bdev *bs, const struct opts *o)
{
  uint64_t off = o->offset, end;
  uint8_t *buf = malloc (CHUNK);

  if (buf == NULL)
    return fail ("cat", "out of memory");
  end = o->have_length ? off + o->length : bs->size;
  if (off > bs->size || end > bs->size || end < off) {
    free (buf);
    return fail ("cat", "range outside the disk");
  }
  while (off < end) {
    uint64_t n = end - off < CHUNK ? end - off : CHUNK;

    if (bdev_read (bs, buf, n, off) == -1) {
      fprintf (stderr, "blocktool: read at %" PRIu64 ": %s\n", off,
               strerror (errno));
      free (buf);
      return EXIT_FAILURE;
    }
    if (fwrite (buf, 1, n, stdout) != n) {
      free (buf);
      return fail ("cat", "write error on stdout");
    }
    off += n;
  }
  free (buf);
  return fflush (stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

static int
do_write (struct bdev *bs, const char *offs, const char *file)
{
  uint8_t buf[65536];
  FILE *fp;
  uint64_t off;
  size_t n;

  if (!num (offs, &off))
    return fail (offs, "not a number");
  fp = fopen (file, "rb");
  if (fp == NULL)
    return fail (file, strerror (errno));
  n = fread (buf, 1, sizeof buf, fp);
  fclose (fp);
  if (bdev_write (bs, buf, n, off) == -1 || bdev_flush (bs) == -1)
    return fail ("write", strerror (errno));
  return EXIT_SUCCESS;
}

/* A random write length: mostly small and unaligned, some sector
 * multiples, a few large. */
static uint64_t
rand_len (const struct opts *o)
{
  uint64_t r = rng () % 100;

  if (r < 70)
    return 1 + rng () % 8192;
  if (r < 90)
    return (1 + rng () % 512) * 512;
  return 1 + rng () % o->max;
}

/* Discard a random range and copy what the image now holds there into
 * the mirror, checking it is the old data or zeros. */
static int
rw_discard (struct bdev *bs, int mfd, uint8_t *a, uint8_t *b, uint64_t max)
{
  uint64_t len = 1 + rng () % max, off, i;

  if (len > bs->size)
    len = bs->size;
  off = rng () % (bs->size - len + 1);
  if (bdev_discard (bs, off, len) == -1)
    return fail ("discard", strerror (errno));
  if (bdev_read (bs, a, len, off) == -1 ||
      bdev_pread_full (mfd, b, len, off) == -1)
    return fail ("read after discard", strerror (errno));
  for (i = 0; i < len; i++)
    if (a[i] != b[i] && a[i] != 0) {
      fprintf (stderr, "blocktool: discard at %" PRIu64 ": byte %" PRIu64
               " is neither the old data nor zero\n", off, off + i);
      return EXIT_FAILURE;
    }
  if (bdev_pwrite_full (mfd, a, len, off) == -1)
    return fail ("mirror", strerror (errno));
  return EXIT_SUCCESS;
}

static int
rw_write (struct bdev *bs, int mfd, uint8_t *a, const struct opts *o)
{
  uint64_t len = rand_len (o), off, i;

  if (len > bs->size)
    len = bs->size;
  off = rng () % (bs->size - len + 1);
  for (i = 0; i < len; i++)
    a[i] = rng () >> 24;
  if (bdev_write (bs, a, len, off) == -1) {
    fprintf (stderr, "blocktool: write %" PRIu64 "+%" PRIu64 ": %s\n",
             off, len, strerror (errno));
    return EXIT_FAILURE;
  }
  if (bdev_pwrite_full (mfd, a, len, off) == -1)
    return fail ("mirror", strerror (errno));
  bytes_written += len;
  return EXIT_SUCCESS;
}

/* The whole disk compared with the mirror. */
static int
rw_verify (struct bdev *bs, int mfd, uint8_t *a, uint8_t *b)
{
  uint64_t off;

  for (off = 0; off < bs->size; off += CHUNK) {
    uint64_t n = bs->size - off < CHUNK ? bs->size - off : CHUNK;

    if (bdev_read (bs, a, n, off) == -1 ||
        bdev_pread_full (mfd, b, n, off) == -1)
      return fail ("verify", strerror (errno));
    if (memcmp (a, b, n) != 0) {
      fprintf (stderr, "blocktool: image and mirror differ in the MiB at "
               "%" PRIu64 "\n", off);
      return EXIT_FAILURE;
    }
  }
  return EXIT_SUCCESS;
}

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
do_rw (struct bdev *bs, const struct opts *o)
{
  uint64_t bufsize = o->max > CHUNK ? o->max : CHUNK, i;
  uint8_t *a = malloc (bufsize), *b = malloc (bufsize);
  int mfd = open (o->mirror, O_RDWR | O_CLOEXEC), r = EXIT_SUCCESS;
  double t0 = now (), t1;

  if (a == NULL || b == NULL || mfd == -1) {
    r = fail (o->mirror, mfd == -1 ? strerror (errno) : "out of memory");
    goto out;
  }
  rng_state = o->seed * 0x9e3779b97f4a7c15ULL + 1;
  for (i = 0; i < o->ops && r == EXIT_SUCCESS; i++) {
    uint64_t k = rng () % 100;

    if (k < 4 && bdev_flush (bs) == -1)
      r = fail ("flush", strerror (errno));
    else if (k >= 4 && k < 10 && o->discard)
      r = rw_discard (bs, mfd, a, b, o->max);
    else if (k >= 4)
      r = rw_write (bs, mfd, a, o);
  }
  if (r == EXIT_SUCCESS && bdev_flush (bs) == -1)
    r = fail ("flush", strerror (errno));
  t1 = now ();
  if (r == EXIT_SUCCESS)
    r = rw_verify (bs, mfd, a, b);
  fprintf (stderr, "blocktool: rw: %" PRIu64 " ops, %.1f MiB written in "
           "%.2f s (mirror included), verified in %.2f s\n", o->ops,
           bytes_written / 1048576.0, t1 - t0, now () - t1);
 out:
  if (mfd >= 0)
    close (mfd);
  free (a);
  free (b);
  return r;
}

/* Arm the --inject rules.  Returns 0 or -1. */
static int
inject_arm (const char *spec)
{
  char err[BDEV_ERRLEN];

  if (spec == NULL || bdev_inject_parse (spec, err, sizeof err) == 0)
    return 0;
  fprintf (stderr, "blocktool: %s\n", err);
  return -1;
}

/* With --inject: "blocktool: injected: POINT xN ..." on stderr. */
static void
inject_report (const char *spec)
{
  int p;

  if (spec == NULL)
    return;
  fprintf (stderr, "blocktool: injected:");
  for (p = 0; p < BDEV_INJ_NPOINTS; p++)
    if (bdev_inject_fired (p) > 0)
      fprintf (stderr, " %s x%u", bdev_inject_name (p), bdev_inject_fired (p));
  fprintf (stderr, "\n");
}

static int
parse (int argc, char **argv, struct opts *o)
{
  static const struct option longopts[] = {
    { "format", required_argument, NULL, 'f' },
    { "allow-backing", no_argument, NULL, 'b' },
    { "ro", no_argument, NULL, 'r' },
    { "mirror", required_argument, NULL, 'm' },
    { "seed", required_argument, NULL, 's' },
    { "ops", required_argument, NULL, 'n' },
    { "offset", required_argument, NULL, 'o' },
    { "length", required_argument, NULL, 'l' },
    { "max", required_argument, NULL, 'x' },
    { "discard", no_argument, NULL, 'd' },
    { "inject", required_argument, NULL, 'i' },
    { NULL, 0, NULL, 0 },
  };
  bool good = true;
  int c;

  *o = (struct opts) { .seed = 1, .ops = 100, .max = 4u << 20 };
  while ((c = getopt_long (argc, argv, "", longopts, NULL)) != -1)
    switch (c) {
    case 'f': o->format = optarg; break;
    case 'b': o->allow_backing = true; break;
    case 'r': o->ro = true; break;
    case 'm': o->mirror = optarg; break;
    case 's': good &= num (optarg, &o->seed); break;
    case 'n': good &= num (optarg, &o->ops); break;
    case 'o': good &= num (optarg, &o->offset); break;
    case 'l': good &= num (optarg, &o->length);
      o->have_length = true; break;
    case 'x': good &= num (optarg, &o->max); break;
    case 'd': o->discard = true; break;
    case 'i': o->inject = optarg; break;
    default: return -1;
    }
  return good && o->max > 0 ? 0 : -1;
}

int
main (int argc, char **argv)
{
  const char *cmd = argc > 1 ? argv[1] : "";
  struct bdev *bs;
  struct opts o;
  int r;

  signal (SIGXFSZ, SIG_IGN);     /* as guestkit-vmm: EFBIG, not death */
  if (argc < 3 || parse (argc - 1, argv + 1, &o) == -1 || optind + 1 >= argc) {
    fprintf (stderr, "usage: blocktool info|cat|write|rw [OPTIONS] IMG ...\n");
    return EXIT_FAILURE;
  }
  if (strcmp (cmd, "rw") == 0 && o.mirror == NULL)
    return fail ("rw", "--mirror is required");
  if (inject_arm (o.inject) == -1)
    return EXIT_FAILURE;
  bs = open_image (argv[optind + 1],  &o,
                   strcmp (cmd, "rw") == 0 || strcmp (cmd, "write") == 0);
  if (bs == NULL)
    return EXIT_FAILURE;
  if (strcmp (cmd, "info") == 0)
    r = do_info (bs);
  else if (strcmp (cmd, "cat") == 0)
    r = do_cat (bs, &o);
  else if (strcmp (cmd, "write") == 0 && optind + 3 < argc)
    r = do_write (bs, argv[optind + 2], argv[optind + 3]);
  else if (strcmp (cmd, "rw") == 0)
    r = do_rw (bs, &o);
  else
    r = fail (cmd, "unknown command or missing arguments");
  if (r == EXIT_SUCCESS && bdev_flush (bs) == -1)
    r = fail ("flush", strerror (errno));
  bdev_close (bs);
  inject_report (o.inject);
  return r;
}
