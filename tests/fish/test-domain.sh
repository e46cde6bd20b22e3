#!/bin/bash
# guestkit — guestfish -d/--domain and -c/--connect against libvirt's test
# driver (test:///PATH: a node document read in-process, no daemon), and
# add_domain fed hostile domain XML through an LD_PRELOAD stand-in for
# virDomainGetXMLDesc (fake-domain-xml.c).  Two appliance launches.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
require_appliance

cd "$scratch"
uri="test://$scratch/node.xml"
uuid=0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e

# Is add_domain there at all (built with libvirt)?
out=$(guestfish -c "test:///nowhere.xml" -d x 2>&1)
case $out in *"built without libvirt"*) skip_all "built without libvirt" ;; esac
command -v mke2fs >/dev/null && command -v qemu-img >/dev/null &&
    command -v debugfs >/dev/null || skip_all "needs mke2fs, debugfs, qemu-img"

# The images: an ext2 filesystem holding /hello (raw), a qcow2, a disk
# marked <readonly/>, a raw disk whose content looks like qcow2 (no
# <driver type>: must be read as raw, never probed) and two plain -a
# images around the domain.
mkdir root && echo "hello from the domain" > root/hello
mke2fs -q -F -t ext2 -d root disk.img 16M >/dev/null
qemu-img create -q -f qcow2 two.qcow2 32M
truncate -s 8M ro.img
qemu-img create -q -f qcow2 looks.img 1G
looks_size=$(( ($(stat -c %s looks.img) + 511) / 512 * 512 ))
truncate -s 4M first.img && truncate -s 2M last.img

disk () {  # disk TYPE FILE TARGET [EXTRA-XML]
    printf "<disk type='file' device='disk'>%s<source file='%s'/>" \
        "${1:+<driver name='qemu' type='$1'/>}" "$scratch/$2"
    printf "<target dev='%s' bus='sata'/>%s</disk>\n" "$3" "${4:-}"
}
domain () {  # domain NAME STATE(5: shut off; 1: running) UUID DISKS...
    local name=$1 state=$2 id=$3; shift 3
    printf "<domain type='test'><name>%s</name>%s<memory>524288</memory>" \
        "$name" "${id:+<uuid>$id</uuid>}"
    printf "<os><type>hvm</type></os><devices>%s</devices>" "$*"
    printf "<test:runstate>%s</test:runstate></domain>\n" "$state"
}
{
    echo "<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
    domain guest 5 $uuid "$(disk raw disk.img sda)" "$(disk qcow2 two.qcow2 sdb)" \
        "$(disk '' ro.img sdc '<readonly/>')" "$(disk '' looks.img sdd)"
    domain running 1 "" "$(disk raw disk.img sda)"
    domain vmdk 5 "" "$(disk vmdk disk.img sda)"
    echo "</node>"
} > node.xml

# 1. -a, -d, -a in command-line order; -m mounts a disk of the domain;
# without --ro the domain's disks are writable except the <readonly/> one.
out=$(guestfish -a first.img -c "$uri" -d guest -a last.img -m /dev/sdb -- \
    list-devices : blockdev-getsize64 /dev/sda : blockdev-getsize64 /dev/sdb : \
    blockdev-getsize64 /dev/sdc : blockdev-getsize64 /dev/sdd : \
    blockdev-getsize64 /dev/sde : blockdev-getsize64 /dev/sdf : \
    cat /hello : write /new "written" : pwrite-device /dev/sdd hello 0 2>&1)
ok $? "-a -d -a -m: exit status"
check_eq "-a -d -a: devices in order, qcow2 as qcow2, no probing" \
"/dev/sda
/dev/sdb
/dev/sdc
/dev/sdd
/dev/sde
/dev/sdf
4194304
16777216
33554432
8388608
$looks_size
2097152
hello from the domain

5" "$out"
check_eq "-d without --ro: the domain's disk was written" "written" \
    "$(debugfs -R 'cat /new' disk.img 2>/dev/null)"
check_eq "-d: the <readonly/> disk is added read-only" 0 \
    "$(tr -d '\000' < ro.img | wc -c)"

# 2. --ro, long options, the domain named by UUID: nothing is written.
sum=$(sha256sum disk.img two.qcow2)
out=$(guestfish --ro --domain $uuid --connect "$uri" -- run : \
    pwrite-device /dev/sda hello 1024 : pwrite-device /dev/sdb hello 0 2>&1)
check_eq "--ro --domain UUID --connect: writes go to the overlay" \
    "5
5" "$out"
check_eq "--ro -d: the images are unchanged" "$sum" "$(sha256sum disk.img two.qcow2)"

# 3. Without launching: the running domain, errors, option forms.
out=$(guestfish -c "$uri" -d running -- echo not reached 2>&1)
r=$?
check_eq "-d running domain without --ro: exit 1" 1 $r
check_eq "-d running domain: one error line, nothing run" \
    "libguestfs: error: add_domain: running: the domain is running (not shut off), and writing to a live guest's disks corrupts them: add them read-only (readonly:true, or guestfish --ro)" "$out"
check_eq "--ro -d running domain, -c after -d" "ok" \
    "$(guestfish -d running --ro -c "$uri" -- echo ok 2>&1)"
check_eq "no -c: LIBVIRT_DEFAULT_URI is used" "ok" \
    "$(LIBVIRT_DEFAULT_URI=$uri guestfish --ro -d running -- echo ok 2>&1)"
out=$(guestfish --ro -c "$uri" -d nosuch -- echo not reached 2>&1)
r=$?
check_eq "-d nosuch: exit 1" 1 $r
check_eq "-d nosuch: one line, no libvirt noise" \
    "libguestfs: error: add_domain: no libvirt domain called 'nosuch': Domain not found" "$out"
out=$(guestfish --ro -c "$uri" -d vmdk 2>&1 </dev/null)
r=$?
check_eq "-d with a vmdk disk: error" \
    "1 libguestfs: error: add_domain: vmdk: disk sda: format 'vmdk' is not supported (only raw and qcow2)" \
    "$r $out"
out=$(guestfish -d 2>&1); r=$?
check_eq "-d without its argument" \
    "1 guestfish: option '-d' needs an argument" "$r $out"
out=$(guestfish -c "bogus:///nowhere" --ro -d guest 2>&1 </dev/null); r=$?
case "$r $out" in
    "1 libguestfs: error: add_domain: cannot connect to libvirt at bogus:///nowhere: "*)
        ok 0 "-c with a bad URI" ;;
    *) ok 1 "-c with a bad URI"; printf '# %q\n' "$r $out" ;;
esac

# 4. Hostile domain XML (what a compromised or remote libvirt could
# send).  An entity that is fetched opens the FIFO and hangs (the
# timeout catches it); the error must name the DTD.
shim=${GUESTKIT_TOP_BUILDDIR:-..}/tests/.libs/fake-domain-xml.so
hostile () {  # hostile DESCRIPTION EXPECTED-ERROR-SUBSTRING  (XML on stdin)
    local out r
    cat > hostile.xml
    out=$(GUESTKIT_TEST_DOMAIN_XML=$scratch/hostile.xml \
          LD_PRELOAD=$shim ASAN_OPTIONS=verify_asan_link_order=0 \
          timeout 60 guestfish --ro -c "$uri" -d guest 2>&1 </dev/null)
    r=$?
    case "$r:$out" in
        "1:libguestfs: error: add_domain: guest: "*"$2"*) ok 0 "$1" ;;
        *) ok 1 "$1"; printf '# status %s, output %q\n' "$r" "$out" ;;
    esac
}
if [ ! -r "$shim" ]; then
    ok 1 "$shim is built (make -C tests check builds it)"
else
    mkfifo canary
    dtd="document type declaration (DTD): refused"
    hostile "external entity in an attribute" "$dtd" <<EOF
<?xml version="1.0"?>
<!DOCTYPE domain [ <!ENTITY ext SYSTEM "file://$scratch/canary"> ]>
<domain type='test'><name>guest</name><devices>
<disk type='file' device='disk'><source file='&ext;'/><target dev='sda'/></disk>
</devices></domain>
EOF
    hostile "external parameter entity" "$dtd" <<EOF
<!DOCTYPE domain [ <!ENTITY % pe SYSTEM "$scratch/canary"> %pe; ]>
<domain type='test'><name>guest</name></domain>
EOF
    hostile "external DTD subset" "$dtd" <<EOF
<!DOCTYPE domain SYSTEM "$scratch/canary">
<domain type='test'><name>guest</name></domain>
EOF
    hostile "network entity" "$dtd" <<EOF
<!DOCTYPE domain [ <!ENTITY net SYSTEM "http://192.0.2.1/x"> ]>
<domain><devices><disk type='file'><source file='&net;'/></disk></devices></domain>
EOF
    {
        echo '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY l0 "lol">'
        for i in $(seq 1 9); do
            printf '<!ENTITY l%d "' "$i"
            for j in $(seq 1 10); do printf '&l%d;' $((i - 1)); done
            printf '">'
        done
        echo "]><domain><devices><disk type='file'><source file='&l9;'/>"
        echo "</disk></devices></domain>"
    } > laughs.xml
    hostile "billion laughs" "$dtd" < laughs.xml
    printf '<domain>' | iconv -t UTF-16 > utf16.xml
    hostile "UTF-16 document" "cannot parse the domain XML" < utf16.xml
    { printf '<domain><!--'; head -c 17000000 /dev/zero | tr '\0' x
      printf -- '--></domain>'; } > big.xml
    hostile "17 MB document" "the domain XML is too big" < big.xml
    hostile "not a <domain>" "not a libvirt domain" <<< "<node><domain/></node>"
    hostile "unclosed tag" "cannot parse the domain XML: line " <<EOF
<domain>
<devices></domain>
EOF
    hostile "undefined entity" "cannot parse the domain XML" <<EOF
<domain><devices><disk type='file'><source file='&undefined;'/></disk></devices></domain>
EOF
    hostile "bad logical_block_size" "logical block size '3' is not supported" <<EOF
<domain><devices><disk type='file'><source file='$scratch/disk.img'/>
<blockio logical_block_size='3'/><target dev='vda'/></disk></devices></domain>
EOF
fi

done_testing
