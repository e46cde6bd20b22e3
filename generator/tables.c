/* guestkit — generator: the list of API tables.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file lists the tables that make up the API, one per area.  The
 * area's name groups its tests (one appliance per area and prep).
 */

#include <config.h>

#include <stddef.h>

#include "types.h"

extern const struct action actions_library[], actions_lib_devices[],
  actions_lib_streams[], actions_lib_diskimg[], actions_lib_domain[];
extern const struct action actions_daemon[], actions_files[],
  actions_content[], actions_xattr_streams[], actions_devices[],
  actions_parted[], actions_lvm[], actions_fs[], actions_fs_types[],
  actions_hivex[], actions_inspect[];
extern const struct action actions_journal[];

const struct action *const library_tables[] = {
  actions_library, actions_lib_devices, actions_lib_streams,
  actions_lib_diskimg, actions_lib_domain, NULL
};

const struct action *const daemon_tables[] = {
  actions_daemon, actions_files, actions_content, actions_xattr_streams,
  actions_devices, actions_parted, actions_lvm, actions_fs, actions_fs_types,
  actions_hivex,
  actions_inspect,
  actions_journal,
  NULL
};

static const struct {
  const struct action *table;
  const char *area;
} areas[] = {
  { actions_library, "core" }, { actions_lib_devices, "devices" },
  { actions_lib_streams, "xattr_streams" }, { actions_lib_diskimg, "diskimg" },
  { actions_lib_domain, "domain" },
  { actions_daemon, "core" },
  { actions_files, "files" }, { actions_content, "content" },
  { actions_xattr_streams, "xattr_streams" }, { actions_devices, "devices" },
  { actions_parted, "parted" }, { actions_lvm, "lvm" }, { actions_fs, "fs" },
  { actions_fs_types, "fs" },
  { actions_hivex, "hivex" },
  { actions_inspect, "inspect" },
  { actions_journal, "journal" },
};

/**
 * The area an action belongs to (the name of its table).
 */
const char *
action_area (const struct action *a)
{
  size_t i;
  const struct action *p;

  for (i = 0; i < sizeof areas / sizeof areas[0]; i++)
    for (p = areas[i].table; p->name; p++)
      if (p == a)
        return areas[i].area;
  return "core";
}
