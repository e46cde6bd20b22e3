# guestkit — tests of the Python binding (run by test-python.sh).
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: test-python.py SCRATCH_DIR [--no-appliance]
# Prints TAP.  Two appliance launches: a read-write one for most
# checks, then a read-only one on the same disk for python_return_dict
# and for close on delete of a launched handle.

import errno
import gc
import os
import sys
import threading
import time

import guestfs

scratch = sys.argv[1]
with_appliance = "--no-appliance" not in sys.argv[2:]
n = 0
failed = 0


def ok(cond, desc, got=None):
    global n, failed
    n += 1
    if cond:
        print("ok %d - %s" % (n, desc))
    else:
        failed += 1
        print("not ok %d - %s" % (n, desc))
        if got is not None:
            print("# got: %r" % (got,))
    sys.stdout.flush()


def eq(expected, actual, desc):
    ok(expected == actual, desc, actual)
    if expected != actual:
        print("# expected: %r" % (expected,))


def raises(exc, fn, desc, check=None):
    try:
        fn()
    except exc as e:
        ok(check is None or check(e), desc, e)
        return
    except Exception as e:
        ok(False, desc + " (wrong exception)", e)
        return
    ok(False, desc + " (no exception)")


def counter(log):
    def cb(event, eh, buf, array):
        log.append((event, buf, array))
    return cb


def no_appliance_tests():
    g = guestfs.GuestFS()
    raises(TypeError, lambda: g.add_drive_opts(123),
           "int for a str argument: TypeError",
           lambda e: str(e) == "filename: expected str, got int")
    raises(TypeError, lambda: g.add_drive_opts("x", bogus=1),
           "unknown keyword argument: TypeError",
           lambda e: "bogus" in str(e))
    raises(TypeError, lambda: g.add_drive_opts("x", readonly="yes"),
           "str for a bool optional argument: TypeError")
    raises(TypeError, lambda: g.set_memsize("512"),
           "str for an int argument: TypeError")
    raises(TypeError, lambda: g.disk_create("x", "raw"),
           "missing argument: TypeError")
    raises(ValueError, lambda: g.disk_format("/a\0b"),
           "NUL in a str argument: ValueError")
    raises(RuntimeError, lambda: g.disk_format(scratch + "/missing"),
           "library error: RuntimeError with errno ENOENT",
           lambda e: e.errno == errno.ENOENT and e.args == (
               "disk_format: %s/missing: No such file or directory"
               % scratch,))
    eq(None, g.get_append(), "R_CONSTOPTSTRING unset (after an error): None")
    g.set_append("console=ttyS0 quiet")
    eq("console=ttyS0 quiet", g.get_append(), "R_CONSTOPTSTRING set: str")
    eq(None, g.set_memsize(600), "R_ERR call returns None")
    eq(600, g.get_memsize(), "R_INT call returns int")
    eq("close,trace",
       guestfs.event_to_string(guestfs.EVENT_CLOSE | guestfs.EVENT_TRACE),
       "event_to_string")
    eq((1, 4, 8, 0x3ff),
       (guestfs.EVENT_CLOSE, guestfs.EVENT_LAUNCH_DONE,
        guestfs.EVENT_PROGRESS, guestfs.EVENT_ALL), "EVENT_* constants")
    # Close on delete, and callbacks kept alive by the handle only.
    log = []
    eh = g.set_event_callback(counter(log), guestfs.EVENT_CLOSE)
    ok(isinstance(eh, int) and eh >= 0, "set_event_callback returns a handle")
    del g
    gc.collect()
    eq([(guestfs.EVENT_CLOSE, b"", [])], log, "close on delete: EVENT_CLOSE once")
    # delete_event_callback, explicit close, calls after close.
    g = guestfs.GuestFS()
    log = []
    eh = g.set_event_callback(counter(log), guestfs.EVENT_CLOSE)
    g.delete_event_callback(eh)
    g.close()
    g.close()
    eq([], log, "deleted callback not called; close twice is fine")
    raises(guestfs.ClosedHandle, lambda: g.get_memsize(),
           "call on a closed handle: ClosedHandle")


def appliance_tests():
    disk = os.path.join(scratch, "disk.img")
    g = guestfs.GuestFS()
    events = []
    g.set_event_callback(counter(events),
                         guestfs.EVENT_LAUNCH_DONE | guestfs.EVENT_CLOSE)
    eq(None, g.disk_create(disk, "raw", 64 * 1024 * 1024), "disk_create")
    eq(64 * 1024 * 1024, os.path.getsize(disk), "disk_create: size")
    g.add_drive_opts(disk, format="raw", readonly=False)
    g.launch()
    eq([guestfs.EVENT_LAUNCH_DONE], [e[0] for e in events],
       "EVENT_LAUNCH_DONE once")
    eq(["/dev/sda"], g.list_devices(), "R_STRINGLIST: list of str")
    g.part_disk("/dev/sda", "mbr")
    parts = g.part_list("/dev/sda")
    eq(1, len(parts), "R_STRUCTLIST: one partition")
    p = parts[0]
    eq(["part_end", "part_num", "part_size", "part_start"], sorted(p),
       "struct as dict: field names")
    eq((1, p["part_end"] - p["part_start"] + 1), (p["part_num"], p["part_size"]),
       "struct fields: ints, consistent")
    g.mkfs("ext4", "/dev/sda1", blocksize=4096, label="pylabel")
    eq("pylabel", g.vfs_label("/dev/sda1"), "keyword optargs reach the call")
    g.mount("/dev/sda1", "/")
    g.write("/hello", b"hello\nworld\n")
    eq("hello\nworld\n", g.cat("/hello"), "write bytes, cat str")
    eq(b"ello", g.pread("/hello", 4, 1), "R_BUFFEROUT: bytes")
    st = g.statns("/hello")
    eq(22, len(st), "statns: 22 fields")
    eq((12, 0o100644 & 0o170000, 1),
       (st["st_size"], st["st_mode"] & 0o170000, st["st_nlink"]),
       "statns dict fields")
    eq([("/dev/sda1", "ext4")], g.list_filesystems(),
       "R_HASHTABLE: list of tuples by default")
    eq("a b", g.echo_daemon(["a", "b"]), "list of str argument")
    eq("c", g.echo_daemon(("c",)), "tuple of str argument")
    raises(TypeError, lambda: g.echo_daemon("a"),
           "str for a list argument: TypeError")
    raises(TypeError, lambda: g.echo_daemon([1]),
           "int in a list argument: TypeError")
    eq(True, g.exists("/hello"), "R_BOOL: True")
    eq(False, g.exists("/nope"), "R_BOOL: False")
    name = "/caf\udce9"        # b"/caf\xe9": not UTF-8
    g.touch(name)
    eq(["caf\udce9", "hello", "lost+found"], sorted(g.ls("/")),
       "non-UTF-8 guest names round-trip (surrogateescape)")
    raises(RuntimeError, lambda: g.cat("/missing"),
           "daemon error: RuntimeError with errno ENOENT",
           lambda e: e.errno == errno.ENOENT and
           str(e) == "cat: /missing: No such file or directory")
    def bad_cb(event, eh, buf, array):
        raise ValueError("from the callback")
    bad = g.set_event_callback(bad_cb, guestfs.EVENT_ENTER)
    eq(True, g.is_file("/hello"), "a raising callback does not break calls")
    g.delete_event_callback(bad)
    trace = []
    g.set_event_callback(counter(trace), guestfs.EVENT_TRACE)
    g.set_trace(True)
    g.is_file("/hello")
    g.set_trace(False)
    eq([b"set_trace = 0", b'is_file "/hello"', b"is_file = true",
        b"set_trace false"],
       [t[1] for t in trace], "EVENT_TRACE: buf is bytes")
    g.shutdown()
    g.close()
    eq([guestfs.EVENT_LAUNCH_DONE, guestfs.EVENT_CLOSE],
       [e[0] for e in events], "EVENT_CLOSE on close")

    # Read-only, dicts, and close on delete of a launched handle.
    g = guestfs.GuestFS(python_return_dict=True)
    closed = []
    g.set_event_callback(counter(closed), guestfs.EVENT_CLOSE)
    g.add_drive_opts(disk, format="raw", readonly=True)
    # Launched from a thread that then ends: the appliance belongs to
    # the handle and must outlive that thread.
    lt = threading.Thread(target=g.launch)
    lt.start()
    lt.join()
    time.sleep(1)
    # The GIL is released during calls: this thread runs while another
    # waits for the daemon.
    t = threading.Thread(target=g.sleep, args=(1,))
    ticks = 0
    t.start()
    while t.is_alive():
        ticks += 1
        time.sleep(0.01)
    t.join()
    ok(ticks > 20, "other threads run during a call", ticks)
    eq({"/dev/sda1": "ext4"}, g.list_filesystems(),
       "python_return_dict=True: dict")
    g.mount_ro("/dev/sda1", "/")
    raises(RuntimeError, lambda: g.touch("/new"),
           "read-only mount: RuntimeError with errno EROFS",
           lambda e: e.errno == errno.EROFS)
    del g
    gc.collect()
    eq(1, len(closed), "launched handle closed on delete")


no_appliance_tests()
if with_appliance:
    appliance_tests()
print("1..%d" % n)
sys.exit(1 if failed else 0)
