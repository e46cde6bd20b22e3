/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<file> and C<file_architecture>.
 *
 * C<file> describes a guest path without following a final symlink
 * (a link is described as such, with its target; a directory or a
 * special file by its type) and hands only regular files and devices
 * to libmagic, through an fd (it runs the usual decompressors to look
 * inside compressed files, as file -z does).
 *
 * C<file_architecture> reads the ELF or PE header of a binary itself:
 * the few header fields it needs are checked against the bytes that
 * were actually read.  Initrds are handled in F<initrd.c>.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <magic.h>

#include "daemon.h"
#include "actions.h"
#include "content.h"

/* libmagic's description of what FD reads (FLAGS: extra MAGIC_*),
 * malloc'd, or NULL after replying. */
static char *
magic_fd (int fd, int flags, const char *name)
{
  magic_t m = magic_open (MAGIC_COMPRESS | MAGIC_ERROR | flags);
  const char *desc;
  char *ret = NULL;

  if (m == NULL) {
    reply_with_perror ("magic_open");
    return NULL;
  }
  if (magic_load (m, NULL) == -1)
    reply_with_error ("magic_load: %s", magic_error (m));
  else if ((desc = magic_descriptor (m, fd)) == NULL)
    reply_with_error ("%s: %s", name, magic_error (m));
  else if ((ret = strdup (desc)) == NULL)
    reply_with_perror ("strdup");
  magic_close (m);
  return ret;
}

/* "symbolic link to TARGET" for the O_PATH symlink fd PFD, or NULL
 * after replying. */
static char *
describe_link (int pfd, const char *path)
{
  char target[DAEMON_MAX_PATH + 1];
  ssize_t n = readlinkat (pfd, "", target, sizeof target - 1);
  char *ret;

  if (n == -1) {
    reply_with_perror ("readlink: %s", path);
    return NULL;
  }
  target[n] = '\0';
  if (asprintf (&ret, "symbolic link to %s", target) == -1) {
    reply_with_perror ("asprintf");
    return NULL;
  }
  return ret;
}

/* The description of a guest path that is not a regular file, or
 * NULL if it is one. */
static const char *
describe_type (mode_t mode)
{
  if (S_ISDIR (mode)) return "directory";
  if (S_ISCHR (mode)) return "character device";
  if (S_ISBLK (mode)) return "block device";
  if (S_ISFIFO (mode)) return "FIFO";
  if (S_ISSOCK (mode)) return "socket";
  return NULL;
}

/* file(1)-like description of the guest path PATH. */
static char *
file_path (const char *path)
{
  CLEANUP_CLOSE int pfd = open_in_root (path, O_PATH | O_NOFOLLOW, 0);
  CLEANUP_CLOSE int fd = -1;
  const char *type;
  struct stat st;
  char *ret;

  if (pfd == -1 || fstat (pfd, &st) == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (S_ISLNK (st.st_mode))
    return describe_link (pfd, path);
  type = describe_type (st.st_mode);
  if (type != NULL) {
    ret = strdup (type);
    if (ret == NULL)
      reply_with_perror ("strdup");
    return ret;
  }
  fd = content_open_read (path);
  if (fd == -1)
    return NULL;
  return magic_fd (fd, 0, path);
}

/**
 * Describe the type or contents of C<path>, a guest path or a device
 * (the contents of which are described).
 */
char *
do_file (const char *path)
{
  CLEANUP_FREE char *shown = NULL;
  CLEANUP_CLOSE int fd = -1;

  if (strncmp (path, "/dev/", 5) != 0)
    return file_path (path);
  shown = device_to_external (path);
  fd = content_open_device (path, O_RDONLY);
  if (fd == -1)
    return NULL;
  return magic_fd (fd, MAGIC_DEVICES, shown ? shown : path);
}

/* Bytes of a binary's header that file_architecture looks at. */
#define HEADER_SIZE 4096

/* Little- or big-endian 16-bit value at P. */
static unsigned
get16 (const unsigned char *p, bool big)
{
  return big ? (p[0] << 8) | p[1] : p[0] | (p[1] << 8);
}

/**
 * Return the architecture of the ELF header C<h> (C<len> bytes), a
 * static string, or NULL if it is unknown.
 */
const char *
content_elf_arch (const unsigned char *h, size_t len)
{
  bool is64, big;
  unsigned machine;

  if (len < 20 || (h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2))
    return NULL;
  is64 = h[4] == 2;
  big = h[5] == 2;
  machine = get16 (h + 18, big);
  switch (machine) {
  case 2: case 18: return "sparc";
  case 3: return "i386";
  case 20: return "ppc";
  case 21: return big ? "ppc64" : "ppc64le";
  case 22: return is64 ? "s390x" : "s390";
  case 40: return "arm";
  case 43: return "sparc64";
  case 50: return "ia64";
  case 62: return "x86_64";
  case 183: return "aarch64";
  case 243: return is64 ? "riscv64" : "riscv32";
  default: return NULL;
  }
}

/**
 * Return the architecture of the PE (MZ) header C<h> (C<len> bytes),
 * a static string, or NULL if it is unknown.
 */
const char *
content_pe_arch (const unsigned char *h, size_t len)
{
  uint32_t off;

  if (len < 0x40)
    return NULL;
  off = h[0x3c] | (h[0x3d] << 8) | (h[0x3e] << 16) | ((uint32_t) h[0x3f] << 24);
  if (off > len - 6 || memcmp (h + off, "PE\0\0", 4) != 0)
    return NULL;
  switch (get16 (h + off + 4, false)) {
  case 0x14c: return "i386";
  case 0x8664: return "x86_64";
  case 0xaa64: return "aarch64";
  case 0x1c0: case 0x1c2: case 0x1c4: return "arm";
  case 0x200: return "ia64";
  default: return NULL;
  }
}

/**
 * Return the architecture ("x86_64", "i386", "aarch64", ...) of the
 * ELF or PE binary C<filename>.
 */
char *
do_file_architecture (const char *filename)
{
  CLEANUP_CLOSE int fd = content_open_read (filename);
  unsigned char h[HEADER_SIZE];
  const char *arch = NULL;
  ssize_t n;
  char *ret;

  if (fd == -1)
    return NULL;
  do
    n = pread (fd, h, sizeof h, 0);
  while (n == -1 && errno == EINTR);
  if (n == -1) {
    reply_with_perror ("read: %s", filename);
    return NULL;
  }
  if (n >= 4 && memcmp (h, "\177ELF", 4) == 0)
    arch = content_elf_arch (h, n);
  else if (n >= 2 && memcmp (h, "MZ", 2) == 0)
    arch = content_pe_arch (h, n);
  else
    arch = content_initrd_arch (fd);
  if (arch == NULL) {
    reply_with_error ("%s: unknown architecture, or not an ELF or PE "
                      "binary or an initrd", filename);
    return NULL;
  }
  ret = strdup (arch);
  if (ret == NULL)
    reply_with_perror ("strdup");
  return ret;
}
