/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the application list of Windows guests: the
 * subkeys of C<Microsoft\Windows\CurrentVersion\Uninstall> and of
 * C<WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall> in the
 * SOFTWARE hive (read with libhivex from the mounted guest).  The name
 * is the key's name; DisplayName, DisplayVersion, Publisher,
 * InstallLocation, URLInfoAbout and Comments give the display name,
 * version, publisher, install path, URL and description.
 */

#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <hivex.h>

#include "daemon.h"
#include "inspect-apps.h"
#include "inspect-hive.h"

/* The hive PATH of the mounted guest, or NULL. */
static hive_h *
open_hive (const char *path)
{
  CLEANUP_CLOSE int fd = open_in_root (path, O_RDONLY | O_NONBLOCK, 0);

  return insp_hive_open_fd (fd);
}

/* The string value KEY of NODE, malloc'd, or NULL. */
static char *
get_string (hive_h *h, hive_node_h node, const char *key)
{
  hive_value_h v = hivex_node_get_value (h, node, key);

  return v ? hivex_value_string (h, v) : NULL;
}

/* Add the application of the Uninstall subkey NODE. */
static int
add_key (struct insp_apps *apps, hive_h *h, hive_node_h node)
{
  static const char *const keys[] = {
    "DisplayName", "DisplayVersion", "Publisher", "InstallLocation",
    "URLInfoAbout", "Comments",
  };
  char *v[6];
  CLEANUP_FREE char *name = hivex_node_name (h, node);
  struct insp_app a;
  int r;

  for (size_t i = 0; i < 6; i++)
    v[i] = get_string (h, node, keys[i]);
  memset (&a, 0, sizeof a);
  a.name = name;
  a.display_name = v[0];
  a.version = v[1];
  a.publisher = v[2];
  a.install_path = v[3];
  a.url = v[4];
  a.description = v[5];
  r = insp_apps_add (apps, &a);
  for (size_t i = 0; i < 6; i++)
    free (v[i]);
  return r;
}

/* Add the subkeys of the key at PATH. */
static int
add_uninstall (struct insp_apps *apps, hive_h *h, const char *const *path)
{
  hive_node_h node = insp_hive_node (h, path);
  CLEANUP_FREE hive_node_h *children = node ? hivex_node_children (h, node)
    : NULL;

  for (size_t i = 0; children && children[i] != 0 && i < APPS_MAX; i++)
    if (add_key (apps, h, children[i]) == -1)
      return -1;
  return 0;
}

/**
 * Add the applications of the Windows root C<r> (its SOFTWARE hive in
 * the mounted guest) to C<apps>.  Returns 0, or -1 on ENOMEM.
 */
int
insp_apps_windows (struct insp_apps *apps, const struct insp_root *r)
{
  static const char *const native[] = {
    "Microsoft", "Windows", "CurrentVersion", "Uninstall", NULL
  };
  static const char *const wow[] = {
    "WOW6432Node", "Microsoft", "Windows", "CurrentVersion", "Uninstall",
    NULL
  };
  hive_h *h = r->software_hive ? open_hive (r->software_hive) : NULL;
  int ret;

  if (h == NULL)
    return 0;
  ret = add_uninstall (apps, h, native);
  if (ret == 0)
    ret = add_uninstall (apps, h, wow);
  hivex_close (h);
  return ret;
}
