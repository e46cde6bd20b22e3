/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<get_e2attrs>, C<set_e2attrs>,
 * C<get_e2generation> and C<set_e2generation>: the inode flags and
 * generation number of ext2/3/4 files, read and written with the
 * C<FS_IOC_*> ioctls on a file opened inside the guest root.  Only
 * regular files and directories are opened for the ioctls (never a
 * device node of the guest).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/fs.h>

#include "daemon.h"
#include "actions.h"

#define OPT_CLEAR (UINT64_C (1) << 0)

/* The attribute letters and their inode flag bits. */
static const struct {
  char letter;
  unsigned flag;
} attrs[] = {
  { 'A', 0x00000080 },          /* no atime updates */
  { 'a', 0x00000020 },          /* append only */
  { 'c', 0x00000004 },          /* compressed */
  { 'D', 0x00010000 },          /* synchronous directory updates */
  { 'd', 0x00000040 },          /* no dump */
  { 'E', 0x00000800 },          /* compression error */
  { 'e', 0x00080000 },          /* extents */
  { 'h', 0x00040000 },          /* huge file */
  { 'I', 0x00001000 },          /* hashed directory */
  { 'i', 0x00000010 },          /* immutable */
  { 'j', 0x00004000 },          /* data journalling */
  { 's', 0x00000001 },          /* secure deletion */
  { 'S', 0x00000008 },          /* synchronous updates */
  { 'T', 0x00020000 },          /* top of directory hierarchy */
  { 't', 0x00008000 },          /* no tail merging */
  { 'u', 0x00000002 },          /* undeletable */
  { 'X', 0x00000400 },          /* raw compressed data */
  { 'Z', 0x00000100 },          /* compressed and dirty */
};
#define NR_ATTRS (sizeof attrs / sizeof attrs[0])

/* Open the regular file or directory PATH for the ioctls: first as an
 * O_PATH fd to check its type, then reopened through /proc.  Returns
 * the fd or -1 after replying. */
static int
open_for_ioctl (const char *path)
{
  CLEANUP_CLOSE int pfd = open_in_root (path, O_PATH, 0);
  char proc[64];
  struct stat st;
  int fd;

  if (pfd == -1 || fstat (pfd, &st) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (!S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: not a regular file or directory",
                            path);
    return -1;
  }
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", pfd);
  fd = open (proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd == -1)
    reply_with_perror ("%s", path);
  return fd;
}

/* Read the inode flags of FD.  Returns 0 or -1 after replying. */
static int
get_flags (int fd, const char *path, unsigned *flags)
{
  int f = 0;

  if (ioctl (fd, FS_IOC_GETFLAGS, &f) == -1) {
    reply_with_perror ("%s: reading the file attributes", path);
    return -1;
  }
  *flags = (unsigned) f;
  return 0;
}

/**
 * Return the ext2 file attributes of C<file> as a string of letters.
 */
char *
do_get_e2attrs (const char *file)
{
  CLEANUP_CLOSE int fd = open_for_ioctl (file);
  char buf[NR_ATTRS + 1], *r;
  unsigned flags;
  size_t i, n = 0;

  if (fd == -1 || get_flags (fd, file, &flags) == -1)
    return NULL;
  for (i = 0; i < NR_ATTRS; i++)
    if (flags & attrs[i].flag)
      buf[n++] = attrs[i].letter;
  buf[n] = '\0';
  r = strdup (buf);
  if (r == NULL)
    reply_with_perror ("strdup");
  return r;
}

/* The flag bits of the letters in ATTRS.  Returns 0 or -1 after
 * replying. */
static int
parse_attrs (const char *str, unsigned *bits)
{
  size_t i;

  *bits = 0;
  for (; *str; str++) {
    for (i = 0; i < NR_ATTRS && attrs[i].letter != *str; i++)
      ;
    if (i == NR_ATTRS) {
      reply_with_error_errno (EINVAL, "unknown file attribute '%c'", *str);
      return -1;
    }
    *bits |= attrs[i].flag;
  }
  return 0;
}

/**
 * Set (or with C<clear>, clear) the ext2 file attributes C<attrs> of
 * C<file>, leaving the others as they are.
 */
int
do_set_e2attrs (const char *file, const char *attrs_str, int clear)
{
  CLEANUP_CLOSE int fd = -1;
  unsigned bits, flags;
  int f;

  if (parse_attrs (attrs_str, &bits) == -1)
    return -1;
  fd = open_for_ioctl (file);
  if (fd == -1 || get_flags (fd, file, &flags) == -1)
    return -1;
  if ((optargs_bitmask & OPT_CLEAR) && clear)
    flags &= ~bits;
  else
    flags |= bits;
  f = (int) flags;
  if (ioctl (fd, FS_IOC_SETFLAGS, &f) == -1) {
    reply_with_perror ("%s: setting the file attributes", file);
    return -1;
  }
  return 0;
}

/**
 * Return the ext2 generation number of C<file>.
 */
int64_t
do_get_e2generation (const char *file)
{
  CLEANUP_CLOSE int fd = open_for_ioctl (file);
  unsigned gen = 0;

  if (fd == -1)
    return -1;
  if (ioctl (fd, FS_IOC_GETVERSION, &gen) == -1) {
    reply_with_perror ("%s: reading the generation", file);
    return -1;
  }
  return gen;
}

/**
 * Set the ext2 generation number of C<file> (0 to 2^32-1).
 */
int
do_set_e2generation (const char *file, int64_t generation)
{
  CLEANUP_CLOSE int fd = -1;
  unsigned gen;

  if (generation < 0 || generation > UINT32_MAX) {
    reply_with_error_errno (EINVAL, "generation must be between 0 and %u",
                            UINT32_MAX);
    return -1;
  }
  fd = open_for_ioctl (file);
  if (fd == -1)
    return -1;
  gen = (unsigned) generation;
  if (ioctl (fd, FS_IOC_SETVERSION, &gen) == -1) {
    reply_with_perror ("%s: setting the generation", file);
    return -1;
  }
  return 0;
}
