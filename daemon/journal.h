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

#ifdef HAVE_SD_JOURNAL
#include <stdint.h>
#include <systemd/sd-journal.h>

/* The sd-journal calls guestfsd makes, loaded on first use
 * (journal-lib.c): journal_lib.next is sd_journal_next, ... */
struct journal_lib {
  int (*open_files_fd) (sd_journal **ret, int fds[], unsigned n, int flags);
  void (*close) (sd_journal *j);
  int (*next) (sd_journal *j);
  int (*next_skip) (sd_journal *j, uint64_t skip);
  int (*previous_skip) (sd_journal *j, uint64_t skip);
  int (*get_realtime_usec) (sd_journal *j, uint64_t *ret);
  int (*set_data_threshold) (sd_journal *j, size_t sz);
  void (*restart_data) (sd_journal *j);
  int (*enumerate_available_data) (sd_journal *j, const void **data,
                                   size_t *len);
};
extern struct journal_lib journal_lib;

/* Load libsystemd (once): 0, or -1 with the reason in
 * journal_lib_error (). */
int journal_lib_load (void);
const char *journal_lib_error (void);
#endif

#endif /* GUESTFSD_JOURNAL_H */
