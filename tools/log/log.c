/* guestkit — virt-log: print the log of a disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-log: add the disks read-only, inspect and
 * mount the guest, and copy its main text log to standard output:
 * F</var/log/syslog> first on Debian-like guests, F</var/log/messages>
 * first on the others; but a guest with a systemd journal
 * (F</var/log/journal>) gets its journal (log-journal.c) instead.
 * Windows event logs are not supported (libguestfs needs python-evtx
 * for them).  Exits 0, or 1 on failure.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "options.h"
#include "log.h"

static const char short_options[] = "a:c:d:vVx";
static const struct option long_options[] = {
  OPTIONS_COMMON_LONG,
  { NULL, 0, NULL, 0 },
};

static const char usage_text[] =
  "virt-log: print the log of a virtual machine\n"
  "\n"
  "Usage:\n"
  "  virt-log [OPTIONS] -a DISK.IMG [-a ...]\n"
  "  virt-log [OPTIONS] -d DOMAIN\n"
  "\n"
  "Options:\n"
  OPTIONS_COMMON_HELP
  "\n"
  "Example:\n"
  "  virt-log -a disk.img | grep dhclient\n";

/* Distributions that log to /var/log/syslog rather than messages. */
static const char *const syslog_distros[] = {
  "debian", "ubuntu", "linuxmint", "kalilinux", "pardus", NULL,
};

/* Parse the options into O; returns the exit status to leave with
 * (-1: go on). */
static int
parse_options (struct tool_options *o, int argc, char *argv[])
{
  const struct options_cmdline cl = {
    short_options, long_options, usage_text, NULL, NULL,
  };
  int r = options_getopt (o, &cl, argc, argv);

  if (r != -1)
    return r;
  if (o->nr_drives == 0)
    return options_usage_error (o, "no disk given: use -a or -d");
  if (optind < argc)
    return options_usage_error (o, "unexpected argument '%s'",
                                argv[optind]);
  return -1;
}

static bool
logs_to_syslog (const char *distro)
{
  for (size_t i = 0; syslog_distros[i]; i++)
    if (strcmp (distro, syslog_distros[i]) == 0)
      return true;
  return false;
}

/* Print the first text log file of a Unix-like guest. */
static int
text_log (struct tool_options *o, const char *root)
{
  CLEANUP_FREE char *distro = guestfs_inspect_get_distro (o->g, root);
  const char *files[2] = { "/var/log/messages", "/var/log/syslog" };

  if (distro == NULL)
    return -1;
  if (logs_to_syslog (distro)) {
    files[0] = "/var/log/syslog";
    files[1] = "/var/log/messages";
  }
  for (size_t i = 0; i < 2; i++) {
    if (guestfs_is_file_opts (o->g, files[i],
                              GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 1,
                              -1) > 0) {
      fflush (stdout);
      return guestfs_download (o->g, files[i], "/dev/stdout");
    }
  }
  fprintf (stderr, "%s: no log file found (/var/log/journal, "
           "/var/log/messages, /var/log/syslog)\n", o->prog);
  return -1;
}

static int
run (struct tool_options *o)
{
  CLEANUP_FREE char *root = NULL, *type = NULL;

  if (options_add_drives (o) == -1 || guestfs_launch (o->g) == -1 ||
      (root = options_inspect_mount (o)) == NULL ||
      (type = guestfs_inspect_get_type (o->g, root)) == NULL)
    return -1;
  if (strcmp (type, "windows") == 0) {
    fprintf (stderr, "%s: Windows event logs are not supported\n", o->prog);
    return -1;
  }
  if (strcmp (type, "linux") == 0 || strcmp (type, "freebsd") == 0 ||
      strcmp (type, "netbsd") == 0 || strcmp (type, "openbsd") == 0 ||
      strcmp (type, "hurd") == 0 || strcmp (type, "minix") == 0)
    return log_has_journal (o->g) ? log_journal (o->g, o->prog)
      : text_log (o, root);
  fprintf (stderr, "%s: don't know where the logs of this guest are "
           "(type '%s')\n", o->prog, type);
  return -1;
}

int
main (int argc, char *argv[])
{
  struct tool_options o;
  int r;

  if (options_init (&o, "virt-log") == -1)
    exit (EXIT_FAILURE);
  o.read_only = true;
  r = parse_options (&o, argc, argv);
  if (r == -1)
    r = options_finish (&o, run (&o));
  else
    options_free (&o);
  exit (r);
}
