/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares what the application listers of inspection
 * (F<inspect-apps*.c>) share: one application as a lister found it,
 * and the bounded list they add to.
 */

#ifndef GUESTFSD_INSPECT_APPS_H
#define GUESTFSD_INSPECT_APPS_H

#include <stddef.h>
#include <stdint.h>

#include "guestfs_protocol.h"
#include "inspect.h"

/* Most applications listed for one root. */
#define APPS_MAX 20000
/* Most bytes of strings in one list (the reply must fit a message). */
#define APPS_BYTES_MAX (3 * 1024 * 1024)
/* Longest description kept. */
#define APPS_DESCRIPTION_MAX 4096
/* Largest package database file read or copied. */
#define APPS_FILE_MAX (256 * 1024 * 1024)

/* One application; NULL fields are unknown (""). */
struct insp_app {
  const char *name, *display_name, *version, *release, *arch;
  const char *install_path, *publisher, *url, *source_package;
  const char *summary, *description;
  int32_t epoch;
};

/* The list being built, and the bytes its strings take. */
struct insp_apps {
  guestfs_int_application2_list list;
  size_t bytes;
};

/*-- inspect-apps.c --*/

/* Add a cleaned copy of A (nothing if it has no name or the list is
 * full).  0, or -1 on ENOMEM. */
int insp_apps_add (struct insp_apps *apps, const struct insp_app *a);
/* Read the guest file PATH (under the mounted root) whole if at most
 * MAX bytes: malloc'd, NUL-terminated, or NULL. */
char *insp_apps_read (const char *path, size_t max, size_t *len_r);
/* Parse EPOCH:VERSION-RELEASE (in place; RELEASE after the first
 * '-' if FIRST_DASH, else after the last) into A. */
void insp_apps_split_version (struct insp_app *a, char *s, int first_dash);

/* The listers: 0 (whatever they found), or -1 on ENOMEM. */
int insp_apps_deb (struct insp_apps *apps);      /* inspect-apps-deb.c */
int insp_apps_apk (struct insp_apps *apps);      /* inspect-apps-deb.c */
int insp_apps_rpm (struct insp_apps *apps);      /* inspect-apps-rpm.c */
int insp_apps_windows (struct insp_apps *apps,   /* inspect-apps-win.c */
                       const struct insp_root *r);

#endif /* GUESTFSD_INSPECT_APPS_H */
