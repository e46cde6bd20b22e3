#!/bin/bash
# guestkit — the virt-* tools on the guestfish-made test guests
# (tests/guests/*.sh): virt-inspector's XML of the Debian-like LVM and
# Fedora-like rpm guests, the Windows NTFS guest, the btrfs guest and
# the dual-boot disk (checked by the RELAX NG grammar), --json of the
# Windows guest; virt-filesystems --all --long (btrfs, LVM); virt-df
# (btrfs, NTFS); virt-ls -l, virt-edit -e -b and virt-cat with Windows
# paths through ntfs-3g; virt-cat and virt-copy-out of the btrfs
# guest's /home (subvol= in its fstab).  Whole outputs are compared;
# UUIDs come from the images (blkid), sizes from a statvfs session.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"
. "$(dirname "$0")/../inspect-images.sh"
. "$(dirname "$0")/../guests/linux.sh"
. "$(dirname "$0")/../guests/windows.sh"
. "$(dirname "$0")/../guests/btrfs.sh"
require_appliance
command -v rpmbuild >/dev/null || skip_all "rpmbuild is not installed"
command -v xmllint >/dev/null || skip_all "xmllint is not installed"

rng=${GUESTKIT_TOP_SRCDIR:-..}/tools/inspector/virt-inspector.rng
# valid XML: XML is valid by virt-inspector's grammar.
valid () {
    xmllint --noout --relaxng "$rng" "$1" 2> xmllint.err ||
        { sed 's/^/# /' xmllint.err; return 1; }
}
cd "$scratch" || exit 1
mkdir lin win
day1=$(LC_ALL=C date -u '+%b %e')
gl_build_guests "$scratch/lin" > lin.log 2>&1
check_eq "Linux guests built" 0 $?
win_disks "$scratch/win" > win.log 2>&1
check_eq "Windows guests built" 0 $?
gb_build_guest "$scratch" > btrfs.log 2>&1
check_eq "btrfs guest built" 0 $?
day2=$(LC_ALL=C date -u '+%b %e')

# uuid IMG SECTOR: the filesystem UUID at SECTOR of IMG.
uuid () { blkid -p -O $(($2 * 512)) -o value -s UUID "$1"; }

# statvfs of every filesystem the reports show: one session.
{
    echo run
    for fs in /dev/sda1 /dev/sdb1 /dev/debvg/root /dev/debvg/home \
              /dev/sdc1 /dev/sdc2; do
        echo "echo == $fs"; echo "mount-ro $fs /"; echo "statvfs /"
        echo umount-all
    done
} | guestfish --ro -a btrfs.img -a lin/deb.img -a win/win-mbr.img > st 2>&1
check_eq "statvfs session" 0 $?
# st FS FIELD: FIELD of the statvfs of FS.
st () {
    awk -v k="== $1" -v f="$2:" '$0 == k { on = 1; next } /^== / { on = 0 }
        on && $1 == f { print $2 }' st
}
# fssize FS: its size in bytes (blocks * bsize).
fssize () { echo $(( $(st "$1" blocks) * $(st "$1" bsize) )); }

# ---- virt-inspector

# The Debian-like guest on LVM (sda) and the Fedora-like guest (sdb)
# in one document: dpkg and rpm applications.
out=$(virt-inspector -a lin/deb.img -a lin/fed.img 2>&1)
check_eq "virt-inspector Linux guests: exit status" 0 $?
echo "$out" > linux.xml
check "virt-inspector Linux guests: valid by the grammar" \
    valid linux.xml
check_eq "virt-inspector Linux guests: the whole document" \
"<?xml version=\"1.0\"?>
<operatingsystems>
  <operatingsystem>
    <root>/dev/sdb1</root>
    <name>linux</name>
    <arch>aarch64</arch>
    <distro>fedora</distro>
    <product_name>Fedora Linux 39 (Server Edition)</product_name>
    <major_version>39</major_version>
    <minor_version>0</minor_version>
    <package_format>rpm</package_format>
    <package_management>dnf</package_management>
    <hostname>fedvm.example.com</hostname>
    <osinfo>fedora39</osinfo>
    <mountpoints>
      <mountpoint dev=\"/dev/sdb1\">/</mountpoint>
    </mountpoints>
    <filesystems>
      <filesystem dev=\"/dev/sdb1\">
        <type>ext4</type>
        <label>fedroot</label>
        <uuid>$(uuid lin/fed.img 2048)</uuid>
      </filesystem>
      <filesystem dev=\"/dev/sdb2\">
        <type>swap</type>
        <uuid>$(uuid lin/fed.img 104448)</uuid>
      </filesystem>
    </filesystems>
    <applications>
      <application>
        <name>bash</name>
        <version>5.2.26</version>
        <release>1.fc39</release>
        <arch>aarch64</arch>
        <url>https://www.gnu.org/software/bash</url>
        <summary>The GNU Bourne Again shell</summary>
        <description>bash: The GNU Bourne Again shell.</description>
      </application>
      <application>
        <name>openssl</name>
        <epoch>1</epoch>
        <version>3.1.1</version>
        <release>4.fc39</release>
        <arch>aarch64</arch>
        <url>https://www.openssl.org/</url>
        <summary>Utilities from the OpenSSL toolkit</summary>
        <description>openssl: Utilities from the OpenSSL toolkit.</description>
      </application>
      <application>
        <name>tzdata</name>
        <version>2024a</version>
        <release>1.fc39</release>
        <arch>noarch</arch>
        <summary>Timezone data</summary>
        <description>tzdata: Timezone data.</description>
      </application>
    </applications>
  </operatingsystem>
  <operatingsystem>
    <root>/dev/debvg/root</root>
    <name>linux</name>
    <arch>x86_64</arch>
    <distro>debian</distro>
    <product_name>12.4</product_name>
    <major_version>12</major_version>
    <minor_version>4</minor_version>
    <package_format>deb</package_format>
    <package_management>apt</package_management>
    <hostname>debvm</hostname>
    <osinfo>debian12</osinfo>
    <mountpoints>
      <mountpoint dev=\"/dev/debvg/root\">/</mountpoint>
      <mountpoint dev=\"/dev/sda1\">/boot</mountpoint>
      <mountpoint dev=\"/dev/debvg/home\">/home</mountpoint>
    </mountpoints>
    <filesystems>
      <filesystem dev=\"/dev/debvg/home\">
        <type>ext4</type>
        <uuid>$(uuid lin/deb.img $((34816 + 2048 + 64 * 2048)))</uuid>
      </filesystem>
      <filesystem dev=\"/dev/debvg/root\">
        <type>ext4</type>
        <uuid>$(uuid lin/deb.img $((34816 + 2048)))</uuid>
      </filesystem>
      <filesystem dev=\"/dev/sda1\">
        <type>ext4</type>
        <uuid>$GL_BOOT_UUID</uuid>
      </filesystem>
    </filesystems>
    <applications>
      <application>
        <name>base-files</name>
        <version>12.4+deb12u5</version>
        <arch>amd64</arch>
        <description>Debian base system miscellaneous files</description>
      </application>
      <application>
        <name>bash</name>
        <version>5.2.15</version>
        <release>2+b2</release>
        <arch>amd64</arch>
        <description>GNU Bourne Again SHell</description>
      </application>
      <application>
        <name>zlib1g</name>
        <epoch>1</epoch>
        <version>1.2.13.dfsg</version>
        <release>1</release>
        <arch>amd64</arch>
        <url>http://zlib.net/</url>
        <source_package>zlib</source_package>
        <description>compression library - runtime</description>
      </application>
    </applications>
  </operatingsystem>
</operatingsystems>" "$out"

# The Windows guest on NTFS (MBR): drive letters from the disk
# signature, applications from the Uninstall keys (native and
# WOW6432Node, XML special characters escaped), no icon (virt-inspector
# never takes a favicon).
winxml="<?xml version=\"1.0\"?>
<operatingsystems>
  <operatingsystem>
    <root>/dev/sda1</root>
    <name>windows</name>
    <arch>x86_64</arch>
    <distro>windows</distro>
    <product_name>Windows Server 2019 Standard</product_name>
    <product_variant>Server</product_variant>
    <major_version>10</major_version>
    <minor_version>0</minor_version>
    <windows_systemroot>/Windows</windows_systemroot>
    <windows_current_control_set>ControlSet002</windows_current_control_set>
    <hostname>win-srv2019</hostname>
    <osinfo>win2k19</osinfo>
    <mountpoints>
      <mountpoint dev=\"/dev/sda1\">/</mountpoint>
    </mountpoints>
    <filesystems>
      <filesystem dev=\"/dev/sda1\">
        <type>ntfs</type>
        <uuid>$(uuid win/win-mbr.img 2048)</uuid>
      </filesystem>
    </filesystems>
    <drive_mappings>
      <drive_mapping name=\"C\">/dev/sda1</drive_mapping>
      <drive_mapping name=\"E\">/dev/sda2</drive_mapping>
    </drive_mappings>
    <applications>
      <application>
        <name>NoName</name>
        <version>1.0</version>
      </application>
      <application>
        <name>Zip32</name>
        <display_name>Zip (32-bit)</display_name>
        <version>19.00</version>
        <publisher>Igor</publisher>
      </application>
      <application>
        <name>{0F1E2D3C-NOTEPAD}</name>
        <display_name>Notes &amp; More</display_name>
        <version>8.6.2</version>
        <install_path>C:\\Program Files\\App</install_path>
        <publisher>Example &lt;Software&gt;</publisher>
        <url>https://example.org/notes?a=1&amp;b=2</url>
        <description>A text editor</description>
      </application>
    </applications>
  </operatingsystem>
</operatingsystems>"
out=$(virt-inspector -a win/win-mbr.img 2>&1)
check_eq "virt-inspector Windows: the whole document" "0 $winxml" "$? $out"
echo "$out" > win.xml
check "virt-inspector Windows: valid by the grammar" \
    valid win.xml

# --json of the same guest: the same facts as the XML.
virt-inspector --json -a win/win-mbr.img > win.json
check_eq "virt-inspector --json Windows: exit status" 0 $?
check_eq "virt-inspector --json Windows: the XML's facts" "ok" "$(
python3 - win.xml win.json <<'EOF'
import json, sys, xml.etree.ElementTree as ET
os_x = ET.parse(sys.argv[1]).getroot()[0]
d = json.load(open(sys.argv[2]))
assert list(d) == ["operatingsystems"] and len(d["operatingsystems"]) == 1
j = d["operatingsystems"][0]
for e in os_x:
    if len(e) == 0 and e.tag != "applications":
        v = j[e.tag]
        assert str(v) == e.text, (e.tag, v, e.text)
for k in ("product_variant", "package_format", "package_management"):
    if os_x.find(k) is None:
        assert j[k] is None, k
assert j["mountpoints"] == [{"mountpoint": m.text, "dev": m.get("dev")}
                            for m in os_x.find("mountpoints")]
assert j["filesystems"] == [{"dev": f.get("dev"), "type": f.findtext("type"),
                             "label": f.findtext("label"),
                             "uuid": f.findtext("uuid")}
                            for f in os_x.find("filesystems")]
assert [(m["name"], m["dev"]) for m in j["drive_mappings"]] == \
    [(m.get("name"), m.text) for m in os_x.find("drive_mappings")], j["drive_mappings"]
apps = [{c.tag: c.text for c in a} for a in os_x.find("applications")]
assert len(j["applications"]) == len(apps) == 3
for ja, xa in zip(j["applications"], apps):
    for k, v in ja.items():
        want = xa.get(k)
        if k == "epoch":
            want = int(want or 0)
        assert v == want or (v in ("", None) and want is None), (k, v, want)
assert j["icon"] is None
print("ok")
EOF
)"

# The btrfs guest: root in subvolume @, /home in @home.
btrfs_fs () {
    printf '      <filesystem dev="btrfsvol:/dev/sda1/%s">
        <type>btrfs</type>
        <uuid>%s</uuid>
      </filesystem>\n' "$1" "$GB_UUID"
}
out=$(virt-inspector -a btrfs.img 2>&1)
check_eq "virt-inspector btrfs: the whole document" "0 <?xml version=\"1.0\"?>
<operatingsystems>
  <operatingsystem>
    <root>btrfsvol:/dev/sda1/@</root>
    <name>linux</name>
    <arch>x86_64</arch>
    <distro>fedora</distro>
    <product_name>Fedora Linux 40 (Workstation Edition)</product_name>
    <major_version>40</major_version>
    <minor_version>0</minor_version>
    <package_format>rpm</package_format>
    <package_management>dnf</package_management>
    <hostname>tumble.example.org</hostname>
    <osinfo>fedora40</osinfo>
    <mountpoints>
      <mountpoint dev=\"btrfsvol:/dev/sda1/@\">/</mountpoint>
      <mountpoint dev=\"btrfsvol:/dev/sda1/@home\">/home</mountpoint>
    </mountpoints>
    <filesystems>
$(btrfs_fs @; btrfs_fs @home)
    </filesystems>
    <applications/>
  </operatingsystem>
</operatingsystems>" "$? $out"
echo "$out" > btrfs.xml
check "virt-inspector btrfs: valid by the grammar" \
    valid btrfs.xml

# The dual-boot disk: two operating systems, the Linux one with its
# logo as the icon (base64 as libxml2 writes it: lines of 72
# characters ending in CR LF).
out=$(virt-inspector -a win/dual.img 2>&1)
check_eq "virt-inspector dual-boot: the whole document" "0 <?xml version=\"1.0\"?>
<operatingsystems>
  <operatingsystem>
    <root>/dev/sda1</root>
    <name>linux</name>
    <arch>x86_64</arch>
    <distro>debian</distro>
    <product_name>Debian GNU/Linux 12 (bookworm)</product_name>
    <major_version>12</major_version>
    <minor_version>0</minor_version>
    <package_format>deb</package_format>
    <package_management>apt</package_management>
    <hostname>dualdeb</hostname>
    <osinfo>debian12</osinfo>
    <mountpoints>
      <mountpoint dev=\"/dev/sda1\">/</mountpoint>
    </mountpoints>
    <filesystems>
      <filesystem dev=\"/dev/sda1\">
        <type>ext4</type>
        <label>DUALROOT</label>
        <uuid>$(uuid win/dual.img 2048)</uuid>
      </filesystem>
    </filesystems>
    <applications/>
    <icon>$(base64 -w 72 win/logo.png | sed '$!s/$/\r/')</icon>
  </operatingsystem>
  <operatingsystem>
    <root>/dev/sda2</root>
    <name>windows</name>
    <arch>x86_64</arch>
    <distro>windows</distro>
    <product_name>Windows 7 Professional</product_name>
    <product_variant>Client</product_variant>
    <major_version>6</major_version>
    <minor_version>1</minor_version>
    <windows_systemroot>/Windows</windows_systemroot>
    <windows_current_control_set>ControlSet001</windows_current_control_set>
    <hostname>WIN7-PC</hostname>
    <osinfo>win7</osinfo>
    <mountpoints>
      <mountpoint dev=\"/dev/sda2\">/</mountpoint>
    </mountpoints>
    <filesystems>
      <filesystem dev=\"/dev/sda2\">
        <type>ntfs</type>
        <uuid>$(uuid win/dual.img 43008)</uuid>
      </filesystem>
    </filesystems>
    <drive_mappings>
      <drive_mapping name=\"C\">/dev/sda2</drive_mapping>
    </drive_mappings>
    <applications/>
  </operatingsystem>
</operatingsystems>" "$? $out"
echo "$out" > dual.xml
check "virt-inspector dual-boot: valid by the grammar" \
    valid dual.xml

# ---- virt-filesystems --all --long: btrfs (sda) and LVM (sdb).

# table ROW...: ROWs of |-separated fields laid out as virt-filesystems
# does ("-" for empty; two spaces between columns, one if that makes
# the lines longer than 72).
table () {
    printf '%s\n' "$@" | awk -F'|' '
        { n = NR; for (i = 1; i <= NF; i++) { if ($i == "") $i = "-"
              c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) }
          nf = NF }
        END { t = 0; for (i = 1; i <= nf; i++) t += w[i] + 2
              sp = t > 72 ? 1 : 2
              for (r = 1; r <= n; r++) { line = ""
                  for (i = 1; i < nf; i++)
                      line = line sprintf("%-" w[i] + sp "s", c[r, i])
                  print line c[r, nf] } }'
}
out=$(virt-filesystems --all --long -a btrfs.img -a lin/deb.img 2>&1)
check_eq "virt-filesystems --all --long: btrfs subvolumes and LVM" "0 $(table \
    "Name|Type|VFS|Label|MBR|Size|Parent" \
    "/dev/sda1|filesystem|btrfs|||$(fssize /dev/sda1)|" \
    "btrfsvol:/dev/sda1/@|filesystem|btrfs||||" \
    "btrfsvol:/dev/sda1/@home|filesystem|btrfs||||" \
    "/dev/sdb1|filesystem|ext4|||$(fssize /dev/sdb1)|" \
    "/dev/debvg/home|filesystem|ext4|||$(fssize /dev/debvg/home)|" \
    "/dev/debvg/root|filesystem|ext4|||$(fssize /dev/debvg/root)|" \
    "/dev/debvg/home|lv||||16777216|/dev/debvg" \
    "/dev/debvg/root|lv||||67108864|/dev/debvg" \
    "/dev/debvg|vg||||146800640|/dev/sdb2" \
    "/dev/sdb2|pv||||146800640|" \
    "/dev/sda1|partition|||83|$(( (327680 - 2048) * 512 ))|/dev/sda" \
    "/dev/sdb1|partition|||83|$(( (34816 - 2048) * 512 ))|/dev/sdb" \
    "/dev/sdb2|partition|||83|$(( (327680 - 34816) * 512 ))|/dev/sdb" \
    "/dev/sda|device||||167772160|" "/dev/sdb|device||||167772160|")" \
    "$? $out"
# ---- virt-df: btrfs (sda: the device and both subvolumes) and the
# NTFS guest (sdb: C: and E:) as one guest.
dfrow () {  # dfrow NAME FS(of the statvfs session)
    local b f a s
    b=$(st "$2" blocks) f=$(st "$2" bfree) a=$(st "$2" bavail) s=$(st "$2" bsize)
    awk -v n="$1" -v b="$b" -v f="$f" -v a="$a" -v s="$s" 'BEGIN {
        p = b ? 100 - 100 * f / b : 0; p = (p == int(p)) ? p : int(p) + 1
        printf "%-36s%10d %10d %10d %4d%%\n", n, b * s / 1024,
               (b - f) * s / 1024, a * s / 1024, p }'
}
out=$(virt-df -a btrfs.img -a win/win-mbr.img 2>&1)
check_eq "virt-df: btrfs and NTFS" "0 $(printf '%-36s%10s %10s %10s %5s\n' \
    Filesystem 1K-blocks Used Available Use%)
$(dfrow btrfs.img+:/dev/sda1 /dev/sda1)
$(dfrow btrfs.img+:btrfsvol:/dev/sda1/@ /dev/sda1)
$(dfrow btrfs.img+:btrfsvol:/dev/sda1/@home /dev/sda1)
$(dfrow btrfs.img+:/dev/sdb1 /dev/sdc1)
$(dfrow btrfs.img+:/dev/sdb2 /dev/sdc2)" "$? $out"

# ---- NTFS through ntfs-3g: virt-ls -l with a Windows path (any case),
# virt-edit -e -b, then virt-cat of Windows paths reads back both.
out=$(virt-ls -l -a win/win-mbr.img 'c:\WINDOWS' 2>&1)
rc=$?
masked=$(sed -E "s/ ($day1|$day2) [0-2][0-9]:[0-5][0-9] / DATE /" <<<"$out")
check_eq "virt-ls -l 'c:\\WINDOWS'" "0 total 5
drwxrwxrwx 1 root root    0 DATE .
drwxrwxrwx 1 root root 4096 DATE ..
drwxrwxrwx 1 root root    0 DATE System32
-rwxrwxrwx 1 root root    7 DATE win.ini" "$rc $masked"

out=$(virt-edit -a win/win-mbr.img 'C:\Windows\win.ini' -b .orig \
      -e 's/\[(\w+)\]/[$1]\r\nx=1/; s/fonts/extensions/g' 2>&1)
check_eq "virt-edit -e -b on NTFS: exit status, no output" "0 " "$? $out"
virt-cat -a win/win-mbr.img 'C:\Windows\win.ini' 'c:\windows\WIN.INI.orig' \
    'C:\Program Files\App\readme.txt' > cat.out 2>&1
check_eq "virt-cat: the edited file, its backup, another file" \
    "0 $(printf '[extensions]\r\nx=1[fonts]read me' | od -c)" "$? $(od -c < cat.out)"

# ---- btrfs: /home is subvolume @home (fstab subvol=/@home).
out=$(virt-cat -a btrfs.img /home/user/file /etc/hostname 2>&1)
check_eq "virt-cat of /home on btrfs" "0 hello from @hometumble.example.org" \
    "$? $out"
mkdir co
out=$(virt-copy-out -a btrfs.img /home/user /etc/hostname co 2>&1)
check_eq "virt-copy-out from btrfs: exit status, no output" "0 " "$? $out"
check_eq "virt-copy-out from btrfs: the tree" "d co/user
f co/hostname
f co/user/file" "$(find co -mindepth 1 -printf '%y %p\n' | sort)"
check_eq "virt-copy-out from btrfs: the contents" \
    "tumble.example.org
hello from @home" "$(cat co/hostname co/user/file)"

done_testing
