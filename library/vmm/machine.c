/* guestkit — the board: which devices sit where.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the machine's board and boot loading.
 *
 * Ports: the 8250 UART at 0x3F8 (IRQ 4), the CMOS RTC at 0x70, the
 * i8042 reset line at 0x64, guestkit's status port at 0x510 and PCI
 * configuration mechanism #1 at 0xCF8.  PCI bus 0: a host bridge in
 * slot 0 (Linux's conf1 sanity check wants one), then one virtio-blk
 * per disk in the order given (the appliance's root disk is the
 * library's last), the virtio-console carrying the RPC channel, and
 * virtio-rng.  Each virtio device gets an I/O BAR and its own PIC
 * input where possible; the inputs are level-triggered (ELCR), so a
 * shared line is the OR of its sources.
 *
 * Disks: each image is opened with the block layer (block/block.h:
 * format given or probed, backing chain, snapshot overlay) before KVM
 * is touched, and its bdev then handed to its virtio-blk device.
 *
 * Boot: the kernel's ELF segments go to their physical addresses (or a
 * bzImage's protected-mode part to its load address), the initrd to the
 * top of low RAM, and the PVH start info (or zero page) below 1 MiB.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machine.h"
#include "block/block.h"

#define VIRTIO_IOBASE 0xC000
#define VIRTIO_IOSTRIDE 0x100
#define MAX_VIRTIO (PCI_MAX_SLOTS - 1)

/* PIC inputs free on our board, in the order they are handed out. */
static const uint8_t pci_irqs[] = { 5, 9, 10, 11, 3, 6, 12, 14 };

/* The irq_line hook: OR this source into its GSI's level. */
static void
irq_source_set (void *opaque, unsigned gsi, int level)
{
  struct irq_source *s = opaque;
  struct vmm *vm = s->vm;
  uint64_t before = vm->irq_asserted[gsi];

  if (level)
    vm->irq_asserted[gsi] |= UINT64_C(1) << s->bit;
  else
    vm->irq_asserted[gsi] &= ~(UINT64_C(1) << s->bit);
  if ((before != 0) != (vm->irq_asserted[gsi] != 0))
    kvm_irq_line (vm, gsi, vm->irq_asserted[gsi] != 0);
}

static struct irq_line
new_irq (struct vmm *vm, unsigned gsi)
{
  struct irq_source *s = &vm->irq_src[vm->nr_irq_src];

  s->vm = vm;
  s->gsi = gsi;
  s->bit = vm->nr_irq_src++;
  return (struct irq_line) { .set = irq_source_set, .opaque = s, .gsi = gsi };
}

static void
ns8250_sink (void *opaque, const uint8_t *buf, size_t len)
{
  struct vmm *vm = opaque;
  ssize_t r;

  /* The console is a log: if the reader is gone, drop it. */
  while (len > 0 && (r = write (vm->cfg->console_fd, buf, len)) > 0) {
    buf += r;
    len -= r;
  }
}

static void
on_exit_event (void *opaque, enum vmm_exit_reason why, int status)
{
  vmm_stop_locked (opaque, why, status);
}

static void
on_ready (void *opaque)
{
  struct vmm *vm = opaque;
  static const char msg[] = "ready\n";

  if (vm->cfg->control_fd >= 0 &&
      write (vm->cfg->control_fd, msg, sizeof msg - 1) == -1)
    return;     /* the library will notice the daemon instead */
}

static int
add_platform (struct vmm *vm, uint16_t base, uint16_t len,
              const struct device_ops *ops, void *dev)
{
  if (!dev) {
    vmm_set_error (vm, "cannot create the %s device", ops->name);
    return -1;
  }
  vm->platform[vm->nr_platform].ops = ops;
  vm->platform[vm->nr_platform++].dev = dev;
  if (io_bus_add (&vm->io, base, len, ops, dev) == -1) {
    vmm_set_error (vm, "port range of %s is taken", ops->name);
    return -1;
  }
  return 0;
}

static int
build_platform (struct vmm *vm)
{
  struct exit_notifier n = { on_exit_event, on_ready, vm };
  struct byte_sink sink = { ns8250_sink, vm };

  if (add_platform (vm, NS8250_COM1, 8, &ns8250_ops,
                    ns8250_new (new_irq (vm, NS8250_IRQ), sink)) == -1 ||
      add_platform (vm, MC146818_PORT, 2, &mc146818_ops,
                    mc146818_new ()) == -1 ||
      add_platform (vm, I8042_PORT, 5, &i8042_ops, i8042_new (n)) == -1 ||
      add_platform (vm, STATUS_PORT, 4, &status_port_ops,
                    status_port_new (n)) == -1)
    return -1;
  if (io_bus_add (&vm->io, PCI_CONF_ADDR, 8, &pci_conf_ops, &vm->pci) == -1)
    return -1;
  pci_host_bridge_init (&vm->host_bridge);
  return pci_bus_add (&vm->pci, 0, &vm->host_bridge);
}

static int
add_virtio (struct vmm *vm, struct virtio_dev *vd, const char *what)
{
  if (!vd) {
    vmm_set_error (vm, "cannot create %s: %s", what, strerror (errno));
    return -1;
  }
  vm->virtio[vm->nr_virtio++] = vd;
  if (pci_bus_add (&vm->pci, vm->nr_virtio, &vd->pci) == -1) {
    vmm_set_error (vm, "no free PCI slot for %s", what);
    return -1;
  }
  return 0;
}

/* The next device's BAR base and interrupt line. */
static uint16_t
next_iobase (struct vmm *vm)
{
  return VIRTIO_IOBASE + vm->nr_virtio * VIRTIO_IOSTRIDE;
}

static struct irq_line
next_irq (struct vmm *vm)
{
  return new_irq (vm, pci_irqs[vm->nr_virtio % sizeof pci_irqs]);
}

/* Open disk D with the block layer into *BS.  A C<fd:N> image has no
 * directory: the backing names it holds (if allowed) resolve against
 * the current directory. */
static int
open_disk (struct vmm *vm, const struct vmm_disk *d, struct bdev **bs)
{
  struct bdev_open_opts o = {
    .format = d->format, .readonly = d->readonly, .snapshot = d->snapshot,
    .allow_backing = d->allow_backing, .fd = -1, .tmpdir = vm->cfg->tmpdir,
  };
  char err[BDEV_ERRLEN];

  if (strncmp (d->file, "fd:", 3) == 0 &&
      (o.fd = vmm_open_file (vm, d->file, false)) == -1)
    return -1;
  *bs = bdev_open (d->file, &o, err, sizeof err);    /* owns o.fd now */
  if (*bs == NULL) {
    vmm_set_error (vm, "%s", err);
    return -1;
  }
  return 0;
}

/**
 * Open every disk image (format, backing chain, snapshot overlay).
 * This needs no KVM, so main.c calls it first: a bad image is reported
 * as such even where KVM is unusable.  Returns 0, or -1 with the error
 * set (machine_teardown closes what was opened).
 */
int
machine_open_disks (struct vmm *vm)
{
  const struct vmm_config *c = vm->cfg;
  unsigned i;

  if (c->nr_disks + 2 > MAX_VIRTIO) {
    vmm_set_error (vm, "too many disks (%u): at most %d", c->nr_disks,
                   MAX_VIRTIO - 2);
    return -1;
  }
  for (i = 0; i < c->nr_disks; i++)
    if (open_disk (vm, &c->disks[i], &vm->bdev[i]) == -1)
      return -1;
  return 0;
}

/* The virtio-blk device of disk I (its bdev passes to the device). */
static int
build_disk (struct vmm *vm, unsigned i)
{
  const struct vmm_disk *d = &vm->cfg->disks[i];
  struct blk_opts o = {
    .bdev = vm->bdev[i], .readonly = d->readonly, .serial = d->serial,
  };
  struct virtio_dev *vd;

  vd = virtio_blk_new (&vm->mem, next_irq (vm), next_iobase (vm), &o);
  if (vd)
    vm->bdev[i] = NULL;
  return add_virtio (vm, vd, d->file);
}

/**
 * Create the devices and the PCI bus, over the disks that
 * machine_open_disks opened.  Returns 0, or -1 with the error set
 * (machine_teardown frees what was made).
 */
int
machine_build (struct vmm *vm)
{
  const struct vmm_config *c = vm->cfg;
  uint16_t level = 0;
  unsigned i;

  if (build_platform (vm) == -1)
    return -1;
  for (i = 0; i < c->nr_disks; i++)
    if (build_disk (vm, i) == -1)
      return -1;
  if (c->channel_fd >= 0) {
    vm->console = virtio_console_new (&vm->mem, next_irq (vm),
                                      next_iobase (vm), c->channel_fd,
                                      VMM_CHANNEL_NAME, vm->wake_efd);
    if (add_virtio (vm, vm->console, "the virtio-console") == -1)
      return -1;
  }
  if (add_virtio (vm, virtio_rng_new (&vm->mem, next_irq (vm),
                                      next_iobase (vm)), "virtio-rng") == -1)
    return -1;
  for (i = 0; i < vm->nr_virtio && i < sizeof pci_irqs; i++)
    level |= 1u << pci_irqs[i];
  return kvm_set_level_triggered (vm, level);
}

/* Read all of FD into guest memory at DST (LEN bytes). */
static int
read_fully (int fd, uint8_t *dst, uint64_t len)
{
  uint64_t done = 0;
  ssize_t r;

  while (done < len) {
    r = pread (fd, dst + done, len - done > (1 << 30) ? 1 << 30 : len - done,
               done);
    if (r == -1 && errno == EINTR)
      continue;
    if (r <= 0)
      return -1;
    done += r;
  }
  return 0;
}

/* How the kernel is entered, once loaded. */
struct boot {
  bool bzimage;
  struct bzimage bz;
  uint64_t entry, end;
};

static int
load_image (struct vmm *vm, const uint8_t *image, size_t len, struct boot *b)
{
  const char *err = NULL;
  int r;

  b->bzimage = bzimage_detect (image, len);
  if (b->bzimage) {
    r = bzimage_load (&vm->mem, image, len, &b->bz, &err);
    b->entry = b->bz.entry;
    b->end = b->bz.end;
  }
  else
    r = elf_load_pvh (&vm->mem, image, len, &b->entry, &b->end, &err);
  if (r == -1)
    vmm_set_error (vm, "kernel %s: %s", vm->cfg->kernel, err);
  return r;
}

static int
load_kernel (struct vmm *vm, struct boot *b)
{
  int fd = vmm_open_file (vm, vm->cfg->kernel, false);
  struct stat st;
  void *image;
  int r;

  if (fd == -1)
    return -1;
  if (fstat (fd, &st) == -1 || st.st_size <= 0 ||
      (image = mmap (NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0))
      == MAP_FAILED) {
    vmm_set_error (vm, "cannot read the kernel %s: %s", vm->cfg->kernel,
                   st.st_size <= 0 ? "empty file" : strerror (errno));
    close (fd);
    return -1;
  }
  r = load_image (vm, image, st.st_size, b);
  munmap (image, st.st_size);
  close (fd);
  return r;
}

/* Place the initrd page-aligned as high as possible below LIMIT (and
 * the top of low RAM), above END. */
static int
load_initrd (struct vmm *vm, uint64_t end, uint64_t limit, uint64_t *gpa,
             uint64_t *size)
{
  uint64_t top = limit < vm->mem.low_size ? limit : vm->mem.low_size;
  int fd;
  struct stat st;
  int r = -1;

  *gpa = *size = 0;
  if (!vm->cfg->initrd)
    return 0;
  if ((fd = vmm_open_file (vm, vm->cfg->initrd, false)) == -1)
    return -1;
  if (fstat (fd, &st) == -1)
    vmm_set_error (vm, "initrd %s: %s", vm->cfg->initrd, strerror (errno));
  else if ((uint64_t) st.st_size + end + GUEST_PAGE_SIZE > top)
    vmm_set_error (vm, "initrd %s does not fit in guest memory",
                   vm->cfg->initrd);
  else {
    *size = st.st_size;
    *gpa = (top - *size) & ~(uint64_t) (GUEST_PAGE_SIZE - 1);
    r = read_fully (fd, guest_ptr (&vm->mem, *gpa, *size), *size);
    if (r == -1)
      vmm_set_error (vm, "cannot read the initrd %s", vm->cfg->initrd);
  }
  close (fd);
  return r;
}

/**
 * Load the kernel (a PVH vmlinux, or a bzImage as the fallback) and
 * the initrd, write the start info or zero page, and put the vCPU at
 * the entry point.  Returns 0, or -1 with the error set.
 */
int
machine_load (struct vmm *vm)
{
  struct boot b;
  uint64_t initrd_gpa, initrd_size, limit = UINT64_MAX;
  const char *err = NULL;
  int r;

  if (load_kernel (vm, &b) == -1)
    return -1;
  if (b.bzimage)
    limit = b.bz.initrd_max + 1;
  if (load_initrd (vm, b.end, limit, &initrd_gpa, &initrd_size) == -1)
    return -1;
  if (b.bzimage)
    r = bzimage_write_zero_page (&vm->mem, &b.bz, vm->cfg->cmdline,
                                 initrd_gpa, initrd_size, &err);
  else
    r = pvh_write_start_info (&vm->mem, vm->cfg->cmdline, initrd_gpa,
                              initrd_size, &err);
  if (r == -1) {
    vmm_set_error (vm, "%s", err);
    return -1;
  }
  return cpu_setup (vm, b.entry, b.bzimage);
}

/**
 * Free every device (reverse order of creation) and close the disks
 * not handed to one.
 */
void
machine_teardown (struct vmm *vm)
{
  unsigned i;

  for (i = 0; i < VMM_MAX_DISKS; i++) {
    bdev_close (vm->bdev[i]);
    vm->bdev[i] = NULL;
  }
  while (vm->nr_virtio > 0)
    virtio_dev_free (vm->virtio[--vm->nr_virtio]);
  while (vm->nr_platform > 0) {
    vm->nr_platform--;
    if (vm->platform[vm->nr_platform].ops->teardown)
      vm->platform[vm->nr_platform].ops->teardown
        (vm->platform[vm->nr_platform].dev);
  }
}
