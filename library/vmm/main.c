/* guestkit — guestkit-vmm, the helper process that runs the appliance.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the program F<guestkit-vmm>: its command line,
 * the order of setup (KVM, devices, boot data) and teardown, and its
 * exit status.  The library starts it with the files already open
 * (C<fd:N> arguments), so the VMM never resolves a guest-influenced
 * path; paths are accepted too, for tests and debugging.
 *
 *   guestkit-vmm --kernel FILE [--initrd FILE] [--cmdline STR]
 *                [--memsize MiB] [--disk FILE [--format raw|qcow2]
 *                [--allow-backing] [--ro] [--snapshot] [--serial S]]...
 *                [--channel FD] [--console FD] [--control FD]
 *                [--tmpdir DIR] [--timeout S] [--emulated-kvm]
 *                [--no-ioeventfd] [--no-die-with-parent] [--sandbox=kill|errno|off]
 *                [--sandbox-selftest] [--inject RULES] [--help]
 *
 * Options after --disk apply to that disk.  --format names the image's
 * format; without it the format is probed, and a probed raw image
 * refuses guest writes that would make it probe as another format.  A
 * probed image never follows the backing-file names it holds unless
 * --allow-backing is given; an image whose format is named always may.
 * Backing names resolve against the image's directory, or the current
 * directory for an fd:N image.  --ro makes the disk read-only;
 * --snapshot sends guest writes to a throwaway overlay in --tmpdir
 * (default $TMPDIR, else /tmp), never to the image.  Images are opened
 * before KVM is set up, so a bad image is reported even without KVM.
 *
 * After setup, before the vCPU thread starts, the VMM enters its
 * sandbox (F<sandbox.c>): only the descriptors it needs stay open, root
 * becomes nobody, every capability goes, no_new_privs is set and a
 * seccomp allow-list of 55 system calls (F<sandbox-filter.c>) is
 * installed.  --sandbox says what a call off the list does: errno
 * (the default: it fails with EPERM), kill (SIGSYS ends the process)
 * or off (no sandbox at all; $GUESTKIT_VMM_SANDBOX sets the default).
 * --sandbox-selftest (for the tests) sets the machine up, enters the
 * sandbox, tries calls that must be denied, prints the results on
 * stdout and exits 0 if all were denied, 1 if not.
 * --inject arms test-only block-layer fault injection for every disk
 * (RULES as in block/inject.h, e.g. "data:EIO:once:100"); the library
 * never passes it.
 *
 * Exit status: the guest's status-port code; 0 after a reset or a
 * triple fault; 77 if KVM is missing or unusable; 120 on a VMM error
 * (one line on stderr, e.g. "guestkit-vmm: disk.qcow2: backing chain
 * deeper than 16 images"); 124 when --timeout passed.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <signal.h>
#include <unistd.h>

#include "machine.h"
#include "sandbox.h"
#include "block/inject.h"

/**
 * Record the machine's error (the first one wins: later ones are
 * usually consequences).
 */
void
vmm_set_error (struct vmm *vm, const char *fs, ...)
{
  va_list ap;

  if (vm->error[0])
    return;
  va_start (ap, fs);
  vsnprintf (vm->error, sizeof vm->error, fs, ap);
  va_end (ap);
}

static int
parse_fd (const char *s)
{
  char *end;
  long v;

  errno = 0;
  v = strtol (s, &end, 10);
  if (errno || end == s || *end || v < 0 || v > INT_MAX)
    return -1;
  return (int) v;
}

/**
 * Open FILE: C<fd:N> takes over an inherited descriptor, anything else
 * is opened as a path.  Returns the fd (owned by the caller) or -1 with
 * the error set.
 */
int
vmm_open_file (struct vmm *vm, const char *file, bool wr)
{
  int fd;

  if (strncmp (file, "fd:", 3) == 0) {
    fd = parse_fd (file + 3);
    if (fd < 0 || fcntl (fd, F_GETFD) == -1) {
      vmm_set_error (vm, "%s: not an open file descriptor", file);
      return -1;
    }
    return fd;
  }
  fd = open (file, (wr ? O_RDWR : O_RDONLY) | O_CLOEXEC);
  if (fd == -1)
    vmm_set_error (vm, "%s: %s", file, strerror (errno));
  return fd;
}

static void __attribute__((noreturn, format (printf, 1, 2)))
usage_error (const char *fs, ...)
{
  va_list ap;

  fprintf (stderr, "guestkit-vmm: ");
  va_start (ap, fs);
  vfprintf (stderr, fs, ap);
  va_end (ap);
  fprintf (stderr, "\n");
  exit (VMM_EXIT_FAILURE);
}

static unsigned
parse_uint (const char *opt, const char *s, unsigned max)
{
  int v = parse_fd (s);

  if (v < 0 || (unsigned) v > max)
    usage_error ("bad number for %s", opt);
  return v;
}

enum { OPT_KERNEL = 256, OPT_INITRD, OPT_CMDLINE, OPT_MEMSIZE, OPT_DISK,
       OPT_RO, OPT_SNAPSHOT, OPT_SERIAL, OPT_CHANNEL, OPT_CONSOLE,
       OPT_CONTROL, OPT_TMPDIR, OPT_TIMEOUT, OPT_EMULATED_KVM, OPT_FORMAT,
       OPT_ALLOW_BACKING, OPT_NO_DIE_WITH_PARENT, OPT_SANDBOX,
       OPT_SANDBOX_SELFTEST, OPT_HELP, OPT_INJECT, OPT_NO_IOEVENTFD };

static const struct option options[] = {
  { "kernel", 1, NULL, OPT_KERNEL }, { "initrd", 1, NULL, OPT_INITRD },
  { "cmdline", 1, NULL, OPT_CMDLINE }, { "memsize", 1, NULL, OPT_MEMSIZE },
  { "disk", 1, NULL, OPT_DISK }, { "ro", 0, NULL, OPT_RO },
  { "snapshot", 0, NULL, OPT_SNAPSHOT }, { "serial", 1, NULL, OPT_SERIAL },
  { "channel", 1, NULL, OPT_CHANNEL }, { "console", 1, NULL, OPT_CONSOLE },
  { "control", 1, NULL, OPT_CONTROL }, { "tmpdir", 1, NULL, OPT_TMPDIR },
  { "timeout", 1, NULL, OPT_TIMEOUT },
  { "emulated-kvm", 0, NULL, OPT_EMULATED_KVM },
  { "no-ioeventfd", 0, NULL, OPT_NO_IOEVENTFD },
  { "format", 1, NULL, OPT_FORMAT },
  { "allow-backing", 0, NULL, OPT_ALLOW_BACKING },
  { "no-die-with-parent", 0, NULL, OPT_NO_DIE_WITH_PARENT },
  { "sandbox", 1, NULL, OPT_SANDBOX },
  { "sandbox-selftest", 0, NULL, OPT_SANDBOX_SELFTEST },
  { "help", 0, NULL, OPT_HELP },
  { "inject", 1, NULL, OPT_INJECT },
  { NULL, 0, NULL, 0 },
};

static void __attribute__((noreturn))
usage (void)
{
  printf ("guestkit-vmm: runs the guestkit appliance on /dev/kvm\n"
          "usage: guestkit-vmm --kernel FILE [--initrd FILE] [--cmdline STR]\n"
          "         [--memsize MiB] [--disk FILE [--format raw|qcow2]\n"
          "         [--allow-backing] [--ro] [--snapshot] [--serial S]]...\n"
          "         [--channel FD] [--console FD] [--control FD]\n"
          "         [--tmpdir DIR] [--timeout S] [--emulated-kvm]\n"
          "         [--no-ioeventfd] [--no-die-with-parent] [--sandbox=MODE]\n"
          "         [--inject RULES]\n"
          "FILE may be fd:N, a descriptor already open.\n"
          "--no-ioeventfd  serve every queue kick on the vCPU thread (a KVM\n"
          "                exit) instead of through an ioeventfd on the I/O\n"
          "                thread; $GUESTKIT_VMM_IOEVENTFD=0 does the same\n"
          "--inject RULES  test-only block-layer fault injection on every\n"
          "                disk (e.g. data:EIO:once:100)\n"
          "--sandbox=MODE  what a system call off the sandbox's allow-list\n"
          "                (%zu calls) does: errno (fails with EPERM), kill\n"
          "                (SIGSYS ends the VMM) or off (no sandbox: no fd\n"
          "                audit, no privilege drop, no seccomp)\n"
          "                (default: %s; $GUESTKIT_VMM_SANDBOX overrides it)\n"
          "--sandbox-selftest  set up, enter the sandbox, try openat, execve,\n"
          "                socket and ptrace, print each result, exit\n"
          "                (0 if all were denied)\n"
          "The sandbox is entered after setup: only the descriptors the\n"
          "machine needs stay open, root becomes uid/gid 65534, every\n"
          "capability is dropped, no_new_privs is set, then the seccomp\n"
          "filter is installed.\n",
          sandbox_allowlist_size (),
          sandbox_mode_name (sandbox_default_mode ()));
  exit (EXIT_SUCCESS);
}

static void
parse_sandbox (struct vmm_config *c, const char *opt, const char *arg)
{
  int m = sandbox_parse_mode (arg);

  if (m < 0)
    usage_error ("%s %s: kill, errno or off", opt, arg);
  c->sandbox = m;
}

static struct vmm_disk *
last_disk (struct vmm_config *c, const char *opt)
{
  if (c->nr_disks == 0)
    usage_error ("%s must follow --disk", opt);
  return &c->disks[c->nr_disks - 1];
}

/* The options that follow --disk. */
static bool
parse_disk_option (struct vmm_config *c, int o, const char *arg)
{
  switch (o) {
  case OPT_RO: last_disk (c, "--ro")->readonly = true; break;
  case OPT_SNAPSHOT: last_disk (c, "--snapshot")->snapshot = true; break;
  case OPT_SERIAL:
    if (strlen (arg) > 20)
      usage_error ("--serial %s: at most 20 bytes", arg);
    last_disk (c, "--serial")->serial = arg;
    break;
  case OPT_FORMAT:
    if (strcmp (arg, "raw") != 0 && strcmp (arg, "qcow2") != 0)
      usage_error ("--format %s: raw or qcow2", arg);
    last_disk (c, "--format")->format = arg;
    break;
  case OPT_ALLOW_BACKING:
    last_disk (c, "--allow-backing")->allow_backing = true;
    break;
  default:
    return false;
  }
  return true;
}

static void
parse_inject (const char *rules)
{
  char err[256];

  if (bdev_inject_parse (rules, err, sizeof err) == -1)
    usage_error ("--inject %s: %s", rules, err);
}

static void
parse_option (struct vmm_config *c, int o, const char *arg)
{
  if (parse_disk_option (c, o, arg))
    return;
  switch (o) {
  case OPT_KERNEL: c->kernel = arg; break;
  case OPT_INITRD: c->initrd = arg; break;
  case OPT_CMDLINE: c->cmdline = arg; break;
  case OPT_MEMSIZE:
    c->memsize_mib = parse_uint ("--memsize", arg, VMM_MAX_MEMSIZE);
    c->memsize_mib = (c->memsize_mib + 1) & ~UINT64_C(1);
    if (c->memsize_mib < 16)
      usage_error ("--memsize %s: at least 16 MiB", arg);
    break;
  case OPT_DISK:
    if (c->nr_disks == VMM_MAX_DISKS)
      usage_error ("too many disks (at most %d)", VMM_MAX_DISKS);
    c->disks[c->nr_disks++] = (struct vmm_disk) { .file = arg };
    break;
  case OPT_CHANNEL: c->channel_fd = parse_uint ("--channel", arg, INT_MAX);
    break;
  case OPT_CONSOLE: c->console_fd = parse_uint ("--console", arg, INT_MAX);
    break;
  case OPT_CONTROL: c->control_fd = parse_uint ("--control", arg, INT_MAX);
    break;
  case OPT_TMPDIR: c->tmpdir = arg; break;
  case OPT_TIMEOUT: c->timeout = parse_uint ("--timeout", arg, 86400); break;
  case OPT_EMULATED_KVM: c->emulated_kvm = true; break;
  case OPT_NO_IOEVENTFD: c->no_ioeventfd = true; break;
  case OPT_NO_DIE_WITH_PARENT: c->no_die_with_parent = true; break;
  case OPT_SANDBOX: parse_sandbox (c, "--sandbox", arg); break;
  case OPT_SANDBOX_SELFTEST: c->sandbox_selftest = true; break;
  case OPT_HELP: usage ();
  case OPT_INJECT: parse_inject (arg); break;
  default:
    usage_error ("unknown option (see the comment in library/vmm/main.c)");
  }
}

static void
parse_args (struct vmm_config *c, int argc, char **argv)
{
  int o;

  *c = (struct vmm_config) {
    .cmdline = "", .memsize_mib = VMM_DEFAULT_MEMSIZE, .channel_fd = -1,
    .console_fd = 1, .control_fd = -1, .sandbox = sandbox_default_mode (),
  };
  c->tmpdir = getenv ("TMPDIR") ? getenv ("TMPDIR") : "/tmp";
  if (getenv ("GUESTKIT_VMM_IOEVENTFD") &&
      strcmp (getenv ("GUESTKIT_VMM_IOEVENTFD"), "0") == 0)
    c->no_ioeventfd = true;
  if (getenv ("GUESTKIT_VMM_SANDBOX") && *getenv ("GUESTKIT_VMM_SANDBOX"))
    parse_sandbox (c, "$GUESTKIT_VMM_SANDBOX", getenv ("GUESTKIT_VMM_SANDBOX"));
  while ((o = getopt_long (argc, argv, "", options, NULL)) != -1)
    parse_option (c, o, optarg);
  if (optind != argc)
    usage_error ("unexpected argument %s", argv[optind]);
  if (!c->kernel)
    usage_error ("%s is required", "--kernel");
}

/* Set the machine up; DISK_FDS gets the descriptors open once the
 * images are (for the sandbox's audit). */
static int
setup (struct vmm *vm, struct sandbox_fds *disk_fds)
{
  vm->exit_efd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  vm->wake_efd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (vm->exit_efd == -1 || vm->wake_efd == -1) {
    vmm_set_error (vm, "eventfd: %s", strerror (errno));
    return -1;
  }
  /* Images first: their errors do not depend on KVM. */
  if (machine_open_disks (vm) == -1)
    return -1;
  sandbox_fds_snapshot (disk_fds);
  if (kvm_init (vm) == -1 || machine_build (vm) == -1 ||
      ioev_init (vm) == -1 || machine_load (vm) == -1 || sandbox_enter (vm, disk_fds) == -1)
    return -1;
  return 0;
}

int
main (int argc, char **argv)
{
  static struct vmm vm;
  static struct sandbox_fds disk_fds;
  struct vmm_config cfg;
  int status;

  signal (SIGPIPE, SIG_IGN);
  /* Under RLIMIT_FSIZE a write that would grow an image past the
   * limit must fail with EFBIG (an I/O error for the guest), not kill
   * the VMM. */
  signal (SIGXFSZ, SIG_IGN);
  parse_args (&cfg, argc, argv);
  /* No orphans: the VMM dies with the process that started it (the
   * library says --no-die-with-parent when that is a thread which may
   * end before the handle does). */
  if (!cfg.no_die_with_parent)
    prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (cfg.sandbox != SANDBOX_OFF)
    sandbox_close_inherited (&cfg);
  vm.cfg = &cfg;
  vm.exit_efd = vm.wake_efd = -1;
  vm.kvm_fd = vm.vm_fd = vm.vcpu_fd = -1;
  if (setup (&vm, &disk_fds) == -1)
    status = vm.kvm_unusable ? VMM_EXIT_KVM_UNUSABLE : VMM_EXIT_FAILURE;
  else if (cfg.sandbox_selftest)
    status = sandbox_selftest (cfg.sandbox);
  else
    status = vmm_run (&vm);
  machine_teardown (&vm);
  ioev_teardown (&vm);
  kvm_teardown (&vm);
  if (vm.error[0])
    fprintf (stderr, "guestkit-vmm: %s\n", vm.error);
  return status;
}
