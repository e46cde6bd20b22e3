#!/bin/sh
# disable-service.sh -- disable and mask a systemd unit offline.
#
# Usage: disable-service.sh IMAGE UNIT
#   UNIT is a unit name such as "ssh" or "cups.socket" (".service" is
#   added when there is no suffix).  Like "systemctl disable" followed
#   by "systemctl mask" on a guest that is shut down: removes the
#   unit's links from every /etc/systemd/system/*.wants and
#   *.requires directory, printing each one, and links
#   /etc/systemd/system/UNIT to /dev/null so that nothing starts it.
#
# Example:
#   $ ./disable-service.sh debian.img ssh
#   /etc/systemd/system/multi-user.target.wants/ssh.service
#
# Exit status: 0, or 1 on failure or a bad unit name.
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
if [ $# -ne 2 ]; then
    echo "usage: $0 IMAGE UNIT" >&2
    exit 1
fi
unit=$2
if ! expr "x$unit" : 'x[A-Za-z0-9@_:.-][A-Za-z0-9@_:.-]*$' >/dev/null; then
    echo "$0: bad unit name: $unit" >&2
    exit 1
fi
case $unit in
    *.service|*.socket|*.timer|*.path|*.target|*.mount) ;;
    *) unit=$unit.service ;;
esac
s=/etc/systemd/system
# glob-expand prints the links it finds; a glob that matches nothing
# stays as it is and rm-f ignores a missing file.
guestfish -a "$1" -i <<EOF2
glob-expand $s/*.wants/$unit
glob-expand $s/*.requires/$unit
glob rm-f $s/*.wants/$unit
glob rm-f $s/*.requires/$unit
ln-sf /dev/null $s/$unit
EOF2
