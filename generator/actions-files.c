/* guestkit — generator: API table, area "files".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the "files" area: modes and
 * owners, links, copies and moves, special files, temporary files,
 * timestamps and sizes, and directory listings.  Daemon calls of this
 * area take procedure numbers 100..199 (append-only).
 * Tests are described in F<types.h> (struct test) and run by
 * F<tests/test-actions.sh>; each "fs" test works under its own
 * top-level directory.
 */

#include <config.h>

#include "types.h"

#define NOOPTS { { O_NONE, NULL } }
#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }
#define PATH1 { { A_PATHNAME, "path" } }
#define FOLLOW { { O_BOOL, "followsymlinks" } }
#define ENOENT_RE "~No such file or directory"

const struct action actions_files[] = {
  {
    .name = "chmod", .proc_nr = 100, .ret = R_ERR,
    .args = { { A_INT, "mode" }, { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "change file mode",
    .longdesc = "Set the permission bits of PATH (a symlink is followed) "
      "to MODE, a number; in guestfish write it with a leading 0 to "
      "give it in octal.",
    .tests = TESTS ({ "fs", "mkdir /chmod\ntouch /chmod/f\n"
      "chmod 0640 /chmod/f\nstatns /chmod/f | grep st_mode", "st_mode: 33184\n" },
      { "fs", "chmod 0600 /chmod-nope", ENOENT_RE },
      { "fs", "mkdir /chmod2\nln-s ../../../../etc/passwd /chmod2/l\n"
        "chmod 0600 /chmod2/l", ENOENT_RE },
      { "fs", "mkdir /chmod3\nchmod -1 /chmod3", "~negative" },
      { "none", "chmod 0644 /x", "~call .mount. first" }),
  },
  {
    .name = "chown", .proc_nr = 101, .ret = R_ERR,
    .args = { { A_INT, "owner" }, { A_INT, "group" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "change file owner and group",
    .longdesc = "Set the owner of PATH to the numeric user id OWNER and "
      "its group to the numeric group id GROUP (-1 leaves one "
      "unchanged).  A symlink is followed.",
    .tests = TESTS ({ "fs", "mkdir /chown\ntouch /chown/f\nchown 10 11 /chown/f\n"
      "statns /chown/f | grep -E '^st_(uid|gid)'", "st_uid: 10\nst_gid: 11\n" },
      { "fs", "chown 1 1 /chown-nope", ENOENT_RE },
      { "fs", "mkdir /chown2\nln-s ../../../etc/passwd /chown2/l\n"
        "chown 1 1 /chown2/l", ENOENT_RE },
      { "none", "chown 1 1 /x", "~mount" }),
  },
  {
    .name = "lchown", .proc_nr = 102, .ret = R_ERR,
    .args = { { A_INT, "owner" }, { A_INT, "group" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "change file owner and group",
    .longdesc = "Like chown, but a symlink itself is changed rather "
      "than what it points to.",
    .tests = TESTS ({ "fs", "mkdir /lchown\ntouch /lchown/f\n"
      "ln-s f /lchown/l\nlchown 12 13 /lchown/l\n"
      "lstatns /lchown/l | grep st_uid\nstatns /lchown/f | grep st_uid",
      "st_uid: 12\nst_uid: 0\n" }),
  },
  {
    .name = "cp", .proc_nr = 103, .ret = R_ERR,
    .args = { { A_PATHNAME, "src" }, { A_PATHNAME, "dest" } }, .optargs = NOOPTS,
    .shortdesc = "copy a file",
    .longdesc = "Copy the regular file SRC to DEST, a new file name or "
      "an existing directory to copy into.",
    .tests = TESTS ({ "fs", "mkdir-p /cp/d\nwrite /cp/a hello\ncp /cp/a /cp/b\n"
      "cp /cp/a /cp/d\ncat /cp/b\ncat /cp/d/a", "hello\nhello\n" },
      { "fs", "cp /cp-nope /cp-x", ENOENT_RE },
      { "fs", "mkdir /cp2\nln-s /../../../etc/passwd /cp2/l\ncp /cp2/l /cp2/x",
        ENOENT_RE },
      { "fs", "mkdir /cp3\nwrite /cp3/a hi\nln-s ../../../tmp/cp3 /cp3/l\n"
        "cp /cp3/a /cp3/l\nis-symlink /cp3/l\ncat /cp3/l", "false\nhi\n" },
      { "none", "cp /a /b", "~call .mount. first" }),
  },
  {
    .name = "cp_a", .proc_nr = 104, .ret = R_ERR,
    .args = { { A_PATHNAME, "src" }, { A_PATHNAME, "dest" } }, .optargs = NOOPTS,
    .shortdesc = "copy a file or directory recursively",
    .longdesc = "Copy SRC, recursively if it is a directory, to DEST as "
      "\"cp -a\" does: modes, owners, times, links and special files "
      "are kept.",
    .tests = TESTS ({ "fs", "mkdir-p /cpa/src/sub\nwrite /cpa/src/sub/f x\n"
      "chmod 0604 /cpa/src/sub/f\nln-s /etc /cpa/src/l\ncp-a /cpa/src /cpa/dst\n"
      "cat /cpa/dst/sub/f\nstatns /cpa/dst/sub/f | grep st_mode\n"
      "readlink /cpa/dst/l", "x\nst_mode: 33156\n/etc\n" },
      { "fs", "cp-a /cpa-nope /cpa-x", ENOENT_RE },
      { "fs", "mkdir-p /cpa2/src/sub\nwrite /cpa2/src/sub/f x\nwrite /cpa2/src/g y\n"
        "mkdir-p /cpa2/dst/src\nln-s /../../../bin /cpa2/dst/src/sub\n"
        "ln-s /../../../etc/hostname /cpa2/dst/src/g\ncp-a /cpa2/src /cpa2/dst\n"
        "is-symlink /cpa2/dst/src/g\ncat /cpa2/dst/src/g",
        "libguestfs: error: cp_a: cp: cannot overwrite non-directory "
        "'./cpa2/dst/src/sub' with directory './cpa2/src/sub'\nfalse\ny\n" },
      { "fs", "mkdir /cpa3\nmkdir /cpa3/d\nln-s /../../../tmp /cpa3/l\n"
        "cp-a /cpa3/d /cpa3/l\nis-symlink /cpa3/l",
        "libguestfs: error: cp_a: cp: cannot overwrite non-directory "
        "'./cpa3/l' with directory './cpa3/d'\ntrue\n" },
      { "fs", "mkdir-p /cpa4/real\nmkdir /cpa4/src\ntouch /cpa4/src/f\n"
        "ln-s /../cpa4/real /cpa4/l\ncp-a /cpa4/src /cpa4/l\nfind /cpa4/real",
        "src\nsrc/f\n" }),
  },
  {
    .name = "cp_r", .proc_nr = 105, .ret = R_ERR,
    .args = { { A_PATHNAME, "src" }, { A_PATHNAME, "dest" } }, .optargs = NOOPTS,
    .shortdesc = "copy a file or directory recursively",
    .longdesc = "Copy SRC, recursively if it is a directory, to DEST as "
      "\"cp -rP\" does: symlinks are copied as symlinks, and modes and "
      "owners are not kept (useful on filesystems such as FAT).",
    .tests = TESTS ({ "fs", "mkdir-p /cpr/src/sub\nwrite /cpr/src/sub/f y\n"
      "mkdir /cpr/dst\ncp-r /cpr/src /cpr/dst\ncat /cpr/dst/src/sub/f", "y\n" }),
  },
  {
    .name = "mv", .proc_nr = 106, .ret = R_ERR,
    .args = { { A_PATHNAME, "src" }, { A_PATHNAME, "dest" } }, .optargs = NOOPTS,
    .shortdesc = "move a file",
    .longdesc = "Move SRC to DEST, a new name or an existing directory "
      "to move into (across filesystems too).",
    .tests = TESTS ({ "fs", "mkdir-p /mv/d\nwrite /mv/a x\nmv /mv/a /mv/b\n"
      "exists /mv/a\nmv /mv/b /mv/d\ncat /mv/d/b", "false\nx\n" },
      { "fs", "mv /mv-nope /mv-x", ENOENT_RE },
      { "fs", "mkdir /mv2\nwrite /mv2/f hi\nln-s /../../../tmp /mv2/l\n"
        "mv /mv2/f /mv2/l\nis-symlink /mv2/l\ncat /mv2/l", "false\nhi\n" }),
  },
  {
    .name = "rename", .proc_nr = 107, .ret = R_ERR,
    .args = { { A_PATHNAME, "oldpath" }, { A_PATHNAME, "newpath" } },
    .optargs = NOOPTS,
    .shortdesc = "rename a file on the same filesystem",
    .longdesc = "Rename OLDPATH to NEWPATH with rename(2): both must be "
      "on one filesystem, and an existing NEWPATH is replaced.",
    .tests = TESTS ({ "fs", "mkdir /rn\nwrite /rn/a x\nwrite /rn/b y\n"
      "rename /rn/a /rn/b\nexists /rn/a\ncat /rn/b", "false\nx\n" },
      { "fs", "rename /rn-nope /rn-x", ENOENT_RE }),
  },
  {
    .name = "ln", .proc_nr = 108, .ret = R_ERR,
    .args = { { A_STRING, "target" }, { A_PATHNAME, "linkname" } },
    .optargs = NOOPTS,
    .shortdesc = "create a hard link",
    .longdesc = "Make LINKNAME a new hard link to the file TARGET (a "
      "guest path).  If LINKNAME is a directory, the link is made in it.",
    .tests = TESTS ({ "fs", "mkdir /ln\nwrite /ln/a x\nln /ln/a /ln/b\n"
      "statns /ln/a | grep st_nlink\ncat /ln/b", "st_nlink: 2\nx\n" },
      { "fs", "mkdir /ln2\nwrite /ln2/a x\nwrite /ln2/b y\nln /ln2/a /ln2/b",
        "~File exists" },
      { "fs", "mkdir /ln3\nln /../../../etc/passwd /ln3/x", ENOENT_RE }),
  },
  {
    .name = "ln_f", .proc_nr = 109, .ret = R_ERR,
    .args = { { A_STRING, "target" }, { A_PATHNAME, "linkname" } },
    .optargs = NOOPTS,
    .shortdesc = "create a hard link",
    .longdesc = "Like ln, but an existing LINKNAME is removed first.",
    .tests = TESTS ({ "fs", "mkdir /lnf\nwrite /lnf/a x\nwrite /lnf/b y\n"
      "ln-f /lnf/a /lnf/b\ncat /lnf/b\nstatns /lnf/a | grep st_nlink",
      "x\nst_nlink: 2\n" }),
  },
  {
    .name = "ln_s", .proc_nr = 110, .ret = R_ERR,
    .args = { { A_STRING, "target" }, { A_PATHNAME, "linkname" } },
    .optargs = NOOPTS,
    .shortdesc = "create a symbolic link",
    .longdesc = "Make LINKNAME a symbolic link whose contents are TARGET, "
      "stored exactly as given.",
    .tests = TESTS ({ "fs", "mkdir /lns\nln-s ../x/./y /lns/l\nreadlink /lns/l",
      "../x/./y\n" },
      { "fs", "mkdir /lns2\nln-s /etc/passwd /lns2/l\nreadlink /lns2/l\n"
        "cat /lns2/l", "/etc/passwd\n"
        "libguestfs: error: cat: /lns2/l: No such file or directory\n" },
      { "none", "ln-s t /x", "~call .mount. first" }),
  },
  {
    .name = "ln_sf", .proc_nr = 111, .ret = R_ERR,
    .args = { { A_STRING, "target" }, { A_PATHNAME, "linkname" } },
    .optargs = NOOPTS,
    .shortdesc = "create a symbolic link",
    .longdesc = "Like ln-s, but an existing LINKNAME is removed first.",
    .tests = TESTS ({ "fs", "mkdir /lnsf\ntouch /lnsf/l\nln-sf t1 /lnsf/l\n"
      "ln-sf t2 /lnsf/l\nreadlink /lnsf/l", "t2\n" }),
  },
  {
    .name = "readlink", .proc_nr = 112, .ret = R_STRING,
    .args = PATH1, .optargs = NOOPTS,
    .shortdesc = "read the target of a symbolic link",
    .longdesc = "Return the contents of the symbolic link PATH.",
    .tests = TESTS ({ "fs", "mkdir /rl\nln-s a/b /rl/l\nreadlink /rl/l", "a/b\n" },
      { "fs", "mkdir /rl2\ntouch /rl2/f\nreadlink /rl2/f", "~Invalid argument" }),
  },
  {
    .name = "readlinklist", .proc_nr = 113, .ret = R_STRINGLIST,
    .args = { { A_PATHNAME, "path" }, { A_STRINGLIST, "names" } },
    .optargs = NOOPTS,
    .shortdesc = "readlink on multiple files",
    .longdesc = "Read the symbolic links NAMES in the directory PATH in "
      "one call.  The result has one string per name, in order: the "
      "link's contents, or an empty string when it could not be read "
      "(not a symlink, missing).",
    .tests = TESTS ({ "fs", "mkdir /rll\nln-s x /rll/a\ntouch /rll/b\n"
      "ln-s /y /rll/c\nreadlinklist /rll \"a b nope c\"", "x\n\n\n/y\n" },
      { "fs", "readlinklist / \".. lost+found/x\"", "\n\n" }),
  },
  {
    .name = "realpath", .proc_nr = 114, .ret = R_STRING,
    .args = PATH1, .optargs = NOOPTS,
    .shortdesc = "canonicalized absolute pathname",
    .longdesc = "Return the absolute path of PATH in the guest with no "
      "\".\", \"..\" or symlink components left.",
    .tests = TESTS ({ "fs", "mkdir-p /rp/a/b\nln-s ../.. /rp/a/b/up\n"
      "realpath /rp/a/b/up/./a", "/rp/a\n" },
      { "fs", "mkdir /rp2\nln-s ../../../.. /rp2/esc\nln-s /../.. /rp2/abs\n"
        "realpath /rp2/esc\nrealpath /rp2/abs/rp2", "/\n/rp2\n" },
      { "fs", "realpath /rp-nope", ENOENT_RE }),
  },
  {
    .name = "rm_f", .proc_nr = 115, .ret = R_ERR,
    .args = PATH1, .optargs = NOOPTS,
    .shortdesc = "remove a file ignoring errors",
    .longdesc = "Remove the file PATH; a missing file is not an error, "
      "but other errors are, and directories are refused.",
    .tests = TESTS ({ "fs", "mkdir /rmf\ntouch /rmf/f\nrm-f /rmf/f\n"
      "rm-f /rmf/f\nrm-f /rmf/no/such\nexists /rmf/f", "false\n" },
      { "fs", "mkdir /rmf2\nrm-f /rmf2", "~Is a directory" }),
  },
  {
    .name = "lstatnslist", .proc_nr = 116, .ret = R_STRUCTLIST,
    .ret_struct = "statns",
    .args = { { A_PATHNAME, "path" }, { A_STRINGLIST, "names" } },
    .optargs = NOOPTS,
    .shortdesc = "lstat on multiple files",
    .longdesc = "Run lstatns on each of NAMES in the directory PATH in "
      "one call.  The result has one struct per name, in order; one "
      "whose st_ino is -1 could not be read.",
    .tests = TESTS ({ "fs", "mkdir /lsl\nwrite /lsl/a 123\nln-s a /lsl/b\n"
      "lstatnslist /lsl \"a nope b\" | grep -E '^  st_(ino: -1|size)'",
      "  st_size: 3\n  st_ino: -1\n  st_size: 0\n  st_size: 1\n" },
      { "fs", "lstatnslist / \".. . /\" | grep st_ino",
        "  st_ino: 2\n  st_ino: 2\n  st_ino: -1\n" }),
  },
  {
    .name = "is_blockdev", .proc_nr = 117, .ret = R_BOOL,
    .args = PATH1, .optargs = FOLLOW,
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "is-blockdev-opts",
    .shortdesc = "test if block device",
    .longdesc = "Return true if PATH is a block device node in the "
      "guest.  A symlink is followed only if FOLLOWSYMLINKS is true.",
    .tests = TESTS ({ "fs", "mkdir /isb\nmknod-b 0600 8 0 /isb/b\n"
      "ln-s b /isb/l\nis-blockdev /isb/b\nis-blockdev /isb/l\n"
      "is-blockdev /isb/l followsymlinks:true\nis-blockdev /isb",
      "true\nfalse\ntrue\nfalse\n" }),
  },
  {
    .name = "is_chardev", .proc_nr = 118, .ret = R_BOOL,
    .args = PATH1, .optargs = FOLLOW,
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "is-chardev-opts",
    .shortdesc = "test if character device",
    .longdesc = "Return true if PATH is a character device node in the "
      "guest.  A symlink is followed only if FOLLOWSYMLINKS is true.",
    .tests = TESTS ({ "fs", "mkdir /isc\nmknod-c 0600 1 3 /isc/c\n"
      "ln-s c /isc/l\nis-chardev /isc/c\nis-chardev /isc/l\n"
      "is-chardev /isc/l followsymlinks:true\nis-chardev /isc/nope",
      "true\nfalse\ntrue\nfalse\n" }),
  },
  {
    .name = "is_fifo", .proc_nr = 119, .ret = R_BOOL,
    .args = PATH1, .optargs = FOLLOW,
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "is-fifo-opts",
    .shortdesc = "test if FIFO (named pipe)",
    .longdesc = "Return true if PATH is a FIFO.  A symlink is followed "
      "only if FOLLOWSYMLINKS is true.",
    .tests = TESTS ({ "fs", "mkdir /isf\nmkfifo 0600 /isf/p\nln-s p /isf/l\n"
      "is-fifo /isf/p\nis-fifo /isf/l\nis-fifo /isf/l followsymlinks:true",
      "true\nfalse\ntrue\n" }),
  },
  {
    .name = "is_socket", .proc_nr = 120, .ret = R_BOOL,
    .args = PATH1, .optargs = FOLLOW,
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "is-socket-opts",
    .shortdesc = "test if socket",
    .longdesc = "Return true if PATH is a Unix domain socket.  A symlink "
      "is followed only if FOLLOWSYMLINKS is true.",
    .tests = TESTS ({ "fs", "mkdir /iss\nmknod 0140644 0 0 /iss/s\n"
      "ln-s s /iss/l\nis-socket /iss/s\nis-socket /iss/l\n"
      "is-socket /iss/l followsymlinks:true\nis-socket /iss",
      "true\nfalse\ntrue\nfalse\n" }),
  },
  {
    .name = "is_symlink", .proc_nr = 121, .ret = R_BOOL,
    .args = PATH1, .optargs = NOOPTS,
    .shortdesc = "test if symbolic link",
    .longdesc = "Return true if PATH is a symbolic link (never followed).",
    .tests = TESTS ({ "fs", "mkdir /isl\nln-s /nowhere /isl/l\ntouch /isl/f\n"
      "is-symlink /isl/l\nis-symlink /isl/f\nis-symlink /isl/nope",
      "true\nfalse\nfalse\n" }),
  },
  {
    .name = "mknod", .proc_nr = 122, .ret = R_ERR,
    .args = { { A_INT, "mode" }, { A_INT, "devmajor" }, { A_INT, "devminor" },
              { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "make block, character or FIFO devices",
    .longdesc = "Create the special file PATH with mknod(2).  MODE holds "
      "the file type (S_IFBLK, S_IFCHR, S_IFIFO, S_IFSOCK; without one a "
      "regular file is made) and the permissions, which the umask "
      "reduces.  DEVMAJOR and DEVMINOR are used for device nodes.",
    .tests = TESTS ({ "fs", "mkdir /mknod\nmknod 0010777 0 0 /mknod/p\n"
      "mknod 0060600 8 1 /mknod/b\nstatns /mknod/p | grep st_mode\n"
      "statns /mknod/b | grep -E '^st_(mode|rdev)'",
      "st_mode: 4589\nst_mode: 24960\nst_rdev: 2049\n" },
      { "fs", "mkdir /mknod2\nmknod 0010777 0 0 /mknod2", "~File exists" },
      { "fs", "mknod 0777 -1 0 /mknod-neg", "~negative" }),
  },
  {
    .name = "mknod_b", .proc_nr = 123, .ret = R_ERR,
    .args = { { A_INT, "mode" }, { A_INT, "devmajor" }, { A_INT, "devminor" },
              { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "make block device node",
    .longdesc = "Create the block device node PATH with permissions "
      "MODE (permission bits only) and numbers DEVMAJOR:DEVMINOR.",
    .tests = TESTS ({ "fs", "mkdir /mknodb\nmknod-b 0640 8 16 /mknodb/b\n"
      "statns /mknodb/b | grep -E '^st_(mode|rdev)'",
      "st_mode: 24992\nst_rdev: 2064\n" },
      { "fs", "mknod-b 0060640 8 16 /mknodb-x", "~permission bits" }),
  },
  {
    .name = "mknod_c", .proc_nr = 124, .ret = R_ERR,
    .args = { { A_INT, "mode" }, { A_INT, "devmajor" }, { A_INT, "devminor" },
              { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "make char device node",
    .longdesc = "Create the character device node PATH with permissions "
      "MODE (permission bits only) and numbers DEVMAJOR:DEVMINOR.",
    .tests = TESTS ({ "fs", "mkdir /mknodc\nmknod-c 0777 1 3 /mknodc/c\n"
      "statns /mknodc/c | grep -E '^st_(mode|rdev)'",
      "st_mode: 8685\nst_rdev: 259\n" }),
  },
  {
    .name = "mkfifo", .proc_nr = 125, .ret = R_ERR,
    .args = { { A_INT, "mode" }, { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "make FIFO (named pipe)",
    .longdesc = "Create the FIFO PATH with permissions MODE (permission "
      "bits only, reduced by the umask).",
    .tests = TESTS ({ "fs", "mkdir /mkfifo\nmkfifo 0666 /mkfifo/p\n"
      "statns /mkfifo/p | grep st_mode", "st_mode: 4516\n" },
      { "fs", "mkfifo 0666 /mkfifo-no/p", ENOENT_RE }),
  },
  {
    .name = "mktemp", .proc_nr = 126, .ret = R_STRING,
    .args = { { A_PATHNAME, "tmpl" } }, .optargs = { { O_STRING, "suffix" } },
    .shortdesc = "create a temporary file",
    .longdesc = "Create a new empty file, mode 0600, from the template "
      "TMPL, a path whose last six characters are \"XXXXXX\": they are "
      "replaced to give a name that did not exist.  SUFFIX, if given, "
      "is appended to the name.  The name is returned; the caller "
      "removes the file.",
    .tests = TESTS ({ "fs", "mkdir /mkt\nmktemp /mkt/tXXXXXX | grep -cE '^/mkt/t[a-zA-Z0-9]{6}$'\n"
      "mktemp /mkt/uXXXXXX suffix:.txt | grep -cE '^/mkt/u[a-zA-Z0-9]{6}\\.txt$'\n"
      "ls /mkt | wc -l", "1\n1\n2\n" },
      { "fs", "mkdir /mkt2\nmktemp /mkt2/tXXXX", "~XXXXXX" },
      { "fs", "mktemp /mkt-none/tXXXXXX", ENOENT_RE },
      { "fs", "mkdir /mkt3\nln-s /../.. /mkt3/up\n"
        "mktemp /mkt3/up/mkt3/tXXXXXX | wc -l\nls /mkt3 | wc -l", "1\n2\n" }),
  },
  {
    .name = "mkdtemp", .proc_nr = 127, .ret = R_STRING,
    .args = { { A_PATHNAME, "tmpl" } }, .optargs = NOOPTS,
    .shortdesc = "create a temporary directory",
    .longdesc = "Create a new directory, mode 0700, from the template "
      "TMPL, a path whose last six characters are \"XXXXXX\" (they are "
      "replaced), and return its name.",
    .tests = TESTS ({ "fs", "mkdir /mkdt\nmkdtemp /mkdt/dXXXXXX | grep -cE '^/mkdt/d[a-zA-Z0-9]{6}$'\n"
      "ls /mkdt | wc -l", "1\n1\n" },
      { "fs", "mkdtemp /mkdt-bad", "~XXXXXX" }),
  },
  {
    .name = "mkdir_mode", .proc_nr = 128, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" }, { A_INT, "mode" } }, .optargs = NOOPTS,
    .shortdesc = "create a directory with a particular mode",
    .longdesc = "Create the directory PATH with permissions MODE, "
      "reduced by the umask.",
    .tests = TESTS ({ "fs", "mkdir-mode /mdm 0700\nmkdir-mode /mdm/b 0777\n"
      "statns /mdm | grep st_mode\nstatns /mdm/b | grep st_mode",
      "st_mode: 16832\nst_mode: 16877\n" },
      { "fs", "mkdir-mode /mdm-x -1", "~negative" }),
  },
  {
    .name = "umask", .proc_nr = 129, .ret = R_INT,
    .args = { { A_INT, "mask" } }, .optargs = NOOPTS, .flags = FL_FISH_OCTAL,
    .shortdesc = "set file mode creation mask (umask)",
    .longdesc = "Set the mask that the daemon applies to the modes of "
      "the files, directories and nodes it creates to MASK & 0777, and "
      "return the previous mask.  It starts as 022.",
    .tests = TESTS ({ "fs", "mkdir /umask\numask 077\ntouch /umask/f\n"
      "mkdir /umask/d\numask 022\nstatns /umask/f | grep st_mode\n"
      "statns /umask/d | grep st_mode", "022\n077\nst_mode: 33152\nst_mode: 16832\n" },
      { "fs", "umask -1", "~negative" }),
  },
  {
    .name = "get_umask", .proc_nr = 130, .ret = R_INT,
    .args = { { A_NONE, NULL } }, .optargs = NOOPTS, .flags = FL_FISH_OCTAL,
    .shortdesc = "get the current umask",
    .longdesc = "Return the daemon's current umask (022 unless changed "
      "with umask).",
    .tests = TESTS ({ "fs", "get-umask\numask 027\nget-umask\numask 022",
      "022\n022\n027\n027\n" }),
  },
  {
    .name = "utimens", .proc_nr = 131, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" }, { A_INT64, "atsecs" },
              { A_INT64, "atnsecs" }, { A_INT64, "mtsecs" },
              { A_INT64, "mtnsecs" } },
    .optargs = NOOPTS,
    .shortdesc = "set timestamp of a file with nanosecond precision",
    .longdesc = "Set the access time of PATH to ATSECS.ATNSECS and its "
      "modification time to MTSECS.MTNSECS (seconds since the epoch).  "
      "A nanoseconds value of -1 means now, -2 leaves that time "
      "unchanged.  A symlink itself is changed, not its target.",
    .tests = TESTS ({ "fs", "mkdir /ut\ntouch /ut/f\nutimens /ut/f 1000 0 3000 0\n"
      "statns /ut/f | grep -E '^st_(a|m)time_sec'\n"
      "utimens /ut/f 5 -2 7 0\nstatns /ut/f | grep -E '^st_(a|m)time_sec'",
      "st_atime_sec: 1000\nst_mtime_sec: 3000\n"
      "st_atime_sec: 1000\nst_mtime_sec: 7\n" },
      { "fs", "utimens /ut-nope 0 0 0 0", ENOENT_RE }),
  },
  {
    .name = "truncate", .proc_nr = 132, .ret = R_ERR,
    .args = PATH1, .optargs = NOOPTS,
    .shortdesc = "truncate a file to zero size",
    .longdesc = "Truncate the existing regular file PATH to zero bytes.",
    .tests = TESTS ({ "fs", "mkdir /trunc\nwrite /trunc/f hello\n"
      "truncate /trunc/f\nfilesize /trunc/f", "0\n" },
      { "fs", "truncate /trunc-nope", ENOENT_RE },
      { "fs", "mkdir /trunc2\nln-s /../../../etc/passwd /trunc2/l\n"
        "truncate /trunc2/l", ENOENT_RE },
      { "none", "truncate /x", "~call .mount. first" }),
  },
  {
    .name = "truncate_size", .proc_nr = 133, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" }, { A_INT64, "size" } }, .optargs = NOOPTS,
    .shortdesc = "truncate a file to a particular size",
    .longdesc = "Set the size of the existing regular file PATH to SIZE "
      "bytes, cutting it or extending it with zeroes (sparsely).",
    .tests = TESTS ({ "fs", "mkdir /truncs\nwrite /truncs/f hello\n"
      "truncate-size /truncs/f 3\ncat /truncs/f\n"
      "truncate-size /truncs/f 100000\nfilesize /truncs/f", "hel\n100000\n" },
      { "fs", "mkdir /truncs2\ntouch /truncs2/f\ntruncate-size /truncs2/f -1",
        "~negative" },
      { "fs", "mkdir /truncs3\ntruncate-size /truncs3 0", "~Is a directory" }),
  },
  {
    .name = "fallocate64", .proc_nr = 134, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" }, { A_INT64, "len" } }, .optargs = NOOPTS,
    .shortdesc = "preallocate a file in the guest filesystem",
    .longdesc = "Create PATH (replacing an existing file's contents) "
      "as LEN zero bytes with its disk blocks allocated; truncate-size "
      "makes sparse files instead.",
    .tests = TESTS ({ "fs", "mkdir /falloc\nwrite /falloc/f abc\n"
      "fallocate64 /falloc/f 100000\nfilesize /falloc/f\n"
      "statns /falloc/f | grep '^st_blocks:' | grep -vc ': 0$'\n"
      "read-file /falloc/f | tr -d '\\0' | wc -c",
      "100000\n1\n0\n" },
      { "fs", "fallocate64 /falloc-neg -5", "~negative" }),
  },
  {
    .name = "ls0", .proc_nr = 135, .ret = R_ERR,
    .args = { { A_PATHNAME, "dir" }, { A_FILEOUT, "filenames" } },
    .optargs = NOOPTS,
    .shortdesc = "get list of files in a directory",
    .longdesc = "Write the names in the directory DIR, each followed by "
      "a NUL byte, to the local file FILENAMES (\"-\" for standard "
      "output).  \".\" and \"..\" are left out; the names are not "
      "sorted.",
    .tests = TESTS ({ "fs", "mkdir-p /ls0/d\ntouch /ls0/.h\ntouch \"/ls0/a b\"\n"
      "ls0 /ls0 - | tr '\\0' '\\n' | LC_ALL=C sort", ".h\na b\nd\n" },
      { "fs", "ls0 /ls0-nope -", ENOENT_RE }),
  },
  {
    .name = "readdir", .proc_nr = 136, .ret = R_STRUCTLIST,
    .ret_struct = "dirent",
    .args = { { A_PATHNAME, "dir" } }, .optargs = NOOPTS,
    .shortdesc = "read directories entries",
    .longdesc = "Return every entry of the directory DIR, \".\" and "
      "\"..\" included, in the filesystem's order, with its inode number "
      "and type: b (block device), c (char device), d (directory), "
      "f (FIFO), l (symlink), r (regular file), s (socket), u (unknown) "
      "or ? (unexpected).",
    .tests = TESTS ({ "fs", "mkdir-p /rdd/d\ntouch /rdd/f\nln-s f /rdd/l\n"
      "mkfifo 0600 /rdd/p\n"
      "readdir /rdd | grep -E '^  (ftyp|name):' | paste - - | LC_ALL=C sort",
      "  ftyp: d\t  name: .\n  ftyp: d\t  name: ..\n  ftyp: d\t  name: d\n"
      "  ftyp: f\t  name: p\n  ftyp: l\t  name: l\n  ftyp: r\t  name: f\n" },
      { "fs", "mkdir /rdd2\ntouch /rdd2/f\nreaddir /rdd2/f", "~Not a directory" },
      { "none", "readdir /", "~call .mount. first" }),
  },
  {
    .name = "find", .proc_nr = 137, .ret = R_STRINGLIST,
    .args = { { A_PATHNAME, "directory" } }, .optargs = NOOPTS,
    .shortdesc = "find all files and directories",
    .longdesc = "List every file and directory under DIRECTORY, "
      "recursively, as paths relative to it, sorted.  Symlinks are "
      "listed, never followed.",
    .tests = TESTS ({ "fs", "mkdir-p /find/a/b\ntouch /find/a/b/c\n"
      "touch /find/d\nln-s / /find/up\nfind /find", "a\na/b\na/b/c\nd\nup\n" },
      { "fs", "mkdir /find2\ntouch /find2/f\nfind /find2/f", "~Not a directory" },
      { "fs", "mkdir /find3\nln-s . /find3/self\nln-s /../.. /find3/up\n"
        "find /find3", "self\nup\n" },
      { "none", "find /", "~mount" },
      { "none", "find /", "~call .mount. first" }),
  },
  {
    .name = "find0", .proc_nr = 138, .ret = R_ERR,
    .args = { { A_PATHNAME, "directory" }, { A_FILEOUT, "files" } },
    .optargs = NOOPTS,
    .shortdesc = "find all files and directories, returning NUL-separated list",
    .longdesc = "Like find, but the paths are written, each followed by "
      "a NUL byte and not sorted, to the local file FILES (\"-\" for "
      "standard output).",
    .tests = TESTS ({ "fs", "mkdir-p /find0/a/b\ntouch /find0/a/b/c\n"
      "touch /find0/d\nfind0 /find0 - | tr '\\0' '\\n' | LC_ALL=C sort",
      "a\na/b\na/b/c\nd\n" },
      { "fs", "find0 /find0-nope -", ENOENT_RE }),
  },
  {
    .name = "glob_expand", .proc_nr = 139, .ret = R_STRINGLIST,
    .args = { { A_STRING, "pattern" } },
    .optargs = { { O_BOOL, "directoryslash" } },
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "glob-expand-opts",
    .shortdesc = "expand a wildcard path",
    .longdesc = "Return the guest paths that match PATTERN with the "
      "shell's wildcard rules (glob(3) with braces), in glob's order; no match "
      "gives an empty list.  Directories get a trailing slash unless "
      "DIRECTORYSLASH is false.",
    .tests = TESTS ({ "fs", "mkdir-p /glob/a1\ntouch /glob/a2\ntouch /glob/b\n"
      "glob-expand /glob/a*\nglob-expand /glob/{b,a1} directoryslash:false\n"
      "glob-expand /glob/z*", "/glob/a1/\n/glob/a2\n/glob/b\n/glob/a1\n" },
      { "fs", "mkdir /glob2\nln-s ../../.. /glob2/up\nglob-expand /glob2/up/g*2",
        "/glob2/up/glob2/\n" },
      { "none", "glob-expand /*", "~mount" }),
  },
  {
    .name = "case_sensitive_path", .proc_nr = 140, .ret = R_STRING,
    .args = PATH1, .optargs = NOOPTS,
    .shortdesc = "return true path on case-insensitive filesystem",
    .longdesc = "Find the real names of the components of PATH when "
      "they are matched without regard to case, as Windows would, and "
      "return the path so spelt.  The last component may be missing: "
      "it is then kept as given.  So this cannot tell whether a file "
      "exists.",
    .tests = TESTS ({ "fs", "mkdir-p /CSP/Sub\ntouch /CSP/Sub/File\n"
      "case-sensitive-path /csp/sub/file\ncase-sensitive-path /csp/SUB/new\n"
      "case-sensitive-path /CSP/sub/", "/CSP/Sub/File\n/CSP/Sub/new\n/CSP/Sub\n" },
      { "fs", "case-sensitive-path /csp/nosub/x", ENOENT_RE },
      { "fs", "mkdir /csp2\nln-s /../../.. /csp2/up\n"
        "case-sensitive-path /csp2/UP/CSP2/x", "/csp2/up/csp2/x\n" },
      { "fs", "case-sensitive-path /csp/../x", "~\\.\\." }),
  },
  {
    .name = "copy_attributes", .proc_nr = 141, .ret = R_ERR,
    .args = { { A_PATHNAME, "src" }, { A_PATHNAME, "dest" } },
    .optargs = { { O_BOOL, "all" }, { O_BOOL, "mode" },
                 { O_BOOL, "xattributes" }, { O_BOOL, "ownership" } },
    .shortdesc = "copy the attributes of a path (file/directory) to another",
    .longdesc = "Copy attributes of SRC to DEST (files or directories): "
      "MODE copies the permission bits (with setuid, setgid and "
      "sticky), OWNERSHIP the user and group ids, XATTRIBUTES the "
      "extended attributes.  ALL turns on each of these that was not "
      "given explicitly.  Nothing is copied by default.",
    .tests = TESTS ({ "fs", "mkdir /ca\ntouch /ca/s\nchown 5 6 /ca/s\n"
      "chmod 04751 /ca/s\ntouch /ca/d\ncopy-attributes /ca/s /ca/d mode:true\n"
      "statns /ca/d | grep -E '^st_(mode|uid)'\n"
      "copy-attributes /ca/s /ca/d all:true xattributes:false\n"
      "statns /ca/d | grep -E '^st_(mode|uid|gid)'",
      "st_mode: 35305\nst_uid: 0\nst_mode: 35305\nst_uid: 5\nst_gid: 6\n" },
      { "fs", "mkdir /ca2\ntouch /ca2/d\ncopy-attributes /ca2/nope /ca2/d all:true",
        ENOENT_RE }),
  },
  {
    .name = "stat", .deprecated_by = "statns", .proc_nr = 142, .ret = R_STRUCT, .ret_struct = "stat",
    .args = PATH1, .optargs = NOOPTS,
    .shortdesc = "get file information",
    .longdesc = "Deprecated: use statns.  Return the stat(2) "
      "information of PATH, following symlinks, with times in seconds.",
    .tests = TESTS ({ "fs", "mkdir /stat\nwrite /stat/f 12345\nln-s f /stat/l\n"
      "stat /stat/l | grep -E '^(size|nlink|mode):'",
      "mode: 33188\nnlink: 1\nsize: 5\n" },
      { "fs", "stat /stat-nope", ENOENT_RE }),
  },
  {
    .name = "lstat", .deprecated_by = "lstatns", .proc_nr = 143, .ret = R_STRUCT, .ret_struct = "stat",
    .args = PATH1, .optargs = NOOPTS,
    .shortdesc = "get file information for a symbolic link",
    .longdesc = "Deprecated: use lstatns.  Like stat, but a symlink "
      "itself is described.",
    .tests = TESTS ({ "fs", "mkdir /lstat\nln-s abc /lstat/l\n"
      "lstat /lstat/l | grep -E '^(size|mode):'", "mode: 41471\nsize: 3\n" },
      { "fs", "lstat /lstat-nope", ENOENT_RE }),
  },
  { .name = NULL }
};
