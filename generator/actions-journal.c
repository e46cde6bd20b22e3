/* guestkit — generator: API table, area "journal".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the "journal" area: reading a
 * guest's systemd journal (C<journal_open> ... C<journal_close>,
 * through libsystemd's sd-journal in the daemon) and the two calls
 * that take a mountable apart (C<mountable_device>,
 * C<mountable_subvolume>).  Daemon calls of this area take procedure
 * numbers 1000..1099 (append-only).
 *
 * The journal tests build a journal file on the host with
 * systemd-journal-remote (from export-format text: no root and no
 * running journald needed) and upload it into the prep "fs" disk
 * under F</var/log/journal/MACHINE-ID/>, next to a file of garbage
 * named like a journal.
 */

#include <config.h>

#include "types.h"

#define NOARGS { { A_NONE, NULL } }
#define NOOPTS { { O_NONE, NULL } }
#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }
#define FEATURE "  This call depends on the feature \"journal\" (see " \
  "feature_available)."

#define MID "0123456789abcdef0123456789abcdef"
/* Two entries: the kernel's at 1700000000 s, sshd's (pid 42) one
 * second later.  The export format is "FIELD=value" lines, a blank
 * line after each entry. */
#define EXPORT                                                          \
  "__REALTIME_TIMESTAMP=1700000000000000\\n__MONOTONIC_TIMESTAMP=1000\\n" \
  "_BOOT_ID=" MID "\\nSYSLOG_IDENTIFIER=kernel\\n"                       \
  "MESSAGE=Linux version 6.1\\nPRIORITY=6\\n\\n"                         \
  "__REALTIME_TIMESTAMP=1700000001000000\\n__MONOTONIC_TIMESTAMP=2000\\n" \
  "_BOOT_ID=" MID "\\nSYSLOG_IDENTIFIER=sshd\\n_PID=42\\n"               \
  "MESSAGE=Accepted publickey\\nPRIORITY=3\\n\\n"
/* JOURNAL(d): the journal above in the guest directory /D/MID (and
 * /D/MID/bad.journal, 64 KiB of random bytes). */
#define JOURNAL(d)                                                      \
  "!rm -rf $scratch/" d " && mkdir -p $scratch/" d " && "               \
  "printf '" EXPORT "' | /lib/systemd/systemd-journal-remote "          \
  "-o $scratch/" d "/system.journal - 2>/dev/null && "                  \
  "head -c 65536 /dev/urandom > $scratch/" d "/bad.journal\n"           \
  "mkdir-p /" d "/" MID "\n"                                            \
  "<!echo upload $scratch/" d "/system.journal /" d "/" MID "/system.journal\n" \
  "<!echo upload $scratch/" d "/bad.journal /" d "/" MID "/bad.journal\n"
#define XATTR(i, name, val) \
  "[" #i "] = {\n  attrname: " name "\n  attrval: " val "\n}\n"
#define ENTRY1                                                          \
  XATTR (0, "_BOOT_ID", MID) XATTR (1, "SYSLOG_IDENTIFIER", "kernel")    \
  XATTR (2, "MESSAGE", "Linux version 6.1") XATTR (3, "PRIORITY", "6")
#define NOT_OPEN "~no journal is open: call journal_open first"

const struct action actions_journal[] = {
  {
    .name = "journal_open", .proc_nr = 1000, .ret = R_ERR,
    .args = { { A_PATHNAME, "directory" } }, .optargs = NOOPTS,
    .shortdesc = "open the systemd journal",
    .longdesc = "Open the systemd journal kept in DIRECTORY of the guest "
      "(usually F</var/log/journal>), closing any journal opened "
      "before.  Every journal file there and in its subdirectories is "
      "read; files that are not valid journals are skipped.  Read the "
      "entries with journal_next and journal_get, then call "
      "journal_close (a filesystem holding an open journal cannot be "
      "unmounted)." FEATURE,
    .tests = TESTS (
      { "fs", JOURNAL ("jo") "journal-open /jo\njournal-next\njournal-get\n"
        "journal-close", "true\n" ENTRY1 },
      { "fs", "feature-available journal", "true\n" },
      { "fs", "journal-open /nosuch",
        "~journal_open: /nosuch: No such file or directory" },
      { "fs", "write /jf x\njournal-open /jf", "~/jf: Not a directory" },
      { "fs", "journal-open jo", "~jo: path must start with a / character" },
      /* No journal files: open, but empty. */
      { "fs", "mkdir /je\njournal-open /je\njournal-next\njournal-skip 3\n"
        "journal-close", "false\n0\n" },
      { "fs", "mkdir /je2\njournal-open /je2\njournal-get\njournal-close",
        "~journal_get: no current entry: call journal_next first" },
      /* A FIFO and symlinks named like journals are not read, and a
       * symlinked subdirectory is not entered: only the real file's
       * two entries. */
      { "fs", JOURNAL ("jh") "mkfifo 0644 /jh/" MID "/fifo.journal\n"
        "ln-s " MID "/system.journal /jh/link.journal\n"
        "ln-s /jh/" MID " /jh/linkdir\n"
        "ln-s /etc/../../../../../.. /jh/" MID "/up\n"
        "journal-open /jh\njournal-skip 10\njournal-close", "2\n" }),
  },
  {
    .name = "journal_close", .proc_nr = 1001, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "close the systemd journal",
    .longdesc = "Close the journal opened by journal_open." FEATURE,
    .tests = TESTS (
      { "fs", JOURNAL ("jc") "journal-open /jc\njournal-close\n"
        "umount /\nmount /dev/sda1 /\necho ok", "ok\n" },
      { "fs", "journal-close", NOT_OPEN }),
  },
  {
    .name = "journal_next", .proc_nr = 1002, .ret = R_BOOL,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "move to the next journal entry",
    .longdesc = "Move to the next entry of the journal; call it once "
      "after journal_open before reading the first entry.  Returns "
      "true if there is an entry to read, false at the end of the "
      "journal." FEATURE,
    .tests = TESTS (
      { "fs", JOURNAL ("jn") "journal-open /jn\njournal-next\njournal-next\n"
        "journal-next\njournal-close", "true\ntrue\nfalse\n" },
      { "fs", "journal-next", NOT_OPEN }),
  },
  {
    .name = "journal_skip", .proc_nr = 1003, .ret = R_INT64,
    .args = { { A_INT64, "skip" } }, .optargs = NOOPTS,
    .shortdesc = "skip forwards or backwards in the journal",
    .longdesc = "Move SKIP entries forwards (SKIP E<ge> 0) or backwards "
      "(SKIP E<lt> 0) in the journal.  Returns how many entries were "
      "skipped (never negative): less than |SKIP| means the end or the "
      "start of the journal was reached." FEATURE,
    .tests = TESTS (
      { "fs", JOURNAL ("js") "journal-open /js\njournal-skip 10\n"
        "journal-skip -1\njournal-get-realtime-usec\njournal-skip 0\n"
        "journal-close", "2\n1\n1700000000000000\n0\n" }),
  },
  {
    .name = "journal_get", .proc_nr = 1004, .ret = R_STRUCTLIST,
    .ret_struct = "xattr", .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "read the current journal entry",
    .longdesc = "Return the fields of the current journal entry as "
      "(attrname, attrval) pairs: attrname is the field name, attrval "
      "its value (binary data, often but not always text).  Values "
      "longer than the data threshold (journal_set_data_threshold) are "
      "cut to it; an unlimited threshold still cuts them at 1 MiB, and "
      "an entry over 3 MiB or with more than 4096 fields is an error "
      "(E2BIG)." FEATURE,
    .tests = TESTS (
      { "fs", JOURNAL ("jg") "journal-open /jg\njournal-skip 2\njournal-get\n"
        "journal-close",
        "2\n" XATTR (0, "_BOOT_ID", MID) XATTR (1, "SYSLOG_IDENTIFIER", "sshd")
        XATTR (2, "_PID", "42") XATTR (3, "MESSAGE", "Accepted publickey")
        XATTR (4, "PRIORITY", "3") },
      { "fs", JOURNAL ("jg2") "journal-open /jg2\njournal-get\njournal-close",
        "~journal_get: no current entry: call journal_next first" },
      { "fs", "journal-get", NOT_OPEN }),
  },
  {
    .name = "journal_get_data_threshold", .proc_nr = 1005, .ret = R_INT64,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "get the data threshold for reading journal entries",
    .longdesc = "Return the data threshold: the length to which "
      "journal_get cuts the values of fields (0: unlimited).  It is "
      "65536 after journal_open.  See also journal_set_data_threshold."
      FEATURE,
    .tests = TESTS (
      { "fs", JOURNAL ("jt") "journal-open /jt\njournal-get-data-threshold\n"
        "journal-close", "65536\n" },
      { "fs", "journal-get-data-threshold", NOT_OPEN }),
  },
  {
    .name = "journal_set_data_threshold", .proc_nr = 1006, .ret = R_ERR,
    .args = { { A_INT64, "threshold" } }, .optargs = NOOPTS,
    .shortdesc = "set the data threshold for reading journal entries",
    .longdesc = "Set the data threshold: journal_get cuts the values of "
      "fields to THRESHOLD bytes (0: unlimited, up to 1 MiB).  See "
      "also journal_get_data_threshold." FEATURE,
    .tests = TESTS (
      { "fs", JOURNAL ("jd") "journal-open /jd\n"
        "journal-set-data-threshold 5\njournal-get-data-threshold\n"
        "journal-next\njournal-get\njournal-set-data-threshold 0\n"
        "journal-get-data-threshold\njournal-close",
        "5\ntrue\n" XATTR (0, "_BOOT_ID", "01234")
        XATTR (1, "SYSLOG_IDENTIFIER", "kerne") XATTR (2, "MESSAGE", "Linux")
        XATTR (3, "PRIORITY", "6") "0\n" },
      { "fs", JOURNAL ("jd2") "journal-open /jd2\n"
        "journal-set-data-threshold -1\njournal-close",
        "~journal_set_data_threshold: threshold must not be negative" }),
  },
  {
    .name = "journal_get_realtime_usec", .proc_nr = 1007, .ret = R_INT64,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "get the timestamp of the current journal entry",
    .longdesc = "Return the wall-clock time of the current journal "
      "entry, in microseconds since the epoch." FEATURE,
    .tests = TESTS (
      { "fs", JOURNAL ("jr") "journal-open /jr\njournal-next\n"
        "journal-get-realtime-usec\njournal-next\n"
        "journal-get-realtime-usec\njournal-close",
        "true\n1700000000000000\ntrue\n1700000001000000\n" },
      { "fs", "journal-get-realtime-usec", NOT_OPEN }),
  },
  {
    .name = "mountable_device", .proc_nr = 1050, .ret = R_STRING,
    .args = { { A_MOUNTABLE, "mountable" } }, .optargs = NOOPTS,
    .shortdesc = "extract the device part of a mountable",
    .longdesc = "Return the device of MOUNTABLE: the mountable itself "
      "when it is a device, the device part of a btrfs subvolume "
      "written C<btrfsvol:DEVICE/SUBVOLUME>.  See also "
      "mountable_subvolume.",
    .tests = TESTS (
      { "fs", "mountable-device /dev/sda1\n"
        "mountable-device btrfsvol:/dev/sda1/root/a\n"
        "mountable-device btrfsvol:/dev/sda1/@", "/dev/sda1\n/dev/sda1\n/dev/sda1\n" },
      { "fs", "mountable-device btrfsvol:/dev/sdz1/root",
        "~btrfsvol:/dev/sdz1/root: no such device" },
      { "fs", "mountable-device btrfsvol:/dev/sda1/../x",
        "~expecting btrfsvol:/dev/DEVICE/SUBVOLUME" }),
  },
  {
    .name = "mountable_subvolume", .proc_nr = 1051, .ret = R_STRING,
    .args = { { A_MOUNTABLE, "mountable" } }, .optargs = NOOPTS,
    .shortdesc = "extract the subvolume part of a mountable",
    .longdesc = "Return the subvolume path of MOUNTABLE, a btrfs "
      "subvolume written C<btrfsvol:DEVICE/SUBVOLUME> (the path is "
      "relative to the top of the filesystem).  Fails with EINVAL when "
      "MOUNTABLE is not a subvolume.  See also mountable_device.",
    .tests = TESTS (
      { "fs", "mountable-subvolume btrfsvol:/dev/sda1/root/a\n"
        "mountable-subvolume btrfsvol:/dev/sda1/@", "root/a\n@\n" },
      { "fs", "mountable-subvolume /dev/sda1",
        "~mountable_subvolume: /dev/sda1: not a btrfs subvolume" }),
  },
  { .name = NULL }
};
