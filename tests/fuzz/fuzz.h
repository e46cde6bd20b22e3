/* guestkit — what a libFuzzer-shaped fuzz target defines.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares the entry point that each fuzz target in
 * F<tests/fuzz> defines: libFuzzer calls it, or F<driver.c> in make
 * check.  It returns 0; a bug shows as a crash or an abort.
 */

#ifndef GUESTKIT_TESTS_FUZZ_H
#define GUESTKIT_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Optional, for targets that count broken invariants rather than
 * crash on them: after the run, a line of counters in BUF and 0 if
 * every invariant held.  driver.c reports it as one more check. */
int fuzz_verdict (char *buf, size_t len) __attribute__((weak));

#endif
