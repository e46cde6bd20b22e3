/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the mounting of NTFS filesystems for C<mount>,
 * C<mount_ro>, C<mount_options> and C<mount_vfs>.  The appliance
 * kernel has no NTFS driver, so (as mount(8) does through
 * F<mount.ntfs>) the volume is served by the ntfs-3g program over
 * FUSE: the kernel loads the fuse module when F</dev/fuse> is first
 * opened.  ntfs-3g mounts the device as C<fuseblk>, so that unmounting
 * waits for it to write everything back and close the device, and
 * C<umount>, C<umount_all>, C<mounts> and C<mountpoints> treat it as
 * any other mount.
 *
 * The mountpoint has been resolved inside the guest root by the
 * caller; ntfs-3g gets the appliance path of that directory.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"

/* Longest ntfs-3g message put in a reply. */
#define NTFS_MSG_MAX 200

/**
 * True if C<fstype> (a blkid type or the caller's C<vfstype>) is
 * mounted through ntfs-3g.
 */
bool
mount_is_ntfs (const char *fstype)
{
  return strcmp (fstype, "ntfs") == 0 || strcmp (fstype, "ntfs-3g") == 0;
}

/* The first line of ntfs-3g's message ERR, shortened, in place. */
static const char *
first_line (char *err)
{
  size_t len;

  if (err == NULL)
    return "ntfs-3g failed";
  err[strcspn (err, "\n")] = '\0';
  len = strlen (err);
  if (len > NTFS_MSG_MAX)
    err[NTFS_MSG_MAX] = '\0';
  return err[0] ? err : "ntfs-3g failed";
}

/**
 * Mount the NTFS filesystem on the appliance device C<device> on the
 * directory C<fd> (the guest path C<mountpoint>) with the mount(8)
 * C<options> ("" for none).  Returns 0, or -1 after replying.
 */
int
mount_ntfs (const char *device, int fd, const char *options,
            const char *mountpoint)
{
  CLEANUP_FREE char *err = NULL, *ext = NULL;
  char link[64], target[4096];
  const char *argv[6];
  ssize_t len;
  size_t n = 0;

  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  len = readlink (link, target, sizeof target - 1);
  if (len <= 0) {
    reply_with_perror ("%s", mountpoint);
    return -1;
  }
  target[len] = '\0';
  argv[n++] = "ntfs-3g";
  if (options[0] != '\0') {
    argv[n++] = "-o";
    argv[n++] = options;
  }
  argv[n++] = device;
  argv[n++] = target;
  argv[n] = NULL;
  if (commandv (NULL, &err, argv) == -1) {
    ext = device_to_external (device);
    reply_with_error ("%s on %s (ntfs): %s", ext ? ext : device,
                      mountpoint, first_line (err));
    return -1;
  }
  return 0;
}
