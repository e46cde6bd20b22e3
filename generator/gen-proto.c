/* guestkit — generator: the wire protocol's typed messages.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the emitters of F<common/protocol/guestfs_protocol.h>
 * and F<.c>: the structs (C<guestfs_int_NAME>), the procedure numbers,
 * and for every daemon call an args and a ret struct with encode,
 * decode and free functions built on F<wire.h>.
 */

#include <config.h>

#include <string.h>

#include "types.h"

static void
pr_struct_decls (void)
{
  const struct structdef *s;
  const struct field *f;

  for (s = structs; s->name; s++) {
    pr ("typedef struct guestfs_int_%s {\n", s->name);
    for (f = s->fields; f->type != F_END; f++)
      pr_field_decl (f);
    pr ("} guestfs_int_%s;\n\n", s->name);
    pr ("typedef struct guestfs_int_%s_list {\n"
        "  uint32_t len;\n  guestfs_int_%s *val;\n} guestfs_int_%s_list;\n\n",
        s->name, s->name, s->name);
    pr ("int guestfs_enc_%s (struct wbuf *, const guestfs_int_%s *);\n"
        "int guestfs_dec_%s (struct rbuf *, guestfs_int_%s *);\n"
        "void guestfs_free_int_%s (guestfs_int_%s *); /* contents only */\n"
        "int guestfs_enc_%s_list (struct wbuf *, const guestfs_int_%s_list *);\n"
        "int guestfs_dec_%s_list (struct rbuf *, guestfs_int_%s_list *);\n"
        "void guestfs_free_int_%s_list (guestfs_int_%s_list *); /* contents only */\n\n",
        s->name, s->name, s->name, s->name, s->name, s->name,
        s->name, s->name, s->name, s->name, s->name, s->name);
  }
}

static void
pr_arg_field (int type, const char *name, bool optarg)
{
  if (optarg) {
    switch (type) {
    case O_BOOL: case O_INT: pr ("  int32_t %s;\n", name); break;
    case O_INT64: pr ("  int64_t %s;\n", name); break;
    case O_STRING: pr ("  char *%s;\n", name); break;
    case O_STRINGLIST: pr ("  char **%s;\n", name); break;
    }
    return;
  }
  switch (type) {
  case A_FILEIN: case A_FILEOUT: break; /* not on the wire */
  case A_STRINGLIST: case A_DEVICELIST: pr ("  char **%s;\n", name); break;
  case A_BOOL: case A_INT: pr ("  int32_t %s;\n", name); break;
  case A_INT64: pr ("  int64_t %s;\n", name); break;
  case A_BUFFERIN: pr ("  char *%s;\n  size_t %s_size;\n", name, name); break;
  default: pr ("  char *%s;\n", name); break;
  }
}

static void
pr_ret_field (const struct action *a)
{
  switch (a->ret) {
  case R_INT: case R_BOOL: pr ("  int32_t ret;\n"); break;
  case R_INT64: pr ("  int64_t ret;\n"); break;
  case R_STRING: pr ("  char *ret;\n"); break;
  case R_STRINGLIST: case R_HASHTABLE: pr ("  char **ret;\n"); break;
  case R_STRUCT: pr ("  guestfs_int_%s *ret;\n", a->ret_struct); break;
  case R_STRUCTLIST:
    pr ("  guestfs_int_%s_list *ret;\n", a->ret_struct); break;
  case R_BUFFEROUT: pr ("  char *ret;\n  size_t ret_size;\n"); break;
  default: break;
  }
}

static void
pr_call_decls (const struct action *a)
{
  int i;

  if (has_wire_args (a)) {
    pr ("struct guestfs_%s_args {\n", a->name);
    for (i = 0; i < action_nr_args (a); i++)
      pr_arg_field (a->args[i].type, a->args[i].name, false);
    for (i = 0; i < action_nr_optargs (a); i++)
      pr_arg_field (a->optargs[i].type, a->optargs[i].name, true);
    pr ("};\n");
    pr ("int guestfs_enc_%s_args (struct wbuf *, const void *);\n", a->name);
    pr ("int guestfs_dec_%s_args (struct rbuf *, struct guestfs_%s_args *);\n",
        a->name, a->name);
    pr ("void guestfs_free_%s_args (struct guestfs_%s_args *);\n", a->name,
        a->name);
  }
  if (a->ret != R_ERR) {
    pr ("struct guestfs_%s_ret {\n", a->name);
    pr_ret_field (a);
    pr ("};\n");
    pr ("int guestfs_enc_%s_ret (struct wbuf *, const void *);\n", a->name);
    pr ("int guestfs_dec_%s_ret (struct rbuf *, void *);\n", a->name);
    pr ("void guestfs_free_%s_ret (struct guestfs_%s_ret *);\n", a->name,
        a->name);
  }
  pr ("\n");
}

/**
 * Emit F<common/protocol/guestfs_protocol.h>.
 */
void
generate_protocol_h (void)
{
  const struct action *a;

  output_begin ("common/protocol/guestfs_protocol.h", "c");
  pr ("#ifndef GUESTFS_PROTOCOL_H\n#define GUESTFS_PROTOCOL_H\n\n"
      "#include <stddef.h>\n#include <stdint.h>\n\n#include \"wire.h\"\n\n");
  pr ("enum guestfs_procedure {\n");
  FOR_EACH_DAEMON_ACTION (a)
    pr ("  GUESTFS_PROC_%s = %d,\n", upper (a->name), a->proc_nr);
  pr ("};\n\n");
  pr ("/* The name of a procedure, or NULL if unknown. */\n"
      "const char *guestfs_proc_name (uint32_t proc);\n\n");
  pr_struct_decls ();
  FOR_EACH_DAEMON_ACTION (a)
    pr_call_decls (a);
  pr ("#endif /* GUESTFS_PROTOCOL_H */\n");
  output_end ();
}

/*-- .c --*/

static void
pr_struct_codec (const struct structdef *s)
{
  const struct field *f;

  pr ("int\nguestfs_enc_%s (struct wbuf *w, const guestfs_int_%s *v)\n{\n",
      s->name, s->name);
  for (f = s->fields; f->type != F_END; f++)
    if (f->type == F_BUFFER)
      pr ("  wire_put_fbuffer (w, v->%s, v->%s_len);\n", f->name, f->name);
    else
      pr ("  wire_put_%s (w, v->%s);\n", field_wire (f->type), f->name);
  pr ("  return w->error ? -1 : 0;\n}\n\n");

  pr ("int\nguestfs_dec_%s (struct rbuf *r, guestfs_int_%s *v)\n{\n"
      "  memset (v, 0, sizeof *v);\n  if (", s->name, s->name);
  for (f = s->fields; f->type != F_END; f++) {
    pr ("%s", f == s->fields ? "" : " ||\n      ");
    if (f->type == F_BUFFER)
      pr ("wire_get_fbuffer (r, &v->%s, &v->%s_len) == -1", f->name, f->name);
    else if (f->type == F_UUID)
      pr ("wire_get_uuid (r, v->%s) == -1", f->name);
    else
      pr ("wire_get_%s (r, &v->%s) == -1", field_wire (f->type), f->name);
  }
  pr (") {\n    guestfs_free_int_%s (v);\n    return -1;\n  }\n"
      "  return 0;\n}\n\n", s->name);

  pr ("void\nguestfs_free_int_%s (guestfs_int_%s *v)\n{\n", s->name, s->name);
  for (f = s->fields; f->type != F_END; f++)
    if (f->type == F_STRING || f->type == F_BUFFER)
      pr ("  free (v->%s);\n", f->name);
  pr ("  (void) v;\n}\n\n");

  pr ("int\nguestfs_enc_%s_list (struct wbuf *w, const guestfs_int_%s_list *v)\n"
      "{\n  uint32_t i;\n\n  wire_put_u32 (w, v->len);\n"
      "  for (i = 0; i < v->len; i++)\n    guestfs_enc_%s (w, &v->val[i]);\n"
      "  return w->error ? -1 : 0;\n}\n\n", s->name, s->name, s->name);

  pr ("int\nguestfs_dec_%s_list (struct rbuf *r, guestfs_int_%s_list *v)\n"
      "{\n  uint32_t i, n;\n\n  v->len = 0;\n  v->val = NULL;\n"
      "  if (wire_get_u32 (r, &n) == -1)\n    return -1;\n"
      "  if (n > (r->len - r->pos) / 4) {\n"
      "    r->error = \"list longer than the message\";\n    return -1;\n  }\n"
      "  v->val = calloc (n ? n : 1, sizeof *v->val);\n"
      "  if (!v->val) {\n    r->error = \"out of memory\";\n    return -1;\n  }\n"
      "  for (i = 0; i < n; i++, v->len++)\n"
      "    if (guestfs_dec_%s (r, &v->val[i]) == -1) {\n"
      "      guestfs_free_int_%s_list (v);\n      return -1;\n    }\n"
      "  return 0;\n}\n\n", s->name, s->name, s->name, s->name);

  pr ("void\nguestfs_free_int_%s_list (guestfs_int_%s_list *v)\n{\n"
      "  uint32_t i;\n\n  for (i = 0; i < v->len; i++)\n"
      "    guestfs_free_int_%s (&v->val[i]);\n  free (v->val);\n"
      "  v->val = NULL;\n  v->len = 0;\n}\n\n", s->name, s->name, s->name);
}

/* Wire operation name for an argument type ("string", "i32", ...). */
static const char *
arg_wire (int type, bool optarg)
{
  if (optarg) {
    switch (type) {
    case O_BOOL: case O_INT: return "i32";
    case O_INT64: return "i64";
    case O_STRING: return "optstring";
    case O_STRINGLIST: return "strlist";
    }
    return NULL;
  }
  switch (type) {
  case A_FILEIN: case A_FILEOUT: return NULL;
  case A_OPTSTRING: return "optstring";
  case A_STRINGLIST: case A_DEVICELIST: return "strlist";
  case A_BOOL: case A_INT: return "i32";
  case A_INT64: return "i64";
  case A_BUFFERIN: return "buffer";
  default: return "string";
  }
}

static bool
wire_frees (const char *op)
{
  return strcmp (op, "i32") != 0 && strcmp (op, "i64") != 0;
}

/* Call FN for each wire field of the args (required then optional). */
static void
each_arg (const struct action *a,
          void (*fn) (const char *op, const char *name, bool first))
{
  int i;
  bool first = true;
  const char *op;

  for (i = 0; i < action_nr_args (a); i++)
    if ((op = arg_wire (a->args[i].type, false))) {
      fn (op, a->args[i].name, first);
      first = false;
    }
  for (i = 0; i < action_nr_optargs (a); i++) {
    fn (arg_wire (a->optargs[i].type, true), a->optargs[i].name, first);
    first = false;
  }
}

static void
enc_one (const char *op, const char *name, bool first)
{
  (void) first;
  if (strcmp (op, "buffer") == 0)
    pr ("  wire_put_buffer (w, v->%s, v->%s_size);\n", name, name);
  else
    pr ("  wire_put_%s (w, v->%s);\n", op, name);
}

static void
dec_one (const char *op, const char *name, bool first)
{
  if (strcmp (op, "buffer") == 0)
    pr ("%swire_get_buffer (r, &v->%s, &v->%s_size) == -1",
        first ? "" : " ||\n      ", name, name);
  else
    pr ("%swire_get_%s (r, &v->%s) == -1", first ? "" : " ||\n      ",
        op, name);
}

static void
free_one (const char *op, const char *name, bool first)
{
  (void) first;
  if (strcmp (op, "strlist") == 0)
    pr ("  guestkit_free_string_list (v->%s);\n", name);
  else if (wire_frees (op))
    pr ("  free (v->%s);\n", name);
}

static void
pr_args_codec (const struct action *a)
{
  pr ("int\nguestfs_enc_%s_args (struct wbuf *w, const void *vp)\n{\n"
      "  const struct guestfs_%s_args *v = vp;\n\n", a->name, a->name);
  each_arg (a, enc_one);
  pr ("  return w->error ? -1 : 0;\n}\n\n");

  pr ("int\nguestfs_dec_%s_args (struct rbuf *r, struct guestfs_%s_args *v)\n"
      "{\n  memset (v, 0, sizeof *v);\n  if (", a->name, a->name);
  each_arg (a, dec_one);
  pr (" ||\n      wire_get_end (r) == -1) {\n"
      "    guestfs_free_%s_args (v);\n    return -1;\n  }\n  return 0;\n}\n\n",
      a->name);

  pr ("void\nguestfs_free_%s_args (struct guestfs_%s_args *v)\n{\n",
      a->name, a->name);
  each_arg (a, free_one);
  pr ("  (void) v;\n}\n\n");
}

static void
pr_ret_enc (const struct action *a)
{
  pr ("int\nguestfs_enc_%s_ret (struct wbuf *w, const void *vp)\n{\n"
      "  const struct guestfs_%s_ret *v = vp;\n\n", a->name, a->name);
  switch (a->ret) {
  case R_INT: case R_BOOL: pr ("  wire_put_i32 (w, v->ret);\n"); break;
  case R_INT64: pr ("  wire_put_i64 (w, v->ret);\n"); break;
  case R_STRING: pr ("  wire_put_string (w, v->ret);\n"); break;
  case R_STRINGLIST: case R_HASHTABLE:
    pr ("  wire_put_strlist (w, v->ret);\n"); break;
  case R_STRUCT: pr ("  guestfs_enc_%s (w, v->ret);\n", a->ret_struct); break;
  case R_STRUCTLIST:
    pr ("  guestfs_enc_%s_list (w, v->ret);\n", a->ret_struct); break;
  case R_BUFFEROUT: pr ("  wire_put_buffer (w, v->ret, v->ret_size);\n"); break;
  default: break;
  }
  pr ("  return w->error ? -1 : 0;\n}\n\n");
}

static void
pr_ret_dec (const struct action *a)
{
  const char *s = a->ret_struct;

  pr ("int\nguestfs_dec_%s_ret (struct rbuf *r, void *vp)\n"
      "{\n  struct guestfs_%s_ret *v = vp;\n\n  memset (v, 0, sizeof *v);\n",
      a->name, a->name);
  switch (a->ret) {
  case R_INT: case R_BOOL: pr ("  wire_get_i32 (r, &v->ret);\n"); break;
  case R_INT64: pr ("  wire_get_i64 (r, &v->ret);\n"); break;
  case R_STRING: pr ("  wire_get_string (r, &v->ret);\n"); break;
  case R_STRINGLIST: case R_HASHTABLE:
    pr ("  wire_get_strlist (r, &v->ret);\n");
    if (a->ret == R_HASHTABLE)
      pr ("  if (v->ret && guestkit_count_strings (v->ret) %% 2 != 0)\n"
          "    r->error = \"hash table with an odd number of items\";\n");
    break;
  case R_BUFFEROUT:
    pr ("  wire_get_buffer (r, &v->ret, &v->ret_size);\n"); break;
  case R_STRUCT: case R_STRUCTLIST:
    pr ("  v->ret = calloc (1, sizeof *v->ret);\n"
        "  if (!v->ret) {\n    r->error = \"out of memory\";\n    return -1;\n  }\n"
        "  if (guestfs_dec_%s%s (r, v->ret) == -1) {\n"
        "    free (v->ret);\n    v->ret = NULL;\n    return -1;\n  }\n",
        s, a->ret == R_STRUCTLIST ? "_list" : "");
    break;
  default: break;
  }
  pr ("  if (wire_get_end (r) == -1) {\n    guestfs_free_%s_ret (v);\n"
      "    return -1;\n  }\n  return 0;\n}\n\n", a->name);
}

static void
pr_ret_free (const struct action *a)
{
  pr ("void\nguestfs_free_%s_ret (struct guestfs_%s_ret *v)\n{\n",
      a->name, a->name);
  switch (a->ret) {
  case R_STRING: case R_BUFFEROUT: pr ("  free (v->ret);\n"); break;
  case R_STRINGLIST: case R_HASHTABLE:
    pr ("  guestkit_free_string_list (v->ret);\n"); break;
  case R_STRUCT: case R_STRUCTLIST:
    pr ("  if (v->ret)\n    guestfs_free_int_%s%s (v->ret);\n"
        "  free (v->ret);\n", a->ret_struct,
        a->ret == R_STRUCTLIST ? "_list" : "");
    break;
  default: break;
  }
  pr ("  v->ret = 0;\n}\n\n");
}

/**
 * Emit F<common/protocol/guestfs_protocol.c>.
 */
void
generate_protocol_c (void)
{
  const struct structdef *s;
  const struct action *a;

  output_begin ("common/protocol/guestfs_protocol.c", "c");
  pr ("#include <config.h>\n\n#include <stdlib.h>\n#include <string.h>\n\n"
      "#include \"cleanups.h\"\n#include \"guestfs_protocol.h\"\n\n");
  pr ("const char *\nguestfs_proc_name (uint32_t proc)\n{\n"
      "  switch (proc) {\n");
  FOR_EACH_DAEMON_ACTION (a)
    pr ("  case %d: return \"%s\";\n", a->proc_nr, a->name);
  pr ("  default: return NULL;\n  }\n}\n\n");
  for (s = structs; s->name; s++)
    pr_struct_codec (s);
  FOR_EACH_DAEMON_ACTION (a) {
    if (has_wire_args (a))
      pr_args_codec (a);
    if (a->ret != R_ERR) {
      pr_ret_enc (a);
      pr_ret_dec (a);
      pr_ret_free (a);
    }
  }
  output_end ();
}
