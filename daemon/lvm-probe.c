/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a quick test for LVM physical volumes: whether
 * any block device of the appliance carries an LVM2 label.  Running
 * C<lvm> costs a fork, an exec and a scan of every device (a few
 * hundred milliseconds under TCG); a guest with no label anywhere has
 * no volume group, so the start-up activation and the C<pvs>, C<vgs>
 * and C<lvs> listings can skip lvm and give the empty answer lvm
 * would give.  Where the test cannot tell (F</sys/class/block>
 * unreadable) it says "maybe", and lvm runs as before.
 *
 * LVM writes its label ("LABELONE", then the type "LVM2 001" at byte
 * 24) at the start of one of the first four 512-byte sectors.
 */

#include <config.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "lvm-int.h"

#define SECTOR 512
#define LABEL_SECTORS 4
#define SYS_BLOCK "/sys/class/block"

/* True if the first sectors of the device node PATH hold an LVM2
 * label.  A device that cannot be opened or read (no medium, gone)
 * is one lvm cannot read either: false. */
static bool
has_lvm_label (const char *path)
{
  unsigned char buf[SECTOR * LABEL_SECTORS];
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  ssize_t n;

  if (fd == -1)
    return false;
  n = pread (fd, buf, sizeof buf, 0);
  close (fd);
  for (ssize_t off = 0; off + SECTOR <= n; off += SECTOR)
    if (memcmp (buf + off, "LABELONE", 8) == 0 &&
        memcmp (buf + off + 24, "LVM2 001", 8) == 0)
      return true;
  return false;
}

/**
 * True if some block device (disk, partition, md, device-mapper...)
 * may be an LVM physical volume; false only if none has a label.
 */
bool
lvm_maybe_present (void)
{
  DIR *dir = opendir (SYS_BLOCK);
  struct dirent *d;
  char path[PATH_MAX];
  bool found = false;

  if (dir == NULL)
    return true;
  while (!found && (d = readdir (dir)) != NULL) {
    if (d->d_name[0] == '.' ||
        snprintf (path, sizeof path, "/dev/%s", d->d_name) >=
        (int) sizeof path)
      continue;
    found = has_lvm_label (path);
  }
  closedir (dir);
  return found;
}
