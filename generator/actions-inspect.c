/* guestkit — generator: API table, area "inspect".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file holds the table entries of the "inspect" area: looking
 * for operating systems on the disks (C<inspect_os>) and the calls
 * that return what was found.  Daemon calls of this area take
 * procedure numbers 900..999 (append-only).
 *
 * Most tests use the prep "guests" (F<tests/test-actions.sh>, images
 * from F<tests/inspect-images.sh>): /dev/sda is a Debian-like guest
 * (root /dev/sda2, /boot by LABEL=, /srv by PARTUUID=, a swap line, an
 * fstab entry whose UUID matches nothing), /dev/sdb a Windows-like
 * one (hives built with hivexsh, names in odd case), /dev/sdc an LVM
 * Fedora-like one (/dev/mapper names in fstab, /bin a symlink, hostile
 * /etc/hostname and /etc/HOSTNAME).
 */

#include <config.h>

#include "types.h"

#define NOARGS { { A_NONE, NULL } }
#define NOOPTS { { O_NONE, NULL } }
#define ROOTARG { { A_STRING, "root" } }
#define TESTS(...) (const struct test[]) { __VA_ARGS__, { NULL } }

#define LR "/dev/sda2"
#define WR "/dev/sdb1"
#define VR "/dev/VGI/root"
#define ROOTS LR "\n" WR "\n" VR "\n"
/* Run CMD on each of the three roots.  Inspection is slow under TCG, so
 * only the first tests (inspect_os, in table order) inspect: the
 * others use the results kept in the daemon, checked by
 * inspect-get-roots. */
#define ON3(cmd) "inspect-get-roots\n" cmd " " LR "\n" cmd " " WR "\n" cmd " " VR
#define NOTROOT(cmd) \
  { "guests", "inspect-get-roots\n" cmd " /dev/sda1", \
    "~error: .*/dev/sda1: root device not found: only call this function " \
    "with a root device previously returned by guestfs_inspect_os" }
#define SEE_INSPECT "  See INSPECTION in guestfs(3)."

/* A getter of ROOT returning a string (or number) per root. */
#define GETTER(nm, nr, rt, sd, ld, el, ew, ev) {                        \
    .name = #nm, .proc_nr = nr, .ret = rt, .args = ROOTARG,              \
    .optargs = NOOPTS, .shortdesc = sd, .longdesc = ld SEE_INSPECT,     \
    .tests = TESTS ({ "guests", ON3 (CMD_##nm), ROOTS el "\n" ew "\n" ev "\n" }, \
                    NOTROOT (CMD_##nm)),                                \
  }

#define CMD_inspect_get_type "inspect-get-type"
#define CMD_inspect_get_distro "inspect-get-distro"
#define CMD_inspect_get_product_name "inspect-get-product-name"
#define CMD_inspect_get_product_variant "inspect-get-product-variant"
#define CMD_inspect_get_major_version "inspect-get-major-version"
#define CMD_inspect_get_minor_version "inspect-get-minor-version"
#define CMD_inspect_get_arch "inspect-get-arch"
#define CMD_inspect_get_hostname "inspect-get-hostname"
#define CMD_inspect_get_package_format "inspect-get-package-format"
#define CMD_inspect_get_package_management "inspect-get-package-management"
#define CMD_inspect_get_format "inspect-get-format"
#define CMD_inspect_get_osinfo "inspect-get-osinfo"
#define CMD_inspect_is_live "inspect-is-live"
#define CMD_inspect_is_netinst "inspect-is-netinst"
#define CMD_inspect_is_multipart "inspect-is-multipart"
#define CMD_inspect_get_mountpoints "inspect-get-mountpoints"
#define CMD_inspect_get_filesystems "inspect-get-filesystems"

/* Two NTFS and ext4 filesystems without an OS on the blank disk. */
#define TWOFS "part-init /dev/sda mbr\npart-add /dev/sda p 2048 100000\n" \
  "part-add /dev/sda p 100352 200000\nmkfs ntfs /dev/sda1\n" \
  "mkfs ext4 /dev/sda2\n"

const struct action actions_inspect[] = {
  {
    .name = "inspect_os", .proc_nr = 900, .ret = R_STRINGLIST,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "inspect disk and return list of operating systems found",
    .longdesc = "Look at every filesystem of the disks for operating "
      "systems and return the root filesystem of each one found (an "
      "empty list if there is none; several for a multi-boot guest).  "
      "Everything mounted is unmounted first, and inspection leaves "
      "nothing mounted: each filesystem is mounted read-only in a "
      "private place, looked at and unmounted.  The results are kept "
      "for the inspect_get_* calls until the next inspect_os.  "
      "Encrypted devices must be opened first." SEE_INSPECT,
    .tests = TESTS (
      { "guests", "mount /dev/sda1 /\ninspect-os\nmounts\ninspect-os",
        ROOTS ROOTS },
      { "none", "inspect-os\ninspect-get-roots\necho none", "none\n" },
      /* Nothing stays mounted: mkfs refuses a mounted device. */
      { "none", TWOFS "inspect-os\nmkfs ext2 /dev/sda1\nmkfs ext2 /dev/sda2\n"
        "mounts\necho done", "done\n" }),
  },
  {
    .name = "inspect_get_roots", .proc_nr = 901, .ret = R_STRINGLIST,
    .args = NOARGS, .optargs = NOOPTS,
    .shortdesc = "return list of operating systems found by last inspection",
    .longdesc = "Return the roots found by the last inspect_os, without "
      "inspecting again (an empty list before inspect_os or if none "
      "was found)." SEE_INSPECT,
    .tests = TESTS (
      { "guests", "inspect-os\ninspect-get-roots", ROOTS ROOTS }),
  },
  GETTER (inspect_get_type, 902, R_STRING, "get type of inspected operating system",
          "Return the type of the operating system whose root is ROOT: "
          "\"linux\", \"windows\" (others such as \"freebsd\" are not "
          "detected yet), or \"unknown\".",
          "linux", "windows", "linux"),
  GETTER (inspect_get_distro, 903, R_STRING, "get distro of inspected operating system",
          "Return the distribution: \"debian\", \"ubuntu\", \"fedora\", "
          "\"rhel\", \"centos\", \"rocky\", \"opensuse\", \"archlinux\", "
          "\"alpinelinux\" and the other names of libguestfs, \"windows\" "
          "for Windows, or \"unknown\".  It comes from /etc/os-release, "
          "/etc/lsb-release or the distribution's release file.",
          "debian", "windows", "fedora"),
  GETTER (inspect_get_product_name, 904, R_STRING,
          "get product name of inspected operating system",
          "Return the product name, free text for display (not for "
          "parsing), or \"unknown\".  As in libguestfs, a Debian guest "
          "gives the content of /etc/debian_version, since its "
          "os-release has only the major version.",
          "12.5", "Windows 10 Pro", "Fedora release 38 (Thirty Eight)"),
  GETTER (inspect_get_product_variant, 905, R_STRING,
          "get product variant of inspected operating system",
          "Return the product variant: for Windows the registry value "
          "InstallationType (\"Client\", \"Server\" ...), otherwise "
          "\"unknown\".",
          "unknown", "Client", "unknown"),
  GETTER (inspect_get_major_version, 906, R_INT,
          "get major version of inspected operating system",
          "Return the major version number, or 0 if it is not known.  "
          "Windows gives its internal version (6 for Windows 7, 10 for "
          "Windows 10).",
          "12", "10", "38"),
  GETTER (inspect_get_minor_version, 907, R_INT,
          "get minor version of inspected operating system",
          "Return the minor version number, or 0 if it is not known.",
          "5", "0", "0"),
  GETTER (inspect_get_arch, 908, R_STRING, "get architecture of inspected operating system",
          "Return the architecture (names as file_architecture gives "
          "them) read from the header of a common binary (/bin/bash, "
          "/bin/ls ... or Windows' cmd.exe), or \"unknown\".",
          "x86_64", "x86_64", "aarch64"),
  GETTER (inspect_get_hostname, 909, R_STRING,
          "get hostname of the operating system",
          "Return the hostname found in the guest's configuration "
          "(/etc/HOSTNAME, /etc/hostname, /etc/sysconfig/network; the "
          "Windows ComputerName), or \"unknown\".",
          "debby", "WIN-TEST", "fedhost.example.com"),
  GETTER (inspect_get_package_format, 910, R_STRING, "get package format used by the operating system",
          "Return the package format (\"deb\", \"rpm\", \"pacman\", "
          "\"apk\", \"ebuild\", \"pisi\", \"xbps\"), or \"unknown\" "
          "(also for Windows).",
          "deb", "unknown", "rpm"),
  GETTER (inspect_get_package_management, 911, R_STRING,
          "get package management tool used by the operating system",
          "Return the package manager (\"apt\", \"dnf\", \"yum\", "
          "\"zypper\", \"urpmi\", \"pacman\", \"portage\", \"apk\" ...), "
          "or \"unknown\" (also for Windows).",
          "apt", "unknown", "dnf"),
  GETTER (inspect_get_format, 912, R_STRING, "get format of inspected operating system",
          "Deprecated, with no replacement: always \"installed\", as "
          "in libguestfs since 1.38.",
          "installed", "installed", "installed"),
  GETTER (inspect_get_osinfo, 913, R_STRING, "get a possible osinfo short ID corresponding to this operating system",
          "Return a guess at the libosinfo short id of the operating "
          "system (\"debian12\", \"fedora38\", \"win10\" ...), or "
          "\"unknown\".  Nothing checks that osinfo-db has it.",
          "debian12", "win10", "fedora38"),
  GETTER (inspect_is_live, 914, R_BOOL, "get live flag for install disk",
          "Deprecated, with no replacement: always false.",
          "false", "false", "false"),
  GETTER (inspect_is_netinst, 915, R_BOOL, "get netinst (network installer) flag for install disk",
          "Deprecated, with no replacement: always false.",
          "false", "false", "false"),
  GETTER (inspect_is_multipart, 916, R_BOOL, "get multipart flag for install disk",
          "Deprecated, with no replacement: always false.",
          "false", "false", "false"),
  GETTER (inspect_get_mountpoints, 917, R_HASHTABLE, "get mountpoints of inspected operating system",
          "Return where the filesystems of the operating system are "
          "mounted, as pairs of mountpoint and filesystem, from its "
          "/etc/fstab (UUID=, LABEL=, PARTUUID=, PARTLABEL= and guest "
          "device names mapped to ours; entries that match no "
          "filesystem, swap and pseudo filesystems left out).  If fstab "
          "names nothing for /, the root comes first as /.  Windows "
          "gives just / for the root.  Mount them shortest mountpoint "
          "first.",
          "/: /dev/sda2\n/boot: /dev/sda1\n/srv: /dev/sda3",
          "/: /dev/sdb1", "/: /dev/VGI/root\n/home: /dev/VGI/home"),
  GETTER (inspect_get_filesystems, 918, R_STRINGLIST, "get filesystems associated with inspected operating system",
          "Return every filesystem that belongs to the operating "
          "system: those of inspect_get_mountpoints and devices with "
          "no mountpoint such as swap.",
          "/dev/sda2\n/dev/sda1\n/dev/sda3\n/dev/sda4", "/dev/sdb1",
          "/dev/VGI/root\n/dev/VGI/home"),
  {
    .name = "inspect_get_windows_systemroot", .proc_nr = 919,
    .ret = R_STRING, .args = ROOTARG, .optargs = NOOPTS,
    .shortdesc = "get Windows systemroot of inspected operating system",
    .longdesc = "Return the systemroot of a Windows guest as it is "
      "written on its disk (such as /Windows); an error for a root "
      "that is not Windows." SEE_INSPECT,
    .tests = TESTS (
      { "guests", "inspect-get-roots\ninspect-get-windows-systemroot " WR "\n"
        "inspect-get-windows-systemroot " LR,
        ROOTS "/WINDOWS\nlibguestfs: error: inspect_get_windows_systemroot: "
        "not a Windows guest, or systemroot could not be determined\n" },
      NOTROOT ("inspect-get-windows-systemroot")),
  },
  {
    .name = "inspect_get_windows_current_control_set", .proc_nr = 920,
    .ret = R_STRING, .args = ROOTARG, .optargs = NOOPTS,
    .shortdesc = "get Windows CurrentControlSet of inspected operating system",
    .longdesc = "Return the registry key name of the current control "
      "set of a Windows guest (such as ControlSet001), from the SYSTEM "
      "hive; an error if it is not Windows or the hive could not be "
      "read." SEE_INSPECT,
    .tests = TESTS (
      { "guests", "inspect-get-roots\ninspect-get-windows-current-control-set " WR
        "\ninspect-get-windows-current-control-set " VR,
        ROOTS "ControlSet001\nlibguestfs: error: "
        "inspect_get_windows_current_control_set: not a Windows guest, or "
        "CurrentControlSet could not be determined\n" },
      NOTROOT ("inspect-get-windows-current-control-set")),
  },
  {
    .name = "inspect_get_windows_software_hive", .proc_nr = 921,
    .ret = R_STRING, .args = ROOTARG, .optargs = NOOPTS,
    .shortdesc = "get the path of the Windows software hive",
    .longdesc = "Return the path of the hive file of HKLM\\SOFTWARE of a "
      "Windows guest, as it is written on its disk, for hivex_open "
      "(it is not checked to be a valid hive); an error if it is not "
      "Windows or has no such file." SEE_INSPECT,
    .tests = TESTS (
      { "guests", "inspect-get-roots\ninspect-get-windows-software-hive " WR "\n"
        "mount-ro " WR " /\nhivex-open /WINDOWS/System32/CONFIG/SOFTWARE\n"
        "hivex-close\ninspect-get-windows-software-hive " LR,
        ROOTS "/WINDOWS/System32/CONFIG/SOFTWARE\nlibguestfs: error: "
        "inspect_get_windows_software_hive: not a Windows guest, or "
        "software hive not found\n" },
      NOTROOT ("inspect-get-windows-software-hive")),
  },
  {
    .name = "inspect_get_windows_system_hive", .proc_nr = 922,
    .ret = R_STRING, .args = ROOTARG, .optargs = NOOPTS,
    .shortdesc = "get the path of the Windows system hive",
    .longdesc = "Return the path of the hive file of HKLM\\SYSTEM of a "
      "Windows guest, as it is written on its disk; an error if it is "
      "not Windows or has no such file." SEE_INSPECT,
    .tests = TESTS (
      { "guests", "inspect-get-roots\ninspect-get-windows-system-hive " WR "\n"
        "inspect-get-windows-system-hive " LR,
        ROOTS "/WINDOWS/System32/CONFIG/SYSTEM\nlibguestfs: error: "
        "inspect_get_windows_system_hive: not a Windows guest, or "
        "system hive not found\n" },
      NOTROOT ("inspect-get-windows-system-hive")),
  },
  {
    .name = "inspect_get_drive_mappings", .proc_nr = 923,
    .ret = R_HASHTABLE, .args = ROOTARG, .optargs = NOOPTS,
    .shortdesc = "get drive letter mappings",
    .longdesc = "Return the drive letters of a Windows guest, as pairs "
      "of letter (\"C\", without the colon) and partition, from the "
      "MountedDevices key of its SYSTEM hive: values holding an MBR disk "
      "signature and partition offset, or a GPT partition GUID, that "
      "match one of our partitions.  Other entries (CD-ROMs, volumes "
      "not found) are left out; guests without drive letters give an "
      "empty list." SEE_INSPECT,
    .tests = TESTS (
      { "guests", ON3 ("inspect-get-drive-mappings"), ROOTS "C: /dev/sdb1\n" },
      NOTROOT ("inspect-get-drive-mappings")),
  },
  {
    .name = "inspect_get_icon", .proc_nr = 926, .ret = R_BUFFEROUT,
    .args = ROOTARG,
    .optargs = { { O_BOOL, "favicon" }, { O_BOOL, "highquality" } },
    .shortdesc = "get the icon corresponding to this operating system",
    .longdesc = "Return a PNG icon of the operating system ROOT, or an "
      "empty buffer if none was found (check for that).  The guest "
      "filesystems must be mounted first (as inspect-get-mountpoints "
      "gives them): unlike other inspection calls this one reads the "
      "guest.  /etc/favicon.png (C:\\etc\\favicon.png for Windows) is "
      "tried first unless FAVICON is false; then the distribution's "
      "logo file (Debian, Ubuntu, Fedora, RHEL and its clones, openSUSE, "
      "Mageia, Void, ALT).  HIGHQUALITY returns only good icons: no "
      "favicon, no low-resolution logo.  A file is returned only if it "
      "is a PNG of 16 to 1024 pixels each way of a reasonable size.  "
      "Icons are not extracted from Windows programs.  The icon comes "
      "from the untrusted guest." SEE_INSPECT,
    .tests = TESTS (
      { "guests", "inspect-get-roots\nmount-ro " LR " /\n"
        "inspect-get-icon " LR " | wc -c\n"
        "inspect-get-icon " WR " favicon:false highquality:true | wc -c",
        ROOTS "0\n0\n" },
      NOTROOT ("inspect-get-icon")),
  },
  {
    .name = "inspect_list_applications2", .proc_nr = 924,
    .ret = R_STRUCTLIST, .ret_struct = "application2", .args = ROOTARG,
    .optargs = NOOPTS,
    .shortdesc = "get list of applications installed in the operating system",
    .longdesc = "Return the applications installed in the operating "
      "system ROOT, sorted by name.  Unlike the other inspection calls, "
      "this one reads the guest's files: call inspect-os, mount the "
      "guest's filesystems on their mountpoints (inspect-get-mountpoints) "
      "and then call this.  Linux packages come from the dpkg status "
      "file (installed packages only), from the rpm database (read with "
      "the rpm program) or from apk's database; Windows applications "
      "from the Uninstall keys of the SOFTWARE hive (the WOW6432Node "
      "ones too).  Fields that are not known are empty strings (the "
      "epoch is 0).  If the list cannot be determined it is empty."
      SEE_INSPECT,
    .tests = TESTS (
      { "guests", "inspect-get-roots\numount-all\nmount-ro " WR " /\n"
        "inspect-list-applications2 " WR " | grep -E "
        "'^  app2_(name|display_name|version|publisher|install_path|url|"
        "description):'\numount-all",
        ROOTS "  app2_name: Editor\n  app2_display_name: Old Editor (32-bit)\n"
        "  app2_version: 1.0.3\n  app2_install_path: \n"
        "  app2_publisher: \n  app2_url: \n  app2_description: \n"
        "  app2_name: {5A1B-TOOL}\n  app2_display_name: Test Tool\n"
        "  app2_version: 2.1\n  app2_install_path: C:\\Program Files\\Tool\n"
        "  app2_publisher: Example Corp\n  app2_url: https://example.com/tool\n"
        "  app2_description: A tool\n" },
      NOTROOT ("inspect-list-applications2")),
  },
  {
    .name = "inspect_list_applications", .proc_nr = 925,
    .deprecated_by = "inspect_list_applications2",
    .ret = R_STRUCTLIST, .ret_struct = "application", .args = ROOTARG,
    .optargs = NOOPTS,
    .shortdesc = "get list of applications installed in the operating system",
    .longdesc = "The same list as inspect-list-applications2, without "
      "the architecture field." SEE_INSPECT,
    .tests = TESTS (
      { "guests", "inspect-get-roots\numount-all\nmount-ro " WR " /\n"
        "inspect-list-applications " WR " | grep -E "
        "'^  app_(name|version):'\numount-all",
        ROOTS "  app_name: Editor\n  app_version: 1.0.3\n"
        "  app_name: {5A1B-TOOL}\n  app_version: 2.1\n" },
      NOTROOT ("inspect-list-applications")),
  },
  { .name = NULL },
};
