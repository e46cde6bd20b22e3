/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the initrd part of C<file_architecture>: the
 * architecture of a Linux initrd (a newc cpio archive, possibly
 * compressed, possibly several archives one after another) is the
 * architecture of the first ELF file in it.
 *
 * Nothing is unpacked to disk: the archive is parsed as a stream,
 * from the file itself or from the standard output of the
 * decompressor (run in a helper thread, its input the opened guest
 * file), and only the first bytes of each member are looked at.
 * Names, member sizes, the number of members and the bytes read are
 * all bounded.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "daemon.h"
#include "content.h"

/* Limits on what is parsed. */
#define MAX_MEMBERS 1000000
#define MAX_NAME 4096
#define MAX_BYTES (UINT64_C(1) << 30)
#define MAX_ZERO_PAD (1024 * 1024)
#define NEWC_HEADER 110

/* A buffered sequential reader. */
struct rd {
  int fd;
  uint64_t pos;                 /* bytes consumed */
  size_t off, len;
  unsigned char buf[65536];
};

/* Next byte, or -1 at EOF, on error or past MAX_BYTES. */
static int
rd_byte (struct rd *r)
{
  ssize_t n;

  if (r->off == r->len) {
    if (r->pos >= MAX_BYTES)
      return -1;
    do
      n = read (r->fd, r->buf, sizeof r->buf);
    while (n == -1 && errno == EINTR);
    if (n <= 0)
      return -1;
    r->off = 0;
    r->len = n;
  }
  r->pos++;
  return r->buf[r->off++];
}

/* Read N bytes into DST (NULL: discard them).  0, or -1 if short. */
static int
rd_read (struct rd *r, unsigned char *dst, uint64_t n)
{
  size_t k;
  int c;

  while (n > 0) {
    if (r->off == r->len) {
      if ((c = rd_byte (r)) == -1)
        return -1;
      if (dst)
        *dst++ = c;
      n--;
      continue;
    }
    k = r->len - r->off < n ? r->len - r->off : n;
    if (dst) {
      memcpy (dst, r->buf + r->off, k);
      dst += k;
    }
    r->off += k;
    r->pos += k;
    n -= k;
  }
  return 0;
}

/* Field I (0-based, 8 hex digits) of the newc header H, or -1. */
static int64_t
newc_field (const unsigned char *h, int i)
{
  char s[9];
  char *end;
  int64_t v;

  memcpy (s, h + 6 + 8 * i, 8);
  s[8] = '\0';
  v = strtoll (s, &end, 16);
  return *end == '\0' && end == s + 8 ? v : -1;
}

/* Bytes of padding after N to a multiple of 4. */
static uint64_t
pad4 (uint64_t n)
{
  return (4 - (n & 3)) & 3;
}

/* Look at one member whose header H was just read.  Returns 1 and
 * sets *ARCH at an ELF member, 0 to go on, 2 at the trailer, -1 if
 * the archive is broken. */
static int
member (struct rd *r, const unsigned char *h, const char **arch)
{
  int64_t mode = newc_field (h, 1), size = newc_field (h, 6);
  int64_t namesize = newc_field (h, 11);
  unsigned char name[MAX_NAME], head[64];
  uint64_t n;

  if (mode < 0 || size < 0 || namesize < 1 || namesize > MAX_NAME ||
      rd_read (r, name, namesize) == -1 ||
      rd_read (r, NULL, pad4 (NEWC_HEADER + namesize)) == -1)
    return -1;
  name[namesize - 1] = '\0';
  if (strcmp ((char *) name, "TRAILER!!!") == 0)
    return 2;
  n = (uint64_t) size < sizeof head ? (uint64_t) size : sizeof head;
  if (rd_read (r, head, n) == -1)
    return -1;
  if (S_ISREG (mode) && n >= 20 && memcmp (head, "\177ELF", 4) == 0 &&
      (*arch = content_elf_arch (head, n)) != NULL)
    return 1;
  return rd_read (r, NULL, size - n + pad4 (size)) == -1 ? -1 : 0;
}

/* Skip the zero padding between archives and read the magic of what
 * follows into M (6 bytes).  0, or -1 at the end. */
static int
next_magic (struct rd *r, unsigned char *m)
{
  int c, i;

  for (i = 0; (c = rd_byte (r)) == 0; i++)
    if (i > MAX_ZERO_PAD)
      return -1;
  if (c == -1)
    return -1;
  m[0] = c;
  return rd_read (r, m + 1, 5);
}

/* Parse archives from R.  Returns 1 with *ARCH set, 0 if none had an
 * ELF member (*MAGIC_R then holds the 6 bytes that followed the last
 * archive, if any: *HAVE_MAGIC true), -1 if broken. */
static int
parse_archives (struct rd *r, const char **arch, unsigned char *magic,
                bool *have_magic)
{
  unsigned char h[NEWC_HEADER];
  long members = 0;
  int ret;

  *have_magic = next_magic (r, h) == 0;
  while (*have_magic && (memcmp (h, "070701", 6) == 0 ||
                         memcmp (h, "070702", 6) == 0)) {
    if (rd_read (r, h + 6, NEWC_HEADER - 6) == -1)
      return -1;
    ret = member (r, h, arch);
    if (ret == 1 || ret == -1)
      return ret;
    if (++members > MAX_MEMBERS)
      return -1;
    if (ret == 2)
      *have_magic = next_magic (r, h) == 0;
    else if (rd_read (r, h, 6) == -1)
      return -1;
  }
  if (*have_magic)
    memcpy (magic, h, 6);
  return 0;
}

/* The decompressor for data starting with M, or NULL. */
static const char *
decompressor (const unsigned char *m)
{
  if (m[0] == 0x1f && m[1] == 0x8b) return "gzip";
  if (memcmp (m, "\xfd" "7zXZ", 5) == 0) return "xz";
  if (memcmp (m, "\x28\xb5\x2f\xfd", 4) == 0) return "zstd";
  if (memcmp (m, "BZh", 3) == 0) return "bzip2";
  if (memcmp (m, "\x89LZO", 4) == 0) return "lzop";
  return NULL;
}

/* A decompressor running in a helper thread. */
struct unpack {
  const char *argv[3];
  int in, out;
  pthread_t thread;
};

static void *
unpack_thread (void *opaque)
{
  struct unpack *u = opaque;
  CLEANUP_FREE char *err = NULL;

  command_fds (u->in, u->out, -1, &err, u->argv);
  close (u->out);
  return NULL;
}

/* Parse the compressed archives that FD holds from OFFSET on. */
static int
parse_compressed (int fd, uint64_t offset, const char *prog,
                  const char **arch)
{
  struct unpack u = { .argv = { prog, "-dc", NULL }, .in = fd };
  CLEANUP_FREE struct rd *r = calloc (1, sizeof *r);
  unsigned char magic[6];
  bool have_magic;
  int p[2], ret;

  if (r == NULL || lseek (fd, offset, SEEK_SET) == -1 ||
      pipe2 (p, O_CLOEXEC) == -1)
    return -1;
  u.out = p[1];
  if (pthread_create (&u.thread, NULL, unpack_thread, &u) != 0) {
    close (p[0]);
    close (p[1]);
    return -1;
  }
  r->fd = p[0];
  ret = parse_archives (r, arch, magic, &have_magic);
  close (p[0]);                 /* the decompressor stops (EPIPE) */
  pthread_join (u.thread, NULL);
  return ret;
}

/**
 * Return the architecture of the initrd open on C<fd> (positioned at
 * its start), or NULL if it is not an initrd or holds no ELF file
 * whose architecture is known.
 */
const char *
content_initrd_arch (int fd)
{
  CLEANUP_FREE struct rd *r = calloc (1, sizeof *r);
  const char *arch = NULL, *prog;
  unsigned char magic[6];
  bool have_magic;

  if (r == NULL || lseek (fd, 0, SEEK_SET) == -1)
    return NULL;
  r->fd = fd;
  if (parse_archives (r, &arch, magic, &have_magic) == 1)
    return arch;
  if (!have_magic || (prog = decompressor (magic)) == NULL)
    return NULL;
  if (parse_compressed (fd, r->pos - 6, prog, &arch) == 1)
    return arch;
  return NULL;
}
