/* guestkit — generator: API table, area "xattr_streams".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the "xattr_streams" area.  Daemon calls
 * of this area take procedure numbers 300..399 (append-only).
 * Tests are described in F<types.h> (struct test) and run by
 * F<tests/test-actions.sh>.
 */

#include <config.h>

#include "types.h"

const struct action actions_xattr_streams[] = {
  { .name = NULL }
};

/* Library-side calls of this area (proc_nr 0). */
const struct action actions_lib_streams[] = {
  { .name = NULL }
};
