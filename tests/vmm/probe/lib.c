/* guestkit — the VMM test probe's freestanding runtime.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements what the probe has instead of libc: the memory
 * and string functions gcc may call, a small printf on the 8250 UART
 * at COM1 (polling LSR.THRE before each byte, never forever), failure
 * messages formatted into a static buffer, and bounded waits timed by
 * the CMOS RTC seconds register with the TSC as a backstop.  No
 * floating point, no SIMD, no interrupts.
 */

#include <config.h>

#include <stdarg.h>

#include "vmm.h"
#include "probe.h"

#define TSC_PER_SEC_MAX UINT64_C(4000000000)

void *
memset (void *s, int c, size_t n)
{
  void *d = s;

  __asm__ volatile ("rep stosb" : "+D" (d), "+c" (n) : "a" (c) : "memory");
  return s;
}

void *
memcpy (void *dst, const void *src, size_t n)
{
  void *d = dst;

  __asm__ volatile ("rep movsb" : "+D" (d), "+S" (src), "+c" (n)
                    : : "memory");
  return dst;
}

int
memcmp (const void *a, const void *b, size_t n)
{
  const uint8_t *p = a, *q = b;
  size_t i;

  for (i = 0; i < n; i++)
    if (p[i] != q[i])
      return p[i] < q[i] ? -1 : 1;
  return 0;
}

size_t
strlen (const char *s)
{
  size_t n = 0;

  while (s[n])
    n++;
  return n;
}

/*-- output ---------------------------------------------------------------*/

struct sink {
  char *buf;                    /* NULL: the UART */
  size_t len, cap;
};

static void
uart_putc (char c)
{
  unsigned n;

  for (n = 0; n < 100000 && !(inb (NS8250_COM1 + 5) & 0x20); n++)
    ;
  outb (NS8250_COM1, (uint8_t) c);
}

static void
sink_putc (struct sink *s, char c)
{
  if (!s->buf)
    uart_putc (c);
  else if (s->len + 1 < s->cap)
    s->buf[s->len++] = c;
}

static void
sink_num (struct sink *s, uint64_t v, unsigned base, unsigned width,
          char pad)
{
  char digits[24];
  unsigned n = 0;

  do {
    digits[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  while (width-- > n)
    sink_putc (s, pad);
  while (n)
    sink_putc (s, digits[--n]);
}

/* One conversion after the '%'; returns where the format goes on. */
static const char *
sink_conv (struct sink *s, const char *f, va_list *ap)
{
  unsigned width = 0;
  bool lng = false;
  char pad = *f == '0' ? '0' : ' ';
  const char *str;
  int64_t d;

  while (*f >= '0' && *f <= '9')
    width = width * 10 + (unsigned) (*f++ - '0');
  for (; *f == 'l'; f++)
    lng = true;
  switch (*f) {
  case 's':
    for (str = va_arg (*ap, const char *); *str; str++)
      sink_putc (s, *str);
    break;
  case 'c':
    sink_putc (s, (char) va_arg (*ap, int));
    break;
  case 'd':
    d = lng ? va_arg (*ap, long) : va_arg (*ap, int);
    if (d < 0)
      sink_putc (s, '-');
    sink_num (s, d < 0 ? -(uint64_t) d : (uint64_t) d, 10, width, pad);
    break;
  case 'u': case 'x':
    sink_num (s, lng ? va_arg (*ap, unsigned long) : va_arg (*ap, unsigned),
              *f == 'u' ? 10 : 16, width, pad);
    break;
  case '\0':
    return f;
  default:
    sink_putc (s, *f);
  }
  return f + 1;
}

static void
sink_vprintf (struct sink *s, const char *fmt, va_list ap)
{
  va_list aq;

  va_copy (aq, ap);
  while (*fmt) {
    if (*fmt != '%')
      sink_putc (s, *fmt++);
    else
      fmt = sink_conv (s, fmt + 1, &aq);
  }
  va_end (aq);
  if (s->buf)
    s->buf[s->len] = '\0';
}

void
pr (const char *fmt, ...)
{
  struct sink s = { NULL, 0, 0 };
  va_list ap;

  va_start (ap, fmt);
  sink_vprintf (&s, fmt, ap);
  va_end (ap);
}

const char *
failf (const char *fmt, ...)
{
  static char why[160];
  struct sink s = { why, 0, sizeof why };
  va_list ap;

  va_start (ap, fmt);
  sink_vprintf (&s, fmt, ap);
  va_end (ap);
  return why;
}

void
pr_quoted (const char *label, const uint8_t *s, size_t len)
{
  size_t i;

  pr ("probe: %s \"", label);
  for (i = 0; i < len; i++) {
    if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\')
      uart_putc ((char) s[i]);
    else
      pr ("\\x%02x", s[i]);
  }
  pr ("\"\n");
}

/*-- bounded waiting --------------------------------------------------------*/

static uint8_t
rtc_seconds (void)
{
  outb (MC146818_PORT, 0x00);
  return inb (MC146818_PORT + 1);
}

static inline uint64_t
rdtsc (void)
{
  uint32_t lo, hi;

  __asm__ volatile ("rdtsc" : "=a" (lo), "=d" (hi));
  return (uint64_t) hi << 32 | lo;
}

void
deadline_start (struct deadline *d, unsigned seconds)
{
  d->ticks_left = seconds;
  d->spins = 0;
  d->last_sec = rtc_seconds ();
  d->tsc_start = rdtsc ();
  d->tsc_budget = seconds * TSC_PER_SEC_MAX;
}

bool
deadline_passed (struct deadline *d)
{
  uint8_t sec;

  if (++d->spins % 256)         /* look at the clocks now and then */
    return false;
  sec = rtc_seconds ();
  if (sec != d->last_sec) {
    d->last_sec = sec;
    if (d->ticks_left-- == 0)
      return true;
  }
  return rdtsc () - d->tsc_start > d->tsc_budget;
}
