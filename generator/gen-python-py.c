/* guestkit — generator: the Python 3 binding's Python module.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the emitter of F<bindings/python/guestfs.py>:
 * the C<GuestFS> class, with one method per API call (required
 * arguments positional, optional ones keywords defaulting to C<None>,
 * meaning "not given") and a docstring made from the table, on top of
 * the C extension C<libguestfsmod> (F<gen-python.c>).
 */

#include <config.h>

#include <string.h>

#include "types.h"

static const char *const event_names[] = {
  "CLOSE", "SUBPROCESS_QUIT", "LAUNCH_DONE", "PROGRESS", "APPLIANCE",
  "LIBRARY", "TRACE", "ENTER", "LIBVIRT_AUTH", "WARNING", "ALL", NULL
};

static void
pr_prologue (void)
{
  size_t i;

  pr ("\"\"\"Python bindings for guestkit, compatible with libguestfs's.\n\n"
      "    import guestfs\n"
      "    g = guestfs.GuestFS(python_return_dict=True)\n"
      "    g.add_drive_opts(\"disk.img\", format=\"raw\", readonly=True)\n"
      "    g.launch()\n\n"
      "Errors raise RuntimeError; its errno attribute holds the error's\n"
      "errno (an int, or None when there is none).  Each method's\n"
      "documentation comes from the API table, as in guestfs(3).\n"
      "\"\"\"\n\n"
      "import atexit\nimport weakref\n\nimport libguestfsmod\n\n");
  for (i = 0; event_names[i]; i++)
    pr ("EVENT_%s = libguestfsmod.EVENT_%s\n", event_names[i], event_names[i]);
  pr ("\n\n"
      "class ClosedHandle(ValueError):\n"
      "    \"\"\"Raised when a method is called on a closed handle.\"\"\"\n\n\n"
      "def event_to_string(events):\n"
      "    \"\"\"Return the names of the events in the bitmask EVENTS.\"\"\"\n"
      "    return libguestfsmod.event_to_string(events)\n\n\n"
      "_open_handles = weakref.WeakSet()\n\n\n"
      "@atexit.register\n"
      "def _close_at_exit():\n"
      "    for h in list(_open_handles):\n"
      "        h.close()\n\n\n");
}

static void
pr_class_head (void)
{
  pr ("class GuestFS(object):\n"
      "    \"\"\"A guestkit handle: one appliance and its disks.\"\"\"\n\n"
      "    def __init__(self, python_return_dict=False, environment=True,\n"
      "                 close_on_exit=True):\n"
      "        \"\"\"Create a handle.\n\n"
      "        python_return_dict=True makes calls that return a hash table\n"
      "        return a dict instead of a list of (key, value) tuples.\n"
      "        environment=False ignores the LIBGUESTFS_* environment.\n"
      "        close_on_exit=False leaves the handle open at interpreter\n"
      "        exit (by default it is closed then, if still open).\n"
      "        \"\"\"\n"
      "        flags = 0\n"
      "        if not environment:\n            flags |= 1\n"
      "        if not close_on_exit:\n            flags |= 2\n"
      "        self._o = libguestfsmod.create(flags)\n"
      "        self._python_return_dict = python_return_dict\n"
      "        if close_on_exit:\n            _open_handles.add(self)\n\n"
      "    def __del__(self):\n"
      "        if getattr(self, '_o', None) is not None:\n"
      "            self.close()\n\n"
      "    def __enter__(self):\n        return self\n\n"
      "    def __exit__(self, *exc):\n        self.close()\n\n"
      "    def _check_not_closed(self):\n"
      "        if self._o is None:\n"
      "            raise ClosedHandle(\"GuestFS: method called on closed handle\")\n\n"
      "    def _maybe_convert_to_dict(self, r):\n"
      "        if self._python_return_dict:\n            r = dict(r)\n"
      "        return r\n\n");
  pr ("    def close(self):\n"
      "        \"\"\"Close the handle: shut the appliance down, free it.\n\n"
      "        Further calls raise ClosedHandle.  Closing twice is allowed.\n"
      "        \"\"\"\n"
      "        o, self._o = self._o, None\n"
      "        if o is not None:\n"
      "            _open_handles.discard(self)\n"
      "            libguestfsmod.close(o)\n\n"
      "    def set_event_callback(self, cb, event_bitmask):\n"
      "        \"\"\"Call cb(event, event_handle, buf, array) on each event in\n"
      "        EVENT_BITMASK (EVENT_* constants or'd together); buf is bytes,\n"
      "        array a list of ints.  Returns the event handle.\n"
      "        \"\"\"\n"
      "        self._check_not_closed()\n"
      "        return libguestfsmod.set_event_callback(self._o, cb, event_bitmask)\n\n"
      "    def delete_event_callback(self, event_handle):\n"
      "        \"\"\"Remove the callback registered as EVENT_HANDLE.\"\"\"\n"
      "        self._check_not_closed()\n"
      "        libguestfsmod.delete_event_callback(self._o, event_handle)\n\n");
}

#define DOC_WIDTH 72

/* Text for a docstring: escape backslashes and quotes, wrap lines at
 * DOC_WIDTH columns (except those starting with a space: verbatim)
 * and indent them. */
static void
pr_doc_text (const char *s)
{
  size_t col = 0;
  bool verbatim = *s == ' ';

  for (; *s; s++) {
    if (*s == '\n') {
      pr ("%s", s[1] && s[1] != '\n' ? "\n        " : "\n");
      col = 0;
      verbatim = s[1] == ' ';
      continue;
    }
    if (*s == ' ' && !verbatim && col > 0 &&
        col + 1 + strcspn (s + 1, " \n") > DOC_WIDTH) {
      pr ("\n        ");
      col = 0;
      while (s[1] == ' ')
        s++;
      continue;
    }
    if (*s == '\\' || *s == '"')
      pr ("\\");
    pr ("%c", *s);
    col++;
  }
}

static const char *
return_doc (const struct action *a)
{
  switch (a->ret) {
  case R_ERR: return NULL;
  case R_INT: case R_INT64: return "This function returns an int.";
  case R_BOOL: return "This function returns a bool.";
  case R_CONSTSTRING: case R_STRING: return "This function returns a str.";
  case R_CONSTOPTSTRING: return "This function returns a str or None.";
  case R_STRINGLIST: return "This function returns a list of str.";
  case R_STRUCT: return "This function returns a dict (the struct's fields).";
  case R_STRUCTLIST: return "This function returns a list of dicts.";
  case R_HASHTABLE:
    return "This function returns a list of (key, value) tuples, or a dict "
      "if the handle was made with python_return_dict=True.";
  case R_BUFFEROUT: return "This function returns bytes.";
  }
  return NULL;
}

static void
pr_docstring (const struct action *a)
{
  const char *r = return_doc (a);

  pr ("        \"\"\"");
  pr_doc_text (a->shortdesc);
  pr ("\n\n        ");
  pr_doc_text (a->longdesc);
  if (r) {
    pr ("\n\n        ");
    pr_doc_text (r);
  }
  if (a->deprecated_by)
    pr ("\n\n        Deprecated: use %s instead.", a->deprecated_by);
  pr ("\n        \"\"\"\n");
}

static void
pr_method (const struct action *a)
{
  int i;

  pr ("    def %s(self", a->name);
  for (i = 0; i < action_nr_args (a); i++)
    pr (", %s", a->args[i].name);
  for (i = 0; i < action_nr_optargs (a); i++)
    pr (", %s=None", a->optargs[i].name);
  pr ("):\n");
  pr_docstring (a);
  pr ("        self._check_not_closed()\n        r = libguestfsmod.%s(self._o",
      a->name);
  for (i = 0; i < action_nr_args (a); i++)
    pr (", %s", a->args[i].name);
  for (i = 0; i < action_nr_optargs (a); i++)
    pr (", %s", a->optargs[i].name);
  pr (")\n");
  if (a->ret == R_HASHTABLE)
    pr ("        r = self._maybe_convert_to_dict(r)\n");
  pr ("        return r\n\n");
  if (a->flags & FL_ONCE_HAD_NO_OPTARGS)
    pr ("    %s_opts = %s\n\n", a->name, a->name);
}

/**
 * Emit F<bindings/python/guestfs.py>.
 */
void
generate_python_py (void)
{
  const struct action *a;

  output_begin ("bindings/python/guestfs.py", "sh");
  pr_prologue ();
  pr_class_head ();
  for (a = action_next (NULL); a; a = action_next (a))
    if (python_has_method (a))
      pr_method (a);
  output_end ();
}
