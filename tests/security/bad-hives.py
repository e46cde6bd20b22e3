#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""guestkit — write hostile Windows registry hives for security plan
row 11, each a patched copy of tests/data/minimal-hive (one 4 KiB
header, one 4 KiB hbin whose root key is at 0x20 and whose free space
starts at 0x1b8):

  ri-deep      the root's subkey list is an `ri' index nested 40 deep
  cycle        root -> A -> root (a subkey cycle)
  past-eof     the root's subkey list is at an offset past the end
  straddle     the root's subkey list is a cell running past its page
  page-past-eof the header and the hbin claim 1 MiB of pages (8 KiB file)
  value-huge   values with data lengths 0x7ffffff0 and 2^31
  bad-utf16    a subkey named in UTF-16 with a lone surrogate, odd length
  short        the first 3000 bytes only

Usage: bad-hives.py MINIMAL-HIVE OUTDIR"""

import os
import struct
import sys

HBIN = 0x1000           # file offset of the first hbin
FREE = 0x1b8            # first free cell (hbin-relative offset)
ROOT = 0x20             # the root nk (hbin-relative offset)


class Hive:
    def __init__(self, data):
        self.b = bytearray(data)
        self.next = FREE

    def put(self, off, fmt, *vals):
        struct.pack_into("<" + fmt, self.b, HBIN + off, *vals)

    def cell(self, payload):
        """Add a used cell holding PAYLOAD; its hbin-relative offset."""
        size = (4 + len(payload) + 7) & ~7
        off = self.next
        self.put(off, "i", -size)
        self.b[HBIN + off + 4:HBIN + off + 4 + len(payload)] = payload
        self.next += size
        free = 0x1000 - self.next       # the rest stays one free cell
        self.put(self.next, "i", free)
        return off

    def subkeys(self, nk, n, listoff):
        self.put(nk + 4 + 0x14, "I", n)
        self.put(nk + 4 + 0x1c, "I", listoff)

    def values(self, nk, n, listoff):
        self.put(nk + 4 + 0x24, "I", n)
        self.put(nk + 4 + 0x28, "I", listoff)

    def checksum(self):
        x = 0
        for (d,) in struct.iter_unpack("<I", bytes(self.b[0:0x1fc])):
            x ^= d
        struct.pack_into("<I", self.b, 0x1fc, x)


def li(*offs):
    return b"li" + struct.pack("<H", len(offs)) + b"".join(
        struct.pack("<I", o) for o in offs)


def nk(name, compressed=True):
    """A key with no subkeys or values, the root as parent."""
    body = struct.pack("<2sHQIIIIIIIIIIIIIIIHH", b"nk",
                       0x20 if compressed else 0, 0, 0, ROOT,
                       0, 0, 0xffffffff, 0xffffffff, 0, 0xffffffff,
                       0x80, 0xffffffff, 0, 0, 0, 0, 0, len(name), 0)
    return body + name


def vk(name, length, dataoff):
    return struct.pack("<2sHIIIHH", b"vk", len(name), length, dataoff,
                       1, 1, 0) + name


def ri_deep(h):
    child = h.cell(nk(b"deep"))
    inner = h.cell(li(child))
    for _ in range(40):
        inner = h.cell(b"ri" + struct.pack("<HI", 1, inner))
    h.subkeys(ROOT, 1, inner)


def cycle(h):
    a = h.cell(nk(b"A"))
    h.subkeys(a, 1, h.cell(li(ROOT)))
    h.subkeys(ROOT, 1, h.cell(li(a)))


def past_eof(h):
    h.subkeys(ROOT, 1, 0x7ffff000)


def straddle(h):
    off = 0xff8                        # 8 bytes before the page ends
    h.put(h.next, "i", off - h.next)   # the free cell stops there
    h.put(off, "i", -0x40)
    h.b[HBIN + off + 4:HBIN + off + 8] = b"li\x01\x00"
    h.subkeys(ROOT, 1, off)


def page_past_eof(h):
    struct.pack_into("<I", h.b, 0x28, 0x100000)
    h.put(8, "I", 0x100000)
    h.checksum()


def value_huge(h):
    data = h.cell(b"abcdefgh")
    v1 = h.cell(vk(b"Huge", 0x7ffffff0, data))
    v2 = h.cell(vk(b"Inline", 0x80000000, data))
    h.values(ROOT, 2, h.cell(struct.pack("<II", v1, v2)))


def bad_utf16(h):
    name = b"A\x00\x00\xd8B"               # 'A', lone high surrogate, odd
    h.subkeys(ROOT, 1, h.cell(li(h.cell(nk(name, compressed=False)))))


def main():
    src, out = sys.argv[1], sys.argv[2]
    data = open(src, "rb").read()
    for name, fn in [("ri-deep", ri_deep), ("cycle", cycle),
                     ("past-eof", past_eof), ("straddle", straddle),
                     ("page-past-eof", page_past_eof),
                     ("value-huge", value_huge), ("bad-utf16", bad_utf16)]:
        h = Hive(data)
        fn(h)
        open(os.path.join(out, name), "wb").write(h.b)
    open(os.path.join(out, "short"), "wb").write(data[:3000])


main()
