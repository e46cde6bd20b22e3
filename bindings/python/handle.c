/* guestkit — Python 3 binding: handles, errors and the module.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the extension module C<libguestfsmod>'s
 * handles and errors, and its initialisation.
 *
 * A handle is a capsule holding a C<struct guestfs_int_py_handle>:
 * the C handle and a dict of the Python event callbacks registered on
 * it (which must outlive the C handle, since closing it fires
 * C<EVENT_CLOSE>).  C<close> closes the C handle and leaves the
 * capsule empty; the capsule's destructor does the same for a handle
 * dropped without C<close>, so a handle is closed when deleted.
 *
 * Errors raise C<RuntimeError> with the library's message as its
 * argument and its errno as the C<errno> attribute (None when unset).
 */

#define PY_SSIZE_T_CLEAN 1
#include <Python.h>

#include <config.h>

#include <stdlib.h>

#include "guestfs-py.h"
#include "handle.h"

static const char capsule_name[] = "guestfs_h";

static void
close_handle (struct guestfs_int_py_handle *h)
{
  guestfs_h *g = h->g;

  if (g == NULL)
    return;
  h->g = NULL;
  Py_BEGIN_ALLOW_THREADS
  guestfs_close (g);
  Py_END_ALLOW_THREADS
  guestfs_int_py_drop_callbacks (&h->callbacks);
}

static void
capsule_destructor (PyObject *capsule)
{
  struct guestfs_int_py_handle *h =
    PyCapsule_GetPointer (capsule, capsule_name);

  if (h) {
    close_handle (h);
    free (h);
  }
}

/**
 * The handle struct in CAPSULE, or NULL with an exception set.
 */
struct guestfs_int_py_handle *
guestfs_int_py_handle_struct (PyObject *capsule)
{
  return PyCapsule_GetPointer (capsule, capsule_name);
}

/**
 * The open C handle in CAPSULE, or NULL with an exception set.
 */
guestfs_h *
guestfs_int_py_get_handle (PyObject *capsule)
{
  struct guestfs_int_py_handle *h = guestfs_int_py_handle_struct (capsule);

  if (h == NULL)
    return NULL;
  if (h->g == NULL) {
    PyErr_SetString (PyExc_ValueError, "guestfs handle is closed");
    return NULL;
  }
  return h->g;
}

/**
 * Raise RuntimeError from G's last error: args (message,), and the
 * errno attribute.
 */
void
guestfs_int_py_raise_error (guestfs_h *g)
{
  const char *msg = guestfs_last_error (g);
  int err = guestfs_last_errno (g);
  PyObject *exc, *py_errno;

  exc = PyObject_CallFunction (PyExc_RuntimeError, "s",
                               msg ? msg : "unknown error");
  if (exc == NULL)
    return;
  if (err > 0)
    py_errno = PyLong_FromLong (err);
  else {
    Py_INCREF (Py_None);
    py_errno = Py_None;
  }
  if (py_errno == NULL || PyObject_SetAttrString (exc, "errno", py_errno) == -1) {
    Py_XDECREF (py_errno);
    Py_DECREF (exc);
    return;
  }
  Py_DECREF (py_errno);
  PyErr_SetObject (PyExc_RuntimeError, exc);
  Py_DECREF (exc);
}

/**
 * C<libguestfsmod.create(flags)>: a new handle (a capsule).
 */
PyObject *
guestfs_int_py_create (PyObject *self, PyObject *args)
{
  struct guestfs_int_py_handle *h;
  unsigned flags;
  PyObject *capsule;

  (void) self;
  if (!PyArg_ParseTuple (args, "I:create", &flags))
    return NULL;
  h = calloc (1, sizeof *h);
  if (h == NULL)
    return PyErr_NoMemory ();
  h->g = guestfs_create_flags (flags);
  if (h->g == NULL) {
    free (h);
    PyErr_SetString (PyExc_RuntimeError, "guestfs_create: failed to create handle");
    return NULL;
  }
  /* Errors are reported as exceptions, not printed on stderr. */
  guestfs_set_error_handler (h->g, NULL, NULL);
  capsule = PyCapsule_New (h, capsule_name, capsule_destructor);
  if (capsule == NULL) {
    guestfs_close (h->g);
    free (h);
  }
  return capsule;
}

/**
 * C<libguestfsmod.close(handle)>: close the C handle (again is fine).
 */
PyObject *
guestfs_int_py_close (PyObject *self, PyObject *args)
{
  PyObject *capsule;
  struct guestfs_int_py_handle *h;

  (void) self;
  if (!PyArg_ParseTuple (args, "O:close", &capsule))
    return NULL;
  h = guestfs_int_py_handle_struct (capsule);
  if (h == NULL)
    return NULL;
  close_handle (h);
  Py_RETURN_NONE;
}

static struct PyModuleDef moduledef = {
  PyModuleDef_HEAD_INIT,
  "libguestfsmod",
  "The C part of the guestfs module (use guestfs, not this).",
  -1,
  guestfs_int_py_methods,
  NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit_libguestfsmod (void);

/**
 * The module's initialisation, found by Python's import.
 */
PyMODINIT_FUNC
PyInit_libguestfsmod (void)
{
  PyObject *m = PyModule_Create (&moduledef);

  if (m == NULL)
    return NULL;
  if (guestfs_int_py_add_event_constants (m) == -1) {
    Py_DECREF (m);
    return NULL;
  }
  return m;
}
