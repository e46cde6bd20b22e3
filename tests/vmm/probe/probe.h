/* guestkit — declarations shared by the parts of the VMM test probe.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUESTKIT_PROBE_H
#define GUESTKIT_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAPPED_LIMIT (UINT64_C(1) << 30)  /* entry.S maps the first 1 GiB */

#define barrier() __asm__ volatile ("" : : : "memory")

/* outb/inb, outw/inw, outl/inl. */
#define PROBE_PIO(sfx, type)                                            \
  static inline void                                                    \
  out##sfx (uint16_t port, type v)                                      \
  {                                                                     \
    __asm__ volatile ("out" #sfx " %0, %1" : : "a" (v), "Nd" (port));   \
  }                                                                     \
  static inline type                                                    \
  in##sfx (uint16_t port)                                               \
  {                                                                     \
    type v;                                                             \
    __asm__ volatile ("in" #sfx " %1, %0" : "=a" (v) : "Nd" (port));    \
    return v;                                                           \
  }
PROBE_PIO (b, uint8_t)
PROBE_PIO (w, uint16_t)
PROBE_PIO (l, uint32_t)

/*-- entry.S calls these (probe.c) ----------------------------------------*/

/* Run every step; returns the number that failed. */
int probe_main (uint64_t start_info);
/* Report CODE on the status port and halt forever. */
void probe_exit (int code) __attribute__((noreturn));
/* CPU exception FRAME: vector, error code, rip, cs, rflags, rsp, ss. */
void probe_exception (const uint64_t *frame) __attribute__((noreturn));

/*-- lib.c: memory, output, bounded waiting --------------------------------*/

/* gcc may emit calls to these even in freestanding code. */
void *memset (void *s, int c, size_t n);
void *memcpy (void *dst, const void *src, size_t n);
int memcmp (const void *a, const void *b, size_t n);
size_t strlen (const char *s);

/* printf to the UART: %s %c %d %u %x with optional 0, width and l. */
void pr (const char *fmt, ...) __attribute__((format (printf, 1, 2)));
/* Format a step's failure reason into a static buffer (valid until the
 * next failf: never pass its result back to it). */
const char *failf (const char *fmt, ...)
  __attribute__((format (printf, 1, 2)));
/* Print "probe: LABEL "S"", non-printable bytes as \xNN. */
void pr_quoted (const char *label, const uint8_t *s, size_t len);

/* A wait of about SECONDS (RTC seconds ticks; the TSC ends it too
 * should the RTC never tick). */
struct deadline {
  unsigned ticks_left, spins;
  uint8_t last_sec;
  uint64_t tsc_start, tsc_budget;
};
void deadline_start (struct deadline *d, unsigned seconds);
bool deadline_passed (struct deadline *d);

/*-- virtio.c: the virtio steps ------------------------------------------*/

/* BAR 0 port bases found by the PCI step (0 = no usable device). */
extern uint16_t virtio_blk_io, virtio_con_io, virtio_rng_io;

/* Each returns NULL or why it failed. */
const char *step_virtio_blk (void);
const char *step_virtio_console (void);
const char *step_virtio_rng (void);
/* Set up virtio-blk (*CAP gets its capacity in sectors); one request
 * of TYPE at SECTOR with LEN bytes at DATA (*ST gets its status). */
const char *blk_start (uint64_t *cap);
const char *blk_do (uint32_t type, uint64_t sector, void *data,
                    uint32_t len, uint8_t *st);

/* BLK_BATCH_MAX requests at most in one blk_batch. */
#define BLK_BATCH_MAX 64
/* N requests of TYPE (in or out), each LEN bytes, at consecutive
 * places from SECTOR and DATA, all made available before one kick;
 * waits for all N and checks every status. */
const char *blk_batch (uint32_t type, uint64_t sector, uint8_t *data,
                       uint32_t len, unsigned n);

/*-- blkbench.c: the probe-blkbench mode -----------------------------------*/

/* N 4 KiB reads (or writes if WRITE), Q in flight at a time (1: one
 * blk_do after another); returns the number of failures. */
int blkbench_run (uint64_t n, bool write, uint64_t q);

/*-- crashwrite.c: the probe-crashwrite mode --------------------------------*/

/* Write, flush and acknowledge batches until MAX requests or a
 * failure (the VMM is meant to be killed first).  Returns the number
 * of failures. */
int crashwrite_run (uint64_t seed, uint64_t max);

#endif /* GUESTKIT_PROBE_H */
