# guestkit — helpers for the block-layer tests.  Source it.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Needs qemu-img and qemu-io (qemu-utils) and python3; the tests skip
# without them.  $bt is the built blocktool.

. "$(dirname "$0")/../functions.sh"

name=$(basename "$0" .sh | tr 'a-z-' 'A-Z_')
var="SKIP_${name}"
[ "${!var:-}" = 1 ] && skip_all "$var=1"
for p in qemu-img qemu-io python3; do
    command -v $p >/dev/null || skip_all "$p is not installed"
done
bt=${GUESTKIT_TOP_BUILDDIR:-$(dirname "$0")/../..}/tests/block/blocktool
[ -x "$bt" ] || skip_all "blocktool is not built"
cd "$scratch"

# Sanitizer builds reserve terabytes of address space: no ulimit -v.
if grep -q __asan_init "$bt" 2>/dev/null; then asan=1; else asan=0; fi

# bounded CMD...: CMD under a 10 s timeout and (unless ASan) 512 MiB
# of address space; stderr to $scratch/err.  Its exit status.
bounded () {
    (
        [ "$asan" = 1 ] || ulimit -v 524288
        exec timeout 10 "$@"
    ) 2>"$scratch/err"
}

# poke FILE OFFSET FORMAT VALUE: overwrite bytes (python struct FORMAT,
# e.g. '>I' for a big-endian 32-bit word).
poke () {
    python3 - "$@" <<'EOF'
import struct, sys
f, off, fmt, val = sys.argv[1], int(sys.argv[2], 0), sys.argv[3], sys.argv[4]
with open(f, 'r+b') as fh:
    fh.seek(off)
    fh.write(struct.pack(fmt, int(val, 0)))
EOF
}

# peek FILE OFFSET FORMAT: print the value there.
peek () {
    python3 - "$@" <<'EOF'
import struct, sys
f, off, fmt = sys.argv[1], int(sys.argv[2], 0), sys.argv[3]
with open(f, 'rb') as fh:
    fh.seek(off)
    print(struct.unpack(fmt, fh.read(struct.calcsize(fmt)))[0])
EOF
}

# mkdata FILE MIB SEED: deterministic content that compresses in part:
# random bytes, text, zeros, a repeated pattern, in 256 KiB pieces.
mkdata () {
    python3 - "$@" <<'EOF'
import random, sys
f, mib, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = random.Random(seed)
piece = 256 * 1024
with open(f, 'wb') as fh:
    for i in range(mib * 4):
        k = r.randrange(4)
        if k == 0:
            fh.write(r.randbytes(piece))
        elif k == 1:
            fh.write(''.join(r.choices('abcdefgh \n', k=piece)).encode())
        elif k == 2:
            fh.write(bytes(piece))
        else:
            fh.write(bytes([i % 251]) * piece)
EOF
}

# same_as_qemu DESC IMG [BLOCKTOOL OPTIONS]: blocktool cat equals
# qemu-img convert -O raw, byte for byte.
same_as_qemu () {
    local desc=$1 img=$2
    shift 2
    rm -f "$scratch/want.raw"
    qemu-img convert -O raw "$img" "$scratch/want.raw" &&
        "$bt" cat "$@" "$img" >"$scratch/got.raw" &&
        cmp -s "$scratch/want.raw" "$scratch/got.raw"
    ok $? "$desc"
}

# rw_check DESC IMG SEED OPS [BLOCKTOOL OPTIONS]: random writes through
# blocktool (mirrored into a raw copy of the disk), then qemu-img check
# finds no errors and no leaks, and qemu-img compare says identical.
rw_check () {
    local desc=$1 img=$2 seed=$3 ops=$4 out
    shift 4
    rm -f "$scratch/mirror.raw"
    qemu-img convert -O raw "$img" "$scratch/mirror.raw" || { ok 1 "$desc"; return; }
    if ! "$bt" rw --format qcow2 "$img" --mirror "$scratch/mirror.raw" \
         --seed "$seed" --ops "$ops" "$@" 2>"$scratch/rw.err"; then
        cat "$scratch/rw.err" | sed 's/^/# /'
        ok 1 "$desc: blocktool rw"
        return
    fi
    ok 0 "$desc: blocktool rw"
    out=$(qemu-img check "$img" 2>&1)
    check_rc=$?
    if [ $check_rc = 0 ] && grep -q "No errors were found" <<<"$out" &&
       ! grep -qi "leak" <<<"$out"; then
        ok 0 "$desc: qemu-img check: no errors, no leaks"
    else
        ok 1 "$desc: qemu-img check: no errors, no leaks"
        sed 's/^/# /' <<<"$out"
    fi
    out=$(qemu-img compare -f qcow2 -F raw "$img" "$scratch/mirror.raw" 2>&1)
    check_eq "$desc: qemu-img compare" "Images are identical." "$out"
}
