#!/bin/bash
# guestkit — security plan row 28: two writers on one image.  A first
# guestfish holds the image read-write (commands come from a FIFO);
# a second read-write guestfish must fail at once with a clear error
# and no appliance started, a --ro guestfish may still read it (with a
# warning), and once the first has quit the image is free again.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
require_appliance

cd "$scratch" || exit 1
guestfish -N disk.img=fs:ext4:32M exit
check_eq "the image is made" 0 $?

mkfifo ctl
guestfish -a disk.img -m /dev/sda1 < ctl > first.out 2> first.err &
first=$!
exec 7> ctl
echo "write /hello \"from the first\\n\"" >&7
echo "sync" >&7
echo "echo first-up" >&7
for i in $(seq 120); do
    grep -q first-up first.out && break
    sleep 0.5
done
check_eq "the first writer is up" "first-up" "$(cat first.out)"

start=$(date +%s)
out=$(timeout 60 guestfish -a disk.img -m /dev/sda1 cat /hello 2>&1)
check_eq "a second writer is refused" \
    "1 libguestfs: error: disk.img: is in use by another process (locked)" \
    "$? $out"
check "... within 5 s, before any appliance" test $(( $(date +%s) - start )) -le 5

out=$(timeout 60 guestfish --ro -a disk.img -m /dev/sda1 cat /hello 2>&1)
check_eq "--ro: read with a warning" "0 libguestfs: warning: disk.img: another process is writing this image; reading it anyway (read-only)
from the first" "$? $out"

echo "quit" >&7
exec 7>&-
wait $first
check_eq "the first writer ends well" "0 " "$? $(cat first.err)"

out=$(timeout 60 guestfish -a disk.img -m /dev/sda1 cat /hello : \
      write /hello second : cat /hello 2>&1)
check_eq "after it: the image is free for a writer" "0 from the first

second" "$? $out"

done_testing
