#!/bin/bash
# guestkit — FileIn/FileOut streams end to end: a 64 MiB upload and
# download compared by checksum, tar-out/tar-in and tgz round trips of
# a tree with subdirectories, modes and symlinks, errors mid-stream.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/functions.sh"
require_appliance

disk=$scratch/disk.img
truncate -s 512M "$disk"
head -c 64M /dev/urandom > "$scratch/big"

# A tree to round-trip through tar.
src=$scratch/src
mkdir -p "$src/d1/d2" "$src/empty"
echo hello > "$src/d1/hello"
head -c 5000 /dev/zero | tr '\0' x > "$src/d1/d2/long"
chmod 0600 "$src/d1/hello"
chmod 0750 "$src/d1/d2"
ln -s ../d1/hello "$src/empty/link"
tar -C "$src" -cf "$scratch/in.tar" .
tar -C "$src" -czf "$scratch/in.tgz" .

cat > "$scratch/script" <<END_OF_SCRIPT
run
part-disk /dev/sda mbr
mkfs ext4 /dev/sda1
mount /dev/sda1 /
upload $scratch/big /big
filesize /big
download /big $scratch/big.back
mkdir /t
tar-in $scratch/in.tar /t
tar-out /t $scratch/out.tar
mkdir /z
tgz-in $scratch/in.tgz /z
tgz-out /z $scratch/out.tgz
-upload $scratch/no-such-file /x
-download /no-such-file $scratch/never
-tar-in $scratch/in.tar /no-such-dir
-download /big $scratch/no-such-dir/big
echo still-alive
filesize /big
END_OF_SCRIPT

SECONDS=0
guestfish -a "$disk" -f "$scratch/script" > "$scratch/out" 2> "$scratch/err"
status=$?
echo "# session took ${SECONDS} s"
sed 's/^/# stderr: /' "$scratch/err"

check_eq "guestfish session succeeded" 0 "$status"
check_eq "uploaded file has the right size" 67108864 "$(head -1 "$scratch/out")"
check "64 MiB download equals the upload" cmp -s "$scratch/big" "$scratch/big.back"

mkdir "$scratch/x1" "$scratch/x2"
tar -C "$scratch/x1" -xf "$scratch/out.tar"
tar -C "$scratch/x2" -xzf "$scratch/out.tgz"
check "tar-out of tar-in gives the same tree" diff -r "$src" "$scratch/x1"
check "tgz-out of tgz-in gives the same tree" diff -r "$src" "$scratch/x2"
check_eq "tar keeps modes" "600 750" \
    "$(stat -c %a "$scratch/x1/d1/hello") $(stat -c %a "$scratch/x1/d1/d2")"
check_eq "tar keeps symlinks" "../d1/hello" "$(readlink "$scratch/x1/empty/link")"
check "a missing local file fails the upload" \
    grep -q "no-such-file: No such file or directory" "$scratch/err"
check "a missing guest file fails the download" \
    grep -q "download: .*No such file or directory" "$scratch/err"
check "tar-in into a missing directory fails" grep -q "tar_in: " "$scratch/err"
check "an unwritable local file cancels the download" \
    grep -q "download: .*no-such-dir/big: No such file or directory" "$scratch/err"
check "the appliance survives the failed streams" grep -qx still-alive "$scratch/out"
check_eq "and still answers after the cancelled download" 67108864 \
    "$(tail -1 "$scratch/out")"
done_testing
