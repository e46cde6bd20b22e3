/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the POSIX ACL calls C<acl_get_file>,
 * C<acl_set_file> and C<acl_delete_def_file> with getfacl(1) and
 * setfacl(1).
 *
 * The guest path is opened with C<O_PATH> inside the guest root and
 * the programs are given F</proc/PID/fd/N> for that fd (PID being the
 * daemon's): the kernel resolves the magic link to exactly that
 * object, so no guest symlink can lead the programs outside the
 * root.  Ids are always numeric: names would come from the
 * appliance's user database, not the guest's.
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

/* The longest ACL text accepted. */
#define MAX_ACL_TEXT 65536

/* True for "default", false for "access"; -1 after replying for
 * anything else. */
static int
is_default_type (const char *acltype)
{
  if (strcmp (acltype, "access") == 0)
    return 0;
  if (strcmp (acltype, "default") == 0)
    return 1;
  reply_with_error ("invalid acltype parameter: %s "
                    "(use \"access\" or \"default\")", acltype);
  return -1;
}

/* Open PATH (following a final symlink inside the root) and write
 * the daemon's F</proc/PID/fd/N> name of it into BUF; "/." is added
 * for a directory, so that the programs see a directory rather than
 * the magic link.  Returns the fd, or -1 after replying. */
static int
open_for_program (const char *path, char *buf, size_t size)
{
  int fd = open_in_root (path, O_PATH, 0);
  struct stat st;

  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", path);
    if (fd >= 0)
      close (fd);
    return -1;
  }
  snprintf (buf, size, "/proc/%d/fd/%d%s", (int) getpid (), fd,
            S_ISDIR (st.st_mode) ? "/." : "");
  return fd;
}

/* Drop getfacl's blank line(s) after the last entry, keeping the
 * final newline of the last entry. */
static void
trim_blank_lines (char *s)
{
  size_t len = strlen (s);

  while (len > 0 && s[len - 1] == '\n')
    len--;
  if (s[len] == '\n')
    len++;
  s[len] = '\0';
}

/**
 * Return the access or default ACL of C<path> in long text form, one
 * entry a line, with numeric ids.
 */
char *
do_acl_get_file (const char *path, const char *acltype)
{
  CLEANUP_CLOSE int fd = -1;
  CLEANUP_FREE char *err = NULL;
  char *out = NULL;
  char proc[64];
  int def = is_default_type (acltype);

  if (def == -1)
    return NULL;
  fd = open_for_program (path, proc, sizeof proc);
  if (fd == -1)
    return NULL;
  if (command (&out, &err, "getfacl", "--omit-header", "--absolute-names",
               "--numeric", "--no-effective", def ? "--default" : "--access",
               "--", proc, NULL) == -1) {
    trim_newline (err);
    reply_with_error ("%s: %s", path, err ? err : "getfacl failed");
    free (out);
    return NULL;
  }
  trim_blank_lines (out);
  return out;
}

/* The ACL text with one entry a line (setfacl --set-file wants
 * that), malloc'd; NULL after replying. */
static char *
acl_lines (const char *acl)
{
  size_t len = strlen (acl), i;
  char *s;

  if (len > MAX_ACL_TEXT) {
    reply_with_error ("ACL text too long (%zu bytes)", len);
    return NULL;
  }
  s = malloc (len + 2);
  if (s == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  for (i = 0; i < len; i++)
    s[i] = acl[i] == ',' ? '\n' : acl[i];
  s[len] = '\n';
  s[len + 1] = '\0';
  return s;
}

/**
 * Replace the access or default ACL of C<path> by C<acl> (long or
 * short text form; the owner, group and other entries are needed).
 */
int
do_acl_set_file (const char *path, const char *acltype, const char *acl)
{
  CLEANUP_CLOSE int fd = -1;
  CLEANUP_FREE char *err = NULL, *text = NULL;
  char proc[64];
  int def = is_default_type (acltype);
  const char *argv[6];
  size_t n = 0;

  if (def == -1)
    return -1;
  argv[n++] = "setfacl";
  if (def)
    argv[n++] = "--default";   /* it must come first */
  argv[n++] = "--set-file=-";
  argv[n++] = "--";
  argv[n++] = proc;
  argv[n] = NULL;
  text = acl_lines (acl);
  if (text == NULL)
    return -1;
  fd = open_for_program (path, proc, sizeof proc);
  if (fd == -1)
    return -1;
  if (commandv_stdin (NULL, &err, text, strlen (text), argv) == -1) {
    trim_newline (err);
    reply_with_error ("%s: %s", path, err ? err : "setfacl failed");
    return -1;
  }
  return 0;
}

/**
 * Remove the default ACL of the directory C<dir> (nothing to do if it
 * has none).
 */
int
do_acl_delete_def_file (const char *dir)
{
  CLEANUP_CLOSE int fd = open_in_root (dir, O_PATH, 0);
  struct stat st;
  char proc[64];

  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", dir);
    return -1;
  }
  if (!S_ISDIR (st.st_mode)) {
    reply_with_error_errno (ENOTDIR, "%s: not a directory", dir);
    return -1;
  }
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  if (removexattr (proc, "system.posix_acl_default") == -1 &&
      errno != ENODATA) {
    reply_with_perror ("%s", dir);
    return -1;
  }
  return 0;
}
