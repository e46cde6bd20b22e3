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

const struct action actions_xattr_streams[] = {
  {
    .name = "getxattrs", .proc_nr = 300, .ret = R_STRUCTLIST,
    .ret_struct = "xattr",
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "list extended attributes of a file or directory",
    .longdesc = "Return every extended attribute of PATH, name and "
      "value (binary data), following a final symlink.  See also "
      "lgetxattrs.",
  },
  {
    .name = "lgetxattrs", .proc_nr = 301, .ret = R_STRUCTLIST,
    .ret_struct = "xattr",
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "list extended attributes of a file or directory",
    .longdesc = "Like getxattrs, but when PATH is a symbolic link the "
      "attributes of the link itself are returned.",
  },
  {
    .name = "setxattr", .proc_nr = 302, .ret = R_ERR,
    .args = { { A_STRING, "xattr" }, { A_STRING, "val" },
              { A_INT, "vallen" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "set extended attribute of a file or directory",
    .longdesc = "Set the extended attribute XATTR of PATH to the first "
      "VALLEN bytes of VAL, following a final symlink.",
  },
  {
    .name = "lsetxattr", .proc_nr = 303, .ret = R_ERR,
    .args = { { A_STRING, "xattr" }, { A_STRING, "val" },
              { A_INT, "vallen" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "set extended attribute of a file or directory",
    .longdesc = "Like setxattr, but when PATH is a symbolic link the "
      "attribute is set on the link itself.",
  },
  {
    .name = "removexattr", .proc_nr = 304, .ret = R_ERR,
    .args = { { A_STRING, "xattr" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "remove extended attribute of a file or directory",
    .longdesc = "Remove the extended attribute XATTR of PATH, following "
      "a final symlink.",
  },
  {
    .name = "lremovexattr", .proc_nr = 305, .ret = R_ERR,
    .args = { { A_STRING, "xattr" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "remove extended attribute of a file or directory",
    .longdesc = "Like removexattr, but when PATH is a symbolic link the "
      "attribute is removed from the link itself.",
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
  },
  {
    .name = "getxattr", .proc_nr = 307, .ret = R_BUFFEROUT,
    .args = { { A_PATHNAME, "path" }, { A_STRING, "name" } },
    .optargs = NOOPTS,
    .shortdesc = "get a single extended attribute",
    .longdesc = "Return the value (binary data) of the extended "
      "attribute NAME of PATH, following a final symlink.  A missing "
      "attribute is an error.",
  },
  {
    .name = "lgetxattr", .proc_nr = 308, .ret = R_BUFFEROUT,
    .args = { { A_PATHNAME, "path" }, { A_STRING, "name" } },
    .optargs = NOOPTS,
    .shortdesc = "get a single extended attribute",
    .longdesc = "Like getxattr, but when PATH is a symbolic link the "
      "attribute of the link itself is returned.",
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
  },
  {
    .name = "acl_delete_def_file", .proc_nr = 311, .ret = R_ERR,
    .args = { { A_PATHNAME, "dir" } }, .optargs = NOOPTS,
    .shortdesc = "delete the default POSIX ACL of a directory",
    .longdesc = "Remove the default POSIX ACL of the directory DIR; "
      "nothing happens if it has none.",
  },
  {
    .name = "cap_get_file", .proc_nr = 312, .ret = R_STRING,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "get the Linux capabilities attached to a file",
    .longdesc = "Return the file capabilities of PATH in text form (see "
      "cap_to_text(3)), or an empty string if it has none.",
  },
  {
    .name = "cap_set_file", .proc_nr = 313, .ret = R_ERR,
    .args = { { A_PATHNAME, "path" }, { A_STRING, "cap" } },
    .optargs = NOOPTS,
    .shortdesc = "set the Linux capabilities attached to a file",
    .longdesc = "Set the file capabilities of the regular file PATH from "
      "CAP in text form (see cap_from_text(3)), e.g. "
      "\"cap_net_raw=ep\".",
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
  },
  {
    .name = "base64_in", .proc_nr = 317, .ret = R_ERR,
    .args = { { A_FILEIN, "base64file" }, { A_PATHNAME, "filename" } },
    .optargs = NOOPTS,
    .shortdesc = "upload base64-encoded data to file",
    .longdesc = "Decode the local base64 file BASE64FILE into the guest "
      "file FILENAME (created or truncated).",
  },
  {
    .name = "base64_out", .proc_nr = 318, .ret = R_ERR,
    .args = { { A_PATHNAME, "filename" }, { A_FILEOUT, "base64file" } },
    .optargs = NOOPTS,
    .shortdesc = "download file and encode as base64",
    .longdesc = "Save the guest file FILENAME as the local file "
      "BASE64FILE, encoded as base64.",
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
  },
  {
    .name = "compress_device_out", .proc_nr = 320, .ret = R_ERR,
    .args = { { A_STRING, "ctype" }, { A_DEVICE, "device" },
              { A_FILEOUT, "zdevice" } },
    .optargs = { { O_INT, "level" } },
    .shortdesc = "output compressed device",
    .longdesc = "Compress the contents of DEVICE into the local file "
      "ZDEVICE; CTYPE and LEVEL as for compress-out.",
  },
  {
    .name = "txz_in", .proc_nr = 321, .ret = R_ERR,
    .args = { { A_FILEIN, "tarball" }, { A_PATHNAME, "directory" } },
    .optargs = NOOPTS,
    .shortdesc = "unpack compressed tarball to directory",
    .longdesc = "Deprecated: use tar-in with compress \"xz\".  Unpack "
      "the local xz-compressed tarball TARBALL into DIRECTORY.",
  },
  {
    .name = "txz_out", .proc_nr = 322, .ret = R_ERR,
    .args = { { A_PATHNAME, "directory" }, { A_FILEOUT, "tarball" } },
    .optargs = NOOPTS,
    .shortdesc = "pack directory into compressed tarball",
    .longdesc = "Deprecated: use tar-out with compress \"xz\".  Pack the "
      "contents of DIRECTORY into the local xz-compressed tarball "
      "TARBALL.",
  },
  { .name = NULL }
};

/* Library-side calls of this area (proc_nr 0). */
const struct action actions_lib_streams[] = {
  {
    .name = "copy_in", .ret = R_ERR,
    .args = { { A_STRING, "localpath" }, { A_PATHNAME, "remotedir" } },
    .optargs = NOOPTS,
    .shortdesc = "copy local files or directories into an image",
    .longdesc = "Copy the local file or directory LOCALPATH, recursively, "
      "into the existing guest directory REMOTEDIR.  No wildcards.",
  },
  {
    .name = "copy_out", .ret = R_ERR,
    .args = { { A_PATHNAME, "remotepath" }, { A_STRING, "localdir" } },
    .optargs = NOOPTS,
    .shortdesc = "copy remote files or directories out of an image",
    .longdesc = "Copy the guest file or directory REMOTEPATH, "
      "recursively, into the existing local directory LOCALDIR (\".\" "
      "for the current one).  Nothing is ever written outside LOCALDIR, "
      "whatever names or symbolic links the guest holds.  No wildcards.",
  },
  { .name = NULL }
};
