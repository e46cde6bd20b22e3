/* guestkit — the VMM's block layer: test-only fault injection.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * A blkdebug-like rule engine for tests: the formats call
 * C<bdev_inject (POINT)> just before the host I/O of that kind, and a
 * rule armed for POINT makes the I/O fail with its errno instead.
 * Nothing is armed unless a test calls C<bdev_inject_parse>; disarmed,
 * a check costs one load and a branch.
 */

#ifndef GUESTKIT_VMM_BLOCK_INJECT_H
#define GUESTKIT_VMM_BLOCK_INJECT_H

#include <stddef.h>

enum bdev_inject_point {
  BDEV_INJ_DATA,                /* a guest data write to the image file */
  BDEV_INJ_L2,                  /* an L2 table written back */
  BDEV_INJ_REFCOUNT,            /* a refcount block or table written */
  BDEV_INJ_ALLOC,               /* a cluster allocation */
  BDEV_INJ_FLUSH,               /* an fdatasync of the image */
  BDEV_INJ_NPOINTS
};

/**
 * Arm the rules in SPEC: comma-separated C<POINT:ERRNO:MODE[:SKIP]>
 * where POINT is data, l2, refcount, alloc or flush; ERRNO is EIO or
 * ENOSPC; MODE is once or always; SKIP is the number of hits that
 * pass before the first failure (default 0).  Replaces earlier rules.
 * Returns 0, or -1 with a message in ERR.
 */
int bdev_inject_parse (const char *spec, char *err, size_t errlen);

/* 0 if the I/O at POINT may go ahead, else -1 with errno set. */
int bdev_inject_check (enum bdev_inject_point point);

/* How many failures were injected at POINT so far. */
unsigned bdev_inject_fired (enum bdev_inject_point point);

/* The name of POINT ("data", "l2", ...). */
const char *bdev_inject_name (enum bdev_inject_point point);

#endif /* GUESTKIT_VMM_BLOCK_INJECT_H */
