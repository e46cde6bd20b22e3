/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<glob_expand>.  glob(3) runs in a child
 * process chrooted into the guest root, so neither C<..> nor a guest
 * symlink can take it outside; the child writes the matches,
 * NUL-separated, into a memfd that the daemon reads back once it has
 * exited.  The list is bounded by the protocol's message size.
 */

#include <config.h>

#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "daemon.h"
#include "actions.h"

/* Most bytes the matches may take in one reply. */
#define MAX_REPLY (GUESTFS_MESSAGE_MAX - 65536)

/* The matches read back from the child. */
struct names {
  char *data;
  size_t len;
};

/* Child of glob_expand: glob PATTERN inside the guest root and write
 * the matches, NUL-separated, to OUT.  Never returns. */
static void __attribute__((noreturn))
glob_child (const char *pattern, int flags, int out)
{
  glob_t g;
  size_t i, total = 0, len;
  int r;

  if (chroot (SYSROOT) == -1 || chdir ("/") == -1)
    _exit (10);
  r = glob (pattern, flags, NULL, &g);
  if (r == GLOB_NOMATCH)
    _exit (0);
  if (r != 0)
    _exit (r == GLOB_NOSPACE ? 11 : 12);
  for (i = 0; i < g.gl_pathc; i++) {
    len = strlen (g.gl_pathv[i]) + 1;
    total += len + 8;
    if (total > MAX_REPLY)
      _exit (13);
    if (write (out, g.gl_pathv[i], len) != (ssize_t) len)
      _exit (11);
  }
  _exit (0);
}

/* Reply with the error a glob child's exit STATUS means. */
static void
reply_glob_error (int status)
{
  int code = WIFEXITED (status) ? WEXITSTATUS (status) : -1;

  switch (code) {
  case 10: reply_with_error ("cannot enter the guest root"); break;
  case 11: reply_with_error_errno (ENOMEM, "out of memory"); break;
  case 12: reply_with_error ("read error while matching"); break;
  case 13: reply_with_error ("too many matches for the protocol"); break;
  default: reply_with_error ("glob failed (status %d)", status);
  }
}

/* Run glob_child and read its matches into N.  Returns 0 or -1 after
 * replying. */
static int
run_glob (const char *pattern, int flags, struct names *n)
{
  CLEANUP_CLOSE int out = memfd_create ("glob", MFD_CLOEXEC);
  struct stat st;
  pid_t pid;
  int status;

  if (out == -1 || (pid = fork ()) == -1) {
    reply_with_perror ("glob");
    return -1;
  }
  if (pid == 0)
    glob_child (pattern, flags, out);
  if (waitpid (pid, &status, 0) == -1 || fstat (out, &st) == -1) {
    reply_with_perror ("waitpid");
    return -1;
  }
  if (status != 0) {
    reply_glob_error (status);
    return -1;
  }
  if ((size_t) st.st_size > MAX_REPLY || (n->data = malloc (st.st_size + 1)) == NULL ||
      pread (out, n->data, st.st_size, 0) != st.st_size) {
    reply_with_perror ("glob");
    return -1;
  }
  n->len = st.st_size;
  return 0;
}

/**
 * Return the guest paths matching the wildcard C<pattern> (in
 * glob(3) order); directories end in "/" unless C<directoryslash> is
 * given false.
 */
char **
do_glob_expand (const char *pattern, int directoryslash)
{
  DECLARE_STRINGSBUF (sb);
  struct names n = { NULL, 0 };
  int flags = GLOB_BRACE, r = 0;
  const char *p;

  if (!is_root_mounted ()) {
    reply_with_error ("you must call 'mount' first to mount the root "
                      "filesystem");
    return NULL;
  }
  if (!(optargs_bitmask & 1) || directoryslash)
    flags |= GLOB_MARK;
  if (run_glob (pattern, flags, &n) == -1) {
    free (n.data);
    return NULL;
  }
  for (p = n.data; r == 0 && p && p < n.data + n.len; p += strlen (p) + 1)
    r = add_string (&sb, p);
  free (n.data);
  if (r == -1 || end_stringsbuf (&sb) == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  return take_stringsbuf (&sb);
}
