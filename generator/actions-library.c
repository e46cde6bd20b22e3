/* guestkit — generator: API table, calls implemented in the library.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the calls that run in the
 * library itself (proc_nr 0): handle configuration and lifecycle.
 * Each is implemented by C<guestfs_impl_E<lt>nameE<gt>> in F<library/>.
 */

#include <config.h>

#include "types.h"

#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }

#define NOARGS { { A_NONE, NULL } }
#define NOOPTS { { O_NONE, NULL } }

const struct action actions_library[] = {
  {
    .name = "add_drive", .ret = R_ERR,
    .args = { { A_STRING, "filename" } },
    .optargs = {
      { O_BOOL, "readonly" }, { O_STRING, "format" },
      { O_STRING, "iface" }, { O_STRING, "name" },
      { O_STRING, "label" }, { O_STRING, "protocol" },
      { O_STRINGLIST, "server" }, { O_STRING, "username" },
      { O_STRING, "secret" }, { O_STRING, "cachemode" },
      { O_STRING, "discard" }, { O_BOOL, "copyonread" },
      { O_INT, "blocksize" },
    },
    .flags = FL_ONCE_HAD_NO_OPTARGS | FL_CONFIG,
    .fish_alias = "add add-drive-opts",
    .shortdesc = "add an image to examine or modify",
    .longdesc =
      "Add the disk image FILENAME to the handle.  Drives appear to the "
      "appliance in the order they were added: the first is /dev/sda, "
      "the second /dev/sdb, and so on.\n\n"
      "READONLY: if true, the image is never written; changes made by "
      "the appliance go to a temporary overlay that is discarded.\n\n"
      "FORMAT: \"raw\" or \"qcow2\".  Without it the image's header is "
      "probed at launch, and a probed image is trusted with nothing but "
      "its data: a qcow2 naming a backing file is refused (give FORMAT "
      "\"qcow2\" to follow it), and other formats are refused by name.  "
      "qcow2 images with an external data file are always refused.\n\n"
      "LABEL: also expose the drive as /dev/disk/guestfs/LABEL.\n\n"
      "CACHEMODE: \"writeback\" (the default: data is flushed on sync "
      "and shutdown) or \"unsafe\" (no flushing, for scratch disks).\n\n"
      "Network protocols (PROTOCOL, SERVER, USERNAME, SECRET) are not "
      "supported: only local files.",
    .tests = TESTS ({ "config", "add-drive disk.img format:raw readonly:true\nrun\nlist-devices\nblockdev-getsize64 /dev/sda", "/dev/sda\n16777216\n" },
                    { "config", "add-drive nonexistent.img", "~nonexistent.img: No such file" },
                    { "config", "add-drive disk.img format:bogus", "~bogus" }),
  },
  {
    .name = "add_drive_ro", .ret = R_ERR,
    .args = { { A_STRING, "filename" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "add-ro",
    .shortdesc = "add a drive in read-only mode",
    .longdesc =
      "The same as add_drive with readonly set: the image file is never "
      "modified.",
    .tests = TESTS ({ "config", "add-ro disk.img\nrun\nlist-devices\nblockdev-getsize64 /dev/sda", "/dev/sda\n16777216\n" },
                    { "config", "add-ro disk.img\nrun\npart-disk /dev/sda mbr\nlist-partitions", "/dev/sda1\n" }),
  },
  {
    .name = "add_drive_scratch", .ret = R_ERR,
    .args = { { A_INT64, "size" } },
    .optargs = { { O_STRING, "name" }, { O_STRING, "label" },
                 { O_INT, "blocksize" } },
    .flags = FL_CONFIG, .fish_alias = "scratch",
    .shortdesc = "add a temporary scratch drive",
    .longdesc =
      "Add a blank drive of SIZE bytes, backed by a temporary file that "
      "is deleted when the handle is closed.",
    .tests = TESTS ({ "config", "scratch 64M\nrun\nblockdev-getsize64 /dev/sda", "67108864\n" }),
  },
  {
    .name = "launch", .ret = R_ERR, .args = NOARGS, .optargs = NOOPTS,
    .fish_alias = "run",
    .shortdesc = "launch the backend",
    .longdesc =
      "Boot the appliance with the drives added so far and wait until "
      "its daemon answers.  Call it once, after adding drives and "
      "before any command that works on them.",
    .tests = TESTS ({ "config", "add-ro disk.img\nlaunch\nlist-devices", "/dev/sda\n" },
                    { "config", "add-ro disk.img\nlaunch\nlaunch", "~already launched" }),
  },
  {
    .name = "shutdown", .ret = R_ERR, .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "shut down the backend",
    .longdesc =
      "Unmount everything, flush all writes to the disk images and "
      "stop the appliance.  Write errors that happened in the appliance "
      "are reported here.  guestfs_close does this implicitly, but "
      "cannot report errors, so call this first when writing.",
    .tests = TESTS ({ "config", "add-ro disk.img\nrun\nshutdown\necho done\nlist-devices", "~^done$" }),
  },
  {
    .name = "set_verbose", .ret = R_ERR, .args = { { A_BOOL, "verbose" } },
    .optargs = NOOPTS, .fish_alias = "verbose",
    .shortdesc = "set verbose mode",
    .longdesc =
      "Turn debugging messages on or off, including the appliance's "
      "console.  The LIBGUESTFS_DEBUG=1 environment variable does the "
      "same.",
    .tests = TESTS ({ "config", "verbose true\nget-verbose\nverbose false\nget-verbose", "true\nfalse\n" }),
  },
  {
    .name = "get_verbose", .ret = R_BOOL, .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "get verbose mode",
    .longdesc = "Return whether verbose messages are enabled.",
    .tests = TESTS ({ "config", "get-verbose", "false\n" }),
  },
  {
    .name = "set_trace", .ret = R_ERR, .args = { { A_BOOL, "trace" } },
    .optargs = NOOPTS, .fish_alias = "trace",
    .shortdesc = "enable or disable command traces",
    .longdesc =
      "Trace every API call with its arguments and result through "
      "trace events (printed on stderr by default).  The "
      "LIBGUESTFS_TRACE=1 environment variable does the same.",
    .tests = TESTS ({ "config", "trace 1\nget-verbose\ntrace 0\nget-verbose", "~trace: get_verbose = false" }),
  },
  {
    .name = "get_trace", .ret = R_BOOL, .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "get command trace enabled flag",
    .longdesc = "Return whether API calls are traced.",
    .tests = TESTS ({ "config", "get-trace\ntrace true\nget-trace\ntrace false", "~^true$" }),
  },
  {
    .name = "set_memsize", .ret = R_ERR, .args = { { A_INT, "memsize" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "memsize",
    .shortdesc = "set memory allocated to the appliance",
    .longdesc =
      "Set the appliance's memory in megabytes (128 to 65536).  "
      "LIBGUESTFS_MEMSIZE sets the default.",
    .tests = TESTS ({ "config", "memsize 500\nget-memsize", "500\n" },
                    { "config", "memsize 10", "~out of range" }),
  },
  {
    .name = "get_memsize", .ret = R_INT, .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "get memory allocated to the appliance",
    .longdesc = "Return the appliance's memory size in megabytes.",
    .tests = TESTS ({ "config", "get-memsize", "768\n" }),
  },
  {
    .name = "set_backend", .ret = R_ERR, .args = { { A_STRING, "backend" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "backend",
    .shortdesc = "set the backend",
    .longdesc =
      "Choose how the appliance is run: \"qemu\" (qemu-system-x86_64, "
      "with KVM when it works, else TCG) or \"direct\" (a synonym).  "
      "LIBGUESTFS_BACKEND sets the default.",
    .tests = TESTS ({ "config", "set-backend qemu\nget-backend", "qemu\n" },
                    { "config", "set-backend bogus", "~unknown backend 'bogus'" }),
  },
  {
    .name = "get_backend", .ret = R_STRING, .args = NOARGS,
    .optargs = NOOPTS,
    .shortdesc = "get the backend",
    .longdesc = "Return the backend that launch uses.",
    .tests = TESTS ({ "config", "set-backend qemu\nadd-ro disk.img\nrun\nget-backend", "qemu\n" }),
  },
  {
    .name = "set_append", .ret = R_ERR,
    .args = { { A_OPTSTRING, "append" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "append",
    .shortdesc = "add options to kernel command line",
    .longdesc =
      "Extra parameters appended to the appliance kernel's command "
      "line, or NULL for none.  LIBGUESTFS_APPEND sets the default.",
    .tests = TESTS ({ "config", "set-append 'foo=1 bar'\nget-append", "foo=1 bar\n" }),
  },
  {
    .name = "get_append", .ret = R_CONSTOPTSTRING, .args = NOARGS,
    .optargs = NOOPTS,
    .shortdesc = "get the additional kernel options",
    .longdesc =
      "Return the extra kernel parameters, or NULL if none were set.",
    .tests = TESTS ({ "config", "get-append\necho end", "(null)\nend\n" }),
  },
  {
    .name = "set_path", .ret = R_ERR,
    .args = { { A_OPTSTRING, "searchpath" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "path",
    .shortdesc = "set the search path",
    .longdesc =
      "Set the directory holding the appliance (kernel, initrd, root).  "
      "NULL restores the default: the guestkit/appliance directory "
      "beside the installed library if it is there, else the "
      "configured $libdir/guestkit/appliance.  LIBGUESTFS_PATH sets it "
      "too.",
    .tests = TESTS ({ "config", "set-path /nonexistent\nget-path", "/nonexistent\n" },
                    { "config", "set-path /nonexistent\nadd-ro disk.img\nrun", "~error" }),
  },
  {
    .name = "get_path", .ret = R_CONSTSTRING, .args = NOARGS,
    .optargs = NOOPTS,
    .shortdesc = "get the search path",
    .longdesc = "Return the directory searched for the appliance.",
    .tests = TESTS ({ "config", "get-path", "~^/" }),
  },
  {
    .name = "set_autosync", .ret = R_ERR,
    .args = { { A_BOOL, "autosync" } },
    .optargs = NOOPTS, .fish_alias = "autosync",
    .shortdesc = "set autosync mode",
    .longdesc =
      "If true (the default), everything is unmounted and synced when "
      "the handle is shut down or closed.",
    .tests = TESTS ({ "config", "set-autosync false\nget-autosync", "false\n" }),
  },
  {
    .name = "get_autosync", .ret = R_BOOL, .args = NOARGS,
    .optargs = NOOPTS,
    .shortdesc = "get autosync mode",
    .longdesc = "Return the autosync flag.",
    .tests = TESTS ({ "config", "get-autosync", "true\n" }),
  },
  {
    .name = "version", .ret = R_STRUCT, .ret_struct = "version",
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "get the library version number",
    .longdesc =
      "Return the version of the library: MAJOR.MINOR.RELEASE and an "
      "EXTRA string.  Programs should test features rather than "
      "versions.",
    .tests = (const struct test[]) {
      { "none", "version", "major: 1\nminor: 0\nrelease: 0\nextra: \n" },
      { NULL },
    },
  },
  { .name = NULL }
};
