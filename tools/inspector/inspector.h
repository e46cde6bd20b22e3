/* guestkit — virt-inspector: report the operating systems of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUESTKIT_VIRT_INSPECTOR_H
#define GUESTKIT_VIRT_INSPECTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"

#if defined (GUESTFS_HAVE_INSPECT_LIST_APPLICATIONS2) || \
  defined (GUESTFS_HAVE_INSPECT_GET_ICON)
#define INSPECTOR_MOUNTS 1
#endif

/** The single-valued facts of an operating system, in output order. */
enum insp_prop {
  P_NAME, P_ARCH, P_DISTRO, P_PRODUCT_NAME, P_PRODUCT_VARIANT,
  P_MAJOR_VERSION, P_MINOR_VERSION, P_PACKAGE_FORMAT, P_PACKAGE_MANAGEMENT,
  P_WINDOWS_SYSTEMROOT, P_WINDOWS_CURRENT_CONTROL_SET, P_HOSTNAME, P_OSINFO,
  NR_PROPS
};

extern const char *const insp_prop_names[NR_PROPS];

/** One filesystem: its (canonical) device, and type, label and uuid
 * (NULL when empty or unknown). */
struct insp_fs {
  char *dev, *type, *label, *uuid;
};

/** Everything reported about one root.  Strings are malloc'd and
 * NULL when unknown (omitted from the XML). */
struct insp_os {
  char *root;                   /* canonical device name */
  char *props[NR_PROPS];        /* major/minor versions always set */
  char **mountpoints;           /* pairs (mountpoint, device), sorted */
  struct insp_fs *fs;
  size_t nr_fs;
  char **drives;                /* pairs (letter, device); may be empty */
  bool have_apps;               /* the applications were listed */
#ifdef GUESTFS_HAVE_INSPECT_LIST_APPLICATIONS2
  struct guestfs_application2_list *apps;
#endif
  char *icon;                   /* PNG bytes, or NULL */
  size_t icon_size;
};

/** What the tool was asked for. */
struct inspector {
  struct tool_options o;
  bool apps, icon, json;
  const char *xpath;
};

/* collect.c */
int insp_collect (struct inspector *in, const char *root,
                  struct insp_os *os);
void insp_os_free (struct insp_os *os);

/* xml.c */
int insp_write_xml (const struct insp_os *oses, size_t n);
int insp_xpath (const char *query);

/* json.c */
int insp_write_json (const struct insp_os *oses, size_t n);

#endif
