/* guestkit — virt-log: print the log of a disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* virt-log's systemd journal output (log-journal.c). */

#ifndef VIRT_LOG_H
#define VIRT_LOG_H

#include <stdbool.h>

#include "guestfs.h"

/* True if the mounted guest has /var/log/journal. */
bool log_has_journal (guestfs_h *g);
/* Print the guest's journal on stdout: 0, or -1 after an error. */
int log_journal (guestfs_h *g, const char *prog);

#endif /* VIRT_LOG_H */
