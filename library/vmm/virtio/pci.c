/* guestkit — the legacy virtio-pci transport.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the legacy virtio-pci interface (virtio 0.9.5,
 * the "legacy interface" sections of virtio 1.x) in I/O BAR 0:
 * host and guest feature words, queue select/size/PFN, queue notify,
 * device status with reset, the read-to-clear ISR driving a
 * level-triggered INTx line, and the device-specific config from
 * offset 0x14 (no MSI-X, so no vector registers).
 *
 * Registers are defined by their natural width.  An access of another
 * width touches the bytes it covers: a narrower read returns those
 * bytes of the register's value, a narrower write merges into the
 * current value and then acts as a full write of the result, and an
 * access spanning two registers is split between them.  Read-only
 * registers ignore writes; the notify register reads 0.  Queue sizes
 * are fixed at VQ_MAX_SIZE.  Nothing the driver writes is trusted:
 * queue numbers are bounded by nr_queues, rings go through vq_setup
 * (which checks them against guest RAM), config accesses are clipped
 * to the config block.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "vmm.h"

/* Legacy register offsets. */
#define REG_HOST_FEATURES 0x00
#define REG_GUEST_FEATURES 0x04
#define REG_QUEUE_PFN 0x08
#define REG_QUEUE_NUM 0x0C
#define REG_QUEUE_SEL 0x0E
#define REG_QUEUE_NOTIFY 0x10
#define REG_STATUS 0x12
#define REG_ISR 0x13

#define ISR_QUEUE 1

/* The largest I/O BAR PCI allows. */
#define MAX_BAR_SIZE 256

struct reg {
  uint8_t off, width;
};

static const struct reg regs[] = {
  { REG_HOST_FEATURES, 4 }, { REG_GUEST_FEATURES, 4 },
  { REG_QUEUE_PFN, 4 }, { REG_QUEUE_NUM, 2 }, { REG_QUEUE_SEL, 2 },
  { REG_QUEUE_NOTIFY, 2 }, { REG_STATUS, 1 }, { REG_ISR, 1 },
};

/* What each device type we emulate looks like on PCI: the transitional
 * device id (from the table in virtio 1.x "PCI Device Discovery": not
 * 0x0FFF + type, which only holds for net and block; Linux binds on
 * the subsystem id either way) and the class code. */
struct pci_ident {
  unsigned type;
  uint16_t device;
  uint32_t class_code;
};

static const struct pci_ident idents[] = {
  { VIRTIO_ID_BLOCK, 0x1001, 0x010000 },    /* SCSI storage controller */
  { VIRTIO_ID_CONSOLE, 0x1003, 0x078000 },  /* other communication */
  { VIRTIO_ID_RNG, 0x1005, 0x00FF00 },      /* unclassified */
};

static const struct pci_ident *
ident_of (unsigned type)
{
  size_t i;

  for (i = 0; i < sizeof idents / sizeof idents[0]; i++)
    if (idents[i].type == type)
      return &idents[i];
  return NULL;
}

/* The BAR size for CONFIG_LEN bytes of config, or 0 if too big. */
static uint32_t
bar_size_for (uint32_t config_len)
{
  uint32_t need, size = 4;

  if (config_len > MAX_BAR_SIZE - VIRTIO_LEGACY_CONFIG)
    return 0;
  need = VIRTIO_LEGACY_CONFIG + config_len;
  while (size < need)
    size *= 2;
  return size;
}

static void
kick_sync (struct virtio_dev *vd)
{
  if (vd->kick_sync)
    vd->kick_sync (vd->kick_opaque, vd);
}

/* The BAR moved or I/O decoding changed: kicks may arrive elsewhere. */
static void
cfg_changed (struct pci_dev *pdev)
{
  kick_sync (pdev->dev);
}

int
virtio_pci_init (struct virtio_dev *vd, const char *name,
                 const struct virtio_ops *ops, void *priv,
                 struct guest_mem *mem, struct irq_line irq,
                 unsigned type, unsigned nr_queues, uint32_t features,
                 uint8_t *config, uint32_t config_len, uint16_t iobase)
{
  const struct pci_ident *id = ident_of (type);
  uint32_t size = bar_size_for (config_len);

  if (ops == NULL || mem == NULL || id == NULL || size == 0 ||
      nr_queues < 1 || nr_queues > VIRTIO_MAX_QUEUES ||
      (config == NULL && config_len > 0) || irq.gsi > 0xFF ||
      (iobase & (size - 1)) != 0 || iobase > 0x10000 - size)
    return -1;

  memset (vd, 0, sizeof *vd);
  vd->name = name;
  vd->ops = ops;
  vd->priv = priv;
  vd->mem = mem;
  vd->irq = irq;
  vd->host_features = features;
  vd->nr_queues = nr_queues;
  vd->config = config;
  vd->config_len = config_len;
  pci_dev_init (&vd->pci, VIRTIO_PCI_VENDOR, id->device, id->class_code, 0,
                VIRTIO_PCI_VENDOR, type, irq.gsi, &virtio_pci_ops, vd);
  pci_dev_set_io_bar (&vd->pci, 0, iobase, size);
  vd->pci.cfg_changed = cfg_changed;
  return 0;
}

/* The driver wrote 0 to status: back to the state after init. */
static void
virtio_reset (struct virtio_dev *vd)
{
  unsigned i;

  vd->guest_features = 0;
  vd->status = 0;
  vd->isr = 0;
  vd->queue_sel = 0;
  for (i = 0; i < VIRTIO_MAX_QUEUES; i++)
    vq_reset (&vd->vq[i]);
  irq_set (&vd->irq, 0);
  if (vd->ops->reset)
    vd->ops->reset (vd);
  kick_sync (vd);
}

/* The selected queue, or NULL if queue_sel is out of range. */
static struct virtqueue *
selected_vq (struct virtio_dev *vd)
{
  return vd->queue_sel < vd->nr_queues ? &vd->vq[vd->queue_sel] : NULL;
}

/* A register's value, without side effects. */
static uint32_t
reg_peek (struct virtio_dev *vd, unsigned off)
{
  struct virtqueue *q = selected_vq (vd);

  switch (off) {
  case REG_HOST_FEATURES: return vd->host_features;
  case REG_GUEST_FEATURES: return vd->guest_features;
  case REG_QUEUE_PFN:
    return q && q->size ? q->desc_gpa / GUEST_PAGE_SIZE : 0;
  case REG_QUEUE_NUM: return q ? VQ_MAX_SIZE : 0;
  case REG_QUEUE_SEL: return vd->queue_sel;
  case REG_STATUS: return vd->status;
  case REG_ISR: return vd->isr;
  default: return 0;            /* notify */
  }
}

/* A register read: reading ISR clears it and lowers the line. */
static uint32_t
reg_read (struct virtio_dev *vd, unsigned off)
{
  uint32_t v = reg_peek (vd, off);

  if (off == REG_ISR) {
    vd->isr = 0;
    irq_set (&vd->irq, 0);
  }
  return v;
}

static void
notify (struct virtio_dev *vd, uint32_t queue)
{
  /* Kicks may come before DRIVER_OK (console control queue): a queue
   * that is set up is enough. */
  if (queue < vd->nr_queues && vd->vq[queue].size != 0 && vd->ops->notify)
    vd->ops->notify (vd, queue);
}

static void
status_write (struct virtio_dev *vd, uint8_t v)
{
  if (v == 0) {
    virtio_reset (vd);
    return;
  }
  vd->status = v;
  if (vd->ops->status)
    vd->ops->status (vd, v);
  kick_sync (vd);
}

/* A full-width write of V to the register at OFF. */
static void
reg_write (struct virtio_dev *vd, unsigned off, uint32_t v)
{
  struct virtqueue *q = selected_vq (vd);

  switch (off) {
  case REG_GUEST_FEATURES:
    vd->guest_features = v & vd->host_features;
    break;
  case REG_QUEUE_PFN:
    /* A ring outside RAM leaves the queue down (legacy has no way to
     * report it; the driver sees PFN 0 and the device never serves it). */
    if (q) {
      vq_setup (q, vd->mem, VQ_MAX_SIZE, v);
      kick_sync (vd);
    }
    break;
  case REG_QUEUE_SEL: vd->queue_sel = v & 0xFFFF; break;
  case REG_QUEUE_NOTIFY: notify (vd, v & 0xFFFF); break;
  case REG_STATUS: status_write (vd, v & 0xFF); break;
  default: break;               /* read-only */
  }
}

/* Access the bytes [AT, AT+N) of register R, AT relative to R's start. */
static void
reg_access (struct virtio_dev *vd, const struct reg *r, unsigned at,
            bool write, uint8_t *data, unsigned n)
{
  uint32_t v = write ? reg_peek (vd, r->off) : reg_read (vd, r->off);
  unsigned i;

  for (i = 0; i < n; i++) {
    unsigned shift = 8 * (at + i);

    if (write)
      v = (v & ~(UINT32_C(0xFF) << shift)) | (uint32_t) data[i] << shift;
    else
      data[i] = (v >> shift) & 0xFF;
  }
  if (write)
    reg_write (vd, r->off, v);
}

/* Device config: OFF bytes into it.  Bytes past the block read 0 and
 * are not written; a read-only block (no config_write) ignores writes. */
static void
config_access (struct virtio_dev *vd, uint32_t off, bool write,
               uint8_t *data, unsigned size)
{
  unsigned i, n = 0;

  if (off < vd->config_len)
    n = vd->config_len - off < size ? vd->config_len - off : size;
  if (!write) {
    for (i = 0; i < size; i++)
      data[i] = i < n ? vd->config[off + i] : 0;
    return;
  }
  if (n == 0 || vd->ops->config_write == NULL)
    return;
  memcpy (&vd->config[off], data, n);
  vd->ops->config_write (vd, off, n);
}

static void
virtio_pci_io (void *opaque, uint16_t offset, bool write, uint8_t *data,
               unsigned size)
{
  struct virtio_dev *vd = opaque;
  unsigned i = 0, j, at, n;

  while (i < size) {
    unsigned off = offset + i;

    if (off >= VIRTIO_LEGACY_CONFIG) {
      config_access (vd, off - VIRTIO_LEGACY_CONFIG, write, data + i,
                     size - i);
      return;
    }
    for (j = 0; regs[j].off + regs[j].width <= off; j++)
      ;
    at = off - regs[j].off;
    n = regs[j].width - at < size - i ? regs[j].width - at : size - i;
    reg_access (vd, &regs[j], at, write, data + i, n);
    i += n;
  }
}

/* device_ops reset (machine reset): the same as a driver reset. */
static void
virtio_pci_reset (void *opaque)
{
  virtio_reset (opaque);
}

const struct device_ops virtio_pci_ops = {
  .name = "virtio-pci",
  .io = virtio_pci_io,
  .reset = virtio_pci_reset,
  /* No teardown: virtio devices are freed with virtio_dev_free. */
};

void
virtio_kick (struct virtio_dev *vd, unsigned queue)
{
  notify (vd, queue);
}

int
virtio_notify_port (const struct virtio_dev *vd)
{
  const uint8_t *c = vd->pci.cfg;
  uint32_t bar = c[0x10] | c[0x11] << 8 | (uint32_t) c[0x12] << 16 |
    (uint32_t) c[0x13] << 24;

  if (!(c[0x04] & 1))           /* command: I/O space enable */
    return -1;
  return (int) ((bar & 0xFFFC) + REG_QUEUE_NOTIFY);
}

void
virtio_raise (struct virtio_dev *vd, uint8_t bits)
{
  if (bits == 0)
    return;
  vd->isr |= bits;
  irq_set (&vd->irq, 1);
}

void
virtio_queue_done (struct virtio_dev *vd, unsigned queue)
{
  if (queue < vd->nr_queues && vq_want_interrupt (&vd->vq[queue], vd->mem))
    virtio_raise (vd, ISR_QUEUE);
}

void
virtio_dev_free (struct virtio_dev *vd)
{
  if (vd == NULL)
    return;
  if (vd->ops && vd->ops->teardown)
    vd->ops->teardown (vd);
  free (vd);
}

void
virtio_serve_queue (struct virtio_dev *vd, unsigned queue,
                    struct vq_chain *c,
                    uint32_t (*handle) (void *priv, const struct vq_chain *c))
{
  struct virtqueue *q = &vd->vq[queue];
  bool pushed = false;
  int r;

  /* Kicks are pointless while we serve: the driver skips them until we
   * are done, then we look once more for what it added meanwhile. */
  do {
    vq_suppress_kicks (q, vd->mem, true);
    while ((r = vq_pop (q, vd->mem, c)) != 0) {
      vq_push (q, vd->mem, c->head, r == 1 ? handle (vd->priv, c) : 0);
      pushed = true;
    }
    vq_suppress_kicks (q, vd->mem, false);
  } while (vq_has_avail (q, vd->mem));
  if (pushed)
    virtio_queue_done (vd, queue);
}
