#!/bin/bash
# guestkit — partial Linux boot under guestkit-vmm (slow: about a
# minute on emulated KVM; SKIP_TEST_VMM_LINUX_BOOT=1 skips it).
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The VMM boots the appliance's real kernel and initrd through the PVH
# entry.  On this project's CI machines KVM emulates guest kernel code,
# so the kernel gets only through its early boot in reasonable time;
# the test checks what early boot prints on our 8250: the kernel
# banner, the memory map we passed in hvm_start_info, and our command
# line.  On hardware KVM the whole suite runs with LIBGUESTFS_BACKEND=vmm
# instead, which boots all the way.

. "$(dirname "$0")/../functions.sh"
require_appliance

vmm=${GUESTKIT_VMM:-$GUESTKIT_TOP_BUILDDIR/library/vmm/guestkit-vmm}
[ -x "$vmm" ] || skip_all "guestkit-vmm not built"
[ -w /dev/kvm ] || skip_all "no usable /dev/kvm"

cmdline="console=ttyS0 earlyprintk=ttyS0 acpi=off pci=conf1 reboot=t \
panic=-1 8250.nr_uarts=1 tsc=reliable no_timer_check guestkit_test=$$"
log=$scratch/console.log
# --emulated-kvm hides CPU features that an emulating KVM cannot run
# (CMPXCHG16B; this machine's KVM shows the host's XSAVE whatever we
# ask, so Linux stops at FPU setup here, well after what we check).
"$vmm" --kernel "$LIBGUESTFS_PATH/kernel" --initrd "$LIBGUESTFS_PATH/initrd" \
    --cmdline "$cmdline" --memsize 768 --timeout 300 --emulated-kvm \
    >"$log" 2>&1 &
pid=$!

want_banner='Linux version [0-9]'
want_ram='BIOS-e820: \[mem 0x0000000000100000-0x000000002fffffff\] usable'
want_reserved='BIOS-e820: \[mem 0x000000000009fc00-0x00000000000fffff\] reserved'
start=$SECONDS
for _ in $(seq 1 600); do
    if grep -qF "Command line: $cmdline" "$log" &&
       grep -q "$want_ram" "$log" &&
       grep -q "Hypervisor detected: KVM" "$log"; then
        break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
done
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
echo "# early boot output seen after $((SECONDS - start)) s"

check "kernel banner on the UART" grep -q "$want_banner" "$log"
check "our command line reached the kernel" \
    grep -qF "Command line: $cmdline" "$log"
check "RAM from 1 MiB to 768 MiB, as passed in the PVH memory map" \
    grep -q "$want_ram" "$log"
check "the BIOS area is reserved" grep -q "$want_reserved" "$log"
check "the kernel found the hypervisor (CPUID leaf 0x40000000)" \
    grep -q "Hypervisor detected: KVM" "$log"
if [ "$tap_fail" != 0 ]; then
    sed 's/^/# /' "$log" | tail -40
fi
done_testing
