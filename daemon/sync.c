/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<sync> and C<internal_autosync>.
 *
 * C<sync(2)> writes back every filesystem and block device cache;
 * each guest disk is then C<fsync>ed too, which makes the kernel send
 * a cache flush to the virtual disk, so the data reach the disk image
 * and not just QEMU's cache.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "daemon.h"
#include "actions.h"

/* fsync every guest disk.  Returns 0, -1 with errno set, or -2 if
 * the disks could not be listed (an error was replied). */
static int
flush_disks (void)
{
  CLEANUP_FREE_STRING_LIST char **disks = do_list_devices ();
  size_t i;
  int fd, ret = 0, err = 0;
  char *internal;

  if (disks == NULL)
    return -2;                  /* already replied */
  for (i = 0; disks[i] != NULL; i++) {
    internal = disks[i];
    internal[5] = 'v';          /* /dev/sdX -> /dev/vdX */
    fd = open (internal, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd == -1)
      continue;                 /* gone: nothing to flush */
    if (fsync (fd) == -1 && errno != EINVAL) {
      err = errno;
      ret = -1;
    }
    close (fd);
  }
  errno = err;
  return ret;
}

/* sync(2), then flush the disks.  Returns 0 or -1 after replying. */
static int
sync_all (void)
{
  int r;

  sync ();
  r = flush_disks ();
  if (r == -1) {
    reply_with_perror ("fsync");
    return -1;
  }
  return r == 0 ? 0 : -1;
}

/**
 * Flush every write made so far down to the disk images.
 */
int
do_sync (void)
{
  return sync_all ();
}

/**
 * Unmount every guest filesystem and sync (before the appliance is
 * shut down with autosync on).  Syncs even if unmounting fails.
 */
int
do_internal_autosync (void)
{
  int r = umount_all_sysroot ();
  int err = errno;

  if (sync_all () == -1)
    return -1;
  if (r == -1) {
    errno = err;
    reply_with_perror ("umount");
    return -1;
  }
  return 0;
}
