/* guestkit — disk image formats recognised by their magic numbers.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the one format probe shared by the library
 * (F<library/disk-probe.c>, F<drive-format.c>) and the VMM's block
 * layer (F<library/vmm/block/block.c>), so both decide alike: the
 * format whose magic starts an image's first bytes, as qemu would
 * probe it, or "raw" when none matches.  Header-only: the two sides
 * link different libraries.
 */

#ifndef GUESTKIT_IMAGE_MAGIC_H
#define GUESTKIT_IMAGE_MAGIC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static const struct {
  const char *name;
  size_t offset;
  const char *magic;
  size_t len;
} image_magics[] = {
  { "qed", 0, "QFI\0", 4 },
  { "vmdk", 0, "KDMV", 4 },
  { "vmdk", 0, "COWD", 4 },
  { "vmdk", 0, "# Disk DescriptorFile", 21 },
  { "vhdx", 0, "vhdxfile", 8 },
  { "vpc", 0, "conectix", 8 },
  { "vdi", 64, "\x7f\x10\xda\xbe", 4 },
  { "luks", 0, "LUKS\xba\xbe", 6 },
  { "bochs", 0, "Bochs Virtual HD Image", 22 },
  { "parallels", 0, "WithoutFreeSpace", 16 },
  { "parallels", 0, "WithouFreSpacExt", 16 },
  { "cloop", 0, "#!/bin/sh\n#V2.0 Format\n", 23 },
};

/**
 * The format of the image whose first LEN bytes are BUF: "qcow2"
 * (versions 2 and 3), "qcow" (version 1), "unknown" (another qcow
 * version), a name from the table, or "raw".  A static string.
 */
static inline const char *
image_magic_probe (const uint8_t *buf, size_t len)
{
  size_t i;

  if (len >= 8 && memcmp (buf, "QFI\xfb", 4) == 0) {
    uint32_t v = (uint32_t) buf[4] << 24 | (uint32_t) buf[5] << 16 |
      (uint32_t) buf[6] << 8 | buf[7];

    return v == 1 ? "qcow" : v == 2 || v == 3 ? "qcow2" : "unknown";
  }
  for (i = 0; i < sizeof image_magics / sizeof image_magics[0]; i++)
    if (len >= image_magics[i].offset + image_magics[i].len &&
        memcmp (buf + image_magics[i].offset, image_magics[i].magic,
                image_magics[i].len) == 0)
      return image_magics[i].name;
  return "raw";
}

#endif /* GUESTKIT_IMAGE_MAGIC_H */
