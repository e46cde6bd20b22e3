/* guestkit — the VMM's block layer: qcow2 images.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the qcow2 format (placeholder until the format
 * lands: every qcow2 image is refused with a named error).
 */

#include <config.h>

#include <unistd.h>

#include "block.h"

struct bdev *
qcow2_open (const struct bdev_format_args *a)
{
  bdev_errorf (a->err, a->errlen, "%s: qcow2 is not supported yet", a->path);
  close (a->fd);
  return NULL;
}
