/* guestkit — the VMM's internal interface.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file declares what the parts of F<guestkit-vmm> share: guest
 * memory, the I/O port bus, interrupt lines, the device ops, the PCI
 * bus, the legacy virtio-pci transport, the virtqueue walker, each
 * device's constructor, and the x86 boot code.
 *
 * Layout of the tree (one device per file, named for what it emulates):
 *   library/vmm/main.c, machine.c    the helper program, board assembly
 *   library/vmm/memory.c, ioport.c   guest RAM, port dispatch
 *   library/vmm/pci.c                configuration mechanism #1, BARs
 *   library/vmm/virtio/pci.c         legacy virtio-pci register block
 *   library/vmm/virtio/virtqueue.c   the (hostile) split ring walker
 *   library/vmm/dev/                 ns8250, mc146818, i8042, status port,
 *                                    virtio-blk, virtio-console, virtio-rng
 *   library/vmm/x86/                 KVM vCPU setup, PVH/ELF boot
 *
 * Threads.  One vCPU thread runs KVM_RUN and every port access; one
 * I/O thread moves bytes from the RPC socket into the guest.  Both hold
 * C<vmm_lock> (below) while touching any device state, so device code
 * itself never locks.  Device code never blocks on the network side:
 * only disk I/O (pread/pwrite on image files) happens under the lock.
 *
 * Everything the guest writes (registers, rings, descriptors, request
 * headers) is hostile.  Every guest length is bounded and every
 * guest-physical range goes through guest_ptr(), which checks it with
 * overflow-safe arithmetic.  A malformed request fails that request
 * only; the device keeps serving.
 */

#ifndef GUESTKIT_VMM_H
#define GUESTKIT_VMM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*-- little-endian fields (guest structures, image headers) ----------------*/

/* The N-byte (≤ 8) little-endian value at P. */
static inline uint64_t
le_get (const uint8_t *p, unsigned n)
{
  uint64_t v = 0;

  while (n-- > 0)
    v = (v << 8) | p[n];
  return v;
}

/* Store the low N bytes of V at P, little-endian. */
static inline void
le_put (uint8_t *p, uint64_t v, unsigned n)
{
  unsigned i;

  for (i = 0; i < n; i++, v >>= 8)
    p[i] = v & 0xFF;
}

/*-- memory.c: guest-physical RAM -----------------------------------------*/

#define GUEST_PAGE_SIZE 4096
#define GUEST_HOLE_START UINT64_C(0xC0000000)   /* 32-bit PCI hole */
#define GUEST_HIGH_START UINT64_C(0x100000000)  /* RAM above the hole */

/* RAM is one host mapping.  Its first LOW_SIZE bytes appear at guest
 * physical 0; the rest (if any) at GUEST_HIGH_START. */
struct guest_mem {
  uint8_t *host;
  uint64_t size;                /* total bytes of RAM */
  uint64_t low_size;            /* min (size, GUEST_HOLE_START) */
};

/**
 * Map SIZE bytes of anonymous guest RAM (MAP_NORESERVE).  SIZE must be
 * a multiple of 2 MiB.  Returns 0, or -1 with errno set.
 */
int guest_mem_init (struct guest_mem *m, uint64_t size);
void guest_mem_free (struct guest_mem *m);

/**
 * Wrap an existing host buffer as guest RAM at guest physical 0 (unit
 * tests).  SIZE must be ≤ GUEST_HOLE_START.  The buffer stays the
 * caller's: never call guest_mem_free on a wrapped one.
 */
void guest_mem_wrap (struct guest_mem *m, void *buf, uint64_t size);

/**
 * The host address of guest-physical [GPA, GPA+LEN), or NULL unless the
 * whole range lies inside one RAM region.  Overflow-safe for any GPA
 * and LEN.  LEN 0 is valid if GPA is inside (or at the end of) RAM.
 */
void *guest_ptr (const struct guest_mem *m, uint64_t gpa, uint64_t len);

/*-- ioport.c: the I/O port bus and device ops -----------------------------*/

/**
 * Every emulated device implements these hooks.  IO is called with
 * C<vmm_lock> held, for an access of SIZE (1, 2 or 4) bytes at OFFSET
 * from the start of the device's port range.  For a read it fills
 * DATA[0..SIZE) (little-endian); for a write DATA holds the value.
 * RESET puts the device in its power-on state; TEARDOWN frees what
 * init allocated (it must accept a device whose init failed half way).
 * Any hook may be NULL.
 */
struct device_ops {
  const char *name;
  void (*io) (void *dev, uint16_t offset, bool write, uint8_t *data,
              unsigned size);
  void (*reset) (void *dev);
  void (*teardown) (void *dev);
};

#define IO_BUS_MAX 32

struct io_range {
  uint16_t base;
  uint16_t len;
  const struct device_ops *ops;
  void *dev;
};

struct io_bus {
  struct io_range r[IO_BUS_MAX];
  unsigned n;
};

/**
 * Claim ports [BASE, BASE+LEN) for DEV.  Returns 0, or -1 if the bus is
 * full or the range overlaps one already claimed.
 */
int io_bus_add (struct io_bus *bus, uint16_t base, uint16_t len,
                const struct device_ops *ops, void *dev);

/**
 * Dispatch one access.  Returns true if a device claimed PORT.
 * Unclaimed reads should be answered with all ones by the caller.
 */
bool io_bus_dispatch (struct io_bus *bus, uint16_t port, bool write,
                      uint8_t *data, unsigned size);

/**
 * Take an access of SIZE (1, 2 or 4) bytes at OFFSET as its byte
 * accesses in turn, as the ISA bus does: RD returns the byte at an
 * offset, WR stores one.  For byte-wide devices' io hooks.
 */
void io_bytewise (void *dev, uint16_t offset, bool write, uint8_t *data,
                  unsigned size, uint8_t (*rd) (void *dev, unsigned off),
                  void (*wr) (void *dev, unsigned off, uint8_t v));

/*-- interrupts -------------------------------------------------------------*/

/* A level-triggered interrupt line (a GSI of the in-kernel irqchip).
 * Unit tests plug in a recorder. */
struct irq_line {
  void (*set) (void *opaque, unsigned gsi, int level);
  void *opaque;
  unsigned gsi;
};

static inline void
irq_set (const struct irq_line *l, int level)
{
  if (l->set)
    l->set (l->opaque, l->gsi, level);
}

/*-- pci.c: PCI configuration mechanism #1 ---------------------------------*/

#define PCI_MAX_SLOTS 32
#define PCI_CONF_ADDR 0xCF8     /* ports 0xCF8-0xCFB */
#define PCI_CONF_DATA 0xCFC     /* ports 0xCFC-0xCFF */

/**
 * One function (function 0 of a slot on bus 0).  CFG is its 256-byte
 * configuration space image; pci_dev_init fills the header.  Only I/O
 * BARs exist.  The guest may move a BAR; accesses inside an enabled
 * I/O BAR (command bit 0 set) go to OPS->io with the offset into it.
 */
struct pci_dev {
  uint8_t cfg[256];
  uint32_t bar_size[6];         /* 0 = BAR not implemented; power of 2 */
  const struct device_ops *ops; /* I/O BAR accesses (all BARs) */
  void *dev;
  /* Optional: called after a write to the command register or a BAR
   * (where the device decodes may have changed). */
  void (*cfg_changed) (struct pci_dev *pdev);
};

struct pci_bus {
  uint32_t addr;                /* last value written to 0xCF8 (32-bit) */
  struct pci_dev *slot[PCI_MAX_SLOTS];
};

/**
 * Fill DEV's type 0 header: VENDOR, DEVICE, CLASS (24 bits: base,
 * sub, prog-if), REVISION, SUBSYS_VENDOR, SUBSYS_ID, interrupt pin A
 * routed to IRQ_LINE (0 = no interrupt).  OPS/DEVP receive BAR I/O.
 */
void pci_dev_init (struct pci_dev *dev, uint16_t vendor, uint16_t device,
                   uint32_t class_code, uint8_t revision,
                   uint16_t subsys_vendor, uint16_t subsys_id,
                   uint8_t irq_line, const struct device_ops *ops,
                   void *devp);

/**
 * Give DEV an I/O BAR number BAR of SIZE bytes (power of 2, ≥ 4) at
 * port BASE (as firmware would; BASE aligned to SIZE).
 */
void pci_dev_set_io_bar (struct pci_dev *dev, unsigned bar, uint16_t base,
                         uint32_t size);

/** An i440FX-like host bridge (class 0x0600), for slot 0. */
void pci_host_bridge_init (struct pci_dev *dev);

/** Put DEV in SLOT (0-31).  Returns 0, or -1 if taken or out of range. */
int pci_bus_add (struct pci_bus *bus, unsigned slot, struct pci_dev *dev);

/* Register on the I/O bus at PCI_CONF_ADDR, length 8, dev = the bus.
 * Only 32-bit accesses to 0xCF8 set the address; narrower ones are
 * ignored on write and read back the matching bytes.  Data accesses of
 * 1, 2 or 4 bytes at 0xCFC + (reg & 3); absent slots, functions other
 * than 0, buses other than 0 and disabled addresses read all ones. */
extern const struct device_ops pci_conf_ops;

/**
 * Send PORT to the device whose enabled I/O BAR contains it.  Returns
 * true if one did (reads not claimed are the caller's to fill).
 */
bool pci_bar_dispatch (struct pci_bus *bus, uint16_t port, bool write,
                       uint8_t *data, unsigned size);

/*-- virtio/virtqueue.c: legacy split rings --------------------------------*/

#define VQ_MAX_SIZE 256         /* queue size we offer (power of 2) */
#define VRING_ALIGN 4096        /* legacy used-ring alignment */

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_DESC_F_INDIRECT 4 /* never offered; a chain using it is bad */
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_USED_F_NO_NOTIFY 1

struct vq_buf {
  uint8_t *host;                /* inside guest RAM, checked */
  uint32_t len;
  bool write;                   /* device-writable (an "in" buffer) */
};

/* One popped descriptor chain.  Readable buffers come before writable
 * ones (a chain with a readable after a writable is malformed). */
struct vq_chain {
  uint16_t head;
  unsigned n;                   /* buffers in BUF */
  unsigned n_out;               /* the first N_OUT are device-readable */
  uint64_t out_len, in_len;     /* byte totals of each kind */
  struct vq_buf buf[VQ_MAX_SIZE];
};

struct virtqueue {
  uint16_t size;                /* entries; 0 = not set up */
  uint64_t desc_gpa, avail_gpa, used_gpa;
  uint16_t last_avail;          /* next avail ring index to consume */
  uint16_t used_idx;            /* next used ring index to fill */
  bool broken;                  /* ring unusable: ignore until reset */
};

/**
 * Set Q up for a legacy ring of SIZE entries at page frame PFN (ring
 * at PFN * 4096: descriptors, avail ring, used ring at the next
 * 4096 boundary).  PFN 0 tears the queue down.  Returns 0, or -1 (queue
 * left torn down) if the ring does not lie entirely inside RAM.
 */
int vq_setup (struct virtqueue *q, const struct guest_mem *m, uint16_t size,
              uint32_t pfn);
void vq_reset (struct virtqueue *q);

/**
 * Pop the next available chain into *C.  Returns 1 with *C filled; 0
 * if none is pending (or the queue is down or broken); -1 if the
 * chain is malformed: C->head is then valid and the caller must
 * complete it with vq_push (q, m, c->head, 0) and go on to the next.
 * Checks: avail index ahead by at most SIZE (else the queue is marked
 * broken and 0 returned), head and every next < SIZE, at most SIZE
 * descriptors per chain (loops), no INDIRECT, each buffer inside RAM,
 * no readable buffer after a writable one, totals ≤ UINT32_MAX.
 * Zero-length descriptors count towards the checks but are not put in
 * C->buf.
 */
int vq_pop (struct virtqueue *q, const struct guest_mem *m,
            struct vq_chain *c);

/** Put HEAD on the used ring with WRITTEN bytes. */
void vq_push (struct virtqueue *q, const struct guest_mem *m, uint16_t head,
              uint32_t written);

/**
 * Ask the driver not to kick (ON: VRING_USED_F_NO_NOTIFY, while the
 * device is serving the queue anyway) or to kick again; turning it off
 * is ordered before any later read of the avail index, so the caller
 * must check vq_has_avail after it.
 */
void vq_suppress_kicks (struct virtqueue *q, const struct guest_mem *m,
                        bool on);

/** True if the driver has chains we have not popped. */
bool vq_has_avail (const struct virtqueue *q, const struct guest_mem *m);

/** False if the driver asked for no interrupt (VRING_AVAIL_F_NO_INTERRUPT). */
bool vq_want_interrupt (const struct virtqueue *q, const struct guest_mem *m);

/**
 * Copy LEN bytes from the chain's readable buffers, starting OFFSET
 * bytes in, to DST.  Returns bytes copied (less if the chain is
 * shorter).
 */
size_t vq_chain_read (const struct vq_chain *c, uint64_t offset, void *dst,
                      size_t len);
/** Likewise into the chain's writable buffers, OFFSET into them. */
size_t vq_chain_write (const struct vq_chain *c, uint64_t offset,
                       const void *src, size_t len);

/*-- virtio/pci.c: legacy virtio-pci transport -----------------------------*/

#define VIRTIO_PCI_VENDOR 0x1AF4
#define VIRTIO_MAX_QUEUES 8
#define VIRTIO_LEGACY_CONFIG 0x14  /* device config offset (no MSI-X) */

/* Device status bits. */
#define VIRTIO_STATUS_ACK 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED 128

/* Virtio device types: the PCI subsystem id (the legacy PCI device ids
 * are 0x1001 block, 0x1003 console, 0x1005 rng). */
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4

struct virtio_dev;

/* What a device type supplies to the transport. */
struct virtio_ops {
  /* The driver wrote QUEUE's notify register (queue < nr_queues). */
  void (*notify) (struct virtio_dev *vd, unsigned queue);
  /* Device config write (CONFIG[OFFSET..+SIZE) already updated), or NULL
   * for a read-only config. */
  void (*config_write) (struct virtio_dev *vd, uint32_t offset, unsigned size);
  /* Status written (after the transport's own handling), or NULL. */
  void (*status) (struct virtio_dev *vd, uint8_t status);
  /* The driver reset the device: drop in-flight state, or NULL. */
  void (*reset) (struct virtio_dev *vd);
  /* Free the device's private state, or NULL. */
  void (*teardown) (struct virtio_dev *vd);
};

struct virtio_dev {
  const char *name;
  const struct virtio_ops *ops;
  void *priv;                   /* the device type's state */
  struct guest_mem *mem;
  struct irq_line irq;
  struct pci_dev pci;

  uint32_t host_features;       /* offered (bits 0-31; legacy has no more) */
  uint32_t guest_features;      /* acked, always a subset of the offer */
  uint8_t status;
  uint8_t isr;                  /* bit 0 queue, bit 1 config change */
  uint16_t queue_sel;
  unsigned nr_queues;
  struct virtqueue vq[VIRTIO_MAX_QUEUES];

  uint8_t *config;              /* device-specific config, owned by priv */
  uint32_t config_len;

  /* Optional (the VMM's ioeventfds): called with vmm_lock held after
   * the status, a queue, the BAR or I/O decoding changed, or a reset,
   * so kicks can be routed around the vCPU exit path. */
  void (*kick_sync) (void *opaque, struct virtio_dev *vd);
  void *kick_opaque;
};

/**
 * Initialise VD as a legacy virtio-pci device of virtio TYPE with
 * NR_QUEUES queues (each VQ_MAX_SIZE entries), offering FEATURES, its
 * I/O BAR 0 at port IOBASE (size: the next power of 2 ≥ 0x14 +
 * CONFIG_LEN), interrupt IRQ (its gsi is also the PCI interrupt line).
 * CONFIG/CONFIG_LEN: the device config block (stays owned by the caller).
 * Returns 0, or -1 if an argument is out of range.
 */
int virtio_pci_init (struct virtio_dev *vd, const char *name,
                     const struct virtio_ops *ops, void *priv,
                     struct guest_mem *mem, struct irq_line irq,
                     unsigned type, unsigned nr_queues, uint32_t features,
                     uint8_t *config, uint32_t config_len, uint16_t iobase);

/* The BAR 0 register block; pass VD as the dev (pci_dev_init does). */
extern const struct device_ops virtio_pci_ops;

/**
 * Raise the interrupt with ISR bit(s) BITS (1 = used buffers, 2 =
 * config change).  Reading ISR returns and clears it and lowers the
 * line.
 */
void virtio_raise (struct virtio_dev *vd, uint8_t bits);

/**
 * Free a device made by one of the *_new constructors below: calls
 * OPS->teardown (which frees PRIV and closes the device's fds), then
 * frees VD.  NULL is a no-op.
 */
void virtio_dev_free (struct virtio_dev *vd);

/**
 * Serve every chain the driver has made available on QUEUE: HANDLE
 * gets each well-formed chain (popped into C, caller-owned scratch) and
 * returns the bytes it wrote into it; malformed chains are completed
 * with 0.  One interrupt at the end if anything was completed.
 */
void virtio_serve_queue (struct virtio_dev *vd, unsigned queue,
                         struct vq_chain *c,
                         uint32_t (*handle) (void *priv,
                                             const struct vq_chain *c));

/**
 * The driver kicked QUEUE (a notify register write that reached us
 * another way than the BAR, e.g. an ioeventfd); ignored unless the
 * queue is set up.  Caller holds vmm_lock.
 */
void virtio_kick (struct virtio_dev *vd, unsigned queue);

/** The port of VD's notify register, or -1 while I/O decoding is off. */
int virtio_notify_port (const struct virtio_dev *vd);

/** After pushing on queue Q: raise bit 1 unless the driver suppressed it. */
void virtio_queue_done (struct virtio_dev *vd, unsigned queue);

/** Whether the driver acked feature BIT. */
static inline bool
virtio_has_feature (const struct virtio_dev *vd, unsigned bit)
{
  return bit < 32 && (vd->guest_features >> bit) & 1;
}

/*-- dev/: devices ----------------------------------------------------------*/

/* Where a device sends bytes for the host: UART output, for example.
 * Called with vmm_lock held; must not block for long. */
struct byte_sink {
  void (*write) (void *opaque, const uint8_t *buf, size_t len);
  void *opaque;
};

/* ns8250.c: a 16550A UART (no input from the host yet), 8 ports. */
#define NS8250_COM1 0x3F8
#define NS8250_IRQ 4
struct ns8250;
struct ns8250 *ns8250_new (struct irq_line irq, struct byte_sink out);
extern const struct device_ops ns8250_ops;

/* mc146818.c: CMOS RTC at 0x70/0x71 giving the host's UTC time. */
#define MC146818_PORT 0x70
struct mc146818;
struct mc146818 *mc146818_new (void);
extern const struct device_ops mc146818_ops;

/* Why the machine stopped (i8042 reset, status port, triple fault). */
enum vmm_exit_reason { VMM_RUNNING = 0, VMM_EXIT_RESET, VMM_EXIT_STATUS,
                       VMM_EXIT_SHUTDOWN, VMM_EXIT_ERROR };
struct exit_notifier {
  /* STATUS is the guest's exit status for VMM_EXIT_STATUS, else 0. */
  void (*exit) (void *opaque, enum vmm_exit_reason why, int status);
  /* The guest reported "ready" on the status port. */
  void (*ready) (void *opaque);
  void *opaque;
};

/* i8042.c: only the reset line (write 0xFE to port 0x64); reads of
 * 0x60-0x64 return 0xFF so Linux finds no controller. */
#define I8042_PORT 0x60         /* ports 0x60-0x64 */
struct i8042;
struct i8042 *i8042_new (struct exit_notifier n);
extern const struct device_ops i8042_ops;

/* status-port.c: guestkit's private port.  A 32-bit write of
 * STATUS_READY means the guest is up; STATUS_EXIT | (code & 0xFF) that
 * it is exiting with CODE.  Other writes are ignored; reads return
 * STATUS_MAGIC so a guest can tell it runs under guestkit-vmm. */
#define STATUS_PORT 0x0510      /* 4 ports */
#define STATUS_READY 0x52440000u
#define STATUS_EXIT 0x45580000u
#define STATUS_MAGIC 0x474b564du  /* "GKVM" */
struct status_port;
struct status_port *status_port_new (struct exit_notifier n);
extern const struct device_ops status_port_ops;

/* virtio-rng.c: one queue filled from getrandom(2). */
struct virtio_dev *virtio_rng_new (struct guest_mem *mem, struct irq_line irq,
                                   uint16_t iobase);

/* virtio-blk.c.  A drive is a block-layer device (block/block.h),
 * opened by the caller with bdev_open: raw, qcow2, or an overlay in
 * snapshot mode. */
struct bdev;
struct blk_opts {
  struct bdev *bdev;            /* the disk; the device takes it over */
  bool readonly;                /* device is read-only (VIRTIO_BLK_F_RO);
                                   also implied by a read-only bdev */
  const char *serial;           /* ≤ 20 bytes, or NULL (GET_ID) */
};
/**
 * A virtio-blk device over OPTS->bdev, whose capacity is the bdev's
 * size in whole 512-byte sectors.  On success the device owns the bdev
 * and closes it at teardown (virtio_dev_free); on failure the caller
 * still owns it.  Returns NULL with errno set (ENOMEM, or EINVAL for no
 * bdev, a serial over 20 bytes or a bad I/O base).
 */
struct virtio_dev *virtio_blk_new (struct guest_mem *mem, struct irq_line irq,
                                   uint16_t iobase, const struct blk_opts *opts);

/* virtio-console.c: a multiport virtio-console with one port named
 * PORT_NAME whose bytes go to and from FD (a stream socket, which the
 * device makes non-blocking).  Without VIRTIO_CONSOLE_F_MULTIPORT the
 * same bytes use queues 0/1 (port 0).  When the guest posts receive
 * buffers, or transmit data could not all be written, the device
 * writes 1 (8 bytes) to the eventfd WAKE_FD so the I/O thread calls
 * virtio_console_pump.  When FD reaches EOF the guest is told the host
 * closed the port (VIRTIO_CONSOLE_PORT_OPEN 0). */
struct virtio_dev *virtio_console_new (struct guest_mem *mem,
                                       struct irq_line irq, uint16_t iobase,
                                       int fd, const char *port_name,
                                       int wake_fd);
/**
 * I/O thread side, with vmm_lock held: move what FD has into the
 * guest's receive buffers and flush pending transmit data.  Returns
 * the poll(2) events to wait for on FD next (POLLIN if the guest has
 * receive room, POLLOUT if transmit data is waiting, possibly 0), or
 * -1 once FD has reached EOF or failed.
 */
int virtio_console_pump (struct virtio_dev *vd);

/*-- x86/: boot and vCPU ---------------------------------------------------*/

/* PVH (xen/include/public/arch-x86/hvm/start_info.h). */
#define PVH_START_MAGIC 0x336ec578u
#define XEN_ELFNOTE_PHYS32_ENTRY 18

struct hvm_start_info {
  uint32_t magic;
  uint32_t version;             /* 1: memmap fields valid */
  uint32_t flags;
  uint32_t nr_modules;
  uint64_t modlist_paddr;
  uint64_t cmdline_paddr;
  uint64_t rsdp_paddr;
  uint64_t memmap_paddr;
  uint32_t memmap_entries;
  uint32_t reserved;
};

struct hvm_modlist_entry {
  uint64_t paddr;
  uint64_t size;
  uint64_t cmdline_paddr;
  uint64_t reserved;
};

#define E820_RAM 1
#define E820_RESERVED 2
struct hvm_memmap_table_entry {
  uint64_t addr;
  uint64_t size;
  uint32_t type;
  uint32_t reserved;
};

/* Fixed guest-physical layout of the boot data (all below 1 MiB). */
#define BOOT_GDT_ADDR 0x1000
#define BOOT_START_INFO_ADDR 0x6000
#define BOOT_MODLIST_ADDR 0x6100
#define BOOT_MEMMAP_ADDR 0x7000   /* up to 128 entries */
#define BOOT_CMDLINE_ADDR 0x20000
#define BOOT_CMDLINE_MAX 4096
#define BIOS_AREA_START 0x9FC00   /* reserved up to 1 MiB */

/* x86/elf.c */
/**
 * Load the ELF64 executable IMAGE[0..LEN) into M: every PT_LOAD at its
 * physical address (p_paddr), zero-filling p_memsz beyond p_filesz.
 * Stores the PVH entry point (from the XEN_ELFNOTE_PHYS32_ENTRY note)
 * in *ENTRY and the highest loaded address in *END.  Returns 0, or -1
 * with *ERR pointing to a static message (not ELF64 x86-64, no PVH
 * note, a segment outside RAM or overlapping boot data below 1 MiB,
 * truncated file...).
 */
int elf_load_pvh (const struct guest_mem *m, const uint8_t *image, size_t len,
                  uint64_t *entry, uint64_t *end, const char **err);

/* x86/pvh.c */
/**
 * Write the PVH boot data into M: the E820 map (RAM from 0 to
 * BIOS_AREA_START, reserved to 1 MiB, RAM to low_size, RAM above 4 GiB
 * if any), CMDLINE (≤ BOOT_CMDLINE_MAX - 1 bytes, else -1), and module
 * 0 = the initrd at INITRD_GPA, INITRD_SIZE bytes (size 0: no module).
 * Returns 0 or -1 with *ERR set.
 */
int pvh_write_start_info (const struct guest_mem *m, const char *cmdline,
                          uint64_t initrd_gpa, uint64_t initrd_size,
                          const char **err);
/** Fill TABLE (room for MAX) with the E820 map of M; returns entries. */
unsigned pvh_memmap (const struct guest_mem *m,
                     struct hvm_memmap_table_entry *table, unsigned max);

/* x86/bzimage.c: the fallback, for kernels without a PVH note. */
#define BOOT_ZERO_PAGE_ADDR 0x10000
#define BOOT_PAGE_TABLES_ADDR 0x11000   /* PML4, PDPT, 4 PDs: 4 GiB */

struct bzimage {
  uint8_t hdr[0x80];            /* the setup header, from 0x1f1 */
  size_t hdr_len;
  uint64_t pm_offset;           /* protected-mode kernel in the file */
  uint64_t load_addr, entry, end;
  uint64_t initrd_max;          /* last byte the initrd may use */
  uint32_t cmdline_size;
};

/** Whether IMAGE[0..LEN) looks like a bzImage ("HdrS", 0xAA55). */
bool bzimage_detect (const uint8_t *image, size_t len);

/**
 * Check the bzImage IMAGE[0..LEN) (boot protocol ≥ 2.12 with a 64-bit
 * entry) and copy its protected-mode kernel to its load address in M
 * (pref_address, at least 16 MiB and aligned if relocatable), keeping
 * in *BZ what the zero page needs; BZ->entry is the 64-bit entry and
 * BZ->end the end of the kernel's init_size.  Returns 0, or -1 with
 * *ERR set.
 */
int bzimage_load (const struct guest_mem *m, const uint8_t *image, size_t len,
                  struct bzimage *bz, const char **err);

/**
 * Write the zero page at BOOT_ZERO_PAGE_ADDR and the command line at
 * BOOT_CMDLINE_ADDR: the setup header, loader type, heap, command line
 * pointer, initrd (INITRD_SIZE 0: none; it must lie below the kernel's
 * initrd_addr_max) and the E820 map of pvh_memmap().  Returns 0 or -1
 * with *ERR set.
 */
int bzimage_write_zero_page (const struct guest_mem *m,
                             const struct bzimage *bz, const char *cmdline,
                             uint64_t initrd_gpa, uint64_t initrd_size,
                             const char **err);

/*-- the lock ---------------------------------------------------------------*/

extern pthread_mutex_t vmm_lock;

#endif /* GUESTKIT_VMM_H */
