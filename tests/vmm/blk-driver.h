/* guestkit — a guest driver's side of virtio-blk, for the unit tests.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares what the virtio-blk unit tests share: wrapped
 * "guest RAM" with a ring at a fixed place, the legacy register block
 * reached as a driver would, chains built by hand, kicks, and the used
 * ring read back.  Requests use a header at HDR_GPA and a status byte
 * at STATUS_GPA followed by a guard byte that must stay 0xEE.
 */

#ifndef GUESTKIT_TESTS_BLK_DRIVER_H
#define GUESTKIT_TESTS_BLK_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm.h"

/* Legacy register block; request types and status values. */
enum { R_HOST_FEATURES = 0x00, R_GUEST_FEATURES = 0x04, R_QUEUE_PFN = 0x08,
       R_QUEUE_SEL = 0x0E, R_NOTIFY = 0x10, R_STATUS = 0x12, R_ISR = 0x13,
       R_CONFIG = 0x14 };
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8, T_DISCARD = 11 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };

/* Guest RAM: the ring from page 1 (used ring at 0x3000), then buffers;
 * a guard byte follows the status byte. */
enum { MEM_SIZE = 4 << 20, RING_PFN = 1, DESC_GPA = 0x1000,
       AVAIL_GPA = 0x2000, USED_GPA = 0x3000, HDR_GPA = 0x10000,
       STATUS_GPA = 0x11000, BADST_GPA = 0x11800, DATA_GPA = 0x20000,
       DATA2_GPA = 0x40000, BIG_GPA = 2 << 20, IOBASE = 0xC000 };

#define RD(vd, off, size) drv_io ((vd), (off), false, 0, (size))
#define WR(vd, off, v, size) drv_io ((vd), (off), true, (v), (size))
#define NELEMS(a) (sizeof (a) / sizeof *(a))

extern uint8_t *ram;
extern struct guest_mem gm;
extern const struct irq_line irq;
extern int irq_level;           /* the device's interrupt line */

struct seg {
  uint64_t gpa;
  uint32_t len;
  bool write;
};

/* Allocate and wrap guest RAM (exits on failure). */
void drv_setup (void);
/* A SIZE-byte register access; a read (V = 0) returns the value. */
uint32_t drv_io (struct virtio_dev *vd, uint16_t off, bool write, uint32_t v,
                 unsigned size);
/* Clear RAM and initialise the device as Linux does, acking every
 * offered feature. */
void drv_start (struct virtio_dev *vd);
/* Put a chain of N segments in the table and the avail ring; returns
 * its head. */
uint16_t post (const struct seg *s, unsigned n);
/* The next used element, if the device has put one there. */
bool take_used (uint32_t *id, uint32_t *len);
/* One request: header (TYPE, SECTOR), the NDATA (< 38) DATA segments,
 * the status byte.  True if exactly one completion of it came back
 * with used length USED and status WANT, the guard byte intact. */
bool request (struct virtio_dev *vd, uint32_t type, uint64_t sector,
              const struct seg *data, unsigned ndata, long used,
              uint8_t want);
/* request() with one data buffer of LEN bytes at DATA_GPA. */
bool rw1 (struct virtio_dev *vd, uint32_t type, uint64_t sector,
          uint32_t len, long used, uint8_t want);
/* A discard segment at GPA. */
void put_discard (uint64_t gpa, uint64_t sector, uint32_t n, uint32_t flags);

#endif /* GUESTKIT_TESTS_BLK_DRIVER_H */
