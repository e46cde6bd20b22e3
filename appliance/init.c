/* guestkit — the appliance's PID 1.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements /init, the first process of the appliance.
 *
 * It runs from the initramfs, built statically so that it needs
 * nothing else there: it mounts /dev, /proc and /sys, loads the
 * kernel modules named in F</modules.list>, waits for the appliance
 * root disk (C<guestfs_root=> on the kernel command line), mounts it
 * read-only with tmpfs on the writable places, switches root to it
 * and runs F</usr/sbin/guestfsd>.  When the daemon exits (or anything
 * fatal happens here) it syncs and reboots, which makes QEMU exit
 * because the kernel runs with C<reboot=t panic=-1> under
 * C<-no-reboot>.
 *
 * With C<guestfs_verbose=1> it prints timing lines on the console;
 * otherwise it stays quiet unless something goes wrong.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/io.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#define NEWROOT "/newroot"
#define DAEMON "/usr/sbin/guestfsd"
#define MODULES_LIST "/modules.list"
#define ROOT_WAIT_MS 20000
#define ROOT_POLL_MS 10

static bool verbose;

/* guestkit-vmm's status port (guestkit_status=1 on the command line):
 * init reports "ready" and its exit status there.  See
 * library/vmm/dev/status-port.c. */
#define STATUS_PORT 0x510
#define STATUS_READY 0x52440000u
#define STATUS_EXIT 0x45580000u
static int status_port;
static int exit_code;
static char root_dev[64];

static void say (const char *fmt, ...) __attribute__((format (printf, 1, 2)));

/* Print a message on the console, prefixed with "init: ". */
static void
say (const char *fmt, ...)
{
  char buf[512] = "init: ";
  const size_t prefix = 6;
  va_list ap;
  int n;

  va_start (ap, fmt);
  n = vsnprintf (buf + prefix, sizeof buf - prefix - 1, fmt, ap);
  va_end (ap);
  if (n < 0)
    return;
  if ((size_t) n > sizeof buf - prefix - 2)
    n = sizeof buf - prefix - 2;
  buf[prefix + n] = '\n';
  if (write (STDERR_FILENO, buf, prefix + n + 1) < 0)
    return;                     /* no console: nothing to do */
}

/* Record a boot mark in the kernel log at debug level, which no
 * console shows: bench/launch reads them back with the dmesg call.
 * Cheap (one write) and silent, so it is always on. */
static void
boot_mark (const struct timespec *ts, const char *what)
{
  char buf[128];
  int fd = open ("/dev/kmsg", O_WRONLY | O_CLOEXEC), n;

  if (fd < 0)
    return;
  n = snprintf (buf, sizeof buf, "<7>guestkit-mark: %ld.%06ld init %s\n",
                (long) ts->tv_sec, ts->tv_nsec / 1000, what);
  if (n > 0 && (size_t) n < sizeof buf && write (fd, buf, n) < 0)
    n = -1;                     /* a missing mark is harmless */
  close (fd);
}

/* In verbose mode, print a message with the time since boot. */
static void
trace (const char *what)
{
  struct timespec ts;

  if (!verbose)
    return;
  clock_gettime (CLOCK_BOOTTIME, &ts);
  say ("[%ld.%03lds] %s", (long) ts.tv_sec, ts.tv_nsec / 1000000, what);
}

/* A key step: a boot mark, and a trace line in verbose mode.  Keep
 * these few: /dev/kmsg lets 10 lines through per 5 s. */
static void
mark (const char *what)
{
  struct timespec ts;

  clock_gettime (CLOCK_BOOTTIME, &ts);
  boot_mark (&ts, what);
  trace (what);
}

/* Tell guestkit-vmm something (no-op under QEMU). */
static void
status_report (uint32_t value)
{
  if (status_port && ioperm (STATUS_PORT, 4, 1) == 0)
    outl (value, STATUS_PORT);
}

/* Stop the appliance: guestkit-vmm exits on the status port, QEMU
 * because of -no-reboot. */
static void __attribute__((noreturn))
shutdown_appliance (void)
{
  sync ();
  status_report (STATUS_EXIT | (exit_code & 0xFF));
  reboot (RB_AUTOBOOT);
  say ("reboot: %s", strerror (errno));
  for (;;)
    pause ();
}

/* Report a failed step with errno and stop the appliance. */
static void __attribute__((noreturn))
die (const char *what)
{
  say ("%s: %s", what, strerror (errno));
  exit_code = 1;
  shutdown_appliance ();
}

/* mount(2), or report what failed and stop. */
static void
do_mount (const char *src, const char *target, const char *type,
          unsigned long flags, const char *data)
{
  char what[256];

  if (mount (src, target, type, flags, data) == 0)
    return;
  snprintf (what, sizeof what, "mount %s on %s", type ? type : src, target);
  die (what);
}

/* Point stdin, stdout and stderr at the console (devtmpfs has it). */
static void
open_console (void)
{
  int fd = open ("/dev/console", O_RDWR | O_NOCTTY);

  if (fd < 0)
    return;                     /* nowhere to complain; keep going */
  dup2 (fd, STDIN_FILENO);
  dup2 (fd, STDOUT_FILENO);
  dup2 (fd, STDERR_FILENO);
  if (fd > STDERR_FILENO)
    close (fd);
}

static void
mount_early_filesystems (void)
{
  mkdir ("/dev", 0755);
  mkdir ("/proc", 0755);
  mkdir ("/sys", 0755);
  if (mount ("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755") != 0 &&
      errno != EBUSY)
    die ("mount devtmpfs on /dev");
  open_console ();
  do_mount ("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
  do_mount ("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

/* Read a small file into BUF (NUL-terminated); return its length or -1. */
static ssize_t
read_file (const char *path, char *buf, size_t size)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  size_t len = 0;
  ssize_t r;

  if (fd < 0)
    return -1;
  while (len < size - 1 && (r = read (fd, buf + len, size - 1 - len)) > 0)
    len += r;
  close (fd);
  buf[len] = '\0';
  return len;
}

/* Load one module; a module already present (EEXIST) is fine. */
static void
load_module (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  int r;

  if (fd < 0) {
    say ("open %s: %s", path, strerror (errno));
    return;
  }
  r = syscall (SYS_finit_module, fd, "", 0);
  if (r != 0 && errno != EEXIST && (verbose || errno != ENODEV))
    say ("load module %s: %s", path, strerror (errno));
  close (fd);
  unlink (path);                /* give the initramfs memory back */
  trace (path);
}

static void
load_modules (void)
{
  static char list[16384];
  char *line, *save = NULL;

  if (read_file (MODULES_LIST, list, sizeof list) < 0) {
    if (errno != ENOENT)
      say ("%s: %s", MODULES_LIST, strerror (errno));
    return;
  }
  for (line = strtok_r (list, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    if (line[0] == '/')
      load_module (line);
  }
}

/* Handle one "key=value" word of the kernel command line. */
static void
parse_option (const char *word)
{
  const char *dev;

  if (strncmp (word, "guestfs_verbose=", 16) == 0)
    verbose = atoi (word + 16) != 0;
  else if (strcmp (word, "guestkit_status=1") == 0)
    status_port = 1;
  else if (strncmp (word, "guestfs_root=", 13) == 0) {
    dev = word + 13;
    if (strncmp (dev, "/dev/", 5) == 0)
      dev += 5;
    snprintf (root_dev, sizeof root_dev, "/dev/%s", dev);
  }
}

static void
parse_cmdline (void)
{
  char cmdline[4096];
  char *word, *save = NULL;

  if (read_file ("/proc/cmdline", cmdline, sizeof cmdline) < 0)
    die ("read /proc/cmdline");
  for (word = strtok_r (cmdline, " \t\n", &save); word != NULL;
       word = strtok_r (NULL, " \t\n", &save))
    parse_option (word);
}

/* Without guestfs_root=, the root disk is the last virtio disk
 * (only vda..vdz are considered). */
static void
guess_root_dev (void)
{
  char best[32] = "";
  char name[32];
  int c;

  for (c = 'a'; c <= 'z'; c++) {
    snprintf (name, sizeof name, "/sys/block/vd%c", c);
    if (access (name, F_OK) == 0)
      snprintf (best, sizeof best, "vd%c", c);
  }
  if (best[0] == '\0') {
    errno = ENOENT;
    die ("no guestfs_root= and no virtio disk");
  }
  snprintf (root_dev, sizeof root_dev, "/dev/%s", best);
}

/* Poll until the root device node exists. */
static void
wait_for_root_dev (void)
{
  struct stat st;
  int waited;

  if (root_dev[0] == '\0')
    guess_root_dev ();
  for (waited = 0; waited < ROOT_WAIT_MS; waited += ROOT_POLL_MS) {
    if (stat (root_dev, &st) == 0 && S_ISBLK (st.st_mode))
      return;
    usleep (ROOT_POLL_MS * 1000);
  }
  errno = ENODEV;
  say ("%s did not appear in %d seconds", root_dev, ROOT_WAIT_MS / 1000);
  die ("wait for the appliance root disk");
}

/* Tell the root image's filesystem type from its superblock magic. */
static const char *
root_fs_type (void)
{
  unsigned char buf[1028];
  int fd = open (root_dev, O_RDONLY | O_CLOEXEC);
  ssize_t n;

  if (fd < 0)
    die (root_dev);
  n = pread (fd, buf, sizeof buf, 0);
  close (fd);
  if (n == (ssize_t) sizeof buf &&
      buf[1024] == 0xe2 && buf[1025] == 0xe1 &&
      buf[1026] == 0xf5 && buf[1027] == 0xe0)
    return "erofs";
  if (n >= 4 && memcmp (buf, "hsqs", 4) == 0)
    return "squashfs";
  return "ext4";
}

static void
mount_tmpfs (const char *target, const char *mode)
{
  char opts[32];

  snprintf (opts, sizeof opts, "mode=%s", mode);
  do_mount ("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, opts);
}

/* Mount the root image on NEWROOT with tmpfs where writes happen. */
static void
mount_newroot (void)
{
  const char *type = root_fs_type ();

  mkdir (NEWROOT, 0755);
  do_mount (root_dev, NEWROOT, type, MS_RDONLY, NULL);
  mark ("root mounted");
  mount_tmpfs (NEWROOT "/tmp", "1777");
  mount_tmpfs (NEWROOT "/run", "0755");
  mount_tmpfs (NEWROOT "/root", "0700");
}

/* Move /dev, /proc, /sys into the new root and make it "/". */
static void
switch_root (void)
{
  do_mount ("/dev", NEWROOT "/dev", NULL, MS_MOVE, NULL);
  do_mount ("/proc", NEWROOT "/proc", NULL, MS_MOVE, NULL);
  do_mount ("/sys", NEWROOT "/sys", NULL, MS_MOVE, NULL);
  unlink ("/init");
  unlink (MODULES_LIST);
  if (chdir (NEWROOT) != 0)
    die ("chdir " NEWROOT);
  do_mount (".", "/", NULL, MS_MOVE, NULL);
  if (chroot (".") != 0)
    die ("chroot");
  if (chdir ("/") != 0)
    die ("chdir /");
}

/* Nodes of modules the kernel loads on first open (like "kmod
 * static-nodes"): the modules are in the root image, not loaded yet. */
static void
make_static_nodes (void)
{
  static const struct { const char *path; unsigned minor; } nodes[] = {
    { "/dev/loop-control", 237 },       /* loop */
    { "/dev/btrfs-control", 234 },      /* btrfs */
    { "/dev/fuse", 229 },               /* fuse (ntfs-3g) */
  };
  size_t i;

  for (i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
    if (mknod (nodes[i].path, S_IFCHR | 0600, makedev (10, nodes[i].minor)) != 0 &&
        errno != EEXIST)
      say ("mknod %s: %s", nodes[i].path, strerror (errno));
}

/* Extra mounts under /dev that some tools expect. */
static void
mount_dev_extras (void)
{
  mkdir ("/dev/pts", 0755);
  mkdir ("/dev/shm", 01777);
  if (mount ("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
             "ptmxmode=0666,mode=0620") != 0)
    say ("mount devpts: %s", strerror (errno));
  if (mount ("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV,
             "mode=1777") != 0)
    say ("mount /dev/shm: %s", strerror (errno));
  mkdir ("/run/lock", 01777);
  make_static_nodes ();
}

static void __attribute__((noreturn))
exec_daemon (void)
{
  char *argv[] = { (char *) DAEMON, verbose ? (char *) "-v" : NULL, NULL };
  char *envp[] = {
    (char *) "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
    (char *) "HOME=/root",
    (char *) "LANG=C",
    (char *) "TERM=dumb",
    NULL
  };
  int fd = open ("/dev/null", O_RDONLY);

  /* stdin is not the console: nothing the daemon runs may prompt. */
  if (fd >= 0 && fd != STDIN_FILENO) {
    dup2 (fd, STDIN_FILENO);
    close (fd);
  }
  execve (DAEMON, argv, envp);
  say ("exec %s: %s", DAEMON, strerror (errno));
  _exit (127);
}

/* Run the daemon, reaping any other child meanwhile; return its status. */
static int
run_daemon (void)
{
  pid_t pid, r;
  int status;

  mark ("ready to start guestfsd");
  status_report (STATUS_READY);
  pid = fork ();
  if (pid < 0)
    die ("fork");
  if (pid == 0)
    exec_daemon ();
  for (;;) {
    r = waitpid (-1, &status, 0);
    if (r == pid)
      return status;
    if (r < 0 && errno != EINTR)
      die ("waitpid");
  }
}

static void
report_status (int status)
{
  exit_code = WIFEXITED (status) ? WEXITSTATUS (status)
    : WIFSIGNALED (status) ? 128 + WTERMSIG (status) : 255;
  if (WIFEXITED (status))
    printf ("guestfsd exited with status %d\n", WEXITSTATUS (status));
  else if (WIFSIGNALED (status))
    printf ("guestfsd killed by signal %d\n", WTERMSIG (status));
  else
    printf ("guestfsd stopped (wait status %d)\n", status);
  fflush (stdout);
}

int
main (void)
{
  mount_early_filesystems ();
  parse_cmdline ();
  mark ("starting");
  load_modules ();
  mark ("modules loaded");
  wait_for_root_dev ();
  mount_newroot ();
  switch_root ();
  mount_dev_extras ();
  report_status (run_daemon ());
  shutdown_appliance ();
}
