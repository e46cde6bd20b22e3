/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<cap_get_file> and C<cap_set_file>: the Linux
 * file capabilities kept in a file's C<security.capability> extended
 * attribute.
 *
 * getcap(8) and setcap(8) only act on a regular file named by a path
 * they may C<lstat>, so they never see a guest path: the attribute is
 * moved between the guest file (an C<O_PATH> fd opened inside the
 * guest root, used through F</proc/self/fd/N>) and a scratch file in
 * the appliance's F</tmp>, on which the programs translate between
 * the text form and the binary attribute.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "daemon.h"
#include "actions.h"

#define CAP_XATTR "security.capability"

/* Big enough for any version of the attribute (v3 is 24 bytes). */
#define CAP_XATTR_MAX 64

/* A scratch file in the appliance. */
struct scratch {
  char name[32];
  int fd;
};

/* Make a scratch file.  Returns 0, or -1 after replying. */
static int
scratch_open (struct scratch *s)
{
  strcpy (s->name, "/tmp/guestfsd-capXXXXXX");
  s->fd = mkstemp (s->name);
  if (s->fd == -1) {
    reply_with_perror ("mkstemp");
    return -1;
  }
  return 0;
}

static void
scratch_close (struct scratch *s)
{
  if (s->fd >= 0) {
    close (s->fd);
    unlink (s->name);
  }
  s->fd = -1;
}

/* Open the guest regular file PATH (O_PATH, following a final symlink
 * inside the root) and name it in PROC.  Returns the fd, or -1 after
 * replying. */
static int
open_target (const char *path, char *proc, size_t size)
{
  int fd = open_in_root (path, O_PATH, 0);
  struct stat st;

  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", path);
    if (fd >= 0)
      close (fd);
    return -1;
  }
  if (!S_ISREG (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: not a regular file", path);
    close (fd);
    return -1;
  }
  snprintf (proc, size, "/proc/self/fd/%d", fd);
  return fd;
}

/* Turn getcap's "NAME CAPS\n" line into CAPS, in place. */
static char *
strip_name (char *out, const char *name)
{
  size_t len = strlen (name);

  trim_newline (out);
  if (strncmp (out, name, len) == 0 && out[len] == ' ')
    memmove (out, out + len + 1, strlen (out + len + 1) + 1);
  return out;
}

/* The text form of the attribute VAL (LEN bytes).  Returns a malloc'd
 * string, or NULL after replying. */
static char *
caps_to_text (const char *path, const char *val, size_t len)
{
  struct scratch s;
  CLEANUP_FREE char *err = NULL;
  char *out = NULL;

  if (scratch_open (&s) == -1)
    return NULL;
  if (fsetxattr (s.fd, CAP_XATTR, val, len, 0) == -1) {
    reply_with_perror ("%s: capabilities", path);
    scratch_close (&s);
    return NULL;
  }
  if (command (&out, &err, "getcap", s.name, NULL) == -1) {
    trim_newline (err);
    reply_with_error ("%s: %s", path, err ? err : "getcap failed");
    free (out);
    out = NULL;
  }
  else
    strip_name (out, s.name);
  scratch_close (&s);
  return out;
}

/**
 * Return the capabilities of C<path> in text form (cap_to_text(3)),
 * or an empty string if it has none.
 */
char *
do_cap_get_file (const char *path)
{
  CLEANUP_CLOSE int fd = -1;
  char proc[64], val[CAP_XATTR_MAX];
  ssize_t len;
  char *r;

  fd = open_target (path, proc, sizeof proc);
  if (fd == -1)
    return NULL;
  len = getxattr (proc, CAP_XATTR, val, sizeof val);
  if (len == -1 && errno == ENODATA) {
    r = strdup ("");
    if (r == NULL)
      reply_with_perror ("strdup");
    return r;
  }
  if (len == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  return caps_to_text (path, val, len);
}

/* The attribute for the text form CAP, into VAL (CAP_XATTR_MAX
 * bytes).  Returns its length, or -1 after replying. */
static ssize_t
caps_from_text (const char *cap, char *val)
{
  struct scratch s;
  CLEANUP_FREE char *err = NULL;
  ssize_t len = -1;

  if (scratch_open (&s) == -1)
    return -1;
  if (command (NULL, &err, "setcap", "-q", cap, s.name, NULL) == -1) {
    if (err != NULL)
      err[strcspn (err, "\n")] = '\0';     /* not the usage text */
    reply_with_error ("invalid capabilities \"%s\": %s", cap,
                      err && err[0] ? err : "setcap failed");
  }
  else {
    len = fgetxattr (s.fd, CAP_XATTR, val, CAP_XATTR_MAX);
    if (len == -1)
      reply_with_perror ("capabilities");
  }
  scratch_close (&s);
  return len;
}

/**
 * Set the capabilities of C<path> from the text form C<cap>
 * (cap_from_text(3)).
 */
int
do_cap_set_file (const char *path, const char *cap)
{
  CLEANUP_CLOSE int fd = -1;
  char proc[64], val[CAP_XATTR_MAX];
  ssize_t len;

  fd = open_target (path, proc, sizeof proc);
  if (fd == -1)
    return -1;
  len = caps_from_text (cap, val);
  if (len == -1)
    return -1;
  if (setxattr (proc, CAP_XATTR, val, len, 0) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}
