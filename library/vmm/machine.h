/* guestkit — the VMM's machine: KVM objects, board, threads.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file declares the machine that F<main.c> configures and runs:
 * its configuration (from the command line), the KVM objects
 * (F<x86/kvm.c>, F<x86/cpu.c>), the board of devices (F<machine.c>) and
 * the two threads (F<run.c>).  Errors are kept in the machine as one
 * message; only F<main.c> prints and exits.
 */

#ifndef GUESTKIT_VMM_MACHINE_H
#define GUESTKIT_VMM_MACHINE_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <linux/kvm.h>

#include "vmm.h"

#define VMM_MAX_DISKS 64
#define VMM_MAX_IOEV 128            /* queue ioeventfds; more: exit path */
#define VMM_DEFAULT_MEMSIZE 768     /* MiB */
#define VMM_MAX_MEMSIZE 65536
#define VMM_CHANNEL_NAME "org.libguestfs.channel.0"

/* Exit statuses of guestkit-vmm (besides the guest's own code). */
#define VMM_EXIT_KVM_UNUSABLE 77
#define VMM_EXIT_FAILURE 120
#define VMM_EXIT_TIMEOUT 124

struct vmm_disk {
  const char *file;             /* path or "fd:N" */
  const char *format;           /* "raw", "qcow2", or NULL: probe */
  bool allow_backing;           /* a probed image may name backing files */
  bool readonly;
  bool snapshot;
  const char *serial;
};

struct vmm_config {
  const char *kernel;           /* path or "fd:N" */
  const char *initrd;           /* or NULL */
  const char *cmdline;
  uint64_t memsize_mib;
  struct vmm_disk disks[VMM_MAX_DISKS];
  unsigned nr_disks;
  int channel_fd;               /* -1: no virtio-console */
  int console_fd;               /* UART output */
  int control_fd;               /* -1: none */
  const char *tmpdir;
  unsigned timeout;             /* seconds, 0 = none */
  bool emulated_kvm;            /* hide what KVM's emulator lacks */
  bool no_ioeventfd;            /* every queue kick takes the exit path */
  bool no_die_with_parent;      /* no PR_SET_PDEATHSIG */
  int sandbox;                  /* enum sandbox_mode (sandbox.h) */
  bool sandbox_selftest;        /* test only: try denied calls, exit */
};

struct vmm {
  const struct vmm_config *cfg;
  char error[512];
  bool kvm_unusable;            /* error is "no usable KVM" */

  /* x86/kvm.c */
  int kvm_fd, vm_fd, vcpu_fd;
  struct kvm_run *run;
  size_t run_size;
  struct guest_mem mem;

  /* machine.c */
  struct bdev *bdev[VMM_MAX_DISKS];   /* opened, not yet given to a device */
  struct io_bus io;
  struct pci_bus pci;
  struct pci_dev host_bridge;
  struct virtio_dev *virtio[VMM_MAX_DISKS + 2];
  unsigned nr_virtio;
  struct virtio_dev *console;
  struct { const struct device_ops *ops; void *dev; } platform[8];
  unsigned nr_platform;
  /* Shared level-triggered lines: which sources assert each GSI. */
  struct irq_source { struct vmm *vm; unsigned gsi, bit; } irq_src[40];
  unsigned nr_irq_src;
  uint64_t irq_asserted[24];

  /* ioeventfd.c: one per virtio queue (port -1: not registered) */
  struct ioev { struct virtio_dev *vd; unsigned queue; int fd, port; }
    ioev[VMM_MAX_IOEV];
  unsigned nr_ioev;
  bool ioev_off;                /* KVM refused one: exit path only */

  /* run.c */
  pthread_t vcpu_thread;
  bool vcpu_started;
  int exit_efd;                 /* vCPU → I/O thread: machine stopped */
  int wake_efd;                 /* devices → I/O thread: pump the channel */
  enum vmm_exit_reason exit_reason;   /* under vmm_lock */
  int exit_status;
  volatile int stopping;
};

/* main.c */
void vmm_set_error (struct vmm *vm, const char *fs, ...)
  __attribute__((format (printf, 2, 3)));
/* Open FILE ("fd:N" or a path) read-only or read-write; -1 + error. */
int vmm_open_file (struct vmm *vm, const char *file, bool write);

/* x86/kvm.c */
int kvm_init (struct vmm *vm);         /* VM, irqchip, PIT, RAM, vCPU */
void kvm_teardown (struct vmm *vm);
void kvm_irq_line (struct vmm *vm, unsigned gsi, int level);
int kvm_set_level_triggered (struct vmm *vm, uint16_t irq_mask);  /* ELCR */

/* x86/cpu.c */
int cpu_setup (struct vmm *vm, uint64_t entry, bool long_mode);

/* machine.c */
int machine_open_disks (struct vmm *vm);   /* images, before KVM */
int machine_build (struct vmm *vm);    /* devices and PCI */
int machine_load (struct vmm *vm);     /* kernel, initrd, start info */
void machine_teardown (struct vmm *vm);

/* ioeventfd.c */
int ioev_init (struct vmm *vm);        /* after machine_build */
/* Fill P[0..nr_ioev) for poll(2); returns nr_ioev. */
unsigned ioev_pollfds (const struct vmm *vm, struct pollfd *p);
/* Serve the queues whose eventfds P (as filled above) found readable. */
void ioev_serve (struct vmm *vm, const struct pollfd *p);
void ioev_teardown (struct vmm *vm);   /* closes the eventfds */

/* run.c */
int vmm_run (struct vmm *vm);          /* returns the exit status */
void vmm_stop_locked (struct vmm *vm, enum vmm_exit_reason why, int status);

#endif /* GUESTKIT_VMM_MACHINE_H */
