/* guestkit — guestfsd: main program.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the daemon's start-up: read the kernel command
 * line, find the RPC channel (the virtio-serial port named
 * C<org.libguestfs.channel.0>), activate LVM volume groups, announce
 * readiness and serve calls until the library hangs up; then unmount
 * everything and sync before init powers the appliance off.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "lvm-int.h"

#define CHANNEL_NAME "org.libguestfs.channel.0"
#define CHANNEL_WAIT_MS 20000

int verbose;
char *appliance_root_dev;

/* guestfs_root=/dev/vdX on the kernel command line names our own disk. */
static void
read_cmdline (void)
{
  char buf[4096], *p, *end;
  FILE *fp = fopen ("/proc/cmdline", "r");
  size_t n;

  if (!fp)
    return;
  n = fread (buf, 1, sizeof buf - 1, fp);
  fclose (fp);
  buf[n] = '\0';
  if (strstr (buf, "guestfs_verbose=1"))
    verbose = 1;
  p = strstr (buf, "guestfs_root=/dev/");
  if (!p)
    return;
  p += strlen ("guestfs_root=/dev/");
  end = p + strcspn (p, " \n");
  appliance_root_dev = strndup (p, end - p);
}

/* Record a boot mark in the kernel log at debug level (no console
 * shows it); bench/launch reads the marks back with the dmesg call. */
static void
boot_mark (const char *what)
{
  struct timespec ts;
  char buf[128];
  int fd = open ("/dev/kmsg", O_WRONLY | O_CLOEXEC), n;

  if (fd < 0)
    return;
  clock_gettime (CLOCK_BOOTTIME, &ts);
  n = snprintf (buf, sizeof buf, "<7>guestkit-mark: %ld.%06ld guestfsd %s\n",
                (long) ts.tv_sec, ts.tv_nsec / 1000, what);
  if (n > 0 && (size_t) n < sizeof buf && write (fd, buf, n) < 0)
    n = -1;                     /* a missing mark is harmless */
  close (fd);
}

/* The /dev node of the virtio-serial port called NAME, or NULL. */
static char *
find_port (const char *name)
{
  DIR *d = opendir ("/sys/class/virtio-ports");
  struct dirent *e;
  char path[512], buf[256], *r = NULL;
  FILE *fp;

  if (!d)
    return NULL;
  while (!r && (e = readdir (d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    snprintf (path, sizeof path, "/sys/class/virtio-ports/%s/name", e->d_name);
    fp = fopen (path, "r");
    if (!fp)
      continue;
    if (fgets (buf, sizeof buf, fp) &&
        strcmp (strtok (buf, "\n") ? buf : "", name) == 0 &&
        asprintf (&r, "/dev/%s", e->d_name) == -1)
      r = NULL;
    fclose (fp);
  }
  closedir (d);
  return r;
}

static int
open_channel (void)
{
  char *dev = NULL;
  int waited, fd = -1;

  for (waited = 0; waited < CHANNEL_WAIT_MS; waited += 10) {
    dev = find_port (CHANNEL_NAME);
    if (dev && (fd = open (dev, O_RDWR | O_CLOEXEC)) >= 0)
      break;
    free (dev);
    dev = NULL;
    usleep (10000);
  }
  if (fd == -1) {
    fprintf (stderr, "guestfsd: cannot find the RPC channel %s\n",
             CHANNEL_NAME);
    return -1;
  }
  if (verbose)
    fprintf (stderr, "guestfsd: RPC channel is %s\n", dev);
  free (dev);
  return fd;
}

static void
usage (void)
{
  fprintf (stderr, "usage: guestfsd [-v] [-c CHANNEL]\n");
  exit (EXIT_FAILURE);
}

int
main (int argc, char *argv[])
{
  const char *channel = NULL;
  int c, fd, r;

  while ((c = getopt (argc, argv, "vc:")) != -1) {
    switch (c) {
    case 'v': verbose = 1; break;
    case 'c': channel = optarg; break;
    default: usage ();
    }
  }
  boot_mark ("starting");
  read_cmdline ();
  signal (SIGPIPE, SIG_IGN);
  umask (022);
  if (chdir ("/") == -1)
    perror ("chdir /");
  fd = channel ? open (channel, O_RDWR | O_CLOEXEC) : open_channel ();
  if (fd == -1)
    exit (EXIT_FAILURE);
  boot_mark ("channel open");
  /* Guest LVs show up like other block devices (errors are harmless:
   * a guest without LVM has nothing to activate, and one without an
   * LVM label anywhere need not run lvm at all). */
  if (lvm_maybe_present ())
    command (NULL, NULL, "lvm", "vgchange", "-aay", "--sysinit", NULL);
  make_label_links ();
  boot_mark ("ready");
  r = serve_channel (fd);
  umount_all_sysroot ();
  sync ();
  exit (r == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
