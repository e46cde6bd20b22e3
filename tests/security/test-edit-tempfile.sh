#!/bin/bash
# guestkit — security plan row 20: editing a guest file through a
# symbolic link, with guestfish `edit' and virt-edit.  The edited file
# (0600, root, extended attributes) keeps its mode, owner, group and
# attributes; the local copy the editor sees is a 0600 file in a
# private 0700 directory of $TMPDIR; and nothing is left in $TMPDIR
# afterwards, also when virt-edit gets SIGINT in the middle of the
# download or of the upload (it then dies by SIGINT and the guest file
# is unchanged).
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
require_appliance

cd "$scratch" || exit 1
mkdir -p tree/etc tmp
printf 'root:*:19000:0:99999:7:::\n' > tree/etc/shadow
head -c 150M /dev/zero > tree/big
truncate -s 400M disk.img
mkfs.ext4 -q -F -d tree disk.img

# The editor: records the mode of the file and of its directory, and
# where that directory is, then runs the command in $EDIT_CMD.
cat > editor <<'END_EDITOR'
#!/bin/bash
echo "$(stat -c %a "$1") $(stat -c %a "$(dirname "$1")") $(dirname "$(dirname "$1")")" >> "$EDIT_LOG"
eval "$EDIT_CMD"
END_EDITOR
chmod +x editor
export EDITOR=$scratch/editor EDIT_LOG=$scratch/log

# What guestfish shows of the attributes of /etc/shadow.
attrs="getxattrs /etc/shadow
statns /etc/shadow | grep -E '^st_(mode|uid|gid):'"
expected_attrs="[0] = {
  attrname: user.origin
  attrval: guest
}
st_mode: 33152
st_uid: 0
st_gid: 42"

# guestfish: the attributes, the link, then `edit' through the link.
EDIT_CMD='echo "by-guestfish" >> "$1"' TMPDIR=$scratch/tmp \
    guestfish -a disk.img -m /dev/sda > out 2>&1 <<'EOF'
chmod 0600 /etc/shadow
chown 0 42 /etc/shadow
setxattr user.origin guest 5 /etc/shadow
ln-s shadow /etc/shadow-link
edit /etc/shadow-link
EOF
check_eq "guestfish edit: exit status and output" "0 " "$? $(cat out)"
check_eq "guestfish edit: a 0600 file in a private 0700 directory of TMPDIR" \
    "600 700 $scratch/tmp" "$(cat log)"
check_eq "guestfish edit: nothing left in TMPDIR" "" "$(ls -A tmp)"

# virt-edit with the editor, through the link.
rm log
EDIT_CMD='echo "by-virt-edit" >> "$1"' TMPDIR=$scratch/tmp \
    virt-edit -a disk.img -m /dev/sda /etc/shadow-link > out 2>&1
check_eq "virt-edit: exit status and output" "0 " "$? $(cat out)"
check_eq "virt-edit: a 0600 file in a private 0700 directory of TMPDIR" \
    "600 700 $scratch/tmp" "$(cat log)"
check_eq "virt-edit: nothing left in TMPDIR" "" "$(ls -A tmp)"

# Run virt-edit in the background with the arguments given, its pid
# in the file pid, and wait for it: its exit status.
edit_bg () {
    TMPDIR=$scratch/tmp sh -c 'echo $$ > pid; exec virt-edit "$@"' sh \
        -a disk.img -m /dev/sda "$@" > out 2>&1 &
    local job=$!
    wait_for_download
    wait $job
}

# SIGINT in the middle of the download of /big: as soon as the local
# copy has its first bytes.
wait_for_download () {
    for _ in $(seq 6000); do
        if [ -n "$(find tmp -name file -size +0 2>/dev/null)" ]; then
            kill -INT "$(cat pid)"
            return
        fi
        sleep 0.01
    done
}
rm log
EDIT_CMD='echo changed > "$1"' timeout 60 bash -c "$(declare -f edit_bg wait_for_download); scratch=$scratch; edit_bg /big"
check_eq "SIGINT during the download: virt-edit dies by SIGINT" 130 $?
check_eq "SIGINT during the download: nothing left in TMPDIR" "" "$(ls -A tmp)"
check_eq "SIGINT during the download: the editor never ran" "" "$(cat log 2>/dev/null)"

# SIGINT in the middle of the upload: the editor adds 150 MiB to the
# file; the signal comes when virt-edit holds the local copy open with
# O_CLOEXEC (the upload; its own read of the file does not set it)
# and is 1 MB into it.
wait_for_download () {
    local fd flags pos p
    for _ in $(seq 6000); do
        p=$(cat pid)
        for fd in /proc/"$p"/fd/*; do
            [[ $(readlink "$fd" 2>/dev/null) == "$scratch"/tmp/*/file ]] ||
                continue
            flags=$(sed -n 's/^flags:\t*//p' "/proc/$p/fdinfo/${fd##*/}")
            pos=$(sed -n 's/^pos:\t*//p' "/proc/$p/fdinfo/${fd##*/}")
            if (( (8#${flags:-0} & 8#2000000) && ${pos:-0} > 1000000 )); then
                kill -INT "$p"
                return
            fi
        done
        sleep 0.01
    done
}
EDIT_CMD='head -c 150M /dev/zero >> "$1"' \
    timeout 60 bash -c "$(declare -f edit_bg wait_for_download); scratch=$scratch; edit_bg /etc/shadow"
check_eq "SIGINT during the upload: virt-edit dies by SIGINT" 130 $?
check_eq "SIGINT during the upload: the upload was cancelled" \
    "libguestfs: error: upload: operation cancelled by user" "$(cat out)"
check_eq "SIGINT during the upload: nothing left in TMPDIR" "" "$(ls -A tmp)"

# The guest after all that: the two edits, the attributes kept, no
# stray temporary file, /big unchanged.
out=$(guestfish --ro -a disk.img -m /dev/sda <<EOF 2>&1
cat /etc/shadow
$attrs
ls /etc
filesize /big
checksum md5 /big
EOF
)
check_eq "the guest: both edits, the attributes, no stray file" \
"root:*:19000:0:99999:7:::
by-guestfish
by-virt-edit

$expected_attrs
shadow
shadow-link
157286400
$(head -c 150M /dev/zero | md5sum | cut -d' ' -f1)" "$out"

done_testing
