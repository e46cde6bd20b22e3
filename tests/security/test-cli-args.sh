#!/bin/bash
# guestkit — security plan row 31: command-line robustness of
# guestfish, virt-cat and virt-df.  Disk names that look like options
# or protocols (-hda, ",", json:{...}, http:...) are plain file names:
# missing, each is "No such file"; present, each opens as the raw file
# it is (one filesystem each, found by its label).  Options repeated
# 100 times, a 128 KiB argument (the kernel's limit for one argument),
# a 1 MB line in a guestfish script and a 1 MB path through the
# protocol: errors or results, never a crash.  The parse-only cases
# also run under valgrind when it is installed.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
require_appliance

cd "$scratch" || exit 1
json='json:{"file":{"driver":"file","filename":"passwd"}}'
http='http:example.com,x.img'
names=(-hda , "$json" "$http")
labels=(hda comma json http)

# Missing files: the names as they are, no launch.
for i in 0 1 2 3; do
    out=$(timeout 60 guestfish -a "${names[$i]}" run 2>&1)
    check_eq "guestfish -a '${names[$i]}' (missing): literal name" \
        "1 libguestfs: error: ${names[$i]}: No such file or directory" "$? $out"
done
out=$(timeout 60 virt-cat -a "$json" /etc/passwd 2>&1)
check_eq "virt-cat -a json:... (missing): literal name" \
    "1 libguestfs: error: $json: No such file or directory" "$? $out"
out=$(timeout 60 virt-df -a "$http" 2>&1)
check_eq "virt-df -a http:... (missing): literal name" \
    "1 libguestfs: error: $http: No such file or directory" "$? $out"

long=$(head -c 131071 /dev/zero | tr '\0' a)
out=$(timeout 60 guestfish -a "$long" run 2>&1)
check_eq "guestfish -a with a 128 KiB name" \
    "1 libguestfs: error: $long: File name too long" "$? $out"
out=$(timeout 60 virt-cat -a "$long" /x 2>&1)
check_eq "virt-cat -a with a 128 KiB name" \
    "1 libguestfs: error: $long: File name too long" "$? $out"
timeout 60 virt-df --csv -d "$long" > df.out 2>&1
check_eq "virt-df -d with a 128 KiB domain name: an error, no crash" \
    "1 1" "$? $(wc -l < df.out)"

# The same names as real raw files, one ext2 filesystem each.
for i in 0 1 2 3; do
    mkdir -p "src$i" && echo "${labels[$i]}" > "src$i/name"
    mke2fs -q -t ext2 -L "${labels[$i]}" -d "src$i" -F -- "./${names[$i]}" 4M > /dev/null ||
        exit 1
done

# One guestfish launch: the four names, --ro and --format=raw 100
# times each, a 1 MB echo and a 1 MB path.
reps=()
for i in $(seq 100); do reps+=(--ro --format=raw); done
mb=$(head -c 1048576 /dev/zero | tr '\0' b)
{
    echo run
    for d in a b c d; do
        echo "mount /dev/sd$d /"
        echo "cat /name"
        echo "umount /"
    done
    echo "echo $mb"
    echo "-cat /$mb"
    echo "echo alive"
} > script
timeout 120 guestfish "${reps[@]}" -a -hda -a , -a "$json" -a "$http" \
    -f script > out 2> err
check_eq "guestfish: four literal names, options x100, 1 MB lines: exit status" 0 $?
check_eq "guestfish: each disk is its own file, in order" "hda

comma

json

http

$mb
alive" "$(cat out)"
check_eq "guestfish: the 1 MB path is an error" \
    "libguestfs: error: cat: path is too long" "$(cat err)"

# virt-cat and virt-df with the names and repeated options.
reps=()
for i in $(seq 100); do reps+=(--format=raw); done
out=$(timeout 60 virt-cat "${reps[@]}" -a , -m /dev/sda /name 2>&1)
check_eq "virt-cat --format x100 -a , -m /dev/sda: the file" "0 comma" "$? $out"
reps=()
for i in $(seq 100); do reps+=(--csv); done
out=$(timeout 60 virt-df "${reps[@]}" -a "$json" -a -hda 2>&1)
# The sizes are mke2fs's (the same for both disks): taken from the
# first line, checked as numbers.
nums=$(sed -n 2p <<<"$out" | grep -oE ',[0-9]+,[0-9]+,[0-9]+,[0-9.]+$')
check "virt-df: four numbers per filesystem" test -n "$nums"
check_eq "virt-df --csv x100 -a json:... -a -hda: the names literally, CSV-quoted" \
    "0 VirtualMachine,Filesystem,1K-blocks,Used,Available,Use%
\"json:{\"\"file\"\":{\"\"driver\"\":\"\"file\"\",\"\"filename\"\":\"\"passwd\"\"}}+\",/dev/sda$nums
\"json:{\"\"file\"\":{\"\"driver\"\":\"\"file\"\",\"\"filename\"\":\"\"passwd\"\"}}+\",/dev/sdb$nums" "$? $out"

# The parse-only cases under valgrind (host code only): exit status 1
# from the missing disk, not valgrind's 119 or a signal.
if command -v valgrind >/dev/null; then
    bindir=$(dirname "$(command -v guestfish)")
    reps=()
    for i in $(seq 100); do reps+=(--ro --format=raw -v -x); done
    "$bindir/../libtool" --mode=execute valgrind --error-exitcode=119 \
        --leak-check=full --errors-for-leak-kinds=definite --quiet \
        "$bindir/guestfish" "${reps[@]}" -a "$long" exit > vg.out 2>&1
    check_eq "valgrind: guestfish with options x100, a 128 KiB name" \
        "1 libguestfs: error: $long: File name too long" "$? $(cat vg.out)"
else
    ok 0 "# SKIP valgrind is not installed"
fi

done_testing
