/* guestkit — what the probe's crashwrite mode writes, shared with its checker.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * The write sequence of the probe's C<probe-crashwrite> mode, as pure
 * functions of a seed, so that the guest (F<probe/crashwrite.c>) and
 * the host checker (F<test-vmm-crash.c>) agree on every byte without
 * talking: request number SEQ (from 1) writes 1 to CRASH_MAX_NSECT
 * sectors at a pseudo-random start, each sector self-describing (a
 * magic, the seed, SEQ, its own sector number, a pattern and an FNV-1a
 * checksum of the rest).  CRASH_BATCH requests make a batch; after
 * each batch the guest flushes and prints "ack N", N the batch's last
 * SEQ.  Freestanding: stdint only.
 */

#ifndef GUESTKIT_CRASH_SECTOR_H
#define GUESTKIT_CRASH_SECTOR_H

#include <stdint.h>

#define CRASH_SECTOR 512
#define CRASH_BATCH 8           /* requests per flush */
#define CRASH_MAX_NSECT 8       /* sectors per request, at most */
#define CRASH_MAGIC UINT64_C(0x3145544952574b43)  /* "CKWRITE1" */
#define CRASH_SUM_OFF (CRASH_SECTOR - 8)

static inline uint64_t
crash_get64 (const uint8_t *p)
{
  uint64_t v = 0;
  int i;

  for (i = 7; i >= 0; i--)
    v = v << 8 | p[i];
  return v;
}

static inline void
crash_put64 (uint8_t *p, uint64_t v)
{
  int i;

  for (i = 0; i < 8; i++)
    p[i] = (uint8_t) (v >> 8 * i);
}

/* xorshift64*; a zero state is replaced so the stream never sticks. */
static inline uint64_t
crash_rng (uint64_t *state)
{
  uint64_t x = *state ? *state : UINT64_C(0x9E3779B97F4A7C15);

  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * UINT64_C(0x2545F4914F6CDD1D);
}

/* The RNG state a run with SEED starts from. */
static inline uint64_t
crash_rng_init (uint64_t seed)
{
  return seed * UINT64_C(0x9E3779B97F4A7C15) + 1;
}

/* The next request of a disk of CAP sectors (CAP > CRASH_MAX_NSECT):
 * *START and *NSECT.  Starts are aligned to 8 sectors half the time,
 * so requests overlap and rewrite each other as well as allocate. */
static inline void
crash_next_request (uint64_t *state, uint64_t cap, uint64_t *start,
                    uint32_t *nsect)
{
  uint64_t r = crash_rng (state);

  *nsect = 1 + (uint32_t) (r % CRASH_MAX_NSECT);
  *start = (r >> 8) % (cap - CRASH_MAX_NSECT);
  if (r & 0x10000)
    *start &= ~UINT64_C(7);
}

static inline uint64_t
crash_fnv (const uint8_t *p, uint32_t len)
{
  uint64_t h = UINT64_C(0xcbf29ce484222325);
  uint32_t i;

  for (i = 0; i < len; i++)
    h = (h ^ p[i]) * UINT64_C(0x100000001b3);
  return h;
}

/* The 512 bytes request SEQ of a run with SEED puts at SECTOR. */
static inline void
crash_fill_sector (uint8_t *buf, uint64_t seed, uint64_t seq, uint64_t sector)
{
  uint32_t i;

  crash_put64 (buf, CRASH_MAGIC);
  crash_put64 (buf + 8, seed);
  crash_put64 (buf + 16, seq);
  crash_put64 (buf + 24, sector);
  for (i = 32; i < CRASH_SUM_OFF; i++)
    buf[i] = (uint8_t) (seq * 31 + sector * 7 + i);
  crash_put64 (buf + CRASH_SUM_OFF, crash_fnv (buf, CRASH_SUM_OFF));
}

#endif /* GUESTKIT_CRASH_SECTOR_H */
