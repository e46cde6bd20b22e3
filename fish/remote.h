/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares what the remote control client (F<remote.c>,
 * C<--remote>) and server (F<listen.c>, C<--listen>) share: the wire
 * format and the socket helpers.
 *
 * One connection carries one command.  The client sends its standard
 * input, output and error (SCM_RIGHTS, with the first byte of the
 * request), then a request header and a body of NUL-terminated words:
 * the guestfish version, the command name, its arguments.  The server
 * runs the command with those descriptors as its own, then sends a
 * reply header.  Both ends are the same program on the same host, so
 * integers are native; every length is checked against a ceiling.
 */

#ifndef FISH_REMOTE_H
#define FISH_REMOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REMOTE_MAGIC "GFREMOT1"          /* 8 bytes, no NUL sent */
#define REMOTE_MAX_BODY (4 * 1024 * 1024)
#define REMOTE_MAX_WORDS 65536
#define REMOTE_NR_FDS 3                  /* stdin, stdout, stderr */

/* Request flags. */
#define REMOTE_EXIT_ON_ERROR 1           /* the listener exits if it fails */
/* Reply flags. */
#define REMOTE_QUIT 1                    /* the listener has stopped */

struct remote_request {
  char magic[8];
  uint32_t flags;
  uint32_t nr_words;            /* version, command, arguments */
  uint32_t len;                 /* bytes of words that follow */
};

struct remote_reply {
  char magic[8];
  int32_t status;               /* 0 or -1 */
  uint32_t flags;
};

/* Put the socket path of listener PID into PATH (LEN bytes): the
 * directory /tmp/.guestfish-EUID must be ours and mode 0700 (created
 * if CREATE).  Returns 0, or -1 after printing an error. */
int remote_socket_path (int pid, bool create, char *path, size_t len);
/* Is the process at the other end of SOCK running as our user?  Prints
 * an error naming WHO if not. */
bool remote_peer_is_us (int sock, const char *who);
/* Read exactly LEN bytes.  Returns 0, or -1 (errno 0 at end of file). */
int remote_read_full (int fd, void *buf, size_t len);
/* Write all of BUF to a socket (no SIGPIPE).  Returns 0 or -1. */
int remote_write_full (int sock, const void *buf, size_t len);

#endif /* FISH_REMOTE_H */
