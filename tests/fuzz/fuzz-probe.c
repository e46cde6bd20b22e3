/* guestkit — a fuzz target for the disk image format probe.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a fuzz target for the format probe shared by
 * the library and the VMM (F<common/utils/image-magic.h>, through
 * C<bdev_probe> in F<library/vmm/block/block.c>) and for what follows
 * it: opening the image with the probed format (the qcow2 header
 * parse, backing names refused) and the guard that keeps a probed raw
 * image raw.  The input is the image's first bytes.
 *
 * What must hold:
 *  - the probe never reads past its input and answers one of the known
 *    names, the same through both entry points; a format found in
 *    the first 72 bytes or more stays the answer with more bytes, and
 *    one found in fewer never turns into raw;
 *  - an image opened with no format given is opened as what the probe
 *    said (only raw and qcow2 open; a raw image always opens);
 *  - a write to a probed raw image either fails or leaves its first
 *    bytes probing as raw, and a failed write changes nothing.
 *
 * Run by tests/fuzz/test-fuzz-vmm.sh over tests/fuzz/corpus/probe/,
 * and by tests/fuzz/run-vmm-fuzzers.sh under libFuzzer.
 */

#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "block/block.h"
#include "image-magic.h"

#define FUZZ_NAME "fuzz-probe"
#include "fuzz-driver.h"

#define IMAGE_MAX (64u << 10)

static unsigned long programs, opened_raw, opened_qcow2, refused,
  writes_refused;

static bool
known (const char *name)
{
  static const char *const names[] = { "raw", "qcow2", "qcow", "unknown",
    "qed", "vmdk", "vhdx", "vpc", "vdi", "luks", "bochs", "parallels",
    "cloop" };
  size_t i;

  for (i = 0; i < sizeof names / sizeof names[0]; i++)
    if (name && strcmp (name, names[i]) == 0)
      return true;
  return false;
}

/* The probe itself, on exact-size copies so ASan sees any overread. */
static const char *
check_probe (const uint8_t *data, size_t size)
{
  static const size_t cuts[] = { 0, 4, 7, 8, 21, 64, 68, 72, 2048 };
  const char *all = bdev_probe (data, size), *part;
  size_t i;

  CHECK (known (all), "probe answered %s", all ? all : "NULL");
  CHECK (strcmp (all, image_magic_probe (data, size)) == 0,
         "the library and the VMM probe differently");
  for (i = 0; i < sizeof cuts / sizeof cuts[0] && cuts[i] <= size; i++) {
    uint8_t *copy = malloc (cuts[i] + 1);
    if (copy == NULL)
      continue;
    memcpy (copy, data, cuts[i]);
    part = bdev_probe (copy, cuts[i]);
    /* Once every magic fits (72 bytes), more bytes change nothing;
     * before that, a longer magic may win, but never raw. */
    CHECK (strcmp (part, "raw") == 0 ||
           (cuts[i] >= 72 ? strcmp (part, all) == 0
                          : strcmp (all, "raw") != 0),
           "the first %zu bytes probe as %s, all of them as %s",
           cuts[i], part, all);
    free (copy);
  }
  return all;
}

/* Write fuzz bytes at the start of a probed raw image. */
static void
check_raw_guard (struct bdev *bs, int fd, struct input *in)
{
  uint8_t patch[64], head[BDEV_PROBE_LEN], before[BDEV_PROBE_LEN];
  uint64_t off = take (in, 2) % BDEV_PROBE_LEN, len = 1 + take (in, 1) % 64;
  int64_t n;
  unsigned i;

  if (bs->size < off + len)
    return;
  for (i = 0; i < len; i++)
    patch[i] = take (in, 1);
  n = bdev_pread_upto (fd, before, sizeof before, 0);
  if (bdev_write (bs, patch, len, off) == -1) {
    writes_refused++;
    CHECK (bdev_pread_upto (fd, head, sizeof head, 0) == n &&
           memcmp (head, before, n) == 0, "a refused write changed the image");
    return;
  }
  n = bdev_pread_upto (fd, head, sizeof head, 0);
  CHECK (n >= 0 && strcmp (bdev_probe (head, n), "raw") == 0,
         "a write made a probed raw image probe as %s",
         n >= 0 ? bdev_probe (head, n) : "?");
}

static void
fuzz_one (const uint8_t *data, size_t size)
{
  struct input in = { data, size };
  struct bdev_open_opts o = { .format = NULL };
  char err[BDEV_ERRLEN];
  const char *name;
  struct bdev *bs;
  size_t img = size;
  int fd;

  programs++;
  /* The image: the input, or its first part with the rest driving
   * the write check (a 2-byte length at the end). */
  if (size > 4 && data[size - 1] == 0xA5)
    img = (data[size - 3] | data[size - 2] << 8) % (size - 3);
  if (img > IMAGE_MAX)
    img = IMAGE_MAX;
  name = check_probe (data, img);
  in.p = data + img;
  in.n = size - img;
  fd = memfd_create ("fuzz-probe", MFD_CLOEXEC);
  if (fd == -1)
    return;
  if (write (fd, data, img) != (ssize_t) img) {
    close (fd);
    return;
  }
  o.fd = dup (fd);
  o.allow_backing = false;
  bs = o.fd == -1 ? NULL : bdev_open ("fuzz.img", &o, err, sizeof err);
  if (bs == NULL) {
    refused++;
    CHECK (strcmp (name, "raw") != 0 || img == 0,
           "a raw image of %zu bytes did not open: %s", img, err);
  }
  else {
    CHECK (strcmp (bs->format, name) == 0,
           "probed as %s, opened as %s", name, bs->format);
    if (strcmp (bs->format, "raw") == 0) {
      opened_raw++;
      check_raw_guard (bs, fd, &in);
    }
    else
      opened_qcow2++;
    bdev_close (bs);
  }
  close (fd);
}

static void __attribute__((unused))
fuzz_summary (char *buf, size_t len)
{
  snprintf (buf, len, "%lu images: %lu opened raw, %lu qcow2, %lu refused; "
            "%lu raw writes refused", programs, opened_raw, opened_qcow2,
            refused, writes_refused);
}
