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
      "FORMAT: \"raw\" or \"qcow2\".  Without it the image is treated as "
      "raw, so a guest cannot make its disk look like another format.\n\n"
      "LABEL: also expose the drive as /dev/disk/guestfs/LABEL.\n\n"
      "CACHEMODE: \"writeback\" (the default: data is flushed on sync "
      "and shutdown) or \"unsafe\" (no flushing, for scratch disks).\n\n"
      "Network protocols (PROTOCOL, SERVER, USERNAME, SECRET) are not "
      "supported: only local files.",
  },
  {
    .name = "add_drive_ro", .ret = R_ERR,
    .args = { { A_STRING, "filename" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "add-ro",
    .shortdesc = "add a drive in read-only mode",
    .longdesc =
      "The same as add_drive with readonly set: the image file is never "
      "modified.",
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
  },
  {
    .name = "launch", .ret = R_ERR, .args = NOARGS, .optargs = NOOPTS,
    .fish_alias = "run",
    .shortdesc = "launch the backend",
    .longdesc =
      "Boot the appliance with the drives added so far and wait until "
      "its daemon answers.  Call it once, after adding drives and "
      "before any command that works on them.",
  },
  {
    .name = "shutdown", .ret = R_ERR, .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "shut down the backend",
    .longdesc =
      "Unmount everything, flush all writes to the disk images and "
      "stop the appliance.  Write errors that happened in the appliance "
      "are reported here.  guestfs_close does this implicitly, but "
      "cannot report errors, so call this first when writing.",
  },
  {
    .name = "set_verbose", .ret = R_ERR, .args = { { A_BOOL, "verbose" } },
    .optargs = NOOPTS, .fish_alias = "verbose",
    .shortdesc = "set verbose mode",
    .longdesc =
      "Turn debugging messages on or off, including the appliance's "
      "console.  The LIBGUESTFS_DEBUG=1 environment variable does the "
      "same.",
  },
  {
    .name = "get_verbose", .ret = R_BOOL, .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "get verbose mode",
    .longdesc = "Return whether verbose messages are enabled.",
  },
  {
    .name = "set_trace", .ret = R_ERR, .args = { { A_BOOL, "trace" } },
    .optargs = NOOPTS, .fish_alias = "trace",
    .shortdesc = "enable or disable command traces",
    .longdesc =
      "Trace every API call with its arguments and result through "
      "trace events (printed on stderr by default).  The "
      "LIBGUESTFS_TRACE=1 environment variable does the same.",
  },
  {
    .name = "get_trace", .ret = R_BOOL, .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "get command trace enabled flag",
    .longdesc = "Return whether API calls are traced.",
  },
  {
    .name = "set_memsize", .ret = R_ERR, .args = { { A_INT, "memsize" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "memsize",
    .shortdesc = "set memory allocated to the appliance",
    .longdesc =
      "Set the appliance's memory in megabytes (128 to 65536).  "
      "LIBGUESTFS_MEMSIZE sets the default.",
  },
  {
    .name = "get_memsize", .ret = R_INT, .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "get memory allocated to the appliance",
    .longdesc = "Return the appliance's memory size in megabytes.",
  },
  {
    .name = "set_backend", .ret = R_ERR, .args = { { A_STRING, "backend" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "backend",
    .shortdesc = "set the backend",
    .longdesc =
      "Choose how the appliance is run: \"qemu\" (qemu-system-x86_64, "
      "with KVM when it works, else TCG) or \"direct\" (a synonym).  "
      "LIBGUESTFS_BACKEND sets the default.",
  },
  {
    .name = "get_backend", .ret = R_STRING, .args = NOARGS,
    .optargs = NOOPTS,
    .shortdesc = "get the backend",
    .longdesc = "Return the backend that launch uses.",
  },
  {
    .name = "set_append", .ret = R_ERR,
    .args = { { A_OPTSTRING, "append" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "append",
    .shortdesc = "add options to kernel command line",
    .longdesc =
      "Extra parameters appended to the appliance kernel's command "
      "line, or NULL for none.  LIBGUESTFS_APPEND sets the default.",
  },
  {
    .name = "get_append", .ret = R_CONSTOPTSTRING, .args = NOARGS,
    .optargs = NOOPTS,
    .shortdesc = "get the additional kernel options",
    .longdesc =
      "Return the extra kernel parameters, or NULL if none were set.",
  },
  {
    .name = "set_path", .ret = R_ERR,
    .args = { { A_OPTSTRING, "searchpath" } },
    .optargs = NOOPTS, .flags = FL_CONFIG, .fish_alias = "path",
    .shortdesc = "set the search path",
    .longdesc =
      "Set the directory holding the appliance (kernel, initrd, root).  "
      "NULL restores the built-in default.  LIBGUESTFS_PATH sets it "
      "too.",
  },
  {
    .name = "get_path", .ret = R_CONSTSTRING, .args = NOARGS,
    .optargs = NOOPTS,
    .shortdesc = "get the search path",
    .longdesc = "Return the directory searched for the appliance.",
  },
  {
    .name = "set_autosync", .ret = R_ERR,
    .args = { { A_BOOL, "autosync" } },
    .optargs = NOOPTS, .fish_alias = "autosync",
    .shortdesc = "set autosync mode",
    .longdesc =
      "If true (the default), everything is unmounted and synced when "
      "the handle is shut down or closed.",
  },
  {
    .name = "get_autosync", .ret = R_BOOL, .args = NOARGS,
    .optargs = NOOPTS,
    .shortdesc = "get autosync mode",
    .longdesc = "Return the autosync flag.",
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
