/* guestkit — generator: API table, area "xattr_streams".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the "xattr_streams" area:
 * extended attributes, POSIX ACLs, file capabilities, and the calls
 * that stream files in other encodings (base64, cpio, compressed) or
 * in parts (at an offset).  Daemon calls of this area take procedure
 * numbers 300..399 (append-only).  Tests are described in F<types.h>
 * (struct test) and run by F<tests/test-actions.sh>.
 */

#include <config.h>

#include "types.h"

#define NOARGS { { A_NONE, NULL } }
#define NOOPTS { { O_NONE, NULL } }
#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }

/* Test helpers.  $scratch is the test runner's private host directory
 * (exported to guestfish, so "!cmd" and "<!cmd" lines see it).
 *
 * LINKS(d): the guest directory /D holding f ("data\n") and the
 * symlinks l -> f, abs -> /etc/passwd and esc -> ../../../../etc/passwd
 * (made on the host, unpacked with tar-in: the guest has no
 * /etc/passwd, so a call that followed a link out of the guest root
 * would find the appliance's). */
#define LINKS(d)                                                        \
  "!mkdir -p $scratch/" d " && cd $scratch/" d " && echo data > f && "  \
  "ln -sf f l && ln -sf /etc/passwd abs && "                            \
  "ln -sf ../../../../etc/passwd esc && tar -cf ../" d ".tar f l abs esc\n" \
  "mkdir /" d "\n"                                                      \
  "<!echo tar-in $scratch/" d ".tar /" d "\n"
#define ENOENT_ERR(call, path) \
  "libguestfs: error: " call ": " path ": No such file or directory\n"
#define XATTR(i, name, val) \
  "[" #i "] = {\n  attrname: " name "\n  attrval: " val "\n}\n"

const struct action actions_xattr_streams[] = {
  {
    .name = "getxattrs", .proc_nr = 300, .ret = R_STRUCTLIST,
    .ret_struct = "xattr",
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "list extended attributes of a file or directory",
    .longdesc = "Return every extended attribute of PATH, name and "
      "value (binary data), following a final symlink.  See also "
      "lgetxattrs.",
    .tests = TESTS (
      { "fs", LINKS ("gx") "setxattr user.a 12345 3 /gx/f\n"
        "getxattrs /gx/l\ngetxattrs /gx/abs\ngetxattrs /gx/esc\n"
        "getxattrs /gx/nosuch",
        XATTR (0, "user.a", "123") ENOENT_ERR ("getxattrs", "/gx/abs")
        ENOENT_ERR ("getxattrs", "/gx/esc")
        ENOENT_ERR ("getxattrs", "/gx/nosuch") },
      { "none", "getxattrs /", "~you must call 'mount' first" },
      { "none", "getxattrs /x", "~call .mount. first" }),
  },
  {
    .name = "lgetxattrs", .proc_nr = 301, .ret = R_STRUCTLIST,
    .ret_struct = "xattr",
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "list extended attributes of a file or directory",
    .longdesc = "Like getxattrs, but when PATH is a symbolic link the "
      "attributes of the link itself are returned.",
    .tests = TESTS (
      { "fs", LINKS ("lgx") "setxattr user.a v 1 /lgx/f\n"
        "lsetxattr trusted.t link 4 /lgx/l\nlgetxattrs /lgx/l\n"
        "lgetxattrs /lgx/abs\nlgetxattrs /lgx/f",
        XATTR (0, "trusted.t", "link") XATTR (0, "user.a", "v") }),
  },
  {
    .name = "setxattr", .proc_nr = 302, .ret = R_ERR,
    .args = { { A_STRING, "xattr" }, { A_STRING, "val" },
              { A_INT, "vallen" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "set extended attribute of a file or directory",
    .longdesc = "Set the extended attribute XATTR of PATH to the first "
      "VALLEN bytes of VAL, following a final symlink.",
    .tests = TESTS (
      { "fs", LINKS ("sx") "setxattr user.s \"hello world\" 5 /sx/l\n"
        "getxattr /sx/f user.s\necho\nsetxattr user.s \"\" 0 /sx/f\n"
        "getxattrs /sx/f\nsetxattr user.s abc 4 /sx/f\n"
        "setxattr user.s abc -1 /sx/f\nsetxattr user.s abc 3 /sx/abs",
        "hello\n" XATTR (0, "user.s", "")
        "libguestfs: error: setxattr: vallen 4 is outside the value (3 bytes)\n"
        "libguestfs: error: setxattr: vallen -1 is outside the value (3 bytes)\n"
        ENOENT_ERR ("setxattr", "/sx/abs") }),
  },
  {
    .name = "lsetxattr", .proc_nr = 303, .ret = R_ERR,
    .args = { { A_STRING, "xattr" }, { A_STRING, "val" },
              { A_INT, "vallen" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "set extended attribute of a file or directory",
    .longdesc = "Like setxattr, but when PATH is a symbolic link the "
      "attribute is set on the link itself.",
    .tests = TESTS (
      { "fs", LINKS ("lsx") "lsetxattr trusted.x val 3 /lsx/l\n"
        "lgetxattr /lsx/l trusted.x\necho\ngetxattrs /lsx/l\n"
        "lsetxattr trusted.x val 3 /lsx/esc\nlgetxattrs /lsx/esc",
        "val\n" XATTR (0, "trusted.x", "val") }),
  },
  {
    .name = "removexattr", .proc_nr = 304, .ret = R_ERR,
    .args = { { A_STRING, "xattr" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "remove extended attribute of a file or directory",
    .longdesc = "Remove the extended attribute XATTR of PATH, following "
      "a final symlink.",
    .tests = TESTS (
      { "fs", "write /rx f\nsetxattr user.a 1 1 /rx\nsetxattr user.b 2 1 /rx\n"
        "removexattr user.a /rx\ngetxattrs /rx\nremovexattr user.a /rx",
        XATTR (0, "user.b", "2")
        "libguestfs: error: removexattr: /rx: user.a: No data available\n" }),
  },
  {
    .name = "lremovexattr", .proc_nr = 305, .ret = R_ERR,
    .args = { { A_STRING, "xattr" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "remove extended attribute of a file or directory",
    .longdesc = "Like removexattr, but when PATH is a symbolic link the "
      "attribute is removed from the link itself.",
    .tests = TESTS (
      { "fs", LINKS ("lrx") "setxattr trusted.a f 1 /lrx/f\n"
        "lsetxattr trusted.a l 1 /lrx/l\nlremovexattr trusted.a /lrx/l\n"
        "lgetxattrs /lrx/l\ngetxattrs /lrx/l",
        XATTR (0, "trusted.a", "f") }),
  },
  {
    .name = "lxattrlist", .proc_nr = 306, .ret = R_STRUCTLIST,
    .ret_struct = "xattr",
    .args = { { A_PATHNAME, "path" }, { A_STRINGLIST, "names" } },
    .optargs = NOOPTS,
    .shortdesc = "lgetxattr on multiple files",
    .longdesc = "Return the extended attributes of many files of the "
      "directory PATH (NAMES: their names in it) in one flat list.  "
      "Each file starts with an entry whose name is empty and whose "
      "value is either empty (the file could not be read) or the "
      "number of its attributes as a decimal C string; its attributes "
      "follow.  Symbolic links are not followed.",
    .tests = TESTS (
      { "fs", LINKS ("lxl") "setxattr user.a 12 2 /lxl/f\n"
        "lsetxattr trusted.b 3 1 /lxl/l\nlxattrlist /lxl \"f l nosuch\"",
        XATTR (0, "", "1\\x00") XATTR (1, "user.a", "12")
        XATTR (2, "", "1\\x00") XATTR (3, "trusted.b", "3")
        XATTR (4, "", "") }),
  },
  {
    .name = "getxattr", .proc_nr = 307, .ret = R_BUFFEROUT,
    .args = { { A_PATHNAME, "path" }, { A_STRING, "name" } },
    .optargs = NOOPTS,
    .shortdesc = "get a single extended attribute",
    .longdesc = "Return the value (binary data) of the extended "
      "attribute NAME of PATH, following a final symlink.  A missing "
      "attribute is an error.",
    .tests = TESTS (
      { "fs", LINKS ("g1") "setxattr user.v 0123456789 10 /g1/f\n"
        "getxattr /g1/l user.v\necho\ngetxattr /g1/f user.none\n"
        "getxattr /g1/esc user.v",
        "0123456789\n"
        "libguestfs: error: getxattr: /g1/f: user.none: No data available\n"
        ENOENT_ERR ("getxattr", "/g1/esc") }),
  },
  {
    .name = "lgetxattr", .proc_nr = 308, .ret = R_BUFFEROUT,
    .args = { { A_PATHNAME, "path" }, { A_STRING, "name" } },
    .optargs = NOOPTS,
    .shortdesc = "get a single extended attribute",
    .longdesc = "Like getxattr, but when PATH is a symbolic link the "
      "attribute of the link itself is returned.",
    .tests = TESTS (
      { "fs", LINKS ("lg1") "setxattr user.v target 6 /lg1/f\n"
        "lgetxattr /lg1/l user.v\nlsetxattr trusted.v link 4 /lg1/l\n"
        "lgetxattr /lg1/l trusted.v\necho",
        "libguestfs: error: lgetxattr: /lg1/l: user.v: No data available\n"
        "link\n" }),
  },
  {
    .name = "acl_get_file", .proc_nr = 309, .ret = R_STRING,
    .args = { { A_PATHNAME, "path" }, { A_STRING, "acltype" } },
    .optargs = NOOPTS,
    .shortdesc = "get the POSIX ACL attached to a file",
    .longdesc = "Return the POSIX ACL of PATH in long text form (see "
      "acl(5)), one entry a line, with numeric user and group ids.  "
      "ACLTYPE is \"access\" for the ordinary ACL or \"default\" for "
      "the default ACL of a directory.",
    .tests = TESTS (
      { "fs", LINKS ("ag") "acl-get-file /ag/l access\n"
        "acl-get-file /ag/f bogus\nacl-get-file /ag/esc access",
        "user::rw-\ngroup::r--\nother::r--\n\n"
        "libguestfs: error: acl_get_file: invalid acltype parameter: bogus "
        "(use \"access\" or \"default\")\n"
        ENOENT_ERR ("acl_get_file", "/ag/esc") }),
  },
  {
    .name = "acl_set_file", .proc_nr = 310, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" }, { A_STRING, "acltype" },
              { A_STRING, "acl" } },
    .optargs = NOOPTS,
    .shortdesc = "set the POSIX ACL attached to a file",
    .longdesc = "Replace the access or default (ACLTYPE) POSIX ACL of "
      "PATH by ACL, in long or short text form, for example "
      "\"u::rwx,g::r-x,o::---,m::rwx,u:500:rwx\".  The user, group "
      "and other entries must be present; use numeric ids.",
    .tests = TESTS (
      { "fs", "write /as f\n"
        "acl-set-file /as access \"u::rw,g::r,o::-,m::rw,u:500:rw,g:600:r\"\n"
        "acl-get-file /as access\nstatns /as | grep st_mode\n"
        "mkdir /asd\nacl-set-file /asd default \"u::rwx,g::rx,o::-\"\n"
        "acl-get-file /asd default",
        "user::rw-\nuser:500:rw-\ngroup::r--\ngroup:600:r--\nmask::rw-\n"
        "other::---\n\nst_mode: 33200\nuser::rwx\ngroup::r-x\nother::---\n\n" },
      { "fs", "write /as2 f\nacl-set-file /as2 access u::rw",
        "~acl_set_file: /as2: .*" }),
  },
  {
    .name = "acl_delete_def_file", .proc_nr = 311, .ret = R_ERR,
    .args = { { A_PATHNAME, "dir" } }, .optargs = NOOPTS,
    .shortdesc = "delete the default POSIX ACL of a directory",
    .longdesc = "Remove the default POSIX ACL of the directory DIR; "
      "nothing happens if it has none.",
    .tests = TESTS (
      { "fs", "mkdir /ad\nacl-set-file /ad default \"u::rwx,g::rx,o::rx\"\n"
        "acl-delete-def-file /ad\nacl-get-file /ad default\n"
        "acl-delete-def-file /ad\nwrite /ad/f x\nacl-delete-def-file /ad/f",
        "\nlibguestfs: error: acl_delete_def_file: /ad/f: not a directory\n" }),
  },
  {
    .name = "cap_get_file", .proc_nr = 312, .ret = R_STRING,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "get the Linux capabilities attached to a file",
    .longdesc = "Return the file capabilities of PATH in text form (see "
      "cap_to_text(3)), or an empty string if it has none.",
    .tests = TESTS (
      { "fs", LINKS ("cg") "cap-get-file /cg/f\n"
        "cap-set-file /cg/f cap_net_raw,cap_chown=ep\ncap-get-file /cg/l\n"
        "cap-get-file /cg/abs",
        "\ncap_chown,cap_net_raw=ep\n" ENOENT_ERR ("cap_get_file", "/cg/abs") }),
  },
  {
    .name = "cap_set_file", .proc_nr = 313, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" }, { A_STRING, "cap" } },
    .optargs = NOOPTS,
    .shortdesc = "set the Linux capabilities attached to a file",
    .longdesc = "Set the file capabilities of the regular file PATH from "
      "CAP in text form (see cap_from_text(3)), e.g. "
      "\"cap_net_raw=ep\".",
    .tests = TESTS (
      { "fs", "write /cs x\ncap-set-file /cs cap_sys_admin+i\ncap-get-file /cs\n"
        "cap-set-file /cs bogus\nmkdir /csd\ncap-set-file /csd cap_chown=ep",
        "cap_sys_admin=i\n"
        "libguestfs: error: cap_set_file: invalid capabilities \"bogus\": "
        "fatal error: Invalid argument\n"
        "libguestfs: error: cap_set_file: /csd: not a regular file\n" }),
  },
  {
    .name = "upload_offset", .proc_nr = 314, .ret = R_ERR,
    .args = { { A_FILEIN, "filename" }, { A_DEV_OR_PATH, "remotefilename" },
              { A_INT64, "offset" } },
    .optargs = NOOPTS, .flags = FL_PROGRESS,
    .shortdesc = "upload a file from the local machine with offset",
    .longdesc = "Write the local file FILENAME into REMOTEFILENAME (a "
      "guest file, created if missing, or a device) from byte OFFSET "
      "on.  What lies beyond the written data is kept; the amount "
      "written is the size of FILENAME.",
    .tests = TESTS (
      { "fs", "write /uo \"hello world\"\n!printf WORLD > $scratch/uo\n"
        "<!echo upload-offset $scratch/uo /uo 6\ncat /uo\n"
        "<!echo upload-offset $scratch/uo /uo2 3\nread-file /uo2 | od -An -c\n"
        "<!echo upload-offset $scratch/uo /uo -1\n"
        "<!echo upload-offset $scratch/uo /uo-missing/x 0",
        "hello WORLD\n  \\0  \\0  \\0   W   O   R   L   D\n"
        "libguestfs: error: upload_offset: offset must not be negative: -1\n"
        ENOENT_ERR ("upload_offset", "/uo-missing/x") }),
  },
  {
    .name = "download_offset", .proc_nr = 315, .ret = R_ERR,
    .args = { { A_DEV_OR_PATH, "remotefilename" }, { A_FILEOUT, "filename" },
              { A_INT64, "offset" }, { A_INT64, "size" } },
    .optargs = NOOPTS, .flags = FL_PROGRESS,
    .shortdesc = "download a file to the local machine with offset and size",
    .longdesc = "Save SIZE bytes of REMOTEFILENAME (a guest file or a "
      "device), from byte OFFSET on, as the local file FILENAME.  The "
      "region must lie within the file or device.",
    .tests = TESTS (
      { "fs", "write /do \"hello world\"\ndownload-offset /do - 6 5\necho\n"
        "download-offset /do - 11 0\ndownload-offset /do - 6 6\n"
        "download-offset /do - -1 2",
        "world\n"
        "libguestfs: error: download_offset: /do: region of 6 bytes at "
        "offset 6 lies beyond its end (11 bytes)\n"
        "libguestfs: error: download_offset: offset and size must not be "
        "negative\n" }),
  },
  {
    .name = "cpio_out", .proc_nr = 316, .ret = R_ERR,
    .args = { { A_PATHNAME, "directory" }, { A_FILEOUT, "cpiofile" } },
    .optargs = { { O_STRING, "format" } },
    .shortdesc = "pack directory into cpio file",
    .longdesc = "Pack the contents of DIRECTORY into the local cpio "
      "archive CPIOFILE.  FORMAT is \"newc\" (the default: the SVR4 "
      "portable format, which the Linux kernel reads as an initramfs) "
      "or \"crc\" (the same with checksums).",
    .tests = TESTS (
      { "fs", "mkdir-p /co/d\nwrite /co/d/f abc\n"
        "cpio-out /co - | cpio -i --to-stdout d/f 2>/dev/null\necho\n"
        "cpio-out /co - | cpio -t 2>/dev/null | sort\n"
        "cpio-out /co - format:crc | head -c 6\necho\n"
        "cpio-out /co - format:newc | head -c 6\necho\n"
        "cpio-out /co - format:odc",
        "abc\n.\nd\nd/f\n070702\n070701\n"
        "libguestfs: error: cpio_out: odc: format must be \"newc\" or \"crc\"\n" }),
  },
  {
    .name = "base64_in", .proc_nr = 317, .ret = R_ERR,
    .args = { { A_FILEIN, "base64file" }, { A_PATHNAME, "filename" } },
    .optargs = NOOPTS,
    .shortdesc = "upload base64-encoded data to file",
    .longdesc = "Decode the local base64 file BASE64FILE into the guest "
      "file FILENAME (created or truncated).",
    .tests = TESTS (
      { "fs", "!printf 'aGVsbG8g\\nd29y bGQ=\\n' > $scratch/b64\n"
        "<!echo base64-in $scratch/b64 /b64in\ncat /b64in\n"
        "<!echo base64-in $scratch/b64 /b64-missing/x",
        "hello world\n" ENOENT_ERR ("base64_in", "/b64-missing/x") }),
  },
  {
    .name = "base64_out", .proc_nr = 318, .ret = R_ERR,
    .args = { { A_PATHNAME, "filename" }, { A_FILEOUT, "base64file" } },
    .optargs = NOOPTS,
    .shortdesc = "download file and encode as base64",
    .longdesc = "Save the guest file FILENAME as the local file "
      "BASE64FILE, encoded as base64.",
    .tests = TESTS (
      { "fs", "write /b64out \"hello world\"\nbase64-out /b64out -\n"
        "base64-out /b64-nosuch -",
        "aGVsbG8gd29ybGQ=\n" ENOENT_ERR ("base64_out", "/b64-nosuch") }),
  },
  {
    .name = "compress_out", .proc_nr = 319, .ret = R_ERR,
    .args = { { A_STRING, "ctype" }, { A_PATHNAME, "file" },
              { A_FILEOUT, "zfile" } },
    .optargs = { { O_INT, "level" } },
    .shortdesc = "output compressed file",
    .longdesc = "Compress the guest file FILE with CTYPE (\"gzip\", "
      "\"bzip2\", \"xz\", \"lzop\" or \"compress\") into the local file "
      "ZFILE.  LEVEL is the compression level, as the program takes "
      "it.  A type whose program is missing gives an error saying "
      "\"not supported\".",
    .tests = TESTS (
      { "fs", "write /cz \"hello world\"\ncompress-out gzip /cz - | zcat\necho\n"
        "compress-out xz /cz - level:0 | xzcat\necho\n"
        "compress-out bzip2 /cz - level:9 | bzcat\necho\n"
        "compress-out lzop /cz - | lzop -dc\necho\n"
        "compress-out gzip /cz - level:10\ncompress-out bogus /cz -\n"
        "compress-out gzip /cz-nosuch -",
        "hello world\nhello world\nhello world\nhello world\n"
        "libguestfs: error: compress_out: gzip: level must be between 1 and 9\n"
        "libguestfs: error: compress_out: bogus: compression type not supported\n"
        ENOENT_ERR ("compress_out", "/cz-nosuch") }),
  },
  {
    .name = "compress_device_out", .proc_nr = 320, .ret = R_ERR,
    .args = { { A_STRING, "ctype" }, { A_DEVICE, "device" },
              { A_FILEOUT, "zdevice" } },
    .optargs = { { O_INT, "level" } },
    .shortdesc = "output compressed device",
    .longdesc = "Compress the contents of DEVICE into the local file "
      "ZDEVICE; CTYPE and LEVEL as for compress-out.",
    .tests = TESTS (
      { "fs", "blockdev-getsize64 /dev/sda1\n"
        "compress-device-out gzip /dev/sda1 - level:1 | zcat | wc -c\n"
        "compress-device-out gzip /dev/sda1 - level:0",
        "133169152\n133169152\n"
        "libguestfs: error: compress_device_out: gzip: level must be between "
        "1 and 9\n" }),
  },
  {
    .name = "txz_in", .deprecated_by = "tar_in", .proc_nr = 321, .ret = R_ERR,
    .args = { { A_FILEIN, "tarball" }, { A_PATHNAME, "directory" } },
    .optargs = NOOPTS,
    .shortdesc = "unpack compressed tarball to directory",
    .longdesc = "Deprecated: use tar-in with compress \"xz\".  Unpack "
      "the local xz-compressed tarball TARBALL into DIRECTORY.",
    .tests = TESTS (
      { "fs", "!mkdir -p $scratch/txz/d && echo hi > $scratch/txz/d/a && "
        "tar -C $scratch/txz -cJf $scratch/txz.tar.xz d\n"
        "mkdir /txz\n<!echo txz-in $scratch/txz.tar.xz /txz\ncat /txz/d/a",
        "hi\n\n" }),
  },
  {
    .name = "txz_out", .deprecated_by = "tar_out", .proc_nr = 322, .ret = R_ERR,
    .args = { { A_PATHNAME, "directory" }, { A_FILEOUT, "tarball" } },
    .optargs = NOOPTS,
    .shortdesc = "pack directory into compressed tarball",
    .longdesc = "Deprecated: use tar-out with compress \"xz\".  Pack the "
      "contents of DIRECTORY into the local xz-compressed tarball "
      "TARBALL.",
    .tests = TESTS (
      { "fs", "mkdir-p /txo/d\nwrite /txo/d/f 1\n"
        "txz-out /txo - | tar -tJf - | sort", "./\n./d/\n./d/f\n" }),
  },
  { .name = NULL }
};

/* Library-side calls of this area (proc_nr 0). */
const struct action actions_lib_streams[] = {
  {
    .name = "copy_in", .ret = R_ERR,
    .args = { { A_STRING, "localpath" }, { A_PATHNAME, "remotedir" } },
    .optargs = NOOPTS, .flags = FL_NOT_IN_FISH, /* fish/copy.c: several */
    .shortdesc = "copy local files or directories into an image",
    .longdesc = "Copy the local file or directory LOCALPATH, recursively, "
      "into the existing guest directory REMOTEDIR.  No wildcards.",
    .tests = TESTS (
      { "fs", "!mkdir -p $scratch/ci/sub && echo inside > $scratch/ci/sub/f && "
        "ln -sf /etc/passwd $scratch/ci/abs\n"
        "mkdir /cin\n<!echo copy-in $scratch/ci /cin\ncat /cin/ci/sub/f\n"
        "lstatns /cin/ci/abs | grep st_mode\n"
        "<!echo copy-in $scratch/ci/sub/f /cin\ncat /cin/f\n"
        "<!echo copy-in $scratch/ci /cin-nosuch",
        "inside\n\nst_mode: 41471\ninside\n\n"
        "libguestfs: error: /cin-nosuch: not a directory in the guest\n" }),
  },
  {
    .name = "copy_out", .ret = R_ERR,
    .args = { { A_PATHNAME, "remotepath" }, { A_STRING, "localdir" } },
    .optargs = NOOPTS, .flags = FL_NOT_IN_FISH, /* fish/copy.c: several */
    .shortdesc = "copy remote files or directories out of an image",
    .longdesc = "Copy the guest file or directory REMOTEPATH, "
      "recursively, into the existing local directory LOCALDIR (\".\" "
      "for the current one).  Nothing is ever written outside LOCALDIR, "
      "whatever names or symbolic links the guest holds.  FIFOs and "
      "device nodes are not copied (a warning names them).  No wildcards.",
    .tests = TESTS (
      { "fs", "!mkdir -p $scratch/victim $scratch/cout\n"
        /* the guest tree: a file, relative and escaping symlinks, and
         * an absolute one aimed at the host victim directory */
        "!mkdir -p $scratch/cot/t && cd $scratch/cot && echo data > t/f && "
        "ln -sf $scratch/victim t/v && ln -sf ../../../../etc t/esc && "
        "ln -sf f t/l && tar -cf ../cot.tar t\n"
        "mkdir /cot\n<!echo tar-in $scratch/cot.tar /cot\n"
        "<!echo copy-out /cot/t $scratch/cout\n"
        "!cd $scratch/cout && find . | sort && cat t/f && readlink t/esc\n"
        /* now t/v is a directory in the guest, with a file: the host
         * copy must replace the symlink, not write through it */
        "rm /cot/t/v\nmkdir /cot/t/v\nwrite /cot/t/v/x pwned\n"
        "<!echo copy-out /cot/t $scratch/cout\n"
        "!ls -A $scratch/victim | wc -l; cat $scratch/cout/t/v/x; echo\n"
        "<!echo copy-out /cot/t/f $scratch/cout\n!cat $scratch/cout/f\n"
        "<!echo copy-out /cot/t/.. $scratch/cout\n"
        "<!echo copy-out /cot/nosuch $scratch/cout",
        ".\n./t\n./t/esc\n./t/f\n./t/l\n./t/v\ndata\n../../../../etc\n"
        "0\npwned\ndata\n"
        "libguestfs: error: /cot/t/..: name the file or directory itself, "
        "not '..'\n"
        "libguestfs: error: /cot/nosuch: not a file or directory\n" },
      { "fs", "!mkdir -p $scratch/cos && ln -sf $scratch/cos-victim "
        "$scratch/cos/g\nwrite /g x\n<!echo copy-out /g $scratch/cos",
        "~cos/g: is a symbolic link, not writing through it" })
  },
  { .name = NULL }
};
