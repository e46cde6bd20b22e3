/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements guestfish's C<copy-in LOCAL... REMOTEDIR> and
 * C<copy-out REMOTE... LOCALDIR>: the C<copy_in> / C<copy_out> calls
 * (one source each) run for every source in turn, stopping at the
 * first that fails.
 */

#include <config.h>

#include <stdio.h>

#include "fish.h"
#include "shellcmds.h"

/**
 * C<copy-in> LOCAL... REMOTEDIR.  Returns 0, or -1 after an error.
 */
int
run_copy_in (const char *cmd, size_t argc, char *argv[])
{
  if (argc < 2)
    return usage_error (cmd);
  for (size_t i = 0; i + 1 < argc; ++i)
    if (guestfs_copy_in (g, argv[i], argv[argc - 1]) == -1)
      return -1;
  return 0;
}

/**
 * C<copy-out> REMOTE... LOCALDIR.  Returns 0, or -1 after an error.
 */
int
run_copy_out (const char *cmd, size_t argc, char *argv[])
{
  if (argc < 2)
    return usage_error (cmd);
  for (size_t i = 0; i + 1 < argc; ++i)
    if (guestfs_copy_out (g, argv[i], argv[argc - 1]) == -1)
      return -1;
  return 0;
}
