/* guestkit — generator: the public C API.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the emitters of F<library/guestfs.h> (the
 * public header), F<library/guestfs-internal-actions.h> (prototypes of
 * the library-side C<guestfs_impl_*> functions), F<library/actions.c>
 * (one stub per call: argument checks, tracing, then the RPC or the
 * library implementation) and F<library/libguestfs.syms>.
 */

#include <config.h>

#include <string.h>

#include "types.h"

/**
 * The C return type of A's public function, spaced for a name to
 * follow ("int ", "char *").  Static buffer.
 */
const char *
ret_ctype (const struct action *a)
{
  static char buf[128];

  switch (a->ret) {
  case R_ERR: case R_INT: case R_BOOL: return "int ";
  case R_INT64: return "int64_t ";
  case R_CONSTSTRING: case R_CONSTOPTSTRING: return "const char *";
  case R_STRING: case R_BUFFEROUT: return "char *";
  case R_STRINGLIST: case R_HASHTABLE: return "char **";
  case R_STRUCT:
    snprintf (buf, sizeof buf, "struct guestfs_%s *", a->ret_struct);
    return buf;
  case R_STRUCTLIST:
    snprintf (buf, sizeof buf, "struct guestfs_%s_list *", a->ret_struct);
    return buf;
  }
  return "?";
}

static const char *
err_value (const struct action *a)
{
  switch (a->ret) {
  case R_ERR: case R_INT: case R_BOOL: case R_INT64: return "-1";
  default: return "NULL";
  }
}

/**
 * Print the parameters of A's public function: C<guestfs_h *g> and
 * the required ones (the manual page shows them too).
 */
void
pr_params (const struct action *a)
{
  int i;

  pr ("guestfs_h *g");
  for (i = 0; i < action_nr_args (a); i++) {
    pr (", %s%s", arg_ctype (a->args[i].type), a->args[i].name);
    if (a->args[i].type == A_BUFFERIN)
      pr (", size_t %s_size", a->args[i].name);
  }
  if (a->ret == R_BUFFEROUT)
    pr (", size_t *size_r");
}

static void
pr_args_call (const struct action *a)
{
  int i;

  pr ("g");
  for (i = 0; i < action_nr_args (a); i++) {
    pr (", %s", a->args[i].name);
    if (a->args[i].type == A_BUFFERIN)
      pr (", %s_size", a->args[i].name);
  }
  if (a->ret == R_BUFFEROUT)
    pr (", size_r");
}

static const char *
last_param (const struct action *a)
{
  int n = action_nr_args (a);

  if (a->ret == R_BUFFEROUT)
    return "size_r";
  if (n == 0)
    return "g";
  if (a->args[n - 1].type == A_BUFFERIN) {
    static char buf[80];
    snprintf (buf, sizeof buf, "%s_size", a->args[n - 1].name);
    return buf;
  }
  return a->args[n - 1].name;
}

/*-- guestfs.h --*/

static void
pr_header_prologue (void)
{
  pr ("#ifndef GUESTFS_H_\n#define GUESTFS_H_\n\n"
      "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
      "#include <stdarg.h>\n#include <stddef.h>\n#include <stdint.h>\n"
      "#include <sys/types.h>\n\n"
      "#define GUESTFS_DLL_PUBLIC __attribute__((visibility (\"default\")))\n"
      "#define LIBGUESTFS_HAVE_GUESTKIT 1\n\n"
      "typedef struct guestfs_h guestfs_h;\n\n"
      "/* Handles. */\n"
      "#define GUESTFS_CREATE_NO_ENVIRONMENT   (1 << 0)\n"
      "#define GUESTFS_CREATE_NO_CLOSE_ON_EXIT (1 << 1)\n"
      "extern GUESTFS_DLL_PUBLIC guestfs_h *guestfs_create (void);\n"
      "extern GUESTFS_DLL_PUBLIC guestfs_h *guestfs_create_flags (unsigned flags, ...);\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_close (guestfs_h *g);\n\n"
      "/* Errors. */\n"
      "extern GUESTFS_DLL_PUBLIC const char *guestfs_last_error (guestfs_h *g);\n"
      "extern GUESTFS_DLL_PUBLIC int guestfs_last_errno (guestfs_h *g);\n"
      "typedef void (*guestfs_error_handler_cb) (guestfs_h *g, void *opaque, const char *msg);\n"
      "typedef void (*guestfs_abort_cb) (void) __attribute__((__noreturn__));\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_set_error_handler (guestfs_h *g, guestfs_error_handler_cb cb, void *opaque);\n"
      "extern GUESTFS_DLL_PUBLIC guestfs_error_handler_cb guestfs_get_error_handler (guestfs_h *g, void **opaque_rtn);\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_push_error_handler (guestfs_h *g, guestfs_error_handler_cb cb, void *opaque);\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_pop_error_handler (guestfs_h *g);\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_set_out_of_memory_handler (guestfs_h *g, guestfs_abort_cb cb);\n"
      "extern GUESTFS_DLL_PUBLIC guestfs_abort_cb guestfs_get_out_of_memory_handler (guestfs_h *g);\n\n"
      "/* Events. */\n"
      "#define GUESTFS_EVENT_CLOSE           0x0001\n"
      "#define GUESTFS_EVENT_SUBPROCESS_QUIT 0x0002\n"
      "#define GUESTFS_EVENT_LAUNCH_DONE     0x0004\n"
      "#define GUESTFS_EVENT_PROGRESS        0x0008\n"
      "#define GUESTFS_EVENT_APPLIANCE       0x0010\n"
      "#define GUESTFS_EVENT_LIBRARY         0x0020\n"
      "#define GUESTFS_EVENT_TRACE           0x0040\n"
      "#define GUESTFS_EVENT_ENTER           0x0080\n"
      "#define GUESTFS_EVENT_LIBVIRT_AUTH    0x0100\n"
      "#define GUESTFS_EVENT_WARNING         0x0200\n"
      "#define GUESTFS_EVENT_ALL             UINT64_C(0x03ff)\n"
      "typedef void (*guestfs_event_callback) (guestfs_h *g, void *opaque,\n"
      "    uint64_t event, int event_handle, int flags,\n"
      "    const char *buf, size_t buf_len,\n"
      "    const uint64_t *array, size_t array_len);\n"
      "extern GUESTFS_DLL_PUBLIC int guestfs_set_event_callback (guestfs_h *g, guestfs_event_callback cb, uint64_t event_bitmask, int flags, void *opaque);\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_delete_event_callback (guestfs_h *g, int event_handle);\n"
      "extern GUESTFS_DLL_PUBLIC char *guestfs_event_to_string (uint64_t event_bitmask);\n\n"
      "/* Private data. */\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_set_private (guestfs_h *g, const char *key, void *data);\n"
      "extern GUESTFS_DLL_PUBLIC void *guestfs_get_private (guestfs_h *g, const char *key);\n\n");
}

static void
pr_public_structs (void)
{
  const struct structdef *s;
  const struct field *f;

  for (s = structs; s->name; s++) {
    pr ("#define GUESTFS_HAVE_STRUCT_%s 1\n", upper (s->name));
    pr ("struct guestfs_%s {\n", s->name);
    for (f = s->fields; f->type != F_END; f++)
      pr_field_decl (f);
    pr ("};\n\nstruct guestfs_%s_list {\n  uint32_t len;\n"
        "  struct guestfs_%s *val;\n};\n\n", s->name, s->name);
    pr ("extern GUESTFS_DLL_PUBLIC void guestfs_free_%s (struct guestfs_%s *);\n"
        "extern GUESTFS_DLL_PUBLIC void guestfs_free_%s_list (struct guestfs_%s_list *);\n\n",
        s->name, s->name, s->name, s->name);
  }
}

static void
pr_optargs_decls (const struct action *a)
{
  const char *cn = c_function_name (a);
  int i;

  for (i = 0; i < action_nr_optargs (a); i++)
    pr ("#define GUESTFS_%s_%s %d\n", upper (cn), upper (a->optargs[i].name), i);
  pr ("extern GUESTFS_DLL_PUBLIC %sguestfs_%s (", ret_ctype (a), cn);
  pr_params (a);
  pr (", ...);\n");
  pr ("extern GUESTFS_DLL_PUBLIC %sguestfs_%s_va (", ret_ctype (a), cn);
  pr_params (a);
  pr (", va_list args);\n\nstruct guestfs_%s_argv {\n  uint64_t bitmask;\n", cn);
  for (i = 0; i < action_nr_optargs (a); i++) {
    pr ("#define GUESTFS_%s_%s_BITMASK (UINT64_C(1)<<%d)\n", upper (cn),
        upper (a->optargs[i].name), i);
    pr ("  %s%s;\n", optarg_ctype (a->optargs[i].type), a->optargs[i].name);
  }
  pr ("};\n\nextern GUESTFS_DLL_PUBLIC %sguestfs_%s_argv (", ret_ctype (a), cn);
  pr_params (a);
  pr (", const struct guestfs_%s_argv *optargs);\n", cn);
}

static void
pr_action_decls (const struct action *a)
{
  pr ("#define GUESTFS_HAVE_%s 1\n", upper (a->name));
  if (action_nr_optargs (a) == 0 || (a->flags & FL_ONCE_HAD_NO_OPTARGS)) {
    pr ("extern GUESTFS_DLL_PUBLIC %sguestfs_%s (", ret_ctype (a), a->name);
    pr_params (a);
    pr (");\n");
  }
  if (action_nr_optargs (a) > 0) {
    if (a->flags & FL_ONCE_HAD_NO_OPTARGS)
      pr ("#define GUESTFS_HAVE_%s_OPTS 1\n", upper (a->name));
    pr_optargs_decls (a);
  }
  pr ("\n");
}

/**
 * Emit the public header F<library/guestfs.h>.
 */
void
generate_guestfs_h (void)
{
  const struct action *a;

  output_begin ("library/guestfs.h", "c");
  pr_header_prologue ();
  pr_public_structs ();
  for (a = action_next (NULL); a; a = action_next (a))
    pr_action_decls (a);
  pr ("#ifdef __cplusplus\n}\n#endif\n\n#endif /* GUESTFS_H_ */\n");
  output_end ();
}

/**
 * Emit F<library/guestfs-internal-actions.h>: the library-side
 * implementations, one per proc_nr 0 call.
 */
void
generate_library_internal_h (void)
{
  const struct action *a;

  output_begin ("library/guestfs-internal-actions.h", "c");
  pr ("#ifndef GUESTFS_INTERNAL_ACTIONS_H\n#define GUESTFS_INTERNAL_ACTIONS_H\n\n");
  FOR_EACH_LIBRARY_ACTION (a) {
    pr ("%sguestfs_impl_%s (", ret_ctype (a), a->name);
    pr_params (a);
    if (action_nr_optargs (a))
      pr (", const struct guestfs_%s_argv *optargs", c_function_name (a));
    pr (");\n");
  }
  pr ("\n#endif\n");
  output_end ();
}

/*-- actions.c --*/

static void
pr_null_checks (const struct action *a)
{
  int i, t;

  for (i = 0; i < action_nr_args (a); i++) {
    t = a->args[i].type;
    if (t == A_OPTSTRING || t == A_BOOL || t == A_INT || t == A_INT64)
      continue;
    pr ("  if (%s == NULL) {\n"
        "    guestfs_int_error_errno (g, EINVAL, \"%%s: %%s: parameter cannot be NULL\",\n"
        "                             \"%s\", \"%s\");\n"
        "    return %s;\n  }\n", a->args[i].name, a->name, a->args[i].name,
        err_value (a));
  }
  if (a->ret == R_BUFFEROUT)
    pr ("  if (size_r == NULL) {\n"
        "    guestfs_int_error_errno (g, EINVAL, \"%s: size_r cannot be NULL\");\n"
        "    return NULL;\n  }\n", a->name);
}

static void
pr_trace_call (const struct action *a)
{
  int i;
  const char *n;

  pr ("  if (g->trace) {\n    GUESTFS_INT_TRACE_BEGIN (g, \"%s\");\n", a->name);
  for (i = 0; i < action_nr_args (a); i++) {
    n = a->args[i].name;
    switch (a->args[i].type) {
    case A_STRINGLIST: case A_DEVICELIST:
      pr ("    guestfs_int_trace_strlist (trace_fp, %s);\n", n); break;
    case A_BOOL: pr ("    fprintf (trace_fp, \" %%s\", %s ? \"true\" : \"false\");\n", n); break;
    case A_INT: pr ("    fprintf (trace_fp, \" %%d\", %s);\n", n); break;
    case A_INT64: pr ("    fprintf (trace_fp, \" %%\" PRIi64, %s);\n", n); break;
    case A_BUFFERIN:
      pr ("    fprintf (trace_fp, \" <%%zu bytes>\", %s_size);\n", n); break;
    case A_KEY: pr ("    fputs (\" ***\", trace_fp);\n"); break;
    default:
      pr ("    guestfs_int_trace_string (trace_fp, %s);\n", n); break;
    }
  }
  pr ("    GUESTFS_INT_TRACE_END (g);\n  }\n");
}

static void
pr_trace_ret (const struct action *a)
{
  pr ("  if (g->trace) {\n    GUESTFS_INT_TRACE_BEGIN (g, \"%s\");\n", a->name);
  switch (a->ret) {
  case R_ERR: case R_INT: pr ("    fprintf (trace_fp, \" = %%d\", r);\n"); break;
  case R_BOOL:
    pr ("    fprintf (trace_fp, \" = %%s\", r == -1 ? \"-1\" : r ? \"true\" : \"false\");\n");
    break;
  case R_INT64: pr ("    fprintf (trace_fp, \" = %%\" PRIi64, r);\n"); break;
  case R_CONSTSTRING: case R_CONSTOPTSTRING: case R_STRING:
    pr ("    fputs (\" =\", trace_fp);\n    guestfs_int_trace_string (trace_fp, r);\n");
    break;
  case R_STRINGLIST: case R_HASHTABLE:
    pr ("    fputs (\" =\", trace_fp);\n    guestfs_int_trace_strlist (trace_fp, r);\n");
    break;
  case R_BUFFEROUT:
    pr ("    fprintf (trace_fp, \" = <%%zu bytes>\", r ? *size_r : 0);\n"); break;
  default:
    pr ("    fprintf (trace_fp, \" = %%s\", r ? \"<struct>\" : \"NULL\");\n"); break;
  }
  pr ("    GUESTFS_INT_TRACE_END (g);\n  }\n");
}

static void
pr_library_body (const struct action *a)
{
  pr ("  r = guestfs_impl_%s (", a->name);
  pr_args_call (a);
  if (action_nr_optargs (a))
    pr (", optargs");
  pr (");\n");
}

static const char *
file_arg (const struct action *a, int type)
{
  int i;

  for (i = 0; i < action_nr_args (a); i++)
    if (a->args[i].type == type)
      return a->args[i].name;
  return "NULL";
}

static void
pr_rpc_fill_args (const struct action *a)
{
  int i, t;
  const char *n;

  pr ("  memset (&args, 0, sizeof args);\n");
  for (i = 0; i < action_nr_args (a); i++) {
    t = a->args[i].type;
    n = a->args[i].name;
    if (t == A_FILEIN || t == A_FILEOUT)
      continue;
    if (t == A_STRINGLIST || t == A_DEVICELIST)
      pr ("  args.%s = (char **) %s;\n", n, n);
    else if (t == A_BOOL || t == A_INT || t == A_INT64)
      pr ("  args.%s = %s;\n", n, n);
    else if (t == A_BUFFERIN)
      pr ("  args.%s = (char *) %s;\n  args.%s_size = %s_size;\n", n, n, n, n);
    else
      pr ("  args.%s = (char *) %s;\n", n, n);
  }
  for (i = 0; i < action_nr_optargs (a); i++) {
    n = a->optargs[i].name;
    pr ("  if (optargs->bitmask & (UINT64_C(1) << %d))\n", i);
    if (a->optargs[i].type == O_STRING)
      pr ("    args.%s = (char *) optargs->%s;\n", n, n);
    else if (a->optargs[i].type == O_STRINGLIST)
      pr ("    args.%s = (char **) optargs->%s;\n", n, n);
    else
      pr ("    args.%s = optargs->%s;\n", n, n);
  }
}

static void
pr_rpc_decls (const struct action *a)
{
  if (has_wire_args (a))
    pr ("  struct guestfs_%s_args args;\n", a->name);
  if (a->ret != R_ERR)
    pr ("  struct guestfs_%s_ret ret;\n", a->name);
  pr ("  struct guestfs_int_rpc_call call;\n");
}

static void
pr_rpc_call (const struct action *a)
{
  bool wargs = has_wire_args (a);

  if (wargs)
    pr_rpc_fill_args (a);
  pr ("  memset (&call, 0, sizeof call);\n"
      "  call.name = \"%s\";\n  call.proc = GUESTFS_PROC_%s;\n"
      "  call.progress = %d;\n", a->name, upper (a->name),
      (a->flags & FL_PROGRESS) ? 1 : 0);
  if (action_nr_optargs (a))
    pr ("  call.optargs_bitmask = optargs->bitmask;\n");
  if (wargs)
    pr ("  call.enc = guestfs_enc_%s_args;\n  call.args = &args;\n", a->name);
  pr ("  call.filein = %s;\n  call.fileout = %s;\n",
      file_arg (a, A_FILEIN), file_arg (a, A_FILEOUT));
  if (a->ret != R_ERR)
    pr ("  call.dec = guestfs_dec_%s_ret;\n  call.ret = &ret;\n", a->name);
  pr ("  if (guestfs_int_rpc (g, &call) == -1)\n    r = %s;\n", err_value (a));
  pr ("  else {\n");
  switch (a->ret) {
  case R_ERR: pr ("    r = 0;\n"); break;
  case R_INT: case R_BOOL: case R_INT64: case R_STRING:
  case R_STRINGLIST: case R_HASHTABLE:
    pr ("    r = ret.ret;\n"); break;
  case R_STRUCT: case R_STRUCTLIST:
    pr ("    r = (%s) ret.ret;\n", ret_ctype (a)); break;
  case R_BUFFEROUT: pr ("    r = ret.ret;\n    *size_r = ret.ret_size;\n"); break;
  default: break;
  }
  pr ("  }\n");
}

static void
pr_core_function (const struct action *a)
{
  bool opts = action_nr_optargs (a) > 0;

  pr ("GUESTFS_DLL_PUBLIC %s\nguestfs_%s%s (", ret_ctype (a),
      opts ? c_function_name (a) : a->name, opts ? "_argv" : "");
  pr_params (a);
  if (opts)
    pr (", const struct guestfs_%s_argv *optargs", c_function_name (a));
  pr (")\n{\n  %sr;\n", ret_ctype (a));
  if (a->proc_nr > 0)
    pr_rpc_decls (a);
  /* The lock serialises calls from threads sharing the handle. */
  if (!(a->flags & FL_NO_LOCK))
    pr ("  GUESTFS_INT_LOCK_SCOPE (g);\n");
  pr ("\n  guestfs_int_call_enter (g, \"%s\");\n", a->name);
  pr_null_checks (a);
  if (opts)
    pr ("  if (optargs->bitmask & ~UINT64_C(0x%llx)) {\n"
        "    guestfs_int_error_errno (g, EINVAL, \"%s: unknown optional argument in bitmask\");\n"
        "    return %s;\n  }\n",
        (unsigned long long) ((1ULL << action_nr_optargs (a)) - 1), a->name,
        err_value (a));
  pr_trace_call (a);
  if (a->flags & FL_CONFIG)
    pr ("  if (guestfs_int_check_config (g, \"%s\") == -1)\n    r = %s;\n  else {\n",
        a->name, err_value (a));
  else if (a->proc_nr > 0)
    pr ("  if (guestfs_int_check_launched (g, \"%s\") == -1)\n    r = %s;\n  else {\n",
        a->name, err_value (a));
  else
    pr ("  {\n");
  if (a->proc_nr == 0)
    pr_library_body (a);
  else
    pr_rpc_call (a);
  pr ("  }\n");
  pr_trace_ret (a);
  pr ("  return r;\n}\n\n");
}

static void
pr_optargs_wrappers (const struct action *a)
{
  const char *cn = c_function_name (a);
  int i;

  pr ("GUESTFS_DLL_PUBLIC %s\nguestfs_%s (", ret_ctype (a), cn);
  pr_params (a);
  pr (", ...)\n{\n  va_list optargs;\n  %sr;\n\n  va_start (optargs, %s);\n"
      "  r = guestfs_%s_va (", ret_ctype (a), last_param (a), cn);
  pr_args_call (a);
  pr (", optargs);\n  va_end (optargs);\n  return r;\n}\n\n");

  pr ("GUESTFS_DLL_PUBLIC %s\nguestfs_%s_va (", ret_ctype (a), cn);
  pr_params (a);
  pr (", va_list args)\n{\n  struct guestfs_%s_argv o;\n  int i;\n  uint64_t bit;\n\n"
      "  memset (&o, 0, sizeof o);\n  while ((i = va_arg (args, int)) >= 0) {\n"
      "    switch (i) {\n", cn);
  for (i = 0; i < action_nr_optargs (a); i++) {
    const char *vt = a->optargs[i].type == O_INT64 ? "int64_t" :
      a->optargs[i].type == O_STRING ? "const char *" :
      a->optargs[i].type == O_STRINGLIST ? "char *const *" : "int";
    pr ("    case %d: o.%s = va_arg (args, %s); break;\n", i,
        a->optargs[i].name, vt);
  }
  pr ("    default:\n      guestfs_int_error_errno (g, EINVAL, \"%%s: unknown option %%d\", \"%s\", i);\n"
      "      return %s;\n    }\n    bit = UINT64_C(1) << i;\n"
      "    if (o.bitmask & bit) {\n"
      "      guestfs_int_error_errno (g, EINVAL, \"%%s: optional argument given twice\", \"%s\");\n"
      "      return %s;\n    }\n    o.bitmask |= bit;\n  }\n"
      "  return guestfs_%s_argv (", a->name, err_value (a), a->name,
      err_value (a), cn);
  pr_args_call (a);
  pr (", &o);\n}\n\n");

  if (a->flags & FL_ONCE_HAD_NO_OPTARGS) {
    pr ("GUESTFS_DLL_PUBLIC %s\nguestfs_%s (", ret_ctype (a), a->name);
    pr_params (a);
    pr (")\n{\n  struct guestfs_%s_argv o = { .bitmask = 0 };\n\n"
        "  return guestfs_%s_argv (", cn, cn);
    pr_args_call (a);
    pr (", &o);\n}\n\n");
  }
}

static void
pr_struct_frees (void)
{
  const struct structdef *s;

  for (s = structs; s->name; s++) {
    pr ("_Static_assert (sizeof (struct guestfs_%s) == sizeof (guestfs_int_%s),\n"
        "                \"layouts of guestfs_%s differ\");\n\n",
        s->name, s->name, s->name);
    pr ("GUESTFS_DLL_PUBLIC void\nguestfs_free_%s (struct guestfs_%s *v)\n{\n"
        "  if (v) {\n    guestfs_free_int_%s ((guestfs_int_%s *) v);\n"
        "    free (v);\n  }\n}\n\n", s->name, s->name, s->name, s->name);
    pr ("GUESTFS_DLL_PUBLIC void\nguestfs_free_%s_list (struct guestfs_%s_list *v)\n{\n"
        "  if (v) {\n    guestfs_free_int_%s_list ((guestfs_int_%s_list *) v);\n"
        "    free (v);\n  }\n}\n\n", s->name, s->name, s->name, s->name);
  }
}

/**
 * Emit F<library/actions.c>.
 */
void
generate_library_actions_c (void)
{
  const struct action *a;

  output_begin ("library/actions.c", "c");
  pr ("#include <config.h>\n\n#include <errno.h>\n#include <inttypes.h>\n"
      "#include <stdarg.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
      "#include <string.h>\n\n#include \"guestfs.h\"\n"
      "#include \"guestfs-internal.h\"\n#include \"guestfs-internal-actions.h\"\n"
      "#include \"guestfs_protocol.h\"\n\n");
  pr_struct_frees ();
  for (a = action_next (NULL); a; a = action_next (a)) {
    pr_core_function (a);
    if (action_nr_optargs (a))
      pr_optargs_wrappers (a);
  }
  output_end ();
}

/**
 * Emit the linker version script F<library/libguestfs.syms>.
 */
void
generate_library_syms (void)
{
  static const char *handwritten[] = {
    "guestfs_create", "guestfs_create_flags", "guestfs_close",
    "guestfs_last_error", "guestfs_last_errno", "guestfs_set_error_handler",
    "guestfs_get_error_handler", "guestfs_push_error_handler",
    "guestfs_pop_error_handler", "guestfs_set_out_of_memory_handler",
    "guestfs_get_out_of_memory_handler", "guestfs_set_event_callback",
    "guestfs_delete_event_callback", "guestfs_event_to_string",
    "guestfs_set_private", "guestfs_get_private", NULL
  };
  const struct action *a;
  const struct structdef *s;
  size_t i;

  output_begin ("library/libguestfs.syms", "sh");
  pr ("GUESTFS_0.0 {\n  global:\n");
  for (i = 0; handwritten[i]; i++)
    pr ("    %s;\n", handwritten[i]);
  for (s = structs; s->name; s++)
    pr ("    guestfs_free_%s;\n    guestfs_free_%s_list;\n", s->name, s->name);
  for (a = action_next (NULL); a; a = action_next (a)) {
    const char *cn = c_function_name (a);
    if (action_nr_optargs (a) == 0 || (a->flags & FL_ONCE_HAD_NO_OPTARGS))
      pr ("    guestfs_%s;\n", a->name);
    if (action_nr_optargs (a))
      pr ("    guestfs_%s;\n    guestfs_%s_va;\n    guestfs_%s_argv;\n",
          cn, cn, cn);
  }
  pr ("  local:\n    *;\n};\n");
  output_end ();
}
