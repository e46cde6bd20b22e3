# guestkit — helpers for shell tests (TAP output).  Source it.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Tests run under ./run --test, which puts the build tree's guestfish
# first on PATH and points LIBGUESTFS_PATH at the built appliance.

set -u
tap_n=0
tap_fail=0

# ok STATUS DESCRIPTION: one TAP line (STATUS 0 = pass).
ok () {
    tap_n=$((tap_n + 1))
    if [ "$1" = 0 ]; then
        echo "ok $tap_n - $2"
    else
        echo "not ok $tap_n - $2"
        tap_fail=$((tap_fail + 1))
    fi
}

# check DESCRIPTION COMMAND...: pass if the command succeeds.
check () {
    local desc=$1; shift
    if "$@"; then ok 0 "$desc"; else ok 1 "$desc"; fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq () {
    if [ "$2" = "$3" ]; then
        ok 0 "$1"
    else
        ok 1 "$1"
        printf '# expected: %q\n# actual:   %q\n' "$2" "$3"
    fi
}

# expect_one_line_error DESCRIPTION PATTERN COMMAND...: exit status 1
# and exactly one line of output (stdout and stderr), matching PATTERN.
expect_one_line_error () {
    local desc=$1 pattern=$2 out rc
    shift 2
    out=$("$@" 2>&1)
    rc=$?
    if [ "$rc" = 1 ] && [ "$(wc -l <<<"$out")" = 1 ] &&
           grep -q -- "$pattern" <<<"$out"; then
        ok 0 "$desc"
    else
        ok 1 "$desc"
        printf '# exit status %s, output: %s\n' "$rc" "$out"
    fi
}

skip_all () {
    echo "1..0 # SKIP $1"
    exit 0
}

done_testing () {
    echo "1..$tap_n"
    [ "$tap_fail" = 0 ]
}

# Skip if SKIP_TEST_<NAME>=1 or the appliance is not built.
require_appliance () {
    local name var
    name=$(basename "$0" .sh | tr 'a-z-' 'A-Z_')
    var="SKIP_${name}"
    [ "${!var:-}" = 1 ] && skip_all "$var=1"
    [ -r "${LIBGUESTFS_PATH:-}/kernel" ] || skip_all "appliance not built"
}

# A scratch directory removed at exit.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/guestkit-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
