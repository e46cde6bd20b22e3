/* guestkit — fuzz target: the library side of the RPC protocol.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a fuzz target for F<library/proto.c> and the
 * decoders of F<common/protocol> (test plan #17): the input plays a
 * hostile daemon.  Bytes 0-1 (big-endian, modulo the number of
 * choices) pick what the library waits for: the READY message, the
 * reply of one procedure decoded by its generated decoder, or a
 * FileOut download into /dev/null.  The rest is written, as is, into
 * the daemon end of a socketpair, which is then closed.
 *
 * The real F<proto.c> runs against a bare handle (no backend): this
 * file supplies the few library functions it calls (errors, events,
 * allocation, shutdown).  What must hold: no crash or sanitizer
 * report, every failure leaves an error with the handle "shut down",
 * and no single allocation exceeds C<GUESTFS_MESSAGE_MAX>.
 */

#include <config.h>

#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "guestfs-internal.h"
#include "guestfs_protocol.h"

#define MAX_DAEMON_BYTES (64u << 10)

static int shut_down, error_set, last_errnum;
static size_t biggest_alloc;

/*-- What proto.c needs from the rest of the library. --*/

void
guestfs_int_error_errno (guestfs_h *g, int errnum, const char *fs, ...)
{
  va_list args;
  char buf[256];

  va_start (args, fs);
  vsnprintf (buf, sizeof buf, fs, args);   /* formats must be sound */
  va_end (args);
  (void) g;
  last_errnum = errnum;
  error_set = 1;
}

void
guestfs_int_perrorf (guestfs_h *g, const char *fs, ...)
{
  va_list args;
  char buf[256];

  va_start (args, fs);
  vsnprintf (buf, sizeof buf, fs, args);
  va_end (args);
  error_set = 1;
}

void *
guestfs_int_safe_malloc (guestfs_h *g, size_t n)
{
  void *p;

  if (n > biggest_alloc)
    biggest_alloc = n;
  p = malloc (n ? n : 1);
  if (p == NULL)
    abort ();
  return p;
}

void
guestfs_int_call_callbacks_message (guestfs_h *g, uint64_t event,
                                    const char *buf, size_t len)
{
}

void
guestfs_int_call_callbacks_array (guestfs_h *g, uint64_t event,
                                  const uint64_t *array, size_t len)
{
  if (len != 4 || array[2] > array[3])
    abort ();                   /* progress must be sane when delivered */
}

int
guestfs_int_shutdown_backend (guestfs_h *g, bool check)
{
  shut_down = 1;
  g->state = CONFIG;
  return 0;
}

/*-- Return value decoders: every procedure's, as generated. --*/

#define FUZZ_ARGS(name, proc)
#define FUZZ_RET(name, proc)                                    \
  static int                                                    \
  ret_##name (struct rbuf *r, void *unused)                     \
  {                                                             \
    struct guestfs_##name##_ret v;                              \
                                                                \
    if (guestfs_dec_##name##_ret (r, &v) == -1)                 \
      return -1;                                                \
    guestfs_free_##name##_ret (&v);                             \
    return 0;                                                   \
  }
#include "proc-tables.h"
#undef FUZZ_RET

struct ret_decoder {
  uint32_t proc;
  int (*dec) (struct rbuf *, void *);
};

#define FUZZ_RET(name, proc) { proc, ret_##name },
static const struct ret_decoder decoders[] = {
  { GUESTFS_PROC_SYNC, NULL },  /* a call returning nothing */
#include "proc-tables.h"
};
#define NR_DECODERS (sizeof decoders / sizeof decoders[0])

/*-- The target. --*/

static int
feed (int fd, const uint8_t *data, size_t size)
{
  int sz = 2 * MAX_DAEMON_BYTES;

  setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
  while (size > 0) {
    ssize_t n = write (fd, data, size);

    if (n <= 0)
      return -1;
    data += n;
    size -= n;
  }
  return shutdown (fd, SHUT_WR);
}

static int
run_one (guestfs_h *g, unsigned mode)
{
  struct guestfs_int_rpc_call c = { .name = "fuzz" };

  if (mode == NR_DECODERS)
    return guestfs_int_wait_ready (g);
  if (mode == NR_DECODERS + 1) {
    c.proc = GUESTFS_PROC_DOWNLOAD;
    c.fileout = "/dev/null";
  }
  else {
    c.proc = decoders[mode].proc;
    c.dec = decoders[mode].dec;
  }
  return guestfs_int_rpc (g, &c);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static guestfs_h g;
  int sv[2], r;

  if (size < 2 || size > MAX_DAEMON_BYTES + 2)
    return 0;
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
    abort ();
  memset (&g, 0, sizeof g);
  g.state = READY;
  g.daemon_fd = sv[0];
  g.console_fd = -1;
  g.launch_timeout = 5;
  shut_down = error_set = last_errnum = 0;
  if (feed (sv[1], data + 2, size - 2) == -1)
    abort ();
  r = run_one (&g, (data[0] << 8 | data[1]) % (NR_DECODERS + 2));
  /* A failure must come with an error; a protocol failure (not a
   * daemon error reply) must also shut the appliance down. */
  if (r == -1 && !error_set)
    abort ();
  if (r == -1 && last_errnum == EPROTO && !shut_down)
    abort ();
  if (biggest_alloc > GUESTFS_MESSAGE_MAX)
    abort ();
  close (sv[0]);
  close (sv[1]);
  return 0;
}
