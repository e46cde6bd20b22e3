/* guestkit — the content check of the VMM crash test.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUESTKIT_CRASH_CHECK_H
#define GUESTKIT_CRASH_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct crash_params {
  uint64_t seed;
  uint64_t cap;                 /* disk capacity in sectors */
  uint64_t acked;               /* last request the guest saw flushed */
};

struct crash_verdict {
  unsigned long checked;        /* sectors the sequence touched */
  unsigned long lost;           /* acknowledged writes not there */
  unsigned long garbage;        /* bytes no request wrote there */
  unsigned long differ;         /* our qcow2 reader disagrees (or fails) */
  unsigned reported;            /* lines written to the log */
};

/**
 * Check the raw image RAW against the probe's write sequence (see
 * crash-check.c), and if QCOW2 is not NULL read the same sectors from
 * it through the VMM's block layer, filling *V and describing the first
 * problems on LOG as TAP comments.  Returns 0, or -1 if RAW could not
 * be read.
 */
int crash_check (const char *raw, const char *qcow2,
                 const struct crash_params *cp, struct crash_verdict *v,
                 FILE *log);

#endif /* GUESTKIT_CRASH_CHECK_H */
