/* guestkit — libguestfs-compatible library.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the image locks taken at launch (security
 * plan row 28): two handles must not write one image at once.  Each
 * writable drive gets an open file description holding an OFD write
 * lock on one byte far beyond the end of any image (QEMU locks bytes
 * 100-299 for its own permissions, so the two never meet), kept until
 * the backend is shut down.  A second writer, in this process or
 * another, fails with "IMAGE: is in use by another process (locked)".
 * Read-only drives take no lock: reading an image someone is writing
 * is allowed, with a warning.  A drive that cannot be opened here is
 * left for the backend to report.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guestfs-internal.h"

#define LOCK_BYTE ((off_t) 1 << 62)

static void
lock_range (struct flock *fl, short type)
{
  memset (fl, 0, sizeof *fl);
  fl->l_type = type;
  fl->l_whence = SEEK_SET;
  fl->l_start = LOCK_BYTE;
  fl->l_len = 1;
}

/* Warn if another process holds the write lock on the read-only D. */
static void
check_readonly (guestfs_h *g, const struct drive *d)
{
  CLEANUP_CLOSE int fd = open (d->filename, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  CLEANUP_FREE char *msg = NULL;
  struct flock fl;

  lock_range (&fl, F_RDLCK);
  if (fd == -1 || fcntl (fd, F_OFD_GETLK, &fl) == -1 || fl.l_type == F_UNLCK)
    return;
  msg = safe_asprintf (g, "%s: another process is writing this image; "
                       "reading it anyway (read-only)", d->filename);
  guestfs_int_call_callbacks_message (g, GUESTFS_EVENT_WARNING,
                                      msg, strlen (msg));
}

/* Lock the writable D.  Returns the fd holding the lock, -2 if none
 * was needed or possible, or -1 after setting the error. */
static int
lock_drive (guestfs_h *g, const struct drive *d)
{
  struct flock fl;
  bool busy;
  int fd = open (d->filename, O_RDWR | O_CLOEXEC | O_NOCTTY);

  if (fd == -1)
    return -2;
  lock_range (&fl, F_WRLCK);
  if (fcntl (fd, F_OFD_SETLK, &fl) == 0) {
    debug (g, "launch: %s: write lock taken", d->filename);
    return fd;
  }
  busy = errno == EAGAIN || errno == EACCES;
  if (busy)
    guestfs_int_error_errno (g, EBUSY, "%s: is in use by another "
                             "process (locked)", d->filename);
  close (fd);
  return busy ? -1 : -2;
}

/**
 * Take the locks of every drive before the backend opens them.
 * Returns 0, or -1 after setting the error (no lock is then held).
 */
int
guestfs_int_lock_drives (guestfs_h *g)
{
  size_t i;
  int fd;

  guestfs_int_unlock_drives (g);
  g->image_lock_fds = safe_calloc (g, g->nr_drives + 1, sizeof (int));
  for (i = 0; i < g->nr_drives; i++) {
    if (g->drives[i].readonly) {
      check_readonly (g, &g->drives[i]);
      continue;
    }
    fd = lock_drive (g, &g->drives[i]);
    if (fd == -1) {
      guestfs_int_unlock_drives (g);
      return -1;
    }
    if (fd >= 0)
      g->image_lock_fds[g->nr_image_lock_fds++] = fd;
  }
  return 0;
}

/**
 * Release the drives' locks (closing the fds drops them).
 */
void
guestfs_int_unlock_drives (guestfs_h *g)
{
  size_t i;

  for (i = 0; i < g->nr_image_lock_fds; i++)
    close (g->image_lock_fds[i]);
  free (g->image_lock_fds);
  g->image_lock_fds = NULL;
  g->nr_image_lock_fds = 0;
}
