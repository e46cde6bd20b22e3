/* guestkit — Python 3 binding: event callbacks.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<set_event_callback>, C<delete_event_callback>
 * and C<event_to_string> of C<libguestfsmod>, and the C<EVENT_*>
 * constants.
 *
 * A Python callable is registered with the C library with itself as
 * the opaque pointer; the handle's C<callbacks> dict holds the
 * reference that keeps it alive until it is deleted or the handle is
 * closed.  The C callback takes the GIL (the library may call it from
 * inside a call that released it) and calls
 * C<cb(event, event_handle, buf, array)>; an exception raised by the
 * callback cannot propagate through the C library, so it is printed.
 */

#define PY_SSIZE_T_CLEAN 1
#include <Python.h>

#include <config.h>

#include <stdlib.h>

#include "guestfs-py.h"
#include "handle.h"

static PyObject *
array_to_list (const uint64_t *array, size_t len)
{
  PyObject *list = PyList_New ((Py_ssize_t) len), *v;
  size_t i;

  if (list == NULL)
    return NULL;
  for (i = 0; i < len; i++) {
    v = PyLong_FromUnsignedLongLong ((unsigned long long) array[i]);
    if (v == NULL) {
      Py_DECREF (list);
      return NULL;
    }
    PyList_SET_ITEM (list, (Py_ssize_t) i, v);
  }
  return list;
}

static void
event_callback (guestfs_h *g, void *opaque, uint64_t event, int event_handle,
                int flags, const char *buf, size_t buf_len,
                const uint64_t *array, size_t array_len)
{
  PyObject *cb = opaque, *py_array, *r;
  PyGILState_STATE state;

  (void) g;
  (void) flags;
  if (!Py_IsInitialized ())
    return;
  state = PyGILState_Ensure ();
  Py_INCREF (cb);       /* the callback may delete itself */
  py_array = array_to_list (array, array_len);
  r = py_array == NULL ? NULL :
    PyObject_CallFunction (cb, "Kiy#O", (unsigned long long) event,
                           event_handle, buf ? buf : "",
                           (Py_ssize_t) (buf ? buf_len : 0), py_array);
  Py_XDECREF (py_array);
  Py_DECREF (cb);
  if (r)
    Py_DECREF (r);
  else
    PyErr_PrintEx (0);
  PyGILState_Release (state);
}

/**
 * C<libguestfsmod.set_event_callback(handle, cb, event_bitmask)>:
 * returns the event handle.
 */
PyObject *
guestfs_int_py_set_event_callback (PyObject *self, PyObject *args)
{
  PyObject *capsule, *cb, *key;
  unsigned long long events;
  struct guestfs_int_py_handle *h;
  int eh, r;

  (void) self;
  if (!PyArg_ParseTuple (args, "OOK:set_event_callback",
                         &capsule, &cb, &events))
    return NULL;
  if (guestfs_int_py_get_handle (capsule) == NULL)
    return NULL;
  h = guestfs_int_py_handle_struct (capsule);
  if (!PyCallable_Check (cb)) {
    PyErr_SetString (PyExc_TypeError,
                     "set_event_callback: callback is not callable");
    return NULL;
  }
  if (h->callbacks == NULL && (h->callbacks = PyDict_New ()) == NULL)
    return NULL;
  eh = guestfs_set_event_callback (h->g, event_callback, (uint64_t) events,
                                   0, cb);
  if (eh == -1) {
    guestfs_int_py_raise_error (h->g);
    return NULL;
  }
  key = PyLong_FromLong (eh);
  r = key ? PyDict_SetItem (h->callbacks, key, cb) : -1;
  if (r == -1) {
    guestfs_delete_event_callback (h->g, eh);
    Py_XDECREF (key);
    return NULL;
  }
  return key;
}

/**
 * C<libguestfsmod.delete_event_callback(handle, event_handle)>.
 */
PyObject *
guestfs_int_py_delete_event_callback (PyObject *self, PyObject *args)
{
  PyObject *capsule, *key;
  struct guestfs_int_py_handle *h;
  int eh;

  (void) self;
  if (!PyArg_ParseTuple (args, "Oi:delete_event_callback", &capsule, &eh))
    return NULL;
  if (guestfs_int_py_get_handle (capsule) == NULL)
    return NULL;
  h = guestfs_int_py_handle_struct (capsule);
  guestfs_delete_event_callback (h->g, eh);
  if (h->callbacks) {
    key = PyLong_FromLong (eh);
    if (key == NULL)
      return NULL;
    if (PyDict_Contains (h->callbacks, key) == 1 &&
        PyDict_DelItem (h->callbacks, key) == -1) {
      Py_DECREF (key);
      return NULL;
    }
    Py_DECREF (key);
  }
  Py_RETURN_NONE;
}

/**
 * Drop the references to a closed handle's callbacks.
 */
void
guestfs_int_py_drop_callbacks (PyObject **callbacks)
{
  Py_CLEAR (*callbacks);
}

/**
 * C<libguestfsmod.event_to_string(event_bitmask)>: "close,trace".
 */
PyObject *
guestfs_int_py_event_to_string (PyObject *self, PyObject *args)
{
  unsigned long long events;
  char *s;
  PyObject *r;

  (void) self;
  if (!PyArg_ParseTuple (args, "K:event_to_string", &events))
    return NULL;
  s = guestfs_event_to_string ((uint64_t) events);
  if (s == NULL)
    return PyErr_NoMemory ();
  r = guestfs_int_py_fromstring (s);
  free (s);
  return r;
}

/**
 * Add the C<EVENT_*> constants (from F<guestfs.h>) to MODULE.
 */
int
guestfs_int_py_add_event_constants (PyObject *module)
{
  static const struct { const char *name; uint64_t value; } events[] = {
    { "EVENT_CLOSE", GUESTFS_EVENT_CLOSE },
    { "EVENT_SUBPROCESS_QUIT", GUESTFS_EVENT_SUBPROCESS_QUIT },
    { "EVENT_LAUNCH_DONE", GUESTFS_EVENT_LAUNCH_DONE },
    { "EVENT_PROGRESS", GUESTFS_EVENT_PROGRESS },
    { "EVENT_APPLIANCE", GUESTFS_EVENT_APPLIANCE },
    { "EVENT_LIBRARY", GUESTFS_EVENT_LIBRARY },
    { "EVENT_TRACE", GUESTFS_EVENT_TRACE },
    { "EVENT_ENTER", GUESTFS_EVENT_ENTER },
    { "EVENT_LIBVIRT_AUTH", GUESTFS_EVENT_LIBVIRT_AUTH },
    { "EVENT_WARNING", GUESTFS_EVENT_WARNING },
    { "EVENT_ALL", GUESTFS_EVENT_ALL },
  };
  size_t i;

  for (i = 0; i < sizeof events / sizeof events[0]; i++)
    if (PyModule_AddIntConstant (module, events[i].name,
                                 (long) events[i].value) == -1)
      return -1;
  return 0;
}
