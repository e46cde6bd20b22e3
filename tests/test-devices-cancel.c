/* guestkit — user_cancel stops an upload (TAP).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file checks C<guestfs_user_cancel>: called from a progress
 * callback during an upload, it makes the upload fail with C<EINTR>
 * soon, and the handle stays usable.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guestfs.h"
#include "tap.h"

#define UPLOAD_SIZE (64 * 1024 * 1024)

struct state {
  int progress_events;
  uint64_t last_pos;
};

static void
on_progress (guestfs_h *g, void *opaque, uint64_t event, int handle,
             int flags, const char *buf, size_t buf_len,
             const uint64_t *array, size_t array_len)
{
  struct state *s = opaque;

  (void) event; (void) handle; (void) flags; (void) buf; (void) buf_len;
  s->progress_events++;
  if (array_len == 4)
    s->last_pos = array[2];
  guestfs_user_cancel (g);
}

int
main (void)
{
  const char *path = getenv ("LIBGUESTFS_PATH");
  char file[] = "/tmp/guestkit-cancel-XXXXXX";
  struct state s = { 0 };
  char **devices;
  guestfs_h *g;
  int fd, r;

  if (!path || access (path, R_OK) == -1) {
    printf ("1..0 # SKIP appliance not built\n");
    return EXIT_SUCCESS;
  }
  fd = mkstemp (file);
  if (fd == -1 || ftruncate (fd, UPLOAD_SIZE) == -1) {
    perror (file);
    return EXIT_FAILURE;
  }
  close (fd);
  g = guestfs_create ();
  ok (g != NULL, "create a handle");
  if (!g)
    return tap_done ();
  guestfs_set_event_callback (g, on_progress, GUESTFS_EVENT_PROGRESS, 0, &s);
  ok (guestfs_add_drive_scratch (g, UPLOAD_SIZE * 2, -1) == 0 &&
      guestfs_launch (g) == 0, "launch with a scratch drive");
  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_upload (g, file, "/dev/sda");
  guestfs_pop_error_handler (g);
  ok (r == -1, "the upload failed");
  ok (guestfs_last_errno (g) == EINTR, "with errno EINTR");
  ok (s.progress_events >= 1 && s.last_pos < UPLOAD_SIZE,
      "it stopped before the end");
  devices = guestfs_list_devices (g);
  ok (devices && devices[0] && strcmp (devices[0], "/dev/sda") == 0,
      "the handle still works");
  if (devices) {
    for (r = 0; devices[r]; r++)
      free (devices[r]);
    free (devices);
  }
  ok (guestfs_upload (g, "/dev/null", "/dev/sda") == 0,
      "the next upload is not cancelled");
  guestfs_close (g);
  unlink (file);
  return tap_done ();
}
