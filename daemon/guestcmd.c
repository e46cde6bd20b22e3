/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<command>, C<command_lines>, C<sh> and
 * C<sh_lines>, which run a program of the guest.
 *
 * The program runs as root through chroot(8) with the mounted guest
 * as its root, with the appliance's F</dev>, F</dev/pts>, F</proc>
 * and F</sys> bind-mounted over the guest's directories of those
 * names (where the guest has them; each is resolved inside the guest
 * root) for the duration of the call.  Its output is captured and
 * must fit in one reply.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>

#include "daemon.h"
#include "actions.h"
#include "wire.h"

/* Most output returned: one reply, less room for its header. */
#define MAX_OUTPUT (GUESTFS_MESSAGE_MAX - 64 * 1024)
/* Most arguments passed to a guest program. */
#define MAX_ARGS 4096

/* Appliance directories bind-mounted into the guest. */
static const char *const bind_dirs[] = { "/dev", "/dev/pts", "/proc", "/sys" };
#define NR_BIND_DIRS (sizeof bind_dirs / sizeof bind_dirs[0])

/* The bind mounts made: an O_PATH fd on each mount's root, or -1. */
struct binds {
  int fd[NR_BIND_DIRS];
};

/* Bind the appliance's DIR over the guest's DIR, if the guest has one.
 * Returns an fd on the new mount, or -1 if nothing was mounted. */
static int
bind_one (const char *dir)
{
  CLEANUP_CLOSE int fd = open_in_root (dir, O_PATH | O_DIRECTORY, 0);
  char target[64];

  if (fd == -1)
    return -1;
  snprintf (target, sizeof target, "/proc/self/fd/%d", fd);
  if (mount (dir, target, NULL, MS_BIND, NULL) == -1)
    return -1;
  return open (target, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static void
bind_all (struct binds *b)
{
  size_t i;

  for (i = 0; i < NR_BIND_DIRS; i++)
    b->fd[i] = bind_one (bind_dirs[i]);
}

/* Undo bind_all, last first. */
static void
unbind_all (struct binds *b)
{
  char target[64];
  size_t i;

  for (i = NR_BIND_DIRS; i-- > 0;) {
    if (b->fd[i] < 0)
      continue;
    snprintf (target, sizeof target, "/proc/self/fd/%d", b->fd[i]);
    if (umount2 (target, MNT_DETACH) == -1 && verbose)
      perror (target);
    close (b->fd[i]);
  }
}

/* Run ARGUMENTS in the guest root.  Returns its standard output
 * (malloc'd), or NULL after replying. */
static char *
run_in_guest (char *const *arguments)
{
  CLEANUP_FREE const char **argv = NULL;
  CLEANUP_FREE char *err = NULL;
  struct binds b;
  char *out = NULL;
  size_t n = 0;
  int r;

  while (arguments[n] != NULL && n <= MAX_ARGS)
    n++;
  if (n == 0 || n > MAX_ARGS) {
    reply_with_error_errno (EINVAL, "%s", n ? "too many arguments"
                            : "no program given");
    return NULL;
  }
  if (!is_root_mounted ()) {
    reply_with_error ("no guest filesystem is mounted on /");
    return NULL;
  }
  argv = calloc (n + 4, sizeof *argv);
  if (argv == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  argv[0] = "chroot";
  argv[1] = "--";
  argv[2] = SYSROOT;
  memcpy (argv + 3, arguments, n * sizeof *argv);
  bind_all (&b);
  r = commandrv (&out, &err, argv);
  unbind_all (&b);
  if (r == 0 && out != NULL && strlen (out) <= MAX_OUTPUT)
    return out;
  if (r == 0 && out != NULL)
    reply_with_error ("%s: output too large (over %d bytes)", arguments[0],
                      MAX_OUTPUT);
  else {
    trim_newline (err);
    if (err != NULL && err[0] != '\0')
      reply_with_error ("%s", err);
    else
      reply_with_error ("%s: exit status %d", arguments[0], r);
  }
  free (out);
  return NULL;
}

/* Split OUT (freed) into lines, checking that the list still fits
 * one reply.  NULL after replying. */
static char **
output_lines (char *out)
{
  size_t lines = 0, i;
  char **ret;

  if (out == NULL)
    return NULL;
  for (i = 0; out[i] != '\0'; i++)
    lines += out[i] == '\n';
  /* Each line costs a 4-byte length and up to 3 bytes of padding. */
  if (i + 8 * (lines + 1) > MAX_OUTPUT) {
    reply_with_error ("output too large (%zu lines)", lines);
    free (out);
    return NULL;
  }
  ret = split_lines (out);
  free (out);
  return ret;
}

/**
 * Run the guest program C<arguments[0]> with its arguments and
 * return its standard output.
 */
char *
do_command (char *const *arguments)
{
  return run_in_guest (arguments);
}

/**
 * Like C<do_command>, split into lines.
 */
char **
do_command_lines (char *const *arguments)
{
  return output_lines (run_in_guest (arguments));
}

/**
 * Run C<command> with the guest's F</bin/sh -c>.
 */
char *
do_sh (const char *command)
{
  char *const argv[] = { (char *) "/bin/sh", (char *) "-c",
                         (char *) command, NULL };

  return run_in_guest (argv);
}

/**
 * Like C<do_sh>, split into lines.
 */
char **
do_sh_lines (const char *command)
{
  return output_lines (do_sh (command));
}
