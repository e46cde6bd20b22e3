#!/bin/bash
# guestkit — make install into a staging directory (DESTDIR), then use
# the installed tree alone: pkg-config flags, a C program in the style
# of guestfs-examples(3) compiled with them and run against the
# installed library and appliance (no LIBGUESTFS_PATH: the library
# finds the appliance installed beside it), guestfish from the install
# reading the disk it made, bash completion for guestfish and the
# tools, and make uninstall removing every file.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/functions.sh"
require_appliance
command -v pkg-config >/dev/null || skip_all "pkg-config is not installed"
command -v cc >/dev/null || skip_all "no C compiler (cc)"

top=${GUESTKIT_TOP_BUILDDIR:?run under ./run}
src=${GUESTKIT_TOP_SRCDIR:?run under ./run}
dest=$scratch/root
# A make of the build tree inside "make check": not the outer make's
# jobserver or flags.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

prefix=$(sed -n 's/^prefix = //p' "$top/Makefile")
root_before=$(stat -c %Y "$top/appliance/output/root")
make -C "$top" install DESTDIR="$dest" >"$scratch/install.log" 2>&1
rc=$?
check_eq "make install DESTDIR: exit status" 0 "$rc"
[ "$rc" = 0 ] || sed 's/^/# /' "$scratch/install.log" | tail -20
check_eq "make install did not rebuild the appliance" "$root_before" \
    "$(stat -c %Y "$top/appliance/output/root")"

p=$dest$prefix
libdir=$p/lib
bin=$p/bin
comp=$p/share/bash-completion/completions

# The files, in the standard places under the prefix.
missing=
for f in lib/libguestfs.so lib/libguestfs.so.0 include/guestfs.h \
         lib/pkgconfig/libguestfs.pc \
         lib/guestkit/appliance/kernel lib/guestkit/appliance/initrd \
         lib/guestkit/appliance/root libexec/guestkit/guestkit-vmm \
         bin/guestfish share/bash-completion/completions/guestfish \
         share/bash-completion/completions/virt-tools; do
    [ -e "$p/$f" ] || missing="$missing $f"
done
check_eq "installed: library, header, .pc, appliance, helper, guestfish" \
    "" "$missing"
check_eq "the library's soname" "libguestfs.so.0" \
    "$(objdump -p "$libdir/libguestfs.so" | awk '$1 == "SONAME" { print $2 }')"
check_eq "the header is the build's" "" \
    "$(cmp "$top/library/guestfs.h" "$p/include/guestfs.h" 2>&1)"
check_eq "the appliance root is the build's" "" \
    "$(cmp "$top/appliance/output/root" "$p/lib/guestkit/appliance/root" 2>&1)"

# Every installed tool has its man page and its completion link.
tools=$(cd "$bin" && ls virt-* 2>/dev/null)
bad=
for t in $tools; do
    [ -f "$p/share/man/man1/$t.1" ] || bad="$bad $t.1"
    [ "$(readlink "$comp/$t")" = virt-tools ] || bad="$bad completion:$t"
done
check_eq "every tool has a man page and a completion" "" "$bad"
check_eq "guestfish(1), guestfs(3), guestfs-python(3) installed" "" "$(
    for f in man1/guestfish.1 man3/guestfs.3 man3/guestfs-python.3; do
        [ -f "$p/share/man/$f" ] || echo "$f"; done)"
if [ -f "$top/bindings/python/guestfs.py" ]; then
    check "the Python binding installed" bash -c \
        'ls "$0"/lib/python3*/*-packages/guestfs.py "$0"/lib/python3*/*-packages/libguestfsmod*.so' "$p"
fi
check_eq "the tools installed" "virt-cat virt-copy-in virt-copy-out virt-df \
virt-edit virt-filesystems virt-inspector virt-log virt-ls virt-tar-in \
virt-tar-out" "$(echo $tools)"

# pkg-config sees only the installed tree (DESTDIR: the sysroot).
pcdir=$libdir/pkgconfig
pc () {
    PKG_CONFIG_LIBDIR=$pcdir PKG_CONFIG_PATH=$pcdir \
        PKG_CONFIG_SYSROOT_DIR=$dest pkg-config "$@"
}
check_eq "pkg-config --cflags --libs libguestfs" \
    "-I$p/include -L$libdir -lguestfs" "$(echo $(pc --cflags --libs libguestfs))"
check_eq "pkg-config --modversion libguestfs" \
    "$(sed -n 's/^VERSION = //p' "$top/Makefile")" \
    "$(pc --modversion libguestfs)"

# The C example, compiled with nothing but pkg-config's flags.
cd "$scratch" || exit 1
out=$(cc -Wall -Werror -o create-disk "$src/tests/install/create-disk.c" \
      $(pc --cflags --libs libguestfs) 2>&1)
check_eq "the C example compiles against the install" "0 " "$? $out"

# Run it and guestfish with the installed tree alone.
installed () {
    env -u LIBGUESTFS_PATH -u GUESTKIT_VMM -u GUESTKIT_TOP_BUILDDIR \
        LD_LIBRARY_PATH="$libdir" PATH="$bin:/usr/bin:/bin" "$@"
}
check_eq "the example links the installed library" "$libdir/libguestfs.so.0" \
    "$(installed ldd ./create-disk | awk '$1 == "libguestfs.so.0" { print $3 }')"
check_eq "the default appliance is the installed one" \
    "$(realpath "$libdir/guestkit/appliance")" "$(installed guestfish get-path)"
echo "a file from the host" > hostfile
out=$(installed ./create-disk disk.img hostfile 2>err.log)
rc=$?
check_eq "the C example runs" "0 partition: /dev/sda1" "$rc $out"
[ "$rc" = 0 ] || tail -20 err.log | sed 's/^/# /'
# The vmm backend's helper is the installed one too: its command line
# is logged before it starts (without a usable KVM the launch then
# times out quickly; with one it boots: either way the path counts).
truncate -s 16M empty.img
installed LIBGUESTFS_BACKEND=vmm GUESTKIT_LAUNCH_TIMEOUT=5 LIBGUESTFS_DEBUG=1 \
    guestfish -a empty.img run >vmm.log 2>&1
check_eq "the default guestkit-vmm is the installed one" \
    "$(realpath "$p/libexec/guestkit/guestkit-vmm") --kernel" \
    "$(sed -n 's/^libguestfs: \([^ ]*guestkit-vmm --kernel\) .*/\1/p' vmm.log)"
check_eq "a sparse raw file of 512 MiB" "536870912 raw" \
    "$(stat -c %s disk.img) $(qemu-img info --output=human disk.img 2>/dev/null |
                              awk '/^file format:/ { print $3 }')"

out=$(installed guestfish --ro -a disk.img -m /dev/sda1 -- \
      vfs-type /dev/sda1 : ls / : cat /hello : cat /foo/hostfile : \
      filesize /empty 2>&1)
check_eq "installed guestfish reads the disk the example made" "ext4
empty
foo
hello
lost+found
Hello, world

a file from the host

0" "$out"

# Bash completion, as bash-completion loads it: sourced inside a
# function, by the name of the command being completed.
complete_words () {     # FILE WORD... : the completions of the last word
    local file=$1; shift
    installed bash -c '
        load () { . "$1"; }
        load "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        f=$(complete -p "$1" | sed "s/.* -F \([^ ]*\) .*/\1/")
        "$f" && printf "%s\n" "${COMPREPLY[@]}"' _ "$file" "$@"
}
check_eq "complete -p guestfish" "complete -o filenames -F _guestfish guestfish" \
    "$(installed bash -c '. "$1"; complete -p guestfish' _ "$comp/guestfish")"
bad=
for t in $tools; do
    [ "$(installed bash -c 'load () { . "$1"; }; load "$1"; complete -p "$2"' \
         _ "$comp/$t" "$t")" = "complete -o filenames -F _guestkit_virt $t" ] ||
        bad="$bad $t"
done
check_eq "complete -p virt-TOOL, loaded through its link, for every tool" "" "$bad"
check_eq "guestfish: command names" "part-del
part-disk" "$(complete_words "$comp/guestfish" guestfish -a disk.img -- part-d)"
check_eq "guestfish: a command after ':'" "umount
umount-all" "$(complete_words "$comp/guestfish" guestfish -a x : ls / : umoun)"
check_eq "guestfish: options" "--remote
--ro
--rw" "$(complete_words "$comp/guestfish" guestfish --r | sort)"
check_eq "guestfish: --format values" "qcow2
raw" "$(complete_words "$comp/guestfish" guestfish --format "" | sort)"
check_eq "virt-ls: options from its --help" "--checksum
--connect
--csv" "$(complete_words "$comp/virt-ls" virt-ls --c | sort)"
check_eq "virt-df: short options" "-a" \
    "$(complete_words "$comp/virt-df" virt-df -a | sort)"

# libguestfs's own documentation examples, unchanged: create-disk.c and
# inspect-vm.c from guestfs-examples(3), as the libguestfs-dev Debian
# package ships them (fetched from the package mirror, read only as
# test input: nothing of libguestfs runs), compiled against the install
# with pkg-config's flags alone and run with the installed tree.
examples=usr/share/doc/libguestfs-dev/examples
if (cd "$scratch" && apt-get download -qq libguestfs-dev >/dev/null 2>&1); then
    dpkg-deb --fsys-tarfile "$scratch"/libguestfs-dev_*.deb |
        tar -x -C "$scratch" "./$examples/create-disk.c" "./$examples/inspect-vm.c"
    out=$(for e in create-disk inspect-vm; do
              cc -o "upstream-$e" "$scratch/$examples/$e.c" \
                 $(pc --cflags --libs libguestfs) 2>&1 || echo "$e failed"
          done)
    check_eq "libguestfs's create-disk.c and inspect-vm.c compile unchanged" "" "$out"
    rm -f disk.img
    installed ./upstream-create-disk >/dev/null 2>upstream.log
    check_eq "libguestfs's create-disk.c runs" "0" "$?"
    out=$(installed guestfish --ro -a disk.img -m /dev/sda1 -- \
          cat /hello : ls /foo 2>&1)
    check_eq "what libguestfs's create-disk.c wrote" "Hello, world

resolv.conf" "$out"
    out=$(installed ./upstream-inspect-vm disk.img 2>&1)
    check_eq "libguestfs's inspect-vm.c on a disk without an OS" \
        "1 inspect_vm: no operating systems found" "$? $out"
else
    ok 0 "libguestfs's examples # SKIP libguestfs-dev cannot be fetched from the mirror"
fi

# make uninstall leaves no file behind.
make -C "$top" uninstall DESTDIR="$dest" >"$scratch/uninstall.log" 2>&1
check_eq "make uninstall: exit status" 0 $?
check_eq "make uninstall removes every file" "" \
    "$(find "$dest" ! -type d | sed "s|^$dest||")"

done_testing
