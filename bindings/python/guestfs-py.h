/* guestkit — Python 3 binding: helpers shared by the extension's files.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares the hand-written helpers of the extension module
 * C<libguestfsmod> that the generated F<actions.c> calls: handle
 * lookup, errors, argument and result conversions, and the module
 * functions that are not API calls (create, close, events).
 *
 * Every function returning a new Python object returns NULL with a
 * Python exception set on failure; every C<int> one returns -1 with
 * an exception set.
 */

#ifndef GUESTFS_PY_H
#define GUESTFS_PY_H

#include <stdint.h>

#include "guestfs.h"

/* handle.c */
guestfs_h *guestfs_int_py_get_handle (PyObject *capsule);
void guestfs_int_py_raise_error (guestfs_h *g);
PyObject *guestfs_int_py_create (PyObject *self, PyObject *args);
PyObject *guestfs_int_py_close (PyObject *self, PyObject *args);
extern PyMethodDef guestfs_int_py_methods[];   /* actions.c */

/* events.c */
PyObject *guestfs_int_py_set_event_callback (PyObject *self, PyObject *args);
PyObject *guestfs_int_py_delete_event_callback (PyObject *self,
                                                PyObject *args);
PyObject *guestfs_int_py_event_to_string (PyObject *self, PyObject *args);
void guestfs_int_py_drop_callbacks (PyObject **callbacks);
int guestfs_int_py_add_event_constants (PyObject *module);

/* convert.c: Python arguments to C (the caller frees what they make). */
int guestfs_int_py_str (PyObject *o, const char *name, char **r);
int guestfs_int_py_optstr (PyObject *o, const char *name, char **r);
int guestfs_int_py_strlist (PyObject *o, const char *name, char ***r);
void guestfs_int_py_free_strlist (char **list);
int guestfs_int_py_bool (PyObject *o, const char *name, int *r);
int guestfs_int_py_int (PyObject *o, const char *name, int *r);
int guestfs_int_py_int64 (PyObject *o, const char *name, int64_t *r);
int guestfs_int_py_optarg_str (PyObject *o, const char *name,
                               const char **r);
int guestfs_int_py_optarg_strlist (PyObject *o, const char *name,
                                   char *const **r);

/* convert.c: C results to Python (the caller still frees the C value). */
PyObject *guestfs_int_py_fromstring (const char *s);
PyObject *guestfs_int_py_fromstringsize (const char *s, size_t n);
PyObject *guestfs_int_py_optpercent (float v);
PyObject *guestfs_int_py_put_strlist (char *const *list);
PyObject *guestfs_int_py_put_table (char *const *list);
int guestfs_int_py_dict_put (PyObject *d, const char *key, PyObject *v);

#endif /* GUESTFS_PY_H */
