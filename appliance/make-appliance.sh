#!/bin/bash
# guestkit — build the appliance from the host's kernel and programs.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# This file implements the appliance build: it writes into OUTDIR
#   kernel   uncompressed vmlinux (ELF with a PVH note, for QEMU -kernel)
#   vmlinuz  the host's bzImage, as a fallback for -kernel
#   initrd   newc cpio: /init (static, from init.c), kernel modules,
#            /modules.list (the modules in load order)
#   root     read-only root image (erofs by default, or squashfs)
#   .inputs  checksum of everything the build depends on
#
# Usage: make-appliance.sh OUTDIR DAEMON_BINARY
#
# Environment (all optional):
#   GUESTKIT_KERNEL_VERSION  kernel to use (default: newest under
#                            /lib/modules that has /boot/vmlinuz-VERSION)
#   GUESTKIT_INIT            a prebuilt static init (default: compile
#                            init.c beside this script with $CC -static)
#   GUESTKIT_ROOTFS          erofs (default) or squashfs
#   GUESTKIT_INITRD_COMPRESS none (default) or gzip
#   GUESTKIT_EXTRA_MODULES   more modules for the root image (loaded on
#                            demand), e.g. "nilfs2 f2fs"
#   CC, CFLAGS               compiler for init.c
#
# Contract with the library (how to boot it):
#   qemu-system-x86_64 -nodefaults -display none -no-user-config
#     -machine pc,accel=kvm|tcg -cpu host|max -m 768 -no-reboot
#     -kernel OUTDIR/kernel -initrd OUTDIR/initrd -serial stdio
#     -append "console=ttyS0 acpi=off pci=conf1 reboot=t panic=-1 quiet
#              8250.nr_uarts=1 cryptomgr.notests tsc=reliable
#              no_timer_check guestfs_root=/dev/vdX [guestfs_verbose=1]
#              [noapictimer noreplace-smp under TCG]"
#   (OUTDIR/vmlinuz also boots but costs ~3 s more under TCG: the kernel
#   decompresses itself.)
#   Disks are virtio-blk (disable-modern=on is fine): the user's disks
#   first, in add order (/dev/vda, /dev/vdb, ...), then the appliance
#   root image LAST, read-only; guestfs_root names that last disk.
#   The RPC channel is a virtio-serial port named
#   org.libguestfs.channel.0 (-device virtio-serial-pci, -device
#   virtserialport,name=org.libguestfs.channel.0); the daemon finds it
#   through /sys/class/virtio-ports/vport*/name (/dev/vportNpM).
#   /init exits QEMU (reboot) when guestfsd exits, after printing
#   "guestfsd exited with status N" on the serial console.
#   Inside, guestfsd runs as root with PATH=/usr/sbin:/usr/bin:/sbin:/bin
#   HOME=/root LANG=C TERM=dumb, "-v" when guestfs_verbose=1; / is
#   read-only, /tmp /run /root are tmpfs, /sysroot is the mount point
#   for guest filesystems, /dev is devtmpfs (no udev).

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
self="$here/$(basename "${BASH_SOURCE[0]}")"

die () { echo "make-appliance.sh: $*" >&2; exit 1; }
warn () { echo "make-appliance.sh: warning: $*" >&2; }

[ $# -eq 2 ] || die "usage: make-appliance.sh OUTDIR DAEMON_BINARY"
outdir=$1
daemon=$2
[ -f "$daemon" ] || die "daemon binary $daemon: not found"
[ "$(head -c4 "$daemon" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] ||
  die "daemon binary $daemon: not an ELF executable (a libtool wrapper?)"

rootfs=${GUESTKIT_ROOTFS:-erofs}
initrd_compress=${GUESTKIT_INITRD_COMPRESS:-none}
case $rootfs in erofs|squashfs) ;; *) die "GUESTKIT_ROOTFS: erofs or squashfs";; esac
case $initrd_compress in none|gzip) ;; *) die "GUESTKIT_INITRD_COMPRESS: none or gzip";; esac

# Programs the daemon may run (missing ones are skipped with a warning).
programs=(
  ls cat cp mv rm mkdir rmdir df du stat sync dd touch chmod chown ln
  readlink realpath sort head tail wc md5sum sha1sum sha256sum sha512sum
  env true false uname mktemp base64 truncate tr cut tee basename
  dirname sleep seq id awk
  mount umount blkid blockdev sfdisk findfs wipefs lsblk losetup mkswap
  fsfreeze
  mke2fs mkfs.ext2 mkfs.ext3 mkfs.ext4 e2fsck fsck.ext2 fsck.ext3
  fsck.ext4 tune2fs resize2fs e2label dumpe2fs debugfs
  mkfs.xfs xfs_admin xfs_db xfs_repair xfs_growfs xfs_io
  mkfs.vfat mkfs.fat mkfs.msdos fsck.vfat fsck.fat fatlabel
  mkfs.btrfs btrfs
  lvm dmsetup parted sgdisk modprobe lsmod
  tar gzip gunzip bzip2 xz unxz lzma zstd lzop file grep sed find xargs
)
# More programs, one list per area of the API table (generator/actions-*.c).
programs_files=(
  chmod chown chgrp ln mknod mkfifo touch stat find cp mv
)
programs_content=(
  hexdump od strings cmp md5sum sha1sum sha224sum sha256sum sha384sum
  sha512sum b2sum cksum zcat bzcat xzcat zstdcat zgrep bzgrep xzgrep
  fallocate
)
programs_xattr_streams=(
  getfattr setfattr getfacl setfacl getcap setcap cpio base64 sh find
  unshare chroot
)
programs_devices=(
  dmesg uname findmnt blockdev sh bash chroot blkdiscard losetup
)
programs_parted=(
  sfdisk sgdisk parted partx
)
programs_lvm=(
  cryptsetup mdadm
)
programs_fs=(
  zerofree fstrim swapon swapoff mkswap e2fsck fsck lsattr chattr
  xfs_info xfs_admin xfs_repair xfs_growfs mkfs.btrfs btrfs btrfstune
  ntfs-3g ntfs-3g.probe ntfsresize ntfsfix ntfslabel mkfs.ntfs mkntfs
  ntfsinfo fsck.btrfs btrfsck swaplabel xfs_db xfs_spaceman dumpe2fs e2label
  fatlabel expr
)
# Inspection: rpm lists the packages of a guest's rpm database.
programs_inspect=(
  rpm
)
programs+=("${programs_inspect[@]}")
programs+=("${programs_files[@]}" "${programs_content[@]}"
  "${programs_xattr_streams[@]}" "${programs_devices[@]}"
  "${programs_parted[@]}" "${programs_lvm[@]}" "${programs_fs[@]}")
lvm_links=(
  pvcreate vgcreate lvcreate pvs vgs lvs pvremove vgremove lvremove
  lvresize lvextend lvreduce vgchange lvchange pvchange vgscan pvscan
  lvscan lvrename vgrename pvresize vgextend vgreduce pvdisplay
  vgdisplay lvdisplay
)
# Kernel modules /init loads at boot (with what they depend on).
boot_modules=(
  virtio_pci virtio_blk virtio_console virtio_rng
  crc32c_generic crc32c_intel "$rootfs" ext4 dm_mod
)
# Modules kept in the root image only: the kernel loads them when first
# needed (mount -t xfs, a dm target, ...) by running modprobe.
ondemand_modules=(
  xfs vfat msdos nls_ascii nls_cp437 nls_cp850 nls_iso8859_1 nls_iso8859_15
  nls_utf8 loop btrfs isofs udf
  hfsplus squashfs erofs dm_snapshot dm_mirror dm_zero dm_thin_pool
  dm_crypt raid1 dm_raid md_mod raid0 raid10 raid456 linear fuse xts essiv
)
# shellcheck disable=SC2206
ondemand_modules+=(${GUESTKIT_EXTRA_MODULES:-})

#-- kernel --------------------------------------------------------------

pick_kernel_version () {
  local d v best=
  if [ -n "${GUESTKIT_KERNEL_VERSION:-}" ]; then
    echo "$GUESTKIT_KERNEL_VERSION"; return
  fi
  for d in /lib/modules/*/; do
    v=$(basename "$d")
    [ -f "/boot/vmlinuz-$v" ] && [ -f "$d/modules.dep" ] || continue
    best=$(printf '%s\n%s\n' "$best" "$v" | sort -V | tail -n1)
  done
  [ -n "$best" ] || die "no kernel found (/lib/modules/VER with /boot/vmlinuz-VER)"
  echo "$best"
}

kver=$(pick_kernel_version)
vmlinuz=/boot/vmlinuz-$kver
moddir=/lib/modules/$kver
[ -r "$vmlinuz" ] || die "$vmlinuz: not readable"
[ -r "$moddir/modules.dep" ] || die "$moddir/modules.dep: not found"

# Write the vmlinux inside bzImage $1 to $2 (xz, zstd or gzip payload).
extract_vmlinux () {
  local bz=$1 out=$2 magic tool off
  for magic in 'xz:\xfd7zXZ\x00' 'zstd:\x28\xb5\x2f\xfd' 'gzip:\x1f\x8b\x08'; do
    tool=${magic%%:*}
    for off in $(LC_ALL=C grep -obUaP "${magic#*:}" "$bz" | cut -d: -f1); do
      case $tool in
        xz) tail -c +$((off + 1)) "$bz" | xz -dc --single-stream >"$out" 2>/dev/null || true ;;
        zstd) tail -c +$((off + 1)) "$bz" | zstd -dcq >"$out" 2>/dev/null || true ;;
        gzip) tail -c +$((off + 1)) "$bz" | gzip -dc >"$out" 2>/dev/null || true ;;
      esac
      if is_pvh_elf "$out"; then return 0; fi
    done
  done
  die "could not extract a PVH-bootable vmlinux from $bz"
}

# True if $1 is an ELF file with a Xen PHYS32_ENTRY note (type 18).
is_pvh_elf () {
  [ -s "$1" ] || return 1
  [ "$(head -c4 "$1" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] || return 1
  LC_ALL=C readelf -n "$1" 2>/dev/null |
    grep -Eq '^ +Xen +0x[0-9a-f]+\s+(Unknown note type: \(0x00000012\)|XEN_ELFNOTE_PHYS32_ENTRY|NT_XEN_PHYS32_ENTRY)'
}

#-- host programs -------------------------------------------------------

# Print the host path of program $1, or nothing.
find_program () {
  local d
  for d in /usr/sbin /usr/bin /sbin /bin; do
    if [ -x "$d/$1" ] && [ ! -d "$d/$1" ]; then echo "$d/$1"; return; fi
  done
}

resolve_programs () {
  local name p
  program_paths=()
  programs_missing=()
  for name in "${programs[@]}"; do
    p=$(find_program "$name")
    if [ -n "$p" ]; then program_paths+=("$p")
    else programs_missing+=("$name"); fi
  done
}

# iconv modules for the codepages mkfs.fat/fatlabel use, and their index.
gconv_files () {
  local d f
  for d in /usr/lib/*-linux-gnu*/gconv /usr/lib64/gconv /usr/lib/gconv; do
    [ -d "$d" ] || continue
    for f in "$d"/gconv-modules* "$d"/gconv-modules.d/*.conf \
             "$d"/{IBM437,IBM850,ISO8859-1,ISO8859-15,UTF-16,UTF-32,UTF-7}.so; do
      [ -f "$f" ] && echo "$f"
    done
    return 0
  done
}

magic_files () {
  local f
  for f in /usr/lib/file/magic.mgc /usr/share/misc/magic.mgc /usr/share/file/magic.mgc; do
    [ -e "$f" ] && echo "$f"
  done
  return 0
}

# rpm's configuration (rpmrc, macros), which it reads at start.
rpm_files () {
  local f
  for f in /usr/lib/rpm/rpmrc /usr/lib/rpm/macros /usr/lib/rpm/macros.d/* \
           /usr/lib/rpm/platform/*/macros; do
    [ -f "$f" ] && echo "$f"
  done
  return 0
}

#-- up-to-date check ----------------------------------------------------

init_source () {
  if [ -n "${GUESTKIT_INIT:-}" ]; then echo "$GUESTKIT_INIT"; else echo "$here/init.c"; fi
}

compute_inputs () {
  {
    sha256sum "$self" "$(init_source)" "$daemon" | cut -d' ' -f1
    echo "kernel $kver rootfs=$rootfs initrd=$initrd_compress"
    echo "modules ${boot_modules[*]} / ${ondemand_modules[*]}"
    stat -L -c '%n %s %Y' "$vmlinuz" "$moddir/modules.dep" \
      "${program_paths[@]}" "$(readlink -f /bin/sh)" $(magic_files) $(gconv_files) \
      /etc/ld.so.cache 2>/dev/null || true
  } | sha256sum | cut -d' ' -f1
}

#-- kernel modules ------------------------------------------------------

declare -A mod_path mod_deps mod_pre mod_alias mod_builtin mod_seen
mod_order=()

norm () { local n=${1##*/}; n=${n%%.ko*}; echo "${n//-/_}"; }

# Print the module tables as "kind name values...", names normalized
# (basename, no .ko*, "-" as "_"): dep NAME PATH DEPS..., builtin NAME,
# pre NAME SOFTDEPS..., alias ALIAS NAME.
module_tables () {
  awk '
    function norm(p) { sub(/.*\//, "", p); sub(/\.ko.*/, "", p); gsub(/-/, "_", p); return p }
    FILENAME ~ /modules\.dep$/ {
      sub(/:/, "", $1); line = "dep " norm($1) " " $1
      for (i = 2; i <= NF; i++) line = line " " norm($i)
      print line; next
    }
    FILENAME ~ /modules\.builtin$/ { print "builtin " norm($1); next }
    FILENAME ~ /modules\.softdep$/ && $1 == "softdep" && $3 == "pre:" {
      line = "pre " norm($2)
      for (i = 4; i <= NF && $i != "post:"; i++) line = line " " $i
      print line; next
    }
    FILENAME ~ /modules\.alias$/ && $1 == "alias" && $2 ~ /^[A-Za-z0-9_-]+$/ {
      print "alias " $2 " " norm($3)
    }
  ' "$moddir/modules.dep" "$moddir"/modules.builtin "$moddir"/modules.softdep \
    "$moddir"/modules.alias 2>/dev/null || true
}

read_module_tables () {
  local kind name rest path
  while read -r kind name rest; do
    case $kind in
      dep) path=${rest%% *}; mod_path[$name]=$path
           mod_deps[$name]=${rest#"$path"} ;;
      builtin) mod_builtin[$name]=1 ;;
      pre) mod_pre[$name]="${mod_pre[$name]:-} $rest" ;;
      alias) mod_alias[$name]="${mod_alias[$name]:-} $rest" ;;
    esac
  done < <(module_tables)
}

# Append module $1 and (first) what it needs to mod_order.
# $2 = "soft" for a soft dependency (silently skipped if absent).
visit_module () {
  local m a d
  m=$(norm "$1")
  [ -z "${mod_seen[$m]:-}" ] || return 0
  mod_seen[$m]=1
  if [ -z "${mod_path[$m]:-}" ]; then
    if [ -n "${mod_alias[$1]:-}" ]; then
      for a in ${mod_alias[$1]}; do visit_module "$a" soft; done
    elif [ -z "${mod_builtin[$m]:-}" ] && [ "${2:-}" != soft ]; then
      warn "kernel module $1: not found in $moddir, skipped"
    fi
    return 0
  fi
  for d in ${mod_pre[$m]:-}; do visit_module "$d" soft; done
  for d in ${mod_deps[$m]:-}; do visit_module "$d"; done
  mod_order+=("$m")
}

# Set mod_order to modules "$@" and their dependencies, in load order.
resolve_modules () {
  local m
  mod_seen=()
  mod_order=()
  for m in "$@"; do visit_module "$m"; done
}

# Drop the signature appended to module file $1, if it has one.  The
# kernel hashes every signed module it loads (sha256 over the whole
# file, in the generic C code at boot), which under TCG cost a third
# of the module loading time.  It guards nothing here: Debian's kernel
# enforces signatures only under Secure Boot, which the appliance never
# has (an unsigned module only taints it), and the modules come from
# the appliance's own read-only images.  The layout at
# the end of the file: signature, a 12-byte struct module_signature
# whose last 4 bytes are the signature's length (big-endian), then the
# 28-byte marker.
strip_module_signature () {
  local f=$1 size len
  [ "$(tail -c 28 "$f")" = "~Module signature appended~" ] || return 0
  size=$(stat -c %s "$f")
  [ "$size" -gt 40 ] || die "$f: too short for its module signature"
  len=$(od -An -tu1 -j $((size - 32)) -N 4 "$f" |
        awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }')
  [ $((28 + 12 + len)) -lt "$size" ] || die "$f: bad module signature length $len"
  truncate -s $((size - 28 - 12 - len)) "$f"
}

# Copy module file $1 to $2, decompressed and without its signature.
unpack_module () {
  local src=$1 dst=$2
  case $src in
    *.xz) xz -dc "$src" >"$dst" ;;
    *.zst) zstd -dcq "$src" >"$dst" ;;
    *.gz) gzip -dc "$src" >"$dst" ;;
    *) cp "$src" "$dst" ;;
  esac
  strip_module_signature "$dst"
}

# Copy module $1 into initrd dir $2 and list it.
add_module () {
  local m=$1 dir=$2 dst=/lib/modules/$1.ko
  unpack_module "$moddir/${mod_path[$m]}" "$dir$dst"
  echo "$dst" >>"$dir/modules.list"
}

build_init () {
  local out=$1
  if [ -n "${GUESTKIT_INIT:-}" ]; then
    cp "$GUESTKIT_INIT" "$out"
  else
    # shellcheck disable=SC2086
    ${CC:-gcc} -static ${CFLAGS:--O2} -Wall -Wextra -Werror \
      -o "$out" "$here/init.c"
  fi
}

build_initrd () {
  local dir=$tmp/initrd.d m
  mkdir -p "$dir"/{dev,proc,sys,newroot,lib/modules}
  build_init "$dir/init"
  : >"$dir/modules.list"
  resolve_modules "${boot_modules[@]}"
  for m in "${mod_order[@]}"; do add_module "$m" "$dir"; done
  (cd "$dir" && find . -mindepth 1 | LC_ALL=C sort |
     cpio -o -H newc -R 0:0 --quiet) >"$tmp/initrd.cpio"
  if [ "$initrd_compress" = gzip ]; then
    gzip -n -6 <"$tmp/initrd.cpio" >"$tmp/initrd"
    rm -f "$tmp/initrd.cpio"
  else
    mv "$tmp/initrd.cpio" "$tmp/initrd"
  fi
}

# Put the boot and on-demand modules under /lib/modules/VERSION in the
# root tree, with depmod's indexes, for modprobe: decompressed and
# unsigned, as in the initrd, so that modprobe neither unpacks them nor
# the kernel hashes them on every first use.
install_root_modules () {
  local m dst f ko
  if ! command -v depmod >/dev/null && [ ! -x /usr/sbin/depmod ] && [ ! -x /sbin/depmod ]; then
    warn "depmod not found: no on-demand kernel modules"
    return 0
  fi
  resolve_modules "${boot_modules[@]}" "${ondemand_modules[@]}"
  dst=$root/lib/modules/$kver
  for m in "${mod_order[@]}"; do
    ko=${mod_path[$m]%.xz}; ko=${ko%.zst}; ko=${ko%.gz}
    mkdir -p "$dst/$(dirname "$ko")"
    unpack_module "$moddir/${mod_path[$m]}" "$dst/$ko"
  done
  for f in modules.order modules.builtin modules.builtin.modinfo; do
    [ ! -f "$moddir/$f" ] || cp "$moddir/$f" "$dst/$f"
  done
  PATH=$PATH:/usr/sbin:/sbin depmod -b "$root" "$kver"
}

#-- root image ----------------------------------------------------------

declare -A copied

# Copy host file $1 into the root tree at the same path, following
# (and recreating) symlinks.
copy_file () {
  local src=$1 dst=$root$1 target
  [ -z "${copied[$src]:-}" ] || return 0
  copied[$src]=1
  mkdir -p "$(dirname "$dst")"
  if [ -L "$src" ]; then
    target=$(readlink "$src")
    ln -sfn "$target" "$dst"
    case $target in
      /*) copy_file "$target" ;;
      *) copy_file "$(dirname "$src")/$target" ;;
    esac
  else
    cp -p "$src" "$dst"
  fi
}

# Copy the shared libraries (and loader) that ELF program $1 needs.
copy_libraries () {
  local out lib
  out=$(ldd "$1" 2>/dev/null) || return 0   # static or not ELF
  if grep -q 'not found' <<<"$out"; then
    warn "$1: missing libraries: $(grep 'not found' <<<"$out" | tr -s ' \t\n' ' ')"
  fi
  for lib in $(sed -nE 's|.*=> (/[^ ]+) \(.*|\1|p; s|^\s*(/[^ ]+) \(.*|\1|p' <<<"$out"); do
    copy_file "$lib"
  done
}

# Copy program $1 and whatever it needs to run.
copy_program () {
  local p=$1 interp
  copy_file "$p"
  if [ "$(head -c2 "$p")" = '#!' ]; then
    interp=$(head -n1 "$p" | sed -E 's/^#! *([^ ]+).*/\1/')
    case $interp in
      /bin/sh|/usr/bin/sh) ;;                   # always installed
      *) warn "$p: interpreter $interp not provided" ;;
    esac
  else
    copy_libraries "$(readlink -f "$p")"
  fi
}

make_root_skeleton () {
  local d t
  for d in bin sbin lib lib64; do
    if [ -L "/$d" ]; then
      t=$(readlink "/$d")
      mkdir -p "$root/${t#/}"
      ln -s "$t" "$root/$d"
    else
      mkdir -p "$root/$d"
    fi
  done
  mkdir -p "$root"/{dev,proc,sys,tmp,run,sysroot,root,etc/lvm,var,usr/bin,usr/sbin}
  chmod 1777 "$root/tmp"
  chmod 0700 "$root/root"
  ln -s ../tmp "$root/var/tmp"
  ln -s ../run "$root/var/run"
  ln -s ../run/lock "$root/var/lock"
}

write_etc () {
  local e=$root/etc
  echo 'root:x:0:0:root:/root:/bin/sh' >"$e/passwd"
  echo 'root:x:0:' >"$e/group"
  printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files\n' >"$e/nsswitch.conf"
  : >"$e/fstab"
  echo guestfs >"$e/hostname"
  ln -s /proc/mounts "$e/mtab"
  [ ! -f /etc/mke2fs.conf ] || cp /etc/mke2fs.conf "$e/mke2fs.conf"
  write_lvm_conf >"$e/lvm/lvm.conf"
}

# LVM for an appliance with no udev, no daemons and a read-only /etc.
write_lvm_conf () {
  cat <<'EOF'
# guestkit appliance: no udev, no lvmetad/lvmpolld/dmeventd,
# nothing written under /etc.
config {
	checks = 1
}
devices {
	dir = "/dev"
	scan = [ "/dev" ]
	obtain_device_list_from_udev = 0
	external_device_info_source = "none"
	multipath_component_detection = 0
	md_component_detection = 0
	use_devicesfile = 0
	write_cache_state = 0
	cache_dir = "/run/lvm"
	filter = [ "a|.*|" ]
	global_filter = [ "a|.*|" ]
}
activation {
	udev_sync = 0
	udev_rules = 0
	verify_udev_operations = 0
	monitoring = 0
	polling_interval = 1
	activation_mode = "degraded"
}
global {
	locking_dir = "/run/lock/lvm"
	use_lvmetad = 0
	use_lvmpolld = 0
	use_lvmlockd = 0
	event_activation = 0
	notify_dbus = 0
	system_id_source = "none"
}
backup {
	backup = 0
	archive = 0
	backup_dir = "/run/lvm/backup"
	archive_dir = "/run/lvm/archive"
}
log {
	verbose = 0
	syslog = 0
	activation = 0
}
EOF
}

# /bin/sh is the host's shell (dash on Debian).  Not busybox: its sh
# runs its own applets (tar, grep, ...) in place of the real programs.
install_shell () {
  local sh
  sh=$(readlink -f /bin/sh)
  copy_program "$sh"
  [ -e "$root/usr/bin/sh" ] || ln -s "$sh" "$root/usr/bin/sh"
}

# No udev here: devtmpfs makes the nodes, so "udevadm settle" (run by
# parted and others) has nothing to wait for.
install_udevadm_stub () {
  printf '#!/bin/sh\n# guestkit appliance: no udev, nothing to wait for.\nexit 0\n' \
    >"$root/usr/bin/udevadm"
  chmod 0755 "$root/usr/bin/udevadm"
}

install_programs () {
  local p lvm
  if [ ${#programs_missing[@]} -gt 0 ]; then
    warn "not installed on this host, left out: ${programs_missing[*]}"
  fi
  for p in "${program_paths[@]}"; do copy_program "$p"; done
  install_shell
  install_udevadm_stub
  lvm=$(find_program lvm)
  if [ -n "$lvm" ]; then
    for p in "${lvm_links[@]}"; do ln -sfn lvm "$root$(dirname "$lvm")/$p"; done
  fi
  while read -r p; do copy_file "$p"; done < <(magic_files; gconv_files; rpm_files)
}

# Libraries guestfsd opens on first use (dlopen), which ldd does not
# list: libsystemd for the journal calls.
copy_dlopen_libraries () {
  local lib path
  for lib in libsystemd.so.0; do
    # (awk reads to the end: exiting early would kill ldconfig with
    # SIGPIPE, which pipefail turns into a failed build)
    path=$(PATH=$PATH:/usr/sbin:/sbin ldconfig -p |
           awk -v l="$lib" '$1 == l && /x86-64/ && !p { p = $NF } END { print p }')
    if [ -z "$path" ]; then
      warn "$lib not found: the journal calls will fail in the appliance"
      continue
    fi
    copy_file "$path"
    copy_libraries "$(readlink -f "$path")"
  done
}

build_root () {
  root=$tmp/root.d
  make_root_skeleton
  write_etc
  install_programs
  mkdir -p "$root/usr/sbin"
  cp "$daemon" "$root/usr/sbin/guestfsd"
  chmod 0755 "$root/usr/sbin/guestfsd"
  copy_libraries "$root/usr/sbin/guestfsd"
  copy_dlopen_libraries
  install_root_modules
  if [ "$rootfs" = erofs ]; then
    mkfs.erofs --quiet --all-root -T0 "$tmp/root" "$root" >/dev/null
  else
    mksquashfs "$root" "$tmp/root" -all-root -noappend -quiet \
      -comp lz4 -no-progress >/dev/null
  fi
}

#-- main ----------------------------------------------------------------

# Move the finished outputs into OUTDIR, each with an atomic rename;
# the stamp goes last, so an interrupted install means a rebuild.
install_outputs () {
  local f
  rm -f "$outdir/.inputs"
  for f in kernel vmlinuz initrd root; do mv -f "$tmp/$f" "$outdir/$f"; done
  echo "$inputs" >"$tmp/.inputs"
  mv -f "$tmp/.inputs" "$outdir/.inputs"
}

build () {
  rm -rf "$outdir"/.build.*          # left by a killed build (we hold the lock)
  tmp=$(mktemp -d "$outdir/.build.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  extract_vmlinux "$vmlinuz" "$tmp/kernel"
  cp "$vmlinuz" "$tmp/vmlinuz"
  read_module_tables
  build_initrd
  build_root
  install_outputs
}

main () {
  mkdir -p "$outdir"
  outdir=$(cd "$outdir" && pwd)
  resolve_programs
  if command -v flock >/dev/null; then
    exec 9>"$outdir/.lock"
    flock 9      # concurrent builds run one after the other
  fi
  inputs=$(compute_inputs)
  if [ -f "$outdir/.inputs" ] && [ "$(cat "$outdir/.inputs")" = "$inputs" ]; then
    echo "appliance up to date"
    exit 0
  fi
  build
  echo "appliance built in $outdir (kernel $kver, root $rootfs)"
}

main
