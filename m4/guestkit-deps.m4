# guestkit — external programs and libraries.
# SPDX-License-Identifier: GPL-2.0-or-later

AC_CHECK_HEADERS([readline/readline.h], [],
  [AC_MSG_ERROR([readline headers are required (Debian: libreadline-dev)])])
AC_CHECK_LIB([readline], [readline], [LIBREADLINE=-lreadline],
  [AC_MSG_ERROR([libreadline is required])])
AC_SUBST([LIBREADLINE])

AC_PATH_PROG([QEMU], [qemu-system-x86_64], [no], [$PATH:/usr/bin:/usr/libexec])
AS_IF([test "x$QEMU" = "xno"],
  [AC_MSG_WARN([qemu-system-x86_64 not found: the qemu backend will not work])
   QEMU=qemu-system-x86_64])
AC_DEFINE_UNQUOTED([QEMU], ["$QEMU"], [Path of qemu-system-x86_64.])

AC_PATH_PROG([MKSQUASHFS], [mksquashfs], [no], [$PATH:/usr/sbin:/sbin])
AC_PATH_PROG([MKFS_EROFS], [mkfs.erofs], [no], [$PATH:/usr/sbin:/sbin])

# The daemon: libmagic (file-architecture) and libhivex (hivex-*).
AC_CHECK_HEADERS([magic.h], [],
  [AC_MSG_ERROR([libmagic headers are required (Debian: libmagic-dev)])])
AC_CHECK_LIB([magic], [magic_open], [MAGIC_LIBS=-lmagic],
  [AC_MSG_ERROR([libmagic is required (Debian: libmagic-dev)])])
AC_SUBST([MAGIC_LIBS])
PKG_CHECK_MODULES([HIVEX], [hivex], [],
  [AC_MSG_ERROR([libhivex is required (Debian: libhivex-dev)])])

# The VMM's block layer: zlib and zstd for compressed qcow2 clusters.
AC_CHECK_HEADERS([zlib.h], [],
  [AC_MSG_ERROR([zlib headers are required (Debian: zlib1g-dev)])])
AC_CHECK_LIB([z], [inflate], [ZLIB_LIBS=-lz],
  [AC_MSG_ERROR([zlib is required (Debian: zlib1g-dev)])])
AC_SUBST([ZLIB_LIBS])
PKG_CHECK_MODULES([ZSTD], [libzstd], [],
  [AC_MSG_ERROR([libzstd is required (Debian: libzstd-dev)])])

# add_domain: libxml2 parses libvirt domain XML (required); libvirt's
# client library fetches it (optional: without it add_domain fails).
PKG_CHECK_MODULES([LIBXML2], [libxml-2.0], [],
  [AC_MSG_ERROR([libxml2 is required (Debian: libxml2-dev)])])
PKG_CHECK_MODULES([LIBVIRT], [libvirt],
  [AC_DEFINE([HAVE_LIBVIRT], [1], [Define if libvirt is available.])],
  [AC_MSG_WARN([libvirt not found: add_domain and guestfish -d will not work])])

# virt-edit -e: PCRE2 (8-bit) for the substitution language.
PKG_CHECK_MODULES([PCRE2], [libpcre2-8], [],
  [AC_MSG_ERROR([libpcre2-8 is required (Debian: libpcre2-dev)])])

# The daemon's journal calls: libsystemd's sd-journal (optional: without
# it the "journal" feature is not available).
PKG_CHECK_MODULES([SD_JOURNAL], [libsystemd],
  [AC_DEFINE([HAVE_SD_JOURNAL], [1], [Define if libsystemd is available.])],
  [AC_MSG_WARN([libsystemd not found: the journal calls will not work])])
