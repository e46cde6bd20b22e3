/* guestkit — generator: the daemon's prototypes and dispatch.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the emitters of F<daemon/actions.h> (the
 * C<do_E<lt>nameE<gt>> prototypes) and F<daemon/stubs.c>: one stub per
 * call that decodes the arguments, checks paths and translates device
 * names, calls C<do_E<lt>nameE<gt>> and sends the reply.
 */

#include <config.h>

#include <string.h>

#include "types.h"

static const char *
d_ret_ctype (const struct action *a)
{
  static char buf[128];

  switch (a->ret) {
  case R_ERR: case R_INT: case R_BOOL: return "int ";
  case R_INT64: return "int64_t ";
  case R_STRING: case R_BUFFEROUT: return "char *";
  case R_STRINGLIST: case R_HASHTABLE: return "char **";
  case R_STRUCT:
    snprintf (buf, sizeof buf, "guestfs_int_%s *", a->ret_struct);
    return buf;
  case R_STRUCTLIST:
    snprintf (buf, sizeof buf, "guestfs_int_%s_list *", a->ret_struct);
    return buf;
  default: return "?";
  }
}

static void
pr_do_params (const struct action *a)
{
  int i, n = 0;

  for (i = 0; i < action_nr_args (a); i++) {
    if (!is_wire_arg (a->args[i].type))
      continue;
    pr ("%s%s%s", n++ ? ", " : "", arg_ctype (a->args[i].type),
        a->args[i].name);
    if (a->args[i].type == A_BUFFERIN)
      pr (", size_t %s_size", a->args[i].name);
  }
  for (i = 0; i < action_nr_optargs (a); i++)
    pr ("%s%s%s", n++ ? ", " : "", optarg_ctype (a->optargs[i].type),
        a->optargs[i].name);
  if (a->ret == R_BUFFEROUT)
    pr ("%ssize_t *size_r", n++ ? ", " : "");
  if (n == 0)
    pr ("void");
}

/**
 * Emit F<daemon/actions.h>.
 */
void
generate_daemon_actions_h (void)
{
  const struct action *a;

  output_begin ("daemon/actions.h", "c");
  pr ("#ifndef GUESTFSD_ACTIONS_H\n#define GUESTFSD_ACTIONS_H\n\n"
      "#include \"guestfs_protocol.h\"\n\n");
  FOR_EACH_DAEMON_ACTION (a) {
    pr ("extern %sdo_%s (", d_ret_ctype (a), a->name);
    pr_do_params (a);
    pr (");\n");
  }
  pr ("\n/* Decode and run one call (stubs.c). */\n"
      "extern void dispatch_call (uint32_t proc, struct rbuf *in);\n"
      "\n#endif\n");
  output_end ();
}

/* What the stub passes to do_NAME for argument I. */
static void
pr_call_arg (const struct action *a, int i)
{
  const char *n = a->args[i].name;

  switch (a->args[i].type) {
  case A_DEVICE: case A_MOUNTABLE: case A_DEV_OR_PATH: case A_DEVICELIST:
    pr ("%s_r", n);
    break;
  case A_BUFFERIN:
    pr ("args.%s, args.%s_size", n, n);
    break;
  default:
    pr ("args.%s", n);
  }
}

static void
pr_checks (const struct action *a)
{
  int i;
  const char *n;
  bool need_root = !(a->flags & FL_NO_ROOT);

  for (i = 0; i < action_nr_args (a); i++) {
    n = a->args[i].name;
    switch (a->args[i].type) {
    case A_PATHNAME:
      pr ("  if (check_path (args.%s, %s) == -1)\n    goto fail;\n", n,
          need_root ? "true" : "false");
      break;
    case A_DEVICE:
      pr ("  %s_r = device_to_internal (args.%s);\n"
          "  if (%s_r == NULL)\n    goto fail;\n", n, n, n);
      break;
    case A_MOUNTABLE:
      pr ("  %s_r = mountable_to_internal (args.%s);\n"
          "  if (%s_r == NULL)\n    goto fail;\n", n, n, n);
      break;
    case A_DEV_OR_PATH:
      pr ("  %s_r = device_or_path (args.%s, %s);\n"
          "  if (%s_r == NULL)\n    goto fail;\n", n, n,
          need_root ? "true" : "false", n);
      break;
    case A_DEVICELIST:
      pr ("  %s_r = devices_to_internal (args.%s);\n"
          "  if (%s_r == NULL)\n    goto fail;\n", n, n, n);
      break;
    default:
      break;
    }
  }
}

static void
pr_stub_decls (const struct action *a)
{
  int i;
  bool wargs = false;

  for (i = 0; i < action_nr_args (a); i++) {
    int t = a->args[i].type;
    if (is_wire_arg (t))
      wargs = true;
    if (t == A_DEVICE || t == A_MOUNTABLE || t == A_DEV_OR_PATH)
      pr ("  CLEANUP_FREE char *%s_r = NULL;\n", a->args[i].name);
    if (t == A_DEVICELIST)
      pr ("  CLEANUP_FREE_STRING_LIST char **%s_r = NULL;\n", a->args[i].name);
  }
  if (wargs || action_nr_optargs (a))
    pr ("  struct guestfs_%s_args args;\n", a->name);
  pr ("  %sr;\n", d_ret_ctype (a));
  if (a->ret == R_BUFFEROUT)
    pr ("  size_t size = 0;\n");
  if (a->ret != R_ERR)
    pr ("  struct guestfs_%s_ret ret;\n", a->name);
  pr ("\n");
}

static void
pr_stub_call (const struct action *a)
{
  int i, n = 0;

  pr ("  r = do_%s (", a->name);
  for (i = 0; i < action_nr_args (a); i++) {
    if (!is_wire_arg (a->args[i].type))
      continue;
    if (n++)
      pr (", ");
    pr_call_arg (a, i);
  }
  for (i = 0; i < action_nr_optargs (a); i++)
    pr ("%sargs.%s", n++ ? ", " : "", a->optargs[i].name);
  if (a->ret == R_BUFFEROUT)
    pr ("%s&size", n++ ? ", " : "");
  pr (");\n");
}

static bool
ret_is_pointer (const struct action *a)
{
  return a->ret >= R_STRING && a->ret != R_BOOL;
}

static void
pr_stub_reply (const struct action *a, bool fileout)
{
  pr ("  if (r == %s)\n    goto out;  /* do_%s has replied */\n",
      ret_is_pointer (a) ? "NULL" : "-1", a->name);
  if (fileout) {
    pr ("  goto out;  /* the FileOut stream carried the reply */\n");
    return;
  }
  if (a->ret == R_ERR) {
    pr ("  reply (NULL, NULL);\n");
    return;
  }
  pr ("  ret.ret = r;\n");
  if (a->ret == R_BUFFEROUT)
    pr ("  ret.ret_size = size;\n");
  pr ("  reply (guestfs_enc_%s_ret, &ret);\n  guestfs_free_%s_ret (&ret);\n",
      a->name, a->name);
}

static void
pr_stub (const struct action *a)
{
  bool wargs = has_wire_args (a), filein = action_has_arg (a, A_FILEIN);

  pr ("static void\n%s_stub (struct rbuf *in)\n{\n", a->name);
  pr_stub_decls (a);
  if (wargs)
    pr ("  if (guestfs_dec_%s_args (in, &args) == -1) {\n"
        "%s    reply_with_error (\"daemon failed to decode procedure arguments: %%s\",\n"
        "                      in->error);\n    return;\n  }\n",
        a->name, filein ? "    cancel_receive ();\n" : "");
  else
    pr ("  if (wire_get_end (in) == -1) {\n"
        "%s    reply_with_error (\"daemon failed to decode procedure arguments: %%s\",\n"
        "                      in->error);\n    return;\n  }\n",
        filein ? "    cancel_receive ();\n" : "");
  pr ("  if (optargs_bitmask & ~UINT64_C(0x%llx)) {\n"
      "    reply_with_error (\"unknown option in optional arguments bitmask\");\n"
      "    goto fail;\n  }\n",
      (unsigned long long) ((1ULL << action_nr_optargs (a)) - 1));
  pr_checks (a);
  pr_stub_call (a);
  pr_stub_reply (a, action_has_arg (a, A_FILEOUT));
  pr ("  goto out;\n fail:\n");
  if (filein)
    pr ("  cancel_receive ();\n");
  pr (" out:\n");
  if (wargs)
    pr ("  guestfs_free_%s_args (&args);\n", a->name);
  else
    pr ("  ;\n");
  pr ("}\n\n");
}

/**
 * Emit F<daemon/stubs.c>.
 */
void
generate_daemon_stubs_c (void)
{
  const struct action *a;

  output_begin ("daemon/stubs.c", "c");
  pr ("#include <config.h>\n\n#include <stdbool.h>\n#include <stdio.h>\n"
      "#include <stdlib.h>\n#include <string.h>\n\n#include \"daemon.h\"\n"
      "#include \"actions.h\"\n#include \"mountable.h\"\n\n"
      "#pragma GCC diagnostic ignored \"-Wunused-label\"\n\n");
  FOR_EACH_DAEMON_ACTION (a)
    pr_stub (a);
  pr ("void\ndispatch_call (uint32_t proc, struct rbuf *in)\n{\n"
      "  switch (proc) {\n");
  FOR_EACH_DAEMON_ACTION (a)
    pr ("  case GUESTFS_PROC_%s: %s_stub (in); break;\n", upper (a->name),
        a->name);
  pr ("  default:\n    reply_with_error (\"unknown procedure number %%u\", proc);\n"
      "  }\n}\n");
  output_end ();
}
