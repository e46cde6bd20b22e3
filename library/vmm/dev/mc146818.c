/* guestkit — an MC146818 CMOS real-time clock giving the host's UTC time.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the CMOS RTC at ports 0x70 (index; bit 7, the
 * NMI mask, is ignored) and 0x71 (data).  The time registers (seconds,
 * minutes, hours, weekday, day, month, year, and the century at 0x32)
 * are computed from the host's UTC clock at each read, in BCD unless
 * register B's DM bit is set, and in 24-hour form unless register B's
 * 24/12 bit is clear.  Register A reads 0x26 (never UIP), C reads 0 and
 * D reads 0x80 (valid RAM and time).  Writes to A and B are stored but
 * only B's DM and 24/12 bits have an effect; writes to the time
 * registers, C and D are ignored.  There are no alarms, periodic or
 * update interrupts.  Every other index is a byte of battery-backed
 * RAM, zero at start and kept across reset.
 */

#include <config.h>

#include <stdlib.h>
#include <time.h>

#include "vmm.h"

#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_WEEKDAY 0x06
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_REG_A 0x0A
#define RTC_REG_B 0x0B
#define RTC_REG_C 0x0C
#define RTC_REG_D 0x0D
#define RTC_CENTURY 0x32
#define RTC_NVRAM_SIZE 128

#define REG_A_DEFAULT 0x26      /* 32.768 kHz time base, 1024 Hz rate */
#define REG_A_UIP 0x80
#define REG_B_24H 0x02
#define REG_B_DM 0x04           /* binary (not BCD) */
#define REG_B_DEFAULT REG_B_24H
#define REG_D_VRT 0x80

struct mc146818 {
  uint8_t index;
  uint8_t reg_a, reg_b;
  uint8_t nvram[RTC_NVRAM_SIZE];
};

struct mc146818 *
mc146818_new (void)
{
  struct mc146818 *s = calloc (1, sizeof *s);

  if (s == NULL)
    return NULL;
  s->reg_a = REG_A_DEFAULT;
  s->reg_b = REG_B_DEFAULT;
  return s;
}

/* V (0-99) in the data mode register B selects. */
static uint8_t
encode (const struct mc146818 *s, unsigned v)
{
  v %= 100;
  if (s->reg_b & REG_B_DM)
    return v;
  return ((v / 10) << 4) | (v % 10);
}

/* The hours register: 0-23, or 1-12 with bit 7 meaning PM. */
static uint8_t
encode_hour (const struct mc146818 *s, unsigned hour)
{
  unsigned h12;

  if (s->reg_b & REG_B_24H)
    return encode (s, hour);
  h12 = hour % 12 == 0 ? 12 : hour % 12;
  return encode (s, h12) | (hour >= 12 ? 0x80 : 0);
}

/* Whether INDEX is one of the clock registers computed at read time. */
static bool
is_time_reg (uint8_t index)
{
  switch (index) {
  case RTC_SECONDS: case RTC_MINUTES: case RTC_HOURS: case RTC_WEEKDAY:
  case RTC_DAY: case RTC_MONTH: case RTC_YEAR: case RTC_CENTURY:
    return true;
  default:
    return false;
  }
}

static uint8_t
read_time_reg (const struct mc146818 *s, uint8_t index)
{
  struct timespec ts;
  struct tm tm;

  if (clock_gettime (CLOCK_REALTIME, &ts) == -1 ||
      gmtime_r (&ts.tv_sec, &tm) == NULL)
    return 0;
  switch (index) {
  case RTC_SECONDS: return encode (s, tm.tm_sec > 59 ? 59 : tm.tm_sec);
  case RTC_MINUTES: return encode (s, tm.tm_min);
  case RTC_HOURS: return encode_hour (s, tm.tm_hour);
  case RTC_WEEKDAY: return encode (s, tm.tm_wday + 1);
  case RTC_DAY: return encode (s, tm.tm_mday);
  case RTC_MONTH: return encode (s, tm.tm_mon + 1);
  case RTC_YEAR: return encode (s, (unsigned) (tm.tm_year + 1900) % 100);
  default: return encode (s, (unsigned) (tm.tm_year + 1900) / 100);
  }
}

static uint8_t
read_data (const struct mc146818 *s)
{
  if (is_time_reg (s->index))
    return read_time_reg (s, s->index);
  switch (s->index) {
  case RTC_REG_A: return s->reg_a;
  case RTC_REG_B: return s->reg_b;
  case RTC_REG_C: return 0;
  case RTC_REG_D: return REG_D_VRT;
  default: return s->nvram[s->index];
  }
}

static void
write_data (struct mc146818 *s, uint8_t v)
{
  if (is_time_reg (s->index))
    return;
  switch (s->index) {
  case RTC_REG_A: s->reg_a = v & ~REG_A_UIP; break;
  case RTC_REG_B: s->reg_b = v; break;
  case RTC_REG_C: case RTC_REG_D: break;
  default: s->nvram[s->index] = v; break;
  }
}

/* The index port (offset 0) is write-only. */
static uint8_t
mc146818_rd (void *dev, unsigned off)
{
  return off == 1 ? read_data (dev) : 0xFF;
}

static void
mc146818_wr (void *dev, unsigned off, uint8_t v)
{
  struct mc146818 *s = dev;

  if (off == 0)
    s->index = v & 0x7F;        /* bit 7 masks NMIs: ignored */
  else if (off == 1)
    write_data (s, v);
}

/* Offset 0 is the index port, offset 1 the data port; a wider access
 * is taken as its byte accesses in turn. */
static void
mc146818_io (void *dev, uint16_t offset, bool write, uint8_t *data,
             unsigned size)
{
  io_bytewise (dev, offset, write, data, size, mc146818_rd, mc146818_wr);
}

/* Reset restores the control registers; the RAM is battery-backed. */
static void
mc146818_reset (void *dev)
{
  struct mc146818 *s = dev;

  s->index = 0;
  s->reg_a = REG_A_DEFAULT;
  s->reg_b = REG_B_DEFAULT;
}

static void
mc146818_teardown (void *dev)
{
  free (dev);
}

const struct device_ops mc146818_ops = {
  .name = "mc146818",
  .io = mc146818_io,
  .reset = mc146818_reset,
  .teardown = mc146818_teardown,
};
