/* guestkit — the VMM's sandbox: file descriptors, privileges, seccomp.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the sandbox that guestkit-vmm enters after
 * setup (images open, KVM VM and vCPU created, guest RAM mapped,
 * devices built, kernel loaded) and before the vCPU thread starts, so
 * the whole run, teardown included, happens inside it:
 *
 * =over 4
 *
 * =item descriptors
 *
 * At startup stdin becomes /dev/null and inherited descriptors that
 * the command line does not name are closed.  After setup only the
 * machine's own remain (stdout, stderr, /dev/kvm, the VM and vCPU,
 * two eventfds, the channel, console and control sockets) plus the
 * disk images and overlays opened by the block layer; anything else
 * is closed with a warning (it would be a leak).
 *
 * =item privileges
 *
 * Running as root, the VMM drops to uid and gid 65534 (nobody) with no
 * supplementary groups, after emptying the capability bounding set;
 * then every capability set is emptied (capset) and ambient ones are
 * cleared, and C<PR_SET_NO_NEW_PRIVS> is set.  The parent-death
 * signal, which a change of credentials resets, is set again.
 *
 * =item seccomp
 *
 * The allow-list of F<sandbox-filter.c>.
 *
 * =back
 *
 * The default mode is errno: a call not on the list fails with EPERM.
 * A denied call is refused just as firmly as in kill mode, but a call
 * the list misses on some untested path (another glibc, a rare error
 * path) becomes an error the VMM reports instead of a SIGSYS in the
 * middle of a guest write.  Kill mode (SECCOMP_RET_KILL_PROCESS) is
 * for hardened setups and the tests.  AddressSanitizer builds default
 * to off, because LeakSanitizer's exit-time check needs ptrace.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>

#include "machine.h"
#include "sandbox.h"
#include "sandbox-filter.h"

#define NOBODY 65534
#define FILTER_MAX 256

#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD 1
#endif
#endif

enum sandbox_mode
sandbox_default_mode (void)
{
#ifdef ASAN_BUILD
  return SANDBOX_OFF;
#else
  return SANDBOX_ERRNO;
#endif
}

const char *
sandbox_mode_name (enum sandbox_mode mode)
{
  return mode == SANDBOX_KILL ? "kill" : mode == SANDBOX_ERRNO ? "errno"
    : "off";
}

int
sandbox_parse_mode (const char *s)
{
  if (strcmp (s, "kill") == 0)
    return SANDBOX_KILL;
  if (strcmp (s, "errno") == 0)
    return SANDBOX_ERRNO;
  if (strcmp (s, "off") == 0)
    return SANDBOX_OFF;
  return -1;
}

static void
fds_add (struct sandbox_fds *s, int fd)
{
  if (fd >= 0 && s->n < SANDBOX_MAX_FDS)
    s->fd[s->n++] = fd;
}

static bool
fds_has (const struct sandbox_fds *s, int fd)
{
  size_t i;

  for (i = 0; i < s->n; i++)
    if (s->fd[i] == fd)
      return true;
  return false;
}

/* The descriptors open now: /proc/self/fd, else a probe of each. */
void
sandbox_fds_snapshot (struct sandbox_fds *s)
{
  DIR *d = opendir ("/proc/self/fd");
  struct dirent *e;
  int fd;

  s->n = 0;
  if (d == NULL) {
    for (fd = 0; fd < 4096; fd++)
      if (fcntl (fd, F_GETFD) != -1)
        fds_add (s, fd);
    return;
  }
  while ((e = readdir (d)) != NULL) {
    fd = atoi (e->d_name);
    if (e->d_name[0] >= '0' && e->d_name[0] <= '9' && fd != dirfd (d))
      fds_add (s, fd);
  }
  closedir (d);
}

static void
add_named (struct sandbox_fds *s, const char *file)
{
  if (file && strncmp (file, "fd:", 3) == 0 && file[3] >= '0' &&
      file[3] <= '9')
    fds_add (s, atoi (file + 3));
}

void
sandbox_close_inherited (const struct vmm_config *c)
{
  struct sandbox_fds open_now, named = { .n = 0 };
  size_t i;
  int null = open ("/dev/null", O_RDONLY | O_CLOEXEC);

  if (null >= 0) {
    if (null != 0)
      dup2 (null, 0);
    if (null != 0)
      close (null);
  }
  fds_add (&named, 0);
  fds_add (&named, 1);
  fds_add (&named, 2);
  fds_add (&named, c->channel_fd);
  fds_add (&named, c->console_fd);
  fds_add (&named, c->control_fd);
  add_named (&named, c->kernel);
  add_named (&named, c->initrd);
  for (i = 0; i < c->nr_disks; i++)
    add_named (&named, c->disks[i].file);
  sandbox_fds_snapshot (&open_now);
  for (i = 0; i < open_now.n; i++)
    if (!fds_has (&named, open_now.fd[i]))
      close (open_now.fd[i]);
}

/* Close what is neither the machine's nor in KEEP. */
static void
close_unexpected (struct vmm *vm, const struct sandbox_fds *keep)
{
  const struct vmm_config *c = vm->cfg;
  const int own[] = { 0, 1, 2, vm->kvm_fd, vm->vm_fd, vm->vcpu_fd,
                      vm->exit_efd, vm->wake_efd, c->channel_fd,
                      c->console_fd, c->control_fd };
  struct sandbox_fds known = *keep, open_now;
  size_t i;

  for (i = 0; i < sizeof own / sizeof own[0]; i++)
    fds_add (&known, own[i]);
  for (i = 0; i < vm->nr_ioev; i++)
    fds_add (&known, vm->ioev[i].fd);
  sandbox_fds_snapshot (&open_now);
  for (i = 0; i < open_now.n; i++)
    if (!fds_has (&known, open_now.fd[i])) {
      fprintf (stderr, "guestkit-vmm: sandbox: closing unexpected "
               "descriptor %d\n", open_now.fd[i]);
      close (open_now.fd[i]);
    }
}

/* Root becomes nobody; every capability goes. */
static int
drop_privileges (struct vmm *vm)
{
  struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct d[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
  int cap;

  if (geteuid () == 0 || getuid () == 0) {
    for (cap = 0; cap < 64; cap++)
      if (prctl (PR_CAPBSET_DROP, cap, 0, 0, 0) == -1 && errno == EINVAL)
        break;
    if (setgroups (0, NULL) == -1 || setresgid (NOBODY, NOBODY, NOBODY) == -1 ||
        setresuid (NOBODY, NOBODY, NOBODY) == -1) {
      vmm_set_error (vm, "sandbox: cannot give up root: %s", strerror (errno));
      return -1;
    }
  }
  if (syscall (SYS_capset, &h, d) == -1) {
    vmm_set_error (vm, "sandbox: capset: %s", strerror (errno));
    return -1;
  }
  prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  /* A change of credentials resets the parent-death signal. */
  if (!vm->cfg->no_die_with_parent)
    prctl (PR_SET_PDEATHSIG, SIGKILL);
  return 0;
}

static int
install_filter (struct vmm *vm, bool kill)
{
  static struct sock_filter f[FILTER_MAX];
  struct sock_fprog prog;
  size_t n = sandbox_build_filter (f, FILTER_MAX, kill);

  if (n > FILTER_MAX) {
    vmm_set_error (vm, "sandbox: filter too long (%zu)", n);
    return -1;
  }
  prog = (struct sock_fprog) { .len = (unsigned short) n, .filter = f };
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
      (syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == -1 &&
       prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1)) {
    vmm_set_error (vm, "sandbox: cannot install the seccomp filter: %s",
                   strerror (errno));
    return -1;
  }
  return 0;
}

int
sandbox_enter (struct vmm *vm, const struct sandbox_fds *keep)
{
  if (vm->cfg->sandbox == SANDBOX_OFF)
    return 0;
  close_unexpected (vm, keep);
  /* glibc reads /etc/localtime on the first time conversion (the
   * RTC's gmtime_r): now, while it still may. */
  tzset ();
  if (drop_privileges (vm) == -1)
    return -1;
  return install_filter (vm, vm->cfg->sandbox == SANDBOX_KILL);
}

/* Print what CALL gave (R, errno E); true if it was denied. */
static bool
report (const char *call, long r, int e)
{
  bool denied = r == -1 && e == EPERM;

  if (denied)
    printf ("sandbox-selftest: %s: denied (EPERM)\n", call);
  else if (r == -1)
    printf ("sandbox-selftest: %s: failed: %s\n", call, strerror (e));
  else
    printf ("sandbox-selftest: %s: ALLOWED\n", call);
  fflush (stdout);
  return denied;
}

/* Announce CALL first: in kill mode it is the last line. */
static void
trying (const char *call)
{
  printf ("sandbox-selftest: trying %s\n", call);
  fflush (stdout);
}

int
sandbox_selftest (enum sandbox_mode mode)
{
  static char *const argv[] = { (char *) "/bin/true", NULL };
  static char *const envp[] = { NULL };
  bool all = true;
  long r;

  printf ("sandbox-selftest: mode %s, %zu calls allowed\n",
          sandbox_mode_name (mode), sandbox_allowlist_size ());
  trying ("openat /etc/passwd");
  r = syscall (SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY | O_CLOEXEC);
  all &= report ("openat /etc/passwd", r, errno);
  trying ("execve /bin/true");
  r = syscall (SYS_execve, argv[0], argv, envp);
  all &= report ("execve /bin/true", r, errno);
  trying ("socket AF_INET");
  r = syscall (SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  all &= report ("socket AF_INET", r, errno);
  trying ("ptrace PTRACE_TRACEME");
  r = syscall (SYS_ptrace, PTRACE_TRACEME, 0, NULL, NULL);
  all &= report ("ptrace PTRACE_TRACEME", r, errno);
  printf ("sandbox-selftest: %s\n", all ? "PASS" : "FAIL");
  fflush (stdout);
  return all ? 0 : 1;
}
