/* guestkit — guestfsd: helpers shared by the "content" area.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares the helpers that the content commands (read,
 * grep, checksum, copy, zero, ...) share: opening guest files and
 * devices safely, running a filter program over an open file with a
 * bounded output, and turning output into a bounded string list.
 */

#ifndef GUESTFSD_CONTENT_H
#define GUESTFSD_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestfs_protocol.h"

/* Most bytes of output a content command returns in one reply. */
#define CONTENT_MAX_OUT (GUESTFS_MESSAGE_MAX - 65536)

/* Open the regular guest file PATH for reading (O_RDONLY).  A device
 * node, FIFO or socket in the guest is refused, and never opened.
 * Returns the fd, or -1 after replying. */
int content_open_read (const char *path);
/* 0 if PFD (the guest file PATH) is a regular file, else -1 after
 * replying. */
int content_check_regular (int pfd, const char *path);

/* Open the regular guest file PATH for writing with FLAGS (O_WRONLY
 * plus O_TRUNC/O_APPEND...), creating it if CREATE and missing.
 * Returns the fd, or -1 after replying. */
int content_open_write (const char *path, int flags, bool create);

/* Open the (already translated) device DEVICE with FLAGS.  Returns
 * the fd, or -1 after replying. */
int content_open_device (const char *device, int flags);

/* Run ARGV with stdin from FD_IN (-1: /dev/null) in the directory
 * CWD_FD (-1: unchanged), collecting at most
 * CONTENT_MAX_OUT bytes of stdout into *OUT_R (malloc'd, NUL-ended,
 * length in *LEN_R).  Returns the exit status (the caller decides
 * which are errors, *ERR_R explains: malloc'd, may be NULL), or -1
 * after replying (could not run, or output too large). */
int content_run (int fd_in, int cwd_fd, const char *const *argv,
                 char **out_r, size_t *len_r, char **err_r);

/* Split BUF (LEN bytes, NUL-terminated) into lines (no final empty
 * line, a CR before each LF dropped), checking that the list fits in
 * a reply.  Returns a malloc'd list, or NULL after replying. */
char **content_lines (char *buf, size_t len);

/* True if the LEN bytes at BUF are all zero. */
bool content_is_zero (const char *buf, size_t len);

/* Size of the open file or block device FD in *SIZE_R: 0, or -1
 * with errno set. */
int content_fd_size (int fd, uint64_t *size_r);

/* Write all LEN bytes of BUF to FD at its position: 0, or -1 with
 * errno set. */
int content_write_all (int fd, const char *buf, size_t len);

/* fileinfo.c: the architecture named by the ELF header H (LEN
 * bytes), or NULL if unknown. */
const char *content_elf_arch (const unsigned char *h, size_t len);
/* fileinfo.c: the same for a PE (MZ) header. */
const char *content_pe_arch (const unsigned char *h, size_t len);

/* initrd.c: the architecture of the first ELF file in the initrd
 * open on FD (cpio, possibly compressed), or NULL. */
const char *content_initrd_arch (int fd);

#endif /* GUESTFSD_CONTENT_H */
