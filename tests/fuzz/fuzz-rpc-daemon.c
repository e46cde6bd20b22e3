/* guestkit — fuzz target: the daemon side of the RPC protocol.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a fuzz target for F<daemon/proto.c> and the
 * generated argument decoders of F<common/protocol> (test plan #18):
 * the input plays a hostile library.  It is written, as is, into the
 * library end of a socketpair (then closed), and the daemon's real
 * request loop C<serve_channel> reads it: framing, headers, message
 * kinds, replies.
 *
 * No command runs: this file's C<dispatch_call> stands in for the
 * generated one.  It decodes the arguments of the named procedure with
 * that procedure's generated decoder, frees them, and replies with an
 * error (unknown procedure, undecodable arguments, or "not run").
 * What must hold: no crash, no sanitizer report, no leak, and the loop
 * returns (at EOF or on a protocol error) instead of exiting.
 */

#include <config.h>

#include "fuzz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"
#include "actions.h"

#define MAX_LIBRARY_BYTES (64u << 10)

int verbose;

/* Each procedure's argument decoder, as the generated stubs use it. */
#define FUZZ_RET(name, proc)
#define FUZZ_ARGS(name, proc)                                   \
  static int                                                    \
  args_##name (struct rbuf *r)                                  \
  {                                                             \
    struct guestfs_##name##_args a;                             \
                                                                \
    if (guestfs_dec_##name##_args (r, &a) == -1)                \
      return -1;                                                \
    guestfs_free_##name##_args (&a);                            \
    return 0;                                                   \
  }
#include "proc-tables.h"
#undef FUZZ_ARGS

struct args_decoder {
  uint32_t proc;
  int (*dec) (struct rbuf *);
};

#define FUZZ_ARGS(name, proc) { proc, args_##name },
static const struct args_decoder decoders[] = {
#include "proc-tables.h"
};
#define NR_DECODERS (sizeof decoders / sizeof decoders[0])

static unsigned long calls_decoded;

void
dispatch_call (uint32_t proc, struct rbuf *in)
{
  size_t i;

  if (guestfs_proc_name (proc) == NULL) {
    reply_with_error ("unknown procedure %u", proc);
    return;
  }
  for (i = 0; i < NR_DECODERS; i++)
    if (decoders[i].proc == proc)
      break;
  if (i < NR_DECODERS ? decoders[i].dec (in) == -1
                      : wire_get_end (in) == -1) {
    reply_with_error ("daemon failed to decode procedure arguments: %s",
                      in->error ? in->error : "?");
    return;
  }
  calls_decoded++;
  reply_with_error ("fuzz: %s not run", guestfs_proc_name (proc));
}

/* Read and discard what the daemon sends until it closes. */
static void *
drain (void *fdp)
{
  char buf[65536];
  int fd = *(int *) fdp;

  while (read (fd, buf, sizeof buf) > 0)
    ;
  return NULL;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  int sv[2];
  pthread_t t;
  size_t done = 0;
  ssize_t n;

  if (size > MAX_LIBRARY_BYTES)
    return 0;
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
    abort ();
  while (done < size && (n = write (sv[1], data + done, size - done)) > 0)
    done += n;
  if (done < size || shutdown (sv[1], SHUT_WR) == -1 ||
      pthread_create (&t, NULL, drain, &sv[1]) != 0)
    abort ();
  serve_channel (sv[0]);
  shutdown (sv[0], SHUT_RDWR);
  pthread_join (t, NULL);
  close (sv[0]);
  close (sv[1]);
  return 0;
}
