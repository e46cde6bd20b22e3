/* guestkit — the KVM virtual machine.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the KVM objects of the machine: the VM with
 * its in-kernel interrupt controllers (PIC, IOAPIC, local APIC) and
 * PIT, guest RAM (anonymous C<MAP_NORESERVE> memory in one or two
 * slots around the 32-bit PCI hole), and the single vCPU with its
 * shared C<kvm_run> page.  Interrupt lines are raised with
 * C<KVM_IRQ_LINE>.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "machine.h"

#define TSS_ADDR 0xFFFBD000
#define IDENTITY_MAP_ADDR 0xFFFBC000

static int
open_kvm (struct vmm *vm)
{
  int v;

  vm->kvm_fd = open ("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (vm->kvm_fd == -1) {
    vm->kvm_unusable = true;
    vmm_set_error (vm, "cannot open /dev/kvm: %s", strerror (errno));
    return -1;
  }
  v = ioctl (vm->kvm_fd, KVM_GET_API_VERSION, 0);
  if (v != KVM_API_VERSION) {
    vm->kvm_unusable = true;
    vmm_set_error (vm, "/dev/kvm has API version %d, need %d", v,
                   KVM_API_VERSION);
    return -1;
  }
  if (ioctl (vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_IRQCHIP) <= 0 ||
      ioctl (vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY) <= 0 ||
      ioctl (vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_IMMEDIATE_EXIT) <= 0) {
    vm->kvm_unusable = true;
    vmm_set_error (vm, "KVM lacks the in-kernel irqchip, user memory or "
                   "immediate exit");
    return -1;
  }
  return 0;
}

static int
set_slot (struct vmm *vm, uint32_t slot, uint64_t gpa, uint64_t size,
          void *host)
{
  struct kvm_userspace_memory_region r = {
    .slot = slot, .guest_phys_addr = gpa, .memory_size = size,
    .userspace_addr = (uintptr_t) host,
  };

  if (ioctl (vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &r) == -1) {
    vmm_set_error (vm, "KVM_SET_USER_MEMORY_REGION: %s", strerror (errno));
    return -1;
  }
  return 0;
}

static int
create_vm (struct vmm *vm)
{
  struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };

  vm->vm_fd = ioctl (vm->kvm_fd, KVM_CREATE_VM, 0);
  if (vm->vm_fd == -1) {
    vmm_set_error (vm, "KVM_CREATE_VM: %s", strerror (errno));
    return -1;
  }
  if (ioctl (vm->vm_fd, KVM_SET_TSS_ADDR, TSS_ADDR) == -1 ||
      ioctl (vm->vm_fd, KVM_SET_IDENTITY_MAP_ADDR,
             &(uint64_t) { IDENTITY_MAP_ADDR }) == -1 ||
      ioctl (vm->vm_fd, KVM_CREATE_IRQCHIP, 0) == -1 ||
      ioctl (vm->vm_fd, KVM_CREATE_PIT2, &pit) == -1) {
    vmm_set_error (vm, "cannot set up the KVM platform: %s", strerror (errno));
    return -1;
  }
  return 0;
}

static int
create_ram (struct vmm *vm)
{
  uint64_t size = vm->cfg->memsize_mib << 20;

  if (guest_mem_init (&vm->mem, size) == -1) {
    vmm_set_error (vm, "cannot map %llu MiB of guest memory: %s",
                   (unsigned long long) vm->cfg->memsize_mib,
                   strerror (errno));
    return -1;
  }
  if (set_slot (vm, 0, 0, vm->mem.low_size, vm->mem.host) == -1)
    return -1;
  if (vm->mem.size > vm->mem.low_size &&
      set_slot (vm, 1, GUEST_HIGH_START, vm->mem.size - vm->mem.low_size,
                vm->mem.host + vm->mem.low_size) == -1)
    return -1;
  return 0;
}

static int
create_vcpu (struct vmm *vm)
{
  long size;

  vm->vcpu_fd = ioctl (vm->vm_fd, KVM_CREATE_VCPU, 0);
  if (vm->vcpu_fd == -1) {
    vmm_set_error (vm, "KVM_CREATE_VCPU: %s", strerror (errno));
    return -1;
  }
  size = ioctl (vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
  if (size < (long) sizeof (struct kvm_run)) {
    vmm_set_error (vm, "KVM_GET_VCPU_MMAP_SIZE: %s", strerror (errno));
    return -1;
  }
  vm->run = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
                  vm->vcpu_fd, 0);
  if (vm->run == MAP_FAILED) {
    vm->run = NULL;
    vmm_set_error (vm, "mmap kvm_run: %s", strerror (errno));
    return -1;
  }
  vm->run_size = size;
  return 0;
}

/**
 * Create the VM, its RAM and its vCPU.  On failure the error is set
 * and kvm_teardown releases whatever was made.
 */
int
kvm_init (struct vmm *vm)
{
  vm->kvm_fd = vm->vm_fd = vm->vcpu_fd = -1;
  if (open_kvm (vm) == -1 || create_vm (vm) == -1 || create_ram (vm) == -1 ||
      create_vcpu (vm) == -1)
    return -1;
  return 0;
}

/**
 * Release the KVM objects in reverse order (safe after a partial init).
 */
void
kvm_teardown (struct vmm *vm)
{
  if (vm->run)
    munmap (vm->run, vm->run_size);
  vm->run = NULL;
  if (vm->vcpu_fd >= 0)
    close (vm->vcpu_fd);
  if (vm->vm_fd >= 0)
    close (vm->vm_fd);
  if (vm->kvm_fd >= 0)
    close (vm->kvm_fd);
  vm->vcpu_fd = vm->vm_fd = vm->kvm_fd = -1;
  guest_mem_free (&vm->mem);
}

/**
 * Set the level of GSI on the in-kernel irqchip.
 */
void
kvm_irq_line (struct vmm *vm, unsigned gsi, int level)
{
  struct kvm_irq_level irq = { .irq = gsi, .level = level };

  ioctl (vm->vm_fd, KVM_IRQ_LINE, &irq);
}

/**
 * Make the PIC inputs in IRQ_MASK (bit n = IRQ n) level-triggered
 * through the ELCR registers, as firmware does for PCI interrupts, so
 * that lines shared by several devices are not lost.
 */
int
kvm_set_level_triggered (struct vmm *vm, uint16_t irq_mask)
{
  struct kvm_irqchip chip;
  unsigned i;

  for (i = 0; i < 2; i++) {
    memset (&chip, 0, sizeof chip);
    chip.chip_id = i == 0 ? KVM_IRQCHIP_PIC_MASTER : KVM_IRQCHIP_PIC_SLAVE;
    if (ioctl (vm->vm_fd, KVM_GET_IRQCHIP, &chip) == -1)
      goto fail;
    chip.chip.pic.elcr |= (irq_mask >> (8 * i)) & 0xFF;
    if (ioctl (vm->vm_fd, KVM_SET_IRQCHIP, &chip) == -1)
      goto fail;
  }
  return 0;
 fail:
  vmm_set_error (vm, "cannot program the PIC's ELCR: %s", strerror (errno));
  return -1;
}
