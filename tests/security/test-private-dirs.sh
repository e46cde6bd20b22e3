#!/bin/bash
# guestkit — security plan row 23: directories with predictable names,
# or the bases of the private ones, prepared by someone else.  The
# cache directory (LIBGUESTFS_CACHEDIR/.guestkit-UID, or
# XDG_CACHE_HOME/guestkit) owned by another uid, mode 0777, a symbolic
# link or a file; a TMPDIR or XDG_RUNTIME_DIR of mode 0777 without the
# sticky bit.  Each launch is refused with a "security:" error naming
# the path, before any appliance starts (and nothing is written
# there); the same directories made properly launch.  Runs as root
# too: a directory another uid owns is refused even for root.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
require_appliance

cd "$scratch" || exit 1
truncate -s 1M disk.img
uid=$(id -u)
other=65534
[ "$uid" = "$other" ] && other=65533

# Launch with the environment in "$@"; print the exit status and the
# output.
launch () {
    local out
    out=$(env "$@" timeout 60 guestfish --ro -a disk.img run : echo up 2>&1)
    echo "$? $out"
}

mkdir -p c-owner/.guestkit-$uid c-mode/.guestkit-$uid real c-link c-file
chmod 0700 c-owner/.guestkit-$uid
chown $other c-owner/.guestkit-$uid
chmod 0777 c-mode/.guestkit-$uid
ln -s "$scratch/real" c-link/.guestkit-$uid
touch c-file/.guestkit-$uid
mkdir -p xdg/guestkit && chmod 0777 xdg/guestkit
mkdir tmp-open tmp-sticky run-open
chmod 0777 tmp-open run-open
chmod 1777 tmp-sticky

check_eq "cache dir owned by another uid" \
    "1 libguestfs: error: security: $scratch/c-owner/.guestkit-$uid: is owned by uid $other, not $uid" \
    "$(launch LIBGUESTFS_CACHEDIR="$scratch/c-owner")"
check_eq "cache dir of mode 0777" \
    "1 libguestfs: error: security: $scratch/c-mode/.guestkit-$uid: is writable by group or others (mode 0777)" \
    "$(launch LIBGUESTFS_CACHEDIR="$scratch/c-mode")"
check_eq "cache dir a symbolic link (to a good directory)" \
    "1 libguestfs: error: security: $scratch/c-link/.guestkit-$uid: is a symbolic link" \
    "$(launch LIBGUESTFS_CACHEDIR="$scratch/c-link")"
check_eq "cache dir a file" \
    "1 libguestfs: error: security: $scratch/c-file/.guestkit-$uid: is not a directory" \
    "$(launch LIBGUESTFS_CACHEDIR="$scratch/c-file")"
check_eq "XDG cache dir of mode 0777" \
    "1 libguestfs: error: security: $scratch/xdg/guestkit: is writable by group or others (mode 0777)" \
    "$(launch -u LIBGUESTFS_CACHEDIR XDG_CACHE_HOME="$scratch/xdg")"
check_eq "TMPDIR of mode 0777, not sticky" \
    "1 libguestfs: error: security: $scratch/tmp-open: is writable by others and not sticky (mode 0777)" \
    "$(launch TMPDIR="$scratch/tmp-open" LIBGUESTFS_TMPDIR="$scratch/tmp-open")"
check_eq "XDG_RUNTIME_DIR of mode 0777, not sticky" \
    "1 libguestfs: error: security: $scratch/run-open: is writable by others and not sticky (mode 0777)" \
    "$(launch XDG_RUNTIME_DIR="$scratch/run-open")"
check_eq "nothing was written in any of them" "" \
    "$(find c-owner c-mode real c-file xdg tmp-open run-open -mindepth 1 \
            ! -name ".guestkit-$uid" ! -name guestkit)"

# The same places made properly: one launch.
mkdir -p c-good/.guestkit-$uid && chmod 0700 c-good/.guestkit-$uid
check_eq "a private cache dir, a sticky TMPDIR: the launch works" "0 up" \
    "$(launch LIBGUESTFS_CACHEDIR="$scratch/c-good" TMPDIR="$scratch/tmp-sticky" \
             LIBGUESTFS_TMPDIR="$scratch/tmp-sticky")"
check_eq "... and leaves nothing in TMPDIR" "" "$(ls -A tmp-sticky)"

done_testing
