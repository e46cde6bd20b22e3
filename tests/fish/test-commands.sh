#!/bin/bash
# guestkit — guestfish's shell commands: edit/vi/emacs, more/less,
# display, hexedit (host programs replaced by stub scripts), glob,
# event/list-events/delete-event, reopen, copy-in/copy-out, supported,
# echo, lcd, time, setenv/unsetenv, alloc/sparse.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
require_appliance

cd "$scratch" || exit 1
mkdir bin tmp ci ci/d co
export TMPDIR=$scratch/tmp PATH=$scratch/bin:$PATH
unset EDITOR PAGER HEXEDITOR GUESTFISH_DISPLAY_IMAGE
echo one > ci/one
echo two > ci/d/two
head -c 1048576 /dev/zero > big

# stub NAME BODY: a host program for guestfish to run.
stub () {
    printf '#!/bin/sh\n%s\n' "$2" > "bin/$1"
    chmod +x "bin/$1"
}
stub ed-sed 'stat -c "perm %a" "$1" "${1%/*}" >> "$TMPDIR/../perm.log"
sed -i s/hello/HELLO/ "$1"'
stub ed-fail 'echo garbage > "$1"; exit 3'
stub vi 'echo by-vi >> "$1"'
stub emacs '[ "$1" = -nw ] && echo by-emacs >> "$2"'
stub mypager 'echo "pager: $(cat "$1")"'
stub less 'echo "less: $(cat "$1")"'
stub display 'echo "display: $(cat "$1")"'
stub viewer 'echo "viewer: $(cat "$1")"'
stub hexedit 'printf Z | dd of="$1" bs=1 seek=0 conv=notrunc 2>/dev/null'
stub hexflip 'printf Q | dd of="$1" bs=1 seek=1 conv=notrunc 2>/dev/null'
stub hexgrow 'echo more >> "$1"'

# Session 1: everything on one appliance.  '-' marks the commands
# that must fail (their errors go to err1).
guestfish > out1 2> err1 <<'EOF'
sparse disk.img 64M
alloc full.img 1M
echo a "b c"  d
time echo timed
setenv GREETING "a b"
!echo "[$GREETING]"
unsetenv GREETING
!echo "[${GREETING-unset}]"
-lcd /nonexistent
event cl close "echo closed: $EVENT $#"
event pr progress "echo progress: $3/$4 $EVENT"
event "" trace,enter true
event tr trace "echo trace: $1"
event all * true
-event bad close,bogus true
-event bad close
list-events | sed 's/^/le1 /'
delete-event ""
delete-event all
-delete-event nosuch
list-events | sed 's/^/le2 /'
run
list-devices
blockdev-getsize64 /dev/sdb
part-disk /dev/sda mbr
mkfs ext4 /dev/sda1
mount /dev/sda1 /
upload big /big
set-trace true
ping-daemon
set-trace false
delete-event pr
delete-event tr
# edit: a new file replaces the old one, with its attributes
mkdir /e
write /e/f "hello world\n"
chmod 0640 /e/f
chown 12 34 /e/f
setxattr user.foo bar 3 /e/f
setxattr security.selinux system_u:object_r:etc_t:s0 26 /e/f
ln-s f /e/link
statns /e/f | grep '^st_ino:' | sed 's/^/e-before /'
setenv EDITOR ed-sed
edit /e/link
cat /e/f
statns /e/f | grep -E '^st_(ino|mode|uid|gid):' | sed 's/^/e-after /'
lgetxattrs /e/f | grep attrval | sed 's/^/e-xattr /'
is-symlink /e/link
ls /e
# edit: unchanged bytes upload nothing
statns /e/f | grep -E '^st_(ino|mtime_sec|mtime_nsec):' | paste -sd' ' | sed 's/^/u-before /'
setenv EDITOR true
edit /e/f
setenv EDITOR "sed -i s/nomatch/x/"
edit /e/f
statns /e/f | grep -E '^st_(ino|mtime_sec|mtime_nsec):' | paste -sd' ' | sed 's/^/u-after /'
setenv EDITOR ed-fail
-edit /e/f
-edit /e/nope
cat /e/f | sed 's/^/fe /'
unsetenv EDITOR
vi /e/f
emacs /e/f
cat /e/f | sed 's/^/ve /'
# more, less, display
setenv PAGER mypager
more /e/f
less /e/f
display /e/f
setenv GUESTFISH_DISPLAY_IMAGE viewer
display /e/f
-more /e/nope
# hexedit
write /h 0123456789
hexedit /h
setenv HEXEDITOR hexflip
hexedit /h 4 3
cat /h | sed 's/^/h1 /'
echo
hexedit /dev/sdb 0x100 0x10
pread-device /dev/sdb 3 0x100 | tr '\000' . | sed 's/^/hd /'
echo
setenv HEXEDITOR true
hexedit /h 2
setenv HEXEDITOR hexgrow
-hexedit /h
-hexedit /h 20 1
-hexedit /dev/sda
-hexedit /h 1 2 3
cat /h | sed 's/^/h2 /'
echo
# glob
mkdir /g
touch /g/a1
touch /g/a2
mkdir /g/b
write /g/c see
glob echo /g/a* x /g/{b,a2}
glob echo /g/z*
glob echo /dev/sd?1
-glob cat /g/*
echo
# copy-in, copy-out, lcd
mkdir /ci
copy-in ci/one ci/d /ci
find /ci | sed 's/^/ci /'
-copy-in ci/one /nonexistent
-copy-in ci/one
copy-out /ci/one /ci/d co
!cat co/one co/d/two
-copy-out /ci/nope /ci/one co
lcd co
copy-out /e/f .
!cat f
lcd ..
# supported
supported | sed 's/^/sup|/'
available-all-groups | wc -l | sed 's/^/groups /'
EOF
status=$?
check_eq "session 1 exits 0" 0 "$status"
[ "$status" = 0 ] || sed 's/^/# /' err1

# line PREFIX: the output lines starting with PREFIX, prefix removed.
line () { sed -n "s/^$1//p" out1; }
has () { grep -qxF -- "$1" out1; }
err () { grep -qF -- "$1" err1; }

# echo, time, setenv, unsetenv, lcd
check "echo joins its arguments" has "a b c d"
check "time runs the command" has "timed"
check "time prints the elapsed time" \
    grep -qxE 'elapsed time: [0-9]+\.[0-9]{2} seconds' out1
check "setenv sets a variable" has "[a b]"
check "unsetenv removes it" has "[unset]"
check "lcd to a missing directory fails" err "lcd: /nonexistent: No such file"

# alloc, sparse
check_eq "sparse and alloc add drives" "/dev/sda
/dev/sdb" "$(sed -n '/^\/dev\/sd[ab]$/p' out1)"
check "alloc makes a file of the size" has 1048576
check "alloc allocates the file" test "$(stat -c %b full.img)" -ge 2048
check "sparse makes a sparse file" \
    test "$(stat -c %s disk.img)" = 67108864 -a "$(stat -c %b disk.img)" -lt 65536

# events
check_eq "list-events" '"cl" (0): close: echo closed: $EVENT $#
"pr" (1): progress: echo progress: $3/$4 $EVENT
"" (2): trace,enter: true
"tr" (3): trace: echo trace: $1
"all" (4): *: true' "$(line 'le1 ')"
check "event rejects an unknown event name" err "event: unknown event name 'bogus'"
check "event needs three arguments" err "event: wrong number of arguments"
check_eq "delete-event removes by name" '"cl" (0): close: echo closed: $EVENT $#
"pr" (1): progress: echo progress: $3/$4 $EVENT
"tr" (3): trace: echo trace: $1' "$(line 'le2 ')"
check "delete-event of an unknown name fails" err "delete-event: nosuch: no such event handler"
check "progress events run the script with their numbers" \
    has "progress: 1048576/1048576 progress"
check "trace events pass the message" grep -q '^trace: ping_daemon' out1
check_eq "only deleted handlers stop" 0 \
    "$(sed -n '/^e-before/,$p' out1 | grep -c -e '^trace:' -e '^progress:')"
check_eq "the close event runs at exit, last" "closed: close 0" "$(tail -n1 out1)"

# edit
before=$(line 'e-before st_ino: ')
check "edit writes a new file" test -n "$before" -a "$before" != "$(line 'e-after st_ino: ')"
check_eq "edit keeps mode and owner" "st_mode: 33184
st_uid: 12
st_gid: 34" "$(line 'e-after ' | grep -v ino)"
check_eq "edit keeps extended attributes" "attrval: bar
attrval: system_u:object_r:etc_t:s0" "$(line 'e-xattr ' | sed 's/^ *//')"
check "edit changes the symlink's target" has "HELLO world"
check_eq "the symlink stays, no temporary file is left" "true
f
link" "$(sed -n '/^e-xattr/,/^u-before/p' out1 | grep -vE '^(e-xattr|u-before)')"
check_eq "the local copy is private" "perm 600
perm 700" "$(cat perm.log)"
check "nothing is left in TMPDIR" test -z "$(ls tmp | grep guestfish)"
check_eq "unchanged bytes upload nothing (same inode and mtime)" \
    "$(line 'u-before ')" "$(line 'u-after ')"
check "a failing editor is reported" err "edit: 'ed-fail' failed with exit status 3"
check "a missing file is reported" err "realpath: /e/nope: No such file"
check_eq "a failing editor uploads nothing" "HELLO world" "$(line 'fe ')"
check_eq "vi and emacs run those editors" "HELLO world
by-vi
by-emacs" "$(line 've ')"

# more, less, display
check "more runs \$PAGER" has "pager: HELLO world"
check "less runs less" has "less: HELLO world"
check "display runs display by default" has "display: HELLO world"
check "display runs \$GUESTFISH_DISPLAY_IMAGE" has "viewer: HELLO world"
check "more of a missing file fails" err "download: /e/nope: No such file"

# hexedit
check_eq "hexedit writes back at the offset" "Z1234Q6789" "$(line 'h1 ')"
check_eq "hexedit edits a device range" ".Q." "$(line 'hd ')"
check "hexedit reports an unchanged range" has "File not changed."
check "hexedit refuses a length change" err "hexedit: the editor changed the length"
check "hexedit rejects a range past the end" err "hexedit: /h: invalid range"
check "hexedit needs a range over 16M" err "hexedit: /dev/sda is larger than 16M"
check "hexedit takes at most three arguments" err "hexedit: wrong number of arguments"
check_eq "failed hexedits write nothing" "Z1234Q6789" "$(line 'h2 ')"

# glob
check_eq "glob runs the Cartesian product" "/g/a1 x /g/b
/g/a1 x /g/a2
/g/a2 x /g/b
/g/a2 x /g/a2" "$(grep '^/g/a. x ' out1)"
check "a pattern matching nothing stays" has "/g/z*"
check "glob expands device names" has "/dev/sda1"
check "a failing run does not stop glob" has "see"
check "the failing run is reported" grep -q '^libguestfs: error: .*/g/b' err1

# copy-in, copy-out
check_eq "copy-in copies several sources" "d
d/two
one" "$(line 'ci ')"
check "copy-in to a missing directory fails" err "/nonexistent: not a directory"
check "copy-in needs a directory" err "copy-in: wrong number of arguments"
check "copy-out copies several sources" has "two"
check "copy-out stops at a missing source" err "/ci/nope: not a file or directory"
check "lcd changes the local directory" test -f co/f

# supported
groups=$(line 'groups ')
check_eq "supported lists every group" "$groups" "$(line 'sup|' | wc -l)"
check "supported says yes and no" \
    test "$(line 'sup|' | grep -cE '^ *[a-z0-9]+ (yes|no)$')" = "$groups"
check "supported right-aligns the names" \
    test "$(line 'sup|' | awk '{print length($0) - length($2)}' | sort -u | wc -l)" = 1
check "lvm2 is supported" grep -qE '^sup\| *lvm2 yes$' out1
check "libyara is not" grep -qE '^sup\| *libyara no$' out1

# Session 2: reopen keeps guestfish's settings and drops the handlers;
# a failing glob run fails the script.
out=$(guestfish -a disk.img 2>&1 <<'EOF'
event cl close "echo closed-old"
set-autosync false
set-pgroup true
reopen
list-events
get-autosync
get-pgroup
add disk.img readonly:true format:raw
run
mount-ro /dev/sda1 /
cat /e/f
glob cat /g/*
echo not-reached
EOF
)
status=$?
check_eq "reopen: closes the old handle, keeps the settings, no drives" \
    "closed-old
false
true
HELLO world
by-vi
by-emacs" "$(head -n6 <<<"$out")"
check "glob fails if a run failed" test "$status" = 1
check "the later runs still happened" grep -qx see <<<"$out"
check "the script stopped after glob" test "$(grep -c not-reached <<<"$out")" = 0

# Usage errors, before any launch.
for c in "edit" "edit a b" "more" "display" "glob" "event a b" "list-events x" \
         "delete-event" "reopen x" "supported x" "copy-out /x"; do
    out=$(guestfish -- $c 2>&1)
    check "'$c' is a usage error" test $? = 1 -a -n "$out"
done
out=$(guestfish -- supported 2>&1)
check "supported needs a launched handle" test $? = 1 -a -n "$out"
done_testing
