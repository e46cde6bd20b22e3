/* guestkit — unit tests of the VMM's virtio-console device (TAP output).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file drives F<library/vmm/dev/virtio-console.c> through its
 * legacy register block as the Linux driver does (rings in a wrapped
 * buffer, chains built by hand, kicks), the host side being one end of
 * a socketpair: the multiport handshake, the control outbox, both data
 * directions, a full socket, EOF, single-port mode, reset, teardown,
 * malformed guest input.  SIGPIPE keeps its default action.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vmm.h"
#include "../tap.h"

pthread_mutex_t vmm_lock = PTHREAD_MUTEX_INITIALIZER;

/* Legacy virtio-pci registers (virtio 0.9.5). */
enum { R_HOST_FEATURES = 0x00, R_GUEST_FEATURES = 0x04, R_QUEUE_PFN = 0x08,
       R_QUEUE_NUM = 0x0C, R_QUEUE_SEL = 0x0E, R_NOTIFY = 0x10,
       R_STATUS = 0x12, R_ISR = 0x13 };

/* The console device (virtio spec 1.x, section 5.3). */
enum { EV_DEVICE_READY = 0, EV_DEVICE_ADD = 1, EV_PORT_READY = 3,
       EV_PORT_OPEN = 6, EV_PORT_NAME = 7 };
#define F_MULTIPORT 1
#define BAD_ID 0xFFFFFFFFu      /* Linux's id for DEVICE_READY */

#define NAME "org.libguestfs.channel.0"
#define MEM_SIZE (4u << 20)
#define RING_PFN(q) (16u + 4u * (q))
#define DATA_START 0x100000u
#define CTRL_BUF 512

/* The driver's view of one queue. */
struct drvq {
  uint8_t *desc, *used;
  uint16_t *avail;
  uint16_t size, avail_idx, used_seen, next_desc;
  uint64_t head_gpa[VQ_MAX_SIZE];       /* first buffer of each chain */
};

/* The fixture: guest RAM, the device, the socket, the eventfd. */
static struct {
  uint8_t *ram;
  struct guest_mem mem;
  struct virtio_dev *vd;
  int devfd, peer, wake;        /* devfd: the device's end */
  uint64_t bump;
  struct drvq q[4];
  unsigned raises;
} T;

struct tbuf { uint64_t gpa; uint32_t len; bool write; };
struct vdesc { uint64_t addr; uint32_t len; uint16_t flags, next; };

/* A control message as it sits in guest memory (x86: little-endian),
 * and the used length it came with. */
struct cmsg { uint32_t id; uint16_t event, value; char payload[504];
              uint32_t len; };

static void
irq_rec (void *opaque, unsigned gsi, int level)
{
  if (level)
    T.raises++;
}

/* A SIZE-byte access to the register block; returns what a read got. */
static uint32_t
reg (uint16_t off, unsigned size, bool write, uint32_t v)
{
  uint8_t d[4];

  le_put (d, v, 4);
  virtio_pci_ops.io (T.vd, off, write, d, size);
  return le_get (d, 4);
}
#define reg_rd(off, size) reg ((off), (size), false, 0)
#define reg_wr(off, size, v) reg ((off), (size), true, (v))
#define kick(q) reg_wr (R_NOTIFY, 2, (q))

/* Zeroed guest memory for LEN bytes; returns its address. */
static uint64_t
galloc (uint32_t len)
{
  uint64_t gpa = T.bump;

  T.bump = (T.bump + len + 15) & ~15u;
  memset (T.ram + gpa, 0, len);
  return gpa;
}

/* What the Linux driver does at probe: ACK, DRIVER, features, the
 * rings (all four, even without MULTIPORT), DRIVER_OK. */
static void
drv_init (bool multi)
{
  unsigned q;

  memset (T.q, 0, sizeof T.q);
  memset (T.ram, 0, DATA_START);
  reg_wr (R_STATUS, 1, VIRTIO_STATUS_ACK);
  reg_wr (R_STATUS, 1, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER);
  reg_wr (R_GUEST_FEATURES, 4,
          multi ? reg_rd (R_HOST_FEATURES, 4) & (1u << F_MULTIPORT) : 0);
  for (q = 0; q < 4; q++) {
    uint8_t *ring = T.ram + (uint64_t) RING_PFN (q) * 4096;

    reg_wr (R_QUEUE_SEL, 2, q);
    T.q[q].size = reg_rd (R_QUEUE_NUM, 2);
    reg_wr (R_QUEUE_PFN, 4, RING_PFN (q));
    T.q[q].desc = ring;
    T.q[q].avail = (uint16_t *) (ring + 16 * VQ_MAX_SIZE);
    T.q[q].used = ring + 2 * 4096;    /* after desc + avail, aligned */
  }
  /* control-o has no callback: Linux suppresses its interrupts */
  T.q[3].avail[0] = VRING_AVAIL_F_NO_INTERRUPT;
  reg_wr (R_STATUS, 1, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER |
          VIRTIO_STATUS_DRIVER_OK);
}

static void
setup (bool multi)
{
  struct irq_line irq = { irq_rec, NULL, 5 };
  int sv[2];

  memset (T.ram, 0, MEM_SIZE);
  guest_mem_wrap (&T.mem, T.ram, MEM_SIZE);
  T.bump = DATA_START;
  T.raises = 0;
  if (socketpair (AF_UNIX, SOCK_STREAM, 0, sv) == -1)
    abort ();
  T.devfd = sv[0];
  T.peer = sv[1];
  T.wake = eventfd (0, EFD_NONBLOCK);
  T.vd = virtio_console_new (&T.mem, irq, 0xC000, sv[0], NAME, T.wake);
  if (T.vd == NULL)
    abort ();
  drv_init (multi);
}

static void
teardown (void)
{
  virtio_dev_free (T.vd);
  close (T.peer);               /* -1 if a test closed it */
  close (T.wake);
}

/* Make B[0..N) one chain on queue Q (without kicking); returns head. */
static uint16_t
post (unsigned q, const struct tbuf *b, unsigned n)
{
  struct drvq *d = &T.q[q];
  uint16_t head = d->next_desc;
  unsigned k;

  for (k = 0; k < n; k++) {
    uint16_t i = (head + k) % d->size, next = (i + 1) % d->size;
    struct vdesc v = { b[k].gpa, b[k].len, (k + 1 < n ? VRING_DESC_F_NEXT : 0)
                       | (b[k].write ? VRING_DESC_F_WRITE : 0), next };

    memcpy (d->desc + 16 * i, &v, 16);
  }
  d->next_desc = (head + n) % d->size;
  d->head_gpa[head] = b[0].gpa;
  d->avail[2 + d->avail_idx % d->size] = head;
  __atomic_store_n (&d->avail[1], ++d->avail_idx, __ATOMIC_RELEASE);
  return head;
}

/* LEN bytes (from DATA, or zeros) as a chain on queue Q: one buffer,
 * or two split at SPLIT with a 16-byte gap between them. */
static uint16_t
post_split (unsigned q, const void *data, uint32_t len, uint32_t split,
            bool write)
{
  struct tbuf b[2] = { { galloc (len + 16), split ? split : len, write } };

  b[1] = (struct tbuf) { b[0].gpa + split + 16, len - split, write };
  if (data) {
    memcpy (T.ram + b[0].gpa, data, b[0].len);
    memcpy (T.ram + b[1].gpa, (const char *) data + split, len - split);
  }
  return post (q, b, split ? 2 : 1);
}
#define post1(q, data, len, write) post_split ((q), (data), (len), 0, (write))

/* The head of the next used element of queue Q (its length in *LEN),
 * or -1 if there is none. */
static int
used_next (unsigned q, uint32_t *len)
{
  struct drvq *d = &T.q[q];
  uint8_t *e = d->used + 4 + 8 * (d->used_seen % d->size);
  uint32_t head;

  if (__atomic_load_n ((uint16_t *) (d->used + 2), __ATOMIC_ACQUIRE) ==
      d->used_seen)
    return -1;
  memcpy (&head, e, 4);
  memcpy (len, e + 4, 4);
  d->used_seen++;
  return head;
}

/* Host address of the first buffer of the chain HEAD of queue Q. */
static uint8_t *
chain_data (unsigned q, int head)
{
  return T.ram + T.q[q].head_gpa[head < 0 ? 0 : head];
}

static unsigned
used_count (unsigned q)
{
  uint32_t l;
  unsigned n = 0;

  while (used_next (q, &l) >= 0)
    n++;
  return n;
}

/* Post N control receive buffers and kick. */
static void
post_ctrl_rx (unsigned n)
{
  while (n-- > 0)
    post1 (2, NULL, CTRL_BUF, true);
  kick (2);
}

/* Send a control message as the driver does; true if it was completed
 * during the kick (Linux busy-waits for that). */
static bool
send_ctrl (uint32_t id, uint16_t event, uint16_t value)
{
  struct cmsg m = { id, event, value };
  uint32_t l;

  post1 (3, &m, 8, false);
  kick (3);
  return used_next (3, &l) >= 0 && l == 0;
}

/* The next control message the device sent, if any. */
static bool
recv_ctrl (struct cmsg *m)
{
  uint32_t len;
  int head = used_next (2, &len);

  memset (m, 0, sizeof *m);
  if (head < 0)
    return false;
  memcpy (m, chain_data (2, head), len < CTRL_BUF ? len : CTRL_BUF);
  m->len = len;
  return true;
}

static bool
expect_ctrl (uint16_t event, uint16_t value)
{
  struct cmsg m;

  return recv_ctrl (&m) && m.id == 0 && m.event == event &&
    m.value == value && m.len == 8;
}

/* The whole multiport handshake with BUFS control rx buffers (OPEN:
 * the guest opens the port too); returns how many replies came. */
static unsigned
handshake (bool open, unsigned bufs)
{
  struct cmsg m;
  unsigned n = 0;

  post_ctrl_rx (bufs);
  send_ctrl (BAD_ID, EV_DEVICE_READY, 1);
  send_ctrl (0, EV_PORT_READY, 1);
  if (open)
    send_ctrl (0, EV_PORT_OPEN, 1);
  while (recv_ctrl (&m))
    n++;
  return n;
}

static uint64_t
wake_count (void)
{
  uint64_t v = 0;

  return read (T.wake, &v, sizeof v) == sizeof v ? v : 0;
}

static void
peer_send (const char *s)
{
  if (write (T.peer, s, strlen (s)) != (ssize_t) strlen (s))
    abort ();
}

/* Read LEN bytes from the peer (1 s timeout); returns the count. */
static size_t
peer_read (void *buf, size_t len)
{
  struct pollfd p = { .fd = T.peer, .events = POLLIN };
  size_t done = 0;
  ssize_t n;

  while (done < len && poll (&p, 1, 1000) == 1 &&
         (n = read (T.peer, (char *) buf + done, len - done)) > 0)
    done += n;
  return done;
}

static void
test_handshake (void)
{
  struct irq_line irq = { irq_rec, NULL, 5 };
  struct cmsg m, ready = { 0, EV_DEVICE_READY, 1 };
  struct tbuf cut = { 0, 4, false }, bad = { MEM_SIZE - 4, 8 };
  char c, longname[300];

  memset (longname, 'a', sizeof longname - 1);
  longname[sizeof longname - 1] = 0;
  setup (true);
  errno = 0;
  ok (virtio_console_new (&T.mem, irq, 0xC000, T.peer, longname, -1) == NULL
      && errno == EINVAL && fcntl (T.peer, F_GETFL) == O_RDWR,
      "over-long port name refused, FD left alone");
  ok (fcntl (T.devfd, F_GETFL) & O_NONBLOCK, "FD made non-blocking");
  ok (reg_rd (R_HOST_FEATURES, 4) == 1u << F_MULTIPORT &&
      reg_rd (VIRTIO_LEGACY_CONFIG + 4, 4) == 1,
      "MULTIPORT offered, config max_nr_ports = 1");
  post_ctrl_rx (8);
  cut.gpa = galloc (8);
  memcpy (T.ram + cut.gpa, &ready, 8);
  post (3, &cut, 1);            /* DEVICE_READY cut to 4 bytes */
  post (3, &bad, 1);            /* crosses the end of RAM */
  post1 (3, &ready, 8, true);   /* device-writable */
  kick (3);
  ok (used_count (3) == 3 && !recv_ctrl (&m),
      "short, out-of-RAM and write-only control chains completed, ignored");
  ok (send_ctrl (0, 99, 1) && send_ctrl (0, EV_PORT_READY, 1) &&
      send_ctrl (BAD_ID, EV_DEVICE_READY, 0) && !recv_ctrl (&m) &&
      T.raises == 0, "unknown event, PORT_READY first, DEVICE_READY 0: "
      "ignored");
  ok (send_ctrl (BAD_ID, EV_DEVICE_READY, 1) &&
      expect_ctrl (EV_DEVICE_ADD, 1) && !recv_ctrl (&m) && T.raises > 0,
      "DEVICE_READY consumed in the kick, answered (only) DEVICE_ADD 0");
  ok (send_ctrl (7, EV_PORT_READY, 1) && !recv_ctrl (&m),
      "PORT_READY for a port that does not exist ignored");
  ok (send_ctrl (0, EV_PORT_READY, 1) && recv_ctrl (&m) && m.id == 0 &&
      m.event == EV_PORT_NAME && m.len == 8 + strlen (NAME) &&
      memcmp (m.payload, NAME, strlen (NAME)) == 0,
      "PORT_READY answered with PORT_NAME carrying exactly the name");
  ok (expect_ctrl (EV_PORT_OPEN, 1) && !recv_ctrl (&m),
      "then PORT_OPEN 1 (host connected), nothing more");
  virtio_dev_free (T.vd);
  T.vd = NULL;
  ok (read (T.peer, &c, 1) == 0 && fcntl (T.wake, F_GETFD) != -1,
      "teardown closes FD, leaves wake_fd to the caller");
  teardown ();
}

static void
test_data (void)
{
  struct tbuf bad = { MEM_SIZE - 4, 8, true };
  char got[16] = { 0 };
  uint32_t l = 1, l2 = 1;
  unsigned raises;
  int h[3], r;

  setup (true);
  handshake (true, 8);
  h[0] = post1 (1, "hello ", 6, false);
  h[1] = post_split (1, "world", 5, 3, false);
  h[2] = post1 (1, "!\n", 2, false);
  kick (1);
  ok (peer_read (got, 13) == 13 && memcmp (got, "hello world!\n", 13) == 0,
      "guest bytes reach the socket in order across chains");
  ok (used_next (1, &l) == h[0] && l == 0 && used_next (1, &l) == h[1] &&
      l == 0 && used_next (1, &l) == h[2] && l == 0,
      "each chain completed in order, written 0");

  wake_count ();
  h[0] = post_split (0, NULL, 30, 10, true);
  kick (0);
  ok (wake_count () >= 1, "wake_fd written when rx buffers are posted");
  ok ((virtio_console_pump (T.vd) & POLLIN) && used_count (0) == 0,
      "pump with nothing to read: waits for POLLIN");
  peer_send ("abcdefghijklmnopqrstuvwxy");
  r = virtio_console_pump (T.vd);
  ok (used_next (0, &l) == h[0] && l == 25 &&
      memcmp (chain_data (0, h[0]), "abcdefghij", 10) == 0 &&
      memcmp (chain_data (0, h[0]) + 26, "klmnopqrstuvwxy", 15) == 0 &&
      r == 0, "host bytes fill the chain's buffers (used length 25); "
      "no buffers left, pump asks for nothing");
  h[1] = post1 (0, NULL, 8, true);
  h[2] = post1 (0, NULL, 8, true);
  peer_send ("0123456789ABCDEF");
  reg_rd (R_ISR, 1);
  raises = T.raises;
  virtio_console_pump (T.vd);
  ok (used_next (0, &l) == h[1] && used_next (0, &l2) == h[2] &&
      l == 8 && l2 == 8 &&
      memcmp (chain_data (0, h[1]), "01234567", 8) == 0 &&
      memcmp (chain_data (0, h[2]), "89ABCDEF", 8) == 0,
      "two chains filled in order");
  ok (T.raises - raises == 1, "one interrupt for the whole pump");

  post1 (0, "rrrr", 4, false);  /* nothing writable */
  post (0, &bad, 1);            /* crosses the end of RAM */
  h[0] = post1 (0, NULL, 8, true);
  peer_send ("ok");
  virtio_console_pump (T.vd);
  ok (used_next (0, &l) >= 0 && l == 0 && used_next (0, &l2) >= 0 &&
      l2 == 0 && used_next (0, &l) == h[0] && l == 2 &&
      memcmp (chain_data (0, h[0]), "ok", 2) == 0,
      "bad rx chains completed empty, the next one gets the bytes");
  bad.write = false;
  post (1, &bad, 1);
  post1 (1, "fine", 4, false);
  kick (1);
  ok (used_count (1) == 2 && peer_read (got, 4) == 4 &&
      memcmp (got, "fine", 4) == 0 &&
      recv (T.peer, got, 1, MSG_DONTWAIT) == -1,
      "bad tx chain completed, only good bytes sent");
  teardown ();
}

static void
test_eagain (void)
{
  const uint32_t big = 1u << 20;
  uint8_t *got = malloc (big + 4), *data;
  struct cmsg m;
  int small = 4096;
  uint32_t l, i;
  size_t have = 0;
  ssize_t n;
  unsigned done = 0, loops;

  setup (true);
  setsockopt (T.devfd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  handshake (true, 8);
  data = chain_data (1, post1 (1, NULL, big, false));
  for (i = 0; i < big; i++)
    data[i] = i * 7 + (i >> 9);
  wake_count ();
  kick (1);
  ok (used_count (1) == 0, "a transmit larger than the socket is held");
  ok (wake_count () >= 1, "wake_fd written when the socket is full");
  post1 (1, "TAIL", 4, false);
  kick (1);
  ok (used_count (1) == 0, "a later chain waits behind it");
  ok (virtio_console_pump (T.vd) & POLLOUT, "pump asks for POLLOUT");
  for (loops = 0; done < 2 && loops < 100000; loops++) {
    n = recv (T.peer, got + have, big + 4 - have, MSG_DONTWAIT);
    have += n > 0 ? n : 0;
    virtio_console_pump (T.vd);
    while (used_next (1, &l) >= 0)
      done++;
  }
  have += peer_read (got + have, big + 4 - have);
  ok (done == 2, "both chains complete as the peer drains");
  ok (have == big + 4 && memcmp (got, data, big) == 0 &&
      memcmp (got + big, "TAIL", 4) == 0, "every byte, in order");
  ok (!(virtio_console_pump (T.vd) & POLLOUT), "nothing left to write");
  free (got);

  post1 (0, NULL, 16, true);
  close (T.peer);
  T.peer = -1;
  ok (virtio_console_pump (T.vd) == -1 && expect_ctrl (EV_PORT_OPEN, 0),
      "EOF: pump returns -1, guest told PORT_OPEN 0");
  post1 (1, "lost", 4, false);
  kick (1);
  ok (used_count (1) == 1, "guest bytes after EOF dropped, chain completed");
  ok (virtio_console_pump (T.vd) == -1 && !recv_ctrl (&m),
      "pump stays -1; PORT_OPEN 0 sent once");
  teardown ();
}

static void
test_nomulti (void)
{
  struct cmsg m;
  char got[4];
  uint32_t l = 0;
  int h;

  setup (false);
  post_ctrl_rx (2);
  send_ctrl (BAD_ID, EV_DEVICE_READY, 1);
  ok (!recv_ctrl (&m), "no control traffic without MULTIPORT");
  post1 (1, "ping", 4, false);
  kick (1);
  ok (peer_read (got, 4) == 4 && memcmp (got, "ping", 4) == 0 &&
      used_count (1) == 1, "queue 1 carries guest bytes");
  h = post1 (0, NULL, 16, true);
  peer_send ("pong");
  virtio_console_pump (T.vd);
  ok (used_next (0, &l) == h && l == 4 &&
      memcmp (chain_data (0, h), "pong", 4) == 0,
      "queue 0 carries host bytes, no PORT_OPEN needed");
  close (T.peer);
  T.peer = -1;
  ok (virtio_console_pump (T.vd) == -1 && !recv_ctrl (&m),
      "EOF with no rx buffers: pump -1, no control message");
  teardown ();
}

static void
test_reset (void)
{
  struct cmsg m;
  uint32_t l = 1;

  setup (true);
  ok (send_ctrl (BAD_ID, EV_DEVICE_READY, 1) &&
      send_ctrl (0, EV_PORT_READY, 1) && send_ctrl (0, EV_PORT_OPEN, 1),
      "control messages consumed with no control rx buffers");
  post_ctrl_rx (1);
  ok (expect_ctrl (EV_DEVICE_ADD, 1) && !recv_ctrl (&m),
      "one buffer posted: the first queued reply goes out");
  post1 (2, NULL, 4, true);
  kick (2);
  ok (used_next (2, &l) >= 0 && l == 0,
      "a buffer too small is given back empty");
  post1 (2, NULL, CTRL_BUF, true);      /* no kick: pump must send */
  virtio_console_pump (T.vd);
  ok (recv_ctrl (&m) && m.event == EV_PORT_NAME && !recv_ctrl (&m),
      "pump sends the next waiting reply, PORT_NAME");
  reg_wr (R_STATUS, 1, 0);      /* PORT_OPEN 1 still waiting */
  drv_init (true);
  post_ctrl_rx (1);
  ok (!recv_ctrl (&m), "reset drops the queued control messages");
  ok (handshake (false, 8) == 3, "handshake again after reset");
  post1 (0, NULL, 16, true);
  peer_send ("data");
  ok (virtio_console_pump (T.vd) == 0 && used_count (0) == 0,
      "port closed again: no host bytes until the guest opens it");
  wake_count ();
  send_ctrl (0, EV_PORT_OPEN, 1);
  ok (wake_count () >= 1, "guest PORT_OPEN 1 wakes the I/O thread");
  virtio_console_pump (T.vd);
  ok (used_count (0) == 1, "host bytes flow once the guest opened the port");
  close (T.peer);
  T.peer = -1;
  post1 (1, "x", 1, false);
  kick (1);
  ok (used_count (1) == 1 && expect_ctrl (EV_PORT_OPEN, 0) &&
      virtio_console_pump (T.vd) == -1,
      "transmit to a closed peer: completed, PORT_OPEN 0, no SIGPIPE");
  teardown ();
}

int
main (void)
{
  T.ram = aligned_alloc (4096, MEM_SIZE);
  if (T.ram == NULL)
    return 1;
  test_handshake ();
  test_data ();
  test_eagain ();
  test_nomulti ();
  test_reset ();
  free (T.ram);
  return tap_done ();
}
