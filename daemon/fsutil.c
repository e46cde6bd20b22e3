/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements helpers shared by the filesystem calls (the
 * "fs" area): running a tool and turning its failure into one error
 * reply, finding the real location of a guest path for tools that
 * only take path names, and small number formatting.
 *
 * A guest path is first opened with C<open_in_root>, so C<..> and
 * symlinks are resolved inside F</sysroot>; the kernel's name of the
 * opened object (F</proc/self/fd/N>) is then the path handed to the
 * tool.  Nothing in the guest changes between the two steps: the guest
 * does not run.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"

/* The kernel's name for the object open on FD, checked to lie under
 * SYSROOT.  Returns it malloc'd, or NULL with errno set. */
static char *
fd_real_path (int fd)
{
  char proc[64], buf[DAEMON_MAX_PATH + 64];
  ssize_t n;
  size_t len = strlen (SYSROOT);

  snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  n = readlink (proc, buf, sizeof buf - 1);
  if (n == -1)
    return NULL;
  if ((size_t) n >= sizeof buf - 1) {
    errno = ENAMETOOLONG;
    return NULL;
  }
  buf[n] = '\0';
  if (strncmp (buf, SYSROOT, len) != 0 ||
      (buf[len] != '/' && buf[len] != '\0')) {
    errno = EXDEV;
    return NULL;
  }
  return strdup (buf);
}

/**
 * The real appliance path of the existing guest path C<path>
 * (F</sysroot/...>, every symlink resolved inside the guest root), for
 * tools that take a path.  If C<type> is not 0 the object must have
 * that C<S_IFMT> type.  Returns it malloc'd, or NULL after replying.
 */
char *
fs_real_path (const char *path, mode_t type)
{
  CLEANUP_CLOSE int fd = open_in_root (path, O_PATH, 0);
  struct stat st;
  char *r;

  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (type != 0 && (st.st_mode & S_IFMT) != type) {
    reply_with_error_errno (type == S_IFDIR ? ENOTDIR : EINVAL,
                            "%s: %s", path, type == S_IFDIR ?
                            "not a directory" : "not a regular file");
    return NULL;
  }
  r = fd_real_path (fd);
  if (r == NULL)
    reply_with_perror ("%s", path);
  return r;
}

/**
 * As C<fs_real_path> for a path that need not exist yet: its parent
 * directory is resolved and the last component appended.  Returns it
 * malloc'd, or NULL after replying.
 */
char *
fs_real_new_path (const char *path)
{
  CLEANUP_FREE char *base = NULL, *parent = NULL;
  CLEANUP_CLOSE int fd = open_parent_in_root (path, &base);
  char *r;

  if (fd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  parent = fd_real_path (fd);
  if (parent == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (asprintf (&r, "%s/%s", parent, base) == -1) {
    reply_with_perror ("asprintf");
    return NULL;
  }
  return r;
}

/**
 * Run C<argv>; on failure reply with C<what> and the tool's message.
 * If C<out> is not NULL it gets the standard output.  Returns 0 or -1
 * after replying.
 */
int
fs_run (char **out, const char *what, const char *const *argv)
{
  CLEANUP_FREE char *err = NULL, *myout = NULL;
  const char *msg;
  size_t len = strlen (what);

  if (commandv (&myout, &err, argv) == 0) {
    if (out)
      *out = myout;
    else
      free (myout);
    myout = NULL;
    return 0;
  }
  if (out)
    *out = NULL;
  trim_newline (err);
  trim_newline (myout);
  msg = err && err[0] ? err : "command failed";
  /* Some tools (ntfsresize) explain the failure on stdout only. */
  if (myout && myout[0] &&
      (strncmp (msg, argv[0], strlen (argv[0])) == 0 &&
       strstr (msg, "exited with status") != NULL))
    msg = strrchr (myout, '\n') ? strrchr (myout, '\n') + 1 : myout;
  if (strncmp (msg, what, len) == 0 && msg[len] == ':')
    reply_with_error ("%s", msg);
  else
    reply_with_error ("%s: %s", what, msg);
  return -1;
}

/**
 * The type of the filesystem on C<device> as blkid names it.  Returns
 * it malloc'd, or NULL after replying (also when none is found).
 */
char *
fs_type_of (const char *device)
{
  char *type = do_vfs_type (device);
  CLEANUP_FREE char *ext = NULL;

  if (type == NULL || type[0] != '\0')
    return type;
  free (type);
  ext = device_to_external (device);
  reply_with_error ("%s: no filesystem found", ext ? ext : device);
  return NULL;
}

/**
 * Format C<v> into C<buf> (C<size> bytes) as a decimal number with
 * the optional C<prefix>, and return C<buf>.
 */
char *
fs_num (char *buf, size_t size, const char *prefix, int64_t v)
{
  snprintf (buf, size, "%s%" PRIi64, prefix ? prefix : "", v);
  return buf;
}

/**
 * Append C<arg> to the argument list C<a>.
 */
void
fs_args_add (struct fs_args *a, const char *arg)
{
  if (a->n < sizeof a->argv / sizeof a->argv[0] - 1)
    a->argv[a->n++] = arg;
  else
    a->overflow = true;
  a->argv[a->n] = NULL;
}

/**
 * Format C<prefix> C<v> C<suffix> into storage kept in C<a> and return
 * it ("" after setting the overflow flag when the storage is used up).
 */
const char *
fs_args_num (struct fs_args *a, const char *prefix, int64_t v,
             const char *suffix)
{
  char *buf;

  if (a->nnum >= sizeof a->num / sizeof a->num[0]) {
    a->overflow = true;
    return "";
  }
  buf = a->num[a->nnum++];
  snprintf (buf, sizeof a->num[0], "%s%" PRIi64 "%s", prefix ? prefix : "",
            v, suffix ? suffix : "");
  return buf;
}

/**
 * Append C<option> and the number C<prefix> C<v> C<suffix>.
 */
void
fs_args_add_num (struct fs_args *a, const char *option, const char *prefix,
                 int64_t v, const char *suffix)
{
  fs_args_add (a, option);
  fs_args_add (a, fs_args_num (a, prefix, v, suffix));
}

/**
 * Check that the optional argument C<what> (value C<v>) is not
 * negative.  Returns 0 or -1 after replying.
 */
int
fs_check_nonneg (const char *what, int64_t v)
{
  if (v < 0) {
    reply_with_error_errno (EINVAL, "%s must not be negative", what);
    return -1;
  }
  return 0;
}

/**
 * Mount C<device> (filesystem C<type>) on a new temporary directory of
 * the appliance, outside the guest root, written into C<dir> (at least
 * C<FS_TMPDIR_SIZE> bytes).  Returns 0 or -1 after replying; undo with
 * C<fs_umount_temp>.
 */
int
fs_mount_temp (const char *device, const char *type, char *dir)
{
  strcpy (dir, "/tmp/fsmntXXXXXX");
  if (mkdtemp (dir) == NULL) {
    reply_with_perror ("mkdtemp");
    return -1;
  }
  if (mount (device, dir, type, 0, NULL) == -1) {
    CLEANUP_FREE char *ext = device_to_external (device);

    reply_with_perror ("mount %s", ext ? ext : device);
    rmdir (dir);
    return -1;
  }
  return 0;
}

/**
 * Unmount and remove the directory made by C<fs_mount_temp>.
 */
void
fs_umount_temp (const char *dir)
{
  umount2 (dir, MNT_DETACH);
  rmdir (dir);
}
