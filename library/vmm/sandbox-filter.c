/* guestkit — the VMM's seccomp allow-list.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the seccomp filter of the VMM's sandbox: a
 * hand-written classic BPF program over C<struct seccomp_data>.
 *
 * It first checks the architecture (anything but x86_64, e.g. the
 * i386 C<int 0x80> entry, kills the process) and refuses x32 numbers
 * (bit 30 set).  Then it admits exactly the calls that the VMM makes
 * once running: the I/O loop and the vCPU thread (KVM ioctls, poll,
 * eventfd reads and writes, the channel and control sockets), the
 * block layer (pread/pwrite and their vector forms, fdatasync,
 * fallocate and ftruncate for qcow2 growth and overlays), memory
 * (mmap and mprotect without PROT_EXEC, munmap, mremap, madvise, brk),
 * threads (clone with CLONE_THREAD only, futex, set_robust_list,
 * rseq; clone3 answers ENOSYS so that glibc falls back to clone, whose
 * flags a filter can see), signals (tgkill only to this process),
 * clocks, getrandom, and exit.  Some calls are narrowed by argument:
 * ioctl to KVM's request type (0xAE) and TCGETS, fcntl to
 * F_GETFD/F_SETFD/F_GETFL/F_SETFL.
 *
 * Everything else is denied, in particular open/openat, socket and
 * connect, execve, fork and vfork, ptrace, dup (no new descriptors),
 * mount, setuid and friends, prctl and seccomp itself.  A denied call
 * fails with EPERM (SANDBOX_ERRNO) or kills the process with SIGSYS
 * (SANDBOX_KILL).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "sandbox-filter.h"

#define X32_SYSCALL_BIT 0x40000000u
#define KVMIO_TYPE 0xAE00u
#define TCGETS_REQ 0x5401u

/* Calls admitted whatever their arguments. */
static const int plain[] = {
  /* I/O on descriptors already open */
  SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_pread64, SYS_pwrite64,
  SYS_preadv, SYS_pwritev, SYS_preadv2, SYS_pwritev2, SYS_lseek,
  SYS_fstat, SYS_newfstatat, SYS_close, SYS_fsync, SYS_fdatasync,
  SYS_fallocate, SYS_ftruncate,
  SYS_sendto, SYS_sendmsg, SYS_recvfrom, SYS_recvmsg,
  SYS_poll, SYS_ppoll, SYS_epoll_wait, SYS_epoll_pwait,
  /* memory */
  SYS_munmap, SYS_mremap, SYS_madvise, SYS_brk,
  /* threads */
  SYS_futex, SYS_set_robust_list, SYS_rseq, SYS_sched_yield, SYS_gettid,
  SYS_getpid,
  /* signals */
  SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_rt_sigreturn, SYS_sigaltstack,
  SYS_restart_syscall,
  /* time and randomness */
  SYS_clock_gettime, SYS_clock_nanosleep, SYS_nanosleep, SYS_gettimeofday,
  SYS_time, SYS_getrandom,
  /* the end */
  SYS_exit, SYS_exit_group,
};

/* The calls narrowed by an argument (each a block in build_filter). */
static const int narrowed[] = {
  SYS_ioctl, SYS_fcntl, SYS_mmap, SYS_mprotect, SYS_clone, SYS_tgkill,
};

#define NR_PLAIN (sizeof plain / sizeof plain[0])
#define NR_NARROWED (sizeof narrowed / sizeof narrowed[0])

size_t
sandbox_allowlist_size (void)
{
  return NR_PLAIN + NR_NARROWED;
}

#define ARG_LO(i) ((uint32_t) offsetof (struct seccomp_data, args[i]))
#define STMT(code, k) ((struct sock_filter) BPF_STMT (code, k))
#define JUMP(code, k, jt, jf) ((struct sock_filter) BPF_JUMP (code, k, jt, jf))
#define RET(k) STMT (BPF_RET | BPF_K, k)
#define LD(off) STMT (BPF_LD | BPF_W | BPF_ABS, off)
#define JEQ(k, jt, jf) JUMP (BPF_JMP | BPF_JEQ | BPF_K, k, jt, jf)
#define JSET(k, jt, jf) JUMP (BPF_JMP | BPF_JSET | BPF_K, k, jt, jf)

struct builder {
  struct sock_filter *f;
  size_t n, max;
  uint32_t deny;
};

static void
emit (struct builder *b, struct sock_filter ins)
{
  if (b->n < b->max)
    b->f[b->n] = ins;
  b->n++;
}

/* The accumulator holds the call number on entry to each block and
 * still does when a block falls through to the next. */
static void
allow_ioctl (struct builder *b)
{
  emit (b, JEQ (SYS_ioctl, 0, 6));
  emit (b, LD (ARG_LO (1)));
  emit (b, JEQ (TCGETS_REQ, 3, 0));
  emit (b, STMT (BPF_ALU | BPF_AND | BPF_K, 0xFF00));
  emit (b, JEQ (KVMIO_TYPE, 1, 0));
  emit (b, RET (b->deny));
  emit (b, RET (SECCOMP_RET_ALLOW));
}

static void
allow_fcntl (struct builder *b)
{
  emit (b, JEQ (SYS_fcntl, 0, 7));
  emit (b, LD (ARG_LO (1)));
  emit (b, JEQ (F_GETFD, 4, 0));
  emit (b, JEQ (F_SETFD, 3, 0));
  emit (b, JEQ (F_GETFL, 2, 0));
  emit (b, JEQ (F_SETFL, 1, 0));
  emit (b, RET (b->deny));
  emit (b, RET (SECCOMP_RET_ALLOW));
}

/* NR allowed when argument ARG has none of the bits in MASK (or, with
 * NEED, has all of them: one bit). */
static void
allow_bits (struct builder *b, int nr, unsigned arg, uint32_t mask, bool need)
{
  emit (b, JEQ ((uint32_t) nr, 0, 4));
  emit (b, LD (ARG_LO (arg)));
  emit (b, need ? JSET (mask, 0, 1) : JSET (mask, 1, 0));
  emit (b, RET (SECCOMP_RET_ALLOW));
  emit (b, RET (b->deny));
}

static void
allow_tgkill (struct builder *b, uint32_t pid)
{
  emit (b, JEQ (SYS_tgkill, 0, 4));
  emit (b, LD (ARG_LO (0)));
  emit (b, JEQ (pid, 0, 1));
  emit (b, RET (SECCOMP_RET_ALLOW));
  emit (b, RET (b->deny));
}

size_t
sandbox_build_filter (struct sock_filter *f, size_t max, bool kill)
{
  struct builder b = { f, 0, max, kill ? SECCOMP_RET_KILL_PROCESS
                       : SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA) };
  size_t i;

  emit (&b, LD (offsetof (struct seccomp_data, arch)));
  emit (&b, JEQ (AUDIT_ARCH_X86_64, 1, 0));
  emit (&b, RET (SECCOMP_RET_KILL_PROCESS));
  emit (&b, LD (offsetof (struct seccomp_data, nr)));
  emit (&b, JUMP (BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1));
  emit (&b, RET (b.deny));
  for (i = 0; i < NR_PLAIN; i++) {
    emit (&b, JEQ ((uint32_t) plain[i], 0, 1));
    emit (&b, RET (SECCOMP_RET_ALLOW));
  }
  allow_ioctl (&b);
  allow_fcntl (&b);
  allow_bits (&b, SYS_mmap, 2, PROT_EXEC, false);
  allow_bits (&b, SYS_mprotect, 2, PROT_EXEC, false);
  allow_bits (&b, SYS_clone, 0, CLONE_THREAD, true);
  allow_tgkill (&b, (uint32_t) getpid ());
  /* clone3's flags are in memory a filter cannot read: ENOSYS makes
   * glibc use clone. */
  emit (&b, JEQ (SYS_clone3, 0, 1));
  emit (&b, RET (SECCOMP_RET_ERRNO | ENOSYS));
  emit (&b, RET (b.deny));
  return b.n;
}
