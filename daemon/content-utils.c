/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the helpers of the "content" area (see
 * F<content.h>).
 *
 * Guest files are opened with C<O_PATH> inside the guest root,
 * checked to be regular files and only then reopened through
 * F</proc/self/fd/N>, so a guest cannot make the daemon open one of
 * its device nodes or block on a FIFO.
 *
 * A filter program (grep, hexdump, strings, ...) reads an open guest
 * file on its standard input and writes to a sealed memfd whose size
 * is fixed at the output limit plus some slack: a program that writes
 * more gets an error instead of filling the appliance's memory, and
 * the shared file offset tells how much it wrote.  A write that does
 * not fit fails as a whole, so the slack (larger than any single
 * write of the programs used) makes sure the offset has passed the
 * limit before a write fails.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <linux/fs.h>

#include "daemon.h"
#include "content.h"

/* Reopen the O_PATH fd PFD with FLAGS.  Returns fd or -1 (errno). */
static int
reopen_fd (int pfd, int flags)
{
  char link[64];

  snprintf (link, sizeof link, "/proc/self/fd/%d", pfd);
  return open (link, flags | O_CLOEXEC | O_NOCTTY);
}

/**
 * Check that C<pfd> (an fd of the guest file C<path>) is a regular
 * file: 0, or -1 after replying.
 */
int
content_check_regular (int pfd, const char *path)
{
  struct stat st;

  if (fstat (pfd, &st) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (S_ISDIR (st.st_mode)) {
    errno = EISDIR;
    reply_with_perror ("%s", path);
    return -1;
  }
  if (!S_ISREG (st.st_mode)) {
    reply_with_error ("%s: not a regular file", path);
    return -1;
  }
  return 0;
}

/**
 * Open the regular guest file C<path> read-only.  Returns the fd
 * (close-on-exec), or -1 after replying.
 */
int
content_open_read (const char *path)
{
  CLEANUP_CLOSE int pfd = open_in_root (path, O_PATH, 0);
  int fd;

  if (pfd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (content_check_regular (pfd, path) == -1)
    return -1;
  fd = reopen_fd (pfd, O_RDONLY);
  if (fd == -1)
    reply_with_perror ("%s", path);
  return fd;
}

/**
 * Open the regular guest file C<path> for writing with C<flags>,
 * creating it (mode 0666 less umask) if C<create> and it is missing.
 * Returns the fd, or -1 after replying.
 */
int
content_open_write (const char *path, int flags, bool create)
{
  CLEANUP_CLOSE int pfd = open_in_root (path, O_PATH, 0);
  int fd;

  if (pfd == -1 && errno == ENOENT && create)
    fd = open_in_root (path, flags | O_CREAT | O_NOCTTY, 0666);
  else if (pfd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  else if (content_check_regular (pfd, path) == -1)
    return -1;
  else
    fd = reopen_fd (pfd, flags);
  if (fd == -1)
    reply_with_perror ("%s", path);
  return fd;
}

/**
 * Open the appliance device C<device> with C<flags>.  Returns the
 * fd, or -1 after replying.
 */
int
content_open_device (const char *device, int flags)
{
  int fd = open (device, flags | O_CLOEXEC | O_NOCTTY);
  CLEANUP_FREE char *ext = NULL;

  if (fd == -1) {
    int err = errno;
    ext = device_to_external (device);
    reply_with_error_errno (err, "%s: %s", ext ? ext : device,
                            strerror (err));
  }
  return fd;
}

/* Room past the limit in the output memfd (see above). */
#define OUT_SLACK (1024 * 1024)

/* A memfd that refuses to grow past CONTENT_MAX_OUT + OUT_SLACK bytes.
 * Returns the fd, or -1 after replying. */
static int
bounded_memfd (void)
{
  int fd = memfd_create ("content-out", MFD_CLOEXEC | MFD_ALLOW_SEALING);

  if (fd == -1) {
    reply_with_perror ("memfd_create");
    return -1;
  }
  if (ftruncate (fd, (off_t) CONTENT_MAX_OUT + OUT_SLACK) == -1 ||
      fcntl (fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK) == -1) {
    reply_with_perror ("memfd");
    close (fd);
    return -1;
  }
  return fd;
}

/* Read the first LEN bytes of FD into a malloc'd NUL-ended buffer.
 * Returns it, or NULL after replying. */
static char *
read_back (int fd, size_t len)
{
  char *buf = malloc (len + 1);
  ssize_t r;

  if (buf == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  r = len ? pread (fd, buf, len, 0) : 0;
  if (r != (ssize_t) len) {
    free (buf);
    reply_with_error ("could not read back the program output");
    return NULL;
  }
  buf[len] = '\0';
  return buf;
}

/**
 * Run C<argv> over C<fd_in> with a bounded output, see F<content.h>.
 * The output and C<*err_r> belong to the caller.
 */
int
content_run (int fd_in, int cwd_fd, const char *const *argv,
             char **out_r, size_t *len_r, char **err_r)
{
  CLEANUP_CLOSE int mfd = bounded_memfd ();
  off_t pos;
  int status;

  *err_r = NULL;
  if (mfd == -1)
    return -1;
  status = command_fds (fd_in, mfd, cwd_fd, err_r, argv);
  pos = lseek (mfd, 0, SEEK_CUR);
  if (pos > (off_t) CONTENT_MAX_OUT) {
    reply_with_error ("the result is larger than the protocol allows "
                      "(%d bytes): use download", CONTENT_MAX_OUT);
    return -1;
  }
  if (status == -1 || pos == -1) {
    trim_newline (*err_r);
    reply_with_error ("%s: %s", argv[0],
                      *err_r && **err_r ? *err_r : "could not run");
    return -1;
  }
  *out_r = read_back (mfd, pos);
  if (*out_r == NULL)
    return -1;
  *len_r = pos;
  return status;
}

/* Bytes that a string of LEN bytes takes in a reply. */
static size_t
wire_len (size_t len)
{
  return 4 + ((len + 3) & ~(size_t) 3);
}

/**
 * Split C<buf> into a malloc'd list of lines (C<buf> is modified),
 * or return NULL after replying if the list would not fit in a reply.
 */
char **
content_lines (char *buf, size_t len)
{
  DECLARE_STRINGSBUF (sb);
  char *line = buf, *end = buf + len, *nl;
  size_t total = 4, n;

  while (line < end) {
    nl = memchr (line, '\n', end - line);
    n = nl ? (size_t) (nl - line) : (size_t) (end - line);
    if (n > 0 && line[n - 1] == '\r')
      n--;
    line[n] = '\0';
    total += wire_len (n);
    if (total > CONTENT_MAX_OUT) {
      free_stringsbuf (&sb);
      reply_with_error ("the result is larger than the protocol allows "
                        "(%d bytes)", CONTENT_MAX_OUT);
      return NULL;
    }
    if (add_string (&sb, line) == -1) {
      free_stringsbuf (&sb);
      return NULL;
    }
    line = nl ? nl + 1 : end;
  }
  if (end_stringsbuf (&sb) == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  return take_stringsbuf (&sb);
}

/**
 * True if the C<len> bytes at C<buf> are all zero.
 */
bool
content_is_zero (const char *buf, size_t len)
{
  return len == 0 || (buf[0] == 0 && memcmp (buf, buf + 1, len - 1) == 0);
}

/**
 * Put the size of the regular file or block device C<fd> in
 * C<*size_r>.  Returns 0, or -1 with C<errno> set.
 */
int
content_fd_size (int fd, uint64_t *size_r)
{
  struct stat st;

  if (fstat (fd, &st) == -1)
    return -1;
  if (S_ISBLK (st.st_mode))
    return ioctl (fd, BLKGETSIZE64, size_r);
  *size_r = st.st_size;
  return 0;
}

/**
 * Write all of C<buf> to C<fd>.  Returns 0, or -1 with C<errno> set.
 */
int
content_write_all (int fd, const char *buf, size_t len)
{
  ssize_t r;

  while (len > 0) {
    r = write (fd, buf, len);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    buf += r;
    len -= r;
  }
  return 0;
}
