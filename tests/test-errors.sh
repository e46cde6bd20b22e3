#!/bin/bash
# guestkit — bad input gives one clear line and a non-zero exit.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/functions.sh"

# expect_error DESC PATTERN COMMAND...: exits non-zero, prints exactly
# one line on stderr, matching PATTERN.
expect_error () {
    local desc=$1 pattern=$2 status
    shift 2
    "$@" > "$scratch/out" 2> "$scratch/err" < /dev/null
    status=$?
    if [ "$status" != 0 ] && [ "$(wc -l < "$scratch/err")" = 1 ] &&
       grep -qE -- "$pattern" "$scratch/err"; then
        ok 0 "$desc"
    else
        ok 1 "$desc"
        echo "# status $status, stderr:"; sed 's/^/#   /' "$scratch/err"
    fi
}

expect_error "missing image" "/no/such/image.img: No such file or directory" \
    guestfish -a /no/such/image.img run
expect_error "unknown command" "frobnicate: unknown command" \
    guestfish frobnicate
expect_error "unknown option" "guestfish: .*(unknown|unrecognized|invalid) option" \
    guestfish --no-such-option
expect_error "bad format" "format 'vmdk' is not supported" \
    guestfish --format=vmdk -a /dev/null run
expect_error "too many arguments" "mount" guestfish mount a b c
expect_error "command before launch" "call launch before using this function" \
    guestfish -- list-devices

if [ -r "${LIBGUESTFS_PATH:-}/kernel" ]; then
    truncate -s 32M "$scratch/d.img"
    expect_error "wrong device" "mount: /dev/sdz1: No such file or directory" \
        guestfish -a "$scratch/d.img" -m /dev/sdz1
    expect_error "relative guest path" "path must start with a / character" \
        guestfish -a "$scratch/d.img" run : cat etc/passwd
    expect_error "no root mounted" "mount' first" \
        guestfish -a "$scratch/d.img" run : cat /etc/passwd
    expect_error "the appliance's own disk is hidden" "/dev/sdb: No such file" \
        guestfish -a "$scratch/d.img" run : blockdev-getsize64 /dev/sdb
    start=$SECONDS
    expect_error "per-call deadline (GUESTKIT_CALL_TIMEOUT)" "timed out" \
        env GUESTKIT_CALL_TIMEOUT=2 guestfish -a "$scratch/d.img" run : sleep 60
    check "the deadline ended the call well before it would have" \
        test $((SECONDS - start)) -lt 40
else
    echo "# appliance not built: skipping the appliance checks"
fi
done_testing
