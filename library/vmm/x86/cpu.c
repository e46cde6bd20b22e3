/* guestkit — the vCPU's state at the PVH entry.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the vCPU setup: CPUID (what KVM supports, with
 * the fix-ups a single-CPU PC needs), the MSRs a BIOS would leave
 * behind, the FPU, the local APIC's LINT pins in virtual-wire mode, and
 * the registers of the PVH entry: 32-bit protected mode, paging off,
 * flat code and data segments from a GDT in guest memory, EBX pointing
 * at C<hvm_start_info>; or, for a bzImage, long mode with identity page
 * tables for the first 4 GiB and RSI pointing at the zero page.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "cleanups.h"
#include "machine.h"

#define MAX_CPUID 256
#define CPUID_HYPERVISOR (1u << 31)     /* leaf 1 ECX */
#define CPUID_CX16 (1u << 13)
#define CPUID_XSAVE (1u << 26)
#define CPUID_OSXSAVE (1u << 27)
#define CPUID_AVX (1u << 28)
#define CPUID_TSC_DEADLINE (1u << 24)

#define MSR_IA32_SYSENTER_CS 0x174
#define MSR_IA32_SYSENTER_ESP 0x175
#define MSR_IA32_SYSENTER_EIP 0x176
#define MSR_IA32_MISC_ENABLE 0x1a0
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SYSCALL_MASK 0xc0000084
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_IA32_TSC 0x10

#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_MODE_EXTINT 0x700
#define APIC_MODE_NMI 0x400

static void
fix_cpuid_entry (struct kvm_cpuid_entry2 *e, bool emulated_kvm,
                 bool tsc_deadline)
{
  switch (e->function) {
  case 1:
    e->ecx |= CPUID_HYPERVISOR;
    if (tsc_deadline)
      e->ecx |= CPUID_TSC_DEADLINE;
    if (emulated_kvm)
      e->ecx &= ~(CPUID_CX16 | CPUID_XSAVE | CPUID_OSXSAVE | CPUID_AVX);
    /* APIC id 0, one logical processor. */
    e->ebx = (e->ebx & 0x0000FFFF) | (1u << 16);
    break;
  case 4:                       /* one core per package */
    e->eax &= 0x03FFFFFF;
    break;
  case 7:
    if (emulated_kvm && e->index == 0)
      e->ebx &= ~((1u << 5) | (1u << 16));   /* AVX2, AVX-512F */
    break;
  case 0xB: case 0x1F:          /* x2APIC id 0 */
    e->edx = 0;
    break;
  case 0xD:
    if (emulated_kvm)
      e->eax = e->ebx = e->ecx = e->edx = 0;
    break;
  }
}

static int
setup_cpuid (struct vmm *vm)
{
  size_t sz = sizeof (struct kvm_cpuid2) +
    MAX_CPUID * sizeof (struct kvm_cpuid_entry2);
  CLEANUP_FREE struct kvm_cpuid2 *c = calloc (1, sz);
  bool tsc_deadline;
  uint32_t i;

  if (!c) {
    vmm_set_error (vm, "out of memory");
    return -1;
  }
  c->nent = MAX_CPUID;
  if (ioctl (vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, c) == -1) {
    vmm_set_error (vm, "KVM_GET_SUPPORTED_CPUID: %s", strerror (errno));
    return -1;
  }
  tsc_deadline = ioctl (vm->kvm_fd, KVM_CHECK_EXTENSION,
                        KVM_CAP_TSC_DEADLINE_TIMER) > 0;
  for (i = 0; i < c->nent; i++)
    fix_cpuid_entry (&c->entries[i], vm->cfg->emulated_kvm, tsc_deadline);
  if (ioctl (vm->vcpu_fd, KVM_SET_CPUID2, c) == -1) {
    vmm_set_error (vm, "KVM_SET_CPUID2: %s", strerror (errno));
    return -1;
  }
  return 0;
}

static int
setup_msrs (struct vmm *vm)
{
  static const uint32_t zero[] = {
    MSR_IA32_SYSENTER_CS, MSR_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_EIP,
    MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SYSCALL_MASK, MSR_KERNEL_GS_BASE,
    MSR_IA32_TSC,
  };
  const size_t n = sizeof zero / sizeof zero[0] + 1;
  struct {
    struct kvm_msrs hdr;
    struct kvm_msr_entry e[sizeof zero / sizeof zero[0] + 1];
  } m;
  size_t i;

  memset (&m, 0, sizeof m);
  for (i = 0; i < n - 1; i++)
    m.e[i].index = zero[i];
  m.e[i].index = MSR_IA32_MISC_ENABLE;
  m.e[i].data = 1;              /* fast strings */
  m.hdr.nmsrs = n;
  if (ioctl (vm->vcpu_fd, KVM_SET_MSRS, &m) != (int) n) {
    vmm_set_error (vm, "KVM_SET_MSRS failed");
    return -1;
  }
  return 0;
}

static int
setup_fpu_lapic (struct vmm *vm)
{
  struct kvm_fpu fpu = { .fcw = 0x37f, .mxcsr = 0x1f80 };
  struct kvm_lapic_state lapic;
  uint32_t *lint0, *lint1;

  if (ioctl (vm->vcpu_fd, KVM_SET_FPU, &fpu) == -1 ||
      ioctl (vm->vcpu_fd, KVM_GET_LAPIC, &lapic) == -1) {
    vmm_set_error (vm, "cannot set up the FPU or local APIC: %s",
                   strerror (errno));
    return -1;
  }
  lint0 = (uint32_t *) &lapic.regs[APIC_LVT_LINT0];
  lint1 = (uint32_t *) &lapic.regs[APIC_LVT_LINT1];
  *lint0 = (*lint0 & ~0x700u & ~0x10000u) | APIC_MODE_EXTINT;
  *lint1 = (*lint1 & ~0x700u & ~0x10000u) | APIC_MODE_NMI;
  if (ioctl (vm->vcpu_fd, KVM_SET_LAPIC, &lapic) == -1) {
    vmm_set_error (vm, "KVM_SET_LAPIC: %s", strerror (errno));
    return -1;
  }
  return 0;
}

/* A flat segment: 4 GiB, 32-bit, ring 0. */
static struct kvm_segment
flat_segment (uint16_t selector, uint8_t type)
{
  return (struct kvm_segment) {
    .base = 0, .limit = 0xFFFFFFFF, .selector = selector, .type = type,
    .present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1,
  };
}

/* GDT descriptor for a flat segment of TYPE (the access byte). */
static uint64_t
gdt_entry (uint8_t access, uint8_t flags)
{
  return UINT64_C(0xFFFF) | ((uint64_t) access << 40) |
    ((uint64_t) (0xF | flags << 4) << 48);
}

/* Identity page tables for the first 4 GiB (2 MiB pages), for the
 * 64-bit entry of a bzImage. */
static int
write_page_tables (struct vmm *vm)
{
  uint64_t *t = guest_ptr (&vm->mem, BOOT_PAGE_TABLES_ADDR, 6 * 4096);
  uint64_t *pml4, *pdpt, *pd;
  unsigned i;

  if (!t)
    return -1;
  memset (t, 0, 6 * 4096);
  pml4 = t;
  pdpt = t + 512;
  pd = t + 1024;
  pml4[0] = (BOOT_PAGE_TABLES_ADDR + 0x1000) | 3;      /* present, rw */
  for (i = 0; i < 4; i++)
    pdpt[i] = (BOOT_PAGE_TABLES_ADDR + 0x2000 + i * 0x1000) | 3;
  for (i = 0; i < 4 * 512; i++)
    pd[i] = ((uint64_t) i << 21) | 0x83;               /* 2 MiB page */
  return 0;
}

static int
setup_sregs (struct vmm *vm, bool long_mode)
{
  struct kvm_sregs s;
  uint64_t *gdt = guest_ptr (&vm->mem, BOOT_GDT_ADDR, 4 * sizeof *gdt);

  if (!gdt || (long_mode && write_page_tables (vm) == -1) ||
      ioctl (vm->vcpu_fd, KVM_GET_SREGS, &s) == -1) {
    vmm_set_error (vm, "cannot set up the boot CPU state: %s",
                   strerror (errno));
    return -1;
  }
  gdt[0] = 0;
  gdt[1] = 0;
  gdt[2] = gdt_entry (0x9B, long_mode ? 0xA : 0xC);    /* 0x10: code */
  gdt[3] = gdt_entry (0x93, 0xC);                      /* 0x18: data */
  s.gdt.base = BOOT_GDT_ADDR;
  s.gdt.limit = 4 * sizeof *gdt - 1;
  s.cs = flat_segment (0x10, 0xB);
  s.ds = s.es = s.fs = s.gs = s.ss = flat_segment (0x18, 0x3);
  s.tr = flat_segment (0, 0xB);
  s.tr.s = 0;
  s.tr.limit = 0x67;
  s.tr.g = 0;
  s.cr0 = 0x11;                                        /* PE | ET */
  s.cr3 = s.cr4 = s.efer = 0;
  if (long_mode) {
    s.cs.l = 1;
    s.cs.db = 0;
    s.cr0 |= 0x80000000;                               /* PG */
    s.cr3 = BOOT_PAGE_TABLES_ADDR;
    s.cr4 = 0x20;                                      /* PAE */
    s.efer = 0x500;                                    /* LME | LMA */
  }
  if (ioctl (vm->vcpu_fd, KVM_SET_SREGS, &s) == -1) {
    vmm_set_error (vm, "KVM_SET_SREGS: %s", strerror (errno));
    return -1;
  }
  return 0;
}

/**
 * Put the vCPU at ENTRY with the boot data in place: the PVH entry (32-bit
 * protected mode, EBX = start info) or, with LONG_MODE, the 64-bit entry
 * of a bzImage (paging on, RSI = zero page).
 */
int
cpu_setup (struct vmm *vm, uint64_t entry, bool long_mode)
{
  struct kvm_regs r = { .rip = entry, .rflags = 2 };

  if (long_mode)
    r.rsi = BOOT_ZERO_PAGE_ADDR;
  else
    r.rbx = BOOT_START_INFO_ADDR;
  if (setup_cpuid (vm) == -1 || setup_msrs (vm) == -1 ||
      setup_fpu_lapic (vm) == -1 || setup_sregs (vm, long_mode) == -1)
    return -1;
  if (ioctl (vm->vcpu_fd, KVM_SET_REGS, &r) == -1) {
    vmm_set_error (vm, "KVM_SET_REGS: %s", strerror (errno));
    return -1;
  }
  return 0;
}
