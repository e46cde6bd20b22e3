/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The journal files of a guest journal directory (journal-files.c). */

#ifndef GUESTFSD_JOURNAL_H
#define GUESTFSD_JOURNAL_H

#include <stddef.h>

/* Most journal files read from one directory. */
#define JOURNAL_FILES_MAX 256

struct journal_files {
  int fds[JOURNAL_FILES_MAX];
  size_t n;
};

/* Open the regular journal files of the guest DIRECTORY and of its
 * subdirectories (no symlink followed; files sd-journal refuses left
 * out).  0, or -1 with errno set if DIRECTORY cannot be opened. */
int journal_files_find (struct journal_files *files, const char *directory);
/* Close the fds of FILES. */
void journal_files_close (struct journal_files *files);

#endif /* GUESTFSD_JOURNAL_H */
