#!/bin/bash
# guestkit — guestfish --listen / --remote: a listener that launched for
# -N and -m runs commands sent with --remote (output, pipes, standard
# input, exit status, exit on error, exit), refuses other users and bad
# requests, and reports a missing listener.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
require_appliance

dir=/tmp/.guestfish-$(id -u)
listeners=()
cleanup () {
    local p
    for p in "${listeners[@]}"; do kill "$p" 2>/dev/null; done
    rm -rf "$scratch"
}
trap cleanup EXIT

# start_listener ERRFILE [OPTIONS...]: sets GUESTFISH_PID.
start_listener () {
    local out
    GUESTFISH_PID=
    out=$(guestfish --listen "${@:2}" 2>"$1") || return 1
    eval "$out"
    listeners+=("$GUESTFISH_PID")
}

# gone PID: the process ended (or is a zombie), within 10 seconds.
gone () {
    local i s
    for i in $(seq 100); do
        s=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
        [ "${s#Z}" != "$s" ] && return 0
        sleep 0.1
    done
    return 1
}

# grep_wait PATTERN FILE: FILE matches within 5 seconds.
grep_wait () {
    local i
    for i in $(seq 50); do
        grep -q "$1" "$2" && return 0
        sleep 0.1
    done
    return 1
}

#-- A listener that prepares and mounts a disk

img=$scratch/disk.img
out=$(guestfish --listen -N "$img=fs:ext4:64M" -m /dev/sda1 \
      2>"$scratch/a.err")
check "--listen prints the Bourne shell assignment" \
      grep -qx 'GUESTFISH_PID=[0-9]*; export GUESTFISH_PID' <<<"$out"
eval "$out"
pid=$GUESTFISH_PID
listeners+=("$pid")
check_eq "the socket directory is ours and private" "700 $(id -u) directory" \
         "$(stat -c '%a %u %F' "$dir")"
check "the socket exists when --listen returns" test -S "$dir/socket-$pid"

out=$(guestfish --remote -- write /hello "hello world" : mounts : \
      cat /hello)
check_eq "several commands in one --remote" "/dev/sda1
hello world" "$out"
out=$(guestfish --remote="$pid" cat /hello | tr a-z A-Z)
check_eq "output through a pipe, with --remote=PID" "HELLO WORLD" "$out"
echo "from stdin" | guestfish --remote upload - /up
check_eq "a command reads the client's standard input" "from stdin" \
         "$(guestfish --remote cat /up)"

out=$(printf '%s\n' 'ls /' '-cat /missing' 'cat /hello | tr a-z A-Z' \
      'exists /up' | guestfish --remote 2>"$scratch/c.err")
rc=$?
check_eq "commands from stdin: a '-' failure, a pipe" "hello
lost+found
up
HELLO WORLD
true" "$out"
check_eq "... exit status 0: the failure was ignored" 0 "$rc"
check "the error went to the client's stderr" \
      grep -q 'cat: /missing: No such file or directory' "$scratch/c.err"
guestfish --remote -- -cat /missing 2>/dev/null
check_eq "-cmd on the command line: exit status 0" 0 "$?"
check "the listener is still there" test -S "$dir/socket-$pid"

guestfish --remote exit
check_eq "exit: exit status 0" 0 "$?"
check "exit removes the socket at once" test ! -e "$dir/socket-$pid"
check "the listener ends" gone "$pid"
dd if="$img" of="$scratch/part.img" bs=1M skip=1 status=none
check_eq "the disk was synced before exit returned" "hello world" \
         "$(debugfs -R 'cat /hello' "$scratch/part.img" 2>/dev/null)"
check "the listener's own stderr stayed quiet" test ! -s "$scratch/a.err"
out=$(guestfish --remote echo hi 2>&1)
rc=$?
check "no listener: the error names the PID" \
      grep -q "no guestfish is listening as process $pid" <<<"$out"
check_eq "... exit status 1" 1 "$rc"

#-- A failing command stops the listener (exit on error)

start_listener "$scratch/b.err"
pid=$GUESTFISH_PID
check_eq "a listener without drives answers" "still here" \
         "$(guestfish --remote echo still here)"
out=$(timeout 120 guestfish --remote run)
check_eq "a=\$(guestfish --remote run) returns (no hang)" "0 " "$? $out"
guestfish --remote cat /x 2>"$scratch/b2.err"
check_eq "a failing command: exit status 1" 1 "$?"
check "... its error is printed by the client" grep -q "cat" "$scratch/b2.err"
check "... and the listener exits" gone "$pid"
check "... removing its socket" test ! -e "$dir/socket-$pid"

start_listener "$scratch/t.err"
pid=$GUESTFISH_PID
kill -TERM "$pid"
check "SIGTERM ends the listener" gone "$pid"
check "... removing its socket" test ! -e "$dir/socket-$pid"
check "... saying so" grep -q "stopped by signal" "$scratch/t.err"

#-- csh, option errors

out=$(SHELL=/bin/tcsh guestfish --listen 2>/dev/null)
check "SHELL=tcsh: setenv form" grep -qx 'setenv GUESTFISH_PID [0-9]*' <<<"$out"
listeners+=("${out##* }")
guestfish --remote="${out##* }" exit
out=$(SHELL=/bin/bash guestfish --listen --csh 2>/dev/null)
check "--csh: setenv form" grep -qx 'setenv GUESTFISH_PID [0-9]*' <<<"$out"
listeners+=("${out##* }")
guestfish --remote="${out##* }" exit

out=$(guestfish --listen -a "$scratch/missing.img" 2>/dev/null)
check_eq "--listen with a bad drive: exit status 1" 1 "$?"
check_eq "... and no GUESTFISH_PID" "" "$out"

expect_one_line_error "--remote=0 is refused" "'0' is not a process ID" \
             guestfish --remote=0 echo x
expect_one_line_error "GUESTFISH_PID=12x is refused" "GUESTFISH_PID '12x'" \
             env GUESTFISH_PID=12x guestfish --remote echo x
expect_one_line_error "--remote without GUESTFISH_PID" "GUESTFISH_PID is not set" \
             env -u GUESTFISH_PID guestfish --remote echo x
expect_one_line_error "--remote with -a" "-a, -N and -m are not passed" \
             guestfish --remote=1 -a "$img" echo x
expect_one_line_error "--listen with commands" "takes no commands" \
             guestfish --listen echo x
expect_one_line_error "--listen with --remote" "cannot be used together" \
             guestfish --listen --remote=1
expect_one_line_error "a PID with no listener" "no guestfish is listening as process $$" \
             guestfish --remote=$$ echo x

#-- Bad requests (a hand-made client)

version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
          "$GUESTKIT_TOP_BUILDDIR/config.h")
# rpc KIND PID WORDS...: send a request (KIND spoils it), print the
# reply status, or "closed".
rpc () {
    python3 - "$@" <<'EOF'
import os, socket, struct, sys
kind, pid, words = sys.argv[1], sys.argv[2], sys.argv[3:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect("/tmp/.guestfish-%d/socket-%s" % (os.geteuid(), pid))
body = b"".join(w.encode() + b"\0" for w in words)
magic, fds, n, length = b"GFREMOT1", [0, 1, 2], len(words), len(body)
if kind == "magic": magic = b"GFREMOT9"
if kind == "nofds": fds = []
if kind == "twofds": fds = [0, 1]
if kind == "fourfds": fds = [0, 1, 2, 2]
if kind == "huge": length = 1 << 30
if kind == "words": n = len(words) + 1
if kind == "nonul": body = body[:-1]; length = len(body)
if kind == "short": body = body[:-2]
anc = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack("%di" % len(fds), *fds))]
sys.stdout.flush()
try:
    s.sendmsg([magic + struct.pack("=III", 0, n, length)], anc if fds else [])
    s.sendall(body)
    if kind == "short": s.shutdown(socket.SHUT_WR)
    r = s.recv(16)
except OSError:
    r = b""
print(struct.unpack("=i", r[8:12])[0] if len(r) == 16 else "closed")
EOF
}
if command -v python3 >/dev/null; then
    start_listener "$scratch/d.err"
    pid=$GUESTFISH_PID
    check_eq "a hand-made request runs" "hi
0" "$(rpc ok "$pid" "$version" echo hi)"
    out=$(rpc ok "$pid" 0.0.0 echo hi 2>"$scratch/v.err")
    check_eq "another version is refused" -1 "$out"
    check "... saying so" grep -q "versions must match" "$scratch/v.err"
    nfds=$(ls /proc/"$pid"/fd | wc -l)
    for kind in magic nofds twofds fourfds huge words nonul short; do
        check_eq "bad request ($kind): connection closed" closed \
                 "$(rpc "$kind" "$pid" "$version" echo hi 2>/dev/null)"
    done
    check_eq "the listener survives bad requests" "after" \
             "$(guestfish --remote echo after)"
    check "... and names them on its stderr" \
          grep -q "invalid request header" "$scratch/d.err"
    check_eq "... and keeps no descriptor of theirs" "$nfds" \
             "$(ls /proc/"$pid"/fd | wc -l)"
    guestfish --remote exit
else
    ok 0 "bad requests # SKIP python3 is not installed"
fi

#-- Another user

nobody () {
    setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/ "$@"
}
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
       nobody guestfish --version >/dev/null 2>&1; then
    out=$(nobody guestfish --listen 2>"$scratch/n.err")
    eval "$out"
    pid=$GUESTFISH_PID
    listeners+=("$pid")
    # Lead root's client to the listener of uid 65534 with a symlink.
    ln -sf "/tmp/.guestfish-65534/socket-$pid" "$dir/socket-$pid"
    out=$(guestfish --remote="$pid" echo hi 2>&1)
    check "the client refuses a listener of another user" \
          grep -q "refusing a connection .* another user (uid 65534)" <<<"$out"
    check "the listener refuses a client of another user" \
          grep_wait "refusing a connection .* another user (uid 0)" \
          "$scratch/n.err"
    rm -f "$dir/socket-$pid"
    check_eq "the listener's own user is served" hi \
             "$(nobody guestfish --remote="$pid" echo hi)"
    chmod 0755 /tmp/.guestfish-65534
    out=$(nobody guestfish --remote="$pid" echo hi 2>&1)
    chmod 0700 /tmp/.guestfish-65534
    check "a socket directory open to others is refused" \
          grep -q "with mode 0700; refusing" <<<"$out"
    nobody guestfish --remote="$pid" exit
else
    ok 0 "another user # SKIP not root, or no setpriv"
fi

done_testing
