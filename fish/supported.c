/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<supported>: every optional group of calls
 * the daemon knows, right-aligned, then C<yes> or C<no> for whether
 * this appliance supports it (see C<available>).
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "fish.h"
#include "shellcmds.h"

/**
 * C<supported>.  Returns 0, or -1 after an error (such as the handle
 * not being launched).
 */
int
run_supported (const char *cmd, size_t argc, char *argv[])
{
  CLEANUP_FREE_STRING_LIST char **groups = NULL;
  int width = 0;

  (void) argv;
  if (argc != 0)
    return usage_error (cmd);
  groups = guestfs_available_all_groups (g);
  if (groups == NULL)
    return -1;
  for (size_t i = 0; groups[i]; ++i)
    if ((int) strlen (groups[i]) > width)
      width = strlen (groups[i]);
  for (size_t i = 0; groups[i]; ++i) {
    char *one[] = { groups[i], NULL };
    int r = guestfs_feature_available (g, one);
    if (r == -1)
      return -1;
    printf ("%*s %s\n", width, groups[i], r ? "yes" : "no");
  }
  return 0;
}
