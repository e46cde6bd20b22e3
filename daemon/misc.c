/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements calls about the appliance itself: C<dmesg>
 * (the kernel's message buffer), C<drop_caches> and C<utsname>.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "daemon.h"
#include "actions.h"
#include "wire.h"

#define DROP_CACHES "/proc/sys/vm/drop_caches"
/* Most kernel messages returned (the reply must fit one message). */
#define MAX_DMESG (GUESTFS_MESSAGE_MAX - 64 * 1024)

/**
 * Return the kernel's messages as dmesg(1) prints them.  If they do
 * not fit one reply, the oldest are left out.
 */
char *
do_dmesg (void)
{
  CLEANUP_FREE char *err = NULL;
  char *out = NULL;
  size_t len;

  if (command (&out, &err, "dmesg", NULL) == -1) {
    trim_newline (err);
    reply_with_error ("%s", err ? err : "dmesg failed");
    free (out);
    return NULL;
  }
  len = strlen (out);
  if (len > MAX_DMESG)
    memmove (out, out + len - MAX_DMESG, MAX_DMESG + 1);
  return out;
}

/**
 * Sync, then drop the caches selected by C<whattodrop> (1: page
 * cache, 2: dentries and inodes, 3: both).
 */
int
do_drop_caches (int whattodrop)
{
  CLEANUP_CLOSE int fd = -1;
  char buf[16];
  int len;

  if (whattodrop < 1 || whattodrop > 3) {
    reply_with_error_errno (EINVAL, "whattodrop %d: out of range (1 to 3)",
                            whattodrop);
    return -1;
  }
  sync ();
  fd = open (DROP_CACHES, O_WRONLY | O_CLOEXEC);
  len = snprintf (buf, sizeof buf, "%d\n", whattodrop);
  if (fd == -1 || write (fd, buf, len) != len) {
    reply_with_perror ("%s", DROP_CACHES);
    return -1;
  }
  return 0;
}

/**
 * Return the appliance kernel's uname(2) fields.
 */
guestfs_int_utsname *
do_utsname (void)
{
  guestfs_int_utsname *ret;
  struct utsname u;

  if (uname (&u) == -1) {
    reply_with_perror ("uname");
    return NULL;
  }
  ret = calloc (1, sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  ret->uts_sysname = strdup (u.sysname);
  ret->uts_release = strdup (u.release);
  ret->uts_version = strdup (u.version);
  ret->uts_machine = strdup (u.machine);
  if (!ret->uts_sysname || !ret->uts_release || !ret->uts_version ||
      !ret->uts_machine) {
    reply_with_perror ("strdup");
    free (ret->uts_sysname);
    free (ret->uts_release);
    free (ret->uts_version);
    free (ret->uts_machine);
    free (ret);
    return NULL;
  }
  return ret;
}
