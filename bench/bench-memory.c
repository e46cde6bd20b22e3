/* guestkit — memory benchmark.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<bench/memory>'s harness: one appliance
 * (scratch disk), sampled right after launch and again after some
 * work (mkfs ext4, mount, write a file of FILL MiB), then closed.
 * Prints (MiB):
 *
 *   backend RSS / peak   VmRSS and VmHWM of the VMM or QEMU process
 *   guest RAM touched    the resident part of its mapping of
 *                        memsize MiB (the guest's RAM), from smaps
 *   library peak RSS     this process's ru_maxrss after close
 *   backend peak (wait)  RUSAGE_CHILDREN ru_maxrss after close (the
 *                        backend if the library waited for it)
 *
 * Usage: bench-memory [FILL_MIB]    (default 64)
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "guestfs.h"

/* The value (kB) of FIELD in /proc/PID/status, or -1. */
static long
status_kb (int pid, const char *field)
{
  char path[64], line[256];
  size_t len = strlen (field);
  long v = -1;
  FILE *fp;

  snprintf (path, sizeof path, "/proc/%d/status", pid);
  if (!(fp = fopen (path, "r")))
    return -1;
  while (fgets (line, sizeof line, fp))
    if (strncmp (line, field, len) == 0 && line[len] == ':')
      v = strtol (line + len + 1, NULL, 10);
  fclose (fp);
  return v;
}

/* The Rss (kB) of PID's mapping of exactly MEMSIZE MiB (the guest's
 * RAM: under TCG, QEMU's code buffer can be bigger), or -1. */
static long
guest_ram_rss_kb (int pid, int memsize)
{
  char path[64], line[256];
  long size = 0, found = -1, v;
  FILE *fp;

  snprintf (path, sizeof path, "/proc/%d/smaps", pid);
  if (!(fp = fopen (path, "r")))
    return -1;
  while (fgets (line, sizeof line, fp)) {
    if (sscanf (line, "Size: %ld kB", &v) == 1)
      size = v;
    else if (sscanf (line, "Rss: %ld kB", &v) == 1 && size == memsize * 1024L)
      found = v;
  }
  fclose (fp);
  return found;
}

static void
sample (const char *when, int pid, int memsize)
{
  long ram = guest_ram_rss_kb (pid, memsize);

  printf ("backend RSS %s: %.1f MiB\n", when, status_kb (pid, "VmRSS") / 1024.0);
  printf ("backend peak RSS %s: %.1f MiB\n", when, status_kb (pid, "VmHWM") / 1024.0);
  if (ram >= 0)
    printf ("guest RAM touched %s: %.1f MiB\n", when, ram / 1024.0);
}

int
main (int argc, char *argv[])
{
  int pid, memsize, fill = argc > 1 ? atoi (argv[1]) : 64;
  guestfs_h *g = guestfs_create ();
  struct rusage ru;

  if (!g || fill < 1 || fill > 1024 ||
      guestfs_add_drive_scratch (g, (int64_t) (fill + 64) << 20, -1) == -1 ||
      guestfs_launch (g) == -1 || (pid = guestfs_get_pid (g)) <= 0)
    return EXIT_FAILURE;
  memsize = guestfs_get_memsize (g);
  printf ("memsize: %d MiB\n", memsize);
  sample ("after launch", pid, memsize);
  if (guestfs_mkfs (g, "ext4", "/dev/sda") == -1 ||
      guestfs_mount (g, "/dev/sda", "/") == -1 ||
      guestfs_fill (g, 'x', fill << 20, "/f") == -1)
    return EXIT_FAILURE;
  sample ("after work", pid, memsize);
  if (guestfs_shutdown (g) == -1)
    return EXIT_FAILURE;
  guestfs_close (g);
  getrusage (RUSAGE_SELF, &ru);
  printf ("library peak RSS: %.1f MiB\n", ru.ru_maxrss / 1024.0);
  getrusage (RUSAGE_CHILDREN, &ru);
  printf ("backend peak RSS (wait4): %.1f MiB\n", ru.ru_maxrss / 1024.0);
  return EXIT_SUCCESS;
}
