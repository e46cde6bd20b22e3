/* guestkit — launching and shutting down the appliance.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements C<launch> and C<shutdown>: find the appliance,
 * build the kernel command line, start it through a backend (see the
 * static table below), and wait for the daemon's READY message.
 */

#include <config.h>

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs-internal.h"
#include "guestfs-internal-actions.h"
#include "guestfs_protocol.h"

/* Backends, by name.  "direct" is libguestfs's name for running qemu
 * ourselves, so it is accepted as a synonym.  "default" (or no choice)
 * picks vmm where KVM runs at hardware speed, qemu elsewhere. */
static const struct {
  const char *name;
  const struct backend *backend;
} backends[] = {
  { "vmm", &backend_vmm },
  { "qemu", &backend_qemu },
  { "direct", &backend_qemu },
  { "default", NULL },
};

static bool
known_backend (const char *name)
{
  size_t i;

  for (i = 0; i < sizeof backends / sizeof backends[0]; i++)
    if (strcmp (backends[i].name, name) == 0)
      return true;
  return false;
}

/* Why the default backend cannot be vmm, or NULL if it can. */
static const char *
vmm_unsuitable (guestfs_h *g)
{
  if (g->smp > 1)
    return "more than one vCPU was asked for (vmm runs one)";
  if (!guestfs_int_kvm_usable (g))
    return "KVM is missing or too slow here (emulated or nested)";
  return NULL;
}

/* The backend launch will use. */
static const struct backend *
choose_backend (guestfs_h *g)
{
  const char *name = g->backend_name ? g->backend_name : "default";
  const char *why;
  size_t i;

  for (i = 0; i < sizeof backends / sizeof backends[0]; i++)
    if (strcmp (backends[i].name, name) == 0 && backends[i].backend)
      return backends[i].backend;
  why = vmm_unsuitable (g);
  if (!why)
    return &backend_vmm;
  debug (g, "launch: using the qemu backend: %s", why);
  return &backend_qemu;
}

int
guestfs_impl_set_backend (guestfs_h *g, const char *backend)
{
  if (!known_backend (backend)) {
    guestfs_int_error_errno (g, EINVAL,
                             "set_backend: unknown backend '%s' "
                             "(available: default, vmm, qemu)", backend);
    return -1;
  }
  free (g->backend_name);
  g->backend_name = safe_strdup (g, backend);
  return 0;
}

char *
guestfs_impl_get_backend (guestfs_h *g)
{
  if (g->backend)
    return safe_strdup (g, g->backend->name);
  return safe_strdup (g, g->backend_name ? g->backend_name : "default");
}

/**
 * Fail unless the appliance is up.
 */
int
guestfs_int_check_launched (guestfs_h *g, const char *name)
{
  if (g->state == READY)
    return 0;
  guestfs_int_error_errno (g, EINVAL,
                           "%s: call launch before using this function "
                           "(in guestfish, don't forget to use the 'run' "
                           "command)", name);
  return -1;
}

/**
 * Fail unless the handle is still being configured.
 */
int
guestfs_int_check_config (guestfs_h *g, const char *name)
{
  if (g->state == CONFIG)
    return 0;
  guestfs_int_error_errno (g, EINVAL,
                           "%s: this function can only be called before "
                           "launch", name);
  return -1;
}

/**
 * The handle's private directory, created 0700 on first use under
 * the temporary directory (get_tmpdir).  Returns NULL after setting
 * the error.
 */
const char *
guestfs_int_tmpdir (guestfs_h *g)
{
  const char *base = guestfs_int_tmpdir_base (g);
  char *dir;

  if (g->tmpdir)
    return g->tmpdir;
  dir = safe_asprintf (g, "%s/guestkitXXXXXX", base);
  if (!mkdtemp (dir)) {
    perrorf (g, "cannot create a temporary directory in %s", base);
    free (dir);
    return NULL;
  }
  g->tmpdir = dir;
  return dir;
}

/**
 * Remove the private directory and the flat files in it.
 */
void
guestfs_int_remove_tmpdir (guestfs_h *g)
{
  DIR *d;
  struct dirent *e;

  if (!g->tmpdir)
    return;
  d = opendir (g->tmpdir);
  if (d) {
    while ((e = readdir (d)) != NULL)
      if (strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
        unlinkat (dirfd (d), e->d_name, 0);
    closedir (d);
  }
  rmdir (g->tmpdir);
  free (g->tmpdir);
  g->tmpdir = NULL;
}

static char *
appliance_file (guestfs_h *g, const char *name)
{
  char *p = safe_asprintf (g, "%s/%s", g->path, name);

  if (access (p, R_OK) == 0)
    return p;
  guestfs_int_error_errno (g, ENOENT,
                           "cannot find the appliance: %s is missing "
                           "(build it with 'make', or set LIBGUESTFS_PATH)",
                           p);
  free (p);
  return NULL;
}

/* Linux names virtio disks vda..vdz, vdaa..vdzz, ... */
static void
disk_name (size_t index, char *buf, size_t len)
{
  char tmp[8];
  size_t n = 0;

  index++;
  while (index > 0 && n < sizeof tmp) {
    index--;
    tmp[n++] = 'a' + index % 26;
    index /= 26;
  }
  snprintf (buf, len, "vd");
  while (n > 0 && strlen (buf) + 1 < len)
    strncat (buf, &tmp[--n], 1);
}

static char *
kernel_cmdline (guestfs_h *g)
{
  char root[16];

  disk_name (g->nr_drives, root, sizeof root);
  return safe_asprintf (g,
    "console=ttyS0 acpi=off pci=conf1 reboot=t panic=-1 %s "
    "8250.nr_uarts=1 cryptomgr.notests tsc=reliable no_timer_check "
    "random.trust_cpu=on guestfs_root=/dev/%s%s%s%s",
    g->verbose ? "printk.time=1" : "quiet", root,
    g->verbose ? " guestfs_verbose=1" : "",
    g->append ? " " : "", g->append ? g->append : "");
}

static int
start_backend (guestfs_h *g, const struct backend *b)
{
  CLEANUP_FREE char *kernel = NULL, *initrd = NULL, *root = NULL;
  CLEANUP_FREE char *cmdline = NULL;

  if (!(kernel = appliance_file (g, "kernel")) ||
      !(initrd = appliance_file (g, "initrd")) ||
      !(root = appliance_file (g, "root")) || !guestfs_int_tmpdir (g))
    return -1;
  cmdline = kernel_cmdline (g);
  debug (g, "launch: backend %s, %zu drive(s), memsize %d MiB",
         b->name, g->nr_drives, g->memsize);
  debug (g, "launch: kernel command line: %s", cmdline);
  g->backend = b;
  g->backend_data = safe_calloc (g, 1, b->data_size);
  return b->launch (g, g->backend_data, kernel, initrd, root, cmdline);
}

int
guestfs_impl_launch (guestfs_h *g)
{
  const struct backend *b;
  double t0 = guestfs_int_now ();

  if (g->state != CONFIG) {
    error (g, "launch: the appliance is already launched");
    return -1;
  }
  if (g->network) {
    guestfs_int_error_errno (g, ENOTSUP, "launch: the appliance has no "
                             "network support (set_network false)");
    return -1;
  }
  if (guestfs_int_check_dir_security (g) == -1 ||
      guestfs_int_drives_decide_formats (g) == -1 ||
      guestfs_int_lock_drives (g) == -1)
    return -1;
  b = choose_backend (g);
  g->state = LAUNCHING;
  g->serial = 0;
  g->console_len = 0;
  g->last_console_line[0] = '\0';
  if (start_backend (g, b) == -1 || guestfs_int_wait_ready (g) == -1) {
    guestfs_int_shutdown_backend (g, false);
    return -1;
  }
  g->state = READY;
  debug (g, "launch: appliance ready in %.3f s", guestfs_int_now () - t0);
  guestfs_int_call_callbacks_void (g, GUESTFS_EVENT_LAUNCH_DONE);
  return 0;
}

/**
 * Stop the backend, close the channels and return to the CONFIG state.
 */
int
guestfs_int_shutdown_backend (guestfs_h *g, bool check)
{
  int r = 0;

  if (g->daemon_fd >= 0)
    close (g->daemon_fd);
  g->daemon_fd = -1;
  g->rx_pos = g->rx_end = 0;
  if (g->backend && g->backend->shutdown (g, g->backend_data, check) == -1)
    r = -1;
  if (g->console_fd >= 0)
    close (g->console_fd);
  g->console_fd = -1;
  free (g->backend_data);
  g->backend_data = NULL;
  g->backend = NULL;
  guestfs_int_unlock_drives (g);
  if (g->state != CONFIG)
    guestfs_int_call_callbacks_void (g, GUESTFS_EVENT_SUBPROCESS_QUIT);
  g->state = CONFIG;
  return r;
}

int
guestfs_impl_shutdown (guestfs_h *g)
{
  int r = 0;

  if (g->state == CONFIG)
    return 0;
  if (g->state == READY && g->autosync) {
    struct guestfs_int_rpc_call call = {
      .name = "internal_autosync", .proc = GUESTFS_PROC_INTERNAL_AUTOSYNC,
    };
    if (guestfs_int_rpc (g, &call) == -1)
      r = -1;
  }
  /* Closing the channel makes the daemon exit and the appliance
   * power off; the backend waits for that, then kills if needed. */
  if (guestfs_int_shutdown_backend (g, true) == -1)
    r = -1;
  return r;
}
