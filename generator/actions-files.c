/* guestkit — generator: API table, area "files".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the "files" area.  Daemon calls
 * of this area take procedure numbers 100..199 (append-only).
 * Tests are described in F<types.h> (struct test) and run by
 * F<tests/test-actions.sh>.
 */

#include <config.h>

#include "types.h"

const struct action actions_files[] = {
  { .name = NULL }
};
