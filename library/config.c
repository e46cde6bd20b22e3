/* guestkit — handle settings of the "devices" area.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the handle's state queries (C<is_config>,
 * C<is_ready>, ...), C<get_pid>, C<user_cancel>, and the settings
 * read at launch: identifier, program name, temporary, cache and
 * socket directories, process group, vCPUs, network, recovery
 * process and hypervisor binary.
 */

#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs-internal.h"
#include "guestfs-internal-actions.h"

/* A copy of the environment variable NAME if set and not empty. */
static char *
env_copy (guestfs_h *g, const char *name)
{
  const char *v = getenv (name);

  return v && *v ? safe_strdup (g, v) : NULL;
}

/**
 * Set the defaults of this file's settings, reading their
 * environment variables if C<use_env>.
 */
void
guestfs_int_init_config (guestfs_h *g, bool use_env)
{
  g->identifier = safe_strdup (g, "");
  g->program = safe_strdup (g, program_invocation_short_name);
  g->recovery_proc = true;
  g->smp = 1;
  g->backend_settings = safe_calloc (g, 1, sizeof (char *));
  if (!use_env)
    return;
  g->env_tmpdir = env_copy (g, "LIBGUESTFS_TMPDIR");
  if (!g->env_tmpdir)
    g->env_tmpdir = env_copy (g, "TMPDIR");
  g->env_cachedir = env_copy (g, "LIBGUESTFS_CACHEDIR");
  g->explicit_cachedir = g->env_cachedir != NULL;
  if (!g->env_cachedir)
    g->env_cachedir = env_copy (g, "TMPDIR");
  g->env_sockdir = env_copy (g, "XDG_RUNTIME_DIR");
  g->hv = env_copy (g, "LIBGUESTFS_HV");
  if (!g->hv)
    g->hv = env_copy (g, "LIBGUESTFS_QEMU");
}

/**
 * Free what C<guestfs_int_init_config> and the setters allocated.
 */
void
guestfs_int_free_config (guestfs_h *g)
{
  size_t i;

  guestfs_int_remove_sockdir (g);
  free (g->identifier);
  free (g->program);
  free (g->env_tmpdir);
  free (g->int_tmpdir);
  free (g->env_cachedir);
  free (g->int_cachedir);
  free (g->env_sockdir);
  free (g->hv);
  for (i = 0; g->backend_settings && g->backend_settings[i]; i++)
    free (g->backend_settings[i]);
  free (g->backend_settings);
}

/*-- State --*/

int
guestfs_impl_is_config (guestfs_h *g)
{
  return g->state == CONFIG;
}

int
guestfs_impl_is_launching (guestfs_h *g)
{
  return g->state == LAUNCHING;
}

int
guestfs_impl_is_ready (guestfs_h *g)
{
  return g->state == READY;
}

int
guestfs_impl_is_busy (guestfs_h *g)
{
  (void) g;
  return 0;
}

int
guestfs_impl_get_pid (guestfs_h *g)
{
  pid_t pid = -1;

  if (g->backend && g->backend->get_pid)
    pid = g->backend->get_pid (g, g->backend_data);
  if (pid <= 0) {
    guestfs_int_error_errno (g, ESRCH, "get_pid: no hypervisor is running");
    return -1;
  }
  return (int) pid;
}

/* Signal and thread safe: only sets a flag that the file transfer
 * loops (proto.c) look at. */
int
guestfs_impl_user_cancel (guestfs_h *g)
{
  g->user_cancel = 1;
  return 0;
}

/*-- Identifier and program name --*/

int
guestfs_impl_set_identifier (guestfs_h *g, const char *identifier)
{
  size_t n = strlen (identifier);

  if (strspn (identifier, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
              "0123456789_-") != n) {
    guestfs_int_error_errno (g, EINVAL, "set_identifier: %s: only letters, "
                             "digits, '_' and '-' are allowed", identifier);
    return -1;
  }
  free (g->identifier);
  g->identifier = safe_strdup (g, identifier);
  return 0;
}

const char *
guestfs_impl_get_identifier (guestfs_h *g)
{
  return g->identifier;
}

int
guestfs_impl_set_program (guestfs_h *g, const char *program)
{
  free (g->program);
  g->program = safe_strdup (g, program);
  return 0;
}

const char *
guestfs_impl_get_program (guestfs_h *g)
{
  return g->program;
}

/*-- Directories --*/

/* Replace *DIR by a copy of VALUE (NULL allowed), which must be an
 * absolute path.  0 or -1 after setting the error. */
static int
set_dir (guestfs_h *g, const char *call, char **dir, const char *value)
{
  if (value && value[0] != '/') {
    guestfs_int_error_errno (g, EINVAL, "%s: %s: must be an absolute path",
                             call, value);
    return -1;
  }
  free (*dir);
  *dir = value ? safe_strdup (g, value) : NULL;
  return 0;
}

int
guestfs_impl_set_tmpdir (guestfs_h *g, const char *tmpdir)
{
  return set_dir (g, "set_tmpdir", &g->int_tmpdir, tmpdir);
}

/**
 * The directory under which the private temporary directory is made.
 */
const char *
guestfs_int_tmpdir_base (guestfs_h *g)
{
  if (g->int_tmpdir)
    return g->int_tmpdir;
  return g->env_tmpdir ? g->env_tmpdir : "/tmp";
}

char *
guestfs_impl_get_tmpdir (guestfs_h *g)
{
  return safe_strdup (g, guestfs_int_tmpdir_base (g));
}

int
guestfs_impl_set_cachedir (guestfs_h *g, const char *cachedir)
{
  return set_dir (g, "set_cachedir", &g->int_cachedir, cachedir);
}

char *
guestfs_impl_get_cachedir (guestfs_h *g)
{
  if (g->int_cachedir)
    return safe_strdup (g, g->int_cachedir);
  return safe_strdup (g, g->env_cachedir ? g->env_cachedir : "/var/tmp");
}

/**
 * The per-user cache directory under an explicitly chosen cache
 * directory, malloc'd; NULL if none was chosen.
 */
char *
guestfs_int_explicit_cachedir (guestfs_h *g)
{
  const char *base = g->int_cachedir;

  if (!base && g->explicit_cachedir)
    base = g->env_cachedir;
  if (!base)
    return NULL;
  return safe_asprintf (g, "%s/.guestkit-%ld", base, (long) geteuid ());
}

/**
 * The directory under which the private socket directory is made.
 */
const char *
guestfs_int_sockdir_base (guestfs_h *g)
{
  return g->env_sockdir ? g->env_sockdir : "/tmp";
}

char *
guestfs_impl_get_sockdir (guestfs_h *g)
{
  return safe_strdup (g, guestfs_int_sockdir_base (g));
}

/**
 * The handle's private socket directory, created 0700 on first use.
 */
const char *
guestfs_int_sockdir (guestfs_h *g)
{
  const char *base = guestfs_int_sockdir_base (g);
  char *dir;

  if (g->sockdir)
    return g->sockdir;
  dir = safe_asprintf (g, "%s/guestkitXXXXXX", base);
  if (!mkdtemp (dir)) {
    perrorf (g, "cannot create a socket directory in %s", base);
    free (dir);
    return NULL;
  }
  g->sockdir = dir;
  return dir;
}

/**
 * Remove the private socket directory (sockets are unlinked by the
 * backends once connected).
 */
void
guestfs_int_remove_sockdir (guestfs_h *g)
{
  if (!g->sockdir)
    return;
  rmdir (g->sockdir);
  free (g->sockdir);
  g->sockdir = NULL;
}

/*-- Appliance process --*/

int
guestfs_impl_set_pgroup (guestfs_h *g, int pgroup)
{
  g->pgroup = !!pgroup;
  return 0;
}

int
guestfs_impl_get_pgroup (guestfs_h *g)
{
  return g->pgroup;
}

int
guestfs_impl_set_recovery_proc (guestfs_h *g, int recoveryproc)
{
  g->recovery_proc = !!recoveryproc;
  return 0;
}

int
guestfs_impl_get_recovery_proc (guestfs_h *g)
{
  return g->recovery_proc;
}

/**
 * Whether the appliance process about to be started (from this
 * thread) should die with the caller: if the recovery process is on,
 * and the caller is the process's main thread.  C<PR_SET_PDEATHSIG>
 * follows the thread that forked, so an appliance launched from a
 * worker thread would die when that thread ends while the handle is
 * still in use; such appliances are left to guestfs_close instead.
 */
bool
guestfs_int_dies_with_caller (guestfs_h *g)
{
  return g->recovery_proc && (pid_t) syscall (SYS_gettid) == getpid ();
}

/**
 * In a backend's child, after fork: a process group of its own if
 * C<pgroup>, and death with its parent if C<die_with_parent> (see
 * guestfs_int_dies_with_caller, asked before the fork).
 */
void
guestfs_int_child_setup (bool pgroup, bool die_with_parent)
{
  if (die_with_parent)
    prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (pgroup)
    setpgid (0, 0);
}

int
guestfs_impl_set_smp (guestfs_h *g, int smp)
{
  if (smp < 1 || smp > MAX_SMP) {
    guestfs_int_error_errno (g, EINVAL, "set_smp: %d: out of range (1 to %d)",
                             smp, MAX_SMP);
    return -1;
  }
  g->smp = smp;
  return 0;
}

int
guestfs_impl_get_smp (guestfs_h *g)
{
  return g->smp;
}

int
guestfs_impl_set_network (guestfs_h *g, int network)
{
  g->network = !!network;
  return 0;
}

int
guestfs_impl_get_network (guestfs_h *g)
{
  return g->network;
}

/*-- Hypervisor --*/

/**
 * The QEMU binary the qemu backend runs.
 */
const char *
guestfs_int_hv (guestfs_h *g)
{
  return g->hv ? g->hv : QEMU;
}

int
guestfs_impl_set_hv (guestfs_h *g, const char *hv)
{
  free (g->hv);
  g->hv = safe_strdup (g, hv);
  return 0;
}

char *
guestfs_impl_get_hv (guestfs_h *g)
{
  return safe_strdup (g, guestfs_int_hv (g));
}

int
guestfs_impl_set_qemu (guestfs_h *g, const char *hv)
{
  free (g->hv);
  g->hv = hv ? safe_strdup (g, hv) : NULL;
  return 0;
}

const char *
guestfs_impl_get_qemu (guestfs_h *g)
{
  return guestfs_int_hv (g);
}
