/* guestkit — virt-edit: edit a file of a disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-edit's handling of SIGINT, SIGTERM,
 * SIGHUP and SIGQUIT: instead of dying on the spot (which would leave
 * the local copy of the guest file, its private directory and the
 * handle's own temporary files behind), the signal is recorded and a
 * transfer in progress is cancelled (C<guestfs_user_cancel> is safe in
 * a signal handler).  The editing steps look at the record between
 * steps and give up; once everything is cleaned up, L</edit_reraise>
 * dies by the same signal so the caller sees how virt-edit ended.
 * While C<$EDITOR> runs, system(3) ignores SIGINT and SIGQUIT in
 * virt-edit: they are for the editor.
 */

#include <config.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"

static guestfs_h *volatile cancel_handle;
static volatile sig_atomic_t caught;

static void
on_signal (int sig)
{
  guestfs_h *g = cancel_handle;

  caught = sig;
  if (g)
    guestfs_user_cancel (g);
}

/**
 * Catch the signals that end a program from now on, cancelling
 * transfers of the handle C<g> when one arrives (NULL: forget the
 * handle, before it is closed).
 */
void
edit_catch_signals (guestfs_h *g)
{
  static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
  struct sigaction sa;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  cancel_handle = g;
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    sigaction (sigs[i], &sa, NULL);
}

/** The signal caught so far, or 0. */
int
edit_interrupted (void)
{
  return caught;
}

/**
 * If a signal was caught, die by it now with its default action
 * (call it once the handle is closed and the temporary files gone).
 */
void
edit_reraise (void)
{
  int sig = caught;

  if (sig == 0)
    return;
  signal (sig, SIG_DFL);
  raise (sig);
}
