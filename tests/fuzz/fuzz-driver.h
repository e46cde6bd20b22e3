/* guestkit — the two ways each VMM device fuzz target runs.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements what the VMM device fuzz targets
 * (F<fuzz-virtqueue.c>, F<fuzz-virtio-blk.c>) share around their own
 * C<fuzz_one>: the input reader, and the two entry points.
 *
 * A target defines FUZZ_NAME, includes this file, then defines
 * C<fuzz_one (data, size)> (one program: records a broken invariant
 * with C<fuzz_fail> or C<CHECK>) and C<fuzz_summary (buf, len)> (a
 * line of counters).
 *
 *  - Built with -DGUESTKIT_LIBFUZZER and -fsanitize=fuzzer, it is a
 *    libFuzzer target: a broken invariant aborts so the input is kept.
 *  - Otherwise C<main> is a TAP test for make check: it replays every
 *    file named (or found in a directory named) on the command line,
 *    then runs random mutations of them (byte flips, splices, random
 *    tails) for -n N programs or -t S seconds, whichever ends first,
 *    from seed -s SEED.  One "ok" per check; the first broken
 *    invariant is printed with the input that broke it (hex).
 */

#ifndef GUESTKIT_TESTS_FUZZ_DRIVER_H
#define GUESTKIT_TESTS_FUZZ_DRIVER_H

#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The input, consumed byte by byte (zeros when exhausted). */
struct input {
  const uint8_t *p;
  size_t n;
};

static uint64_t __attribute__((unused))
take (struct input *in, unsigned bytes)
{
  uint64_t v = 0;
  unsigned i;

  for (i = 0; i < bytes; i++) {
    v |= (uint64_t) (in->n ? *in->p : 0) << (8 * i);
    if (in->n) {
      in->p++;
      in->n--;
    }
  }
  return v;
}

static unsigned long fuzz_failures;
static char fuzz_first_failure[512];

/* Record a broken invariant (the first one's text is kept). */
static void __attribute__((format (printf, 1, 2)))
fuzz_fail (const char *fmt, ...)
{
  va_list ap;

  if (fuzz_failures++ == 0) {
    va_start (ap, fmt);
    vsnprintf (fuzz_first_failure, sizeof fuzz_first_failure, fmt, ap);
    va_end (ap);
  }
}

#define CHECK(cond, ...) do { if (!(cond)) fuzz_fail (__VA_ARGS__); } while (0)

static void fuzz_one (const uint8_t *data, size_t size);
static void fuzz_summary (char *buf, size_t len);

#ifdef GUESTKIT_LIBFUZZER

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_one (data, size);
  if (fuzz_failures) {
    fprintf (stderr, "%s: %s\n", FUZZ_NAME, fuzz_first_failure);
    abort ();                   /* libFuzzer keeps the input */
  }
  return 0;
}

#else /* the driver of make check */

#include "../tap.h"

#define MAX_SEEDS 1024
#define FUZZ_MAX_INPUT 4096

static uint8_t *seed_data[MAX_SEEDS];
static size_t seed_len[MAX_SEEDS];
static unsigned nr_seeds;
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rng (void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static int
load_file (const char *path)
{
  FILE *f = fopen (path, "rb");
  uint8_t *buf;
  size_t n;

  if (f == NULL)
    return -1;
  buf = malloc (FUZZ_MAX_INPUT);
  n = buf ? fread (buf, 1, FUZZ_MAX_INPUT, f) : 0;
  fclose (f);
  if (buf == NULL || nr_seeds == MAX_SEEDS) {
    free (buf);
    return -1;
  }
  seed_data[nr_seeds] = buf;
  seed_len[nr_seeds++] = n;
  return 0;
}

/* PATH: a file, or a directory of files (sorted, so runs repeat). */
static int
load_path (const char *path)
{
  struct dirent **names;
  char file[4096];
  int n, i, r = 0;

  n = scandir (path, &names, NULL, alphasort);
  if (n < 0)
    return load_file (path);
  for (i = 0; i < n; i++) {
    if (names[i]->d_name[0] != '.') {
      snprintf (file, sizeof file, "%s/%s", path, names[i]->d_name);
      r |= load_file (file);
    }
    free (names[i]);
  }
  free (names);
  return r;
}

/* A mutation of a seed (or random bytes) into BUF; returns its size. */
static size_t
mutate (uint8_t *buf)
{
  size_t n = 0, i, k;

  if (nr_seeds && rng () % 8) {
    i = rng () % nr_seeds;
    n = seed_len[i];
    memcpy (buf, seed_data[i], n);
  }
  for (k = rng () % 6 + 1; k > 0; k--) {
    switch (rng () % 5) {
    case 0: case 1:             /* flip a byte */
      if (n)
        buf[rng () % n] = rng ();
      break;
    case 2:                     /* append random bytes */
      for (i = rng () % 32; i > 0 && n < FUZZ_MAX_INPUT; i--)
        buf[n++] = rng ();
      break;
    case 3:                     /* splice in another seed's tail */
      if (nr_seeds && n) {
        size_t s = rng () % nr_seeds, from = rng () % (seed_len[s] + 1);
        size_t at = rng () % n, len = seed_len[s] - from;

        if (at + len > FUZZ_MAX_INPUT)
          len = FUZZ_MAX_INPUT - at;
        memcpy (buf + at, seed_data[s] + from, len);
        n = at + len > n ? at + len : n;
      }
      break;
    default:                    /* truncate */
      if (n)
        n = rng () % n;
    }
  }
  return n;
}

static void
report_failure (const uint8_t *data, size_t size)
{
  size_t i;

  if (fuzz_failures != 1)
    return;
  printf ("# %s: %s\n# input:", FUZZ_NAME, fuzz_first_failure);
  for (i = 0; i < size; i++)
    printf ("%s%02x", i % 32 ? "" : "\n# ", data[i]);
  printf ("\n");
}

int
main (int argc, char **argv)
{
  unsigned long iterations = 20000, seconds = 10, i, replayed = 0;
  static uint8_t buf[FUZZ_MAX_INPUT];
  time_t start = time (NULL);
  char what[256];
  int c;

  while ((c = getopt (argc, argv, "n:s:t:")) != -1)
    switch (c) {
    case 'n': iterations = strtoul (optarg, NULL, 10); break;
    case 's': rng_state ^= strtoull (optarg, NULL, 10) * 2654435761u; break;
    case 't': seconds = strtoul (optarg, NULL, 10); break;
    default:
      fprintf (stderr, "usage: %s [-n N] [-s SEED] [-t S] CORPUS...\n",
               FUZZ_NAME);
      return 2;
    }
  for (; optind < argc; optind++)
    if (load_path (argv[optind]) == -1) {
      fprintf (stderr, "%s: %s: cannot load\n", FUZZ_NAME, argv[optind]);
      return 2;
    }
  for (i = 0; i < nr_seeds; i++, replayed++) {
    fuzz_one (seed_data[i], seed_len[i]);
    report_failure (seed_data[i], seed_len[i]);
  }
  snprintf (what, sizeof what, "%lu corpus inputs replayed", replayed);
  ok (nr_seeds > 0 && fuzz_failures == 0, what);
  for (i = 0; i < iterations && time (NULL) - start < (time_t) seconds; i++) {
    size_t n = mutate (buf);

    fuzz_one (buf, n);
    report_failure (buf, n);
  }
  snprintf (what, sizeof what, "%lu mutated programs", i);
  ok (i > 0 && fuzz_failures == 0, what);
  fuzz_summary (what, sizeof what);
  ok (fuzz_failures == 0, what);
  if (fuzz_failures)
    printf ("# %lu broken invariants; first: %s\n", fuzz_failures,
            fuzz_first_failure);
  return tap_done ();
}

#endif /* GUESTKIT_LIBFUZZER */
#endif /* GUESTKIT_TESTS_FUZZ_DRIVER_H */
