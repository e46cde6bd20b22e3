/* guestkit — the VMM's block layer: test-only fault injection.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the fault-injection rules of inject.h: one
 * rule per injection point, armed by a test (blocktool --inject), and
 * the check the formats make before each host I/O of that kind.  The
 * rules are process-wide and meant for single-threaded test drivers.
 */

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block/block.h"
#include "block/inject.h"

struct rule {
  bool armed;
  bool always;
  int err;
  unsigned long skip;           /* hits still to let through */
  unsigned fired;
};

static struct rule rules[BDEV_INJ_NPOINTS];
static bool any_armed;

static const char *const names[BDEV_INJ_NPOINTS] = {
  "data", "l2", "refcount", "alloc", "flush",
};

const char *
bdev_inject_name (enum bdev_inject_point point)
{
  return point < BDEV_INJ_NPOINTS ? names[point] : "?";
}

static int
point_of (const char *s)
{
  int i;

  for (i = 0; i < BDEV_INJ_NPOINTS; i++)
    if (strcmp (s, names[i]) == 0)
      return i;
  return -1;
}

/* One "POINT:ERRNO:MODE[:SKIP]" (modified in place). */
static int
parse_rule (char *s, char *err, size_t errlen)
{
  char *f[5] = { NULL }, *save = NULL, *end;
  struct rule r = { .armed = true };
  int n = 0, p;

  for (char *t = strtok_r (s, ":", &save); t && n < 5;
       t = strtok_r (NULL, ":", &save))
    f[n++] = t;
  if (n < 3 || n > 4 || (p = point_of (f[0])) == -1)
    goto bad;
  if (strcmp (f[1], "EIO") == 0)
    r.err = EIO;
  else if (strcmp (f[1], "ENOSPC") == 0)
    r.err = ENOSPC;
  else
    goto bad;
  if (strcmp (f[2], "always") == 0)
    r.always = true;
  else if (strcmp (f[2], "once") != 0)
    goto bad;
  if (n == 4) {
    errno = 0;
    r.skip = strtoul (f[3], &end, 10);
    if (errno || end == f[3] || *end)
      goto bad;
  }
  rules[p] = r;
  return 0;
 bad:
  bdev_errorf (err, errlen, "inject: bad rule '%s' (want POINT:EIO|ENOSPC:"
               "once|always[:SKIP], POINT data, l2, refcount, alloc or "
               "flush)", f[0] ? f[0] : "");
  return -1;
}

int
bdev_inject_parse (const char *spec, char *err, size_t errlen)
{
  char *copy = strdup (spec), *save = NULL;
  int r = 0;

  if (copy == NULL) {
    bdev_errorf (err, errlen, "inject: out of memory");
    return -1;
  }
  memset (rules, 0, sizeof rules);
  for (char *t = strtok_r (copy, ",", &save); t && r == 0;
       t = strtok_r (NULL, ",", &save))
    r = parse_rule (t, err, errlen);
  free (copy);
  any_armed = r == 0;
  if (r == -1)
    memset (rules, 0, sizeof rules);
  return r;
}

int
bdev_inject_check (enum bdev_inject_point point)
{
  struct rule *r;

  if (!any_armed || point >= BDEV_INJ_NPOINTS)
    return 0;
  r = &rules[point];
  if (!r->armed)
    return 0;
  if (r->skip > 0) {
    r->skip--;
    return 0;
  }
  r->fired++;
  if (!r->always)
    r->armed = false;
  errno = r->err;
  return -1;
}

unsigned
bdev_inject_fired (enum bdev_inject_point point)
{
  return point < BDEV_INJ_NPOINTS ? rules[point].fired : 0;
}
