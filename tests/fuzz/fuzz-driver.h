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
 *  - Otherwise it is linked with F<driver.c>, the make check driver
 *    every fuzz target shares (corpus replay, then random mutations);
 *    broken invariants are counted, the first is printed with the
 *    input that broke it (hex), and C<fuzz_verdict> makes them one
 *    more check.
 */

#ifndef GUESTKIT_TESTS_FUZZ_DRIVER_H
#define GUESTKIT_TESTS_FUZZ_DRIVER_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#else /* make check: tests/fuzz/driver.c runs the programs */

#include "fuzz.h"

/* The first broken invariant, with the input that broke it (hex). */
static void
report_failure (const uint8_t *data, size_t size)
{
  size_t i;

  printf ("# %s: %s\n# input:", FUZZ_NAME, fuzz_first_failure);
  for (i = 0; i < size; i++)
    printf ("%s%02x", i % 32 ? "" : "\n# ", data[i]);
  printf ("\n");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  unsigned long before = fuzz_failures;

  fuzz_one (data, size);
  if (before == 0 && fuzz_failures > 0)
    report_failure (data, size);
  return 0;
}

int
fuzz_verdict (char *buf, size_t len)
{
  fuzz_summary (buf, len);
  if (fuzz_failures == 0)
    return 0;
  printf ("# %lu broken invariants; first: %s\n", fuzz_failures,
          fuzz_first_failure);
  return -1;
}

#endif /* GUESTKIT_LIBFUZZER */
#endif /* GUESTKIT_TESTS_FUZZ_DRIVER_H */
