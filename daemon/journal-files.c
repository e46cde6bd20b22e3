/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the search for the journal files of a guest
 * journal directory (for C<journal_open>, journal.c).  The daemon
 * opens the files itself and gives sd-journal only their fds, so
 * that no guest symlink is followed (sd-journal's own directory walk
 * follows them, out of the guest root too), only regular files are
 * read (never a FIFO or a device), and their number is bounded.
 * Files C<*.journal> (and C<*.journal~>, the ones journald set aside)
 * are taken from the directory and from its subdirectories (one per
 * machine id), one level deep.  A file sd-journal refuses on its own
 * is left out, as journalctl does with a directory.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#ifdef HAVE_SD_JOURNAL
#include <systemd/sd-journal.h>

#include "daemon.h"
#include "journal.h"

/* True if NAME ends with SUFFIX. */
static bool
ends_with (const char *name, const char *suffix)
{
  size_t n = strlen (name), s = strlen (suffix);

  return n > s && strcmp (name + n - s, suffix) == 0;
}

/* True if the file FD is a journal sd-journal can read.  It is tried
 * on a copy of FD: an sd_journal opened from fds closes them when it
 * is closed (a failed open leaves them open). */
static bool
readable_journal (int fd)
{
  sd_journal *j;
  int copy = fcntl (fd, F_DUPFD_CLOEXEC, 0);

  if (copy == -1)
    return false;
  if (journal_lib.open_files_fd (&j, &copy, 1, 0) < 0) {
    close (copy);
    return false;
  }
  journal_lib.close (j);
  return true;
}

/* Add the journal file NAME of the directory DIRFD to FILES if it is
 * a regular file that sd-journal reads; others are skipped. */
static void
add_file (struct journal_files *files, int dirfd, const char *name)
{
  struct stat st;
  int fd;

  if (files->n >= JOURNAL_FILES_MAX ||
      (!ends_with (name, ".journal") && !ends_with (name, ".journal~")))
    return;
  fd = openat (dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1)
    return;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && readable_journal (fd))
    files->fds[files->n++] = fd;
  else
    close (fd);
}

/* Add the journal files of the directory DIRFD (taken) to FILES, and
 * those of its subdirectories when DEPTH is 0. */
static void
add_dir (struct journal_files *files, int dirfd, int depth)
{
  DIR *dir = fdopendir (dirfd);
  struct dirent *d;
  int sub;

  if (dir == NULL) {
    close (dirfd);
    return;
  }
  while ((d = readdir (dir)) != NULL && files->n < JOURNAL_FILES_MAX) {
    if (d->d_name[0] == '.')
      continue;
    if (d->d_type == DT_REG || d->d_type == DT_UNKNOWN)
      add_file (files, dirfd, d->d_name);
    if (depth == 0 && (d->d_type == DT_DIR || d->d_type == DT_UNKNOWN)) {
      sub = openat (dirfd, d->d_name,
                    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0)
        add_dir (files, sub, 1);
    }
  }
  closedir (dir);
}

/**
 * Fill C<files> with the journal files of the guest directory
 * C<directory>: fds the caller closes with C<journal_files_close>,
 * or hands over to sd-journal.
 * Returns 0, or -1 with C<errno> set when the directory cannot be
 * opened.
 */
int
journal_files_find (struct journal_files *files, const char *directory)
{
  int fd;

  files->n = 0;
  fd = open_in_root (directory, O_RDONLY | O_DIRECTORY, 0);
  if (fd == -1)
    return -1;
  add_dir (files, fd, 0);
  return 0;
}

/**
 * Close the fds of C<files>.
 */
void
journal_files_close (struct journal_files *files)
{
  for (size_t i = 0; i < files->n; i++)
    close (files->fds[i]);
  files->n = 0;
}

#endif /* HAVE_SD_JOURNAL */
