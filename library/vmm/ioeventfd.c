/* guestkit — queue kicks through KVM ioeventfds.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements ioeventfds for the virtio queues' notify
 * register.  Without them every kick is a port write that stops the
 * vCPU (C<KVM_EXIT_IO>) and is served on the vCPU thread before the
 * guest runs again.  With them KVM matches a 16-bit write of queue
 * number Q to the device's notify port, signals an eventfd and lets
 * the vCPU go on; the I/O thread (F<run.c>) then serves the queue
 * under vmm_lock, as the exit path does.
 *
 * One eventfd per queue is made before the sandbox is entered.  Each is
 * registered (datamatch on the queue number) only while the queue is
 * set up, the driver has set DRIVER_OK and the device decodes I/O, at
 * the BAR's current address; the virtio transport calls ioev_sync on
 * every change of those (status, queue PFN, reset, BAR, command), so a
 * stale registration never swallows a write meant for something else.
 * Kicks of another width, or of a queue not registered, still take
 * the exit path, which is always correct.  If KVM refuses an
 * ioeventfd, all are dropped and the exit path is used for good.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "machine.h"

static int
ioev_ioctl (struct vmm *vm, const struct ioev *e, int port, bool assign)
{
  struct kvm_ioeventfd k = {
    .datamatch = e->queue,
    .addr = (uint64_t) port,
    .len = 2,
    .fd = e->fd,
    .flags = KVM_IOEVENTFD_FLAG_PIO | KVM_IOEVENTFD_FLAG_DATAMATCH |
      (assign ? 0 : KVM_IOEVENTFD_FLAG_DEASSIGN),
  };

  return ioctl (vm->vm_fd, KVM_IOEVENTFD, &k);
}

/* KVM refused one: drop every registration, use the exit path. */
static void
ioev_give_up (struct vmm *vm)
{
  unsigned i;

  if (!vm->ioev_off)
    fprintf (stderr, "guestkit-vmm: KVM_IOEVENTFD: %s: queue kicks take "
             "the exit path\n", strerror (errno));
  vm->ioev_off = true;
  for (i = 0; i < vm->nr_ioev; i++)
    if (vm->ioev[i].port >= 0) {
      ioev_ioctl (vm, &vm->ioev[i], vm->ioev[i].port, false);
      vm->ioev[i].port = -1;
    }
}

/* The port queue E of its device should be registered at, or -1. */
static int
ioev_wanted (const struct vmm *vm, const struct ioev *e)
{
  const struct virtio_dev *vd = e->vd;

  if (vm->ioev_off || !(vd->status & VIRTIO_STATUS_DRIVER_OK) ||
      vd->vq[e->queue].size == 0)
    return -1;
  return virtio_notify_port (vd);
}

/* virtio_dev.kick_sync: bring VD's registrations up to date. */
static void
ioev_sync (void *opaque, struct virtio_dev *vd)
{
  struct vmm *vm = opaque;
  unsigned i;

  for (i = 0; i < vm->nr_ioev; i++) {
    struct ioev *e = &vm->ioev[i];
    int want;

    if (e->vd != vd || e->port == (want = ioev_wanted (vm, e)))
      continue;
    if (e->port >= 0)
      ioev_ioctl (vm, e, e->port, false);
    e->port = -1;
    if (want < 0)
      continue;
    if (ioev_ioctl (vm, e, want, true) == -1) {
      ioev_give_up (vm);
      return;
    }
    e->port = want;
  }
}

int
ioev_init (struct vmm *vm)
{
  unsigned d, q;

  if (vm->cfg->no_ioeventfd)
    return 0;
  for (d = 0; d < vm->nr_virtio; d++) {
    struct virtio_dev *vd = vm->virtio[d];

    for (q = 0; q < vd->nr_queues && vm->nr_ioev < VMM_MAX_IOEV; q++) {
      struct ioev *e = &vm->ioev[vm->nr_ioev];

      e->fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
      if (e->fd == -1) {
        vmm_set_error (vm, "eventfd: %s", strerror (errno));
        return -1;
      }
      e->vd = vd;
      e->queue = q;
      e->port = -1;
      vm->nr_ioev++;
    }
    vd->kick_sync = ioev_sync;
    vd->kick_opaque = vm;
  }
  return 0;
}

unsigned
ioev_pollfds (const struct vmm *vm, struct pollfd *p)
{
  unsigned i;

  for (i = 0; i < vm->nr_ioev; i++)
    p[i] = (struct pollfd) { vm->ioev[i].fd, POLLIN, 0 };
  return vm->nr_ioev;
}

void
ioev_serve (struct vmm *vm, const struct pollfd *p)
{
  uint64_t v;
  unsigned i;

  for (i = 0; i < vm->nr_ioev; i++) {
    if (!p[i].revents || read (vm->ioev[i].fd, &v, sizeof v) == -1)
      continue;
    pthread_mutex_lock (&vmm_lock);
    virtio_kick (vm->ioev[i].vd, vm->ioev[i].queue);
    pthread_mutex_unlock (&vmm_lock);
  }
}

void
ioev_teardown (struct vmm *vm)
{
  while (vm->nr_ioev > 0)
    close (vm->ioev[--vm->nr_ioev].fd);
}
