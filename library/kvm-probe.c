/* guestkit — is /dev/kvm usable for running a Linux kernel?
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the KVM usability check.  Having F</dev/kvm> is
 * not enough: under some nested setups KVM emulates guest kernel code
 * instruction by instruction (about 1 µs each), and a Linux kernel
 * cannot boot at all.  So we time a tiny real-mode loop (200 000
 * iterations: well under a millisecond on hardware) and call KVM usable
 * only if it finishes within 50 ms.  The verdict is cached per boot
 * (keyed by F</proc/sys/kernel/random/boot_id>) in
 * F<$XDG_CACHE_HOME/guestkit/kvm-verdict>.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guestfs-internal.h"

#define PROBE_ITERATIONS 200000
#define PROBE_LIMIT_MS 50.0

/* mov ecx, imm32; 1: dec ecx; jnz 1b; hlt  (16-bit real mode) */
static const unsigned char probe_code[] = {
  0x66, 0xb9, PROBE_ITERATIONS & 0xff, (PROBE_ITERATIONS >> 8) & 0xff,
  (PROBE_ITERATIONS >> 16) & 0xff, 0x00,
  0x66, 0x49, 0x75, 0xfc, 0xf4,
};

static int
setup_vcpu (int vm, int vcpu, void *mem)
{
  struct kvm_userspace_memory_region region = {
    .slot = 0, .guest_phys_addr = 0x1000, .memory_size = 0x1000,
    .userspace_addr = (uintptr_t) mem,
  };
  struct kvm_sregs sregs;
  struct kvm_regs regs = { .rip = 0x1000, .rflags = 2 };

  memcpy (mem, probe_code, sizeof probe_code);
  if (ioctl (vm, KVM_SET_USER_MEMORY_REGION, &region) == -1 ||
      ioctl (vcpu, KVM_GET_SREGS, &sregs) == -1)
    return -1;
  sregs.cs.base = 0;
  sregs.cs.selector = 0;
  if (ioctl (vcpu, KVM_SET_SREGS, &sregs) == -1 ||
      ioctl (vcpu, KVM_SET_REGS, &regs) == -1)
    return -1;
  return 0;
}

/* Run the probe; returns the elapsed milliseconds or -1. */
static double
time_probe (int kvm)
{
  int vm = -1, vcpu = -1;
  void *mem = MAP_FAILED;
  struct kvm_run *run = MAP_FAILED;
  long run_size;
  struct timespec t0, t1;
  double ms = -1;

  vm = ioctl (kvm, KVM_CREATE_VM, 0);
  if (vm == -1)
    goto out;
  vcpu = ioctl (vm, KVM_CREATE_VCPU, 0);
  run_size = ioctl (kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
  mem = mmap (NULL, 0x1000, PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (vcpu == -1 || run_size <= 0 || mem == MAP_FAILED ||
      setup_vcpu (vm, vcpu, mem) == -1)
    goto out;
  run = mmap (NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
  if (run == MAP_FAILED)
    goto out;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  if (ioctl (vcpu, KVM_RUN, 0) == 0 && run->exit_reason == KVM_EXIT_HLT) {
    clock_gettime (CLOCK_MONOTONIC, &t1);
    ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
  }
  munmap (run, run_size);
 out:
  if (mem != MAP_FAILED)
    munmap (mem, 0x1000);
  if (vcpu >= 0)
    close (vcpu);
  if (vm >= 0)
    close (vm);
  return ms;
}

static char *
cache_path (guestfs_h *g, bool create)
{
  CLEANUP_FREE char *dir = guestfs_int_cache_dir (g);
  char why[96];

  if (!dir)
    return NULL;
  if (create) {
    char *parent = safe_strdup (g, dir);
    *strrchr (parent, '/') = '\0';
    mkdir (parent, 0700);
    free (parent);
    mkdir (dir, 0700);
  }
  /* Only trust a directory that is ours and not writable by others. */
  if (guestfs_int_dir_private (dir, why, sizeof why) != 1)
    return NULL;
  return safe_asprintf (g, "%s/kvm-verdict", dir);
}

static void
read_boot_id (char *buf, size_t len)
{
  FILE *fp = fopen ("/proc/sys/kernel/random/boot_id", "r");

  buf[0] = '\0';
  if (fp) {
    if (fgets (buf, len, fp))
      buf[strcspn (buf, "\n")] = '\0';
    fclose (fp);
  }
}

/* Returns 1 or 0 from the cache, -1 if there is no valid entry. */
static int
cached_verdict (guestfs_h *g, const char *boot_id)
{
  CLEANUP_FREE char *path = cache_path (g, false);
  char line[128], id[64];
  int v = -1, ok;
  FILE *fp;

  if (!path || !*boot_id || !(fp = fopen (path, "r")))
    return -1;
  if (fgets (line, sizeof line, fp) &&
      sscanf (line, "%63s %d", id, &ok) == 2 && strcmp (id, boot_id) == 0)
    v = ok ? 1 : 0;
  fclose (fp);
  return v;
}

static void
store_verdict (guestfs_h *g, const char *boot_id, bool ok)
{
  CLEANUP_FREE char *path = cache_path (g, true);
  CLEANUP_FREE char *tmp = NULL;
  FILE *fp;
  int fd;

  if (!path || !*boot_id)
    return;
  /* A name of its own (not just the PID: two threads of one process
   * may store at once), then an atomic rename over the entry. */
  tmp = safe_asprintf (g, "%s.XXXXXX", path);
  if ((fd = mkostemp (tmp, O_CLOEXEC)) == -1)
    return;
  if (!(fp = fdopen (fd, "w"))) {
    close (fd);
    unlink (tmp);
    return;
  }
  fprintf (fp, "%s %d\n", boot_id, ok ? 1 : 0);
  if (fclose (fp) != 0 || rename (tmp, path) == -1)
    unlink (tmp);
}

/**
 * True if KVM can run a Linux kernel at useful speed here.  Never
 * fails: any problem means "no".
 */
bool
guestfs_int_kvm_usable (guestfs_h *g)
{
  char boot_id[64];
  int kvm, cached;
  double ms;
  bool ok;

  read_boot_id (boot_id, sizeof boot_id);
  cached = cached_verdict (g, boot_id);
  if (cached >= 0) {
    debug (g, "kvm: cached verdict: %s", cached ? "usable" : "not usable");
    return cached;
  }
  kvm = open ("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (kvm == -1) {
    debug (g, "kvm: /dev/kvm: %s", strerror (errno));
    return false;
  }
  ms = time_probe (kvm);
  close (kvm);
  ok = ms >= 0 && ms < PROBE_LIMIT_MS;
  debug (g, "kvm: calibration loop took %.1f ms: %s", ms,
         ok ? "usable" : "emulated or broken, not usable");
  store_verdict (g, boot_id, ok);
  return ok;
}
