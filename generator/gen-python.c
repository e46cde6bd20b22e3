/* guestkit — generator: the Python 3 binding's C extension.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the emitter of F<bindings/python/actions.c>:
 * one C function per API call for the extension module
 * C<libguestfsmod> (convert the Python arguments, call the C API with
 * the GIL released, turn the result into Python objects and free it)
 * and the module's method table.  The hand-written helpers it calls
 * (handles, errors, conversions, events) are in F<bindings/python/>.
 * F<gen-python-py.c> writes the Python side, F<guestfs.py>.
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "types.h"

/**
 * True if the call has a Python method (internal calls have none).
 */
bool
python_has_method (const struct action *a)
{
  return strncmp (a->name, "internal_", 9) != 0;
}

static bool
is_string_arg (int type)
{
  switch (type) {
  case A_STRING: case A_PATHNAME: case A_DEVICE: case A_MOUNTABLE:
  case A_DEV_OR_PATH: case A_FILEIN: case A_FILEOUT: case A_KEY:
  case A_OPTSTRING:
    return true;
  default:
    return false;
  }
}

static void
pr_decls (const struct action *a)
{
  int i, t;
  const char *n;

  pr ("  PyObject *py_g;\n  guestfs_h *g;\n  PyObject *py_r = NULL;\n");
  for (i = 0; i < action_nr_args (a); i++) {
    t = a->args[i].type;
    n = a->args[i].name;
    if (is_string_arg (t))
      pr ("  PyObject *py_%s;\n  char *%s = NULL;\n", n, n);
    else if (t == A_STRINGLIST || t == A_DEVICELIST)
      pr ("  PyObject *py_%s;\n  char **%s = NULL;\n", n, n);
    else if (t == A_BUFFERIN)
      pr ("  const char *%s;\n  Py_ssize_t %s_size;\n", n, n);
    else
      pr ("  %s%s;\n", arg_ctype (t), n);
  }
  for (i = 0; i < action_nr_optargs (a); i++)
    pr ("  PyObject *py_%s;\n", a->optargs[i].name);
  if (action_nr_optargs (a))
    pr ("  struct guestfs_%s_argv optargs_s = { .bitmask = 0 };\n"
        "  struct guestfs_%s_argv *optargs = &optargs_s;\n",
        c_function_name (a), c_function_name (a));
  switch (a->ret) {
  case R_ERR: case R_INT: case R_BOOL: pr ("  int r;\n"); break;
  case R_INT64: pr ("  int64_t r;\n"); break;
  case R_CONSTSTRING: case R_CONSTOPTSTRING: pr ("  const char *r;\n"); break;
  case R_STRING: pr ("  char *r;\n"); break;
  case R_BUFFEROUT: pr ("  char *r;\n  size_t size;\n"); break;
  case R_STRINGLIST: case R_HASHTABLE: pr ("  char **r;\n"); break;
  case R_STRUCT: pr ("  struct guestfs_%s *r;\n", a->ret_struct); break;
  case R_STRUCTLIST:
    pr ("  struct guestfs_%s_list *r;\n", a->ret_struct); break;
  }
  pr ("\n");
}

/* The PyArg_ParseTuple format and its pointers. */
static void
pr_parse_tuple (const struct action *a)
{
  int i, t;

  pr ("  if (!PyArg_ParseTuple (args, \"O");
  for (i = 0; i < action_nr_args (a); i++) {
    t = a->args[i].type;
    pr ("%s", t == A_BOOL || t == A_INT ? "i" : t == A_INT64 ? "L" :
        t == A_BUFFERIN ? "y#" : "O");
  }
  for (i = 0; i < action_nr_optargs (a); i++)
    pr ("O");
  pr (":%s\",\n                         &py_g", a->name);
  for (i = 0; i < action_nr_args (a); i++) {
    t = a->args[i].type;
    if (t == A_BUFFERIN)
      pr (", &%s, &%s_size", a->args[i].name, a->args[i].name);
    else if (t == A_BOOL || t == A_INT || t == A_INT64)
      pr (", &%s", a->args[i].name);
    else
      pr (", &py_%s", a->args[i].name);
  }
  for (i = 0; i < action_nr_optargs (a); i++)
    pr (", &py_%s", a->optargs[i].name);
  pr ("))\n    return NULL;\n"
      "  g = guestfs_int_py_get_handle (py_g);\n  if (g == NULL)\n"
      "    return NULL;\n");
}

static void
pr_convert_args (const struct action *a)
{
  int i, t;
  const char *n;

  for (i = 0; i < action_nr_args (a); i++) {
    t = a->args[i].type;
    n = a->args[i].name;
    if (is_string_arg (t))
      pr ("  if (guestfs_int_py_%s (py_%s, \"%s\", &%s) == -1)\n    goto out;\n",
          t == A_OPTSTRING ? "optstr" : "str", n, n, n);
    else if (t == A_STRINGLIST || t == A_DEVICELIST)
      pr ("  if (guestfs_int_py_strlist (py_%s, \"%s\", &%s) == -1)\n"
          "    goto out;\n", n, n, n);
  }
}

static const char *
optarg_converter (int type)
{
  switch (type) {
  case O_BOOL: return "bool";
  case O_INT: return "int";
  case O_INT64: return "int64";
  case O_STRING: return "optarg_str";
  case O_STRINGLIST: return "optarg_strlist";
  }
  return "?";
}

static void
pr_convert_optargs (const struct action *a)
{
  char cn[128];
  const char *n;
  int i;

  snprintf (cn, sizeof cn, "%s", upper (c_function_name (a)));
  for (i = 0; i < action_nr_optargs (a); i++) {
    n = a->optargs[i].name;
    pr ("  if (py_%s != Py_None) {\n"
        "    optargs_s.bitmask |= GUESTFS_%s_%s_BITMASK;\n"
        "    if (guestfs_int_py_%s (py_%s, \"%s\", &optargs_s.%s) == -1)\n"
        "      goto out;\n  }\n",
        n, cn, upper (n), optarg_converter (a->optargs[i].type), n, n, n);
  }
}

static void
pr_call (const struct action *a)
{
  int i;
  bool opts = action_nr_optargs (a) > 0;

  pr ("\n  Py_BEGIN_ALLOW_THREADS\n  r = guestfs_%s%s (g",
      opts ? c_function_name (a) : a->name, opts ? "_argv" : "");
  for (i = 0; i < action_nr_args (a); i++) {
    pr (", %s", a->args[i].name);
    if (a->args[i].type == A_BUFFERIN)
      pr (", (size_t) %s_size", a->args[i].name);
  }
  if (a->ret == R_BUFFEROUT)
    pr (", &size");
  if (opts)
    pr (", optargs");
  pr (");\n  Py_END_ALLOW_THREADS\n\n");
  switch (a->ret) {
  case R_ERR: case R_INT: case R_BOOL: case R_INT64:
    pr ("  if (r == -1) {\n"); break;
  case R_CONSTOPTSTRING:        /* NULL is no value, never an error */
    return;
  default:
    pr ("  if (r == NULL) {\n"); break;
  }
  pr ("    guestfs_int_py_raise_error (g);\n    goto out;\n  }\n\n");
}

static void
pr_return (const struct action *a)
{
  switch (a->ret) {
  case R_ERR: pr ("  Py_INCREF (Py_None);\n  py_r = Py_None;\n"); break;
  case R_INT: pr ("  py_r = PyLong_FromLong ((long) r);\n"); break;
  case R_BOOL: pr ("  py_r = PyBool_FromLong ((long) r);\n"); break;
  case R_INT64: pr ("  py_r = PyLong_FromLongLong ((long long) r);\n"); break;
  case R_CONSTSTRING: pr ("  py_r = guestfs_int_py_fromstring (r);\n"); break;
  case R_CONSTOPTSTRING:
    pr ("  if (r)\n    py_r = guestfs_int_py_fromstring (r);\n"
        "  else {\n    Py_INCREF (Py_None);\n    py_r = Py_None;\n  }\n");
    break;
  case R_STRING:
    pr ("  py_r = guestfs_int_py_fromstring (r);\n  free (r);\n"); break;
  case R_BUFFEROUT:
    pr ("  py_r = PyBytes_FromStringAndSize (r, (Py_ssize_t) size);\n"
        "  free (r);\n");
    break;
  case R_STRINGLIST:
    pr ("  py_r = guestfs_int_py_put_strlist (r);\n"
        "  guestfs_int_py_free_strlist (r);\n");
    break;
  case R_HASHTABLE:
    pr ("  py_r = guestfs_int_py_put_table (r);\n"
        "  guestfs_int_py_free_strlist (r);\n");
    break;
  case R_STRUCT:
    pr ("  py_r = guestfs_int_py_put_%s (r);\n  guestfs_free_%s (r);\n",
        a->ret_struct, a->ret_struct);
    break;
  case R_STRUCTLIST:
    pr ("  py_r = guestfs_int_py_put_%s_list (r);\n"
        "  guestfs_free_%s_list (r);\n", a->ret_struct, a->ret_struct);
    break;
  }
}

static void
pr_cleanup (const struct action *a)
{
  int i, t;
  const char *n;

  /* Calls that cannot fail and take no arguments have no goto. */
  pr (" out: __attribute__((unused));\n");
  for (i = 0; i < action_nr_args (a); i++) {
    t = a->args[i].type;
    n = a->args[i].name;
    if (is_string_arg (t))
      pr ("  free (%s);\n", n);
    else if (t == A_STRINGLIST || t == A_DEVICELIST)
      pr ("  guestfs_int_py_free_strlist (%s);\n", n);
  }
  for (i = 0; i < action_nr_optargs (a); i++) {
    n = a->optargs[i].name;
    if (a->optargs[i].type == O_STRING)
      pr ("  if (optargs_s.bitmask & GUESTFS_%s_%s_BITMASK)\n"
          "    free ((char *) optargs_s.%s);\n",
          upper (c_function_name (a)), upper (n), n);
    else if (a->optargs[i].type == O_STRINGLIST)
      pr ("  if (optargs_s.bitmask & GUESTFS_%s_%s_BITMASK)\n"
          "    guestfs_int_py_free_strlist ((char **) optargs_s.%s);\n",
          upper (c_function_name (a)), upper (n), n);
  }
  pr ("  return py_r;\n}\n\n");
}

static void
pr_wrapper (const struct action *a)
{
  pr ("static PyObject *\nguestfs_int_py_%s (PyObject *self, PyObject *args)\n"
      "{\n", a->name);
  pr_decls (a);
  pr_parse_tuple (a);
  pr_convert_args (a);
  pr_convert_optargs (a);
  pr_call (a);
  pr_return (a);
  pr_cleanup (a);
}

/* One struct as a dict, field by field. */
static void
pr_struct_converter (const struct structdef *s)
{
  const struct field *f;
  const char *n;

  pr ("static __attribute__((unused)) PyObject *\n"
      "guestfs_int_py_put_%s (struct guestfs_%s *v)\n{\n"
      "  PyObject *d = PyDict_New ();\n\n  if (d == NULL)\n    return NULL;\n",
      s->name, s->name);
  for (f = s->fields; f->type != F_END; f++) {
    n = f->name;
    pr ("  if (guestfs_int_py_dict_put (d, \"%s\", ", n);
    switch (f->type) {
    case F_INT32: pr ("PyLong_FromLong ((long) v->%s)", n); break;
    case F_UINT32: pr ("PyLong_FromUnsignedLong ((unsigned long) v->%s)", n); break;
    case F_INT64: pr ("PyLong_FromLongLong ((long long) v->%s)", n); break;
    case F_UINT64:
      pr ("PyLong_FromUnsignedLongLong ((unsigned long long) v->%s)", n); break;
    case F_STRING: pr ("guestfs_int_py_fromstring (v->%s)", n); break;
    case F_CHAR: pr ("guestfs_int_py_fromstringsize (&v->%s, 1)", n); break;
    case F_UUID: pr ("guestfs_int_py_fromstringsize (v->%s, 32)", n); break;
    case F_BUFFER:
      pr ("PyBytes_FromStringAndSize (v->%s, (Py_ssize_t) v->%s_len)", n, n);
      break;
    case F_OPTPERCENT: pr ("guestfs_int_py_optpercent (v->%s)", n); break;
    case F_END: break;
    }
    pr (") == -1)\n    goto err;\n");
  }
  pr ("  return d;\n err:\n  Py_DECREF (d);\n  return NULL;\n}\n\n");
}

static void
pr_struct_list_converter (const struct structdef *s)
{
  pr ("static __attribute__((unused)) PyObject *\n"
      "guestfs_int_py_put_%s_list (struct guestfs_%s_list *l)\n{\n"
      "  PyObject *list = PyList_New ((Py_ssize_t) l->len), *item;\n"
      "  uint32_t i;\n\n  if (list == NULL)\n    return NULL;\n"
      "  for (i = 0; i < l->len; i++) {\n"
      "    item = guestfs_int_py_put_%s (&l->val[i]);\n"
      "    if (item == NULL) {\n      Py_DECREF (list);\n      return NULL;\n"
      "    }\n    PyList_SET_ITEM (list, (Py_ssize_t) i, item);\n  }\n"
      "  return list;\n}\n\n", s->name, s->name, s->name);
}

static void
pr_method_table (void)
{
  const struct action *a;

  pr ("PyMethodDef guestfs_int_py_methods[] = {\n"
      "  { \"create\", guestfs_int_py_create, METH_VARARGS, NULL },\n"
      "  { \"close\", guestfs_int_py_close, METH_VARARGS, NULL },\n"
      "  { \"set_event_callback\", guestfs_int_py_set_event_callback,\n"
      "    METH_VARARGS, NULL },\n"
      "  { \"delete_event_callback\", guestfs_int_py_delete_event_callback,\n"
      "    METH_VARARGS, NULL },\n"
      "  { \"event_to_string\", guestfs_int_py_event_to_string,\n"
      "    METH_VARARGS, NULL },\n");
  for (a = action_next (NULL); a; a = action_next (a))
    if (python_has_method (a))
      pr ("  { \"%s\", guestfs_int_py_%s, METH_VARARGS, NULL },\n",
          a->name, a->name);
  pr ("  { NULL, NULL, 0, NULL }\n};\n");
}

/**
 * Emit F<bindings/python/actions.c>.
 */
void
generate_python_c (void)
{
  const struct action *a;
  const struct structdef *s;

  output_begin ("bindings/python/actions.c", "c");
  pr ("#define PY_SSIZE_T_CLEAN 1\n#include <Python.h>\n\n"
      "#include <config.h>\n\n#include <stdint.h>\n#include <stdlib.h>\n\n"
      "#include \"guestfs.h\"\n#include \"guestfs-py.h\"\n\n");
  for (s = structs; s->name; s++) {
    pr_struct_converter (s);
    pr_struct_list_converter (s);
  }
  for (a = action_next (NULL); a; a = action_next (a))
    if (python_has_method (a))
      pr_wrapper (a);
  pr_method_table ();
  output_end ();
}
