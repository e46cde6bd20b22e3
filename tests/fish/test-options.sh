#!/bin/bash
# guestkit — guestfish's options as libguestfs's guestfish has them:
# -V, --help, -h [CMD], -x, -v, -n, --ro/-w, -f scripts and exit
# statuses, --pipe-error, --keys-from-stdin (on a real LUKS volume) and
# --[no-]progress-bars.  Two appliance launches.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
# Progress bars appear at once, whatever the speed of the machine.
export GUESTKIT_PROGRESS_DELAY=0

# status DESC EXPECTED COMMAND...: the exit status of COMMAND (stdin
# from /dev/null, output in $scratch/out and $scratch/err).
status () {
    local desc=$1 want=$2 got
    shift 2
    "$@" > "$scratch/out" 2> "$scratch/err" < /dev/null
    got=$?
    check_eq "$desc: exit status" "$want" "$got"
}

#-- No appliance needed --

status "-V" 0 guestfish -V
check "-V prints 'guestfish MAJOR.MINOR.RELEASE'" \
    grep -qxE 'guestfish [0-9]+\.[0-9]+\.[0-9]+.*' "$scratch/out"
status "--version" 0 guestfish --version
status "--help" 0 guestfish --help
for opt in --keys-from-stdin --echo-keys --pipe-error --progress-bars \
           --no-progress-bars -x --ro --rw --no-sync --cmd-help; do
    check "--help mentions $opt" grep -q -- "$opt" "$scratch/out"
done
status "-h" 0 guestfish -h
check "-h lists the commands" grep -qE '^list-devices +list the block devices' "$scratch/out"
status "-h CMD" 0 guestfish -h luks-open
check "-h luks-open: the key is not on the command line" \
    grep -qx ' *luks-open device mapname' "$scratch/out"
status "--cmd-help=CMD" 0 guestfish --cmd-help=mount
check "--cmd-help=mount shows mount's synopsis" grep -qx ' *mount mountable mountpoint' "$scratch/out"
status "-h unknown command" 1 guestfish -h no-such-command
status "unknown option" 1 guestfish --no-such-option

out=$(guestfish -x echo a : echo "b c" 2>&1)
check_eq "-x echoes each command before running it" $'echo a\na\necho b c\nb c' "$out"
out=$(echo 'echo hi' | guestfish -x 2>&1)
check_eq "-x in a script" $'echo hi\nhi' "$out"
check_eq "-v turns on verbose messages" true "$(guestfish -v get-verbose 2>/dev/null)"
check_eq "-n turns off autosync" false "$(guestfish -n get-autosync)"
check_eq "autosync is on by default" true "$(guestfish get-autosync)"

# Exit statuses, scripts and their line numbers.
status "a failing command" 1 guestfish echo a : no-such-command : echo b
check_eq "... stops the commands after it" a "$(cat "$scratch/out")"
status "a failing command with '-'" 0 guestfish -- echo a : -no-such-command : echo b
cat > "$scratch/script" <<SCRIPT
#!$(command -v guestfish) -f
# a comment
echo one
echo "two
echo three
SCRIPT
chmod +x "$scratch/script"
status "-f script with a syntax error" 1 guestfish -f "$scratch/script"
check_eq "... runs up to the error" one "$(cat "$scratch/out")"
check "... names the script and line" grep -q "script:4: unterminated" "$scratch/err"
sed -i 's/"two/two/' "$scratch/script"
status "#! script run directly" 0 "$scratch/script"
check_eq "... runs every line" $'one\ntwo\nthree' "$(cat "$scratch/out")"
status "-f missing script" 1 guestfish -f "$scratch/nonexistent"

# Pipes: a failing pipeline is ignored, unless --pipe-error.
out=$(echo 'echo hi | false' | guestfish; echo "status $?")
check_eq "a failing pipeline does not fail the command" "status 0" "$out"
echo 'echo hi | false' | guestfish --pipe-error 2> "$scratch/err"
check_eq "--pipe-error: a failing pipeline fails the command" 1 "$?"
check "--pipe-error: one line naming the pipeline" \
    grep -qxE "guestfish: pipe command 'false' (failed with exit status 1|did not read all the output)" \
    "$scratch/err"  # which one depends on whether false exits before the write
out=$(echo 'echo hi | cat' | guestfish --pipe-error; echo "status $?")
check_eq "--pipe-error: a good pipeline" $'hi\nstatus 0' "$out"

# Keys: never on the command line; from stdin with --keys-from-stdin.
status "a key cannot be read without a terminal" 1 \
    setsid guestfish luks-open /dev/sda1 c
check "... says so in one line" grep -qx \
    'guestfish: cannot ask for the key "key": /dev/tty: .* (use --keys-from-stdin)' "$scratch/err"
status "--keys-from-stdin at end of input" 1 \
    guestfish --keys-from-stdin luks-open /dev/sda1 c
check "... says no key was given" grep -qx \
    'guestfish: no key "key" given: end of input' "$scratch/err"
out=$(printf -- '-luks-open /dev/sda1 c\nk1\necho after\n' |
      guestfish --keys-from-stdin 2>&1)
check "--keys-from-stdin: the line after the command is its key" \
    grep -q "launch" <<<"$out"
check "... and is not run as a command" grep -qx "after" <<<"$out"
check "... k1 was not run" test "$(grep -c k1 <<<"$out")" = 0

#-- With the appliance --
require_appliance

command -v cryptsetup >/dev/null || skip_all "cryptsetup not installed"
truncate -s 48M "$scratch/luks.img"
truncate -s 256M "$scratch/plain.img"
printf k1 | cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 \
    --pbkdf-force-iterations 1000 --key-file=- "$scratch/luks.img" ||
    skip_all "cannot make a LUKS image"

guestfish --keys-from-stdin --progress-bars --format=raw \
    -a "$scratch/luks.img" -a "$scratch/plain.img" \
    > "$scratch/out" 2> "$scratch/err" <<'SCRIPT'
run
luks-open /dev/sda c
k1
mkfs ext2 /dev/mapper/c
mount /dev/mapper/c /
write /secret hello
cat /secret
umount /
luks-close /dev/mapper/c
-luks-open /dev/sda d
wrong
echo wrong-key-done
mkfs ext2 /dev/sdb
mount /dev/sdb /
fill 0x41 160M /big
echo filled
-fill 0x41 1 /no/such/dir/f
SCRIPT
check_eq "--keys-from-stdin: LUKS opened, written, read back" 0 "$?"
check_eq "... stdout" $'hello\nwrong-key-done\nfilled' "$(cat "$scratch/out")"
check "... a wrong key fails" grep -q "luks_open: No key available" "$scratch/err"
check "--progress-bars: a bar on stderr" \
    grep -qaE '[-|/] +[0-9]+% \[#*-+\] ([0-9]{2}|--):([0-9]{2}|--)' "$scratch/err"
check "... redrawn in place" grep -qa $'\r' "$scratch/err"
check "... that ends at 100%" grep -qaE '100% \[#+\] ' "$scratch/err"
check "... and errors still start their own line" \
    grep -qx 'libguestfs: error: fill: .*' "$scratch/err"

# --ro / -w, and no progress bars without a terminal.
guestfish --ro -a "$scratch/plain.img" -m /dev/sda : write /x y : echo no \
    > "$scratch/out" 2> "$scratch/err"
check_eq "--ro: writing fails" 1 "$?"
check "... read-only" grep -q "Read-only file system" "$scratch/err"
guestfish --ro -w -a "$scratch/plain.img" -m /dev/sda : write /x y : cat /x \
    : fill 0x42 160M /big > "$scratch/out" 2> "$scratch/err"
check_eq "-w after --ro: read-write again" 0 "$?"
check_eq "... wrote" y "$(cat "$scratch/out")"
check "no progress bars by default with commands on the command line" \
    test ! -s "$scratch/err"
done_testing
