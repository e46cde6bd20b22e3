/* guestkit — the vmm backend: our own VMM as a helper process.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the backend that runs the appliance with
 * F<guestkit-vmm> (F<library/vmm/>), a helper process, so that a VMM
 * crash or a hostile guest cannot take the caller down.  The library
 * opens every file the VMM needs (kernel, initrd, root and user disks)
 * and hands over descriptors, never paths.  Three socketpairs connect
 * the two: the RPC channel (the appliance's virtio-console port), the
 * serial console (the VMM's stdout and stderr, which become APPLIANCE
 * events), and a control socket on which the VMM sends "ready" when
 * the appliance's init reports in, and a heartbeat byte every second:
 * if the heartbeat stops for 5 s the VMM is declared hung.
 *
 * The helper is F<$GUESTKIT_VMM>, or the installed
 * F<$(pkglibexecdir)/guestkit-vmm> (see F<install-dirs.c>).  It dies with the caller
 * (C<PR_SET_PDEATHSIG>) unless the recovery process is turned off or
 * the caller launched from a thread other than its main one.
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
#include <sys/wait.h>
#include <unistd.h>

#include "guestfs-internal.h"

#define HEARTBEAT_LIMIT 5.0     /* s */

struct vmm_data {
  pid_t pid;
  int control_fd;
  double last_beat;
  bool ready;
};

struct vmm_argv {
  struct guestfs_int_argv a;
  guestfs_h *g;
  int fds[MAX_DRIVES + 8];      /* to pass to the child */
  size_t nr_fds;
  bool die;                     /* dies with the caller */
};

#define ADD(v, ...) ADD_ARG (&(v)->a, __VA_ARGS__)

/* Open PATH and pass it as "OPTION fd:N".  Returns 0 or -1. */
static int
add_file (struct vmm_argv *a, const char *option, const char *path, bool rw)
{
  int fd = open (path, (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC);

  if (fd == -1) {
    perrorf (a->g, "%s", path);
    return -1;
  }
  a->fds[a->nr_fds++] = fd;
  ADD (a, "%s", option);
  ADD (a, "fd:%d", fd);
  return 0;
}

static int
add_drives (struct vmm_argv *a)
{
  guestfs_h *g = a->g;
  size_t i;

  for (i = 0; i < g->nr_drives; i++) {
    const struct drive *d = &g->drives[i];

    /* By name, so that the VMM resolves backing names from the
     * image's directory; it probes (with the same rules) when the
     * caller gave no format. */
    ADD (a, "--disk");
    ADD (a, "%s", d->filename);
    if (d->format) {
      ADD (a, "--format");
      ADD (a, "%s", d->launch_format);
    }
    if (d->readonly)
      ADD (a, "--snapshot");
    if (d->label) {
      ADD (a, "--serial");
      ADD (a, "%s", d->label);
    }
  }
  return 0;
}

/* The helper to run (malloc'd). */
static char *
helper_path (guestfs_h *g)
{
  const char *p = getenv ("GUESTKIT_VMM");

  return p && *p ? safe_strdup (g, p) : guestfs_int_default_vmm_path (g);
}

static int
build_argv (struct vmm_argv *a, const char *kernel, const char *initrd,
            const char *root, const char *cmdline)
{
  guestfs_h *g = a->g;
  CLEANUP_FREE char *helper = helper_path (g);

  ADD (a, "%s", helper);
  if (add_file (a, "--kernel", kernel, false) == -1 ||
      add_file (a, "--initrd", initrd, false) == -1 || add_drives (a) == -1 ||
      add_file (a, "--disk", root, false) == -1)
    return -1;
  ADD (a, "--format"); ADD (a, "raw");    /* the appliance root: ours */
  ADD (a, "--ro");
  ADD (a, "--cmdline"); ADD (a, "%s guestkit_status=1", cmdline);
  ADD (a, "--memsize"); ADD (a, "%d", g->memsize);
  if (g->smp > 1)
    debug (g, "vmm: runs one vCPU (smp %d is for the qemu backend)", g->smp);
  ADD (a, "--tmpdir"); ADD (a, "%s", g->tmpdir);
  a->die = guestfs_int_dies_with_caller (g);
  if (!a->die)
    ADD (a, "--no-die-with-parent");
  /* Forced onto a KVM that emulates kernel code: hide what it cannot
   * emulate, so the boot is slow rather than impossible. */
  if (!guestfs_int_kvm_usable (g))
    ADD (a, "--emulated-kvm");
  return 0;
}

static void __attribute__((noreturn))
child (struct vmm_argv *a, int console)
{
  size_t i;

  guestfs_int_child_setup (a->g->pgroup, a->die);
  for (i = 0; i < a->nr_fds; i++)
    fcntl (a->fds[i], F_SETFD, 0);
  dup2 (console, 1);
  dup2 (console, 2);
  execv (a->a.argv[0], a->a.argv);
  fprintf (stderr, "cannot run %s: %s\n", a->a.argv[0], strerror (errno));
  _exit (127);
}

/* Three socketpairs: [0] RPC, [1] console, [2] control.  The child's
 * ends are passed by number. */
static int
make_channels (struct vmm_argv *a, int sv[3][2])
{
  size_t i;

  for (i = 0; i < 3; i++) {
    if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv[i]) == -1) {
      perrorf (a->g, "socketpair");
      while (i-- > 0) {
        close (sv[i][0]);
        close (sv[i][1]);
      }
      return -1;
    }
    a->fds[a->nr_fds++] = sv[i][1];
  }
  ADD (a, "--channel"); ADD (a, "%d", sv[0][1]);
  ADD (a, "--console"); ADD (a, "%d", sv[1][1]);
  ADD (a, "--control"); ADD (a, "%d", sv[2][1]);
  return 0;
}

static int
spawn (guestfs_h *g, struct vmm_data *data, struct vmm_argv *a)
{
  int sv[3][2];

  if (make_channels (a, sv) == -1)
    return -1;
  guestfs_int_log_argv (g, a->a.argv, " ");
  data->pid = fork ();
  if (data->pid == 0)
    child (a, sv[1][1]);
  close (sv[0][1]);
  close (sv[1][1]);
  close (sv[2][1]);
  a->nr_fds -= 3;
  if (data->pid == -1) {
    perrorf (g, "fork");
    close (sv[0][0]);
    close (sv[1][0]);
    close (sv[2][0]);
    return -1;
  }
  g->daemon_fd = sv[0][0];
  g->console_fd = sv[1][0];
  data->control_fd = sv[2][0];
  fcntl (data->control_fd, F_SETFL, O_NONBLOCK);
  data->last_beat = guestfs_int_now ();
  return 0;
}

static int
vmm_launch (guestfs_h *g, void *vdata, const char *kernel,
            const char *initrd, const char *root, const char *cmdline)
{
  struct vmm_data *data = vdata;
  struct vmm_argv a = { .a = { .g = g }, .g = g };
  int r = -1;
  size_t i;

  data->control_fd = -1;
  if (build_argv (&a, kernel, initrd, root, cmdline) == 0 &&
      spawn (g, data, &a) == 0)
    r = 0;
  for (i = 0; i < a.nr_fds; i++)
    close (a.fds[i]);
  guestfs_int_argv_free (&a.a);
  return r;
}

/* Read what the control socket has.  Returns NULL, or why the VMM is
 * to be considered dead. */
static const char *
vmm_check (guestfs_h *g, void *vdata)
{
  struct vmm_data *data = vdata;
  char buf[256];
  ssize_t n, i;

  while ((n = read (data->control_fd, buf, sizeof buf)) > 0) {
    data->last_beat = guestfs_int_now ();
    for (i = 0; i < n; i++)
      if (buf[i] == '\n' && !data->ready) {
        data->ready = true;
        debug (g, "vmm: the appliance's init is up");
      }
  }
  if (n == 0)
    return "the VMM process exited";
  if (guestfs_int_now () - data->last_beat > HEARTBEAT_LIMIT)
    return "the VMM stopped responding (no heartbeat for 5 s)";
  return NULL;
}

/* A normal shutdown (CHECK): the daemon saw the channel close, init
 * syncs and reports on the status port, the VMM exits; wait for that.
 * A failed launch or a dead channel: kill the VMM at once. */
static int
vmm_shutdown (guestfs_h *g, void *vdata, bool check)
{
  struct vmm_data *data = vdata;
  int status;

  if (data->pid <= 0)
    return 0;
  status = guestfs_int_stop_process (g, data->pid, check, 10000);
  data->pid = 0;
  if (data->control_fd >= 0)
    close (data->control_fd);
  data->control_fd = -1;
  if (check && status != 0) {
    error (g, "the appliance exited abnormally (%s %d): %s",
           WIFEXITED (status) ? "status" : "signal",
           WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status),
           g->last_console_line[0] ? g->last_console_line : "no message");
    return -1;
  }
  return 0;
}

static pid_t
vmm_get_pid (guestfs_h *g, void *vdata)
{
  struct vmm_data *data = vdata;

  (void) g;
  return data->pid > 0 ? data->pid : -1;
}

const struct backend backend_vmm = {
  .name = "vmm",
  .data_size = sizeof (struct vmm_data),
  .launch = vmm_launch,
  .shutdown = vmm_shutdown,
  .check = vmm_check,
  .get_pid = vmm_get_pid,
};
