#!/bin/bash
# guestkit — the handle settings of the "devices" area change what
# launch does: set_hv picks the QEMU binary, set_smp reaches -smp,
# set_tmpdir and XDG_RUNTIME_DIR place the private directories,
# get_pid names the hypervisor, set_pgroup gives it its own process
# group, set_network is refused, drive labels are listed, and the
# state calls follow launch.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/functions.sh"

# Before launch (no appliance needed).
out=$(guestfish is-config : is-ready : get-smp : set-smp 2 : get-smp \
      : set-smp 0 2>&1)
check_eq "state and smp before launch" \
    "true
false
1
2
libguestfs: error: set_smp: 0: out of range (1 to 255)" "$out"

out=$(guestfish set-identifier myid : set-trace true : get-smp 2>&1)
check "the identifier prefixes trace messages" \
    grep -q "^libguestfs: trace: myid: get_smp" <<<"$out"

out=$(LIBGUESTFS_BACKEND_SETTINGS=a:b=2::c guestfish get-backend-settings \
      : get-backend-setting b : get-backend-setting a 2>&1)
check_eq "backend settings from the environment" "a
b=2
c
2
1" "$out"

out=$(guestfish set-network true : run 2>&1)
check "launch refuses a network" grep -q "no network support" <<<"$out"

require_appliance

# A QEMU wrapper that records its arguments and its pid.
qemu=$(guestfish get-hv)
cat > "$scratch/qemu" <<EOS
#!/bin/bash
echo "\$\$" > "$scratch/qemu.pid"
printf '%s\n' "\$@" > "$scratch/qemu.args"
exec "$qemu" "\$@"
EOS
chmod +x "$scratch/qemu"
mkdir "$scratch/t" "$scratch/s" "$scratch/c"
truncate -s 64M "$scratch/d.img"

out=$(XDG_RUNTIME_DIR=$scratch/s guestfish <<EOS 2>&1
set-backend qemu
set-hv $scratch/qemu
set-smp 2
set-tmpdir $scratch/t
set-cachedir $scratch/c
set-pgroup true
add $scratch/d.img label:data
scratch 16M
run
is-config
is-ready
list-disk-labels
get-pid | sh -c 'read p; [ "\$p" = "\$(cat $scratch/qemu.pid)" ] && echo pid-ok'
get-pid | sh -c 'read p; [ "\$(ps -o pgid= -p \$p | tr -d " ")" = "\$p" ] && echo own-group'
EOS
)
check_eq "launch with the settings" "false
true
data: /dev/sda
pid-ok
own-group" "$out"
args=$(cat "$scratch/qemu.args" 2>/dev/null)
check "set_hv ran the wrapper" test -s "$scratch/qemu.args"
check "set_smp reached -smp" grep -qxF -- 2 <<<"$(grep -A1 -x -- -smp <<<"$args" | tail -n1)"
check "the scratch disk is under set_tmpdir" \
    grep -q "file.filename=$scratch/t/guestkit" <<<"$args"
check "the socket is under XDG_RUNTIME_DIR" \
    grep -q "path=$scratch/s/guestkit.*/sock" <<<"$args"
check "the private directories are gone after close" \
    test -z "$(ls -A "$scratch/t" "$scratch/s" | grep -v ":$" | grep .)"
check "the KVM verdict is cached under set_cachedir" \
    test -f "$scratch/c/.guestkit-$(id -u)/kvm-verdict"

out=$(guestfish -a "$scratch/d.img" <<EOS 2>&1
set-backend qemu
run
get-pid | sh -c 'read p; [ "\$(ps -o pgid= -p \$p | tr -d " ")" != "\$p" ] && echo same-group'
EOS
)
check_eq "without pgroup the hypervisor stays in our process group" \
    "same-group" "$out"
done_testing
