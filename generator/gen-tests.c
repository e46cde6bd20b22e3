/* guestkit — generator: the per-call tests.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the emitter of F<tests/actions.tests>, the
 * per-call test cases of the API table, in the plain format that
 * F<tests/test-actions.sh> runs through guestfish:
 *
 *   @@test NAME.N PREP AREA
 *   guestfish script lines
 *   @@expect
 *   expected output (or ~REGEX: the output must match)
 *   @@end
 */

#include <config.h>

#include <string.h>

#include "types.h"

void
generate_tests (void)
{
  const struct action *a;
  const struct test *t;
  int n;

  output_begin ("tests/actions.tests", "sh");
  for (a = action_next (NULL); a; a = action_next (a)) {
    if (!a->tests)
      continue;
    for (t = a->tests, n = 0; t->prep; t++, n++) {
      pr ("@@test %s.%d %s %s\n%s\n@@expect\n%s", a->name, n, t->prep,
          action_area (a), t->script, t->expect);
      if (*t->expect && t->expect[strlen (t->expect) - 1] != '\n')
        pr ("\n");
      pr ("@@end\n");
    }
  }
  output_end ();
}
