#!/bin/bash
# guestkit — guestfish at a real terminal (tmux): the banner and the
# "><fs> " prompt, tab completion of command names, devices, guest
# paths (directories end in '/'), local files, silent completion
# errors, progress bars by default, keys read with echo off (on with
# --echo-keys), history kept across sessions in ~/.guestfish (bounded),
# and ^D leaving with status 0.  One appliance launch.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
require_appliance
command -v tmux > /dev/null || skip_all "tmux is not installed"

export HOME=$scratch/home
mkdir "$HOME"
sock=$scratch/tmux
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$scratch"' EXIT

T () { tmux -S "$sock" "$@"; }
screen () { T capture-pane -p -N -t fish; }
# wait_for ERE [SECONDS]: until a line of the screen matches.
wait_for () {
    local i
    for ((i = 0; i < ${2:-20} * 5; i++)); do
        screen | grep -qE -- "$1" && return 0
        sleep 0.2
    done
    echo "# timed out waiting for: $1"; screen | grep -v '^$' | sed 's/^/#   /'
    return 1
}
# start ARGS...: guestfish ARGS in a fresh 200x50 terminal (with
# $PS1_ENV, the GUESTFISH_PS1 to give it).
start () {
    T kill-session -t fish 2>/dev/null
    T new-session -d -s fish -x 200 -y 50 \
        "GUESTKIT_PROGRESS_DELAY=0 ${PS1_ENV:+GUESTFISH_PS1='$PS1_ENV'} guestfish $*; echo EXIT=\$?; sleep 600"
}
keys () { T send-keys -t fish "$@"; }
# run_line LINE MARK [SECONDS]: run LINE, then wait for "echo MARK".
run_line () { keys "$1" Enter "echo $2" Enter; wait_for "^$2\$" "${3:-60}"; }

# No banner when commands are given or stdin is not a terminal.
check_eq "no banner with commands" x "$(guestfish echo x)"
check_eq "no banner from a pipe" x "$(echo 'echo x' | guestfish)"

truncate -s 128M "$scratch/d.img"
touch "$scratch/local-file-abc"
start -a "$scratch/d.img"
check "the prompt" wait_for '^><fs> $' 30
check "the banner" wait_for '^Welcome to guestfish, the guest filesystem shell for$'
check "... help, man, quit" test "$(screen | grep -cE "^(Type: |      )'(help|man|quit)'")" = 3

keys "list-dev" Tab
check "completes a command name" wait_for '^><fs> list-devices $'
keys C-u "help list-part" Tab
check "completes a command name after help" wait_for '^><fs> help list-partitions $'
keys C-u "mount /de" Tab
sleep 1
check "before launch, no guest names and no error" \
    test "$(screen | grep -cE '^><fs> mount /de *$|error')" = 1
keys C-u "upload $scratch/local-fi" Tab
check "completes a local file name (upload)" \
    wait_for "^><fs> upload $scratch/local-file-abc \$"

keys C-u
check "run" run_line run ran 120
keys "blockdev-getsize64 /dev/sd" Tab
check "completes a device" wait_for '^><fs> blockdev-getsize64 /dev/sda $'
keys Enter
check "... which runs" wait_for '^134217728$'
keys "mkfs ext2 /dev/sda" Enter "mount /dev/sda /" Enter "mkdir /tdir" Enter
check "set up a filesystem" run_line "touch /tfile" made
keys "ls /td" Tab
check "completes a guest directory with '/', no space" wait_for '^><fs> ls /tdir/$'
keys C-u "ls /t" Tab Tab
check "lists the guest choices" wait_for '^/tdir/ +/tfile *$'
keys C-u "ls /no-such-dir/x" Tab
sleep 1
check "completion errors are not printed" test "$(screen | grep -c error)" = 0

keys C-u
check "a long call draws a progress bar on the terminal" \
    run_line "fill 0x41 100M /big" filled 120
check "... that reaches 100%" wait_for '100% \[#+\] '
keys "luks-open /dev/sda c" Enter
check "a key is asked for" wait_for '^Enter key or passphrase \("key"\): $'
keys "hidden-key" Enter
check "... and used" wait_for 'luks_open: .*' 30
check "... without echo" test "$(screen | grep -c hidden-key)" = 0
check "the last line" run_line "echo last-one" marked
keys C-d
check "^D leaves with status 0" wait_for '^EXIT=0$' 60
check "history in ~/.guestfish" grep -qx "echo last-one" "$HOME/.guestfish"
check "... private" test "$(stat -c %a "$HOME/.guestfish")" = 600

# A second session: history is there, and bounded; --echo-keys; a
# prompt of one's own (GUESTFISH_PS1, with a non-printing sequence).
for ((i = 0; i < 600; i++)); do echo "echo old $i"; done >> "$HOME/.guestfish"
echo "echo newest" >> "$HOME/.guestfish"
PS1_ENV='\[\e[1m\]fs\\$\[\e[0m\] ' start --echo-keys
check "GUESTFISH_PS1 sets the prompt" wait_for '^fs\\\$ $' 30
keys Up
check "Up brings back the last line of the history" wait_for '^fs\\\$ echo newest$'
keys C-u "luks-open /dev/sda1 c" Enter
check "--echo-keys: asked" wait_for '^Enter key or passphrase \("key"\): $'
keys "shown-key" Enter
check "... and echoed" wait_for 'passphrase \("key"\): shown-key$'
keys "echo again" Enter quit Enter
check "quit leaves with status 0" wait_for '^EXIT=0$' 30
check "the history is bounded" test "$(wc -l < "$HOME/.guestfish")" -le 500
check_eq "... and keeps the newest" quit "$(tail -1 "$HOME/.guestfish")"
done_testing
