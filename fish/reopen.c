/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<reopen>: shut the appliance down, close the
 * handle and continue on a new one.  As in libguestfs, the new handle
 * keeps only the settings guestfish itself makes (the error handler,
 * verbose, trace, autosync, the appliance path and pgroup); drives
 * must be added again, and the handlers of C<event> are dropped.
 */

#include <config.h>

#include <stdio.h>

#include "fish.h"
#include "shellcmds.h"

/* Copy guestfish's settings from OLD to NEW. */
static void
copy_settings (guestfs_h *old, guestfs_h *new)
{
  void *data;
  guestfs_error_handler_cb cb = guestfs_get_error_handler (old, &data);
  const char *path = guestfs_get_path (old);
  int r;

  guestfs_set_error_handler (new, cb, data);
  if ((r = guestfs_get_verbose (old)) >= 0)
    guestfs_set_verbose (new, r);
  if ((r = guestfs_get_trace (old)) >= 0)
    guestfs_set_trace (new, r);
  if ((r = guestfs_get_autosync (old)) >= 0)
    guestfs_set_autosync (new, r);
  if ((r = guestfs_get_pgroup (old)) >= 0)
    guestfs_set_pgroup (new, r);
  if (path)
    guestfs_set_path (new, path);
}

/**
 * C<reopen>: replace the handle by a new one.  Returns 0, or -1 after
 * an error (the old handle is then still in use).
 */
int
run_reopen (const char *cmd, size_t argc, char *argv[])
{
  guestfs_h *new;

  (void) argv;
  if (argc != 0)
    return usage_error (cmd);
  if (guestfs_shutdown (g) == -1)
    return -1;
  new = guestfs_create ();
  if (new == NULL) {
    fprintf (stderr, "%s: could not create a new libguestfs handle\n", cmd);
    return -1;
  }
  copy_settings (g, new);
  guestfs_close (g);
  g = new;
  events_forget ();
  return 0;
}
