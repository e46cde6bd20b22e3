/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the local copies of guest files that C<edit>,
 * C<more>, C<display> and C<hexedit> hand to a host program: a
 * private directory (mode 0700) under the handle's temporary
 * directory holding the file (mode 0600) and, to tell whether the
 * program changed it, a snapshot; and running the program on it.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fish.h"
#include "shellcmds.h"

#define COPY_BUF 65536

/**
 * Create a private directory under the handle's temporary directory
 * and an empty file, mode 0600, in it.  Fills C<lf> (free it with
 * L</local_remove>).  Returns 0, or -1 after printing an error naming
 * C<cmd>.
 */
int
local_create (const char *cmd, struct local_file *lf)
{
  CLEANUP_FREE char *tmpdir = guestfs_get_tmpdir (g);
  int fd;

  *lf = (struct local_file) { NULL, NULL, NULL };
  if (tmpdir == NULL)
    return -1;
  if (asprintf (&lf->dir, "%s/guestfishXXXXXX", tmpdir) == -1) {
    lf->dir = NULL;
    goto oom;
  }
  if (mkdtemp (lf->dir) == NULL) {
    fprintf (stderr, "%s: %s: %s\n", cmd, lf->dir, strerror (errno));
    local_remove (lf);
    return -1;
  }
  if (asprintf (&lf->path, "%s/file", lf->dir) == -1) {
    lf->path = NULL;
    goto oom;
  }
  fd = open (lf->path, O_WRONLY|O_CREAT|O_EXCL|O_NOCTTY|O_CLOEXEC, 0600);
  if (fd == -1 || close (fd) == -1) {
    fprintf (stderr, "%s: %s: %s\n", cmd, lf->path, strerror (errno));
    local_remove (lf);
    return -1;
  }
  return 0;

 oom:
  fprintf (stderr, "%s: out of memory\n", cmd);
  local_remove (lf);
  return -1;
}

/**
 * Remove the local file, its snapshot and the private directory, and
 * free the names.  The program may have left other files there (an
 * editor's backup or swap file, say): they go too.
 */
void
local_remove (struct local_file *lf)
{
  DIR *d = lf->dir ? opendir (lf->dir) : NULL;
  struct dirent *e;

  while (d && (e = readdir (d)) != NULL) {
    if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
      continue;
    if (unlinkat (dirfd (d), e->d_name, 0) == -1)
      unlinkat (dirfd (d), e->d_name, AT_REMOVEDIR);
  }
  if (d)
    closedir (d);
  if (lf->dir)
    rmdir (lf->dir);
  free (lf->dir);
  free (lf->path);
  free (lf->orig);
  *lf = (struct local_file) { NULL, NULL, NULL };
}

/* Copy the file FROM to the new file TO.  Returns 0 or -1 (errno). */
static int
copy_file (const char *from, const char *to)
{
  CLEANUP_CLOSE int in = open (from, O_RDONLY|O_CLOEXEC);
  CLEANUP_CLOSE int out = -1;
  char buf[COPY_BUF];
  ssize_t n;

  if (in == -1)
    return -1;
  out = open (to, O_WRONLY|O_CREAT|O_EXCL|O_NOCTTY|O_CLOEXEC, 0600);
  if (out == -1)
    return -1;
  while ((n = read (in, buf, sizeof buf)) > 0)
    if (write (out, buf, n) != n)
      return -1;
  return n == 0 ? 0 : -1;
}

/**
 * Keep a copy of the local file as it is now, for
 * L</local_changed>.  Returns 0, or -1 after printing an error.
 */
int
local_snapshot (const char *cmd, struct local_file *lf)
{
  if (asprintf (&lf->orig, "%s/orig", lf->dir) == -1) {
    lf->orig = NULL;
    fprintf (stderr, "%s: out of memory\n", cmd);
    return -1;
  }
  if (copy_file (lf->path, lf->orig) == -1) {
    fprintf (stderr, "%s: %s: %s\n", cmd, lf->orig, strerror (errno));
    return -1;
  }
  return 0;
}

/* Read up to LEN bytes (fewer only at end of file).  -1 on error. */
static ssize_t
read_full (int fd, char *buf, size_t len)
{
  size_t got = 0;

  while (got < len) {
    ssize_t n = read (fd, buf + got, len - got);
    if (n == -1 && errno == EINTR)
      continue;
    if (n == -1)
      return -1;
    if (n == 0)
      break;
    got += n;
  }
  return got;
}

/**
 * Compare the local file with its snapshot, byte by byte (a program
 * that rewrote the same bytes changed nothing).  Returns 1 if they
 * differ, 0 if not, or -1 after printing an error.
 */
int
local_changed (const char *cmd, const struct local_file *lf)
{
  CLEANUP_CLOSE int a = open (lf->path, O_RDONLY|O_CLOEXEC);
  CLEANUP_CLOSE int b = open (lf->orig, O_RDONLY|O_CLOEXEC);
  static char x[COPY_BUF], y[COPY_BUF];
  ssize_t nx, ny;

  if (a == -1 || b == -1) {
    fprintf (stderr, "%s: %s: %s\n", cmd, a == -1 ? lf->path : lf->orig,
             strerror (errno));
    return -1;
  }
  do {
    nx = read_full (a, x, sizeof x);
    ny = read_full (b, y, sizeof y);
    if (nx == -1 || ny == -1) {
      fprintf (stderr, "%s: %s: %s\n", cmd, lf->path, strerror (errno));
      return -1;
    }
    if (nx != ny || memcmp (x, y, nx) != 0)
      return 1;
  } while (nx > 0);
  return 0;
}

/**
 * Run C<program> on C<file> as C</bin/sh -c 'PROGRAM "$1"' sh FILE>,
 * so that C<program> may carry options (C<EDITOR="emacs -nw">) while
 * the file name is never parsed by the shell.  It shares guestfish's
 * terminal.  Returns 0 if it exited with status 0, or -1 after
 * printing why not.
 */
int
local_run (const char *cmd, const char *program, const char *file)
{
  CLEANUP_FREE char *script = NULL;
  int status;
  pid_t pid;

  if (asprintf (&script, "%s \"$1\"", program) == -1) {
    fprintf (stderr, "%s: out of memory\n", cmd);
    return -1;
  }
  fflush (stdout);
  pid = fork ();
  if (pid == -1) {
    fprintf (stderr, "%s: fork: %s\n", cmd, strerror (errno));
    return -1;
  }
  if (pid == 0) {
    execl ("/bin/sh", "sh", "-c", script, "sh", file, (char *) NULL);
    _exit (127);
  }
  while (waitpid (pid, &status, 0) == -1)
    if (errno != EINTR) {
      fprintf (stderr, "%s: waitpid: %s\n", cmd, strerror (errno));
      return -1;
    }
  char who[64];

  snprintf (who, sizeof who, "%s:", cmd);
  return fish_report_status (who, program, status);
}
