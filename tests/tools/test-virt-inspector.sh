#!/bin/bash
# guestkit — virt-inspector: the whole XML of the Debian-like and
# Windows-like guests of inspect-images.sh (two disks: one document, in
# -a order) and of the LVM Fedora-like guest, checked against our RELAX
# NG grammar; --json of the same guests (parsed); no operating system;
# --xpath; the usage errors.  Applications and icons are checked when
# the library has them.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../inspect-images.sh"

rng=${GUESTKIT_TOP_SRCDIR:-..}/tools/inspector/virt-inspector.rng

# Usage errors need no appliance.
out=$(virt-inspector 2>&1)
check_eq "no disk" "1 virt-inspector: no disk given: use -a or -d
Try 'virt-inspector --help' for more information." "$? $out"
out=$(virt-inspector -a x.img extra 2>&1)
check_eq "extra argument" "1 virt-inspector: extra argument 'extra' on the command line
Try 'virt-inspector --help' for more information." "$? $out"
out=$(virt-inspector -a x.img --xpath //name 2>&1 </dev/null)
check_eq "--xpath with -a" "1 virt-inspector: cannot use --xpath together with other options
Try 'virt-inspector --help' for more information." "$? $out"
check "--help" bash -c 'virt-inspector --help | grep -q -- "--no-applications"'

# --xpath on a fixed document (no appliance).
doc='<?xml version="1.0"?>
<operatingsystems>
  <operatingsystem>
    <root>/dev/sda2</root>
    <hostname>a &amp; b</hostname>
    <mountpoints>
      <mountpoint dev="/dev/sda2">/</mountpoint>
      <mountpoint dev="/dev/sda1">/boot</mountpoint>
    </mountpoints>
  </operatingsystem>
</operatingsystems>'
check_eq "--xpath: nodes as XML" '<mountpoint dev="/dev/sda2">/</mountpoint>
<mountpoint dev="/dev/sda1">/boot</mountpoint>' \
    "$(virt-inspector --xpath '//mountpoint' <<<"$doc")"
check_eq "--xpath: a string" "a & b" \
    "$(virt-inspector --xpath 'string(//hostname)' <<<"$doc")"
check_eq "--xpath: a number" "2" \
    "$(virt-inspector --xpath 'count(//mountpoint)' <<<"$doc")"
out=$(virt-inspector --xpath '//[' <<<"$doc" 2>&1)
check_eq "--xpath: a bad query" "1" "$?"
check "--xpath: a bad query is named" grep -q \
    "^virt-inspector: unable to evaluate XPath expression" <<<"$out"
out=$(echo nonsense | virt-inspector --xpath '//a' 2>&1)
check_eq "--xpath: input that is not XML" "1" "$?"

require_appliance
cd "$scratch" || exit 1

# The guests.  The Fedora-like one gets fixed filesystem UUIDs.
insp_debian_image deb.img
insp_windows_image win.img
insp_fedora_tar fed.tar
truncate -s 64M lvm.img
{
    echo run
    insp_lvm_commands /dev/sda fed.tar
    echo "e2fsck-f /dev/VGI/root"
    echo "e2fsck-f /dev/VGI/home"
    echo "set-e2uuid /dev/VGI/root 11111111-2222-3333-4444-555555555555"
    echo "set-e2uuid /dev/VGI/home 66666666-7777-8888-9999-000000000000"
} | guestfish -a lvm.img
check_eq "the LVM guest was made" 0 $?

# The UUID of the ext4 filesystem at sector $2 of image $1.
e2uuid () {
    python3 -c 'import sys, uuid
f = open(sys.argv[1], "rb"); f.seek(int(sys.argv[2]) * 512 + 1024 + 104)
print(uuid.UUID(bytes=f.read(16)))' "$1" "$2"
}
boot_uuid=$(e2uuid deb.img 2048)
srv_uuid=$(e2uuid deb.img 165888)
win_uuid=$(e2uuid win.img 2048)

virt-inspector --no-applications --no-icon -a deb.img -a win.img > two.xml
check_eq "two disks: exit status" 0 $?
check_eq "two disks: the whole XML, in -a order" '<?xml version="1.0"?>
<operatingsystems>
  <operatingsystem>
    <root>/dev/sda2</root>
    <name>linux</name>
    <arch>x86_64</arch>
    <distro>debian</distro>
    <product_name>12.5</product_name>
    <major_version>12</major_version>
    <minor_version>5</minor_version>
    <package_format>deb</package_format>
    <package_management>apt</package_management>
    <hostname>debby</hostname>
    <osinfo>debian12</osinfo>
    <mountpoints>
      <mountpoint dev="/dev/sda2">/</mountpoint>
      <mountpoint dev="/dev/sda3">/srv</mountpoint>
      <mountpoint dev="/dev/sda1">/boot</mountpoint>
    </mountpoints>
    <filesystems>
      <filesystem dev="/dev/sda1">
        <type>ext4</type>
        <label>BOOT</label>
        <uuid>'"$boot_uuid"'</uuid>
      </filesystem>
      <filesystem dev="/dev/sda2">
        <type>ext4</type>
        <uuid>5b6f2c1e-0b1a-4c53-9d1e-7a0f3c2b9a11</uuid>
      </filesystem>
      <filesystem dev="/dev/sda3">
        <type>ext4</type>
        <uuid>'"$srv_uuid"'</uuid>
      </filesystem>
      <filesystem dev="/dev/sda4"/>
    </filesystems>
  </operatingsystem>
  <operatingsystem>
    <root>/dev/sdb1</root>
    <name>windows</name>
    <arch>x86_64</arch>
    <distro>windows</distro>
    <product_name>Windows 10 Pro</product_name>
    <product_variant>Client</product_variant>
    <major_version>10</major_version>
    <minor_version>0</minor_version>
    <windows_systemroot>/WINDOWS</windows_systemroot>
    <windows_current_control_set>ControlSet001</windows_current_control_set>
    <hostname>WIN-TEST</hostname>
    <osinfo>win10</osinfo>
    <mountpoints>
      <mountpoint dev="/dev/sdb1">/</mountpoint>
    </mountpoints>
    <filesystems>
      <filesystem dev="/dev/sdb1">
        <type>ext4</type>
        <uuid>'"$win_uuid"'</uuid>
      </filesystem>
    </filesystems>
    <drive_mappings>
      <drive_mapping name="C">/dev/sdb1</drive_mapping>
    </drive_mappings>
  </operatingsystem>
</operatingsystems>' "$(cat two.xml)"
check "two disks: valid by the grammar" \
    xmllint --noout --relaxng "$rng" two.xml

virt-inspector --no-applications --no-icon -a lvm.img > lvm.xml
check_eq "LVM guest: the whole XML" '<?xml version="1.0"?>
<operatingsystems>
  <operatingsystem>
    <root>/dev/VGI/root</root>
    <name>linux</name>
    <arch>aarch64</arch>
    <distro>fedora</distro>
    <product_name>Fedora release 38 (Thirty Eight)</product_name>
    <major_version>38</major_version>
    <minor_version>0</minor_version>
    <package_format>rpm</package_format>
    <package_management>dnf</package_management>
    <hostname>fedhost.example.com</hostname>
    <osinfo>fedora38</osinfo>
    <mountpoints>
      <mountpoint dev="/dev/VGI/root">/</mountpoint>
      <mountpoint dev="/dev/VGI/home">/home</mountpoint>
    </mountpoints>
    <filesystems>
      <filesystem dev="/dev/VGI/home">
        <type>ext4</type>
        <uuid>66666666-7777-8888-9999-000000000000</uuid>
      </filesystem>
      <filesystem dev="/dev/VGI/root">
        <type>ext4</type>
        <uuid>11111111-2222-3333-4444-555555555555</uuid>
      </filesystem>
    </filesystems>
  </operatingsystem>
</operatingsystems>' "$(cat lvm.xml)"
check "LVM guest: valid by the grammar" \
    xmllint --noout --relaxng "$rng" lvm.xml
check_eq "--xpath on a real report" "fedhost.example.com" \
    "$(virt-inspector --xpath 'string(//hostname)' < lvm.xml)"

# JSON: the same facts as the XML.
virt-inspector --json --no-applications --no-icon -a deb.img -a win.img \
    > two.json
check_eq "--json: exit status" 0 $?
out=$(python3 - two.json <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
keys = ["root", "name", "arch", "distro", "product_name", "product_variant",
        "major_version", "minor_version", "package_format",
        "package_management", "windows_systemroot",
        "windows_current_control_set", "hostname", "osinfo", "mountpoints",
        "filesystems", "drive_mappings", "applications", "icon"]
for o in d["operatingsystems"]:
    assert list(o) == keys, list(o)
    print(*[o[k] for k in keys[:14]], sep="|")
    print(" ".join(m["mountpoint"] + "=" + m["dev"] for m in o["mountpoints"]))
    print(" ".join("%s:%s:%s" % (f["dev"], f["type"], f["label"])
                   for f in o["filesystems"]))
    print(o["drive_mappings"], o["applications"], o["icon"])
EOF
)
check_eq "--json: every key, types and values" "/dev/sda2|linux|x86_64|debian|12.5|None|12|5|deb|apt|None|None|debby|debian12
/=/dev/sda2 /srv=/dev/sda3 /boot=/dev/sda1
/dev/sda1:ext4:BOOT /dev/sda2:ext4:None /dev/sda3:ext4:None /dev/sda4:None:None
[] None None
/dev/sdb1|windows|x86_64|windows|Windows 10 Pro|Client|10|0|None|None|/WINDOWS|ControlSet001|WIN-TEST|win10
/=/dev/sdb1
/dev/sdb1:ext4:None
[{'name': 'C', 'dev': '/dev/sdb1'}] None None" "$out"

# No operating system: an empty document, exit 0.
truncate -s 16M blank.img
out=$(virt-inspector -a blank.img)
check_eq "no operating system" '0 <?xml version="1.0"?>
<operatingsystems/>' "$? $out"

# Applications (the Uninstall keys of the Windows guest's SOFTWARE
# hive, native and WOW6432Node) and the icon (it has none).
virt-inspector -a win.img > apps.xml
check "applications: valid by the grammar" \
    xmllint --noout --relaxng "$rng" apps.xml
check_eq "applications: the Uninstall keys, no icon" '<applications>
  <application>
    <name>Editor</name>
    <display_name>Old Editor (32-bit)</display_name>
    <version>1.0.3</version>
  </application>
  <application>
    <name>{5A1B-TOOL}</name>
    <display_name>Test Tool</display_name>
    <version>2.1</version>
    <install_path>C:\Program Files\Tool</install_path>
    <publisher>Example Corp</publisher>
    <url>https://example.com/tool</url>
    <description>A tool</description>
  </application>
</applications>|0' \
    "$(virt-inspector --xpath '//applications' < apps.xml)|$(
       virt-inspector --xpath 'count(//icon)' < apps.xml)"

done_testing
