/* guestkit — unit tests of the legacy virtio-pci transport (TAP output).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file tests F<library/vmm/virtio/pci.c>: the PCI header of each
 * device type, and the legacy register block of a fake two-queue
 * device with a 4-byte config over a wrapped guest memory buffer:
 * features, queue select/size/PFN (checked against the legacy ring
 * layout), notify, status and reset, the read-to-clear ISR and its
 * interrupt line (a recording irq_line), device config, and interrupt
 * suppression.  Expected values come from the virtio specification's
 * legacy interface, not from the code.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm.h"
#include "guest-io.h"
#include "../tap.h"

pthread_mutex_t vmm_lock = PTHREAD_MUTEX_INITIALIZER;

/*-- recorders ------------------------------------------------------------*/

struct irq_rec {
  int level;
  unsigned raises, gsi;
};

static void
irq_rec_set (void *opaque, unsigned gsi, int level)
{
  struct irq_rec *r = opaque;

  r->level = level;
  r->gsi = gsi;
  if (level)
    r->raises++;
}

struct fake {
  unsigned notifies, last_queue, resets, statuses, teardowns;
  uint8_t last_status;
  unsigned cw_calls;
  uint32_t cw_offset;
  unsigned cw_size;
};

static struct fake fk;

static void
fake_notify (struct virtio_dev *vd, unsigned queue)
{
  fk.notifies++;
  fk.last_queue = queue;
}

static void
fake_config_write (struct virtio_dev *vd, uint32_t offset, unsigned size)
{
  fk.cw_calls++;
  fk.cw_offset = offset;
  fk.cw_size = size;
}

static void
fake_status (struct virtio_dev *vd, uint8_t status)
{
  fk.statuses++;
  fk.last_status = status;
}

static void
fake_reset (struct virtio_dev *vd)
{
  fk.resets++;
}

static void
fake_teardown (struct virtio_dev *vd)
{
  fk.teardowns++;
}

static const struct virtio_ops fake_ops = {
  .notify = fake_notify, .config_write = fake_config_write,
  .status = fake_status, .reset = fake_reset, .teardown = fake_teardown,
};

#define MEM_SIZE (16 * GUEST_PAGE_SIZE)
#define IOBASE 0xC040
#define VSLOT 5
static struct virtio_dev vd;
static struct guest_mem mem;
static uint8_t *ram;
static struct irq_rec irq;
static uint8_t vconfig[4] = { 0x11, 0x22, 0x33, 0x44 };

/* Access the register block directly, as the BAR would. */
static uint32_t
vin (uint16_t off, unsigned size)
{
  uint8_t d[4] = { 0 };

  virtio_pci_ops.io (&vd, off, false, d, size);
  return le_get (d, size);
}

static void
vout (uint16_t off, unsigned size, uint32_t v)
{
  uint8_t d[4];

  le_put (d, v, 4);
  virtio_pci_ops.io (&vd, off, true, d, size);
}

/* virtio_pci_init of a scratch device T with no features or config. */
static int
init_tmp (struct virtio_dev *t, unsigned type, unsigned nq, uint16_t iobase)
{
  struct irq_line line = { irq_rec_set, &irq, 10 };

  return virtio_pci_init (t, "tmp", &fake_ops, NULL, &mem, line, type, nq,
                          0, NULL, 0, iobase);
}

static void
test_virtio_init (void)
{
  struct irq_line line = { irq_rec_set, &irq, 10 };
  struct virtio_dev tmp;
  const uint8_t *c = tmp.pci.cfg;

  ram = aligned_alloc (GUEST_PAGE_SIZE, MEM_SIZE);
  memset (ram, 0, MEM_SIZE);
  guest_mem_wrap (&mem, ram, MEM_SIZE);
  ok (virtio_pci_init (&vd, "fake", &fake_ops, NULL, &mem, line,
                       VIRTIO_ID_BLOCK, 2, 0x80000003, vconfig, 4,
                       IOBASE) == 0, "virtio_pci_init");
  ok (init_tmp (&tmp, VIRTIO_ID_BLOCK, 0, IOBASE) == -1 &&
      init_tmp (&tmp, VIRTIO_ID_BLOCK, VIRTIO_MAX_QUEUES + 1, IOBASE) == -1,
      "0 or too many queues refused");
  ok (init_tmp (&tmp, VIRTIO_ID_BLOCK, 1, IOBASE + 8) == -1,
      "iobase not aligned to the BAR size refused");
  ok (init_tmp (&tmp, VIRTIO_ID_CONSOLE, 1, 0xC100) == 0 &&
      le_get (c, 4) == 0x10031AF4 && le_get (c + 0x08, 4) == 0x07800000 &&
      le_get (c + 0x2E, 2) == VIRTIO_ID_CONSOLE,
      "console: device 0x1003, class 0x078000, subsystem id 3");
  ok (init_tmp (&tmp, VIRTIO_ID_RNG, 1, 0xC100) == 0 &&
      le_get (c, 4) == 0x10051AF4 && le_get (c + 0x08, 4) == 0x00FF0000 &&
      le_get (c + 0x2E, 2) == VIRTIO_ID_RNG,
      "rng: device 0x1005, class 0x00FF00, subsystem id 4");
  ok (pci_bus_add (&gio_bus, VSLOT, &vd.pci) == 0,
      "virtio device on the bus");
}

static void
test_virtio_header (void)
{
  ok (gio_cfg_rd (VSLOT, 0, 4) == 0x10011AF4, "vendor 0x1AF4, device 0x1001");
  ok (gio_cfg_rd (VSLOT, 0x08, 4) == 0x01000000, "class 0x010000, revision 0");
  ok (gio_cfg_rd (VSLOT, 0x2C, 4) == 0x00021AF4, "subsystem 0x1AF4:2");
  ok (gio_cfg_rd (VSLOT, 0x3C, 2) == 0x010A, "interrupt line = gsi 10, pin A");
  ok (gio_cfg_rd (VSLOT, 0x10, 4) == (IOBASE | 1), "BAR 0 at iobase");
  gio_cfg_wr (VSLOT, 0x10, 4, 0xFFFFFFFF);
  ok (gio_cfg_rd (VSLOT, 0x10, 4) == 0xFFFFFFE1,
      "BAR 0 is 32 bytes (next power of 2 >= 0x14 + 4)");
  gio_cfg_wr (VSLOT, 0x10, 4, IOBASE);
  gio_cfg_wr (VSLOT, 0x04, 2, 1);
  ok (gio_in (IOBASE + 0x0C, 2) == VQ_MAX_SIZE &&
      gio_in (IOBASE, 4) == 0x80000003,
      "register block reachable through the BAR");
}

static void
test_virtio_features (void)
{
  ok (vin (0x00, 4) == 0x80000003, "host features");
  ok (vin (0x03, 1) == 0x80 && vin (0x02, 2) == 0x8000,
      "narrow reads of host features give the right bytes");
  vout (0x00, 4, 0);
  ok (vin (0x00, 4) == 0x80000003, "host features read-only");
  vout (0x04, 4, 0xFFFFFFFF);
  ok (vin (0x04, 4) == 0x80000003 && vd.guest_features == 0x80000003,
      "guest features masked to the offer");
  vout (0x04, 1, 0x02);
  ok (vin (0x04, 4) == 0x80000002, "byte write merges into guest features");
  ok (virtio_has_feature (&vd, 1) && !virtio_has_feature (&vd, 0),
      "virtio_has_feature");
}

static void
test_virtio_queues (void)
{
  struct virtqueue *q = &vd.vq[1];

  vout (0x0E, 2, 0);
  ok (vin (0x0C, 2) == VQ_MAX_SIZE, "queue 0 size");
  vout (0x0E, 2, 1);
  ok (vin (0x0C, 2) == VQ_MAX_SIZE && vin (0x0E, 2) == 1, "queue 1 size");
  ok (vin (0x0C, 4) == (VQ_MAX_SIZE | 1u << 16),
      "32-bit read at 0x0C spans size and select");
  vout (0x0E, 2, 2);
  ok (vin (0x0C, 2) == 0 && vin (0x08, 4) == 0, "queue 2: size 0, PFN 0");
  vout (0x08, 4, 2);
  ok (vin (0x08, 4) == 0 && vd.vq[0].size == 0 && vd.vq[1].size == 0,
      "PFN write to an absent queue ignored");
  vout (0x0E, 2, 0xFFFF);
  ok (vin (0x0E, 2) == 0xFFFF && vin (0x0C, 2) == 0, "select 0xFFFF stored");

  vout (0x0E, 2, 1);
  vout (0x08, 4, 2);
  ok (vin (0x08, 4) == 2 && q->size == VQ_MAX_SIZE, "queue 1 at PFN 2");
  ok (q->desc_gpa == 0x2000 && q->avail_gpa == 0x2000 + 16 * 256,
      "descriptors at PFN*4096, avail ring after them");
  ok (q->used_gpa == 0x4000,
      "used ring at the next 4096 boundary after avail (6 + 2*256 bytes)");
  ok (vd.vq[0].size == 0, "queue 0 untouched");
  vout (0x0E, 2, 0);
  vout (0x08, 4, MEM_SIZE / GUEST_PAGE_SIZE - 1);
  ok (vin (0x08, 4) == 0 && vd.vq[0].size == 0,
      "ring running past RAM leaves the queue down");
  vout (0x08, 4, 0xFFFFFFFF);
  ok (vin (0x08, 4) == 0 && vd.vq[0].size == 0, "huge PFN leaves it down");
}

static void
test_virtio_notify (void)
{
  fk.notifies = 0;
  vout (0x10, 2, 1);
  ok (fk.notifies == 1 && fk.last_queue == 1, "notify queue 1");
  vout (0x10, 2, 0);
  ok (fk.notifies == 1, "no notify for a queue not set up");
  vout (0x10, 2, 2);
  vout (0x10, 2, 0xFFFF);
  vout (0x10, 2, VIRTIO_MAX_QUEUES);
  ok (fk.notifies == 1, "no notify for out-of-range queues");
  vout (0x0E, 2, 0);
  vout (0x08, 4, 8);
  vout (0x10, 2, 0);
  ok (fk.notifies == 2 && fk.last_queue == 0, "notify queue 0 once set up");
}

static void
test_virtio_status_isr (void)
{
  vout (0x12, 1, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER);
  ok (vin (0x12, 1) == 3 && fk.statuses == 1 && fk.last_status == 3,
      "status stored, status hook called");
  vout (0x12, 1, 7);
  ok (vin (0x10, 4) >> 16 == 7, "32-bit read at 0x10 sees status in byte 2");
  irq.raises = 0;
  virtio_raise (&vd, 2);
  ok (irq.level == 1 && irq.raises == 1 && irq.gsi == 10, "raise: line up");
  ok (vin (0x13, 1) == 2, "ISR reads the config-change bit");
  ok (irq.level == 0 && vd.isr == 0, "ISR read lowers the line and clears");
  ok (vin (0x13, 1) == 0, "second ISR read 0");
}

static void
test_virtio_reset (void)
{
  vout (0x0E, 2, 1);
  virtio_raise (&vd, 1);
  fk.resets = 0;
  vout (0x12, 1, 0);
  ok (fk.resets == 1, "status 0 calls ops->reset");
  ok (vd.isr == 0 && irq.level == 0, "reset clears ISR, lowers the line");
  ok (vin (0x12, 1) == 0 && vin (0x04, 4) == 0 && vin (0x0E, 2) == 0,
      "reset clears status, guest features, queue select");
  ok (vd.vq[0].size == 0 && vd.vq[1].size == 0 && vin (0x08, 4) == 0,
      "reset tears down the queues");
  ok (vin (0x00, 4) == 0x80000003 && vin (0x0C, 2) == VQ_MAX_SIZE,
      "offer and queue size survive reset");
  vout (0x10, 2, 1);
  ok (fk.notifies == 2, "no notify after reset");
}

static void
test_virtio_config (void)
{
  ok (vin (0x14, 4) == 0x44332211, "config dword");
  ok (vin (0x16, 1) == 0x33 && vin (0x15, 2) == 0x3322, "config narrow reads");
  ok (vin (0x18, 4) == 0 && vin (0x1F, 1) == 0, "beyond config reads 0");
  ok (vin (0x17, 2) == 0x0044, "read straddling the config end");
  fk.cw_calls = 0;
  vout (0x15, 1, 0x99);
  ok (vconfig[1] == 0x99 && fk.cw_calls == 1 && fk.cw_offset == 1 &&
      fk.cw_size == 1, "config write updates and calls config_write");
  vout (0x18, 4, 0xFFFFFFFF);
  ok (fk.cw_calls == 1, "write beyond config ignored");
  vout (0x16, 4, 0xA0B0C0D0);
  ok (vconfig[2] == 0xD0 && vconfig[3] == 0xC0 && fk.cw_size == 2,
      "write straddling the config end clipped");
}

static void
test_virtio_ro_config (void)
{
  static const struct virtio_ops ro_ops = { .notify = fake_notify };
  struct irq_line line = { irq_rec_set, &irq, 10 };
  uint8_t c[2] = { 1, 2 };
  struct virtio_dev save = vd;

  ok (virtio_pci_init (&vd, "ro", &ro_ops, NULL, &mem, line, VIRTIO_ID_RNG,
                       1, 0, c, 2, 0xC100) == 0, "device with read-only config");
  vout (0x14, 2, 0xFFFF);
  ok (c[0] == 1 && c[1] == 2 && vin (0x14, 2) == 0x0201,
      "config without config_write is read-only");
  vout (0x12, 1, 0);
  ok (vin (0x12, 1) == 0, "reset without a reset hook");
  vd = save;
}

static void
test_queue_done (void)
{
  uint16_t flags;

  vout (0x0E, 2, 1);
  vout (0x08, 4, 2);
  irq.raises = 0;
  virtio_queue_done (&vd, 1);
  ok (irq.raises == 1 && vd.isr == 1 && irq.level == 1,
      "queue_done raises ISR bit 0");
  vin (0x13, 1);
  flags = VRING_AVAIL_F_NO_INTERRUPT;
  memcpy (ram + vd.vq[1].avail_gpa, &flags, 2);
  virtio_queue_done (&vd, 1);
  ok (irq.raises == 1 && vd.isr == 0 && irq.level == 0,
      "queue_done honours VRING_AVAIL_F_NO_INTERRUPT");
  virtio_queue_done (&vd, 0);
  virtio_queue_done (&vd, 7);
  virtio_queue_done (&vd, 1000);
  ok (irq.raises == 1 && vd.isr == 0,
      "no interrupt for queues down or out of range");
}

static void
test_dev_free (void)
{
  struct irq_line line = { irq_rec_set, &irq, 10 };
  struct virtio_dev *p = malloc (sizeof *p);

  fk.teardowns = 0;
  ok (p && virtio_pci_init (p, "heap", &fake_ops, NULL, &mem, line,
                            VIRTIO_ID_RNG, 1, 0, NULL, 0, 0xC200) == 0,
      "heap device");
  virtio_dev_free (p);
  virtio_dev_free (NULL);
  ok (fk.teardowns == 1, "virtio_dev_free calls teardown once");
}

int
main (void)
{
  ok (gio_init () == 0, "conf1 ports registered");
  test_virtio_init ();
  test_virtio_header ();
  test_virtio_features ();
  test_virtio_queues ();
  test_virtio_notify ();
  test_virtio_status_isr ();
  test_virtio_reset ();
  test_virtio_config ();
  test_virtio_ro_config ();
  test_queue_done ();
  test_dev_free ();
  free (ram);
  return tap_done ();
}
