/* guestkit — unit tests of the VMM's legacy devices (TAP output).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file tests the devices under F<library/vmm/dev> that have no
 * virtio transport: the 16550A UART (the probes Linux's 8250 driver
 * makes, the divisor latch, output to the sink, the THRE interrupt and
 * the OUT2 gate), the CMOS RTC (control registers, BCD and binary
 * modes, the host's UTC time, the NVRAM), the i8042 reset line and the
 * status port.  Interrupt lines, byte sinks and exit notifiers are
 * recording stubs.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmm.h"
#include "../tap.h"

pthread_mutex_t vmm_lock = PTHREAD_MUTEX_INITIALIZER;

/*-- recording stubs ------------------------------------------------------*/

struct irq_rec {
  int level;
  unsigned gsi;
};

static void
irq_rec_set (void *opaque, unsigned gsi, int level)
{
  struct irq_rec *r = opaque;

  r->level = level;
  r->gsi = gsi;
}

struct sink_rec {
  uint8_t buf[4096];
  size_t len;
};

static void
sink_rec_write (void *opaque, const uint8_t *buf, size_t len)
{
  struct sink_rec *r = opaque;

  if (len > sizeof r->buf - r->len)
    len = sizeof r->buf - r->len;
  memcpy (r->buf + r->len, buf, len);
  r->len += len;
}

struct exit_rec {
  unsigned exits, readies;
  enum vmm_exit_reason why;
  int status;
};

static void
exit_rec_exit (void *opaque, enum vmm_exit_reason why, int status)
{
  struct exit_rec *r = opaque;

  r->exits++;
  r->why = why;
  r->status = status;
}

static void
exit_rec_ready (void *opaque)
{
  struct exit_rec *r = opaque;

  r->readies++;
}

static struct exit_notifier
exit_rec_notifier (struct exit_rec *r)
{
  struct exit_notifier n = { exit_rec_exit, exit_rec_ready, r };

  memset (r, 0, sizeof *r);
  return n;
}

/*-- port access helpers --------------------------------------------------*/

static void
outb (const struct device_ops *ops, void *dev, uint16_t off, uint8_t v)
{
  ops->io (dev, off, true, &v, 1);
}

static uint8_t
inb (const struct device_ops *ops, void *dev, uint16_t off)
{
  uint8_t v = 0x5A;

  ops->io (dev, off, false, &v, 1);
  return v;
}

static void
outl (const struct device_ops *ops, void *dev, uint16_t off, uint32_t v)
{
  uint8_t d[4];

  le_put (d, v, 4);
  ops->io (dev, off, true, d, 4);
}

static uint32_t
inl (const struct device_ops *ops, void *dev, uint16_t off)
{
  uint8_t d[4] = { 0x5A, 0x5A, 0x5A, 0x5A };

  ops->io (dev, off, false, d, 4);
  return le_get (d, 4);
}

/*-- ns8250 ----------------------------------------------------------------*/

#define U_THR 0
#define U_DLL 0
#define U_IER 1
#define U_DLM 1
#define U_IIR 2
#define U_FCR 2
#define U_LCR 3
#define U_MCR 4
#define U_LSR 5
#define U_MSR 6
#define U_SCR 7

#define UOUT(s, off, v) outb (&ns8250_ops, (s), (off), (v))
#define UIN(s, off) inb (&ns8250_ops, (s), (off))

struct uart_fixture {
  struct ns8250 *s;
  struct irq_rec irq;
  struct sink_rec sink;
};

static void
uart_open (struct uart_fixture *f)
{
  struct irq_line l;
  struct byte_sink o;

  memset (f, 0, sizeof *f);
  l.set = irq_rec_set;
  l.opaque = &f->irq;
  l.gsi = NS8250_IRQ;
  o.write = sink_rec_write;
  o.opaque = &f->sink;
  f->s = ns8250_new (l, o);
  if (f->s == NULL) {
    printf ("Bail out! ns8250_new failed\n");
    exit (1);
  }
}

static void
uart_close (struct uart_fixture *f)
{
  ns8250_ops.teardown (f->s);
  f->s = NULL;
}

/* The probes of Linux's autoconfig(): IER, loopback, FIFO. */
static void
test_uart_autoconfig (void)
{
  struct uart_fixture f;
  uint8_t scratch2, scratch3, status1, save_mcr;

  uart_open (&f);
  UOUT (f.s, U_SCR, 0x55);
  ok (UIN (f.s, U_SCR) == 0x55, "uart: scratch register holds 0x55");
  UOUT (f.s, U_SCR, 0xAA);
  ok (UIN (f.s, U_SCR) == 0xAA, "uart: scratch register holds 0xAA");

  UOUT (f.s, U_IER, 0);
  scratch2 = UIN (f.s, U_IER) & 0x0F;
  UOUT (f.s, U_IER, 0x0F);
  scratch3 = UIN (f.s, U_IER) & 0x0F;
  ok (scratch2 == 0 && scratch3 == 0x0F, "uart: IER probe (0 then 0x0F)");
  UOUT (f.s, U_IER, 0x4F);
  ok ((UIN (f.s, U_IER) & 0x40) == 0, "uart: IER UUE bit not kept (no XScale)");
  UOUT (f.s, U_IER, 0);

  save_mcr = UIN (f.s, U_MCR);
  UOUT (f.s, U_MCR, 0x10 | 0x0A);
  status1 = UIN (f.s, U_MSR) & 0xF0;
  UOUT (f.s, U_MCR, save_mcr);
  ok (status1 == 0x90, "uart: loopback MCR 0x1A gives MSR 0x90");
  UOUT (f.s, U_MCR, 0x1F);
  ok ((UIN (f.s, U_MSR) & 0xF0) == 0xF0,
      "uart: loopback all outputs give 0xF0");
  UOUT (f.s, U_MCR, 0x15);
  ok ((UIN (f.s, U_MSR) & 0xF0) == 0x60, "uart: loopback DTR|OUT1 give DSR|RI");
  UOUT (f.s, U_MCR, 0);
  ok ((UIN (f.s, U_MSR) & 0xF0) == 0xB0, "uart: outside loopback DCD|DSR|CTS");

  ok ((UIN (f.s, U_IIR) & 0xC0) == 0, "uart: IIR FIFO bits clear before FCR");
  UOUT (f.s, U_LCR, 0xBF);
  UOUT (f.s, U_FCR, 0);
  UOUT (f.s, U_LCR, 0);
  UOUT (f.s, U_FCR, 0x01);
  ok ((UIN (f.s, U_IIR) >> 6) == 3,
      "uart: IIR bits 7:6 read 11 after FCR enable");
  ok ((UIN (f.s, U_IIR) & 0x30) == 0, "uart: IIR bits 5:4 clear (no 16750/NS)");
  UOUT (f.s, U_FCR, 0);
  ok ((UIN (f.s, U_IIR) & 0xC0) == 0, "uart: FCR disable clears IIR FIFO bits");
  ok (UIN (f.s, U_LSR) != 0xFF, "uart: LSR safety check passes");
  uart_close (&f);
}

static void
test_uart_registers (void)
{
  struct uart_fixture f;

  uart_open (&f);
  ok (UIN (f.s, U_IIR) == 0x01, "uart: IIR reports no interrupt at reset");
  ok (UIN (f.s, U_LSR) == 0x60, "uart: LSR is THRE|TEMT, no DR");

  UOUT (f.s, U_IER, 0x05);
  UOUT (f.s, U_LCR, 0x83);
  UOUT (f.s, U_DLL, 0x34);
  UOUT (f.s, U_DLM, 0x12);
  ok (UIN (f.s, U_LCR) == 0x83, "uart: LCR reads back with DLAB");
  UOUT (f.s, U_LCR, 0x03);
  ok (UIN (f.s, U_IER) == 0x05, "uart: DLM write left IER alone");
  ok (UIN (f.s, U_IIR) == 0x01, "uart: divisor writes raised nothing");
  UOUT (f.s, U_LCR, 0x83);
  ok (UIN (f.s, U_DLL) == 0x34 && UIN (f.s, U_DLM) == 0x12,
      "uart: divisor latch round trip");
  UOUT (f.s, U_LCR, 0x03);
  UOUT (f.s, U_IER, 0);
  ok (f.sink.len == 0, "uart: DLL write sent nothing to the sink");

  UOUT (f.s, U_MCR, 0x0B);
  ok (UIN (f.s, U_MCR) == 0x0B, "uart: MCR reads back");
  uart_close (&f);
}

static void
uart_puts (struct uart_fixture *f, const char *str)
{
  for (; *str; str++)
    UOUT (f->s, U_THR, (uint8_t) *str);
}

static void
test_uart_output (void)
{
  struct uart_fixture f;
  unsigned i;

  uart_open (&f);
  uart_puts (&f, "hello\n");
  ok (f.sink.len == 6 && memcmp (f.sink.buf, "hello\n", 6) == 0,
      "uart: a line reaches the sink");
  ok (UIN (f.s, U_LSR) == 0x60, "uart: LSR still THRE|TEMT after writes");

  uart_puts (&f, "login: ");
  UOUT (f.s, U_IER, 0);
  ok (f.sink.len == 13 && memcmp (f.sink.buf + 6, "login: ", 7) == 0,
      "uart: partial line flushed by an IER write");

  UOUT (f.s, U_MCR, 0x10);
  UOUT (f.s, U_THR, 'X');
  UOUT (f.s, U_THR, '\n');
  UOUT (f.s, U_IER, 0);
  ok (f.sink.len == 13, "uart: loopback bytes do not reach the sink");
  ok ((UIN (f.s, U_LSR) & 0x01) == 0x01, "uart: loopback byte sets DR");
  ok (UIN (f.s, U_THR) == 'X', "uart: loopback byte read back from RBR");
  UOUT (f.s, U_MCR, 0);

  for (i = 0; i < 600; i++)
    UOUT (f.s, U_THR, 'a' + i % 26);
  ok (f.sink.len >= 13 + 512 && f.sink.len < 13 + 600,
      "uart: a full buffer is flushed without a newline");
  uart_close (&f);
  ok (f.sink.len == 613 && f.sink.buf[612] == 'a' + 599 % 26,
      "uart: teardown flushes the rest");
}

/* The THRE interrupt and the OUT2 gate, as Linux's startup tests it. */
static void
test_uart_thri (void)
{
  struct uart_fixture f;
  uint8_t iir1, iir;

  uart_open (&f);
  UOUT (f.s, U_FCR, 0x01);
  UOUT (f.s, U_IER, 0x02);
  iir1 = UIN (f.s, U_IIR);
  UOUT (f.s, U_IER, 0);
  UOUT (f.s, U_IER, 0x02);
  iir = UIN (f.s, U_IIR);
  UOUT (f.s, U_IER, 0);
  ok (iir1 == 0xC2 && iir == 0xC2, "uart: THRE test sees THRI twice");
  ok (f.irq.level == 0, "uart: line stays low without OUT2");

  UOUT (f.s, U_MCR, 0x0B);
  ok (f.irq.level == 0, "uart: OUT2 alone raises nothing");
  UOUT (f.s, U_IER, 0x02);
  ok (f.irq.level == 1 && f.irq.gsi == NS8250_IRQ,
      "uart: enabling THRI with OUT2 raises IRQ 4");
  ok (UIN (f.s, U_IIR) == 0xC2, "uart: IIR reports THRI");
  ok (f.irq.level == 0, "uart: IIR read lowered the line");
  ok (UIN (f.s, U_IIR) == 0xC1, "uart: THRI cleared by the IIR read");
  UOUT (f.s, U_THR, 'x');
  ok (f.irq.level == 1, "uart: THR write re-arms THRI");
  UOUT (f.s, U_MCR, 0x03);
  ok (f.irq.level == 0, "uart: clearing OUT2 lowers the line");
  UOUT (f.s, U_MCR, 0x0B);
  ok (f.irq.level == 1, "uart: setting OUT2 again raises it");
  UOUT (f.s, U_IER, 0);
  ok (f.irq.level == 0 && UIN (f.s, U_IIR) == 0xC1,
      "uart: disabling THRI drops the interrupt");

  UOUT (f.s, U_IER, 0x02);
  ns8250_ops.reset (f.s);
  ok (f.irq.level == 0 && UIN (f.s, U_IIR) == 0x01 && UIN (f.s, U_IER) == 0,
      "uart: reset lowers the line and clears IER");
  uart_close (&f);
}

/* Other sources: received data and modem status, in loopback. */
static void
test_uart_other_irqs (void)
{
  struct uart_fixture f;

  uart_open (&f);
  UOUT (f.s, U_MCR, 0x18);
  (void) UIN (f.s, U_MSR);
  UOUT (f.s, U_IER, 0x01);
  UOUT (f.s, U_THR, 'q');
  ok (UIN (f.s, U_IIR) == 0x04 && f.irq.level == 1,
      "uart: loopback byte raises a data interrupt");
  ok (UIN (f.s, U_THR) == 'q' && UIN (f.s, U_IIR) == 0x01 && f.irq.level == 0,
      "uart: reading RBR clears it");

  UOUT (f.s, U_IER, 0x08);
  UOUT (f.s, U_MCR, 0x1A);
  ok (UIN (f.s, U_IIR) == 0x00 && f.irq.level == 1,
      "uart: modem input change raises a modem status interrupt");
  ok (UIN (f.s, U_MSR) == 0x91, "uart: MSR shows CTS, DCD and the CTS delta");
  ok (UIN (f.s, U_IIR) == 0x01 && f.irq.level == 0,
      "uart: reading MSR clears it");
  uart_close (&f);
}

/*-- mc146818 --------------------------------------------------------------*/

static uint8_t
cmos_read (struct mc146818 *s, uint8_t idx)
{
  outb (&mc146818_ops, s, 0, idx);
  return inb (&mc146818_ops, s, 1);
}

static void
cmos_write (struct mc146818 *s, uint8_t idx, uint8_t v)
{
  outb (&mc146818_ops, s, 0, idx);
  outb (&mc146818_ops, s, 1, v);
}

static int
from_bcd (uint8_t v)
{
  if ((v & 0x0F) > 9 || (v >> 4) > 9)
    return -1000;
  return (v >> 4) * 10 + (v & 0x0F);
}

/* A clock register in BCD or binary. */
static int
dec (bool bcd, uint8_t v)
{
  return bcd ? from_bcd (v) : v;
}

/* Read the clock as Linux does (again if the seconds moved) into *TM,
 * and the host's time at that moment into *NOW.  In 12-hour mode bit 7
 * of the hour means PM. */
static void
cmos_time (struct mc146818 *s, bool bcd, bool h24, struct tm *tm,
           time_t *now)
{
  uint8_t r[10], cent, sec2;
  int hour, i;

  do {
    for (i = 0; i < 10; i++)
      r[i] = cmos_read (s, i);
    cent = cmos_read (s, 0x32);
    *now = time (NULL);
    sec2 = cmos_read (s, 0);
  } while (sec2 != r[0]);

  memset (tm, 0, sizeof *tm);
  tm->tm_sec = dec (bcd, r[0]);
  tm->tm_min = dec (bcd, r[2]);
  hour = dec (bcd, r[4] & (h24 ? 0xFF : 0x7F));
  if (!h24)
    hour = hour % 12 + ((r[4] & 0x80) ? 12 : 0);
  tm->tm_hour = hour;
  tm->tm_wday = dec (bcd, r[6]) - 1;
  tm->tm_mday = dec (bcd, r[7]);
  tm->tm_mon = dec (bcd, r[8]) - 1;
  tm->tm_year = dec (bcd, cent) * 100 + dec (bcd, r[9]) - 1900;
}

/* Whether TM (as read) is a valid date and time, with the right
 * weekday, at most a few seconds before NOW. */
static bool
close_to_now (const struct tm *tm, time_t now)
{
  struct tm copy = *tm, check;
  time_t t = timegm (&copy);

  if (t == (time_t) -1 || gmtime_r (&t, &check) == NULL)
    return false;
  return t <= now && now - t <= 3 &&
    check.tm_sec == tm->tm_sec && check.tm_min == tm->tm_min &&
    check.tm_hour == tm->tm_hour && check.tm_mday == tm->tm_mday &&
    check.tm_mon == tm->tm_mon && check.tm_year == tm->tm_year &&
    check.tm_wday == tm->tm_wday;
}

static void
test_rtc (void)
{
  struct mc146818 *s = mc146818_new ();
  struct tm tm;
  time_t now;
  int i;
  bool zero = true;

  ok (s != NULL, "rtc: created");
  if (s == NULL)
    return;
  ok (cmos_read (s, 0x0A) == 0x26, "rtc: register A is 0x26");
  ok (cmos_read (s, 0x0B) == 0x02, "rtc: register B is 0x02 (24h, BCD)");
  ok (cmos_read (s, 0x0C) == 0, "rtc: register C is 0");
  ok (cmos_read (s, 0x0D) == 0x80, "rtc: register D is 0x80 (VRT)");

  cmos_time (s, true, true, &tm, &now);
  ok (close_to_now (&tm, now), "rtc: BCD time matches the host's UTC");
  ok (from_bcd (cmos_read (s, 0x32)) >= 20, "rtc: century register in BCD");

  cmos_write (s, 0x0B, 0x06);
  ok (cmos_read (s, 0x0B) == 0x06, "rtc: register B write stored");
  cmos_time (s, false, true, &tm, &now);
  ok (close_to_now (&tm, now), "rtc: binary time matches the host's UTC");
  ok (cmos_read (s, 0x32) >= 20 && cmos_read (s, 0x32) < 100,
      "rtc: century register in binary");

  cmos_write (s, 0x0B, 0x00);
  cmos_time (s, true, false, &tm, &now);
  ok (close_to_now (&tm, now), "rtc: 12-hour BCD time matches");
  i = cmos_read (s, 0x04);
  ok (from_bcd (i & 0x7F) >= 1 && from_bcd (i & 0x7F) <= 12,
      "rtc: 12-hour mode hour in 1..12");
  cmos_write (s, 0x0B, 0x02);

  cmos_write (s, 0x0A, 0xA6);
  ok (cmos_read (s, 0x0A) == 0x26, "rtc: UIP never set by a write to A");
  cmos_write (s, 0x0D, 0x00);
  cmos_write (s, 0x0C, 0xFF);
  ok (cmos_read (s, 0x0D) == 0x80 && cmos_read (s, 0x0C) == 0,
      "rtc: C and D ignore writes");
  cmos_write (s, 0x09, 0x00);
  cmos_write (s, 0x32, 0x19);
  cmos_time (s, true, true, &tm, &now);
  ok (close_to_now (&tm, now), "rtc: time register writes ignored");

  for (i = 0x0E; i < 0x80; i++)
    if (i != 0x32 && cmos_read (s, i) != 0)
      zero = false;
  ok (zero, "rtc: NVRAM zero at start");
  cmos_write (s, 0x10, 0xAB);
  cmos_write (s, 0x7F, 0x5A);
  cmos_write (s, 0x01, 0x33);
  ok (cmos_read (s, 0x10) == 0xAB && cmos_read (s, 0x7F) == 0x5A &&
      cmos_read (s, 0x01) == 0x33, "rtc: NVRAM round trip");
  ok (cmos_read (s, 0x90) == 0xAB, "rtc: index bit 7 (NMI mask) ignored");

  cmos_write (s, 0x0B, 0x06);
  mc146818_ops.reset (s);
  ok (cmos_read (s, 0x0B) == 0x02 && cmos_read (s, 0x10) == 0xAB,
      "rtc: reset restores B and keeps the NVRAM");
  mc146818_ops.teardown (s);
}

/*-- i8042 and the status port ---------------------------------------------*/

static void
test_i8042 (void)
{
  struct exit_rec r;
  struct i8042 *s = i8042_new (exit_rec_notifier (&r));
  bool all_ff = true;
  uint16_t off;

  ok (s != NULL, "i8042: created");
  if (s == NULL)
    return;
  for (off = 0; off < 5; off++)
    if (inb (&i8042_ops, s, off) != 0xFF)
      all_ff = false;
  ok (all_ff && inl (&i8042_ops, s, 0) == 0xFFFFFFFF, "i8042: reads are 0xFF");

  outb (&i8042_ops, s, 4, 0xFF);
  outb (&i8042_ops, s, 4, 0xD1);
  outb (&i8042_ops, s, 4, 0xFD);
  outb (&i8042_ops, s, 0, 0xFE);
  ok (r.exits == 0, "i8042: other writes do not reset");
  outb (&i8042_ops, s, 4, 0xFE);
  ok (r.exits == 1 && r.why == VMM_EXIT_RESET && r.status == 0,
      "i8042: 0xFE to port 0x64 asks for a reset");
  outb (&i8042_ops, s, 4, 0xFE);
  ok (r.exits == 1 && r.readies == 0, "i8042: the reset is reported once");
  i8042_ops.teardown (s);
}

static void
test_status_port (void)
{
  struct exit_rec r;
  struct status_port *s = status_port_new (exit_rec_notifier (&r));
  uint8_t w[2] = { 0x00, 0x00 };

  ok (s != NULL, "status: created");
  if (s == NULL)
    return;
  ok (inl (&status_port_ops, s, 0) == STATUS_MAGIC, "status: magic read");
  ok (inb (&status_port_ops, s, 0) == 0xFF &&
      inb (&status_port_ops, s, 3) == 0xFF, "status: byte reads are 0xFF");

  outl (&status_port_ops, s, 0, STATUS_READY);
  ok (r.readies == 1 && r.exits == 0, "status: ready reported");
  outl (&status_port_ops, s, 0, STATUS_EXIT | 42);
  ok (r.exits == 1 && r.why == VMM_EXIT_STATUS && r.status == 42,
      "status: exit code 42 reported");
  outl (&status_port_ops, s, 0, STATUS_EXIT);
  ok (r.exits == 2 && r.status == 0, "status: exit code 0 reported");

  outl (&status_port_ops, s, 0, 0x12345678);
  outl (&status_port_ops, s, 0, STATUS_READY | 1);
  outl (&status_port_ops, s, 0, STATUS_EXIT | 0x100);
  outb (&status_port_ops, s, 0, 0x00);
  status_port_ops.io (s, 2, true, w, 2);  /* high half of STATUS_READY */
  w[0] = 0x44;
  w[1] = 0x52;
  status_port_ops.io (s, 2, true, w, 2);
  ok (r.readies == 1 && r.exits == 2,
      "status: other values and widths ignored");
  status_port_ops.teardown (s);
}

int
main (void)
{
  test_uart_autoconfig ();
  test_uart_registers ();
  test_uart_output ();
  test_uart_thri ();
  test_uart_other_irqs ();
  test_rtc ();
  test_i8042 ();
  test_status_port ();

  return tap_done ();
}
