/* guestkit — guestfsd: argument checks for the dispatcher.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the checks the generated stubs run on
 * arguments before a command sees them: guest paths must be absolute
 * and bounded, device names are translated to the appliance's.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/**
 * Check a Pathname argument.  Returns 0, or -1 after replying.
 */
int
check_path (const char *path, bool need_root)
{
  if (path[0] != '/') {
    reply_with_error ("%s: path must start with a / character", path);
    return -1;
  }
  if (strlen (path) > DAEMON_MAX_PATH) {
    reply_with_error_errno (ENAMETOOLONG, "path is too long");
    return -1;
  }
  if (need_root && !is_root_mounted ()) {
    reply_with_error ("you must call 'mount' first to mount the root "
                      "filesystem");
    return -1;
  }
  return 0;
}

/**
 * Check a Dev_or_Path argument; returns a malloc'd device (appliance
 * name) or path, or NULL after replying.
 */
char *
device_or_path (const char *arg, bool need_root)
{
  char *r;

  if (strncmp (arg, "/dev/", 5) == 0)
    return device_to_internal (arg);
  if (check_path (arg, need_root) == -1)
    return NULL;
  r = strdup (arg);
  if (!r)
    reply_with_perror ("strdup");
  return r;
}

/**
 * Translate a DeviceList argument; NULL after replying.
 */
char **
devices_to_internal (char *const *list)
{
  size_t i, n = guestkit_count_strings (list);
  char **r = calloc (n + 1, sizeof (char *));

  if (!r) {
    reply_with_perror ("calloc");
    return NULL;
  }
  for (i = 0; i < n; i++) {
    r[i] = device_to_internal (list[i]);
    if (!r[i]) {
      guestkit_free_string_list (r);
      return NULL;
    }
  }
  return r;
}
