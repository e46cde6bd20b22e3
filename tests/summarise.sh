#!/bin/bash
# guestkit — print the closing line CI reads ("N passed, N failed") from
# the automake TAP logs of a "make check" run.
# SPDX-License-Identifier: GPL-2.0-or-later
#   tests/summarise.sh [TESTS_DIR]
dir=${1:-tests}
pass=0 fail=0 skip=0
for trs in "$dir"/*.trs "$dir"/*/*.trs; do
    [ -e "$trs" ] || continue
    while read -r tag res _; do
        [ "$tag" = ":test-result:" ] || continue
        case $res in
        PASS|XFAIL) pass=$((pass + 1)) ;;
        SKIP) skip=$((skip + 1)) ;;
        *) fail=$((fail + 1)) ;;
        esac
    done < "$trs"
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
