/* guestkit — generator: API table, area "content".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the "content" area: reading,
 * searching, checksumming, describing, filling, zeroing and copying
 * the contents of guest files and devices.  Daemon calls of this area
 * take procedure numbers 200..299 (append-only).
 * Tests are described in F<types.h> (struct test) and run by
 * F<tests/test-actions.sh>.
 */

#include <config.h>

#include "types.h"

#define NOARGS { { A_NONE, NULL } }
#define NOOPTS { { O_NONE, NULL } }
#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }

/* A file of twelve numbered lines, for head and tail. */
#define LINES12 "\"1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n10\\n11\\n12\\n\""
/* A file for the grep family. */
#define GREPFILE(p) "write " p " \"abc\\nABC\\nxyz\\na.c\\n\"\n"
/* The four optional arguments of the copy calls. */
#define COPY_OPTS { { O_INT64, "srcoffset" }, { O_INT64, "destoffset" }, \
                    { O_INT64, "size" }, { O_BOOL, "sparse" }, \
                    { O_BOOL, "append" } }
/* Make and mount a filesystem on /dev/sda (prep disks3). */
#define MKFS_SDA "part-disk /dev/sda mbr\nmkfs ext2 /dev/sda1\n" \
  "mount /dev/sda1 /\n"

/* A deprecated grep shorthand: NAME, procedure number, what it does,
 * a pattern and what it finds in GREPFILE. */
#define GREP_ALIAS(nm, nr, what, pat, found) {                          \
    .name = nm, .deprecated_by = "grep",                                \
    .proc_nr = nr, .ret = R_STRINGLIST,                                 \
    .args = { { A_STRING, "regex" }, { A_PATHNAME, "path" } },          \
    .optargs = NOOPTS,                                                  \
    .shortdesc = "return lines matching a pattern (" what ")",          \
    .longdesc = "Deprecated: use grep with the matching optional "      \
      "arguments.  Returns the lines of PATH that match REGEX, " what   \
      ".",                                                              \
    .tests = TESTS ({ "fs", GREPFILE ("/" nm) nm " " pat " /" nm,       \
                      found }),                                         \
  }

const struct action actions_content[] = {
  {
    .name = "read_lines", .proc_nr = 200, .ret = R_STRINGLIST,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "read file as lines",
    .longdesc = "Return the lines of the file PATH as a list, each "
      "without its LF or CRLF ending.  A NUL byte ends the line it is "
      "in: use read-file for binary files.",
    .tests = TESTS (
      { "fs", "write /rl \"one\\ntwo\\x0d\\nthree\"\nread-lines /rl",
        "one\ntwo\nthree\n" },
      { "fs", "write /rl-empty \"\"\nread-lines /rl-empty", "" },
      { "fs", "read-lines /no-such-file", "~No such file or directory" },
      { "fs", "read-lines /", "~Is a directory" },
      { "fs", "read-lines /../../../etc/passwd",
        "~No such file or directory" },
      { "fs", "fill-pattern \"a\\n\" 5000000 /rl-big\nread-lines /rl-big",
        "~larger than the protocol allows" },
      { "none", "read-lines /x", "~mount" },
      { "none", "read-lines /x", "~call .mount. first" }),
  },
  {
    .name = "head", .proc_nr = 201, .ret = R_STRINGLIST,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "return first 10 lines of a file",
    .longdesc = "Return at most the first ten lines of the file PATH.  "
      "The result must fit in one protocol message (about 4 MiB).",
    .tests = TESTS (
      { "fs", "write /head " LINES12 "\nhead /head",
        "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n" },
      { "fs", "head /no-such-file", "~No such file or directory" },
      { "none", "head /x", "~call .mount. first" }),
  },
  {
    .name = "head_n", .proc_nr = 202, .ret = R_STRINGLIST,
    .args = { { A_INT, "nrlines" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "return first N lines of a file",
    .longdesc = "Return the first NRLINES lines of PATH.  A negative "
      "NRLINES returns every line but the last -NRLINES; zero returns "
      "none.",
    .tests = TESTS (
      { "fs", "write /headn " LINES12 "\nhead-n 3 /headn\necho --\n"
        "head-n -10 /headn\necho --\nhead-n 0 /headn",
        "1\n2\n3\n--\n1\n2\n--\n" }),
  },
  {
    .name = "tail", .proc_nr = 203, .ret = R_STRINGLIST,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "return last 10 lines of a file",
    .longdesc = "Return at most the last ten lines of the file PATH.  "
      "The result must fit in one protocol message (about 4 MiB).",
    .tests = TESTS (
      { "fs", "write /tail " LINES12 "\ntail /tail",
        "3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n" }),
  },
  {
    .name = "tail_n", .proc_nr = 204, .ret = R_STRINGLIST,
    .args = { { A_INT, "nrlines" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "return last N lines of a file",
    .longdesc = "Return the last NRLINES lines of PATH.  A negative "
      "NRLINES returns the lines from line number -NRLINES on; zero "
      "returns none.",
    .tests = TESTS (
      { "fs", "write /tailn " LINES12 "\ntail-n 2 /tailn\necho --\n"
        "tail-n -11 /tailn\necho --\ntail-n 0 /tailn",
        "11\n12\n--\n11\n12\n--\n" }),
  },
  {
    .name = "grep", .proc_nr = 205, .ret = R_STRINGLIST,
    .args = { { A_STRING, "regex" }, { A_PATHNAME, "path" } },
    .optargs = { { O_BOOL, "extended" }, { O_BOOL, "fixed" },
                 { O_BOOL, "insensitive" }, { O_BOOL, "compressed" } },
    .flags = FL_ONCE_HAD_NO_OPTARGS, .fish_alias = "grep-opts",
    .shortdesc = "return lines matching a pattern",
    .longdesc = "Run grep(1) over the file PATH and return the lines "
      "that match REGEX (none is not an error).  EXTENDED uses extended "
      "regular expressions (-E), FIXED matches REGEX as a plain string "
      "(-F), INSENSITIVE ignores case (-i) and COMPRESSED uses zgrep(1) "
      "so that a compressed file is searched through.",
    .tests = TESTS (
      { "fs", GREPFILE ("/grep") "grep a.c /grep\necho --\n"
        "grep a.c /grep fixed:true\necho --\n"
        "grep-opts abc /grep insensitive:true\necho --\n"
        "grep \"b|y\" /grep extended:true\necho --\n"
        "grep nothing /grep\necho --\n"
        "grep -x /grep compressed:true",
        "abc\na.c\n--\na.c\n--\nabc\nABC\n--\nabc\nxyz\n--\n--\n" },
      { "fs", GREPFILE ("/grep2") "grep a /grep2 extended:true fixed:true",
        "~cannot be used together" },
      { "fs", GREPFILE ("/grep3") "grep a /grep3 bogus:true",
        "~unknown optional argument" },
      { "fs", "grep a /no-such-file", "~No such file or directory" }),
  },
  GREP_ALIAS ("egrep", 206, "extended regular expressions", "\"b|y\"",
              "abc\nxyz\n"),
  GREP_ALIAS ("fgrep", 207, "as a fixed string", "a.c", "a.c\n"),
  GREP_ALIAS ("grepi", 208, "ignoring case", "a.c", "abc\nABC\na.c\n"),
  GREP_ALIAS ("egrepi", 209, "extended, ignoring case", "\"A|X\"",
              "abc\nABC\nxyz\na.c\n"),
  GREP_ALIAS ("fgrepi", 210, "as a fixed string, ignoring case", "A.C",
              "a.c\n"),
  GREP_ALIAS ("zgrep", 211, "through compression", "abc", "abc\n"),
  GREP_ALIAS ("zegrep", 212, "through compression, extended",
              "\"b|y\"", "abc\nxyz\n"),
  GREP_ALIAS ("zfgrep", 213, "through compression, as a fixed string",
              "a.c", "a.c\n"),
  GREP_ALIAS ("zgrepi", 214, "through compression, ignoring case",
              "abc", "abc\nABC\n"),
  GREP_ALIAS ("zegrepi", 215, "through compression, extended, ignoring "
              "case", "\"ABC|XYZ\"", "abc\nABC\nxyz\n"),
  GREP_ALIAS ("zfgrepi", 216, "through compression, as a fixed string, "
              "ignoring case", "A.C", "a.c\n"),
  {
    .name = "pread", .proc_nr = 217, .ret = R_BUFFEROUT,
    .args = { { A_PATHNAME, "path" }, { A_INT, "count" },
              { A_INT64, "offset" } },
    .optargs = NOOPTS,
    .shortdesc = "read part of a file",
    .longdesc = "Read at most COUNT bytes of the file PATH from byte "
      "OFFSET, as pread(2) does: fewer bytes come back at the end of "
      "the file.  COUNT may be at most 2 MiB.",
    .tests = TESTS (
      { "fs", "write /pread 0123456789\npread /pread 3 2\necho\n"
        "pread /pread 5 8\necho\npread /pread 5 100\necho", "234\n89\n\n" },
      { "fs", "write /pread2 x\npread /pread2 3000000 0",
        "~too large for the protocol" },
      { "fs", "write /pread3 x\npread /pread3 -1 0", "~count is negative" },
      { "fs", "write /pread4 x\npread /pread4 1 -1", "~offset is negative" },
      { "fs", "pread /no-such-file 1 0", "~No such file or directory" }),
  },
  {
    .name = "pwrite", .proc_nr = 218, .ret = R_INT,
    .args = { { A_PATHNAME, "path" }, { A_BUFFERIN, "content" },
              { A_INT64, "offset" } },
    .optargs = NOOPTS,
    .shortdesc = "write to part of a file",
    .longdesc = "Write CONTENT into the existing file PATH from byte "
      "OFFSET, as pwrite(2) does, and return the number of bytes "
      "written.  The file is extended if needed, never truncated.",
    .tests = TESTS (
      { "fs", "write /pwrite 0123456789\npwrite /pwrite ab 3\n"
        "pwrite /pwrite yz 11\npread /pwrite 20 0 | od -An -c",
        "2\n2\n   0   1   2   a   b   5   6   7   8   9  \\0   y   z\n" },
      { "fs", "pwrite /no-such-file ab 0", "~No such file or directory" },
      { "fs", "write /pwrite2 x\npwrite /pwrite2 ab -5",
        "~offset is negative" }),
  },
  {
    .name = "pread_device", .proc_nr = 219, .ret = R_BUFFEROUT,
    .args = { { A_DEVICE, "device" }, { A_INT, "count" },
              { A_INT64, "offset" } },
    .optargs = NOOPTS,
    .shortdesc = "read part of a device",
    .longdesc = "Read at most COUNT bytes of DEVICE from byte OFFSET, "
      "as pread(2) does.  COUNT may be at most 2 MiB.",
    .tests = TESTS (
      { "none", "pwrite-device /dev/sda hello 1000\n"
        "pread-device /dev/sda 5 1000\necho\n"
        "pread-device /dev/sda 10 134217725 | wc -c", "5\nhello\n3\n" },
      { "none", "pread-device /dev/sda 2097153 0",
        "~too large for the protocol" },
      { "none", "pread-device /dev/sdz 1 0", "~sdz" }),
  },
  {
    .name = "pwrite_device", .proc_nr = 220, .ret = R_INT,
    .args = { { A_DEVICE, "device" }, { A_BUFFERIN, "content" },
              { A_INT64, "offset" } },
    .optargs = NOOPTS,
    .shortdesc = "write to part of a device",
    .longdesc = "Write CONTENT onto DEVICE from byte OFFSET, as "
      "pwrite(2) does, and return the number of bytes written.",
    .tests = TESTS (
      { "none", "pwrite-device /dev/sda abcdef 4096\n"
        "pwrite-device /dev/sda XY 4098\npread-device /dev/sda 6 4096\necho",
        "6\n2\nabXYef\n" },
      { "none", "pwrite-device /dev/sda ab -1", "~offset is negative" }),
  },
  {
    .name = "checksum", .proc_nr = 221, .ret = R_STRING,
    .args = { { A_STRING, "csumtype" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "compute MD5, SHAx or CRC checksum of file",
    .longdesc = "Return the checksum of the file PATH as a printable "
      "string.  CSUMTYPE is \"crc\" (the POSIX cksum(1) CRC), \"md5\", "
      "\"sha1\", \"sha224\", \"sha256\", \"sha384\" or \"sha512\".",
    .tests = TESTS (
      { "fs", "write /cksum hello\nchecksum md5 /cksum\n"
        "checksum sha1 /cksum\nchecksum sha256 /cksum\nchecksum crc /cksum",
        "5d41402abc4b2a76b9719d911017c592\n"
        "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d\n"
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\n"
        "3287646509\n" },
      { "fs", "write /cksum2 x\nchecksum md4 /cksum2",
        "~unknown checksum type" },
      { "fs", "checksum md5 /no-such-file", "~No such file or directory" },
      { "fs", "checksum md5 /../../../etc/passwd",
        "~No such file or directory" },
      { "none", "checksum md5 /x", "~call .mount. first" }),
  },
  {
    .name = "checksum_device", .proc_nr = 222, .ret = R_STRING,
    .args = { { A_STRING, "csumtype" }, { A_DEVICE, "device" } },
    .optargs = NOOPTS,
    .shortdesc = "compute MD5, SHAx or CRC checksum of the contents of a "
      "device",
    .longdesc = "Return the checksum of the whole of DEVICE; CSUMTYPE as "
      "for checksum.",
    .tests = TESTS (
      { "disks3", "zero-device /dev/sdb\nchecksum-device md5 /dev/sdb",
        "fde9e0818281836e4fc0edfede2b8762\n" }),
  },
  {
    .name = "checksums_out", .proc_nr = 223, .ret = R_ERR,
    .args = { { A_STRING, "csumtype" }, { A_PATHNAME, "directory" },
              { A_FILEOUT, "sumsfile" } },
    .optargs = NOOPTS,
    .shortdesc = "compute MD5, SHAx or CRC checksum of files in a directory",
    .longdesc = "Compute the checksum (CSUMTYPE as for checksum) of "
      "every regular file under DIRECTORY and write them to the local "
      "file SUMSFILE (\"-\" for standard output), one line per file in "
      "the form the coreutils checksum programs print, with the paths "
      "relative to DIRECTORY (\"./a/b\").  Symlinks are not followed.",
    .tests = TESTS (
      { "fs", "mkdir-p /csout/d\nwrite /csout/a hello\n"
        "write /csout/d/b hello\nchecksums-out md5 /csout - | sort",
        "5d41402abc4b2a76b9719d911017c592  ./a\n"
        "5d41402abc4b2a76b9719d911017c592  ./d/b\n" },
      { "fs", "checksums-out md5 /no-such-dir -",
        "~No such file or directory" }),
  },
  {
    .name = "equal", .proc_nr = 224, .ret = R_BOOL,
    .args = { { A_PATHNAME, "file1" }, { A_PATHNAME, "file2" } },
    .optargs = NOOPTS,
    .shortdesc = "test if two files have equal contents",
    .longdesc = "Return true if the files FILE1 and FILE2 have exactly "
      "the same contents.",
    .tests = TESTS (
      { "fs", "write /eq1 abc\nwrite /eq2 abc\nwrite /eq3 abd\n"
        "write /eq4 abcd\nequal /eq1 /eq2\nequal /eq1 /eq3\n"
        "equal /eq1 /eq4", "true\nfalse\nfalse\n" },
      { "fs", "write /eq5 abc\nequal /eq5 /no-such-file",
        "~No such file or directory" }),
  },
  {
    .name = "hexdump", .proc_nr = 225, .ret = R_STRING,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "dump a file in hexadecimal",
    .longdesc = "Return the canonical hex dump (hexdump -C) of PATH, "
      "for people to read.  The dump must fit in one protocol message "
      "(about 4 MiB), so files of up to about 800 KiB can be dumped.",
    .tests = TESTS (
      { "fs", "write /hexdump ABC\nhexdump /hexdump",
        "00000000  41 42 43                                          |ABC|\n"
        "00000003\n\n" },
      { "fs", "fill-pattern abcdefghijklmnopq 2000000 /hexdump-big\n"
        "hexdump /hexdump-big",
        "~larger than the protocol allows" }),
  },
  {
    .name = "strings", .proc_nr = 226, .ret = R_STRINGLIST,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "print the printable strings in a file",
    .longdesc = "Return the runs of at least four printable 7-bit "
      "characters found anywhere in PATH, as strings -a does.",
    .tests = TESTS (
      { "fs", "write /strings \"hello world\\nab\\x01longer text\\x02\"\n"
        "strings /strings", "hello world\nlonger text\n" }),
  },
  {
    .name = "strings_e", .proc_nr = 227, .ret = R_STRINGLIST,
    .args = { { A_STRING, "encoding" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS,
    .shortdesc = "print the printable strings in a file",
    .longdesc = "Like strings, with the character ENCODING of "
      "strings(1): \"s\" 7-bit, \"S\" 8-bit, \"b\"/\"l\" 16-bit big or "
      "little endian, \"B\"/\"L\" 32-bit big or little endian.",
    .tests = TESTS (
      { "fs", "fill 0 10 /strings-e\npwrite /strings-e a 0\n"
        "pwrite /strings-e b 2\npwrite /strings-e c 4\npwrite /strings-e d 6\n"
        "strings-e l /strings-e\necho --\nstrings-e s /strings-e",
        "1\n1\n1\n1\nabcd\n--\n" },
      { "fs", "write /strings-e2 x\nstrings-e q /strings-e2",
        "~unknown encoding" }),
  },
  {
    .name = "wc_l", .proc_nr = 228, .ret = R_INT,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "count lines in a file",
    .longdesc = "Return the number of lines (newline characters) in PATH.",
    .tests = TESTS (
      { "fs", "write /wcl \"one two\\nthree\\n\"\nwc-l /wcl", "2\n" },
      { "fs", "wc-l /no-such-file", "~No such file or directory" },
      { "none", "wc-l /x", "~call .mount. first" }),
  },
  {
    .name = "wc_w", .proc_nr = 229, .ret = R_INT,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "count words in a file",
    .longdesc = "Return the number of words in PATH, as wc -w counts them.",
    .tests = TESTS (
      { "fs", "write /wcw \"one two\\nthree\\n\"\nwc-w /wcw", "3\n" }),
  },
  {
    .name = "wc_c", .proc_nr = 230, .ret = R_INT,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "count characters in a file",
    .longdesc = "Return the number of bytes in PATH.",
    .tests = TESTS (
      { "fs", "write /wcc \"one two\\nthree\\n\"\nwc-c /wcc", "14\n" }),
  },
  {
    .name = "file", .proc_nr = 231, .ret = R_STRING,
    .args = { { A_DEV_OR_PATH, "path" } }, .optargs = NOOPTS,
    .shortdesc = "determine file type",
    .longdesc = "Describe the type or contents of PATH as file(1) does, "
      "without the file name, looking inside compressed files.  A "
      "symbolic link is described as such (with its target) and not "
      "followed; a directory is \"directory\"; a device, FIFO or socket "
      "is named by its type.  For a device name, its contents are "
      "described.  The wording comes from file(1) and may change.",
    .tests = TESTS (
      { "fs", "write /file \"hello\\n\"\nfile /file\nmkdir /file-dir\n"
        "file /file-dir\ntouch /file-empty\nfile /file-empty",
        "ASCII text\ndirectory\nempty\n" },
      { "fs", "file /dev/sda1", "~ext2 filesystem data" },
      { "fs", "file /no-such-file", "~No such file or directory" },
      { "fs", "file /../../etc/passwd", "~No such file or directory" }),
  },
  {
    .name = "file_architecture", .proc_nr = 232, .ret = R_STRING,
    .args = { { A_PATHNAME, "filename" } }, .optargs = NOOPTS,
    .shortdesc = "detect the architecture of a binary file",
    .longdesc = "Return the architecture the ELF or PE binary, shared "
      "library, kernel module or Linux initrd (cpio, possibly "
      "compressed: the architecture of its first binary) FILENAME was "
      "built for: \"i386\", "
      "\"x86_64\", \"aarch64\", \"arm\", \"ia64\", \"ppc\", \"ppc64\", "
      "\"ppc64le\", \"riscv32\", \"riscv64\", \"s390\", \"s390x\", "
      "\"sparc\" or \"sparc64\".  Anything else is an error.",
    .tests = TESTS (
      { "fs", "upload /bin/true /fa-true\nfile-architecture /fa-true",
        "x86_64\n" },
      { "fs", "upload ../appliance/output/initrd /fa-initrd\n"
        "file-architecture /fa-initrd", "x86_64\n" },
      { "fs", "write /fa-text hello\nfile-architecture /fa-text",
        "~unknown architecture" }),
  },
  {
    .name = "is_zero", .proc_nr = 233, .ret = R_BOOL,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .shortdesc = "test if a file contains all zero bytes",
    .longdesc = "Return true if the file PATH is empty or contains only "
      "zero bytes.",
    .tests = TESTS (
      { "fs", "fill 0 3000000 /iszero\nis-zero /iszero\n"
        "pwrite /iszero x 2999999\nis-zero /iszero\n"
        "touch /iszero-empty\nis-zero /iszero-empty",
        "true\n1\nfalse\ntrue\n" },
      { "fs", "is-zero /no-such-file", "~No such file or directory" }),
  },
  {
    .name = "is_zero_device", .proc_nr = 234, .ret = R_BOOL,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .shortdesc = "test if a device contains all zero bytes",
    .longdesc = "Return true if DEVICE contains only zero bytes (this "
      "reads all of it).",
    .tests = TESTS (
      { "disks3", "zero-device /dev/sdc\nis-zero-device /dev/sdc\n"
        "pwrite-device /dev/sdc x 134217727\nis-zero-device /dev/sdc",
        "true\n1\nfalse\n" }),
  },
  {
    .name = "fill", .proc_nr = 235, .ret = R_ERR,
    .args = { { A_INT, "c" }, { A_INT, "len" }, { A_PATHNAME, "path" } },
    .optargs = NOOPTS, .flags = FL_PROGRESS,
    .shortdesc = "fill a file with octets",
    .longdesc = "Create the file PATH (or truncate it) holding LEN bytes "
      "of value C (0 to 255).",
    .tests = TESTS (
      { "fs", "fill 65 5 /fill\ncat /fill\nfill 0 0 /fill\nfilesize /fill",
        "AAAAA\n0\n" },
      { "fs", "fill 256 1 /fill2", "~range 0 to 255" },
      { "fs", "fill 0 -1 /fill3", "~negative" }),
  },
  {
    .name = "fill_pattern", .proc_nr = 236, .ret = R_ERR,
    .args = { { A_STRING, "pattern" }, { A_INT, "len" },
              { A_PATHNAME, "path" } },
    .optargs = NOOPTS, .flags = FL_PROGRESS,
    .shortdesc = "fill a file with a repeating pattern of bytes",
    .longdesc = "Create the file PATH (or truncate it) holding LEN bytes "
      "of PATTERN repeated, the last copy cut short as needed.",
    .tests = TESTS (
      { "fs", "fill-pattern abc 8 /fillp\ncat /fillp\n"
        "fill-pattern xyz 3000001 /fillp2\nfilesize /fillp2\n"
        "pread /fillp2 4 2999997\necho",
        "abcabcab\n3000001\nxyzx\n" },
      { "fs", "fill-pattern \"\" 3 /fillp3", "~must not be empty" }),
  },
  {
    .name = "fill_dir", .proc_nr = 237, .ret = R_ERR,
    .args = { { A_PATHNAME, "dir" }, { A_INT, "nr" } },
    .optargs = NOOPTS,
    .shortdesc = "fill a directory with empty files",
    .longdesc = "Create NR empty files in the directory DIR, named "
      "00000000, 00000001 and so on (eight digits).",
    .tests = TESTS (
      { "fs", "mkdir /filld\nfill-dir /filld 3\nls /filld",
        "00000000\n00000001\n00000002\n" },
      { "fs", "fill-dir /no-such-dir 3", "~No such file or directory" }),
  },
  {
    .name = "zero", .proc_nr = 238, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .flags = FL_PROGRESS,
    .shortdesc = "write zeroes to the device",
    .longdesc = "Zero the first blocks of DEVICE (128 KiB), enough to "
      "remove a partition table or filesystem superblock but not to "
      "wipe it securely.  Blocks that are zero already are not "
      "written.",
    .tests = TESTS (
      { "none", "pwrite-device /dev/sda xyz 100\n"
        "pwrite-device /dev/sda keep 1048576\nzero /dev/sda\n"
        "pread-device /dev/sda 3 100 | od -An -tx1\n"
        "pread-device /dev/sda 4 1048576\necho",
        "3\n4\n 00 00 00\nkeep\n" }),
  },
  {
    .name = "zero_device", .proc_nr = 239, .ret = R_ERR,
    .args = { { A_DEVICE, "device" } }, .optargs = NOOPTS,
    .flags = FL_PROGRESS,
    .shortdesc = "write zeroes to an entire device",
    .longdesc = "Zero the whole of DEVICE.  Blocks that are zero already "
      "are not written, so a sparse disk image does not grow.",
    .tests = TESTS (
      { "none", "pwrite-device /dev/sda xyz 70000000\nzero-device /dev/sda\n"
        "is-zero-device /dev/sda", "3\ntrue\n" }),
  },
  {
    .name = "zero_free_space", .proc_nr = 240, .ret = R_ERR,
    .args = { { A_PATHNAME, "directory" } }, .optargs = NOOPTS,
    .flags = FL_PROGRESS,
    .shortdesc = "zero free space in a filesystem",
    .longdesc = "Write zeroes over the free space of the filesystem "
      "holding DIRECTORY (mounted read-write), through a temporary file "
      "that is gone afterwards.  Files are not changed.",
    .tests = TESTS (
      { "fs", "mkdir /zfs\nwrite /zfs/f data\nzero-free-space /zfs\n"
        "ls /zfs\ncat /zfs/f", "f\ndata\n" },
      { "fs", "zero-free-space /no-such-dir", "~No such file or directory" }),
  },
  {
    .name = "du", .proc_nr = 241, .ret = R_INT64,
    .args = { { A_PATHNAME, "path" } }, .optargs = NOOPTS,
    .flags = FL_PROGRESS,
    .shortdesc = "estimate file space usage",
    .longdesc = "Return the space used by PATH in kilobytes (1024 "
      "bytes), including everything under it if it is a directory, as "
      "du -s estimates it.",
    .tests = TESTS (
      { "fs", "mkdir /du\nfill 1 10240 /du/f\ndu /du/f\ndu /du",
        "10\n11\n" },
      { "fs", "du /no-such-file", "~No such file or directory" }),
  },
  {
    .name = "df_h", .proc_nr = 242, .ret = R_STRING,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "report file system disk space usage (human readable)",
    .longdesc = "Like df, with sizes in human-readable units (df -h).  "
      "For people to read; use statvfs in programs.",
    .tests = TESTS ({ "fs", "df-h | grep -c '^/dev/sda1 .* /sysroot$'",
                      "1\n" }),
  },
  {
    .name = "copy_device_to_device", .proc_nr = 243, .ret = R_ERR,
    .args = { { A_DEVICE, "src" }, { A_DEVICE, "dest" } },
    .optargs = COPY_OPTS, .flags = FL_PROGRESS,
    .shortdesc = "copy from source device to destination device",
    .longdesc = "Copy the contents of the device SRC to the device "
      "DEST.  SRCOFFSET and DESTOFFSET (bytes, default 0) say where to "
      "start in each, and SIZE how many bytes to copy (default: up to "
      "the end of SRC; a shorter SRC is an error).  With SPARSE, blocks "
      "of zeroes are skipped instead of written (only right if DEST is "
      "zero there already).  APPEND is refused for a device.  SRC and "
      "DEST may be the same, but overlapping ranges are not handled.",
    .tests = TESTS (
      { "disks3", "pwrite-device /dev/sdb hello 10\n"
        "copy-device-to-device /dev/sdb /dev/sdc srcoffset:10 "
        "destoffset:512 size:5\npread-device /dev/sdc 5 512\necho",
        "5\nhello\n" },
      { "disks3", "copy-device-to-device /dev/sdb /dev/sdc append:true",
        "~append" },
      { "disks3", "copy-device-to-device /dev/sdb /dev/sdc size:-1",
        "~must not be negative" },
      { "disks3", "copy-device-to-device /dev/sdb /dev/sdc "
        "srcoffset:134217000 size:1000", "~shorter" }),
  },
  {
    .name = "copy_device_to_file", .proc_nr = 244, .ret = R_ERR,
    .args = { { A_DEVICE, "src" }, { A_PATHNAME, "dest" } },
    .optargs = COPY_OPTS, .flags = FL_PROGRESS,
    .shortdesc = "copy from source device to destination file",
    .longdesc = "Copy from the device SRC to the guest file DEST, "
      "created if needed and truncated first unless APPEND is true; see "
      "copy-device-to-device for the optional arguments.",
    .tests = TESTS (
      { "disks3", MKFS_SDA "pwrite-device /dev/sdb hello 0\n"
        "copy-device-to-file /dev/sdb /out size:5\ncat /out\n"
        "copy-device-to-file /dev/sdb /out size:3 append:true\ncat /out",
        "5\nhello\nhellohel\n" }),
  },
  {
    .name = "copy_file_to_device", .proc_nr = 245, .ret = R_ERR,
    .args = { { A_PATHNAME, "src" }, { A_DEVICE, "dest" } },
    .optargs = COPY_OPTS, .flags = FL_PROGRESS,
    .shortdesc = "copy from source file to destination device",
    .longdesc = "Copy from the guest file SRC to the device DEST; see "
      "copy-device-to-device for the optional arguments.",
    .tests = TESTS (
      { "disks3", MKFS_SDA "write /in 0123456789\n"
        "copy-file-to-device /in /dev/sdb destoffset:4096\n"
        "pread-device /dev/sdb 10 4096\necho", "0123456789\n" },
      { "disks3", MKFS_SDA "copy-file-to-device /no-such-file /dev/sdb",
        "~No such file or directory" }),
  },
  {
    .name = "copy_file_to_file", .proc_nr = 246, .ret = R_ERR,
    .args = { { A_PATHNAME, "src" }, { A_PATHNAME, "dest" } },
    .optargs = COPY_OPTS, .flags = FL_PROGRESS,
    .shortdesc = "copy from source file to destination file",
    .longdesc = "Copy from the guest file SRC to the guest file DEST "
      "(created if needed, truncated first unless APPEND is true).  "
      "This copies blocks of data, not file attributes: see "
      "copy-device-to-device for the optional arguments.",
    .tests = TESTS (
      { "fs", "write /cff 0123456789\ncopy-file-to-file /cff /cff2\n"
        "cat /cff2\ncopy-file-to-file /cff /cff3 srcoffset:2 size:3\n"
        "cat /cff3\nwrite /cff4 ab\n"
        "copy-file-to-file /cff /cff4 size:2 append:true\ncat /cff4\n"
        "copy-file-to-file /cff /cff5 srcoffset:8 destoffset:3\n"
        "pread /cff5 10 0 | od -An -c",
        "0123456789\n234\nab01\n  \\0  \\0  \\0   8   9\n" },
      { "fs", "fill 0 5000 /cffs\ncopy-file-to-file /cffs /cffs2 "
        "sparse:true\nfilesize /cffs2\nis-zero /cffs2", "5000\ntrue\n" },
      { "fs", "write /cffe x\ncopy-file-to-file /cffe /cffe2 size:10",
        "~shorter" },
      { "fs", "write /cffe3 x\ncopy-file-to-file /cffe3 /cffe4 srcoffset:-1",
        "~must not be negative" },
      { "fs", "copy-file-to-file /no-such-file /cffe5",
        "~No such file or directory" },
      { "fs", "copy-file-to-file /../../etc/passwd /cffe6",
        "~No such file or directory" },
      { "fs", "mkdir /cffd\ncopy-file-to-file /cff /cffd",
        "~Is a directory" }),
  },
  { .name = NULL }
};
