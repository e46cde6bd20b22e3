/* guestkit — common/options: what guestfish and the virt-* tools share.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUESTKIT_OPTIONS_H
#define GUESTKIT_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "guestfs.h"

/** One C<-a IMAGE> or C<-d DOMAIN>, with the C<--format> and
 * C<--blocksize> in force where it was given. */
struct opt_drive {
  const char *file;             /* the argv string */
  const char *format;           /* NULL: not given (probed) */
  int blocksize;                /* 0: not given */
  bool domain;                  /* -d: FILE is a libvirt domain */
  bool prepared;                /* guestfish -N: --ro does not apply */
};

/** One C<-m DEV[:MOUNTPOINT[:OPTIONS[:FSTYPE]]]>. */
struct opt_mount {
  char *spec;                   /* the argument, split in place */
  const char *device, *mountpoint, *options, *fstype;
  size_t order;                 /* position on the command line */
};

/** The options every tool shares, and the handle they apply to. */
struct tool_options {
  const char *prog;             /* "virt-cat": the prefix of messages */
  guestfs_h *g;
  struct opt_drive *drives;
  size_t nr_drives;
  struct opt_mount *mounts;
  size_t nr_mounts;
  const char *format;           /* current --format */
  int blocksize;                /* current --blocksize */
  const char *libvirt_uri;      /* -c */
  bool read_only;               /* --ro (the tool sets its default) */
  bool inspector;               /* -i */
  bool echo_keys, keys_from_stdin;
  const char *root_hint;        /* after -i errors; NULL: the tools' */
};

/** Option codes of the long options without a short form. */
enum {
  OPTION_FORMAT = 0x100, OPTION_BLOCKSIZE, OPTION_HELP, OPTION_ECHO_KEYS,
  OPTION_KEYS_FROM_STDIN, OPTION_TOOL = 0x200 /* first code left to tools */
};

/** The long options of C<-a>, C<-c>, C<-d>, C<--format>,
 * C<--blocksize>, C<--help>, C<-v>, C<-V>, C<-x>, C<--echo-keys> and
 * C<--keys-from-stdin>, for a tool's C<struct option> array. */
#define OPTIONS_COMMON_LONG                                             \
  { "add", required_argument, NULL, 'a' },                              \
  { "blocksize", optional_argument, NULL, OPTION_BLOCKSIZE },              \
  { "connect", required_argument, NULL, 'c' },                          \
  { "domain", required_argument, NULL, 'd' },                           \
  { "echo-keys", no_argument, NULL, OPTION_ECHO_KEYS },                    \
  { "format", optional_argument, NULL, OPTION_FORMAT },                    \
  { "help", no_argument, NULL, OPTION_HELP },                              \
  { "keys-from-stdin", no_argument, NULL, OPTION_KEYS_FROM_STDIN },        \
  { "verbose", no_argument, NULL, 'v' },                                \
  { "version", no_argument, NULL, 'V' }

/** Their usage lines, for a tool's C<--help>. */
#define OPTIONS_COMMON_HELP                                             \
  "  -a, --add IMAGE        add a disk image (repeatable)\n"            \
  "  --format[=raw|qcow2]   format of the following -a images\n"        \
  "  --blocksize[=512|4096] sector size of the following -a images\n"   \
  "  -d, --domain DOM       the disks of libvirt domain DOM\n"          \
  "  -c, --connect URI      the libvirt URI for -d\n"                   \
  "  --echo-keys            show keys as they are typed\n"              \
  "  --keys-from-stdin      read keys from standard input\n"            \
  "  -v, --verbose          print debugging messages\n"                 \
  "  -x                     trace the API calls\n"                      \
  "  -V, --version          print the version and exit\n"               \
  "  --help                 print this help and exit\n"

int options_init (struct tool_options *o, const char *prog);
void options_free (struct tool_options *o);
int options_handle (struct tool_options *o, int c, const char *arg);
void options_bad (const struct tool_options *o, int c, char *argv[]);
void options_usage_hint (const struct tool_options *o);
int options_print_version (const struct tool_options *o);
int options_add_drive (struct tool_options *o, const char *file, bool domain);
int options_add_mount (struct tool_options *o, const char *arg);
int options_add_drives (struct tool_options *o);
int options_mount (struct tool_options *o);
int options_parse_int (const char *prog, const char *what, const char *s,
                       int *ret);

/** A tool's own options: 1 if C<c> is one (done), 0 if it is not,
 * -1 after a message. */
typedef int options_own_fn (void *tool, int c, const char *arg);

/** What a tool's command line is made of. */
struct options_cmdline {
  const char *short_options;
  const struct option *long_options;
  const char *usage;            /* printed by --help */
  options_own_fn *own;          /* NULL: no options of its own */
  void *tool;                   /* OWN's first argument */
};

/* getopt.c */
int options_getopt (struct tool_options *o, const struct options_cmdline *cl,
                    int argc, char *argv[]);
int options_usage_error (const struct tool_options *o, const char *fmt, ...)
  __attribute__((format (printf, 2, 3)));
int options_finish (struct tool_options *o, int ran);

/* inspect.c */
char *options_inspect_root (struct tool_options *o);
char **options_sorted_mountpoints (guestfs_h *g, const char *root);
int options_mount_root (struct tool_options *o, const char *root);
char *options_inspect_mount (struct tool_options *o);
int options_launch_mount (struct tool_options *o, char **root);

/* windows.c */
char *options_windows_path (struct tool_options *o, const char *root,
                            const char *path);

#endif
