#!/bin/bash
# guestkit — guestfsd's cache of blkid tags (daemon/blkid-cache.c):
# used between calls that change no device, never stale after one that
# does.  One appliance.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/functions.sh"

[ -r "${LIBGUESTFS_PATH:-}/kernel" ] || skip_all "no appliance built"

truncate -s 64M "$scratch/a.img" "$scratch/b.img"

# Each "ping-daemon" ends a step: it is not a listing call, so it also
# empties the cache, and its "<= ping_daemon" line marks the log.
guestfish -v -a "$scratch/a.img" -a "$scratch/b.img" > "$scratch/out" \
    2> "$scratch/log" <<'EOF'
run
mkfs ext4 /dev/sda
mkfs vfat /dev/sdb label:OLDLBL
ping-daemon
echo step1
list-filesystems
mount-ro /dev/sda /
statvfs /
umount-all
ping-daemon
echo step2
list-filesystems
mkfs xfs /dev/sda
vfs-type /dev/sda
list-filesystems
ping-daemon
echo step3
list-filesystems
copy-device-to-device /dev/sdb /dev/sda
vfs-type /dev/sda
mount-ro /dev/sda /
umount-all
ping-daemon
echo step4
list-filesystems
zero-device /dev/sda
list-filesystems
ping-daemon
echo step5
vfs-label /dev/sdb
vfs-label /dev/sdb
set-label /dev/sdb NEWLBL
vfs-label /dev/sdb
ping-daemon
echo step6
inspect-os
mount-ro /dev/sdb /
umount-all
part-init /dev/sda mbr
part-add /dev/sda p 64 40000
part-add /dev/sda p 40001 80000
part-add /dev/sda p 80001 120000
mkfs ext2 /dev/sda1
mkfs vfat /dev/sda3
ping-daemon
echo step7
list-filesystems
EOF
rc=$?
check_eq "guestfish ran" 0 "$rc"

# blkid runs in the log's step N (the stretch after the Nth
# "<= ping_daemon"): all of them, or with TAG and DEV the ones asking
# for that tag of that one device (e.g. 5 LABEL vdb).
blkid_runs () {
    local end=""
    [ $# -lt 3 ] || end="-s $2 /dev/$3"
    awk -v step="$1" -v end="$end" '
        /guestfsd: <= ping_daemon/ { n++ }
        n == step && $0 ~ ("running: blkid .*" end "\r?$") { c++ }
        END { print c + 0 }' "$scratch/log"
}

# Step 1: list-filesystems probes /dev/sda and /dev/sdb (in one run);
# mount-ro then uses the type.
check_eq "mount-ro after list-filesystems probes no more" 1 "$(blkid_runs 1)"

# stdout of each step, between the echo markers.
step_out () {
    sed -n "/^step$1\$/,/^step$(($1 + 1))\$/p" "$scratch/out" | sed '1d;$d' |
        grep -v '^step'
}

# Step 2: mkfs in between; the new type, at once and in the listing.
out2=$(step_out 2)
check_eq "type after mkfs" "ext4 xfs xfs" \
    "$(grep -Eo '^(/dev/sda: )?(ext4|xfs|vfat)$' <<<"$out2" |
       sed 's|^/dev/sda: ||' | paste -sd ' ' -)"

# Step 3: the device overwritten with a copy of the vfat disk.
out3=$(step_out 3)
check_eq "type after copy-device-to-device" "xfs vfat" \
    "$(grep -Eo '^(/dev/sda: )?(xfs|vfat)$' <<<"$out3" |
       sed 's|^/dev/sda: ||' | paste -sd ' ' -)"
check_eq "the copy empties the cache: vfs-type probes again" 2 "$(blkid_runs 3)"

# Step 4: zeroed, /dev/sda holds no filesystem any more.
check_eq "listings around zero-device" "vfat unknown" \
    "$(step_out 4 | sed -n 's|^/dev/sda: ||p' | paste -sd ' ' -)"

# Step 5: the label is asked once while nothing changes, again after
# set-label, and the new one is seen.
check_eq "labels around set-label" "OLDLBL OLDLBL NEWLBL" \
    "$(step_out 5 | paste -sd ' ' -)"
check_eq "vfs-label twice probes once; set-label empties the cache" 2 \
    "$(blkid_runs 5 LABEL vdb)"

# Step 6: inspection probes the types (sdb with sda in one run, then
# sda, which holds nothing, on its own); mount-ro after it does not.
check_eq "mount-ro after inspect-os probes no more" 2 "$(blkid_runs 6)"

# Step 7: list-filesystems probes its devices together: one run of
# blkid for sda1, sda3 and sdb, and one of its own for sda2, for which
# that run printed nothing (no filesystem).
check_eq "list-filesystems: types of four devices" \
    "/dev/sdb: vfat /dev/sda1: ext2 /dev/sda2: unknown /dev/sda3: vfat" \
    "$(sed -n '/^step7$/,$p' "$scratch/out" | sed 1d | paste -sd ' ' -)"
check_eq "list-filesystems: two blkid runs for four devices" 2 "$(blkid_runs 7)"
check_eq "the device with no filesystem is probed on its own" 1 \
    "$(blkid_runs 7 TYPE vda2)"

if [ "$tap_fail" != 0 ]; then
    echo "# stdout:"; sed 's/^/#   /' "$scratch/out"
fi
done_testing
