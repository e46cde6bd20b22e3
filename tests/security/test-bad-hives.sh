#!/bin/bash
# guestkit — security plan row 11: hostile registry hives (made by
# bad-hives.py from tests/data/minimal-hive: an `ri' index 40 deep, a
# subkey cycle, a subkey list past the end of the file, a cell running
# past its page, pages past the end, value lengths 0x7ffffff0 and 2^31,
# a UTF-16 name with a lone surrogate, a short file).  The hivex-*
# calls on each give an error or a bounded answer, never a crash or a
# hang; inspection of Windows-like guests carrying them as SOFTWARE
# and SYSTEM still finishes, with "unknown" fields.  One launch.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../inspect-images.sh"
require_appliance

here=$(cd "$(dirname "$0")" && pwd)
cd "$scratch" || exit 1
mkdir h
python3 "$here/bad-hives.py" "$INSP_HIVE" h
check_eq "the hostile hives are made" \
    "bad-utf16 cycle page-past-eof past-eof ri-deep short straddle value-huge" \
    "$(echo $(ls h))"
mkdir -p tree && cp h/* tree/
truncate -s 16M hives.img
mkfs.ext4 -q -F -d tree hives.img

# A Windows-like guest IMG whose SOFTWARE and SYSTEM are the hive H.
bad_windows () {
    local img=$1 hive=$2 t
    t=$(mktemp -d)
    mkdir -p "$t/WINDOWS/System32/CONFIG"
    cp "h/$hive" "$t/WINDOWS/System32/CONFIG/SOFTWARE"
    cp "h/$hive" "$t/WINDOWS/System32/CONFIG/SYSTEM"
    insp_pe "$t/WINDOWS/System32/CMD.EXE"
    truncate -s 16M "$img"
    printf '%s\n' 'label: dos' 'start=2048,type=7' | sfdisk -q "$img"
    insp_mkfs "$img" 2048 14 "$t"
    rm -rf "$t"
}
guests=(cycle past-eof ri-deep straddle value-huge bad-utf16)
disks=(-a hives.img)
for g in "${guests[@]}"; do
    bad_windows "w-$g.img" "$g"
    disks+=(-a "w-$g.img")
done

# Inspection first (sdb1 to sdg1 hold the guests), then the hivex
# calls on /dev/sda.  The root key is node 4128, the first added cell
# (subkey A of `cycle', `deep' of `ri-deep') node 4536.
{
    echo "run"
    echo "inspect-os"
    for d in b c d e f g; do
        r=/dev/sd${d}1
        echo "echo == $r"
        for f in type distro product-name hostname major-version \
                 windows-systemroot drive-mappings; do
            echo "-inspect-get-$f $r"
        done
    done
    echo "mount-ro /dev/sda /"
    for f in short straddle page-past-eof; do
        echo "echo == $f"
        echo "-hivex-open /$f"
        echo "-hivex-root"
    done
    cat <<'EOF'
echo == cycle
hivex-open /cycle
hivex-node-children 4128
hivex-node-name 4536
hivex-node-children 4536
hivex-node-parent 4536
hivex-node-get-child 4536 $$$PROTO.HIV
hivex-close
echo == ri-deep
hivex-open /ri-deep
-hivex-node-children 4128
-hivex-node-get-child 4128 deep
hivex-close
echo == past-eof
hivex-open /past-eof
-hivex-node-children 4128
-hivex-node-get-child 4128 x
hivex-node-name 4128
hivex-close
echo == value-huge
hivex-open /value-huge
hivex-node-values 4128
-hivex-value-key 4552
-hivex-value-type 4552
-hivex-value-value 4552
-hivex-value-utf8 4552
-hivex-value-key 4584
-hivex-value-value 4584
hivex-close
echo == bad-utf16
hivex-open /bad-utf16
hivex-node-children 4128
-hivex-node-name 4536
hivex-close
echo == alive
EOF
} > script
timeout 120 guestfish --ro "${disks[@]}" -f script > out 2> err
check_eq "guestfish: exit status (no crash, no hang)" 0 $?
unknown_guest="windows
windows
unknown
unknown
0
/WINDOWS"
expected_out="$(printf '/dev/sd%s1\n' b c d e f g)"
for d in b c d e f g; do
    expected_out+="
== /dev/sd${d}1
$unknown_guest"
done
expected_out+="
== short
== straddle
== page-past-eof
== cycle
[0] = {
  hivex_node_h: 4536
}
A
[0] = {
  hivex_node_h: 4128
}
4128
4128
== ri-deep
== past-eof
\$\$\$PROTO.HIV
== value-huge
[0] = {
  hivex_value_h: 4552
}
[1] = {
  hivex_value_h: 4584
}
Huge
1
Inline
== bad-utf16
[0] = {
  hivex_node_h: 4536
}
== alive"
check_eq "inspection: each guest found, registry fields unknown; hivex answers" \
    "$expected_out" "$(cat out)"
check_eq "hivex: the errors, one per bad call" \
"libguestfs: error: hivex_open: /short: Invalid argument
libguestfs: error: hivex_root: no hive is open: call hivex_open first
libguestfs: error: hivex_open: /straddle: Operation not supported
libguestfs: error: hivex_root: no hive is open: call hivex_open first
libguestfs: error: hivex_open: /page-past-eof: Operation not supported
libguestfs: error: hivex_root: no hive is open: call hivex_open first
libguestfs: error: hivex_node_children: node 4128: Invalid argument
libguestfs: error: hivex_node_get_child: node 4128: Invalid argument
libguestfs: error: hivex_node_children: node 4128: Bad address
libguestfs: error: hivex_node_get_child: node 4128: Bad address
libguestfs: error: hivex_value_value: value too large (2147483632 bytes)
libguestfs: error: hivex_value_utf8: value too large (2147483632 bytes)
libguestfs: error: hivex_node_name: node 4536: Invalid argument" "$(cat err)"
done_testing
