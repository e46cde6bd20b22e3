/* guestkit — a fuzz target for the VMM's virtio-console device.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a fuzz target for
 * F<library/vmm/dev/virtio-console.c> (security test plan #16).  One
 * input picks the features (multiport or not) and a small socket send
 * buffer, then runs a hostile driver's program: transmit chains of 1
 * to 8 descriptors (0-length ones included, sometimes with a trailing
 * writable descriptor), malformed transmit chains (a buffer outside
 * RAM, a descriptor loop), receive chains (writable, read-only, or
 * empty), control messages with any id, event and value, control
 * receive buffers of any size, kicks of any queue, pumps of the I/O
 * thread, and the host end reading, writing or hanging up.
 *
 * What must hold:
 *  - every byte of every well-formed transmit chain reaches the host,
 *    in order, and nothing of a malformed chain does (once the host
 *    hung up: what it got is a prefix of that stream);
 *  - the device never holds more than one transmit chain
 *    (host-side buffering stays bounded however full the socket is);
 *  - the bytes receive chains come back with are the host's bytes, in
 *    order, never more than a chain's writable room, and a chain with
 *    no writable room comes back empty;
 *  - control messages fit the buffer they are written to and carry an
 *    event the device sends (DEVICE_ADD, PORT_OPEN, PORT_NAME);
 *  - the pump returns -1 or a subset of POLLIN | POLLOUT.
 *
 * Run by tests/fuzz/test-fuzz-vmm.sh over
 * tests/fuzz/corpus/virtio-console/, and by
 * tests/fuzz/run-vmm-fuzzers.sh under libFuzzer.
 */

#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vmm.h"

#define FUZZ_NAME "fuzz-virtio-console"
#include "fuzz-driver.h"

pthread_mutex_t vmm_lock = PTHREAD_MUTEX_INITIALIZER;

#define RAM_SIZE 0x30000u
#define QSIZE VQ_MAX_SIZE
#define RING_PFN(q) (1u + 3u * (q))     /* desc, avail, used: 3 pages */
#define TX_AREA 0x10000u                /* transmit data, 64 KiB */
#define RX_AREA 0x20000u                /* receive buffers, 48 KiB */
#define AREA_LEN 0x10000u
#define RX_LEN 0xC000u
#define STREAM_MAX (1u << 20)
#define IOBASE 0xC000

enum { R_GUEST_FEATURES = 0x04, R_QUEUE_PFN = 0x08, R_QUEUE_SEL = 0x0E,
       R_NOTIFY = 0x10, R_STATUS = 0x12 };
enum { RXQ, TXQ, CTRL_RXQ, CTRL_TXQ, NQ };
enum { OP_TX, OP_TX2, OP_TX_BAD, OP_RX, OP_CTRL, OP_CTRL_RX, OP_KICK,
       OP_PUMP, OP_HOST_READ, OP_HOST_WRITE, OP_HANGUP, NR_OPS };

static unsigned long programs, tx_chains, tx_bytes, rx_bytes, ctrl_msgs;

/* One posted chain's buffers, to read back what the device wrote. */
struct chain {
  uint64_t gpa[9];
  uint32_t len[9];
  bool write[9];
  unsigned n;
};

struct drvq {
  uint16_t avail_idx, used_seen, next_desc;
  struct chain posted[QSIZE];   /* by head */
};

static struct {
  uint8_t *ram;
  struct guest_mem gm;
  struct virtio_dev *vd;
  int peer;                     /* the host's end (the device owns its) */
  bool hung_up;
  struct drvq q[NQ];
  uint32_t tx_bump, rx_bump;
  uint8_t *want, *got, *sent, *rx;      /* byte streams */
  size_t nwant, ngot, nsent, nrx;
  uint8_t fill;
} S;

static void
reg_write (uint16_t off, uint32_t v, unsigned size)
{
  uint8_t d[4];

  le_put (d, v, 4);
  virtio_pci_ops.io (S.vd, off, true, d, size);
}

static uint64_t desc_gpa (unsigned q) { return RING_PFN (q) * 4096ull; }
static uint64_t avail_gpa (unsigned q) { return desc_gpa (q) + 16u * QSIZE; }
static uint64_t used_gpa (unsigned q) { return desc_gpa (q) + 8192; }

/* Put CH on queue Q's descriptor table and make it available; LOOP
 * makes its last descriptor point back at its first.  Returns false if
 * there is no room left on the ring. */
static bool
post (unsigned q, const struct chain *ch, bool loop)
{
  struct drvq *d = &S.q[q];
  uint16_t head = d->next_desc;
  unsigned i;

  if ((uint16_t) (d->avail_idx - S.vd->vq[q].used_idx) >= 24 || ch->n == 0)
    return false;
  for (i = 0; i < ch->n; i++) {
    uint8_t *p = S.ram + desc_gpa (q) + 16u * ((head + i) % QSIZE);
    bool last = i + 1 == ch->n;

    le_put (p, ch->gpa[i], 8);
    le_put (p + 8, ch->len[i], 4);
    le_put (p + 12, (ch->write[i] ? VRING_DESC_F_WRITE : 0) |
            (!last || loop ? VRING_DESC_F_NEXT : 0), 2);
    le_put (p + 14, last && loop ? head : (head + i + 1) % QSIZE, 2);
  }
  d->next_desc = (head + ch->n) % QSIZE;
  d->posted[head] = *ch;
  le_put (S.ram + avail_gpa (q) + 4 + 2u * (d->avail_idx % QSIZE), head, 2);
  le_put (S.ram + avail_gpa (q) + 2, ++d->avail_idx, 2);
  return true;
}

static void
start (bool multiport)
{
  unsigned q;

  reg_write (R_STATUS, 0, 1);
  memset (S.q, 0, sizeof S.q);
  memset (S.ram, 0, TX_AREA);
  reg_write (R_STATUS, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER, 1);
  reg_write (R_GUEST_FEATURES, multiport ? 2 : 0, 4);
  for (q = 0; q < NQ; q++) {
    reg_write (R_QUEUE_SEL, q, 2);
    reg_write (R_QUEUE_PFN, RING_PFN (q), 4);
  }
  reg_write (R_STATUS, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER |
             VIRTIO_STATUS_DRIVER_OK, 1);
}

static bool
setup (struct input *in)
{
  uint8_t shape = take (in, 1);
  struct irq_line irq = { NULL, NULL, 5 };
  int sv[2], sndbuf = 4096 << (shape >> 4) % 4;

  static uint8_t *streams;       /* once per process: 4 MiB */

  if (streams == NULL)
    streams = malloc (4 * STREAM_MAX);
  S.ram = calloc (1, RAM_SIZE);
  S.want = streams;
  S.got = streams ? streams + STREAM_MAX : NULL;
  S.sent = streams ? streams + 2 * STREAM_MAX : NULL;
  S.rx = streams ? streams + 3 * STREAM_MAX : NULL;
  if (!S.ram || !S.want || !S.got || !S.sent || !S.rx ||
      socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
    return false;
  S.peer = sv[1];
  setsockopt (sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  guest_mem_wrap (&S.gm, S.ram, RAM_SIZE);
  S.vd = virtio_console_new (&S.gm, irq, IOBASE, sv[0],
                             (shape & 2) ? "org.libguestfs.channel.0" : NULL,
                             -1);
  if (S.vd == NULL) {
    close (sv[0]);
    return false;
  }
  start (shape & 1);
  return true;
}

/*-- the checks --------------------------------------------------------------*/

/* Go through the used entries of queue Q that are new. */
static void
reap (unsigned q)
{
  struct drvq *d = &S.q[q];
  uint16_t idx = le_get (S.ram + used_gpa (q) + 2, 2);

  for (; d->used_seen != idx; d->used_seen++) {
    const uint8_t *e = S.ram + used_gpa (q) + 4 + 8u * (d->used_seen % QSIZE);
    uint32_t id = le_get (e, 4), len = le_get (e + 4, 4), room = 0, i, k;
    const struct chain *ch;

    if (id >= QSIZE) {
      fuzz_fail ("queue %u: used id %u out of range", q, id);
      continue;
    }
    ch = &d->posted[id];
    for (i = 0; i < ch->n; i++)
      room += ch->write[i] ? ch->len[i] : 0;
    CHECK (len <= room, "queue %u: used length %u, room %u", q, len, room);
    if (len > room)
      continue;
    if (q == CTRL_RXQ && len > 0) {
      uint16_t ev = le_get (S.ram + ch->gpa[0] + 4, 2);
      ctrl_msgs++;
      CHECK (len >= 8 && (ev == 1 || ev == 6 || ev == 7),
             "control message of %u bytes, event %u", len, ev);
    }
    if (q != RXQ)
      continue;
    for (i = 0; i < ch->n && len > 0; i++) {
      if (!ch->write[i])
        continue;
      k = len < ch->len[i] ? len : ch->len[i];
      if (S.nrx + k <= STREAM_MAX)
        memcpy (S.rx + S.nrx, S.ram + ch->gpa[i], k);
      S.nrx += k;
      len -= k;
    }
    CHECK (S.nrx <= S.nsent && memcmp (S.rx, S.sent, S.nrx) == 0,
           "the guest received %zu bytes that are not the host's %zu",
           S.nrx, S.nsent);
    rx_bytes = S.nrx > rx_bytes ? S.nrx : rx_bytes;
  }
}

/* The host reads up to MAX bytes of what the device sent. */
static void
host_read (size_t max)
{
  ssize_t n;

  while (max > 0 && S.ngot < STREAM_MAX) {
    size_t room = STREAM_MAX - S.ngot;
    n = recv (S.peer, S.got + S.ngot, max < room ? max : room, MSG_DONTWAIT);
    if (n <= 0)
      break;
    S.ngot += n;
    max -= n;
  }
  CHECK (S.ngot <= S.nwant && memcmp (S.got, S.want, S.ngot) == 0,
         "the host got %zu bytes that are not the guest's %zu in order",
         S.ngot, S.nwant);
}

static void
check_state (void)
{
  const struct virtqueue *tq = &S.vd->vq[TXQ];
  unsigned q;

  CHECK ((uint16_t) (tq->last_avail - tq->used_idx) <= 1,
         "the device holds %u transmit chains",
         (unsigned) (uint16_t) (tq->last_avail - tq->used_idx));
  for (q = 0; q < NQ; q++)
    reap (q);
}

static void
pump (void)
{
  int r = virtio_console_pump (S.vd);

  CHECK (r == -1 || (r & ~(POLLIN | POLLOUT)) == 0, "pump returned %d", r);
  check_state ();
}

/*-- the operations ----------------------------------------------------------*/

static uint32_t
take_len (struct input *in)
{
  uint8_t sel = take (in, 1);

  switch (sel % 8) {
  case 0: return 0;
  case 1: return 1;
  case 2: return 4096 + sel;
  default: return sel * 3 % 700;
  }
}

/* A well-formed transmit chain of 1 to 8 readable buffers. */
static void
op_tx (struct input *in)
{
  uint8_t shape = take (in, 1);
  struct chain ch = { .n = 1 + shape % 8 };
  uint64_t total = 0;
  unsigned i;

  for (i = 0; i < ch.n; i++) {
    ch.len[i] = take_len (in);
    total += ch.len[i];
  }
  if (S.tx_bump + total > AREA_LEN) {
    if (S.q[TXQ].avail_idx != S.vd->vq[TXQ].used_idx)
      return;                   /* old chains may still be read */
    S.tx_bump = 0;
  }
  if (S.nwant + total > STREAM_MAX || total > AREA_LEN)
    return;
  for (i = 0; i < ch.n; i++) {
    ch.gpa[i] = TX_AREA + S.tx_bump;
    memset (S.ram + ch.gpa[i], S.fill++, ch.len[i]);
    if (ch.len[i])
      S.ram[ch.gpa[i]] = (uint8_t) i;
    S.tx_bump += ch.len[i];
  }
  if (shape & 0x80) {           /* a writable buffer after: ignored */
    ch.gpa[ch.n] = RX_AREA;
    ch.len[ch.n] = 16;
    ch.write[ch.n++] = true;
  }
  if (!post (TXQ, &ch, false))
    return;
  for (i = 0; i < ch.n; i++)
    if (!ch.write[i]) {
      memcpy (S.want + S.nwant, S.ram + ch.gpa[i], ch.len[i]);
      S.nwant += ch.len[i];
    }
  tx_chains++;
  tx_bytes += total;
  if (shape & 0x40)
    reg_write (R_NOTIFY, TXQ, 2);
}

/* A transmit chain the device must drop: outside RAM, or a loop. */
static void
op_tx_bad (struct input *in)
{
  uint8_t shape = take (in, 1);
  struct chain ch = { .n = 1 + shape % 3 };
  unsigned i;

  for (i = 0; i < ch.n; i++) {
    ch.gpa[i] = TX_AREA;
    ch.len[i] = 8;
  }
  if (!(shape & 4)) {
    ch.gpa[ch.n - 1] = (shape & 8) ? RAM_SIZE - 4 : UINT64_MAX - 4;
  }
  post (TXQ, &ch, shape & 4);
  if (shape & 0x40)
    reg_write (R_NOTIFY, TXQ, 2);
}

static void
op_rx (struct input *in)
{
  uint8_t shape = take (in, 1);
  struct chain ch = { .n = 1 + shape % 4 };
  unsigned i;

  for (i = 0; i < ch.n; i++) {
    ch.len[i] = take_len (in) % 2048;
    if (S.rx_bump + ch.len[i] > RX_LEN) {
      if (S.q[RXQ].avail_idx != S.q[RXQ].used_seen)
        return;                 /* the old buffers are still posted */
      S.rx_bump = 0;
    }
    ch.gpa[i] = RX_AREA + S.rx_bump;
    ch.write[i] = !(shape & 0x10) || (i == 0 && (shape & 0x20));
    S.rx_bump += ch.len[i];
  }
  if (post (RXQ, &ch, false) && (shape & 0x40))
    reg_write (R_NOTIFY, RXQ, 2);
}

/* A control message from the driver: any id, event and value. */
static void
op_ctrl (struct input *in)
{
  static const uint16_t events[] = { 0, 3, 6, 6, 1, 7, 2, 0xFFFF };
  uint8_t sel = take (in, 1);
  uint32_t id = (sel & 0x80) ? 0xFFFFFFFF : (sel & 0x40) ? 1 : 0;
  uint64_t gpa = TX_AREA + AREA_LEN - 64;
  struct chain ch = { .n = 1, .gpa = { gpa }, .len = { 8 } };

  if (S.q[TXQ].avail_idx != S.vd->vq[TXQ].used_idx)
    return;                     /* the area's end may hold TX data */
  le_put (S.ram + gpa, id, 4);
  le_put (S.ram + gpa + 4, events[sel % 8], 2);
  le_put (S.ram + gpa + 6, (sel >> 3) % 3 == 2 ? 0xFFFF : (sel >> 3) % 3, 2);
  if (sel & 0x20)
    ch.len[0] = take (in, 1) % 12;
  if (post (CTRL_TXQ, &ch, false))
    reg_write (R_NOTIFY, CTRL_TXQ, 2);
}

static void
op_ctrl_rx (struct input *in)
{
  uint8_t sel = take (in, 1);
  unsigned slot = S.q[CTRL_RXQ].avail_idx % 16;
  struct chain ch = { .n = 1, .gpa = { RX_AREA + RX_LEN + 512u * slot },
                      .len = { sel % 4 == 0 ? sel : 512 },
                      .write = { !(sel & 1) || sel % 4 == 0 } };

  if ((uint16_t) (S.q[CTRL_RXQ].avail_idx - S.q[CTRL_RXQ].used_seen) >= 16)
    return;                     /* slots still owned by the device */
  if (post (CTRL_RXQ, &ch, false) && (sel & 0x40))
    reg_write (R_NOTIFY, CTRL_RXQ, 2);
}

static void
op_host_write (struct input *in)
{
  uint8_t buf[4096];
  size_t n = take (in, 2) % sizeof buf, i;
  ssize_t w;

  if (S.hung_up || S.nsent + n > STREAM_MAX)
    return;
  for (i = 0; i < n; i++)
    buf[i] = (uint8_t) (S.nsent + i) * 7 + 3;
  w = send (S.peer, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL);
  if (w > 0) {
    memcpy (S.sent + S.nsent, buf, w);
    S.nsent += w;
  }
}

/* The I/O thread until nothing moves, reading all the host gets. */
static void
drain (void)
{
  unsigned i;
  size_t before;

  for (i = 0; i < 1000; i++) {
    before = S.ngot;
    pump ();
    host_read (SIZE_MAX);
    if (S.ngot == before && S.vd->vq[TXQ].used_idx == S.q[TXQ].avail_idx)
      break;
  }
}

static void
finish (void)
{
  if (S.vd == NULL || S.hung_up)
    return;
  drain ();
  CHECK (S.ngot == S.nwant,
         "the host got %zu of the %zu bytes the guest sent", S.ngot, S.nwant);
}

static void
fuzz_one (const uint8_t *data, size_t size)
{
  struct input in = { data, size };
  unsigned nops;

  memset (&S, 0, sizeof S);
  S.peer = -1;
  programs++;
  if (setup (&in))
    for (nops = 0; nops < 128 && in.n > 0; nops++) {
      switch (take (&in, 1) % NR_OPS) {
      case OP_TX: case OP_TX2: op_tx (&in); break;
      case OP_TX_BAD: op_tx_bad (&in); break;
      case OP_RX: op_rx (&in); break;
      case OP_CTRL: op_ctrl (&in); break;
      case OP_CTRL_RX: op_ctrl_rx (&in); break;
      case OP_KICK: reg_write (R_NOTIFY, take (&in, 1) % 6, 2); break;
      case OP_PUMP: pump (); break;
      case OP_HOST_READ: host_read (take (&in, 2)); break;
      case OP_HOST_WRITE: op_host_write (&in); break;
      default:
        if (!S.hung_up && (take (&in, 1) & 3) == 0) {
          host_read (SIZE_MAX);
          shutdown (S.peer, SHUT_RDWR);
          S.hung_up = true;
        }
        break;
      }
      check_state ();
    }
  finish ();
  virtio_dev_free (S.vd);
  if (S.peer != -1)
    close (S.peer);
  free (S.ram);
}

static void __attribute__((unused))
fuzz_summary (char *buf, size_t len)
{
  snprintf (buf, len, "%lu programs, %lu TX chains (%lu bytes), %lu RX "
            "bytes, %lu control messages", programs, tx_chains, tx_bytes,
            rx_bytes, ctrl_msgs);
}
