/* guestkit — generator: API table, libvirt domains.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entry of C<add_domain>, which adds the
 * disks of a libvirt domain (library call, implemented by
 * C<guestfs_impl_add_domain> in F<library/domain.c>).
 *
 * The tests run each in a private directory holding disk.img; they
 * copy F<tests/data/domains.xml> there (a libvirt test-driver node
 * document, @DIR@ replaced by the directory) and connect to it as
 * test:///proc/self/cwd/node.xml, which the test driver reads in the
 * guestfish process itself, so no libvirt daemon is needed.
 */

#include <config.h>

#include "types.h"

#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }

/* The start of every test: node.xml and the disks its domains name. */
#define NODE \
  "!sed \"s|@DIR@|$PWD|g\" \"$GUESTKIT_TOP_SRCDIR/tests/data/domains.xml\" > node.xml\n" \
  "!truncate -s 8M ro.img && truncate -s 4M cd.iso\n" \
  "disk-create two.qcow2 qcow2 32M\n"
#define URI "libvirturi:test:///proc/self/cwd/node.xml"

const struct action actions_lib_domain[] = {
  {
    .name = "add_domain", .ret = R_INT,
    .args = { { A_STRING, "dom" } },
    .optargs = {
      { O_STRING, "libvirturi" }, { O_BOOL, "readonly" },
      { O_STRING, "iface" }, { O_BOOL, "live" }, { O_BOOL, "allowuuid" },
      { O_STRING, "readonlydisk" }, { O_STRING, "cachemode" },
      { O_STRING, "discard" }, { O_BOOL, "copyonread" },
    },
    .flags = FL_CONFIG, .fish_alias = "domain",
    .shortdesc = "add the disk(s) from a named libvirt domain",
    .longdesc =
      "Connect to libvirt, look up the domain DOM, read its XML and add "
      "each of its disks with add_drive, in the order the XML lists "
      "them.  Returns the number of disks added.  Either every disk is "
      "added or, on error, none is.\n\n"
      "A disk is a <disk> element of the domain's <devices> with a "
      "<source file=...> (type \"file\") or <source dev=...> (type "
      "\"block\"), or a storage pool volume (type \"volume\").  "
      "CD-ROMs and floppies are disks like the others; drives with no "
      "source (an empty CD-ROM) and disk types guestkit does not know "
      "are skipped; network disks are refused.  The format is the "
      "<driver type=...> attribute: \"raw\" (also when the attribute "
      "is missing: the image is never probed) or \"qcow2\"; any other "
      "format is an error.  A domain with no disks is an error.\n\n"
      "LIBVIRTURI: the libvirt connection URI; without it libvirt's "
      "default (see LIBVIRT_DEFAULT_URI).  The connection is "
      "read-only.  Disks must be reachable under the same paths on "
      "this host.\n\n"
      "READONLY: add every disk read-only.  Without it, a domain that "
      "is not shut off is refused: writing to the disks of a running "
      "guest corrupts them.\n\n"
      "ALLOWUUID: DOM may also be the domain's UUID (tried first).\n\n"
      "READONLYDISK: what to do with disks marked <readonly/> in the "
      "XML.  \"write\" (the default): add them like the others (so "
      "read-write unless READONLY).  \"read\": add them read-only.  "
      "\"error\": fail, unless READONLY.  \"ignore\": skip them.\n\n"
      "LIVE is accepted and ignored.  IFACE, CACHEMODE, DISCARD and "
      "COPYONREAD are passed to add_drive for every disk, as is the "
      "<blockio logical_block_size=...> of a disk as BLOCKSIZE.\n\n"
      "The domain XML is untrusted: it is limited in size, and a "
      "document type declaration (DTD) is refused, so no entity is "
      "ever loaded or expanded.\n\n"
      "This call fails when guestkit was built without libvirt.",
    .tests = TESTS (
      /* The one launch: "missing" fails and adds nothing, then the four
       * disks of "guest" (raw, qcow2, <readonly/>, CD-ROM) in order;
       * with readonlydisk "read" only the first two are written. */
      { "config", NODE "-add-domain missing " URI "\n"
        "add-domain guest " URI " readonlydisk:read\nrun\nlist-devices\n"
        "blockdev-getsize64 /dev/sda\nblockdev-getsize64 /dev/sdb\n"
        "blockdev-getsize64 /dev/sdc\nblockdev-getsize64 /dev/sdd\n"
        "pwrite-device /dev/sda hello 0\npwrite-device /dev/sdc hello 0\n"
        "shutdown\n!head -c 5 disk.img; echo\n!tr -d '\\000' < ro.img | wc -c",
        "libguestfs: error: nonexistent.img: No such file or directory\n"
        "4\n/dev/sda\n/dev/sdb\n/dev/sdc\n/dev/sdd\n"
        "16777216\n33554432\n8388608\n4194304\n5\n5\nhello\n0\n" },
      { "config", NODE "add-domain guest " URI " readonlydisk:ignore", "2\n" },
      { "config", NODE "add-domain guest " URI " readonlydisk:error",
        "~disk sdc is marked <readonly/> in the domain XML" },
      { "config", NODE "add-domain guest " URI " readonlydisk:error readonly:true", "4\n" },
      { "config", NODE "add-domain guest " URI " readonlydisk:bogus", "~readonlydisk 'bogus' must be" },
      { "config", NODE "domain 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e " URI " readonly:true allowuuid:true", "4\n" },
      { "config", NODE "add-domain 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e " URI " readonly:true",
        "~no libvirt domain called '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e'" },
      { "config", NODE "add-domain nosuch " URI, "~no libvirt domain called 'nosuch'" },
      { "config", NODE "add-domain running " URI, "~running: the domain is running" },
      { "config", NODE "add-domain running " URI " readonly:true live:true", "1\n" },
      { "config", NODE "add-domain vmdk " URI " readonly:true", "~disk sda: format 'vmdk' is not supported" },
      { "config", NODE "add-domain network " URI " readonly:true", "~network disks are not supported" },
      { "config", NODE "add-domain empty " URI " readonly:true", "~empty: libvirt domain has no disks" },
      { "config", NODE "add-domain pooled " URI " readonly:true cachemode:unsafe", "1\n" },
      { "config", NODE "add-domain guest libvirturi:bogus:///nowhere readonly:true",
        "~cannot connect to libvirt at bogus:///nowhere" }),
  },
  { .name = NULL }
};
