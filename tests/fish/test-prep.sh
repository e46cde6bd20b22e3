#!/bin/bash
# guestkit — guestfish -N prepared disks (every type, defaults, file
# names, errors), and scripts: -f FILE, the #!guestfish -f form, and
# commands after -- separated by ':'.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
require_appliance

fish=$(command -v guestfish)
cd "$scratch" || exit 1


#-- Without an appliance: -N help, bad -N, scripts

out=$(guestfish -N help)
check_eq "-N help: exit status 0" 0 "$?"
for t in disk part fs lv lvfs bootroot bootrootlv; do
    check "-N help lists $t" grep -q "^-N \[FILENAME=\]$t\[:" <<<"$out"
done
check "-N help gives the defaults" \
      grep -q "bootsize *128M" <<<"$out"
expect_one_line_error "-N unknown type" "unknown type 'floppy'" guestfish -N floppy
expect_one_line_error "-N too many parameters" "too many parameters for 'fs'" \
             guestfish -N fs:ext4:1G:mbr:extra
expect_one_line_error "-N bad size" "size: '1Q' is not a valid number" \
             guestfish -N disk:1Q
expect_one_line_error "-N bad LV name" "name 'VG/LV' must be /dev/VG/LV" \
             guestfish -N lv:VG/LV
expect_one_line_error "-N boot bigger than the disk" "bootsize 200M does not fit" \
             guestfish -N bootroot:ext2:ext2:100M:200M
expect_one_line_error "-N with an empty file name" "missing file name before '='" \
             guestfish -N =disk
check "a bad -N creates no file" test ! -e test1.img

printf '# a comment\necho one\n\nnosuch-command\necho two\n' > stop.fish
out=$(guestfish -f stop.fish 2>"$scratch/stop.err")
check_eq "-f: a failing command ends the script, exit status 1" "one 1" \
         "$out $?"
check "... naming the command" grep -q "nosuch-command" "$scratch/stop.err"
printf '#!%s -f\necho via\n-nosuch-command\necho shebang\n' "$fish" \
       > hello.fish
chmod +x hello.fish
check_eq "#!guestfish -f script, '-' ignores a failure" "via
shebang" "$(./hello.fish 2>/dev/null)"
check_eq "commands after --, separated by ':'" "a b
c
d" "$(guestfish -- echo a b : echo c : : echo d)"
expect_one_line_error "-f with a missing file" "missing.fish" \
             guestfish -f missing.fish
expect_one_line_error "-f and commands" "commands cannot follow -f" \
             guestfish -f hello.fish echo x

#-- Every type in one run, from a #!guestfish -f script

cat > prep.fish <<EOF
#!$fish -f
# What the -N options made:
list-filesystems
lvs
part-get-parttype /dev/sdb
part-get-parttype /dev/sdg
blockdev-getsize64 /dev/sda
part-list /dev/sdf | grep -c part_num
EOF
chmod +x prep.fish
out=$(./prep.fish --ro -N disk:32M -N part:32M:gpt -N fs:ext4:32M \
      -N lv:/dev/VG1/LV1:32M -N lvfs:/dev/VG2/LV2:vfat:32M \
      -N bootroot:ext2:ext4:64M:16M \
      -N x.img=bootrootlv:/dev/VG3/Root:ext3:ext2:64M:16M:gpt)
check_eq "each -N type, checked by list-filesystems, lvs, part-*" \
"/dev/sda: unknown
/dev/sdb1: unknown
/dev/sdc1: ext4
/dev/sdf1: ext2
/dev/sdf2: ext4
/dev/sdg1: ext3
/dev/VG1/LV1: unknown
/dev/VG2/LV2: vfat
/dev/VG3/Root: ext2
/dev/VG1/LV1
/dev/VG2/LV2
/dev/VG3/Root
gpt
gpt
33554432
2" "$out"
check_eq "files test1.img ... test6.img, then x.img" \
"test1.img 33554432
test2.img 33554432
test3.img 33554432
test4.img 33554432
test5.img 33554432
test6.img 67108864
x.img 67108864" "$(stat -c '%n %s' test*.img x.img)"
check "the disks are sparse" test "$(du -k test1.img | cut -f1)" -lt 1024
check_eq "--ro does not apply to -N: the filesystem is in the file" ext4 \
         "$(blkid -p -O 1048576 -o value -s TYPE test3.img)"

#-- Defaults, with -m and commands after --

mkdir defaults && cd defaults || exit 1
out=$(guestfish -N fs -m /dev/sda1 -- write /f hi : cat /f : mounts : \
      vfs-type /dev/sda1 : part-get-parttype /dev/sda : \
      blockdev-getsize64 /dev/sda)
check_eq "-N fs: 1G test1.img, MBR, ext2, mounted with -m" "hi
/dev/sda1
ext2
msdos
1073741824" "$out"
check_eq "... only test1.img" "test1.img" "$(ls)"
cd ..

out=$(guestfish -N bad.img=fs:nosuchfs:32M -- echo never 2>&1)
check_eq "-N with a bad filesystem type: exit status 1" 1 "$?"
check "... naming it, and no command runs" \
      eval 'grep -q nosuchfs <<<"$out" && ! grep -q never <<<"$out"'

done_testing
