#!/bin/bash
# guestkit — virt-ls: every mode on a filesystem with a known tree (fixed
# modes, owners, sizes and times; a symlink; names with a comma, a
# double quote, a line break and a control character), each output
# compared whole: plain, -l, -R, -lR with --uids/--time-t/--checksum,
# --time-days, -h, --csv, --json (parsed), a terminal, Windows paths, a
# missing directory, and the usage errors.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../inspect-images.sh"

# Usage errors need no appliance.
out=$(virt-ls -a x.img --csv / 2>&1)
check_eq "--csv without -lR" "1 virt-ls: --csv can only be used with -lR
Try 'virt-ls --help' for more information." "$? $out"
out=$(virt-ls -a x.img -l --checksum / 2>&1)
check_eq "--checksum with -l only" "1 virt-ls: --checksum can only be used with -lR
Try 'virt-ls --help' for more information." "$? $out"
out=$(virt-ls -a x.img -lR -h --csv / 2>&1)
check_eq "-h with --csv" "1 virt-ls: you cannot use -h and --csv options together
Try 'virt-ls --help' for more information." "$? $out"
out=$(virt-ls -a x.img 2>&1)
check_eq "no directory" "1 virt-ls: no directory given
Try 'virt-ls --help' for more information." "$? $out"
out=$(virt-ls / 2>&1)
check_eq "no disk" "1 virt-ls: no disk given: use -a or -d
Try 'virt-ls --help' for more information." "$? $out"
out=$(virt-ls --help)
check "--help: exit 0 and usage" grep -q "^  virt-ls \[OPTIONS\] -a DISK.IMG" \
    <<<"$out"
check "-V" bash -c 'virt-ls -V | grep -Eq "^virt-ls [0-9]+\.[0-9]+\.[0-9]+"'

require_appliance
cd "$scratch" || exit 1

# The tree, as a tarball with exact owners and modes; times set after.
T=1600000000
python3 - tree.tar "$T" <<'EOF'
import io, sys, tarfile
T = int(sys.argv[2])
def add(tf, name, kind, mode, uid=0, gid=0, data=b"", link=None):
    ti = tarfile.TarInfo(name)
    ti.type, ti.mode, ti.uid, ti.gid, ti.mtime = kind, mode, uid, gid, T
    ti.linkname = link or ""
    ti.size = len(data)
    tf.addfile(ti, io.BytesIO(data) if data else None)
with tarfile.open(sys.argv[1], "w", format=tarfile.PAX_FORMAT) as tf:
    add(tf, "./a.txt", tarfile.REGTYPE, 0o644, data=b"hello\n")
    add(tf, "./bin", tarfile.DIRTYPE, 0o755)
    add(tf, "./bin/tool", tarfile.REGTYPE, 0o4755, data=b"abc")
    add(tf, "./home", tarfile.DIRTYPE, 0o755)
    add(tf, "./home/user", tarfile.DIRTYPE, 0o700, 1000, 1000)
    add(tf, "./home/user/big", tarfile.REGTYPE, 0o600, 1000, 1000, b"x" * 1536)
    add(tf, "./link", tarfile.SYMTYPE, 0o777, link="a.txt")
    add(tf, "./odd,name", tarfile.REGTYPE, 0o644)
    add(tf, './say "hi"', tarfile.REGTYPE, 0o640, 0, 4, b"hi\n")
    add(tf, "./new\nline", tarfile.REGTYPE, 0o644, data=b"nl")
    add(tf, "./bell\x07", tarfile.REGTYPE, 0o644)
EOF
truncate -s 16M ls.img
A=$((T - 86400))
{
    printf '%s\n' run "part-disk /dev/sda mbr" "mkfs ext4 /dev/sda1" \
        "mount /dev/sda1 /" "rmdir /lost+found" "tar-in tree.tar /"
    for p in /bin/tool /home/user/big /bin /home/user /home /; do
        m=$T
        [ "$p" = /bin ] && m=$((T + 60))
        [ "$p" = /bin/tool ] && m=$((T + 120))
        echo "utimens $p $A 0 $m 0"
    done
} | guestfish -a ls.img
check_eq "the test disk was made" 0 $?
ls=(virt-ls -a ls.img -m /dev/sda1)

# Plain, with a missing directory between two good ones.
out=$("${ls[@]}" / /missing /bin 2>err)
check_eq "plain: exit 1 for a missing directory" 1 $?
check_eq "plain: the names, raw when piped" "a.txt
bell$(printf '\a')
bin
home
link
new
line
odd,name
say \"hi\"
tool" "$out"
check "plain: the missing directory is named" grep -q "/missing" err

out=$("${ls[@]}" -l /bin)
check_eq "-l: the guest's ls -la" "total 3
drwxr-xr-x 2 root root 1024 Sep 13  2020 .
drwxr-xr-x 4 root root 1024 Sep 13  2020 ..
-rwsr-xr-x 1 root root    3 Sep 13  2020 tool" "$out"

out=$("${ls[@]}" -R /home /bin)
check_eq "-R: paths relative to each directory" "user
user/big
tool" "$out"

# -lR: ctime cannot be set, so it is checked to be a number and masked.
out=$("${ls[@]}" -lR --uids --time-t --checksum /bin /home |
      awk '$8 ~ /^[0-9]+$/ { $8 = "C" } { print }')
check_eq "-lR --uids --time-t --checksum" "d 0755 1024 0 0 1599913600 1600000060 C /bin
- 4755 3 0 0 1599913600 1600000120 C 900150983cd24fb0d6963f7d28e17f72 /bin/tool
d 0755 1024 0 0 1599913600 1600000000 C /home
d 0700 1024 1000 1000 1599913600 1600000000 C /home/user
- 0600 1536 1000 1000 1599913600 1600000000 C f50a2c77058d8691e94732f00d076b9e /home/user/big" "$out"

out=$("${ls[@]}" -lR -h --time-days /home/user)
da=$(( ($(date +%s) - A) / 86400 ))
check_eq "-lR -h --time-days: padding and units" \
    "d 0700       1.0K $da $((da - 1))   0 /home/user
- 0600       1.5K $da $((da - 1))   0 /home/user/big" "$out"

out=$("${ls[@]}" -lR /)
check_eq "-lR: the default fields, a link, hostile names raw" "d 0755       1024 /
- 0644          6 /a.txt
- 0644          0 /bell$(printf '\a')
d 0755       1024 /bin
- 4755          3 /bin/tool
d 0755       1024 /home
d 0700       1024 /home/user
- 0600       1536 /home/user/big
l 0777          5 /link -> a.txt
- 0644          2 /new
line
- 0644          0 /odd,name
- 0640          3 /say \"hi\"" "$out"

out=$("${ls[@]}" -lR --csv --checksum=sha1 /)
check_eq "--csv: quoting, empty checksums, the link target" "d,0755,1024,,/
-,0644,6,f572d396fae9206628714fb2ce00f72e94f2258f,/a.txt
-,0644,0,da39a3ee5e6b4b0d3255bfef95601890afd80709,/bell$(printf '\a')
d,0755,1024,,/bin
-,4755,3,a9993e364706816aba3e25717850c26c9cd0d89d,/bin/tool
d,0755,1024,,/home
d,0700,1024,,/home/user
-,0600,1536,7669f94a21e22c2baefbe2f95ded175d53df9ed5,/home/user/big
l,0777,5,,/link,a.txt
-,0644,2,595477bd43c386b66363f3cbda218df80e9512da,\"/new
line\"
-,0644,0,da39a3ee5e6b4b0d3255bfef95601890afd80709,\"/odd,name\"
-,0640,3,55ca6286e3e4f4fba5d0448333fa99fc5a404a73,\"/say \"\"hi\"\"\"" "$out"

# JSON: parsed, every key checked.
TZ=UTC "${ls[@]}" -lR --json --uids --times --extra-stats --checksum / \
    > ls.json
check_eq "--json: exit status" 0 $?
out=$(python3 - ls.json <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for e in d:
    assert e["dev"].count(":") == 1 and isinstance(e["ino"], int)
    assert isinstance(e["nlink"], int) and isinstance(e["blocks"], int)
    assert e["rdev"] == "0:0" and isinstance(e["ctime"], str)
    print(repr(e["path"]), e["type"], e["mode"], e["size"], e["uid"],
          e["gid"], e["mtime"] if e["path"].startswith(("/bin", "/home"))
          else "-", e["checksum"], e["link"])
EOF
)
check_eq "--json: the entries" "'/' d 0755 1024 0 0 - None None
'/a.txt' - 0644 6 0 0 - b1946ac92492d2347c6235b4d2611184 None
'/bell\\x07' - 0644 0 0 0 - d41d8cd98f00b204e9800998ecf8427e None
'/bin' d 0755 1024 0 0 2020-09-13 12:27:40 None None
'/bin/tool' - 4755 3 0 0 2020-09-13 12:28:40 900150983cd24fb0d6963f7d28e17f72 None
'/home' d 0755 1024 0 0 2020-09-13 12:26:40 None None
'/home/user' d 0700 1024 1000 1000 2020-09-13 12:26:40 None None
'/home/user/big' - 0600 1536 1000 1000 2020-09-13 12:26:40 f50a2c77058d8691e94732f00d076b9e None
'/link' l 0777 5 0 0 - None a.txt
'/new\\nline' - 0644 2 0 0 - 1a13105b7e4eb5fb2e7c9515ac06aa48 None
'/odd,name' - 0644 0 0 0 - d41d8cd98f00b204e9800998ecf8427e None
'/say \"hi\"' - 0640 3 0 4 - 764efa883dda1e11db47671c4a3bbd9e None" "$out"
check "--json: control characters escaped" grep -qF '"/bell\u0007"' ls.json

# On a terminal, control characters in names are shown as '?'.
out=$(script -qec "virt-ls -a ls.img -m /dev/sda1 /" /dev/null | tr -d '\r')
check_eq "terminal: control characters as ?" "a.txt
bell?
bin
home
link
new?line
odd,name
say \"hi\"" "$out"

# Windows paths: drive letter, backslashes, any case.
insp_windows_image win.img
out=$(virt-ls -a win.img 'c:\windows\SYSTEM32')
check_eq "Windows path" "CMD.EXE
CONFIG" "$out"

done_testing
