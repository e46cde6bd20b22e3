/* guestkit — PVH entry stub of the VMM test probe.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * The VMM enters pvh_start in 32-bit protected mode with paging off,
 * flat segments, interrupts off and %ebx = the guest-physical address
 * of struct hvm_start_info.  We load our own GDT, identity-map the
 * first 1 GiB with 2 MiB pages (static tables below), enable long mode
 * and call probe_main (start_info) on a 16 KiB stack.  probe_main ends
 * with probe_exit, which never returns; if it did, we exit with 0xFF.
 *
 * A minimal IDT catches CPU exceptions 0-31 and reports them through
 * probe_exception (the probe would otherwise triple fault silently).
 */

#define XEN_ELFNOTE_PHYS32_ENTRY 18

        .section .note.Xen, "a", @note
        .p2align 2
        .long 4                         /* namesz */
        .long 4                         /* descsz */
        .long XEN_ELFNOTE_PHYS32_ENTRY  /* type */
        .asciz "Xen"
        .long pvh_start                 /* the 32-bit entry point */

        .section .text.entry, "ax"
        .code32
        .globl pvh_start
pvh_start:
        cli
        cld
        movl %ebx, %esi                 /* keep the start_info address */
        lgdt gdt_desc
        movw $0x10, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %ss
        movw %ax, %fs
        movw %ax, %gs

        movl %cr4, %eax
        orl $0x20, %eax                 /* CR4.PAE */
        movl %eax, %cr4
        movl $pml4, %eax
        movl %eax, %cr3
        movl $0xC0000080, %ecx          /* EFER */
        rdmsr
        orl $0x100, %eax                /* EFER.LME */
        wrmsr
        movl %cr0, %eax
        orl $0x80000001, %eax           /* CR0.PG | CR0.PE */
        movl %eax, %cr0
        ljmp $0x08, $start64

        .code64
start64:
        movq $stack_top, %rsp
        call idt_init                   /* preserves %esi */
        movl %esi, %edi                 /* zero-extends to %rdi */
        call probe_main
        movl %eax, %edi
        call probe_exit
        movl $0xFF, %edi
        call probe_exit
1:      hlt
        jmp 1b

/* Fill the 32 IDT gates with the stubs below (16 bytes apart). */
idt_init:
        movq $idt, %rdi
        movq $isr_stubs, %rax
        movl $32, %ecx
1:      movw %ax, (%rdi)                /* offset 15:0 */
        movw $0x08, 2(%rdi)             /* selector */
        movw $0x8E00, 4(%rdi)           /* present, DPL 0, interrupt gate */
        movq %rax, %rdx
        shrq $16, %rdx
        movw %dx, 6(%rdi)               /* offset 31:16 */
        shrq $16, %rdx
        movl %edx, 8(%rdi)              /* offset 63:32 */
        movl $0, 12(%rdi)
        addq $16, %rax
        addq $16, %rdi
        decl %ecx
        jnz 1b
        lidt idt_desc
        ret

/* Each stub pushes an error code (0 where the CPU does not) and the
 * vector, so probe_exception sees the same frame for every vector.
 * Bit N of ERRCODE_VECTORS: the CPU pushes an error code for vector N
 * (8, 10-14, 17, 21, 29, 30). */
#define ERRCODE_VECTORS 0x60227D00
        .p2align 4
isr_stubs:
        .set vec, 0
        .rept 32
        .p2align 4
        .if ((ERRCODE_VECTORS >> vec) & 1) == 0
        pushq $0
        .endif
        pushq $vec
        jmp isr_common
        .set vec, vec + 1
        .endr

isr_common:
        movq %rsp, %rdi                 /* vector, error, rip, cs, rflags */
        andq $-16, %rsp
        call probe_exception
1:      hlt
        jmp 1b

        .section .rodata
        .p2align 3
gdt:
        .quad 0                         /* null */
        .quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
        .quad 0x00cf92000000ffff        /* 0x10: flat data */
gdt_end:
gdt_desc:
        .word gdt_end - gdt - 1
        .quad gdt                       /* 32-bit lgdt reads 4 bytes */
idt_desc:
        .word 32 * 16 - 1
        .quad idt

/* Identity map of the first 1 GiB: PML4[0] -> PDPT[0] -> 512 2 MiB pages. */
        .section .data.pagetables, "aw"
        .p2align 12
pml4:
        .quad pdpt + 0x3                /* present, writable */
        .fill 511, 8, 0
pdpt:
        .quad pd + 0x3
        .fill 511, 8, 0
pd:
        .set i, 0
        .rept 512
        .quad (i << 21) | 0x83          /* present, writable, 2 MiB */
        .set i, i + 1
        .endr

        .section .bss
        .p2align 4
idt:
        .skip 32 * 16
        .p2align 4
stack:
        .skip 16384
stack_top:

        .section .note.GNU-stack, "", @progbits
