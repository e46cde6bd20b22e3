/* guestkit — generator: API table, area "hivex".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the "hivex" area.  Daemon calls
 * of this area take procedure numbers 800..899 (append-only).
 * Tests are described in F<types.h> (struct test) and run by
 * F<tests/test-actions.sh>.
 *
 * The tests upload tests/data/minimal-hive (an empty hive whose root
 * node, "$$$PROTO.HIV", has the handle 4128), build keys and values
 * in it, commit, reopen and read them back.  tests/data/hive-links.tar
 * holds symlinks (hl1/ for opening, hl2/ for committing) that point
 * inside and, resolved naively, outside the guest.  Handles are offsets in
 * the hive file, so they are the same on every run.
 */

#include <config.h>

#include "types.h"

#define NOARGS { { A_NONE, NULL } }
#define NOOPTS { { O_NONE, NULL } }
#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }
#define NODEH { A_INT64, "nodeh" }
#define VALUEH { A_INT64, "valueh" }
#define A16 "AAAAAAAAAAAAAAAA"
/* A key name of 255 characters ("\xc3\xa9" is one), and of 256. */
#define A255 A16 A16 A16 A16 A16 A16 A16 A16 A16 A16 A16 A16 A16 A16 A16 \
  "AAAAAAAAAAAAAA\xc3\xa9"
#define A256 A255 "A"

/* Upload the minimal hive to DIR/h and open it for writing. */
#define OPENW(dir) "mkdir " dir "\nupload data/minimal-hive " dir "/h\n" \
  "hivex-open " dir "/h write:true\n"

const struct action actions_hivex[] = {
  {
    .name = "hivex_open", .proc_nr = 800, .ret = R_ERR,
    .args = { { A_PATHNAME, "filename" } },
    .optargs = { { O_BOOL, "verbose" }, { O_BOOL, "debug" },
                 { O_BOOL, "write" }, { O_BOOL, "unsafe" } },
    .shortdesc = "open a Windows Registry hive file",
    .longdesc = "Open the Windows Registry hive FILENAME in the guest; "
      "a hive opened before is closed first.  WRITE allows changes "
      "(written by hivex_commit), UNSAFE tolerates some corruption, "
      "VERBOSE and DEBUG make libhivex log to the appliance console.  "
      "This wraps hivex_open from hivex(3).",
    .tests = TESTS (
      { "fs", "mkdir /hivex_open\nupload data/minimal-hive /hivex_open/h\n"
        "hivex-open /hivex_open/h\nhivex-root\nhivex-node-name 4128\n"
        "hivex-close", "4128\n$$$PROTO.HIV\n" },
      { "fs", "hivex-open /hivex_open/nope", "~No such file" },
      { "fs", "hivex-open /hivex_open", "~not a regular file" },
      { "fs", "write /hivex_open/bad \"not a hive\"\n"
        "hivex-open /hivex_open/bad", "~error: hivex_open: /hivex_open/bad" },
      { "fs", "hivex-open /hivex_open/h bogus:true",
        "~unknown optional argument" },
      { "none", "hivex-open /hivex_open/h", "~mount.* first" },
      /* Symlinks, absolute or relative, and ".." resolve inside the
       * guest: /proc exists only in the appliance. */
      { "fs", "tar-in data/hive-links.tar /\n"
        "upload data/minimal-hive /hl1/h\nhivex-open /hl1/abs\n"
        "hivex-node-name 4128\nhivex-open /hl1/rel\nhivex-node-name 4128\n"
        "hivex-open /hl1/esc\nhivex-open /hl1/dotdot\nhivex-close",
        "$$$PROTO.HIV\n$$$PROTO.HIV\n"
        "libguestfs: error: hivex_open: /hl1/esc: No such file or "
        "directory\nlibguestfs: error: hivex_open: /hl1/dotdot: No such "
        "file or directory\n"
        "libguestfs: error: hivex_close: no hive is open: call hivex_open "
        "first\n" },
      /* ".." stays inside the guest. */
      { "fs", "hivex-open /../../hivex_open/../../hivex_open/h "
        "unsafe:true debug:false\nhivex-node-name 4128\nhivex-close",
        "$$$PROTO.HIV\n" }),
  },
  {
    .name = "hivex_close", .proc_nr = 801, .ret = R_ERR,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "close the current hivex handle",
    .longdesc = "Close the open hive; changes not yet written with "
      "hivex_commit are lost.  This wraps hivex_close from hivex(3).",
    .tests = TESTS (
      { "fs", "hivex-close", "~no hive is open" },
      { "fs", "mkdir /hivex_close\nupload data/minimal-hive /hivex_close/h\n"
        "hivex-open /hivex_close/h\nhivex-close\nhivex-root",
        "~no hive is open" }),
  },
  {
    .name = "hivex_commit", .proc_nr = 802, .ret = R_ERR,
    .args = { { A_OPTSTRING, "filename" } }, .optargs = NOOPTS,
    .shortdesc = "commit (write) changes back to the hive",
    .longdesc = "Write the changes made to the open hive.  If FILENAME "
      "is NULL (an empty string in guestfish), the hive file that was "
      "opened is rewritten; otherwise the hive is written to the guest "
      "file FILENAME and the original is left alone.  The hive must "
      "have been opened with WRITE.  This wraps hivex_commit from "
      "hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_commit")
        "hivex-node-add-child 4128 Software\nhivex-commit \"\"\n"
        "hivex-close\nhivex-open /hivex_commit/h\n"
        "hivex-node-get-child 4128 software\nhivex-close", "8224\n8224\n" },
      { "fs", OPENW ("/hivex_commit2")
        "hivex-node-add-child 4128 System\n"
        "hivex-commit /../hivex_commit2/copy\nhivex-close\n"
        "hivex-open /hivex_commit2/h\nhivex-node-get-child 4128 System\n"
        "hivex-open /hivex_commit2/copy\nhivex-node-get-child 4128 System\n"
        "hivex-close\nls /hivex_commit2", "8224\n0\n8224\ncopy\nh\n" },
      { "fs", OPENW ("/hivex_commit3")
        "hivex-commit copy\nhivex-commit /hivex_commit3\n"
        "hivex-commit /hivex_commit3/nodir/x\nhivex-close",
        "libguestfs: error: hivex_commit: copy: path must start with a / "
        "character\nlibguestfs: error: hivex_commit: /hivex_commit3: not a "
        "regular file\nlibguestfs: error: hivex_commit: "
        "/hivex_commit3/nodir/x: No such file or directory\n" },
      /* A symlink to a regular file is followed inside the guest;
       * dangling ones (which could lead outside) are not created. */
      { "fs", "tar-in data/hive-links.tar /\n"
        "upload data/minimal-hive /hl2/h\nhivex-open /hl2/abs write:true\n"
        "hivex-node-add-child 4128 L\nhivex-commit /hl2/wout\n"
        "hivex-commit /hl2/rel\nhivex-commit /hl2/root\n"
        "hivex-commit /hl2/abs\nhivex-open /hl2/h\n"
        "hivex-node-get-child 4128 L\nhivex-close\nls /hl2",
        "8224\nlibguestfs: error: hivex_commit: /hl2/wout: File exists\n"
        "libguestfs: error: hivex_commit: /hl2/rel: File exists\n"
        "libguestfs: error: hivex_commit: /hl2/root: not a regular file\n"
        "8224\nabs\nh\nrel\nroot\nwout\n" },
      { "fs", "mkdir /hivex_commit4\nupload data/minimal-hive /hivex_commit4/h\n"
        "hivex-open /hivex_commit4/h\nhivex-commit \"\"\nhivex-close",
        "libguestfs: error: hivex_commit: /hivex_commit4/h: Read-only file "
        "system\n" }),
  },
  {
    .name = "hivex_root", .proc_nr = 803, .ret = R_INT64,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "return the root node of the hive",
    .longdesc = "Return the handle of the root node of the open hive.  "
      "This wraps hivex_root from hivex(3).",
    .tests = TESTS (
      { "fs", "mkdir /hivex_root\nupload data/minimal-hive /hivex_root/h\n"
        "hivex-open /hivex_root/h\nhivex-root\nhivex-close", "4128\n" },
      { "fs", "hivex-root", "~no hive is open" }),
  },
  {
    .name = "hivex_node_name", .proc_nr = 804, .ret = R_STRING,
    .args = { NODEH }, .optargs = NOOPTS,
    .shortdesc = "return the name of the node",
    .longdesc = "Return the name of node NODEH.  This wraps "
      "hivex_node_name from hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_node_name")
        "hivex-node-add-child 4128 \"Name With Spaces\"\n"
        "hivex-node-name 4128\nhivex-node-name 8224\nhivex-close",
        "8224\n$$$PROTO.HIV\nName With Spaces\n" },
      { "fs", "hivex-open /hivex_node_name/h\nhivex-node-name 4\n"
        "hivex-node-name -1\nhivex-node-name 99999999\nhivex-close",
        "libguestfs: error: hivex_node_name: node 4: Invalid argument\n"
        "libguestfs: error: hivex_node_name: -1: invalid handle\n"
        "libguestfs: error: hivex_node_name: node 99999999: Invalid "
        "argument\n" }),
  },
  {
    .name = "hivex_node_children", .proc_nr = 805, .ret = R_STRUCTLIST,
    .ret_struct = "hivex_node",
    .args = { NODEH }, .optargs = NOOPTS,
    .shortdesc = "return list of nodes which are subkeys of node",
    .longdesc = "Return the subkeys of node NODEH.  This wraps "
      "hivex_node_children from hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_node_children")
        "hivex-node-children 4128\necho --\n"
        "hivex-node-add-child 4128 B\nhivex-node-add-child 4128 A\n"
        "hivex-commit \"\"\nhivex-open /hivex_node_children/h\n"
        "hivex-node-children 4128\nhivex-node-name 8328\nhivex-close",
        "--\n8224\n8328\n[0] = {\n  hivex_node_h: 8328\n}\n"
        "[1] = {\n  hivex_node_h: 8224\n}\nA\n" }),
  },
  {
    .name = "hivex_node_get_child", .proc_nr = 806, .ret = R_INT64,
    .args = { NODEH, { A_STRING, "name" } }, .optargs = NOOPTS,
    .shortdesc = "return the named child of node",
    .longdesc = "Return the child of node NODEH called NAME (compared "
      "without regard to case), or 0 if there is none.  This wraps "
      "hivex_node_get_child from hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_node_get_child")
        "hivex-node-add-child 4128 Key\nhivex-node-get-child 4128 Key\n"
        "hivex-node-get-child 4128 KEY\nhivex-node-get-child 4128 Nope\n"
        "hivex-close", "8224\n8224\n8224\n0\n" }),
  },
  {
    .name = "hivex_node_parent", .proc_nr = 807, .ret = R_INT64,
    .args = { NODEH }, .optargs = NOOPTS,
    .shortdesc = "return the parent of node",
    .longdesc = "Return the parent node of NODEH.  This wraps "
      "hivex_node_parent from hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_node_parent")
        "hivex-node-add-child 4128 Key\nhivex-node-add-child 8224 Sub\n"
        "hivex-node-parent 8328\nhivex-node-parent 8224\nhivex-close",
        "8224\n8328\n8224\n4128\n" }),
  },
  {
    .name = "hivex_node_values", .proc_nr = 808, .ret = R_STRUCTLIST,
    .ret_struct = "hivex_value",
    .args = { NODEH }, .optargs = NOOPTS,
    .shortdesc = "return list of values attached to node",
    .longdesc = "Return the values (key, type, data) attached to node "
      "NODEH.  This wraps hivex_node_values from hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_node_values")
        "hivex-node-values 4128\necho --\n"
        "hivex-node-set-value 4128 one 3 abc\n"
        "hivex-node-set-value 4128 two 3 defg\n"
        "hivex-node-values 4128\nhivex-value-key 8280\n"
        "hivex-value-key 8312\nhivex-close",
        "--\n[0] = {\n  hivex_value_h: 8280\n}\n"
        "[1] = {\n  hivex_value_h: 8312\n}\none\ntwo\n" }),
  },
  {
    .name = "hivex_node_get_value", .proc_nr = 809, .ret = R_INT64,
    .args = { NODEH, { A_STRING, "key" } }, .optargs = NOOPTS,
    .shortdesc = "return the named value",
    .longdesc = "Return the value of node NODEH whose key is KEY "
      "(compared without regard to case), or 0 if there is none.  This "
      "wraps hivex_node_get_value from hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_node_get_value")
        "hivex-node-set-value 4128 Val 4 abcd\n"
        "hivex-node-get-value 4128 val\nhivex-node-get-value 4128 none\n"
        "hivex-close", "8232\n0\n" }),
  },
  {
    .name = "hivex_value_key", .proc_nr = 810, .ret = R_STRING,
    .args = { VALUEH }, .optargs = NOOPTS,
    .shortdesc = "return the key field from the (key, datatype, data) tuple",
    .longdesc = "Return the key (name) of value VALUEH.  This wraps "
      "hivex_value_key from hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_value_key")
        "hivex-node-set-value 4128 MyKey 3 x\n"
        "hivex-value-key 8232\nhivex-value-key 4128\nhivex-close",
        "MyKey\nlibguestfs: error: hivex_value_key: value 4128: Invalid "
        "argument\n" }),
  },
  {
    .name = "hivex_value_type", .proc_nr = 811, .ret = R_INT64,
    .args = { VALUEH }, .optargs = NOOPTS,
    .shortdesc = "return the data type from the (key, datatype, data) tuple",
    .longdesc = "Return the type of value VALUEH (1 string, 2 "
      "expandable string, 3 binary, 4 32-bit little-endian integer, 7 "
      "string list, 11 64-bit integer, ...).  This wraps "
      "hivex_value_type from hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_value_type")
        "hivex-node-set-value 4128 k 11 12345678\n"
        "hivex-value-type 8232\nhivex-close", "11\n" }),
  },
  {
    .name = "hivex_value_value", .proc_nr = 812, .ret = R_BUFFEROUT,
    .args = { VALUEH }, .optargs = NOOPTS,
    .shortdesc = "return the data field from the (key, datatype, data) tuple",
    .longdesc = "Return the raw data of value VALUEH.  See also "
      "hivex_value_string.  This wraps hivex_value_value from hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_value_value")
        "hivex-node-set-value 4128 k 3 \"raw data\"\n"
        "hivex-commit \"\"\nhivex-open /hivex_value_value/h\n"
        "hivex-node-get-value 4128 k\nhivex-value-value 8232\necho\n"
        "hivex-close", "8232\nraw data\n" }),
  },
  {
    .name = "hivex_value_string", .proc_nr = 813, .ret = R_STRING,
    .args = { VALUEH }, .optargs = NOOPTS,
    .shortdesc = "return the data field as a UTF-8 string",
    .longdesc = "Return the data of value VALUEH, which must be of a "
      "string type and is stored as UTF-16LE, converted to UTF-8.  The "
      "registry does not enforce types, so this can fail on odd data.  "
      "This wraps hivex_value_string from hivex(3).",
    .tests = TESTS (
      /* "AAAB" read as UTF-16LE is U+4141 U+4241. */
      { "fs", OPENW ("/hivex_value_string")
        "hivex-node-set-value 4128 s 1 AAAB\n"
        "hivex-node-set-value 4128 d 4 abcd\n"
        "hivex-value-string 8280\nhivex-value-string 8312\nhivex-close",
        "\xe4\x85\x81\xe4\x89\x81\nlibguestfs: error: hivex_value_string: "
        "value 8312: Invalid argument\n" }),
  },
  {
    .name = "hivex_value_utf8", .deprecated_by = "hivex_value_string", .proc_nr = 814, .ret = R_STRING,
    .args = { VALUEH }, .optargs = NOOPTS,
    .shortdesc = "return the data field as a UTF-8 string",
    .longdesc = "Deprecated: use hivex_value_string, which this is the "
      "same as.",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_value_utf8")
        "hivex-node-set-value 4128 s 2 AAAB\n"
        "hivex-value-utf8 8232\nhivex-close",
        "\xe4\x85\x81\xe4\x89\x81\n" }),
  },
  {
    .name = "hivex_node_add_child", .proc_nr = 815, .ret = R_INT64,
    .args = { { A_INT64, "parent" }, { A_STRING, "name" } },
    .optargs = NOOPTS,
    .shortdesc = "add a child node",
    .longdesc = "Add a node called NAME below node PARENT and return "
      "its handle.  This wraps hivex_node_add_child from hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_node_add_child")
        "hivex-node-add-child 4128 Outer\n"
        "hivex-node-add-child 8224 Inner\nhivex-commit \"\"\n"
        "hivex-open /hivex_node_add_child/h\n"
        "hivex-node-get-child 4128 Outer\nhivex-node-get-child 8224 Inner\n"
        "hivex-node-name 8328\nhivex-close",
        "8224\n8328\n8224\n8328\nInner\n" },
      { "fs", OPENW ("/hivex_node_add_child2")
        "hivex-node-add-child 4128 \"\"\nhivex-close",
        "libguestfs: error: hivex_node_add_child: key name empty or "
        "longer than 255 characters\n" },
      { "fs", OPENW ("/hivex_node_add_child3")
        "hivex-node-add-child 4128 " A255 "\nhivex-node-add-child 4128 "
        A256 "\nhivex-close",
        "8224\nlibguestfs: error: hivex_node_add_child: key name empty or "
        "longer than 255 characters\n" }),
  },
  {
    .name = "hivex_node_delete_child", .proc_nr = 816, .ret = R_ERR,
    .args = { NODEH }, .optargs = NOOPTS,
    .shortdesc = "delete a node (recursively)",
    .longdesc = "Delete node NODEH and everything below it.  This wraps "
      "hivex_node_delete_child from hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_node_delete_child")
        "hivex-node-add-child 4128 Gone\nhivex-node-add-child 8224 Sub\n"
        "hivex-node-add-child 4128 Kept\n"
        "hivex-node-delete-child 8224\nhivex-commit \"\"\n"
        "hivex-open /hivex_node_delete_child/h write:true\n"
        "hivex-node-get-child 4128 Gone\nhivex-node-get-child 4128 Kept\n"
        "hivex-node-delete-child 4128\nhivex-close",
        "8224\n8328\n8432\n0\n8432\nlibguestfs: error: "
        "hivex_node_delete_child: node 4128: Invalid argument\n" }),
  },
  {
    .name = "hivex_node_set_value", .proc_nr = 817, .ret = R_ERR,
    .args = { NODEH, { A_STRING, "key" }, { A_INT64, "t" },
              { A_BUFFERIN, "val" } },
    .optargs = NOOPTS,
    .shortdesc = "set or replace a single value in a node",
    .longdesc = "Set value KEY of node NODEH to type T and data VAL, "
      "replacing a value with the same key.  This wraps "
      "hivex_node_set_value from hivex(3).",
    .tests = TESTS (
      { "fs", OPENW ("/hivex_node_set_value")
        "hivex-node-set-value 4128 k 3 first\n"
        "hivex-node-set-value 4128 k 3 second\nhivex-commit \"\"\n"
        "hivex-open /hivex_node_set_value/h\nhivex-node-values 4128\n"
        "hivex-node-get-value 4128 k\n"
        "hivex-value-value 8288\necho\nhivex-close",
        "[0] = {\n  hivex_value_h: 8288\n}\n8288\nsecond\n" },
      { "fs", OPENW ("/hivex_node_set_value2")
        "hivex-node-set-value 4128 k -1 x\n"
        "hivex-node-set-value 4128 k 4294967296 x\nhivex-close",
        "libguestfs: error: hivex_node_set_value: -1: invalid value type\n"
        "libguestfs: error: hivex_node_set_value: 4294967296: invalid value "
        "type\n" }),
  },
  { .name = NULL }
};
