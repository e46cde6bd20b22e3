/* guestkit — the virtio-console device carrying the RPC channel.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements a legacy virtio-console with
 * VIRTIO_CONSOLE_F_MULTIPORT and one port (max_nr_ports = 1), which
 * the Linux driver shows as F</dev/vportNp0> with the name the host
 * gives it.  Queues: 0/1 are port 0's receive/transmit queues, 2/3 the
 * control receive/transmit queues.  The device answers the driver's
 * DEVICE_READY with DEVICE_ADD for port 0 and its PORT_READY with
 * PORT_NAME and PORT_OPEN; it records the guest's PORT_OPEN, and
 * sends PORT_OPEN 0 once the host side of FD has gone.  Control
 * messages it must send wait in a small outbox until the driver
 * posts control receive buffers.  Without MULTIPORT, queues 0/1 carry
 * the same bytes with no control traffic.
 *
 * Bytes never wait in the device: guest transmit buffers are written
 * straight to FD (one chain held, with its offset, while FD is full)
 * and host bytes are read straight into the guest's receive buffers.
 * As QEMU does, host bytes are only read while the guest has the port
 * open (Linux drops data that arrives on a closed port).  Left out:
 * console size, emergency write, more ports, hot-unplug.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "vmm.h"

#define CONSOLE_F_MULTIPORT 1

#define RXQ 0                   /* port 0 receiveq (host to guest) */
#define TXQ 1                   /* port 0 transmitq (guest to host) */
#define CTRL_RXQ 2
#define CTRL_TXQ 3
#define CONSOLE_NR_QUEUES 4

/* Control events (virtio spec, console device). */
#define EV_DEVICE_READY 0
#define EV_DEVICE_ADD 1
#define EV_PORT_READY 3
#define EV_PORT_OPEN 6
#define EV_PORT_NAME 7

#define CTRL_HDR_LEN 8          /* le32 id, le16 event, le16 value */
#define PORT_NAME_MAX 255
#define OUTBOX_MAX 8
#define CONFIG_LEN 12           /* cols, rows, max_nr_ports, emerg_wr */
#define BUDGET VQ_MAX_SIZE      /* chains per loop, against a racing guest */

/* A control message waiting to be sent to the driver (port 0). */
struct ctrl_msg {
  uint16_t event;
  uint16_t value;
};

struct console {
  struct virtio_dev *vd;
  int fd;                       /* the host side, non-blocking; owned */
  int wake_fd;                  /* eventfd of the I/O thread; not owned */
  char name[PORT_NAME_MAX + 1];
  size_t name_len;
  bool has_name;
  uint8_t config[CONFIG_LEN];

  bool closed;                  /* FD reached EOF or failed */
  bool added;                   /* DEVICE_ADD queued for port 0 */
  bool guest_connected;         /* guest has the port open */

  struct ctrl_msg outbox[OUTBOX_MAX];
  unsigned n_outbox;

  bool tx_held;                 /* TX is partly written to FD */
  uint64_t tx_off;
  struct vq_chain tx;
  bool rx_held;                 /* RX popped, waiting for bytes */
  struct vq_chain rx;
  struct vq_chain ctrl;         /* scratch for the control queues */
};

static bool
multiport (const struct console *con)
{
  return virtio_has_feature (con->vd, CONSOLE_F_MULTIPORT);
}

/* Ask the I/O thread to call virtio_console_pump. */
static void
wake (struct console *con)
{
  uint64_t one = 1;

  if (con->wake_fd < 0 || write (con->wake_fd, &one, sizeof one) == -1)
    return;                     /* EAGAIN: the counter is set already */
}

/* Fill IOV (room for VQ_MAX_SIZE) with C's buffers [FIRST, LAST),
 * skipping OFFSET bytes.  Returns the number of entries. */
static int
chain_iov (const struct vq_chain *c, unsigned first, unsigned last,
           uint64_t offset, struct iovec *iov)
{
  int n = 0;
  unsigned i;

  for (i = first; i < last && i < VQ_MAX_SIZE; i++) {
    if (offset >= c->buf[i].len) {
      offset -= c->buf[i].len;
      continue;
    }
    iov[n].iov_base = c->buf[i].host + offset;
    iov[n].iov_len = c->buf[i].len - offset;
    offset = 0;
    n++;
  }
  return n;
}

/*-- control queues ---------------------------------------------------------*/

/* Queue EVENT/VALUE for port 0.  A message of the same event already
 * waiting takes the new value instead, so the outbox cannot fill. */
static void
ctrl_queue (struct console *con, uint16_t event, uint16_t value)
{
  unsigned i;

  for (i = 0; i < con->n_outbox; i++) {
    if (con->outbox[i].event == event) {
      con->outbox[i].value = value;
      return;
    }
  }
  if (con->n_outbox < OUTBOX_MAX) {
    con->outbox[con->n_outbox].event = event;
    con->outbox[con->n_outbox].value = value;
    con->n_outbox++;
  }
}

/* Encode M into BUF (CTRL_HDR_LEN + PORT_NAME_MAX bytes); returns the
 * length.  PORT_NAME carries the name without a NUL, as the spec says
 * (Linux takes the used length minus the header as the name). */
static size_t
ctrl_encode (const struct console *con, const struct ctrl_msg *m,
             uint8_t *buf)
{
  le_put (buf, 0, 4);
  le_put (buf + 4, m->event, 2);
  le_put (buf + 6, m->value, 2);
  if (m->event != EV_PORT_NAME)
    return CTRL_HDR_LEN;
  memcpy (buf + CTRL_HDR_LEN, con->name, con->name_len);
  return CTRL_HDR_LEN + con->name_len;
}

/* Send what the outbox holds into the driver's control receive
 * buffers, in order.  A buffer too small for the message is given
 * back empty and the message waits for the next one. */
static void
ctrl_flush (struct console *con)
{
  struct virtio_dev *vd = con->vd;
  struct vq_chain *c = &con->ctrl;
  uint8_t buf[CTRL_HDR_LEN + PORT_NAME_MAX];
  unsigned budget = BUDGET;
  bool pushed = false;
  size_t len;
  int r;

  while (con->n_outbox > 0 && budget-- > 0) {
    r = vq_pop (&vd->vq[CTRL_RXQ], vd->mem, c);
    if (r == 0)
      break;
    pushed = true;
    len = ctrl_encode (con, &con->outbox[0], buf);
    if (r < 0 || c->in_len < len) {
      vq_push (&vd->vq[CTRL_RXQ], vd->mem, c->head, 0);
      continue;
    }
    vq_chain_write (c, 0, buf, len);
    vq_push (&vd->vq[CTRL_RXQ], vd->mem, c->head, len);
    con->n_outbox--;
    memmove (con->outbox, con->outbox + 1,
             con->n_outbox * sizeof con->outbox[0]);
  }
  if (pushed)
    virtio_queue_done (vd, CTRL_RXQ);
}

/* The host side of FD is gone: tell the guest and stop using FD. */
static void
host_closed (struct console *con)
{
  if (con->closed)
    return;
  con->closed = true;
  if (multiport (con) && con->added) {
    ctrl_queue (con, EV_PORT_OPEN, 0);
    ctrl_flush (con);
  }
  wake (con);
}

/* Act on one control message from the driver; ignore what we do not
 * expect (unknown ids or events, port events before DEVICE_ADD). */
static void
ctrl_handle (struct console *con, uint32_t id, uint16_t event,
             uint16_t value)
{
  if (event == EV_DEVICE_READY) {
    if (value == 1) {
      con->added = true;
      ctrl_queue (con, EV_DEVICE_ADD, 1);
    }
    return;
  }
  if (id != 0 || !con->added)
    return;
  switch (event) {
  case EV_PORT_READY:
    if (value != 1)
      break;
    if (con->has_name)
      ctrl_queue (con, EV_PORT_NAME, 0);
    ctrl_queue (con, EV_PORT_OPEN, !con->closed);
    break;
  case EV_PORT_OPEN:
    con->guest_connected = value != 0;
    if (con->guest_connected)
      wake (con);               /* host bytes may flow now */
    break;
  }
}

/* Consume the driver's control messages, then send any replies. */
static void
ctrl_tx (struct console *con)
{
  struct virtio_dev *vd = con->vd;
  struct vq_chain *c = &con->ctrl;
  uint8_t hdr[CTRL_HDR_LEN];
  unsigned budget = BUDGET;
  bool pushed = false;
  int r;

  while (budget-- > 0 && (r = vq_pop (&vd->vq[CTRL_TXQ], vd->mem, c)) != 0) {
    if (r > 0 && vq_chain_read (c, 0, hdr, sizeof hdr) == sizeof hdr)
      ctrl_handle (con, (uint32_t) le_get (hdr, 4),
                   (uint16_t) le_get (hdr + 4, 2),
                   (uint16_t) le_get (hdr + 6, 2));
    vq_push (&vd->vq[CTRL_TXQ], vd->mem, c->head, 0);
    pushed = true;
  }
  if (pushed)
    virtio_queue_done (vd, CTRL_TXQ);
  ctrl_flush (con);
}

/*-- data queues ------------------------------------------------------------*/

/* Whether host bytes may go to the guest now. */
static bool
rx_open (const struct console *con)
{
  return !con->closed && (!multiport (con) || con->guest_connected);
}

/* Write the rest of the held transmit chain to FD (send with
 * MSG_NOSIGNAL; writev only if FD is not a socket).  Returns false if
 * FD is full (the chain stays held with its offset), true once it is
 * all out or dropped because the host side is gone. */
static bool
tx_write (struct console *con)
{
  struct iovec iov[VQ_MAX_SIZE];
  struct msghdr msg = { .msg_iov = iov };
  ssize_t n;

  while (!con->closed && con->tx_off < con->tx.out_len) {
    msg.msg_iovlen = chain_iov (&con->tx, 0, con->tx.n_out, con->tx_off, iov);
    n = sendmsg (con->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n == -1 && errno == ENOTSOCK)
      n = writev (con->fd, iov, msg.msg_iovlen);
    if (n > 0)
      con->tx_off += n;
    else if (n == -1 && errno == EINTR)
      continue;
    else if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return false;
    else
      host_closed (con);
  }
  return true;
}

/* Write the held chain, then newly posted ones, to FD in order, giving
 * each back once written.  Returns false if FD filled up. */
static bool
tx_flush (struct console *con)
{
  struct virtio_dev *vd = con->vd;
  struct virtqueue *q = &vd->vq[TXQ];
  unsigned budget = BUDGET;
  bool pushed = false, done = true;
  int r;

  while (budget-- > 0) {
    if (!con->tx_held) {
      r = vq_pop (q, vd->mem, &con->tx);
      if (r == 0)
        break;
      con->tx_held = r > 0;
      con->tx_off = 0;
      if (r < 0) {
        vq_push (q, vd->mem, con->tx.head, 0);
        pushed = true;
        continue;
      }
    }
    if (!tx_write (con)) {
      done = false;
      break;
    }
    vq_push (q, vd->mem, con->tx.head, 0);
    con->tx_held = false;
    pushed = true;
  }
  if (pushed)
    virtio_queue_done (vd, TXQ);
  return done;
}

/* Read from FD straight into the guest's receive buffers until FD is
 * empty or the buffers run out; one interrupt for all of them. */
static void
rx_fill (struct console *con)
{
  struct virtio_dev *vd = con->vd;
  struct virtqueue *q = &vd->vq[RXQ];
  struct iovec iov[VQ_MAX_SIZE];
  unsigned budget = BUDGET;
  bool pushed = false;
  ssize_t n;
  int r;

  while (budget-- > 0 && rx_open (con)) {
    if (!con->rx_held) {
      r = vq_pop (q, vd->mem, &con->rx);
      if (r == 0)
        break;
      if (r < 0 || con->rx.in_len == 0) {
        vq_push (q, vd->mem, con->rx.head, 0);
        pushed = true;
        continue;
      }
      con->rx_held = true;
    }
    n = readv (con->fd, iov,
               chain_iov (&con->rx, con->rx.n_out, con->rx.n, 0, iov));
    if (n > 0) {
      vq_push (q, vd->mem, con->rx.head, n);
      con->rx_held = false;
      pushed = true;
    }
    else if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
      break;
    else if (n == 0 || errno != EINTR)
      host_closed (con);
  }
  if (pushed)
    virtio_queue_done (vd, RXQ);
}

/* With nowhere to put host bytes, still notice that FD reached EOF or
 * failed: poll(2) reports POLLHUP even when POLLIN was not asked for. */
static void
rx_probe (struct console *con)
{
  char c;
  ssize_t n;

  if (con->closed || con->rx_held)
    return;
  n = recv (con->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0 || (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK &&
                 errno != EINTR && errno != ENOTSOCK))
    host_closed (con);
}

int
virtio_console_pump (struct virtio_dev *vd)
{
  struct console *con = vd->priv;
  int events = 0;

  if (multiport (con))
    ctrl_flush (con);
  tx_flush (con);
  rx_fill (con);
  rx_probe (con);
  if (con->closed)
    return -1;
  if (rx_open (con) &&
      (con->rx_held || vq_has_avail (&vd->vq[RXQ], vd->mem)))
    events |= POLLIN;
  if (con->tx_held)
    events |= POLLOUT;
  return events;
}

/*-- transport hooks and construction ---------------------------------------*/

static void
console_notify (struct virtio_dev *vd, unsigned queue)
{
  struct console *con = vd->priv;

  switch (queue) {
  case RXQ:                     /* the guest posted receive buffers */
    wake (con);
    break;
  case TXQ:
    if (!tx_flush (con))
      wake (con);               /* the I/O thread waits for POLLOUT */
    break;
  case CTRL_RXQ:
    if (multiport (con))
      ctrl_flush (con);
    break;
  case CTRL_TXQ:
    if (multiport (con))
      ctrl_tx (con);
    break;
  }
}

/* Forget held chains, queued messages and the port state; FD stays
 * open (and closed stays closed: the host side cannot come back). */
static void
console_reset (struct virtio_dev *vd)
{
  struct console *con = vd->priv;

  con->tx_held = con->rx_held = false;
  con->tx_off = 0;
  con->n_outbox = 0;
  con->added = con->guest_connected = false;
}

static void
console_teardown (struct virtio_dev *vd)
{
  struct console *con = vd->priv;

  if (con == NULL)
    return;
  if (con->fd >= 0)
    close (con->fd);
  free (con);
  vd->priv = NULL;
}

static const struct virtio_ops console_ops = {
  .notify = console_notify,
  .reset = console_reset,
  .teardown = console_teardown,
};

/* Make FD non-blocking.  Returns 0 or -1 with errno set. */
static int
set_nonblock (int fd)
{
  int flags = fcntl (fd, F_GETFL);

  if (flags == -1)
    return -1;
  return fcntl (fd, F_SETFL, flags | O_NONBLOCK);
}

struct virtio_dev *
virtio_console_new (struct guest_mem *mem, struct irq_line irq,
                    uint16_t iobase, int fd, const char *port_name,
                    int wake_fd)
{
  struct virtio_dev *vd = NULL;
  struct console *con = NULL;
  int err = EINVAL;

  if (fd < 0 || (port_name && strlen (port_name) > PORT_NAME_MAX))
    goto fail;
  vd = calloc (1, sizeof *vd);
  con = calloc (1, sizeof *con);
  err = ENOMEM;
  if (vd == NULL || con == NULL)
    goto fail;

  con->vd = vd;
  con->fd = fd;
  con->wake_fd = wake_fd;
  con->has_name = port_name != NULL;
  if (port_name) {
    con->name_len = strlen (port_name);
    memcpy (con->name, port_name, con->name_len);
  }
  le_put (con->config + 4, 1, 4);        /* max_nr_ports; cols, rows 0 */

  if (set_nonblock (fd) == -1) {
    err = errno;
    goto fail;
  }
  err = EINVAL;
  if (virtio_pci_init (vd, "virtio-console", &console_ops, con, mem, irq,
                       VIRTIO_ID_CONSOLE, CONSOLE_NR_QUEUES,
                       1u << CONSOLE_F_MULTIPORT, con->config, CONFIG_LEN,
                       iobase) == -1)
    goto fail;
  return vd;

 fail:
  free (con);
  free (vd);
  errno = err;
  return NULL;
}
