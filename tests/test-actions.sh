#!/bin/bash
# guestkit — run the per-call tests of the API table (tests/actions.tests,
# written by the generator) through guestfish: one appliance per area of
# the table and prepared disk layout, every test's output compared with
# what the table expects.
#
# GUESTKIT_TEST_AREA=AREA[,AREA...] runs only those areas' tests (the
# names of generator/actions-AREA.c: core, files, content, ...).
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
    disks3|config) ;;
    guests) insp_lvm_commands /dev/sdc "$scratch/guests.tar" ;;
    *) echo "test-actions.sh: unknown prep '$1'" >&2; return 1 ;;
    esac
}

# Prep "config": each test in its own guestfish, not launched, no disk
# added, run in a private directory holding disk.img (blank, 16 MiB).
run_config () {
    local group=$1 name line dir="$scratch/$1.d"
    : > "$scratch/$group.out"
    while read -r name; do
        [ "$(cat "$scratch/$name.prep")" = "$group" ] || continue
        rm -rf "$dir" && mkdir "$dir" && truncate -s 16M "$dir/disk.img"
        echo "@@BEGIN $name" >> "$scratch/$group.out"
        while IFS= read -r line; do
            echo "-${line#-}"
        done < "$scratch/$name.script" > "$dir/script.fish"
        (cd "$dir" && guestfish -f script.fish) >> "$scratch/$group.out" 2>&1
        echo "@@END $name" >> "$scratch/$group.out"
    done < "$scratch/order"
    rm -rf "$dir"
    echo "# $group: done"
}

# Built without libvirt, add_domain can only fail: skip its area.
skip_areas=
guestfish -- add-domain x libvirturi:test:///none 2>&1 |
    grep -q "built without libvirt" && skip_areas=domain

# Split the test file into one directory per test: script, expect, prep.
awk -v dir="$scratch" -v areas="${GUESTKIT_TEST_AREA:-}" -v skip="$skip_areas" '
    /^@@test / { name = $2; prep = $3 "@" $4; f = dir "/" name ".script";
                 if ((areas != "" && index("," areas ",", "," $4 ",") == 0) ||
                     index("," skip ",", "," $4 ",") != 0) {
                     f = "/dev/null"; next }
                 print prep > (dir "/" name ".prep"); order = order name "\n";
                 groups[prep] = 1;
                 printf "" > (dir "/" name ".expect"); next }
    /^@@expect$/ { f = dir "/" name ".expect"; next }
    /^@@end$/ { f = ""; next }
    f != "" { print >> f }
    END { printf "%s", order > (dir "/order");
          for (g in groups) print g > (dir "/groups") }
' "$tests"

# One appliance for the group PREP@AREA: its disks, the prep, then every
# test of the group (a leading '-' so one failure does not stop the rest;
# everything left mounted by one test is unmounted before the next).
# A script line "@@key KEY" is a key or passphrase for the command
# before it: the keys go, in order, to guestfish --keys-from-stdin.
run_prep () {
    local group=$1 prep=${1%@*} name line disks=() i n=1
    if [ "$prep" = config ]; then run_config "$group"; return; fi
    [ "$prep" = disks3 ] && n=3
    [ "$prep" = guests ] && n=3
    : > "$scratch/$group.keys"
    for ((i = 0; i < n; i++)); do
        truncate -s 128M "$scratch/$group.$i.img"
        disks+=(-a "$scratch/$group.$i.img")
    done
    [ "$prep" = guests ] && make_guests "$group"
    {
        echo run
        prep_commands "$prep"
        while read -r name; do
            [ "$(cat "$scratch/$name.prep")" = "$group" ] || continue
            [ "$prep" = none ] || [ "$prep" = disks3 ] && echo "-umount-all"
            echo "echo @@BEGIN $name"
            while IFS= read -r line; do
                case $line in
                "@@key "*) printf '%s\n' "${line#@@key }" >> "$scratch/$group.keys" ;;
                *) echo "-${line#-}" ;;
                esac
            done < "$scratch/$name.script"
            echo "echo @@END $name"
        done < "$scratch/order"
    } > "$scratch/$group.fish"
    guestfish --keys-from-stdin "${disks[@]}" -f "$scratch/$group.fish" \
        < "$scratch/$group.keys" > "$scratch/$group.out" 2>&1
    echo "# $group: guestfish exited with status $?"
    rm -f "$scratch/$group".*.img
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

# Prep "guests": three OS images for the inspection calls (the third
# becomes an LVM guest in prep_commands).
. "$(dirname "$0")/inspect-images.sh"
make_guests () {
    insp_debian_image "$scratch/$1.0.img"
    insp_windows_image "$scratch/$1.1.img"
    insp_fedora_tar "$scratch/guests.tar"
}

[ -s "$scratch/groups" ] || skip_all "no tests in area(s) ${GUESTKIT_TEST_AREA:-}"
# Two appliances at a time.
export -f run_prep run_config prep_commands make_guests insp_debian_image \
    insp_windows_image insp_fedora_tar insp_lvm_commands insp_mkfs insp_pe \
    insp_elf_aarch64 insp_hives insp_uninstall
export INSP_ROOT_UUID INSP_HIVE
export scratch
sort "$scratch/groups" | xargs -P 2 -I{} bash -c 'run_prep "$1"' _ {}
while read -r name; do
    check_test "$name"
done < "$scratch/order"
done_testing
