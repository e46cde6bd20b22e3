/* guestkit — a 16550A UART (COM1) whose output goes to a byte sink.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements a 16550A UART good enough for Linux's 8250
 * driver: the scratch register, the divisor latch (LCR bit 7), the
 * FIFO control register (IIR bits 7:6 read 11 once FIFOs are on),
 * loopback mode (MCR bit 4: the modem outputs drive the modem status
 * inputs and transmitted bytes come back through the receiver), the
 * modem status deltas, and the interrupt identification priorities.
 *
 * Transmission is instant: LSR always shows THRE and TEMT, and a write
 * to THR (re)arms the THRE interrupt at once.  As on real hardware,
 * enabling THRI in IER with the transmitter empty arms it too, and
 * reading IIR while it reports THRE clears it (Linux's startup "THRE
 * test" relies on both).  Outside loopback the modem inputs read as a
 * null-modem peer that is always there (DCD, DSR, CTS set).  There is
 * no input from the host yet, so only loopback fills the receiver.
 *
 * The interrupt line follows the PC convention Linux's driver expects
 * (it sets UART_MCR_OUT2 on PCs): it is high while an interrupt is
 * pending and MCR OUT2 is set.
 *
 * Output is buffered and handed to the sink at a newline, when the
 * buffer is full, on any IER write (Linux's console and transmit paths
 * both end with one), on reset and at teardown.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "vmm.h"

/* Register offsets. */
#define UART_RBR 0              /* read, DLAB 0 (THR on write) */
#define UART_IER 1              /* DLAB 0 */
#define UART_IIR 2              /* read (FCR on write) */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7
#define UART_NR_PORTS 8

#define IER_RDI 0x01
#define IER_THRI 0x02
#define IER_RLSI 0x04
#define IER_MSI 0x08

#define IIR_NO_INT 0x01
#define IIR_MSI 0x00
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_RLSI 0x06
#define IIR_FIFO_BITS 0xC0

#define FCR_ENABLE 0x01
#define FCR_CLEAR_RCVR 0x02
#define FCR_KEEP 0xC9           /* enable, DMA mode, trigger level */

#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10
#define MCR_MASK 0x1F

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

#define MSR_DCTS 0x01
#define MSR_DDSR 0x02
#define MSR_TERI 0x04
#define MSR_DDCD 0x08
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80

#define RX_FIFO_SIZE 16
#define OUT_BUF_SIZE 512

struct ns8250 {
  struct irq_line irq;
  struct byte_sink out;
  int level;                    /* last level driven on IRQ */

  uint8_t ier, lcr, mcr, fcr, scr, dll, dlm;
  uint8_t lsr_err;              /* LSR_OE until LSR is read */
  uint8_t msr_in;               /* current modem inputs (top nibble) */
  uint8_t msr_delta;            /* delta bits until MSR is read */
  bool thri_pending;

  uint8_t rx[RX_FIFO_SIZE];     /* loopback receiver */
  unsigned rx_head, rx_count;

  uint8_t obuf[OUT_BUF_SIZE];
  size_t olen;
};

/* Hand the buffered output to the sink. */
static void
flush_output (struct ns8250 *s)
{
  if (s->olen > 0 && s->out.write)
    s->out.write (s->out.opaque, s->obuf, s->olen);
  s->olen = 0;
}

static void
emit_byte (struct ns8250 *s, uint8_t b)
{
  s->obuf[s->olen++] = b;
  if (b == '\n' || s->olen == sizeof s->obuf)
    flush_output (s);
}

/* The modem status inputs: the MCR outputs in loopback, else a peer
 * that is always ready. */
static uint8_t
modem_inputs (const struct ns8250 *s)
{
  uint8_t m = 0;

  if (!(s->mcr & MCR_LOOP))
    return MSR_DCD | MSR_DSR | MSR_CTS;
  if (s->mcr & MCR_DTR)
    m |= MSR_DSR;
  if (s->mcr & MCR_RTS)
    m |= MSR_CTS;
  if (s->mcr & MCR_OUT1)
    m |= MSR_RI;
  if (s->mcr & MCR_OUT2)
    m |= MSR_DCD;
  return m;
}

/* Recompute the modem inputs and latch the delta bits. */
static void
update_modem_inputs (struct ns8250 *s)
{
  uint8_t now = modem_inputs (s), changed = now ^ s->msr_in;

  if (changed & MSR_CTS)
    s->msr_delta |= MSR_DCTS;
  if (changed & MSR_DSR)
    s->msr_delta |= MSR_DDSR;
  if ((changed & MSR_RI) && !(now & MSR_RI))
    s->msr_delta |= MSR_TERI;   /* trailing edge only */
  if (changed & MSR_DCD)
    s->msr_delta |= MSR_DDCD;
  s->msr_in = now;
}

/* The highest-priority pending interrupt as IIR bits 3:0. */
static uint8_t
pending_iir (const struct ns8250 *s)
{
  if ((s->ier & IER_RLSI) && s->lsr_err)
    return IIR_RLSI;
  if ((s->ier & IER_RDI) && s->rx_count > 0)
    return IIR_RDI;
  if ((s->ier & IER_THRI) && s->thri_pending)
    return IIR_THRI;
  if ((s->ier & IER_MSI) && s->msr_delta)
    return IIR_MSI;
  return IIR_NO_INT;
}

/* Drive the line: high while an interrupt is pending and OUT2 is set. */
static void
update_irq (struct ns8250 *s)
{
  int level = pending_iir (s) != IIR_NO_INT && (s->mcr & MCR_OUT2);

  if (level != s->level) {
    s->level = level;
    irq_set (&s->irq, level);
  }
}

static unsigned
rx_capacity (const struct ns8250 *s)
{
  return (s->fcr & FCR_ENABLE) ? RX_FIFO_SIZE : 1;
}

/* A byte arriving at the receiver (loopback only).  When it is full the
 * new byte is lost and the overrun bit set. */
static void
rx_push (struct ns8250 *s, uint8_t b)
{
  if (s->rx_count >= rx_capacity (s)) {
    s->lsr_err |= LSR_OE;
    return;
  }
  s->rx[(s->rx_head + s->rx_count) % RX_FIFO_SIZE] = b;
  s->rx_count++;
}

static uint8_t
rx_pop (struct ns8250 *s)
{
  uint8_t b;

  if (s->rx_count == 0)
    return 0;
  b = s->rx[s->rx_head];
  s->rx_head = (s->rx_head + 1) % RX_FIFO_SIZE;
  s->rx_count--;
  return b;
}

static void
write_thr (struct ns8250 *s, uint8_t v)
{
  if (s->mcr & MCR_LOOP)
    rx_push (s, v);
  else
    emit_byte (s, v);
  s->thri_pending = true;       /* sent at once: THR empty again */
}

static void
write_ier (struct ns8250 *s, uint8_t v)
{
  uint8_t old = s->ier;

  s->ier = v & 0x0F;
  if (!(s->ier & IER_THRI))
    s->thri_pending = false;
  else if (!(old & IER_THRI))
    s->thri_pending = true;     /* THRI enabled with THR empty */
  flush_output (s);
}

static void
write_fcr (struct ns8250 *s, uint8_t v)
{
  uint8_t fcr = (v & FCR_ENABLE) ? (v & FCR_KEEP) : 0;

  if (((fcr ^ s->fcr) & FCR_ENABLE) || (v & FCR_CLEAR_RCVR))
    s->rx_head = s->rx_count = 0;
  s->fcr = fcr;
}

static void
uart_write (struct ns8250 *s, unsigned off, uint8_t v)
{
  bool dlab = s->lcr & LCR_DLAB;

  switch (off) {
  case UART_RBR:
    if (dlab)
      s->dll = v;
    else
      write_thr (s, v);
    break;
  case UART_IER:
    if (dlab)
      s->dlm = v;
    else
      write_ier (s, v);
    break;
  case UART_IIR: write_fcr (s, v); break;
  case UART_LCR: s->lcr = v; break;
  case UART_MCR:
    s->mcr = v & MCR_MASK;
    update_modem_inputs (s);
    break;
  case UART_SCR: s->scr = v; break;
  default: break;               /* LSR, MSR: read-only */
  }
  update_irq (s);
}

/* IIR read: reporting THRE clears it. */
static uint8_t
read_iir (struct ns8250 *s)
{
  uint8_t iir = pending_iir (s);

  if (iir == IIR_THRI)
    s->thri_pending = false;
  return iir | ((s->fcr & FCR_ENABLE) ? IIR_FIFO_BITS : 0);
}

static uint8_t
read_lsr (struct ns8250 *s)
{
  uint8_t lsr = LSR_THRE | LSR_TEMT | s->lsr_err;

  if (s->rx_count > 0)
    lsr |= LSR_DR;
  s->lsr_err = 0;
  return lsr;
}

static uint8_t
read_msr (struct ns8250 *s)
{
  uint8_t msr = s->msr_in | s->msr_delta;

  s->msr_delta = 0;
  return msr;
}

static uint8_t
uart_read (struct ns8250 *s, unsigned off)
{
  bool dlab = s->lcr & LCR_DLAB;
  uint8_t v;

  switch (off) {
  case UART_RBR: v = dlab ? s->dll : rx_pop (s); break;
  case UART_IER: v = dlab ? s->dlm : s->ier; break;
  case UART_IIR: v = read_iir (s); break;
  case UART_LCR: v = s->lcr; break;
  case UART_MCR: v = s->mcr; break;
  case UART_LSR: v = read_lsr (s); break;
  case UART_MSR: v = read_msr (s); break;
  case UART_SCR: v = s->scr; break;
  default: v = 0xFF; break;
  }
  update_irq (s);
  return v;
}

static uint8_t
ns8250_rd (void *dev, unsigned off)
{
  return off < UART_NR_PORTS ? uart_read (dev, off) : 0xFF;
}

static void
ns8250_wr (void *dev, unsigned off, uint8_t v)
{
  if (off < UART_NR_PORTS)
    uart_write (dev, off, v);
}

/* Wider accesses are split into byte accesses, as on the ISA bus. */
static void
ns8250_io (void *dev, uint16_t offset, bool write, uint8_t *data,
           unsigned size)
{
  io_bytewise (dev, offset, write, data, size, ns8250_rd, ns8250_wr);
}

/* Power-on register values (the line is left to the caller). */
static void
reset_state (struct ns8250 *s)
{
  s->ier = s->lcr = s->mcr = s->fcr = s->scr = 0;
  s->dll = 12;                  /* 9600 baud */
  s->dlm = 0;
  s->lsr_err = 0;
  s->msr_in = modem_inputs (s);
  s->msr_delta = 0;
  s->thri_pending = false;
  s->rx_head = s->rx_count = 0;
  s->level = 0;
}

static void
ns8250_reset (void *dev)
{
  struct ns8250 *s = dev;

  flush_output (s);
  reset_state (s);
  irq_set (&s->irq, 0);
}

static void
ns8250_teardown (void *dev)
{
  struct ns8250 *s = dev;

  if (s == NULL)
    return;
  flush_output (s);
  free (s);
}

struct ns8250 *
ns8250_new (struct irq_line irq, struct byte_sink out)
{
  struct ns8250 *s = calloc (1, sizeof *s);

  if (s == NULL)
    return NULL;
  s->irq = irq;
  s->out = out;
  reset_state (s);
  return s;
}

const struct device_ops ns8250_ops = {
  .name = "ns8250",
  .io = ns8250_io,
  .reset = ns8250_reset,
  .teardown = ns8250_teardown,
};
