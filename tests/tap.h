/* guestkit — the TAP helpers that the C unit tests share.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file gives each C test its TAP output (the Test Anything
 * Protocol that automake's tap-driver.sh reads): C<ok> prints one
 * "ok N - what" or "not ok N - what" line and counts it, and
 * C<tap_done> prints the plan "1..N" at the end and returns the exit
 * status of the test, EXIT_FAILURE if any check failed.  Each line is
 * flushed at once so that nothing is lost or printed twice when a test
 * forks or dies.  A test that skips altogether prints its own
 * "1..0 # SKIP why" line instead.  Include it from one file per
 * program only: the counters are that file's own.
 */

#ifndef GUESTKIT_TESTS_TAP_H
#define GUESTKIT_TESTS_TAP_H

#include <stdio.h>
#include <stdlib.h>

/* The number of checks so far, and how many of them failed. */
static int test_nr, failures;

/* Report one check: COND true passes; WHAT says what it checks. */
static void __attribute__((unused))
ok (int cond, const char *what)
{
  test_nr++;
  printf ("%sok %d - %s\n", cond ? "" : "not ", test_nr, what);
  fflush (stdout);
  if (!cond)
    failures++;
}

/* Print the plan and return the test's exit status. */
static int __attribute__((unused))
tap_done (void)
{
  printf ("1..%d\n", test_nr);
  fflush (stdout);
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* GUESTKIT_TESTS_TAP_H */
