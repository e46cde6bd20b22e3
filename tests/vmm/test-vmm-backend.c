/* guestkit — the vmm backend's failure paths, with a fake appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file tests F<library/backend-vmm.c> through the public API
 * without a Linux kernel: the "appliance" is the probe payload, which
 * with C<probe-idle> on its command line halts for ever, and without
 * it writes text on the RPC channel.  Checked: the console reaches
 * APPLIANCE events; a launch deadline; a stopped (hung) VMM and a
 * killed VMM become handle errors within 5 s; a missing helper and a
 * channel carrying garbage give clear errors; after each failure the
 * handle can launch again and no VMM process is left behind.
 */

#include <config.h>

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guestfs.h"
#include "../tap.h"

static char appliance[] = "/tmp/guestkit-vmmbe-XXXXXX";

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The pid of our child process named guestkit-vmm, or 0. */
static pid_t
find_vmm (void)
{
  DIR *d = opendir ("/proc");
  struct dirent *e;
  pid_t found = 0;

  while (d && (e = readdir (d)) != NULL && !found) {
    char path[300], buf[512], comm[64];
    int pid, ppid;
    FILE *fp;

    snprintf (path, sizeof path, "/proc/%s/stat", e->d_name);
    if ((fp = fopen (path, "r")) == NULL)
      continue;
    if (fgets (buf, sizeof buf, fp) &&
        sscanf (buf, "%d (%63[^)]) %*c %d", &pid, comm, &ppid) == 3 &&
        ppid == getpid () && strcmp (comm, "guestkit-vmm") == 0)
      found = pid;
    fclose (fp);
  }
  if (d)
    closedir (d);
  return found;
}

struct killer { int sig; double delay; };

static void *
killer_thread (void *arg)
{
  struct killer *k = arg;
  pid_t pid = 0;
  double t0 = now ();

  while (now () - t0 < 20 && (pid = find_vmm ()) == 0)
    usleep (20000);
  usleep (k->delay * 1e6);
  if (pid)
    kill (pid, k->sig);
  return NULL;
}

static void
on_event (guestfs_h *g, void *opaque, uint64_t event, int h, int flags,
          const char *buf, size_t len, const uint64_t *a, size_t alen)
{
  char *console = opaque;

  if (len > 0 && strlen (console) + len < 4096)
    strncat (console, buf, len);
}

static guestfs_h *
new_handle (const char *append, char *console)
{
  guestfs_h *g = guestfs_create ();

  if (!g)
    exit (EXIT_FAILURE);
  guestfs_set_error_handler (g, NULL, NULL);
  guestfs_set_path (g, appliance);
  guestfs_set_backend (g, "vmm");
  guestfs_set_memsize (g, 128);
  guestfs_set_append (g, append);
  guestfs_add_drive_scratch (g, 16 << 20, -1);
  if (console) {
    console[0] = '\0';
    guestfs_set_event_callback (g, on_event, GUESTFS_EVENT_APPLIANCE, 0,
                                console);
  }
  return g;
}

/* Launch with a thread sending SIG after DELAY; returns the seconds
 * launch took, with the error message in ERR. */
static double
launch_with (guestfs_h *g, int sig, double delay, char *err, size_t len)
{
  struct killer k = { sig, delay };
  pthread_t t;
  double t0 = now (), dt;
  int r;

  if (sig)
    pthread_create (&t, NULL, killer_thread, &k);
  r = guestfs_launch (g);
  dt = now () - t0;
  if (sig)
    pthread_join (t, NULL);
  snprintf (err, len, "%s", r == -1 && guestfs_last_error (g)
            ? guestfs_last_error (g) : "(launch succeeded)");
  printf ("# launch took %.1f s: %s\n", dt, err);
  return dt;
}

static void
test_deadline_and_console (void)
{
  char console[4096], err[512];
  guestfs_h *g;
  double dt;

  setenv ("GUESTKIT_LAUNCH_TIMEOUT", "3", 1);
  g = new_handle ("probe-idle", console);
  unsetenv ("GUESTKIT_LAUNCH_TIMEOUT");
  dt = launch_with (g, 0, 0, err, sizeof err);
  ok (dt >= 2.5 && dt < 10 && strstr (err, "timed out"),
      "launch deadline: fails after about 3 s");
  ok (strstr (console, "probe: idling") != NULL,
      "the VMM's UART output reaches APPLIANCE events");
  ok (find_vmm () == 0, "no VMM process left after the failed launch");
  dt = launch_with (g, 0, 0, err, sizeof err);
  ok (strstr (err, "timed out") != NULL,
      "the handle can launch again after a failure");
  guestfs_close (g);
}

static void
test_hung_and_dead (void)
{
  char err[512];
  guestfs_h *g = new_handle ("probe-idle", NULL);
  double dt;

  dt = launch_with (g, SIGSTOP, 0.5, err, sizeof err);
  ok (dt < 9 && strstr (err, "stopped responding"),
      "a stopped VMM is an error within 5 s of its last heartbeat");
  ok (find_vmm () == 0, "the stopped VMM was killed and reaped");
  dt = launch_with (g, SIGKILL, 0.5, err, sizeof err);
  ok (dt < 4 && strstr (err, "appliance"),
      "a killed VMM is an error at once");
  ok (find_vmm () == 0, "no VMM process left after a kill");
  guestfs_close (g);
}

static void
test_bad_helper_and_garbage (void)
{
  char err[512];
  guestfs_h *g;
  double dt;

  char *saved = getenv ("GUESTKIT_VMM") ? strdup (getenv ("GUESTKIT_VMM"))
    : NULL;

  setenv ("GUESTKIT_VMM", "/nonexistent/guestkit-vmm", 1);
  g = new_handle ("probe-idle", NULL);
  dt = launch_with (g, 0, 0, err, sizeof err);
  ok (dt < 5 && strstr (err, "/nonexistent/guestkit-vmm"),
      "a missing helper is named in the error");
  guestfs_close (g);
  if (saved)
    setenv ("GUESTKIT_VMM", saved, 1);
  else
    unsetenv ("GUESTKIT_VMM");
  free (saved);
  /* Without probe-idle the probe writes text on the RPC channel. */
  g = new_handle ("", NULL);
  dt = launch_with (g, 0, 0, err, sizeof err);
  ok (dt < 60 && strstr (err, "appliance") && strstr (err, "protocol"),
      "garbage on the channel fails the launch cleanly");
  ok (find_vmm () == 0, "no VMM process left after the protocol error");
  guestfs_close (g);
}

static int
make_appliance (void)
{
  const char *top = getenv ("GUESTKIT_TOP_BUILDDIR");
  const char *probe = getenv ("PROBE_ELF");
  char path[4096], src[4096];
  int fd;

  if (!mkdtemp (appliance))
    return -1;
  snprintf (src, sizeof src, "%s", probe ? probe
            : top ? "" : "vmm/probe/probe.elf");
  if (!probe && top)
    snprintf (src, sizeof src, "%s/tests/vmm/probe/probe.elf", top);
  snprintf (path, sizeof path, "%s/kernel", appliance);
  if (access (src, R_OK) == -1 || symlink (src, path) == -1)
    return -1;
  snprintf (path, sizeof path, "%s/initrd", appliance);
  fd = open (path, O_CREAT | O_WRONLY, 0644);
  close (fd);
  snprintf (path, sizeof path, "%s/root", appliance);
  fd = open (path, O_CREAT | O_WRONLY, 0644);
  if (fd == -1 || ftruncate (fd, 1 << 20) == -1)
    return -1;
  close (fd);
  return 0;
}

static void
remove_appliance (void)
{
  const char *names[] = { "kernel", "initrd", "root" };
  char path[4096];
  size_t i;

  for (i = 0; i < 3; i++) {
    snprintf (path, sizeof path, "%s/%s", appliance, names[i]);
    unlink (path);
  }
  rmdir (appliance);
}

int
main (void)
{
  if (access ("/dev/kvm", R_OK | W_OK) == -1) {
    printf ("1..0 # SKIP no usable /dev/kvm\n");
    return EXIT_SUCCESS;
  }
  if (make_appliance () == -1) {
    printf ("1..0 # SKIP the probe payload is not built\n");
    remove_appliance ();
    return EXIT_SUCCESS;
  }
  test_deadline_and_console ();
  test_hung_and_dead ();
  test_bad_helper_and_garbage ();
  remove_appliance ();
  return tap_done ();
}
