/* guestkit — the C API end to end, as a libguestfs program uses it (TAP).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file drives the library directly: handle settings and their
 * errors, a scratch drive, launch, the optional-argument calling
 * conventions, errno from the appliance, events (appliance log,
 * progress, trace, close), struct and buffer returns, shutdown.
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

struct counts {
  int appliance, progress, trace, close, launch_done;
  uint64_t last_pos, last_total;
};

static void
on_event (guestfs_h *g, void *opaque, uint64_t event, int handle, int flags,
          const char *buf, size_t buf_len, const uint64_t *array,
          size_t array_len)
{
  struct counts *c = opaque;

  switch (event) {
  case GUESTFS_EVENT_APPLIANCE: c->appliance++; break;
  case GUESTFS_EVENT_TRACE: c->trace++; break;
  case GUESTFS_EVENT_CLOSE: c->close++; break;
  case GUESTFS_EVENT_LAUNCH_DONE: c->launch_done++; break;
  case GUESTFS_EVENT_PROGRESS:
    c->progress++;
    if (array_len == 4) {
      c->last_pos = array[2];
      c->last_total = array[3];
    }
    break;
  }
}

static void
quiet (guestfs_h *g, void *opaque, const char *msg)
{
}

static void
test_config (guestfs_h *g)
{
  ok (guestfs_set_memsize (g, 1) == -1 && guestfs_last_errno (g) == EINVAL,
      "set_memsize rejects 1 MiB with EINVAL");
  ok (guestfs_set_memsize (g, 512) == 0 && guestfs_get_memsize (g) == 512,
      "set_memsize/get_memsize");
  ok (guestfs_set_backend (g, "nonsense") == -1 &&
      strstr (guestfs_last_error (g), "nonsense") != NULL,
      "unknown backend named in the error");
  ok (guestfs_add_drive_opts (g, "/no/such/file", GUESTFS_ADD_DRIVE_OPTS_READONLY, 1,
                              -1) == -1 && guestfs_last_errno (g) == ENOENT,
      "add_drive of a missing file: ENOENT");
  ok (guestfs_add_drive_opts (g, "/dev/null", GUESTFS_ADD_DRIVE_OPTS_FORMAT, "vmdk",
                              -1) == -1, "add_drive refuses an unknown format");
  ok (guestfs_mount (g, "/dev/sda1", "/") == -1 &&
      strstr (guestfs_last_error (g), "call launch") != NULL,
      "daemon calls before launch fail clearly");
}

static void
test_files (guestfs_h *g, struct counts *c)
{
  struct guestfs_statns *st;
  char *s, **l, path[] = "/tmp/guestkit-capi-XXXXXX";
  size_t size;
  int fd;

  ok (guestfs_part_disk (g, "/dev/sda", "mbr") == 0, "part_disk");
  ok (guestfs_mkfs_opts (g, "ext4", "/dev/sda1", GUESTFS_MKFS_OPTS_LABEL, "capi",
                         -1) == 0, "mkfs_opts with a label");
  ok (guestfs_mount (g, "/dev/sda1", "/") == 0, "mount");
  ok (guestfs_write (g, "/f", "a\0b", 3) == 0, "write with a NUL byte");
  s = guestfs_read_file (g, "/f", &size);
  ok (s && size == 3 && memcmp (s, "a\0b", 3) == 0, "read_file returns the buffer");
  free (s);
  st = guestfs_statns (g, "/f");
  ok (st && st->st_size == 3 && (st->st_mode & 0170000) == 0100000,
      "statns struct");
  guestfs_free_statns (st);
  ok (guestfs_cat (g, "/missing") == NULL && guestfs_last_errno (g) == ENOENT,
      "errno ENOENT travels from the appliance");
  ok (guestfs_is_file_opts (g, "/f", GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 1, -1) == 1,
      "is_file_opts with an optional argument");
  l = guestfs_list_filesystems (g);
  ok (l && l[0] && strcmp (l[0], "/dev/sda1") == 0 && strcmp (l[1], "ext4") == 0
      && l[2] == NULL, "list_filesystems hash");
  for (size_t i = 0; l && l[i]; i++)
    free (l[i]);
  free (l);

  fd = mkstemp (path);
  ok (fd >= 0 && ftruncate (fd, 8 << 20) == 0, "8 MiB local file");
  close (fd);
  c->progress = 0;
  ok (guestfs_upload (g, path, "/up") == 0, "upload");
  ok (c->progress > 0 && c->last_pos == c->last_total && c->last_total == 8 << 20,
      "progress events reach 100%");
  ok (guestfs_filesize (g, "/up") == 8 << 20, "filesize after upload");
  unlink (path);
}

int
main (void)
{
  struct counts c = { 0 };
  guestfs_h *g = guestfs_create ();
  struct guestfs_version *v;
  const char *dir = getenv ("LIBGUESTFS_PATH");
  char kernel[4096];
  int r;

  snprintf (kernel, sizeof kernel, "%s/kernel", dir ? dir : "");
  if (!dir || access (kernel, R_OK) != 0) {
    printf ("1..0 # SKIP appliance not built\n");
    return 0;
  }
  ok (g != NULL, "guestfs_create");
  guestfs_set_error_handler (g, quiet, NULL);
  ok (guestfs_set_event_callback (g, on_event, GUESTFS_EVENT_ALL, 0, &c) >= 0,
      "set_event_callback");
  v = guestfs_version (g);
  ok (v && v->major == 1, "version");
  guestfs_free_version (v);
  test_config (g);
  ok (guestfs_add_drive_scratch (g, 256 << 20, -1) == 0, "add_drive_scratch");
  guestfs_set_verbose (g, 1);
  r = guestfs_launch (g);
  ok (r == 0, "launch");
  if (r == -1)
    printf ("# %s\n", guestfs_last_error (g));
  ok (c.appliance > 0 && c.launch_done == 1,
      "appliance log and launch_done events");
  guestfs_set_verbose (g, 0);
  ok (guestfs_launch (g) == -1, "a second launch is refused");
  guestfs_set_trace (g, 1);
  c.trace = 0;
  ok (guestfs_ping_daemon (g) == 0 && c.trace == 2,
      "trace events for a call and its result");
  guestfs_set_trace (g, 0);
  if (r == 0)
    test_files (g, &c);
  ok (guestfs_shutdown (g) == 0, "shutdown");
  guestfs_close (g);
  ok (c.close == 1, "close event");
  return tap_done ();
}
