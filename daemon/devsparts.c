/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<list_devices>, C<list_partitions> and
 * C<blockdev_getsize64>.
 *
 * The disks are the virtio disks that sysfs lists under
 * F</sys/block> (F<vda>, F<vdb>, ...), less the appliance's own root
 * disk; their partitions are the sysfs entries below each disk.  Disks
 * sort as F<vda> ... F<vdz>, F<vdaa> ... (shorter names first) and
 * partitions by disk, then number.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/fs.h>

#include "daemon.h"
#include "actions.h"

#define SYS_BLOCK "/sys/block"
#define LETTERS "abcdefghijklmnopqrstuvwxyz"

/* Most disks or partitions listed (far more than QEMU can attach). */
#define MAX_ENTRIES 65536

/* True if NAME is "vd" + letters (a whole virtio disk). */
static bool
is_virtio_disk (const char *name)
{
  size_t n;

  if (strncmp (name, "vd", 2) != 0)
    return false;
  n = strspn (name + 2, LETTERS);
  return n > 0 && n <= 8 && name[2 + n] == '\0';
}

/* True if NAME is the appliance's own disk. */
static bool
is_appliance_disk (const char *name)
{
  const char *root = appliance_root_dev;

  if (root == NULL)
    return false;
  if (strncmp (root, "/dev/", 5) == 0)
    root += 5;
  return strcmp (name, root) == 0;
}

/* Order "[/dev/]vdX[N]" names: disk letters by length then name, then
 * the partition number. */
static int
compare_device_names (const void *va, const void *vb)
{
  const char *a = *(char *const *) va, *b = *(char *const *) vb;
  size_t la, lb;
  int r;

  if (strncmp (a, "/dev/", 5) == 0)
    a += 5;
  if (strncmp (b, "/dev/", 5) == 0)
    b += 5;
  la = strspn (a + 2, LETTERS);
  lb = strspn (b + 2, LETTERS);
  if (la != lb)
    return la < lb ? -1 : 1;
  r = strncmp (a, b, la + 2);
  if (r != 0)
    return r;
  la = strlen (a + 2 + la);
  lb = strlen (b + 2 + lb);
  if (la != lb)                 /* numbers without leading zeroes */
    return la < lb ? -1 : 1;
  return strcmp (a, b);
}

/* Add "/dev/NAME" to SB.  Returns 0 or -1 after replying. */
static int
add_dev_name (struct stringsbuf *sb, const char *name)
{
  char *s;

  if (sb->size >= MAX_ENTRIES) {
    reply_with_error ("too many block devices");
    return -1;
  }
  if (asprintf (&s, "/dev/%s", name) == -1) {
    reply_with_perror ("asprintf");
    return -1;
  }
  return add_string_nodup (sb, s);
}

/* Fill SB with the guest's disks (appliance names, unsorted).
 * Returns 0 or -1 after replying. */
static int
scan_disks (struct stringsbuf *sb)
{
  DIR *dir = opendir (SYS_BLOCK);
  struct dirent *d;
  int r = 0;

  if (dir == NULL) {
    reply_with_perror ("opendir: %s", SYS_BLOCK);
    return -1;
  }
  while (r == 0 && (errno = 0, d = readdir (dir)) != NULL) {
    if (is_virtio_disk (d->d_name) && !is_appliance_disk (d->d_name))
      r = add_dev_name (sb, d->d_name);
  }
  if (r == 0 && errno != 0) {
    reply_with_perror ("readdir: %s", SYS_BLOCK);
    r = -1;
  }
  closedir (dir);
  return r;
}

/* True if ENTRY (in the sysfs directory of DISK) is a partition. */
static bool
is_partition_of (const char *disk, const char *entry)
{
  size_t len = strlen (disk), n;

  if (strncmp (entry, disk, len) != 0)
    return false;
  n = strspn (entry + len, "0123456789");
  return n > 0 && entry[len + n] == '\0' && entry[len] != '0';
}

/* Add the partitions of DISK ("vda") to SB.  Returns 0 or -1 after
 * replying.  A disk that vanished meanwhile has no partitions. */
static int
scan_partitions (struct stringsbuf *sb, const char *disk)
{
  char path[128];
  DIR *dir;
  struct dirent *d;
  int r = 0;

  snprintf (path, sizeof path, "%s/%s", SYS_BLOCK, disk);
  dir = opendir (path);
  if (dir == NULL)
    return 0;
  while (r == 0 && (d = readdir (dir)) != NULL) {
    if (is_partition_of (disk, d->d_name))
      r = add_dev_name (sb, d->d_name);
  }
  closedir (dir);
  return r;
}

/* Sort SB, end it, translate to external names and hand it over. */
static char **
finish_device_list (struct stringsbuf *sb)
{
  char **ret;

  if (sb->size > 1)
    qsort (sb->argv, sb->size, sizeof (char *), compare_device_names);
  if (end_stringsbuf (sb) == -1)
    return NULL;
  ret = take_stringsbuf (sb);
  if (devices_to_external (ret) == -1) {
    reply_with_perror ("malloc");
    guestkit_free_string_list (ret);
    return NULL;
  }
  return ret;
}

/**
 * List the guest's disks as F</dev/sda>, F</dev/sdb>, ...
 */
char **
do_list_devices (void)
{
  DECLARE_STRINGSBUF (sb);

  if (scan_disks (&sb) == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  return finish_device_list (&sb);
}

/**
 * List the partitions of every guest disk as F</dev/sda1>, ...
 */
char **
do_list_partitions (void)
{
  DECLARE_STRINGSBUF (disks);
  DECLARE_STRINGSBUF (sb);
  size_t i;
  int r;

  r = scan_disks (&disks);
  for (i = 0; r == 0 && i < disks.size; i++)
    r = scan_partitions (&sb, disks.argv[i] + 5);
  free_stringsbuf (&disks);
  if (r == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  return finish_device_list (&sb);
}

/**
 * Return the size of C<device> in bytes.
 */
int64_t
do_blockdev_getsize64 (const char *device)
{
  CLEANUP_CLOSE int fd = -1;
  uint64_t size;

  fd = open (device, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd == -1) {
    reply_with_perror ("open: %s", device);
    return -1;
  }
  if (ioctl (fd, BLKGETSIZE64, &size) == -1) {
    reply_with_perror ("ioctl: %s: BLKGETSIZE64", device);
    return -1;
  }
  if (size > INT64_MAX) {
    reply_with_error ("%s: size out of range", device);
    return -1;
  }
  return (int64_t) size;
}

/* Is SERIAL a drive label as add_drive accepts them? */
static bool
valid_label (const char *serial)
{
  size_t n = strlen (serial);

  return n > 0 && n <= 20 && strspn (serial,
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n;
}

/* Link /dev/disk/guestfs/LABEL to DISK and LABELN to its partitions. */
static void
link_labelled_disk (const char *disk, const char *label)
{
  char path[512], link[512];
  DIR *dir;
  struct dirent *d;

  snprintf (path, sizeof path, "../../%s", disk);
  snprintf (link, sizeof link, "/dev/disk/guestfs/%s", label);
  symlink (path, link);
  snprintf (path, sizeof path, "%s/%s", SYS_BLOCK, disk);
  if ((dir = opendir (path)) == NULL)
    return;
  while ((d = readdir (dir)) != NULL)
    if (is_partition_of (disk, d->d_name)) {
      snprintf (path, sizeof path, "../../%s", d->d_name);
      snprintf (link, sizeof link, "/dev/disk/guestfs/%s%s", label,
                d->d_name + strlen (disk));
      symlink (path, link);
    }
  closedir (dir);
}

/**
 * Make the /dev/disk/guestfs/LABEL[N] links of drives added with a
 * label (the library passes it as the virtio serial; it is checked
 * like any other input).  Called once at start-up; never fails.
 */
void
make_label_links (void)
{
  DIR *dir = opendir (SYS_BLOCK);
  struct dirent *d;
  char path[512], serial[64];

  if (dir == NULL)
    return;
  mkdir ("/dev/disk", 0755);
  mkdir ("/dev/disk/guestfs", 0755);
  while ((d = readdir (dir)) != NULL) {
    if (!is_virtio_disk (d->d_name) || is_appliance_disk (d->d_name))
      continue;
    snprintf (path, sizeof path, "%s/%s/serial", SYS_BLOCK, d->d_name);
    if (read_sys_line (path, serial, sizeof serial) == 0 &&
        valid_label (serial))
      link_labelled_disk (d->d_name, serial);
  }
  closedir (dir);
}
