/* guestkit — Python 3 binding: the handle capsule's contents.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares what a C<libguestfsmod> handle capsule holds
 * (F<handle.c>, F<events.c>).
 */

#ifndef GUESTFS_PY_HANDLE_H
#define GUESTFS_PY_HANDLE_H

struct guestfs_int_py_handle {
  guestfs_h *g;             /* NULL once closed */
  PyObject *callbacks;      /* dict: event handle -> callable, or NULL */
};

struct guestfs_int_py_handle *guestfs_int_py_handle_struct (PyObject *capsule);

#endif /* GUESTFS_PY_HANDLE_H */
