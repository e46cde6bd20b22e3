/* guestkit — a random-operations fuzz target over the qcow2 code.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a fuzz target for F<library/vmm/block/qcow2*.c>.
 * One input is a program: the seed image to start from, then byte
 * mutations of the image file (header, tables, anywhere), then reads,
 * writes, discards, flushes and reopens through the block layer.
 *
 * What must hold for every input: no crash, no sanitizer report, no
 * hang, memory bounded.  For an input that mutated nothing, the block
 * layer must also agree with a mirror of the disk kept in memory: every
 * read returns what the mirror has, and a reopen (close, open again)
 * finds everything written.
 *
 * Two ways to run it:
 *  - in make check (tests/fuzz/test-fuzz-qcow2.sh): this program's own
 *    main generates random programs from a seed, for a number of
 *    iterations or seconds, over seed images made by qemu-img;
 *  - under libFuzzer: build with -DGUESTKIT_LIBFUZZER and
 *    -fsanitize=fuzzer,address (make -C tests fuzz-qcow2-libfuzzer);
 *    the seed images are then taken from $FUZZ_QCOW2_SEEDS (a
 *    colon-separated list).
 *
 * Images live in memfds: fast, and gone when the run ends.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "block/block.h"

#define MAX_SEEDS 16
#define MAX_SEED_FILE (8u << 20)     /* seed image file size */
#define MAX_VIRTUAL (32u << 20)      /* seed virtual disk size */
#define MAX_IO (1u << 20)            /* bytes in one read or write */

enum { OP_READ, OP_WRITE, OP_DISCARD, OP_FLUSH, OP_REOPEN, OP_MUTATE, NR_OPS };

struct seed {
  char *name;
  uint8_t *data;
  size_t len;
};

static struct seed seeds[MAX_SEEDS];
static unsigned nr_seeds;

/* Counters for the report. */
static unsigned long runs, mutated_runs, opened_runs, ops_done;
static unsigned long mismatches;
static char first_mismatch[256];

/* The input, consumed byte by byte (zeros when exhausted). */
struct input {
  const uint8_t *p;
  size_t n;
};

static uint64_t
take (struct input *in, unsigned bytes)
{
  uint64_t v = 0;

  while (bytes--) {
    v = v << 8 | (in->n ? *in->p : 0);
    if (in->n) {
      in->p++;
      in->n--;
    }
  }
  return v;
}

static int
load_seed (const char *path)
{
  struct seed *s = &seeds[nr_seeds];
  FILE *f;

  if (nr_seeds == MAX_SEEDS)
    return -1;
  f = fopen (path, "rb");
  if (f == NULL)
    return -1;
  s->data = malloc (MAX_SEED_FILE);
  s->len = s->data ? fread (s->data, 1, MAX_SEED_FILE, f) : 0;
  fclose (f);
  if (s->len == 0 || s->len == MAX_SEED_FILE) {
    free (s->data);
    return -1;
  }
  s->name = strdup (path);
  nr_seeds++;
  return 0;
}

/* A memfd holding LEN bytes of DATA. */
static int
image_fd (const uint8_t *data, size_t len)
{
  int fd = memfd_create ("fuzz-qcow2", MFD_CLOEXEC);

  if (fd == -1)
    return -1;
  if (bdev_pwrite_full (fd, data, len, 0) == -1) {
    close (fd);
    return -1;
  }
  return fd;
}

/* Open the image in FD (a new descriptor: the bdev takes it over). */
static struct bdev *
open_image (int fd)
{
  struct bdev_open_opts o = { .format = "qcow2", .fd = dup (fd) };
  char err[BDEV_ERRLEN];

  if (o.fd == -1)
    return NULL;
  return bdev_open ("fuzz.qcow2", &o, err, sizeof err);
}

static void
mismatch (const char *what, uint64_t off, uint64_t len)
{
  if (mismatches++ == 0)
    snprintf (first_mismatch, sizeof first_mismatch,
              "%s at %llu+%llu differs from the mirror", what,
              (unsigned long long) off, (unsigned long long) len);
}

/* Compare the whole disk with the mirror. */
static void
check_all (struct bdev *bs, const uint8_t *mirror, uint8_t *buf)
{
  uint64_t off;

  for (off = 0; off < bs->size; off += MAX_IO) {
    uint64_t n = bs->size - off < MAX_IO ? bs->size - off : MAX_IO;

    if (bdev_read (bs, buf, n, off) == -1 ||
        memcmp (buf, mirror + off, n) != 0) {
      mismatch ("reopened disk", off, n);
      return;
    }
  }
}

/* An offset and length inside a disk of SIZE bytes from the input:
 * mostly small and sector-aligned, sometimes odd or large. */
static void
take_range (struct input *in, uint64_t size, uint64_t *off, uint64_t *len)
{
  uint8_t shape = take (in, 1);
  uint64_t o = take (in, 4), l = take (in, 3);

  if (shape & 1) {
    o = o * 512;
    l = (l % 256 + 1) * 512;
  }
  if (shape & 2)
    l = l % 4096 + 1;
  if (l > MAX_IO)
    l = MAX_IO;
  if (size == 0) {
    *off = *len = 0;
    return;
  }
  *off = o % size;
  *len = l < size - *off ? l : size - *off;
}

/* Run one operation.  Returns -1 to stop the program. */
static int
run_op (struct bdev **bsp, int fd, struct input *in, bool mutated,
        uint8_t *mirror, uint8_t *buf)
{
  struct bdev *bs = *bsp;
  uint64_t off, len;
  uint8_t op = take (in, 1) % NR_OPS;

  ops_done++;
  switch (op) {
  case OP_READ:
    take_range (in, bs->size, &off, &len);
    if (bdev_read (bs, buf, len, off) == 0 && !mutated &&
        memcmp (buf, mirror + off, len) != 0)
      mismatch ("read", off, len);
    return 0;
  case OP_WRITE:
    take_range (in, bs->size, &off, &len);
    memset (buf, (int) take (in, 1), len);
    if (len > 8)
      memcpy (buf, &off, 8);    /* not all one byte */
    if (bdev_write (bs, buf, len, off) == 0)
      memcpy (mirror + off, buf, len);
    else if (!mutated)
      mismatch ("write failed", off, len);
    return 0;
  case OP_DISCARD:
    take_range (in, bs->size, &off, &len);
    /* Advisory: afterwards the range reads as zeros or the old data,
     * so the mirror learns what it became. */
    if (bdev_discard (bs, off, len) == 0 &&
        bdev_read (bs, mirror + off, len, off) == -1 && !mutated)
      mismatch ("read after discard", off, len);
    return 0;
  case OP_FLUSH:
    if (bdev_flush (bs) == -1 && !mutated)
      mismatch ("flush", 0, 0);
    return 0;
  case OP_REOPEN:
    bdev_close (bs);
    *bsp = bs = open_image (fd);
    if (bs == NULL) {
      if (!mutated)
        mismatch ("reopen", 0, 0);
      return -1;
    }
    if (!mutated)
      check_all (bs, mirror, buf);
    return 0;
  default:                      /* a mutation that was not first: skip */
    take (in, 4);
    return 0;
  }
}

/* Mutate bytes of the image file while the input starts with
 * OP_MUTATE operations: mostly the first clusters (header, tables). */
static bool
mutate (int fd, size_t file_len, struct input *in)
{
  bool any = false;

  while (in->n >= 5 && in->p[0] % NR_OPS == OP_MUTATE) {
    uint32_t where;
    uint8_t v;

    take (in, 1);
    where = take (in, 3);
    v = take (in, 1);
    where = (where & 0x800000) ? where % file_len : where % 4096;
    if (where < file_len && pwrite (fd, &v, 1, where) == 1)
      any = true;
  }
  return any;
}

/* Run one program over one seed. */
static void
fuzz_one (const uint8_t *data, size_t size)
{
  struct input in = { data, size };
  const struct seed *s;
  struct bdev *bs = NULL;
  uint8_t *mirror = NULL, *buf = NULL;
  bool mutated;
  unsigned nops;
  int fd;

  if (nr_seeds == 0)
    return;
  runs++;
  s = &seeds[take (&in, 1) % nr_seeds];
  fd = image_fd (s->data, s->len);
  if (fd == -1)
    return;
  mutated = mutate (fd, s->len, &in);
  mutated_runs += mutated;
  bs = open_image (fd);
  if (bs == NULL || bs->size > MAX_VIRTUAL)
    goto out;
  opened_runs++;
  mirror = malloc (bs->size + 1);
  buf = malloc (MAX_IO);
  if (mirror == NULL || buf == NULL)
    goto out;
  /* The mirror starts as what the layer reads (for unmutated seeds,
   * the tests check that against qemu-img elsewhere). */
  if (bs->size && bdev_read (bs, mirror, bs->size, 0) == -1) {
    if (!mutated)
      mismatch ("first read", 0, bs->size);
    goto out;
  }
  for (nops = 0; nops < 64 && in.n > 0; nops++)
    if (run_op (&bs, fd, &in, mutated, mirror, buf) == -1)
      break;
 out:
  bdev_close (bs);
  free (mirror);
  free (buf);
  close (fd);
}

#ifdef GUESTKIT_LIBFUZZER

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static int loaded;

  if (!loaded) {
    char *list = getenv ("FUZZ_QCOW2_SEEDS"), *save = NULL, *p;

    loaded = 1;
    if (list && (list = strdup (list)) != NULL) {
      for (p = strtok_r (list, ":", &save); p;
           p = strtok_r (NULL, ":", &save))
        load_seed (p);
      free (list);
    }
  }
  fuzz_one (data, size);
  if (mismatches) {
    fprintf (stderr, "fuzz-qcow2: %s\n", first_mismatch);
    abort ();                   /* report the input */
  }
  return 0;
}

#else /* the driver of make check */

#include "../tap.h"

static uint64_t rng_state;

static uint64_t
rng (void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

/* A random program: sometimes mutations first, then operations. */
static size_t
make_program (uint8_t *p, size_t max)
{
  size_t n = 0, i, muts = rng () % 4 == 0 ? rng () % 8 + 1 : 0;

  p[n++] = rng ();
  for (i = 0; i < muts && n + 5 <= max; i++) {
    uint32_t where = rng ();

    p[n++] = OP_MUTATE;
    /* Half the time a byte in the header or first tables. */
    p[n++] = (rng () & 1) ? where >> 16 : (where >> 16) & 0x7f;
    p[n++] = where >> 8;
    p[n++] = where;
    p[n++] = rng ();
  }
  while (n < max) {
    uint8_t op = rng () % NR_OPS;

    p[n++] = op == OP_MUTATE ? OP_READ : op;
    if (op == OP_REOPEN && rng () % 4)  /* reopen less often */
      p[n - 1] = OP_WRITE;
    for (i = 0; i < 9 && n < max; i++)
      p[n++] = rng ();
  }
  return n;
}

int
main (int argc, char **argv)
{
  unsigned long iterations = 2000, seconds = 60, i;
  uint8_t program[640];
  time_t start = time (NULL);
  char what[160];
  int c;

  rng_state = 0x9e3779b97f4a7c15ull;
  while ((c = getopt (argc, argv, "n:s:t:")) != -1)
    switch (c) {
    case 'n': iterations = strtoul (optarg, NULL, 10); break;
    case 's': rng_state ^= strtoull (optarg, NULL, 10) * 2654435761u; break;
    case 't': seconds = strtoul (optarg, NULL, 10); break;
    default:
      fprintf (stderr, "usage: fuzz-qcow2 [-n N] [-s SEED] [-t S] IMAGE...\n");
      return 2;
    }
  for (; optind < argc; optind++)
    if (load_seed (argv[optind]) == -1) {
      fprintf (stderr, "fuzz-qcow2: %s: cannot load (missing, empty or "
               "over 8 MiB)\n", argv[optind]);
      return 2;
    }
  if (nr_seeds == 0) {
    printf ("1..0 # SKIP no seed images\n");
    return 0;
  }
  for (i = 0; i < iterations && time (NULL) - start < (time_t) seconds; i++)
    fuzz_one (program, make_program (program, 40 + rng () % 600));
  snprintf (what, sizeof what, "%lu programs (%lu mutated, %lu opened, "
            "%lu operations) ran without a crash", runs, mutated_runs,
            opened_runs, ops_done);
  ok (runs > 0, what);
  ok (opened_runs > runs / 2, "most programs opened their image");
  ok (mismatches == 0, mismatches ? first_mismatch
      : "unmutated images always agreed with the mirror");
  return tap_done ();
}

#endif
