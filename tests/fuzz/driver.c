/* guestkit — the make check driver shared by the libFuzzer-shaped targets.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the C<main> that runs a libFuzzer-shaped target
 * (one that defines C<LLVMFuzzerTestOneInput>) without libFuzzer: it
 * replays every corpus file named on the command line (or found in a
 * directory named), then feeds random mutations of them (bit flips,
 * byte sets, inserts, deletes, truncations, splices) for a number of
 * iterations or seconds.
 *
 *   fuzz-TARGET [-n ITERATIONS] [-t SECONDS] [-s SEED] FILE...
 *
 * A crash, a sanitizer report or a target's own abort ends the program
 * (the test fails); otherwise it prints TAP.  The libFuzzer build of a
 * target leaves this file out.
 */

#include <config.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../tap.h"

#define FUZZ_INPUT_MAX (256u << 10)
#define MAX_FILES 1024

#include "fuzz.h"

struct input {
  uint8_t *data;
  size_t len;
};

static struct input corpus[MAX_FILES];
static unsigned nr_corpus;
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
load (const char *path)
{
  struct input *in = &corpus[nr_corpus];
  FILE *f = fopen (path, "rb");

  if (f == NULL || nr_corpus == MAX_FILES) {
    if (f)
      fclose (f);
    return -1;
  }
  in->data = malloc (FUZZ_INPUT_MAX);
  in->len = in->data ? fread (in->data, 1, FUZZ_INPUT_MAX, f) : 0;
  fclose (f);
  if (in->data == NULL)
    return -1;
  nr_corpus++;
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
    return load (path);
  for (i = 0; i < n; i++) {
    if (names[i]->d_name[0] != '.') {
      snprintf (file, sizeof file, "%s/%s", path, names[i]->d_name);
      r |= load (file);
    }
    free (names[i]);
  }
  free (names);
  return r;
}

/* One mutation of BUF (LEN bytes now, room for FUZZ_INPUT_MAX). */
static size_t
mutate_once (uint8_t *buf, size_t len)
{
  size_t at = len ? rng () % len : 0, n;
  static const uint32_t magic[] = { 0, 1, 0x7f, 0x80, 0xff, 0xffff,
    0x7fffffff, 0x80000000, 0xffffffff, 0x400000, 0x400001, 40, 39 };
  uint32_t v;

  switch (rng () % 7) {
  case 0:                       /* flip a bit */
    if (len)
      buf[at] ^= 1u << (rng () % 8);
    return len;
  case 1:                       /* set a byte */
    if (len)
      buf[at] = rng ();
    return len;
  case 2:                       /* an interesting 32-bit value */
    v = magic[rng () % (sizeof magic / sizeof magic[0])];
    if (len >= 4) {
      at = rng () % (len - 3);
      buf[at] = v >> 24; buf[at + 1] = v >> 16;
      buf[at + 2] = v >> 8; buf[at + 3] = v;
    }
    return len;
  case 3:                       /* insert random bytes */
    n = rng () % 16 + 1;
    if (len + n > FUZZ_INPUT_MAX)
      return len;
    memmove (buf + at + n, buf + at, len - at);
    for (v = 0; v < n; v++)
      buf[at + v] = rng ();
    return len + n;
  case 4:                       /* delete a run */
    n = len ? rng () % (len - at) + 1 : 0;
    memmove (buf + at, buf + at + n, len - at - n);
    return len - n;
  case 5:                       /* truncate */
    return at;
  default:                      /* copy a run from elsewhere */
    if (len < 2)
      return len;
    n = rng () % (len - at) + 1;
    memmove (buf + at, buf + rng () % (len - n + 1), n);
    return len;
  }
}

int
main (int argc, char **argv)
{
  unsigned long iterations = 2000, seconds = 10, i, j, done = 0;
  time_t start = time (NULL);
  uint8_t *buf = malloc (FUZZ_INPUT_MAX);
  char what[200];
  size_t len;
  int c;

  while ((c = getopt (argc, argv, "n:s:t:")) != -1)
    switch (c) {
    case 'n': iterations = strtoul (optarg, NULL, 10); break;
    case 's': rng_state ^= strtoull (optarg, NULL, 10) * 2654435761u; break;
    case 't': seconds = strtoul (optarg, NULL, 10); break;
    default:
      fprintf (stderr, "usage: %s [-n N] [-s SEED] [-t S] FILE...\n",
               argv[0]);
      return 2;
    }
  for (; optind < argc; optind++)
    if (load_path (argv[optind]) == -1) {
      fprintf (stderr, "%s: %s: cannot load\n", argv[0], argv[optind]);
      return 2;
    }
  if (buf == NULL || nr_corpus == 0) {
    printf ("1..0 # SKIP no corpus\n");
    return 0;
  }
  for (i = 0; i < nr_corpus; i++) {
    memcpy (buf, corpus[i].data, corpus[i].len);
    LLVMFuzzerTestOneInput (buf, corpus[i].len);
  }
  snprintf (what, sizeof what, "%u corpus inputs replayed", nr_corpus);
  ok (1, what);
  for (i = 0; i < iterations && time (NULL) - start < (time_t) seconds; i++) {
    const struct input *in = &corpus[rng () % nr_corpus];

    memcpy (buf, in->data, in->len);
    len = in->len;
    for (j = rng () % 8 + 1; j > 0; j--)
      len = mutate_once (buf, len);
    LLVMFuzzerTestOneInput (buf, len);
    done++;
  }
  snprintf (what, sizeof what, "%lu random mutations ran without a crash",
            done);
  ok (done > 0, what);
  if (fuzz_verdict)
    ok (fuzz_verdict (what, sizeof what) == 0, what);
  free (buf);
  return tap_done ();
}
