/* guestkit — libguestfs-compatible library.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements C<guestfs_copy_in> and C<guestfs_copy_out>,
 * which copy trees between the host and the guest as tar streams: a
 * host tar(1) packs or unpacks one end of a pipe while C<tar_in> or
 * C<tar_out> moves the other end through the appliance.
 *
 * The archive copy_out unpacks comes from the appliance, which may be
 * under the guest's control, so the host tar runs with options that
 * keep every member inside the target directory: GNU tar already
 * refuses members with C<..> and strips leading slashes (C<-P> is
 * never given), and it only makes a symlink with an absolute or
 * C<..> target after everything else is extracted, so no later member
 * is written through it.  Ownership is never restored, permissions
 * go through the umask, and existing directories are left alone.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "guestfs.h"
#include "guestfs-internal.h"
#include "guestfs-internal-actions.h"
#include "tar-filter.h"

/* A host tar running on one end of a pipe. */
struct host_tar {
  pid_t pid;
  int fd;                       /* our end of the pipe */
};

/* Start host tar ARGV with its stdin (TO_TAR) or stdout (!TO_TAR) on
 * a pipe; our end goes to T->fd.  Returns 0, or -1 after setting the
 * error. */
static int
host_tar_start (guestfs_h *g, const char *const *argv, bool to_tar,
                struct host_tar *t)
{
  int pfd[2];

  if (pipe2 (pfd, O_CLOEXEC) == -1) {
    perrorf (g, "pipe");
    return -1;
  }
  guestfs_int_log_argv (g, (char *const *) argv, " ");
  t->pid = fork ();
  if (t->pid == -1) {
    perrorf (g, "fork");
    close (pfd[0]);
    close (pfd[1]);
    return -1;
  }
  if (t->pid == 0) {
    if (dup2 (to_tar ? pfd[0] : pfd[1], to_tar ? 0 : 1) == -1)
      _exit (126);
    execvp (argv[0], (char *const *) argv);
    _exit (127);
  }
  close (to_tar ? pfd[0] : pfd[1]);
  t->fd = to_tar ? pfd[1] : pfd[0];
  return 0;
}

/* Close our end and reap tar.  Returns 0 if it succeeded, or -1
 * (setting the error only if SET_ERROR). */
static int
host_tar_finish (guestfs_h *g, struct host_tar *t, bool set_error)
{
  int status;

  if (t->fd >= 0)
    close (t->fd);
  t->fd = -1;
  while (waitpid (t->pid, &status, 0) == -1)
    if (errno != EINTR) {
      if (set_error)
        perrorf (g, "waitpid");
      return -1;
    }
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return 0;
  if (set_error)
    error (g, "host tar failed (status 0x%x)", (unsigned) status);
  return -1;
}

/* A malloc'd copy of the LEN first bytes of S. */
static char *
dup_len (guestfs_h *g, const char *s, size_t len)
{
  char *r = safe_malloc (g, len + 1);

  memcpy (r, s, len);
  r[len] = '\0';
  return r;
}

/* Split PATH into its directory and its last component (both
 * malloc'd), trailing slashes ignored: "a/b/" gives "a" and "b", "b"
 * gives "." and "b", "/" gives "/" and "". */
static void
split_path (guestfs_h *g, const char *path, char **dir_r, char **base_r)
{
  size_t len = strlen (path), start, dlen;

  while (len > 1 && path[len - 1] == '/')
    len--;
  start = len;
  while (start > 0 && path[start - 1] != '/')
    start--;
  if (start == len && len > 0)  /* "/" */
    start = len = 1;
  *base_r = dup_len (g, path + start, len - start);
  dlen = start;
  while (dlen > 1 && path[dlen - 1] == '/')
    dlen--;
  *dir_r = dlen == 0 ? safe_strdup (g, ".") : dup_len (g, path, dlen);
}

/**
 * Copy the host file or directory C<localpath> into the guest
 * directory C<remotedir>.  Returns 0, or -1 after setting the error.
 */
int
guestfs_impl_copy_in (guestfs_h *g, const char *localpath,
                      const char *remotedir)
{
  CLEANUP_FREE char *base = NULL, *dir = NULL, *fdpath = NULL;
  const char *argv[] = { "tar", "-C", NULL, "-cf", "-", "--", NULL, NULL };
  struct host_tar t = { .fd = -1 };
  struct stat st;
  int r;

  if (stat (localpath, &st) == -1) {
    perrorf (g, "%s", localpath);
    return -1;
  }
  r = guestfs_is_dir (g, remotedir);
  if (r <= 0) {
    if (r == 0)
      guestfs_int_error_errno (g, ENOTDIR, "%s: not a directory "
                               "in the guest", remotedir);
    return -1;
  }
  split_path (g, localpath, &dir, &base);
  argv[2] = dir;
  argv[6] = base[0] ? base : ".";
  if (host_tar_start (g, argv, false, &t) == -1)
    return -1;
  fdpath = safe_asprintf (g, "/dev/fd/%d", t.fd);
  r = guestfs_tar_in (g, fdpath, remotedir);
  if (host_tar_finish (g, &t, r == 0) == -1)
    r = -1;
  return r;
}

/* guestfs_tar_out into the pipe FDPATH with SIGPIPE blocked in this
 * thread, so that a host tar that died early makes the write fail
 * with EPIPE instead of killing the program; a SIGPIPE raised
 * meanwhile is consumed. */
static int
tar_out_to_pipe (guestfs_h *g, const char *remote, const char *fdpath)
{
  const struct timespec zero = { 0, 0 };
  sigset_t set, old, pending;
  bool was_pending;
  int r;

  sigemptyset (&set);
  sigaddset (&set, SIGPIPE);
  sigpending (&pending);
  was_pending = sigismember (&pending, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &set, &old);
  r = guestfs_tar_out (g, remote, fdpath);
  sigpending (&pending);
  if (!was_pending && sigismember (&pending, SIGPIPE))
    sigtimedwait (&set, NULL, &zero);
  pthread_sigmask (SIG_SETMASK, &old, NULL);
  return r;
}

/* The filter thread: the archive from the pipe IN_FD, filtered, to
 * the host tar's stdin OUT_FD. */
struct filter_thread {
  int in_fd, out_fd;
  struct tar_filter *f;
};

static int
filter_write (void *opaque, const void *buf, size_t len)
{
  struct filter_thread *ft = opaque;
  const char *p = buf;
  ssize_t n;

  while (len > 0) {
    n = write (ft->out_fd, p, len);
    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    p += n;
    len -= (size_t) n;
  }
  return 0;
}

/* Runs with every signal blocked, so a write to a dead host tar
 * fails with EPIPE; closing IN_FD early makes the appliance's stream
 * fail the same way. */
static void *
filter_main (void *arg)
{
  struct filter_thread *ft = arg;
  char buf[16384];
  ssize_t n;

  for (;;) {
    n = read (ft->in_fd, buf, sizeof buf);
    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        tar_filter_finish (ft->f);
      break;
    }
    if (tar_filter_feed (ft->f, buf, (size_t) n) == -1)
      break;
  }
  close (ft->in_fd);
  return NULL;
}

/* Start the filter thread on a new pipe whose write end goes to
 * *WFD_R.  Returns 0, or -1 after setting the error. */
static int
filter_start (guestfs_h *g, struct filter_thread *ft, pthread_t *tid,
              int *wfd_r)
{
  sigset_t all, old;
  int pfd[2], r;

  if (pipe2 (pfd, O_CLOEXEC) == -1) {
    perrorf (g, "pipe");
    return -1;
  }
  ft->in_fd = pfd[0];
  sigfillset (&all);
  pthread_sigmask (SIG_BLOCK, &all, &old);
  r = pthread_create (tid, NULL, filter_main, ft);
  pthread_sigmask (SIG_SETMASK, &old, NULL);
  if (r != 0) {
    close (pfd[0]);
    close (pfd[1]);
    guestfs_int_error_errno (g, r, "pthread_create: %s", strerror (r));
    return -1;
  }
  *wfd_r = pfd[1];
  return 0;
}

/* After the thread: turn the filter's verdict into a warning or an
 * error.  Returns R, or -1 if the archive was refused. */
static int
filter_report (guestfs_h *g, struct tar_filter *f, const char *remote, int r)
{
  CLEANUP_FREE char *msg = NULL;
  size_t n = tar_filter_nr_skipped (f);

  if (n > 0) {
    msg = safe_asprintf (g, "copy-out: %s: %zu FIFO or device node%s "
                         "not copied: %s", remote, n, n == 1 ? "" : "s",
                         tar_filter_skipped (f));
    debug (g, "%s", msg);
    guestfs_int_call_callbacks_message (g, GUESTFS_EVENT_WARNING,
                                        msg, strlen (msg));
  }
  /* A stream that failed in the appliance is cut short: keep that
   * error rather than "truncated". */
  if (tar_filter_error (f) && !tar_filter_out_failed (f) &&
      !(r == -1 && strcmp (tar_filter_error (f), "truncated archive") == 0)) {
    guestfs_int_error_errno (g, EPROTO, "copy-out: %s: archive from the "
                             "appliance refused: %s", remote,
                             tar_filter_error (f));
    return -1;
  }
  return r;
}

/* Unpack the guest directory REMOTE into the host directory DEST
 * with a host tar, through the filter.  Returns 0, or -1 after
 * setting the error. */
static int
copy_out_dir (guestfs_h *g, const char *remote, const char *dest)
{
  CLEANUP_FREE char *fdpath = NULL;
  const char *argv[] = {
    "tar", "-C", dest, "-xf", "-", "--no-same-owner",
    "--no-same-permissions", "--no-overwrite-dir", "--no-acls",
    "--no-xattrs", "--no-selinux",
    /* Guest times are the guest's: one ahead of the host clock (a
     * guest clock that ran fast, or the appliance's) is not news. */
    "--warning=no-timestamp", NULL
  };
  struct host_tar t = { .fd = -1 };
  struct filter_thread ft;
  pthread_t tid;
  int r, wfd;

  if (host_tar_start (g, argv, true, &t) == -1)
    return -1;
  ft.out_fd = t.fd;
  ft.f = tar_filter_new (filter_write, &ft);
  if (!ft.f || filter_start (g, &ft, &tid, &wfd) == -1) {
    if (!ft.f)
      perrorf (g, "malloc");
    tar_filter_free (ft.f);
    host_tar_finish (g, &t, false);
    return -1;
  }
  fdpath = safe_asprintf (g, "/dev/fd/%d", wfd);
  r = tar_out_to_pipe (g, remote, fdpath);
  close (wfd);
  pthread_join (tid, NULL);
  r = filter_report (g, ft.f, remote, r);
  tar_filter_free (ft.f);
  if (host_tar_finish (g, &t, r == 0) == -1)
    r = -1;
  return r;
}

/* Make the host directory DIR (it may exist as a directory, never as
 * anything else, symlinks included).  Returns 0, or -1 after setting
 * the error. */
static int
make_local_dir (guestfs_h *g, const char *dir)
{
  struct stat st;

  if (mkdir (dir, 0755) == 0)
    return 0;
  if (errno == EEXIST && lstat (dir, &st) == 0 && S_ISDIR (st.st_mode))
    return 0;
  if (errno == EEXIST)
    errno = ENOTDIR;
  perrorf (g, "%s", dir);
  return -1;
}

/**
 * Copy the guest file or directory C<remotepath> into the host
 * directory C<localdir>.  Returns 0, or -1 after setting the error.
 */
int
guestfs_impl_copy_out (guestfs_h *g, const char *remotepath,
                       const char *localdir)
{
  CLEANUP_FREE char *dir = NULL, *base = NULL, *dest = NULL;
  struct stat st;
  int r;

  if (stat (localdir, &st) == -1) {
    perrorf (g, "%s", localdir);
    return -1;
  }
  if (!S_ISDIR (st.st_mode)) {
    guestfs_int_error_errno (g, ENOTDIR, "%s: not a directory", localdir);
    return -1;
  }
  split_path (g, remotepath, &dir, &base);
  if (strcmp (base, ".") == 0 || strcmp (base, "..") == 0) {
    error (g, "%s: name the file or directory itself, not '%s'",
           remotepath, base);
    return -1;
  }
  dest = base[0] ? safe_asprintf (g, "%s/%s", localdir, base)
                 : safe_strdup (g, localdir);
  r = guestfs_is_file (g, remotepath);
  if (r == 1 && lstat (dest, &st) == 0 && S_ISLNK (st.st_mode)) {
    error (g, "%s: is a symbolic link, not writing through it", dest);
    return -1;
  }
  if (r == 1)
    return guestfs_download (g, remotepath, dest);
  if (r == -1)
    return -1;
  r = guestfs_is_dir (g, remotepath);
  if (r == 0)
    error (g, "%s: not a file or directory", remotepath);
  if (r <= 0)
    return -1;
  if (base[0] && make_local_dir (g, dest) == -1)
    return -1;
  return copy_out_dir (g, remotepath, dest);
}
