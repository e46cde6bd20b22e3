/* guestkit — common/options: what guestfish and the virt-* tools share.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the command line options that guestfish and
 * every virt-* tool share, as libguestfs's tools have them: C<-a
 * IMAGE> and C<-d DOMAIN> (with the C<--format>, C<--blocksize> and
 * C<-c URI> in force), C<-m DEV[:MP[:OPTS[:FSTYPE]]]>, C<-v>, C<-x>,
 * C<-V>, and the error messages for bad options.  Adding the drives
 * and mounting the C<-m> filesystems (shortest mountpoint first) is
 * here too.  Messages go to stderr prefixed with the tool's name;
 * nothing here exits.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "options.h"

/** Create the handle for tool C<prog>.  0, or -1 after a message. */
int
options_init (struct tool_options *o, const char *prog)
{
  *o = (struct tool_options) { .prog = prog };
  o->g = guestfs_create ();
  if (o->g == NULL) {
    fprintf (stderr, "%s: could not create the libguestfs handle\n", prog);
    return -1;
  }
  return 0;
}

/** Close the handle and free what the options hold. */
void
options_free (struct tool_options *o)
{
  if (o->g)
    guestfs_close (o->g);
  o->g = NULL;
  for (size_t i = 0; i < o->nr_mounts; ++i)
    free (o->mounts[i].spec);
  free (o->mounts);
  free (o->drives);
  o->mounts = NULL;
  o->drives = NULL;
  o->nr_mounts = o->nr_drives = 0;
}

static int
oom (const struct tool_options *o)
{
  fprintf (stderr, "%s: out of memory\n", o->prog);
  return -1;
}

/** Parse the decimal int C<s> of option C<what>.  0, or -1 after a
 * message naming the option. */
int
options_parse_int (const char *prog, const char *what, const char *s,
                   int *ret)
{
  char *end;
  long v;

  errno = 0;
  v = strtol (s, &end, 10);
  if (s[0] == '\0' || *end != '\0' || errno || v < INT_MIN || v > INT_MAX) {
    fprintf (stderr, "%s: %s: '%s' is not a number\n", prog, what, s);
    return -1;
  }
  *ret = (int) v;
  return 0;
}

/** Record C<-a FILE> (or C<-d DOMAIN> if C<domain>). */
int
options_add_drive (struct tool_options *o, const char *file, bool domain)
{
  struct opt_drive *d = realloc (o->drives,
                                 (o->nr_drives + 1) * sizeof *d);

  if (d == NULL)
    return oom (o);
  o->drives = d;
  o->drives[o->nr_drives++] = (struct opt_drive) {
    .file = file, .format = o->format, .blocksize = o->blocksize,
    .domain = domain,
  };
  return 0;
}

/* Split SPEC in place at up to 3 colons into FIELDS[4]. */
static void
split_mount (char *spec, char *fields[4])
{
  size_t n = 0;

  for (char *p = spec; p && n < 4; ++n) {
    fields[n] = p;
    p = n < 3 ? strchr (p, ':') : NULL;
    if (p)
      *p++ = '\0';
  }
}

/** Record C<-m DEV[:MOUNTPOINT[:OPTIONS[:FSTYPE]]]>. */
int
options_add_mount (struct tool_options *o, const char *arg)
{
  char *spec = strdup (arg), *f[4] = { NULL, NULL, NULL, NULL };
  struct opt_mount *m;

  if (spec == NULL)
    return oom (o);
  split_mount (spec, f);
  if (*f[0] == '\0') {
    fprintf (stderr, "%s: -m %s: missing device name\n", o->prog, arg);
    free (spec);
    return -1;
  }
  m = realloc (o->mounts, (o->nr_mounts + 1) * sizeof *m);
  if (m == NULL) {
    free (spec);
    return oom (o);
  }
  o->mounts = m;
  o->mounts[o->nr_mounts] = (struct opt_mount) {
    .spec = spec, .device = f[0], .order = o->nr_mounts,
    .mountpoint = f[1] && *f[1] ? f[1] : "/",
    .options = f[2] && *f[2] ? f[2] : NULL,
    .fstype = f[3] && *f[3] ? f[3] : NULL,
  };
  o->nr_mounts++;
  return 0;
}

/**
 * Handle option C<c> (argument C<arg>) if it is one of the common
 * ones.  Returns 1 if it was, 0 if it is the tool's own, -1 after a
 * message.  C<--help> and C<-V> are left to the tool.
 */
int
options_handle (struct tool_options *o, int c, const char *arg)
{
  switch (c) {
  case 'a': return options_add_drive (o, arg, false) == -1 ? -1 : 1;
  case 'd': return options_add_drive (o, arg, true) == -1 ? -1 : 1;
  case 'c': o->libvirt_uri = arg; return 1;
  case 'm': return options_add_mount (o, arg) == -1 ? -1 : 1;
  case 'v': return guestfs_set_verbose (o->g, 1) == -1 ? -1 : 1;
  case 'x': return guestfs_set_trace (o->g, 1) == -1 ? -1 : 1;
  case OPTION_FORMAT: o->format = arg && *arg ? arg : NULL; return 1;
  case OPTION_BLOCKSIZE:
    o->blocksize = 0;
    return arg == NULL ? 1 : options_parse_int (o->prog, "--blocksize", arg,
                                                &o->blocksize) == -1 ? -1 : 1;
  case OPTION_ECHO_KEYS: o->echo_keys = true; return 1;
  case OPTION_KEYS_FROM_STDIN: o->keys_from_stdin = true; return 1;
  }
  return 0;
}

/** Report a bad option (C<c> is getopt's C<'?'> or C<':'>). */
void
options_bad (const struct tool_options *o, int c, char *argv[])
{
  const char *opt = argv[optind - 1];

  if (c == ':')
    fprintf (stderr, "%s: option '%s' needs an argument\n", o->prog, opt);
  else if (strncmp (opt, "--", 2) == 0 && strchr (opt, '='))
    fprintf (stderr, "%s: option '%.*s' takes no argument\n", o->prog,
             (int) strcspn (opt, "="), opt);
  else if (optopt && strncmp (opt, "--", 2) != 0)
    fprintf (stderr, "%s: unknown option '-%c'\n", o->prog, optopt);
  else
    fprintf (stderr, "%s: unknown option '%s'\n", o->prog, opt);
  options_usage_hint (o);
}

/** The line after a usage error, as libguestfs's tools print it. */
void
options_usage_hint (const struct tool_options *o)
{
  fprintf (stderr, "Try '%s --help' for more information.\n", o->prog);
}

/** C<-V>: "PROG MAJOR.MINOR.RELEASEEXTRA".  0 or -1. */
int
options_print_version (const struct tool_options *o)
{
  struct guestfs_version *v = guestfs_version (o->g);

  if (v == NULL)
    return -1;
  printf ("%s %" PRIi64 ".%" PRIi64 ".%" PRIi64 "%s\n", o->prog,
          v->major, v->minor, v->release, v->extra);
  guestfs_free_version (v);
  return 0;
}

static int
add_domain (struct tool_options *o, const char *dom)
{
  struct guestfs_add_domain_argv a = {
    .bitmask = GUESTFS_ADD_DOMAIN_ALLOWUUID_BITMASK |
               GUESTFS_ADD_DOMAIN_READONLYDISK_BITMASK,
    .allowuuid = 1, .readonlydisk = "read",
  };

  if (o->libvirt_uri) {
    a.bitmask |= GUESTFS_ADD_DOMAIN_LIBVIRTURI_BITMASK;
    a.libvirturi = o->libvirt_uri;
  }
  if (o->read_only) {
    a.bitmask |= GUESTFS_ADD_DOMAIN_READONLY_BITMASK;
    a.readonly = 1;
  }
  return guestfs_add_domain_argv (o->g, dom, &a) == -1 ? -1 : 0;
}

static int
add_one (struct tool_options *o, const struct opt_drive *d)
{
  struct guestfs_add_drive_opts_argv a = {
    .bitmask = GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK,
    .readonly = o->read_only && !d->prepared,
  };

  if (d->domain)
    return add_domain (o, d->file);
  if (d->format) {
    a.bitmask |= GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK;
    a.format = d->format;
  }
  if (d->blocksize) {
    a.bitmask |= GUESTFS_ADD_DRIVE_OPTS_BLOCKSIZE_BITMASK;
    a.blocksize = d->blocksize;
  }
  return guestfs_add_drive_opts_argv (o->g, d->file, &a);
}

/** Add every C<-a> and C<-d> drive, read-only with C<--ro>. */
int
options_add_drives (struct tool_options *o)
{
  for (size_t i = 0; i < o->nr_drives; ++i)
    if (add_one (o, &o->drives[i]) == -1)
      return -1;
  return 0;
}

static int
compare_mounts (const void *a, const void *b)
{
  const struct opt_mount *x = a, *y = b;
  size_t lx = strlen (x->mountpoint), ly = strlen (y->mountpoint);

  if (lx != ly)
    return lx < ly ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Mount one -m: with --ro, "ro" is added to the options. */
static int
mount_one (struct tool_options *o, const struct opt_mount *m)
{
  CLEANUP_FREE char *opts = NULL;
  const char *given = m->options ? m->options : "";

  if (m->fstype == NULL && m->options == NULL)
    return o->read_only ? guestfs_mount_ro (o->g, m->device, m->mountpoint)
                        : guestfs_mount (o->g, m->device, m->mountpoint);
  if (asprintf (&opts, "%s%s%s", o->read_only ? "ro" : "",
                o->read_only && *given ? "," : "", given) == -1)
    return oom (o);
  if (m->fstype)
    return guestfs_mount_vfs (o->g, opts, m->fstype, m->device,
                              m->mountpoint);
  return guestfs_mount_options (o->g, opts, m->device, m->mountpoint);
}

/** Mount the C<-m> filesystems, shortest mountpoint first (the
 * handle must be launched).  0, or -1 after the library's error. */
int
options_mount (struct tool_options *o)
{
  qsort (o->mounts, o->nr_mounts, sizeof *o->mounts, compare_mounts);
  for (size_t i = 0; i < o->nr_mounts; ++i)
    if (mount_one (o, &o->mounts[i]) == -1)
      return -1;
  return 0;
}
