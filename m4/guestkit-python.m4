# guestkit — the Python 3 binding (bindings/python).
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Built when python3 and its headers (Debian: python3-dev) are found;
# --disable-python turns it off.  The headers are those of the
# interpreter found, so the extension matches what runs the tests.

AC_ARG_ENABLE([python],
  [AS_HELP_STRING([--disable-python], [do not build the Python 3 binding])],
  [], [enable_python=yes])
have_python=no
AS_IF([test "x$enable_python" != "xno"], [
  # Prefer python3 to whatever "python" is.
  AS_IF([test -z "$PYTHON"], [AC_PATH_PROG([PYTHON], [python3])])
  AM_PATH_PYTHON([3], [], [PYTHON=:])
  AS_IF([test "x$PYTHON" != "x:"], [
    AC_MSG_CHECKING([for the Python headers])
    python_inc=`$PYTHON -c 'import sysconfig; print(sysconfig.get_paths()[["include"]])'`
    AS_IF([test -r "$python_inc/Python.h"], [
      AC_MSG_RESULT([$python_inc])
      PYTHON_CFLAGS="-isystem $python_inc"
      have_python=yes
    ], [
      AC_MSG_RESULT([no])
      AC_MSG_WARN([Python.h not found: the Python binding will not be built (Debian: python3-dev)])
    ])
  ])
])
AC_SUBST([PYTHON_CFLAGS])
AM_CONDITIONAL([HAVE_PYTHON], [test "x$have_python" = "xyes"])
AS_IF([test "x$have_python" = "xyes"],
  [GUESTKIT_PYTHON="$PYTHON"], [GUESTKIT_PYTHON=])
AC_SUBST([GUESTKIT_PYTHON])
