/* guestkit — the qemu backend.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the backend that runs the appliance with
 * C<qemu-system-x86_64>: legacy virtio-pci devices (the flavour our own
 * VMM emulates), user disks first in add order, the appliance's root
 * disk last, the RPC channel on a virtio-serial port connected to a
 * Unix socket in the handle's private directory, and the serial
 * console on a socketpair that becomes APPLIANCE events.
 *
 * Image names never reach QEMU's filename parser: they are passed as
 * C<file.filename=> (no protocol prefixes, no C<json:>) with commas
 * doubled, and the format is always explicit.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guestfs-internal.h"

#define CONNECT_TIMEOUT_MS 30000

/* qboot, a firmware that does little more than load the kernel: under
 * TCG it starts the kernel ~30 ms sooner than SeaBIOS, and the kernel
 * then boots ~60 ms faster too (Debian ships it with QEMU). */
#define QBOOT_PATH "/usr/share/qemu/qboot.rom"

struct qemu_data {
  pid_t pid;
};

/* QEMU option values escape ',' as ",,". */
static char *
escape_commas (guestfs_h *g, const char *s)
{
  char *r = safe_malloc (g, strlen (s) * 2 + 1), *p = r;

  for (; *s; s++) {
    *p++ = *s;
    if (*s == ',')
      *p++ = ',';
  }
  *p = '\0';
  return r;
}

static bool
use_kvm (guestfs_h *g)
{
  if (guestfs_int_has_backend_setting (g, "force_tcg"))
    return false;
  if (guestfs_int_has_backend_setting (g, "force_kvm"))
    return true;
  return guestfs_int_kvm_usable (g);
}

static void
add_drive_args (struct guestfs_int_argv *a, size_t i, const struct drive *d)
{
  CLEANUP_FREE char *file = escape_commas (a->g, d->filename);

  ADD_ARG (a, "-drive");
  ADD_ARG (a, "driver=%s,file.driver=file,file.filename=%s,if=none,id=hd%zu,"
       "cache=%s%s", d->launch_format, file, i, d->cachemode,
       /* Read-only: no QEMU lock either, so that an image another
        * process writes can still be read (image-lock.c warns). */
       d->readonly ? ",snapshot=on,file.locking=off" : "");
  ADD_ARG (a, "-device");
  /* The label (checked: 1-20 of [A-Za-z0-9_]) travels as the disk's
   * serial; the daemon links /dev/disk/guestfs/LABEL to it. */
  ADD_ARG (a, "virtio-blk-pci,drive=hd%zu,disable-modern=on%s%s", i,
       d->label ? ",serial=" : "", d->label ? d->label : "");
}

static void
build_argv (struct guestfs_int_argv *a, const char *kernel, const char *initrd,
            const char *root, const char *cmdline, const char *sock)
{
  guestfs_h *g = a->g;
  bool kvm = use_kvm (g);
  CLEANUP_FREE char *root_e = escape_commas (g, root);
  CLEANUP_FREE char *sock_e = escape_commas (g, sock);
  size_t i;

  debug (g, "qemu: accelerator %s", kvm ? "kvm" : "tcg");
  ADD_ARG (a, "%s", guestfs_int_hv (g));
  ADD_ARG (a, "-nodefaults"); ADD_ARG (a, "-no-user-config");
  ADD_ARG (a, "-display"); ADD_ARG (a, "none");
  ADD_ARG (a, "-machine"); ADD_ARG (a, "pc,accel=%s", kvm ? "kvm" : "tcg");
  ADD_ARG (a, "-cpu"); ADD_ARG (a, "%s", kvm ? "host" : "max");
  if (!kvm && access (QBOOT_PATH, R_OK) == 0) {
    ADD_ARG (a, "-bios"); ADD_ARG (a, "%s", QBOOT_PATH);
  }
  ADD_ARG (a, "-m"); ADD_ARG (a, "%d", g->memsize);
  ADD_ARG (a, "-smp"); ADD_ARG (a, "%d", g->smp);
  ADD_ARG (a, "-no-reboot");
  ADD_ARG (a, "-kernel"); ADD_ARG (a, "%s", kernel);
  ADD_ARG (a, "-initrd"); ADD_ARG (a, "%s", initrd);
  /* Under TCG, where every guest instruction is emulated:
   * - noapictimer: the CPU has no TSC-deadline timer, so the kernel
   *   would spend ~0.2 s calibrating the local APIC timer against the
   *   PIT; with one vCPU the PIT serves as the only clock event;
   * - noreplace-smp: with one CPU the kernel would rewrite every LOCK
   *   prefix in its text (~0.1 s here, each write invalidating
   *   translated code), for atomics that cost nothing measurable.
   * Under KVM neither costs anything worth a kernel option, and with
   * more vCPUs the PIT would have to broadcast every tick. */
  ADD_ARG (a, "-append");
  ADD_ARG (a, "%s%s", cmdline,
           !kvm && g->smp == 1 ? " noapictimer noreplace-smp" : "");
  ADD_ARG (a, "-serial"); ADD_ARG (a, "stdio");
  for (i = 0; i < g->nr_drives; i++)
    add_drive_args (a, i, &g->drives[i]);
  ADD_ARG (a, "-drive");
  ADD_ARG (a, "driver=raw,file.driver=file,file.filename=%s,if=none,"
       "id=appliance,readonly=on,cache=unsafe", root_e);
  ADD_ARG (a, "-device"); ADD_ARG (a, "virtio-blk-pci,drive=appliance,disable-modern=on");
  ADD_ARG (a, "-object"); ADD_ARG (a, "rng-random,filename=/dev/urandom,id=rng0");
  ADD_ARG (a, "-device"); ADD_ARG (a, "virtio-rng-pci,rng=rng0,disable-modern=on");
  ADD_ARG (a, "-device"); ADD_ARG (a, "virtio-serial-pci,disable-modern=on");
  ADD_ARG (a, "-chardev"); ADD_ARG (a, "socket,path=%s,id=channel0", sock_e);
  ADD_ARG (a, "-device");
  ADD_ARG (a, "virtserialport,chardev=channel0,name=org.libguestfs.channel.0");
}

static int
make_listener (guestfs_h *g, const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd;

  if (strlen (path) >= sizeof addr.sun_path) {
    error (g, "socket path too long: %s (set TMPDIR to a shorter path)", path);
    return -1;
  }
  strcpy (addr.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd == -1) {
    perrorf (g, "socket");
    return -1;
  }
  unlink (path);
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) == -1 ||
      listen (fd, 1) == -1) {
    perrorf (g, "bind: %s", path);
    close (fd);
    return -1;
  }
  return fd;
}

static void __attribute__((noreturn))
child (guestfs_h *g, bool die, int console, char **argv)
{
  /* No orphans (unless the recovery process is off): QEMU dies with
   * the process that launched it. */
  guestfs_int_child_setup (g->pgroup, die);
  dup2 (console, 0);
  dup2 (console, 1);
  dup2 (console, 2);
  execvp (argv[0], argv);
  fprintf (stderr, "cannot run %s: %s\n", argv[0], strerror (errno));
  _exit (127);
}

static int
spawn (guestfs_h *g, struct qemu_data *data, char **argv, int *console_r)
{
  int sv[2];
  bool die = guestfs_int_dies_with_caller (g);

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
    perrorf (g, "socketpair");
    return -1;
  }
  data->pid = fork ();
  if (data->pid == -1) {
    perrorf (g, "fork");
    close (sv[0]);
    close (sv[1]);
    return -1;
  }
  if (data->pid == 0)
    child (g, die, sv[1], argv);
  close (sv[1]);
  *console_r = sv[0];
  return 0;
}

/* Wait for QEMU to connect to the channel socket, passing console
 * output on meanwhile.  Returns the connected fd or -1. */
static int
accept_channel (guestfs_h *g, int lfd)
{
  struct pollfd p[2] = { { lfd, POLLIN, 0 }, { g->console_fd, POLLIN, 0 } };
  char buf[4096];
  ssize_t n;
  int r, waited = 0;

  while (waited < CONNECT_TIMEOUT_MS) {
    r = poll (p, 2, 200);
    waited += 200;
    if (r > 0 && (p[0].revents & POLLIN))
      return accept4 (lfd, NULL, NULL, SOCK_CLOEXEC);
    if (r > 0 && (p[1].revents & (POLLIN | POLLHUP))) {
      n = read (g->console_fd, buf, sizeof buf);
      if (n <= 0) {
        error (g, "qemu exited during launch: %s",
               g->last_console_line[0] ? g->last_console_line : "no message");
        return -1;
      }
      guestfs_int_console_input (g, buf, n);
    }
  }
  error (g, "qemu did not connect to the RPC channel within %d s",
         CONNECT_TIMEOUT_MS / 1000);
  return -1;
}

static int
qemu_launch (guestfs_h *g, void *vdata, const char *kernel,
             const char *initrd, const char *root, const char *cmdline)
{
  struct qemu_data *data = vdata;
  struct guestfs_int_argv a = { .g = g };
  const char *sockdir = guestfs_int_sockdir (g);
  CLEANUP_FREE char *sock = NULL;
  int lfd, r = -1;

  if (!sockdir)
    return -1;
  sock = safe_asprintf (g, "%s/sock", sockdir);
  build_argv (&a, kernel, initrd, root, cmdline, sock);
  guestfs_int_log_argv (g, a.argv, " \\\n    ");
  lfd = make_listener (g, sock);
  if (lfd >= 0 && spawn (g, data, a.argv, &g->console_fd) == 0) {
    g->daemon_fd = accept_channel (g, lfd);
    if (g->daemon_fd >= 0)
      r = 0;
    else if (errno && !guestfs_last_error (g))
      perrorf (g, "accept");
  }
  if (lfd >= 0)
    close (lfd);
  unlink (sock);
  guestfs_int_argv_free (&a);
  return r;
}

static int
qemu_shutdown (guestfs_h *g, void *vdata, bool check)
{
  struct qemu_data *data = vdata;
  int status;

  if (data->pid <= 0)
    return 0;
  /* TCG can take a while to sync and power off. */
  status = guestfs_int_stop_process (g, data->pid, check, 60000);
  data->pid = 0;
  if (check && status != 0) {
    error (g, "qemu exited abnormally (status %d): %s", status,
           g->last_console_line[0] ? g->last_console_line : "no message");
    return -1;
  }
  return 0;
}

static pid_t
qemu_get_pid (guestfs_h *g, void *vdata)
{
  struct qemu_data *data = vdata;

  (void) g;
  return data->pid > 0 ? data->pid : -1;
}

const struct backend backend_qemu = {
  .name = "qemu",
  .data_size = sizeof (struct qemu_data),
  .launch = qemu_launch,
  .shutdown = qemu_shutdown,
  .get_pid = qemu_get_pid,
};
