#!/bin/bash
# guestkit — virt-log on guests with a systemd journal: a Debian-like
# guest whose /var/log/journal holds a journal built on the host with
# systemd-journal-remote (four entries: a syslog identifier, a pid, a
# command name instead of an identifier, an escape sequence, a
# multi-line message, no name at all) next to a file of garbage, and
# a /var/log/syslog that the journal wins over; the output in two time
# zones; a guest whose journal directory holds only garbage.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../inspect-images.sh"
require_appliance

remote=/lib/systemd/systemd-journal-remote
[ -x "$remote" ] || skip_all "$remote not installed (systemd-journal-remote)"

cd "$scratch" || exit 1
mid=0123456789abcdef0123456789abcdef

# Export format: FIELD=value lines, or FIELD, a newline, the length
# (64-bit little-endian) and the bytes for binary values; a blank line
# ends an entry.
entry () {
    printf '__REALTIME_TIMESTAMP=%s000000\n__MONOTONIC_TIMESTAMP=%s\n' "$1" "$1"
    printf '_BOOT_ID=%s\n' "$mid"
}
{
    entry 1700000000
    printf 'SYSLOG_IDENTIFIER=kernel\nMESSAGE=Linux version 6.1\nPRIORITY=6\n\n'
    entry 1700000001
    printf 'SYSLOG_IDENTIFIER=sshd\n_PID=42\nMESSAGE=Accepted publickey\nPRIORITY=3\n\n'
    entry 1700000002
    printf '_COMM=cron\n_PID=7\nMESSAGE\n\x07\0\0\0\0\0\0\0a\x1b[31mb\n\n'
    entry 1700000003
    printf 'MESSAGE\n\x0b\0\0\0\0\0\0\0line1\nline2\n\n'
} > export.txt
mkdir -p jd/$mid
"$remote" -o jd/$mid/system.journal - < export.txt 2>/dev/null
check_eq "systemd-journal-remote made the test journal" 0 $?
head -c 65536 /dev/urandom > jd/$mid/bad.journal
head -c 65536 /dev/urandom > garbage.journal

# Two copies of the Debian-like guest (root /dev/sdX2): the journal in
# the first, only garbage in the second's.
insp_debian_image disk.img
cp --sparse=always disk.img bad.img
guestfish -a disk.img -a bad.img <<EOF
run
mount /dev/sda2 /
mkdir-p /var/log/journal
copy-in jd/$mid /var/log/journal
write /var/log/syslog "Jan  1 00:00:01 debby kernel: from syslog\n"
umount-all
mount /dev/sdb2 /
mkdir-p /var/log/journal/$mid
upload garbage.journal /var/log/journal/$mid/system.journal
EOF
check_eq "guestfish: the guests are written" 0 $?

expected="Nov 14 22:13:20 kernel: Linux version 6.1
Nov 14 22:13:21 sshd[42]: Accepted publickey
Nov 14 22:13:22 cron[7]: a\\x1b[31mb
Nov 14 22:13:23: line1
line2"
out=$(TZ=UTC LC_ALL=C virt-log -a disk.img 2>&1)
check_eq "virt-log: exit status and the journal (UTC)" "0 $expected" "$? $out"

out=$(TZ=XXX-2 LC_ALL=C virt-log --format=raw -a disk.img 2>&1 | head -2)
check_eq "virt-log: times in the local time zone (TZ=XXX-2)" \
    "Nov 15 00:13:20 kernel: Linux version 6.1
Nov 15 00:13:21 sshd[42]: Accepted publickey" "$out"

out=$(virt-log -a bad.img 2>&1)
check_eq "virt-log: a journal of garbage prints nothing" "0 " "$? $out"

done_testing
