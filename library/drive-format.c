/* guestkit — libguestfs-compatible library.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the format decision made for every drive at
 * launch, the same for both backends (each then opens the image as
 * decided, never probing it again with its own rules).
 *
 * The format is what the caller said.  When the caller said nothing,
 * the image's header is probed, and a probed image is trusted with
 * nothing but its data: a qcow2 that names a backing file is refused
 * (naming the format explicitly allows it), so a guest that wrote a
 * qcow2 header over its raw disk cannot make us read host files.  An
 * external data file is refused in every case, and so is any format
 * other than raw and qcow2 (we say which one was seen).
 *
 * The VMM backend adds one more rule in its block layer: a probed raw
 * image refuses writes that would make it probe as another format.
 */

#include <config.h>

#include <errno.h>
#include <string.h>

#include "guestfs-internal.h"

/* The image claims FORMAT; is that consistent with its header? */
static int
check_given (guestfs_h *g, const struct drive *d,
             const struct guestfs_int_disk_info *info)
{
  if (strcmp (d->format, "qcow2") == 0 && strcmp (info->format, "qcow2") != 0) {
    guestfs_int_error_errno (g, EINVAL, "launch: %s: format \"qcow2\" was "
                             "given but the image is %s", d->filename,
                             info->format);
    return -1;
  }
  return 0;
}

static int
check_probed (guestfs_h *g, const struct drive *d,
              const struct guestfs_int_disk_info *info)
{
  if (strcmp (info->format, "raw") != 0 && strcmp (info->format, "qcow2") != 0) {
    guestfs_int_error_errno (g, ENOTSUP, "launch: %s: the image looks like "
                             "%s, which is not supported (give "
                             "format \"raw\" to use it as a raw disk)",
                             d->filename, info->format);
    return -1;
  }
  if (info->has_backing_file) {
    guestfs_int_error_errno (g, EPERM, "launch: %s: probed as qcow2 with a "
                             "backing file, which a probed image may not "
                             "follow (give format \"qcow2\" to allow it)",
                             d->filename);
    return -1;
  }
  return 0;
}

static int
decide (guestfs_h *g, struct drive *d)
{
  struct guestfs_int_disk_info info;

  if (guestfs_int_disk_probe (g, "launch", d->filename, NULL, &info) == -1)
    return -1;
  if (d->format ? check_given (g, d, &info) == -1
      : check_probed (g, d, &info) == -1)
    return -1;
  if (info.has_data_file && (!d->format || strcmp (d->format, "raw") != 0)) {
    guestfs_int_error_errno (g, ENOTSUP, "launch: %s: qcow2 images with "
                             "an external data file are not supported",
                             d->filename);
    return -1;
  }
  d->probed = d->format == NULL;
  d->launch_format = d->format ? (strcmp (d->format, "qcow2") == 0 ? "qcow2"
                                  : "raw") : info.format;
  return 0;
}

/**
 * Decide the format of every drive (C<launch_format>, C<probed>).
 * Returns 0, or -1 with the error set on the first drive refused.
 */
int
guestfs_int_drives_decide_formats (guestfs_h *g)
{
  size_t i;

  for (i = 0; i < g->nr_drives; i++)
    if (decide (g, &g->drives[i]) == -1)
      return -1;
  return 0;
}
