/* guestkit — running the machine: the vCPU thread and the I/O loop.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the two threads of a running machine.
 *
 * The vCPU thread loops on C<KVM_RUN> and handles its exits: port I/O
 * goes to the I/O bus, then to the PCI BARs (unclaimed reads see all
 * ones); MMIO has no devices (reads all ones, writes dropped); a
 * triple fault (C<KVM_EXIT_SHUTDOWN>) or a system event stops the
 * machine, as do the i8042 reset line and the status port.  Anything
 * else KVM cannot run is an error.
 *
 * The main thread is the I/O loop: it moves RPC bytes between the
 * channel socket and the virtio-console, serves the queues kicked
 * through ioeventfds (F<ioeventfd.c>), and waits for the vCPU to stop
 * or the deadline to pass.  To stop the vCPU it sets
 * C<immediate_exit> and sends C<SIGUSR1>, so a guest that never exits
 * on its own is still interrupted.
 */

#include <config.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "machine.h"

#define HEARTBEAT_MS 1000

pthread_mutex_t vmm_lock = PTHREAD_MUTEX_INITIALIZER;

static void
handle_io (struct vmm *vm)
{
  struct kvm_run *run = vm->run;
  uint8_t *data = (uint8_t *) run + run->io.data_offset;
  bool write = run->io.direction == KVM_EXIT_IO_OUT;
  unsigned size = run->io.size;
  uint32_t i;

  if (size != 1 && size != 2 && size != 4)
    return;
  if ((uint64_t) run->io.data_offset + (uint64_t) run->io.count * size >
      vm->run_size)
    return;
  pthread_mutex_lock (&vmm_lock);
  for (i = 0; i < run->io.count; i++, data += size) {
    if (io_bus_dispatch (&vm->io, run->io.port, write, data, size) ||
        pci_bar_dispatch (&vm->pci, run->io.port, write, data, size))
      continue;
    if (!write)
      memset (data, 0xFF, size);
  }
  pthread_mutex_unlock (&vmm_lock);
}

/**
 * Record why the machine stops (the first reason wins) and make the
 * vCPU loop end.  The caller holds vmm_lock.
 */
void
vmm_stop_locked (struct vmm *vm, enum vmm_exit_reason why, int status)
{
  if (vm->exit_reason == VMM_RUNNING) {
    vm->exit_reason = why;
    vm->exit_status = status;
  }
  vm->stopping = 1;
}

static void
stop_with (struct vmm *vm, enum vmm_exit_reason why, int status)
{
  pthread_mutex_lock (&vmm_lock);
  vmm_stop_locked (vm, why, status);
  pthread_mutex_unlock (&vmm_lock);
}

/* Handle one exit; returns false when the machine must stop. */
static bool
handle_exit (struct vmm *vm)
{
  struct kvm_run *run = vm->run;

  switch (run->exit_reason) {
  case KVM_EXIT_IO:
    handle_io (vm);
    return !vm->stopping;
  case KVM_EXIT_MMIO:
    if (!run->mmio.is_write)
      memset (run->mmio.data, 0xFF, sizeof run->mmio.data);
    return true;
  case KVM_EXIT_SHUTDOWN:
  case KVM_EXIT_SYSTEM_EVENT:
  case KVM_EXIT_HLT:
    stop_with (vm, VMM_EXIT_SHUTDOWN, 0);
    return false;
  case KVM_EXIT_INTR:
    return !vm->stopping;
  default:
    vmm_set_error (vm, "KVM stopped the guest (exit reason %u, "
                   "hardware reason 0x%llx, suberror %u)", run->exit_reason,
                   (unsigned long long) run->fail_entry
                   .hardware_entry_failure_reason,
                   run->internal.suberror);
    stop_with (vm, VMM_EXIT_ERROR, 0);
    return false;
  }
}

static void *
vcpu_thread (void *opaque)
{
  struct vmm *vm = opaque;
  uint64_t one = 1;

  while (!vm->stopping) {
    if (ioctl (vm->vcpu_fd, KVM_RUN, 0) == -1) {
      if (errno == EINTR || errno == EAGAIN)
        continue;
      vmm_set_error (vm, "KVM_RUN: %s", strerror (errno));
      stop_with (vm, VMM_EXIT_ERROR, 0);
      break;
    }
    if (!handle_exit (vm))
      break;
  }
  if (write (vm->exit_efd, &one, sizeof one) == -1)
    return NULL;   /* cannot happen: the counter cannot overflow */
  return NULL;
}

static void
on_sigusr1 (int sig)
{
  (void) sig;
}

static void
stop_vcpu (struct vmm *vm)
{
  vm->stopping = 1;
  vm->run->immediate_exit = 1;
  pthread_kill (vm->vcpu_thread, SIGUSR1);
}

static int64_t
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
drain (int efd)
{
  uint64_t v;

  if (read (efd, &v, sizeof v) == -1)
    return;     /* EAGAIN: nothing pending */
}

/* One heartbeat byte a second on the control socket tells the library
 * we are alive (it gives up after 5 s of silence). */
static void
heartbeat (struct vmm *vm, int64_t *next)
{
  int64_t t = now_ms ();

  if (t < *next)
    return;
  *next = t + HEARTBEAT_MS;
  if (vm->cfg->control_fd >= 0 &&
      send (vm->cfg->control_fd, ".", 1, MSG_DONTWAIT | MSG_NOSIGNAL) == -1)
    return;     /* a full buffer means the library is not reading */
}

/* Wait for the vCPU to stop, pumping the channel.  Returns false on
 * timeout. */
static bool
io_loop (struct vmm *vm)
{
  int64_t deadline = vm->cfg->timeout ? now_ms () + vm->cfg->timeout * 1000 : 0;
  int64_t next_beat = 0;
  int ev = vm->console ? POLLIN : 0;
  struct pollfd p[3 + VMM_MAX_IOEV];
  unsigned n;

  for (;;) {
    int timeout = HEARTBEAT_MS;

    heartbeat (vm, &next_beat);
    if (deadline && now_ms () >= deadline)
      return false;
    if (deadline && deadline - now_ms () < timeout)
      timeout = (int) (deadline - now_ms ());
    p[0] = (struct pollfd) { vm->exit_efd, POLLIN, 0 };
    p[1] = (struct pollfd) { vm->wake_efd, POLLIN, 0 };
    p[2] = (struct pollfd) { ev >= 0 ? vm->cfg->channel_fd : -1,
                             (short) (ev > 0 ? ev : 0), 0 };
    n = 3 + ioev_pollfds (vm, p + 3);
    if (poll (p, n, timeout) == -1 && errno != EINTR)
      return true;
    if (p[0].revents)
      return true;
    ioev_serve (vm, p + 3);
    if (p[1].revents)
      drain (vm->wake_efd);
    if (vm->console && ev >= 0) {
      pthread_mutex_lock (&vmm_lock);
      ev = virtio_console_pump (vm->console);
      pthread_mutex_unlock (&vmm_lock);
    }
  }
}

/**
 * Run the machine until it stops.  Returns guestkit-vmm's exit status:
 * the guest's status-port code, 0 after a reset or triple fault,
 * VMM_EXIT_TIMEOUT, or VMM_EXIT_FAILURE with the error set.
 */
int
vmm_run (struct vmm *vm)
{
  struct sigaction sa = { .sa_handler = on_sigusr1 };
  bool in_time;
  int r;

  sigemptyset (&sa.sa_mask);
  sigaction (SIGUSR1, &sa, NULL);       /* no SA_RESTART */
  r = pthread_create (&vm->vcpu_thread, NULL, vcpu_thread, vm);
  if (r != 0) {
    vmm_set_error (vm, "cannot start the vCPU thread: %s", strerror (r));
    return VMM_EXIT_FAILURE;
  }
  in_time = io_loop (vm);
  stop_vcpu (vm);
  pthread_join (vm->vcpu_thread, NULL);
  if (!in_time) {
    struct kvm_regs regs = { 0 };

    ioctl (vm->vcpu_fd, KVM_GET_REGS, &regs);
    vmm_set_error (vm, "the guest did not finish within %u s (it was at "
                   "rip 0x%llx)", vm->cfg->timeout,
                   (unsigned long long) regs.rip);
    return VMM_EXIT_TIMEOUT;
  }
  switch (vm->exit_reason) {
  case VMM_EXIT_STATUS: return vm->exit_status;
  case VMM_EXIT_ERROR: return VMM_EXIT_FAILURE;
  default: return 0;
  }
}
