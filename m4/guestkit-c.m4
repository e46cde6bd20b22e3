# guestkit — C compiler checks and warning flags.
# SPDX-License-Identifier: GPL-2.0-or-later

dnl __attribute__((cleanup)) is required: every directory uses it.
AC_MSG_CHECKING([for __attribute__((cleanup))])
AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
static void f (int *p) { (void) p; }
]], [[ int x __attribute__((cleanup (f))) = 0; (void) x; ]])],
  [AC_MSG_RESULT([yes])],
  [AC_MSG_RESULT([no])
   AC_MSG_ERROR([the C compiler must support __attribute__((cleanup))])])

WARN_CFLAGS="-Wall -Wextra -Wformat=2 -Wshadow -Wmissing-prototypes \
-Wmissing-declarations -Wstrict-prototypes -Wold-style-definition \
-Wredundant-decls -Wundef -Wwrite-strings -Wvla -Wno-unused-parameter \
-Wno-missing-field-initializers -fno-strict-aliasing -std=gnu11"
AC_SUBST([WARN_CFLAGS])

AC_ARG_ENABLE([werror],
  [AS_HELP_STRING([--enable-werror], [turn compiler warnings into errors (CI)])],
  [], [enable_werror=no])
AS_IF([test "x$enable_werror" = "xyes"], [WERROR_CFLAGS="-Werror"], [WERROR_CFLAGS=""])
AC_SUBST([WERROR_CFLAGS])

AC_ARG_ENABLE([sanitizers],
  [AS_HELP_STRING([--enable-sanitizers], [build host code with ASan and UBSan])],
  [], [enable_sanitizers=no])
AS_IF([test "x$enable_sanitizers" = "xyes"],
  [SANITIZER_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"],
  [SANITIZER_CFLAGS=""])
AC_SUBST([SANITIZER_CFLAGS])
