/* guestkit — Python 3 binding: argument and result conversions.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the conversions between Python objects and the
 * C API's types used by the generated wrappers in F<actions.c>.
 *
 * Strings go to C as UTF-8 with the "surrogateescape" error handler,
 * and come back the same way, so that a guest file name which is not
 * valid UTF-8 still round-trips (as C<os.fsdecode> does).  Arguments
 * are copied into memory the wrapper frees after the call, so the call
 * can run with the GIL released.
 */

#define PY_SSIZE_T_CLEAN 1
#include <Python.h>

#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs-py.h"

static int
type_error (const char *name, const char *expected, PyObject *o)
{
  PyErr_Format (PyExc_TypeError, "%s: expected %s, got %s", name, expected,
                Py_TYPE (o)->tp_name);
  return -1;
}

/**
 * Copy the str O into a new C string in C<*R> (caller frees).  A
 * non-str raises TypeError; a string with a NUL character ValueError.
 */
int
guestfs_int_py_str (PyObject *o, const char *name, char **r)
{
  PyObject *b;
  const char *s;
  Py_ssize_t len;

  if (!PyUnicode_Check (o))
    return type_error (name, "str", o);
  b = PyUnicode_AsEncodedString (o, "utf-8", "surrogateescape");
  if (b == NULL)
    return -1;
  s = PyBytes_AS_STRING (b);
  len = PyBytes_GET_SIZE (b);
  if ((size_t) len != strlen (s)) {
    Py_DECREF (b);
    PyErr_Format (PyExc_ValueError, "%s: embedded NUL character", name);
    return -1;
  }
  *r = strdup (s);
  Py_DECREF (b);
  if (*r == NULL) {
    PyErr_NoMemory ();
    return -1;
  }
  return 0;
}

/**
 * Like guestfs_int_py_str, but None gives a NULL string.
 */
int
guestfs_int_py_optstr (PyObject *o, const char *name, char **r)
{
  if (o == Py_None) {
    *r = NULL;
    return 0;
  }
  return guestfs_int_py_str (o, name, r);
}

/**
 * Copy the list or tuple of str O into a new NULL-terminated array in
 * C<*R> (free it with guestfs_int_py_free_strlist).
 */
int
guestfs_int_py_strlist (PyObject *o, const char *name, char ***r)
{
  Py_ssize_t i, n;
  char **list;

  if (!PyList_Check (o) && !PyTuple_Check (o))
    return type_error (name, "a list of str", o);
  n = PySequence_Size (o);
  list = calloc ((size_t) n + 1, sizeof (char *));
  if (list == NULL) {
    PyErr_NoMemory ();
    return -1;
  }
  for (i = 0; i < n; i++)
    if (guestfs_int_py_str (PySequence_Fast_GET_ITEM (o, i), name,
                            &list[i]) == -1) {
      guestfs_int_py_free_strlist (list);
      return -1;
    }
  *r = list;
  return 0;
}

/**
 * Free a NULL-terminated string array and its strings (NULL is fine).
 */
void
guestfs_int_py_free_strlist (char **list)
{
  size_t i;

  if (list == NULL)
    return;
  for (i = 0; list[i]; i++)
    free (list[i]);
  free (list);
}

/**
 * A bool optional argument: True, False or an int.
 */
int
guestfs_int_py_bool (PyObject *o, const char *name, int *r)
{
  int v;

  if (!PyLong_Check (o))
    return type_error (name, "bool", o);
  v = PyObject_IsTrue (o);
  if (v == -1)
    return -1;
  *r = v;
  return 0;
}

/**
 * An int optional argument, which must fit a C int.
 */
int
guestfs_int_py_int (PyObject *o, const char *name, int *r)
{
  long v;

  if (!PyLong_Check (o))
    return type_error (name, "int", o);
  v = PyLong_AsLong (o);
  if (v == -1 && PyErr_Occurred ())
    return -1;
  if (v < INT_MIN || v > INT_MAX) {
    PyErr_Format (PyExc_OverflowError, "%s: out of range", name);
    return -1;
  }
  *r = (int) v;
  return 0;
}

/**
 * A 64-bit int optional argument.
 */
int
guestfs_int_py_int64 (PyObject *o, const char *name, int64_t *r)
{
  long long v;

  if (!PyLong_Check (o))
    return type_error (name, "int", o);
  v = PyLong_AsLongLong (o);
  if (v == -1 && PyErr_Occurred ())
    return -1;
  *r = (int64_t) v;
  return 0;
}

/**
 * A str optional argument, into the (const) field of an optargs struct.
 */
int
guestfs_int_py_optarg_str (PyObject *o, const char *name, const char **r)
{
  char *s;

  if (guestfs_int_py_str (o, name, &s) == -1)
    return -1;
  *r = s;
  return 0;
}

/**
 * A list-of-str optional argument.
 */
int
guestfs_int_py_optarg_strlist (PyObject *o, const char *name,
                               char *const **r)
{
  char **list;

  if (guestfs_int_py_strlist (o, name, &list) == -1)
    return -1;
  *r = list;
  return 0;
}

/**
 * A new str from the C string S (not valid UTF-8: surrogate escapes).
 */
PyObject *
guestfs_int_py_fromstring (const char *s)
{
  return PyUnicode_DecodeUTF8 (s, (Py_ssize_t) strlen (s), "surrogateescape");
}

/**
 * A new str from the first N bytes at S (which need no NUL).
 */
PyObject *
guestfs_int_py_fromstringsize (const char *s, size_t n)
{
  return PyUnicode_DecodeUTF8 (s, (Py_ssize_t) n, "surrogateescape");
}

/**
 * An OptPercent struct field: a float, or None when it is negative.
 */
PyObject *
guestfs_int_py_optpercent (float v)
{
  if (v >= 0)
    return PyFloat_FromDouble ((double) v);
  Py_RETURN_NONE;
}

/**
 * A new list of str from a NULL-terminated C string array.
 */
PyObject *
guestfs_int_py_put_strlist (char *const *list)
{
  PyObject *r, *s;
  size_t i, n;

  for (n = 0; list[n]; n++)
    ;
  r = PyList_New ((Py_ssize_t) n);
  if (r == NULL)
    return NULL;
  for (i = 0; i < n; i++) {
    s = guestfs_int_py_fromstring (list[i]);
    if (s == NULL) {
      Py_DECREF (r);
      return NULL;
    }
    PyList_SET_ITEM (r, (Py_ssize_t) i, s);
  }
  return r;
}

/**
 * A new list of (key, value) tuples from a C hash table (a NULL-
 * terminated array of keys and values, alternating).
 */
PyObject *
guestfs_int_py_put_table (char *const *list)
{
  PyObject *r, *t;
  size_t i, n;

  for (n = 0; list[n]; n++)
    ;
  n /= 2;
  r = PyList_New ((Py_ssize_t) n);
  if (r == NULL)
    return NULL;
  for (i = 0; i < n; i++) {
    t = Py_BuildValue ("(NN)", guestfs_int_py_fromstring (list[2 * i]),
                       guestfs_int_py_fromstring (list[2 * i + 1]));
    if (t == NULL) {
      Py_DECREF (r);
      return NULL;
    }
    PyList_SET_ITEM (r, (Py_ssize_t) i, t);
  }
  return r;
}

/**
 * Set D[KEY] = V, taking over the reference to V (which may be NULL
 * after a failed conversion: then this fails).
 */
int
guestfs_int_py_dict_put (PyObject *d, const char *key, PyObject *v)
{
  int r;

  if (v == NULL)
    return -1;
  r = PyDict_SetItemString (d, key, v);
  Py_DECREF (v);
  return r;
}
