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

#define MAX_ARGS 256
#define CONNECT_TIMEOUT_MS 30000

struct qemu_data {
  pid_t pid;
};

struct argv_builder {
  guestfs_h *g;
  char *argv[MAX_ARGS];
  size_t n;
};

static void
add_arg (struct argv_builder *a, char *s)   /* takes ownership */
{
  if (a->n < MAX_ARGS - 1)
    a->argv[a->n++] = s;
  else
    free (s);
}

#define ADD(a, ...) add_arg ((a), safe_asprintf ((a)->g, __VA_ARGS__))

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
  const char *s = getenv ("LIBGUESTFS_BACKEND_SETTINGS");

  if (s && strstr (s, "force_tcg"))
    return false;
  if (s && strstr (s, "force_kvm"))
    return true;
  return guestfs_int_kvm_usable (g);
}

static void
add_drive_args (struct argv_builder *a, size_t i, const struct drive *d)
{
  CLEANUP_FREE char *file = escape_commas (a->g, d->filename);

  ADD (a, "-drive");
  ADD (a, "driver=%s,file.driver=file,file.filename=%s,if=none,id=hd%zu,"
       "cache=%s%s", d->format, file, i, d->cachemode,
       d->readonly ? ",snapshot=on" : "");
  ADD (a, "-device");
  /* The label (checked: 1-20 of [A-Za-z0-9_]) travels as the disk's
   * serial; the daemon links /dev/disk/guestfs/LABEL to it. */
  ADD (a, "virtio-blk-pci,drive=hd%zu,disable-modern=on%s%s", i,
       d->label ? ",serial=" : "", d->label ? d->label : "");
}

static void
build_argv (struct argv_builder *a, const char *kernel, const char *initrd,
            const char *root, const char *cmdline, const char *sock)
{
  guestfs_h *g = a->g;
  bool kvm = use_kvm (g);
  CLEANUP_FREE char *root_e = escape_commas (g, root);
  CLEANUP_FREE char *sock_e = escape_commas (g, sock);
  size_t i;

  debug (g, "qemu: accelerator %s", kvm ? "kvm" : "tcg");
  ADD (a, "%s", getenv ("LIBGUESTFS_HV") ? getenv ("LIBGUESTFS_HV") : QEMU);
  ADD (a, "-nodefaults"); ADD (a, "-no-user-config");
  ADD (a, "-display"); ADD (a, "none");
  ADD (a, "-machine"); ADD (a, "pc,accel=%s", kvm ? "kvm" : "tcg");
  ADD (a, "-cpu"); ADD (a, "%s", kvm ? "host" : "max");
  ADD (a, "-m"); ADD (a, "%d", g->memsize);
  ADD (a, "-no-reboot");
  ADD (a, "-kernel"); ADD (a, "%s", kernel);
  ADD (a, "-initrd"); ADD (a, "%s", initrd);
  ADD (a, "-append"); ADD (a, "%s", cmdline);
  ADD (a, "-serial"); ADD (a, "stdio");
  for (i = 0; i < g->nr_drives; i++)
    add_drive_args (a, i, &g->drives[i]);
  ADD (a, "-drive");
  ADD (a, "driver=raw,file.driver=file,file.filename=%s,if=none,"
       "id=appliance,readonly=on,cache=unsafe", root_e);
  ADD (a, "-device"); ADD (a, "virtio-blk-pci,drive=appliance,disable-modern=on");
  ADD (a, "-object"); ADD (a, "rng-random,filename=/dev/urandom,id=rng0");
  ADD (a, "-device"); ADD (a, "virtio-rng-pci,rng=rng0,disable-modern=on");
  ADD (a, "-device"); ADD (a, "virtio-serial-pci,disable-modern=on");
  ADD (a, "-chardev"); ADD (a, "socket,path=%s,id=channel0", sock_e);
  ADD (a, "-device");
  ADD (a, "virtserialport,chardev=channel0,name=org.libguestfs.channel.0");
  a->argv[a->n] = NULL;
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
child (int console, char **argv)
{
  /* No orphans: QEMU dies with the process that launched it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  setpgid (0, 0);
  dup2 (console, 0);
  dup2 (console, 1);
  dup2 (console, 2);
  execvp (argv[0], argv);
  fprintf (stderr, "cannot run %s: %s\n", argv[0], strerror (errno));
  _exit (127);
}

static void
log_command (guestfs_h *g, char **argv)
{
  CLEANUP_FREE char *buf = NULL;
  size_t len = 0, i;
  FILE *fp;

  if (!g->verbose || !(fp = open_memstream (&buf, &len)))
    return;
  for (i = 0; argv[i]; i++)
    fprintf (fp, "%s%s", i ? " \\\n    " : "", argv[i]);
  fclose (fp);
  debug (g, "%s", buf);
}

static int
spawn (guestfs_h *g, struct qemu_data *data, char **argv, int *console_r)
{
  int sv[2];

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
    child (sv[1], argv);
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
  struct argv_builder a = { .g = g };
  CLEANUP_FREE char *sock = safe_asprintf (g, "%s/sock", g->tmpdir);
  int lfd, r = -1;
  size_t i;

  build_argv (&a, kernel, initrd, root, cmdline, sock);
  log_command (g, a.argv);
  lfd = make_listener (g, sock);
  if (lfd >= 0 && spawn (g, data, a.argv, &g->console_fd) == 0) {
    g->daemon_fd = accept_channel (g, lfd);
    if (g->daemon_fd >= 0)
      r = 0;
    else if (errno && !g->last_error)
      perrorf (g, "accept");
  }
  if (lfd >= 0)
    close (lfd);
  unlink (sock);
  for (i = 0; i < a.n; i++)
    free (a.argv[i]);
  return r;
}

static int
wait_exit (pid_t pid, int timeout_ms, int *status)
{
  int waited = 0;
  pid_t r;

  for (;;) {
    r = waitpid (pid, status, WNOHANG);
    if (r == pid || (r == -1 && errno != EINTR))
      return r == pid ? 0 : -1;
    if (waited >= timeout_ms)
      return -1;
    usleep (20000);
    waited += 20;
  }
}

static int
qemu_shutdown (guestfs_h *g, void *vdata, bool check)
{
  struct qemu_data *data = vdata;
  char buf[4096];
  int status = 0;
  ssize_t n;

  if (data->pid <= 0)
    return 0;
  /* Let the appliance sync and power off, draining its console. */
  if (g->console_fd >= 0) {
    struct pollfd p = { g->console_fd, POLLIN, 0 };
    while (poll (&p, 1, 30000) > 0 &&
           (n = read (g->console_fd, buf, sizeof buf)) > 0)
      guestfs_int_console_input (g, buf, n);
  }
  if (wait_exit (data->pid, 5000, &status) == -1) {
    kill (data->pid, SIGKILL);
    wait_exit (data->pid, 5000, &status);
    status = -1;
  }
  data->pid = 0;
  if (check && status != 0) {
    error (g, "qemu exited abnormally (status %d): %s", status,
           g->last_console_line[0] ? g->last_console_line : "no message");
    return -1;
  }
  return 0;
}

const struct backend backend_qemu = {
  .name = "qemu",
  .data_size = sizeof (struct qemu_data),
  .launch = qemu_launch,
  .shutdown = qemu_shutdown,
};
