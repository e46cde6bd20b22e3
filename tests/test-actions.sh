#!/bin/bash
# guestkit — run the per-call tests of the API table (tests/actions.tests,
# written by the generator) through guestfish: one appliance per prepared
# disk layout, every test's output compared with what the table expects.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/functions.sh"
require_appliance

tests=${GUESTKIT_TOP_SRCDIR:-..}/tests/actions.tests
[ -r "$tests" ] || skip_all "$tests not generated"

prep_commands () {
    case $1 in
    none) ;;
    fs)   printf '%s\n' "part-disk /dev/sda mbr" "mkfs ext2 /dev/sda1" \
                        "mount /dev/sda1 /" ;;
    lvfs) printf '%s\n' "part-disk /dev/sda mbr" "pvcreate /dev/sda1" \
                        "vgcreate VG /dev/sda1" "lvcreate LV VG 64" \
                        "mkfs ext2 /dev/VG/LV" "mount /dev/VG/LV /" ;;
    esac
}

# Split the test file into one directory per test: script, expect, prep.
awk -v dir="$scratch" '
    /^@@test / { name = $2; prep = $3; f = dir "/" name ".script";
                 print prep > (dir "/" name ".prep"); order = order name "\n";
                 printf "" > (dir "/" name ".expect"); next }
    /^@@expect$/ { f = dir "/" name ".expect"; next }
    /^@@end$/ { f = ""; next }
    f != "" { print >> f }
    END { printf "%s", order > (dir "/order") }
' "$tests"

run_prep () {
    local prep=$1 disk="$scratch/$1.img" name line
    truncate -s 128M "$disk"
    {
        echo run
        prep_commands "$prep"
        while read -r name; do
            [ "$(cat "$scratch/$name.prep")" = "$prep" ] || continue
            echo "echo @@BEGIN $name"
            while IFS= read -r line; do
                echo "-${line#-}"
            done < "$scratch/$name.script"
            echo "echo @@END $name"
        done < "$scratch/order"
    } > "$scratch/$prep.fish"
    guestfish -a "$disk" -f "$scratch/$prep.fish" > "$scratch/$prep.out" 2>&1
    echo "# $prep: guestfish exited with status $?"
}

check_test () {
    local name=$1 prep out expect
    prep=$(cat "$scratch/$name.prep")
    out=$(sed -n "/^@@BEGIN $name\$/,/^@@END $name\$/p" "$scratch/$prep.out" |
          sed '1d;$d'; echo x)
    out=${out%x}
    expect=$(cat "$scratch/$name.expect"; echo x)
    expect=${expect%x}
    if [ "${expect:0:1}" = "~" ]; then
        pattern=${expect:1}
        pattern=${pattern%$'\n'}
        if grep -qE -- "$pattern" <<<"$out"; then ok 0 "$name"; else
            ok 1 "$name"; printf '# output: %q\n# wanted match: %s\n' "$out" "$pattern"; fi
    else
        check_eq "$name" "$expect" "$out"
    fi
}

for prep in none fs lvfs; do
    run_prep "$prep"
done
while read -r name; do
    check_test "$name"
done < "$scratch/order"
done_testing
