/* guestkit — libguestfs-compatible library.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements C<guestfs_disk_format>,
 * C<guestfs_disk_virtual_size> and C<guestfs_disk_has_backing_file>,
 * which look at a host disk image without running any program.
 *
 * Only the first bytes of the image are read, into a fixed buffer,
 * and a backing file is never opened: an image may come from an
 * untrusted source, so its header is data, never a path to follow.
 * Images that are not recognised as anything else are raw, as qemu
 * treats them; a qcow2 header with an unknown version is "unknown".
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "guestfs-internal.h"
#include "guestfs-internal-actions.h"
#include "image-magic.h"

#define PROBE_LEN 512           /* bytes of header read */

static uint32_t
be32 (const unsigned char *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 |
    (uint32_t) p[2] << 8 | p[3];
}

static uint64_t
be64 (const unsigned char *p)
{
  return (uint64_t) be32 (p) << 32 | be32 (p + 4);
}

/* Open FILENAME for probing: a regular file or a block device (a
 * FIFO or tty would block or misbehave).  Returns the fd, or -1
 * after setting the error. */
static int
probe_open (guestfs_h *g, const char *name, const char *filename)
{
  struct stat st;
  int fd;

  fd = open (filename, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd == -1) {
    perrorf (g, "%s: %s", name, filename);
    return -1;
  }
  if (fstat (fd, &st) == -1) {
    perrorf (g, "%s: %s", name, filename);
    close (fd);
    return -1;
  }
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode)) {
    guestfs_int_error_errno (g, EINVAL,
                             "%s: %s: not a regular file or block device",
                             name, filename);
    close (fd);
    return -1;
  }
  return fd;
}

/* Fill INFO from the open image FD, read as FORMAT (NULL: detect).
 * Returns 0, or -1 after setting the error. */
static int
probe_fd (guestfs_h *g, const char *name, const char *filename, int fd,
          const char *format, struct guestfs_int_disk_info *info)
{
  unsigned char buf[PROBE_LEN];
  ssize_t r;
  off_t end;

  r = pread (fd, buf, sizeof buf, 0);
  if (r == -1) {
    perrorf (g, "%s: %s", name, filename);
    return -1;
  }
  info->format = format ? format : image_magic_probe (buf, r);
  info->virtual_size = -1;
  info->has_backing_file = false;
  info->has_data_file = false;
  if (strcmp (info->format, "raw") == 0) {
    end = lseek (fd, 0, SEEK_END);
    if (end == -1) {
      perrorf (g, "%s: %s", name, filename);
      return -1;
    }
    info->virtual_size = end;
  }
  else if (strcmp (info->format, "qcow2") == 0) {
    if (r < 72 || memcmp (buf, "QFI\xfb", 4) != 0 ||
        (be32 (buf + 4) != 2 && be32 (buf + 4) != 3) ||
        be64 (buf + 24) > INT64_MAX) {
      guestfs_int_error_errno (g, EINVAL, "%s: %s: invalid qcow2 header",
                               name, filename);
      return -1;
    }
    info->virtual_size = be64 (buf + 24);
    info->has_backing_file = be64 (buf + 8) != 0 && be32 (buf + 16) != 0;
    /* Version 3: incompatible feature bit 2, an external data file. */
    info->has_data_file = be32 (buf + 4) == 3 && r >= 80 &&
      (be64 (buf + 72) & 4) != 0;
  }
  return 0;
}

int
guestfs_int_disk_probe (guestfs_h *g, const char *name,
                        const char *filename, const char *format,
                        struct guestfs_int_disk_info *info)
{
  int fd, r;

  fd = probe_open (g, name, filename);
  if (fd == -1)
    return -1;
  r = probe_fd (g, name, filename, fd, format, info);
  close (fd);
  return r;
}

char *
guestfs_impl_disk_format (guestfs_h *g, const char *filename)
{
  struct guestfs_int_disk_info info;

  if (guestfs_int_disk_probe (g, "disk_format", filename, NULL, &info) == -1)
    return NULL;
  return safe_strdup (g, info.format);
}

int64_t
guestfs_impl_disk_virtual_size (guestfs_h *g, const char *filename)
{
  struct guestfs_int_disk_info info;

  if (guestfs_int_disk_probe (g, "disk_virtual_size", filename, NULL,
                              &info) == -1)
    return -1;
  if (info.virtual_size < 0) {
    guestfs_int_error_errno (g, ENOTSUP,
                             "disk_virtual_size: %s: cannot read the size "
                             "of a %s image", filename, info.format);
    return -1;
  }
  return info.virtual_size;
}

int
guestfs_impl_disk_has_backing_file (guestfs_h *g, const char *filename)
{
  struct guestfs_int_disk_info info;

  if (guestfs_int_disk_probe (g, "disk_has_backing_file", filename, NULL,
                              &info) == -1)
    return -1;
  return info.has_backing_file;
}
