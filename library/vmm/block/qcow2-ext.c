/* guestkit — the VMM's block layer: qcow2 header extensions.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the walk over the qcow2 header extensions that
 * follow the header in the first cluster: the backing file format, the
 * feature name table (used to name unknown feature bits in errors) and
 * the external data file name (noted, then refused by the caller).
 * Other extensions are skipped.  Every length is checked against the
 * end of the area before it is used.
 */

#include <config.h>

#include <inttypes.h>
#include <string.h>

#include "qcow2.h"

#define EXT_END 0x00000000U
#define EXT_BACKING_FORMAT 0xe2792acaU
#define EXT_FEATURE_TABLE 0x6803f857U
#define EXT_DATA_FILE 0x44415441U
#define FEATURE_ENTRY 48
#define FEATURE_NAME 46

/* The feature name table: names of incompatible features (type 0). */
static void
feature_table (struct qcow2 *s, const uint8_t *p, uint32_t len)
{
  uint32_t i;
  size_t j;

  for (i = 0; i + FEATURE_ENTRY <= len; i += FEATURE_ENTRY) {
    char *name;

    if (p[i] != 0 || p[i + 1] >= 64)
      continue;
    name = s->feature_names[p[i + 1]];
    memcpy (name, p + i + 2, FEATURE_NAME);
    name[FEATURE_NAME] = '\0';
    for (j = 0; name[j]; j++)
      if (name[j] < 0x20 || name[j] > 0x7e)
        name[j] = '?';
  }
}

static int
backing_format (struct qcow2 *s, const uint8_t *p, uint32_t len,
                const char *path, char *err, size_t errlen)
{
  if (len == 0 || len >= sizeof s->backing_fmt || memchr (p, 0, len)) {
    bdev_errorf (err, errlen, "%s: qcow2 backing format name is invalid "
                 "(length %" PRIu32 ")", path, len);
    return -1;
  }
  memcpy (s->backing_fmt, p, len);
  s->backing_fmt[len] = '\0';
  return 0;
}

/**
 * Parse the extensions in HDR from the end of the header to END (the
 * backing file name or the end of the bytes read).  Returns 0, or -1
 * with a message naming PATH in ERR.
 */
int
qcow2_parse_extensions (struct qcow2 *s, const uint8_t *hdr, uint64_t end,
                        const char *path, char *err, size_t errlen)
{
  uint64_t pos = s->header_length;

  while (pos <= end && end - pos >= 8) {
    uint32_t type = qcow2_be32 (hdr + pos);
    uint32_t len = qcow2_be32 (hdr + pos + 4);
    const uint8_t *data = hdr + pos + 8;

    if (type == EXT_END)
      break;
    if (len > end - pos - 8) {
      bdev_errorf (err, errlen, "%s: qcow2 header extension %#" PRIx32
                   " at %#" PRIx64 " (length %" PRIu32 ") overruns the "
                   "header", path, type, pos, len);
      return -1;
    }
    if (type == EXT_BACKING_FORMAT &&
        backing_format (s, data, len, path, err, errlen) == -1)
      return -1;
    if (type == EXT_FEATURE_TABLE)
      feature_table (s, data, len);
    if (type == EXT_DATA_FILE)
      s->has_data_file_ext = true;
    pos += 8 + (((uint64_t) len + 7) & ~UINT64_C (7));
  }
  return 0;
}
