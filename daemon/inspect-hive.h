/* guestkit — guestfsd, the daemon in the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Opening and walking a guest's registry hives (inspect-windows.c),
 * for Windows inspection and its applications (inspect-apps-win.c). */

#ifndef GUESTFSD_INSPECT_HIVE_H
#define GUESTFSD_INSPECT_HIVE_H

#include <hivex.h>

hive_h *insp_hive_open_fd (int fd);
hive_node_h insp_hive_node (hive_h *h, const char *const *names);

#endif /* GUESTFSD_INSPECT_HIVE_H */
