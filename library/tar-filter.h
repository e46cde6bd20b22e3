/* guestkit — libguestfs-compatible library.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * A streaming filter for the tar archives the appliance sends to
 * copy-out: it drops FIFO and device entries (and the long-name and
 * pax headers that belong to them) and refuses any archive whose
 * layout the host tar could read differently.  Plain C, no handle,
 * so that a unit test can feed it crafted streams.
 */

#ifndef GUESTKIT_TAR_FILTER_H
#define GUESTKIT_TAR_FILTER_H

#include <stddef.h>

struct tar_filter;

/* Receives LEN bytes to pass on; returns 0, or -1 to stop. */
typedef int (*tar_filter_out_fn) (void *opaque, const void *buf, size_t len);

/* A new filter (NULL if out of memory). */
struct tar_filter *tar_filter_new (tar_filter_out_fn out, void *opaque);
void tar_filter_free (struct tar_filter *f);

/* Feed LEN bytes of the archive.  Returns 0, or -1 once the archive
 * is malformed or OUT failed (then every later call returns -1). */
int tar_filter_feed (struct tar_filter *f, const void *buf, size_t len);

/* End of the archive: flush, and fail if it stopped in the middle of
 * an entry.  Returns 0 or -1. */
int tar_filter_finish (struct tar_filter *f);

/* Why it failed (NULL if it did not); true if OUT failed rather than
 * the archive being malformed. */
const char *tar_filter_error (const struct tar_filter *f);
int tar_filter_out_failed (const struct tar_filter *f);

/* How many entries were dropped, and their names (escaped, separated
 * by ", ", cut after about 1 KiB; "" if none). */
size_t tar_filter_nr_skipped (const struct tar_filter *f);
const char *tar_filter_skipped (const struct tar_filter *f);

#endif /* GUESTKIT_TAR_FILTER_H */
