/* guestkit — a disk image made from C, as a program outside the tree
 * would do it: create, partition, format, mount, write.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the C program tests/test-install.sh compiles
 * against an installed guestkit with only
 * C<cc $(pkg-config --cflags --libs libguestfs)>.  It is written the
 * way libguestfs's guestfs-examples(3) programs are: the public API,
 * optional arguments as C<GUESTFS_..._OPTS_*> pairs ended by -1,
 * lists freed by the caller.
 *
 * Usage: create-disk DISK.img HOSTFILE
 * It makes DISK.img (512 MiB, sparse raw), one MBR partition with
 * ext4, the files /empty, /hello and /foo/hostfile (a copy of
 * HOSTFILE), and prints the partitions it made.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <guestfs.h>

static void
free_strings (char **list)
{
  size_t i;

  for (i = 0; list[i] != NULL; ++i)
    free (list[i]);
  free (list);
}

int
main (int argc, char *argv[])
{
  guestfs_h *g;
  char **devices, **partitions;
  const char *message = "Hello, world\n";
  size_t i;

  if (argc != 3) {
    fprintf (stderr, "usage: create-disk DISK.img HOSTFILE\n");
    exit (EXIT_FAILURE);
  }

  g = guestfs_create ();
  if (g == NULL) {
    perror ("could not create a libguestfs handle");
    exit (EXIT_FAILURE);
  }

  /* A sparse raw file of 512 MiB; errors are printed by the handle. */
  if (guestfs_disk_create (g, argv[1], "raw", INT64_C (512) * 1024 * 1024,
                           -1) == -1)
    exit (EXIT_FAILURE);

  if (guestfs_add_drive_opts (g, argv[1],
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              GUESTFS_ADD_DRIVE_OPTS_READONLY, 0,
                              -1) == -1)
    exit (EXIT_FAILURE);

  if (guestfs_launch (g) == -1)
    exit (EXIT_FAILURE);

  /* The one disk added above. */
  devices = guestfs_list_devices (g);
  if (devices == NULL)
    exit (EXIT_FAILURE);
  if (devices[0] == NULL || devices[1] != NULL) {
    fprintf (stderr, "expected exactly one device\n");
    exit (EXIT_FAILURE);
  }

  if (guestfs_part_disk (g, devices[0], "mbr") == -1)
    exit (EXIT_FAILURE);

  partitions = guestfs_list_partitions (g);
  if (partitions == NULL)
    exit (EXIT_FAILURE);
  if (partitions[0] == NULL || partitions[1] != NULL) {
    fprintf (stderr, "expected exactly one partition\n");
    exit (EXIT_FAILURE);
  }

  if (guestfs_mkfs (g, "ext4", partitions[0]) == -1)
    exit (EXIT_FAILURE);
  if (guestfs_mount (g, partitions[0], "/") == -1)
    exit (EXIT_FAILURE);

  if (guestfs_touch (g, "/empty") == -1)
    exit (EXIT_FAILURE);
  if (guestfs_write (g, "/hello", message, strlen (message)) == -1)
    exit (EXIT_FAILURE);
  if (guestfs_mkdir (g, "/foo") == -1)
    exit (EXIT_FAILURE);
  if (guestfs_upload (g, argv[2], "/foo/hostfile") == -1)
    exit (EXIT_FAILURE);

  for (i = 0; partitions[i] != NULL; ++i)
    printf ("partition: %s\n", partitions[i]);

  /* Unmount and shut down explicitly, so that write errors show here
   * and not when the handle is closed. */
  if (guestfs_umount_all (g) == -1)
    exit (EXIT_FAILURE);
  if (guestfs_shutdown (g) == -1)
    exit (EXIT_FAILURE);

  guestfs_close (g);
  free_strings (devices);
  free_strings (partitions);
  exit (EXIT_SUCCESS);
}
