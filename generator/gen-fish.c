/* guestkit — generator: guestfish's API commands.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the emitter of F<fish/cmds.c>: one
 * C<run_E<lt>nameE<gt>> per API call (parse the words, call the API,
 * print the result the way guestfish prints it) and the sorted command
 * table C<fish_api_commands[]>.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "types.h"

static void
pr_cstring (const char *s)
{
  pr ("\"");
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      pr ("\\%c", *s);
    else if (*s == '\n')
      pr ("\\n");
    else
      pr ("%c", *s);
  }
  pr ("\"");
}

/* One field of a struct, as libguestfs's guestfish prints it. */
static void
pr_field_printer (const struct field *f)
{
  const char *n = f->name;

  switch (f->type) {
  case F_INT32:
    pr ("  printf (\"%%s%s: %%\" PRIi32 \"\\n\", indent, v->%s);\n", n, n);
    break;
  case F_INT64:
    pr ("  printf (\"%%s%s: %%\" PRIi64 \"\\n\", indent, v->%s);\n", n, n);
    break;
  case F_UINT64:
    pr ("  printf (\"%%s%s: %%\" PRIu64 \"\\n\", indent, v->%s);\n", n, n);
    break;
  case F_UINT32:
    pr ("  printf (\"%%s%s: %%\" PRIu32 \"\\n\", indent, v->%s);\n", n, n);
    break;
  case F_STRING:
    pr ("  printf (\"%%s%s: %%s\\n\", indent, v->%s);\n", n, n);
    break;
  case F_CHAR:
    pr ("  printf (\"%%s%s: %%c\\n\", indent, v->%s);\n", n, n);
    break;
  case F_OPTPERCENT:
    pr ("  if (v->%s >= 0)\n"
        "    printf (\"%%s%s: %%g %%%%\\n\", indent, (double) v->%s);\n"
        "  else\n    printf (\"%%s%s: \\n\", indent);\n", n, n, n, n);
    break;
  case F_UUID:
    pr ("  printf (\"%%s%s: %%.32s\\n\", indent, v->%s);\n", n, n);
    break;
  case F_BUFFER:
    pr ("  printf (\"%%s%s: \", indent);\n"
        "  print_escaped_buffer (v->%s, v->%s_len);\n"
        "  printf (\"\\n\");\n", n, n, n);
    break;
  case F_END:
    break;
  }
}

static void
pr_struct_printers (void)
{
  const struct structdef *s;
  const struct field *f;

  for (s = structs; s->name; s++) {
    pr ("static void __attribute__((unused))\n"
        "print_%s (const struct guestfs_%s *v, const char *indent)\n{\n",
        s->name, s->name);
    for (f = s->fields; f->type != F_END; f++)
      pr_field_printer (f);
    pr ("}\n\n");
    pr ("static void __attribute__((unused))\n"
        "print_%s_list (const struct guestfs_%s_list *v)\n{\n"
        "  uint32_t i;\n\n  for (i = 0; i < v->len; i++) {\n"
        "    printf (\"[%%\" PRIu32 \"] = {\\n\", i);\n"
        "    print_%s (&v->val[i], \"  \");\n    printf (\"}\\n\");\n  }\n}\n\n",
        s->name, s->name, s->name);
  }
}

static const char *
type_hint (int type, bool optarg)
{
  if (optarg)
    switch (type) {
    case O_BOOL: return "true|false";
    case O_INT: case O_INT64: return "N";
    case O_STRINGLIST: return "'item ...'";
    default: return "..";
    }
  return NULL;
}

/**
 * The guestfish usage line of A: the command name, the required
 * arguments, then each optional one as [name:hint].  Caller frees.
 * guestfish's help and the manual page (gen-docs.c) both print it.
 */
char *
fish_synopsis (const struct action *a)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&buf, &len);
  int i;

  fprintf (fp, "%s", dashes (a->name));
  for (i = 0; i < action_nr_args (a); i++)
    if (a->args[i].type != A_KEY)   /* read apart: see read_key */
      fprintf (fp, " %s", a->args[i].name);
  for (i = 0; i < action_nr_optargs (a); i++)
    fprintf (fp, " [%s:%s]", a->optargs[i].name,
             type_hint (a->optargs[i].type, true));
  fclose (fp);
  return buf;
}

static void
pr_run_decls (const struct action *a)
{
  int i;
  const char *n;

  for (i = 0; i < action_nr_args (a); i++) {
    n = a->args[i].name;
    switch (a->args[i].type) {
    case A_STRINGLIST: case A_DEVICELIST:
      pr ("  CLEANUP_FREE_STRING_LIST char **%s = NULL;\n", n); break;
    case A_FILEIN: case A_FILEOUT:
      pr ("  CLEANUP_FREE char *%s = NULL;\n", n); break;
    case A_BOOL: case A_INT: pr ("  int %s;\n", n); break;
    case A_INT64: pr ("  int64_t %s;\n", n); break;
    case A_BUFFERIN: pr ("  const char *%s;\n  size_t %s_size;\n", n, n); break;
    case A_KEY: pr ("  CLEANUP_FREE_KEY char *%s = NULL;\n", n); break;
    default: pr ("  const char *%s;\n", n); break;
    }
  }
  if (action_nr_optargs (a))
    pr ("  struct guestfs_%s_argv optargs = { .bitmask = 0 };\n"
        "  CLEANUP_FREE_STRING_LIST char **optlist = NULL;\n",
        c_function_name (a));
  switch (a->ret) {
  case R_ERR: case R_INT: case R_BOOL: pr ("  int r;\n"); break;
  case R_INT64: pr ("  int64_t r;\n"); break;
  case R_CONSTSTRING: case R_CONSTOPTSTRING: pr ("  const char *r;\n"); break;
  case R_STRING: pr ("  CLEANUP_FREE char *r = NULL;\n"); break;
  case R_BUFFEROUT: pr ("  CLEANUP_FREE char *r = NULL;\n  size_t size;\n"); break;
  case R_STRINGLIST: case R_HASHTABLE:
    pr ("  CLEANUP_FREE_STRING_LIST char **r = NULL;\n"); break;
  case R_STRUCT: pr ("  struct guestfs_%s *r;\n", a->ret_struct); break;
  case R_STRUCTLIST: pr ("  struct guestfs_%s_list *r;\n", a->ret_struct); break;
  }
  pr ("  size_t i = 0;\n\n");
}

static void
pr_parse_args (const struct action *a)
{
  int i;
  const char *n;

  for (i = 0; i < action_nr_args (a); i++) {
    n = a->args[i].name;
    switch (a->args[i].type) {
    case A_STRINGLIST: case A_DEVICELIST:
      pr ("  %s = parse_string_list (argv[i++]);\n  if (!%s)\n    return -1;\n", n, n);
      break;
    case A_FILEIN: pr ("  %s = file_in (argv[i++]);\n  if (!%s)\n    return -1;\n", n, n); break;
    case A_FILEOUT: pr ("  %s = file_out (argv[i++]);\n  if (!%s)\n    return -1;\n", n, n); break;
    case A_BOOL:
      pr ("  if ((%s = parse_bool (cmd, \"%s\", argv[i++])) == -1)\n    return -1;\n", n, n);
      break;
    case A_INT:
      pr ("  if (parse_int (cmd, \"%s\", argv[i++], &%s) == -1)\n    return -1;\n", n, n);
      break;
    case A_INT64:
      pr ("  if (parse_int64 (cmd, \"%s\", argv[i++], &%s) == -1)\n    return -1;\n", n, n);
      break;
    case A_BUFFERIN:
      pr ("  %s = argv[i];\n  %s_size = strlen (argv[i++]);\n", n, n); break;
    case A_KEY:
      pr ("  if ((%s = read_key (\"%s\")) == NULL)\n    return -1;\n", n, n);
      break;
    default: pr ("  %s = argv[i++];\n", n); break;
    }
  }
}

static void
pr_parse_optargs (const struct action *a)
{
  int i;
  const char *n;

  pr ("  for (; i < argc; i++) {\n    const char *val = strchr (argv[i], ':');\n"
      "    size_t klen = val ? (size_t) (val - argv[i]) : 0;\n\n"
      "    if (!val) {\n"
      "      fprintf (stderr, \"%%s: optional argument \\\"%%s\\\" must be written name:value\\n\", cmd, argv[i]);\n"
      "      return -1;\n    }\n    val++;\n");
  for (i = 0; i < action_nr_optargs (a); i++) {
    n = a->optargs[i].name;
    pr ("    %sif (klen == %zu && strncmp (argv[i], \"%s\", klen) == 0) {\n",
        i ? "else " : "", strlen (n), n);
    switch (a->optargs[i].type) {
    case O_BOOL:
      pr ("      if ((optargs.%s = parse_bool (cmd, \"%s\", val)) == -1)\n"
          "        return -1;\n", n, n); break;
    case O_INT:
      pr ("      if (parse_int (cmd, \"%s\", val, &optargs.%s) == -1)\n"
          "        return -1;\n", n, n); break;
    case O_INT64:
      pr ("      if (parse_int64 (cmd, \"%s\", val, &optargs.%s) == -1)\n"
          "        return -1;\n", n, n); break;
    case O_STRING: pr ("      optargs.%s = val;\n", n); break;
    case O_STRINGLIST:
      pr ("      guestkit_free_string_list (optlist);\n"
          "      optlist = parse_string_list (val);\n      if (!optlist)\n"
          "        return -1;\n      optargs.%s = optlist;\n", n); break;
    }
    pr ("      optargs.bitmask |= UINT64_C(1) << %d;\n    }\n", i);
  }
  pr ("    else {\n"
      "      fprintf (stderr, \"%%s: unknown optional argument \\\"%%.*s\\\"\\n\", cmd, (int) klen, argv[i]);\n"
      "      return -1;\n    }\n  }\n");
}

static void
pr_call_and_print (const struct action *a)
{
  int i;
  bool opts = action_nr_optargs (a) > 0;

  pr ("  r = guestfs_%s%s (g", opts ? c_function_name (a) : a->name,
      opts ? "_argv" : "");
  for (i = 0; i < action_nr_args (a); i++) {
    pr (", %s", a->args[i].name);
    if (a->args[i].type == A_BUFFERIN)
      pr (", %s_size", a->args[i].name);
  }
  if (a->ret == R_BUFFEROUT)
    pr (", &size");
  pr ("%s);\n", opts ? ", &optargs" : "");
  switch (a->ret) {
  case R_ERR:
    pr ("  return r;\n"); return;
  case R_INT:
    pr ("  if (r == -1)\n    return -1;\n");
    if (a->flags & FL_FISH_OCTAL)
      pr ("  printf (\"%%s%%o\\n\", r ? \"0\" : \"\", (unsigned) r);\n");
    else
      pr ("  printf (\"%%d\\n\", r);\n");
    break;
  case R_BOOL:
    pr ("  if (r == -1)\n    return -1;\n  printf (\"%%s\\n\", r ? \"true\" : \"false\");\n");
    break;
  case R_INT64:
    pr ("  if (r == -1)\n    return -1;\n  printf (\"%%\" PRIi64 \"\\n\", r);\n"); break;
  case R_CONSTOPTSTRING:
    pr ("  printf (\"%%s\\n\", r ? r : \"(null)\");\n"); break;
  case R_CONSTSTRING: case R_STRING:
    pr ("  if (r == NULL)\n    return -1;\n  printf (\"%%s\\n\", r);\n");
    break;
  case R_BUFFEROUT:
    pr ("  if (r == NULL)\n    return -1;\n"
        "  if (fwrite (r, 1, size, stdout) != size)\n    return -1;\n"); break;
  case R_STRINGLIST:
    pr ("  if (r == NULL)\n    return -1;\n  print_strings (r);\n"); break;
  case R_HASHTABLE:
    pr ("  if (r == NULL)\n    return -1;\n  print_table (r);\n"); break;
  case R_STRUCT:
    pr ("  if (r == NULL)\n    return -1;\n  print_%s (r, \"\");\n"
        "  guestfs_free_%s (r);\n", a->ret_struct, a->ret_struct); break;
  case R_STRUCTLIST:
    pr ("  if (r == NULL)\n    return -1;\n  print_%s_list (r);\n"
        "  guestfs_free_%s_list (r);\n", a->ret_struct, a->ret_struct); break;
  }
  pr ("  return 0;\n");
}

/* The number of words A takes on the command line: keys are read
 * apart (read_key). */
static int
nr_word_args (const struct action *a)
{
  int i, n = 0;

  for (i = 0; i < action_nr_args (a); i++)
    n += a->args[i].type != A_KEY;
  return n;
}

static void
pr_run (const struct action *a)
{
  int nreq = nr_word_args (a), nopt = action_nr_optargs (a);

  pr ("static int\nrun_%s (const char *cmd, size_t argc, char *argv[])\n{\n",
      a->name);
  pr_run_decls (a);
  pr ("  (void) argv;\n");
  if (nreq > 0)
    pr ("  if (argc < %d || argc > %d)\n    return usage_error (cmd);\n",
        nreq, nreq + nopt);
  else
    pr ("  if (argc > %d)\n    return usage_error (cmd);\n", nopt);
  pr_parse_args (a);
  if (nopt)
    pr_parse_optargs (a);
  else
    pr ("  (void) i;\n");
  pr_call_and_print (a);
  pr ("}\n\n");
}

/**
 * The full description guestfish shows for A: the longdesc, then a
 * deprecation note and a note on keys where they apply.  Caller
 * frees.  guestfish's help and the manual page (gen-docs.c) both
 * print it.
 */
char *
fish_longdesc (const struct action *a)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&buf, &len);

  fputs (a->longdesc, fp);
  if (a->deprecated_by)
    fprintf (fp, "\n\nThis command is deprecated: use %s instead.",
             dashes (a->deprecated_by));
  if (action_has_arg (a, A_KEY))
    fputs ("\n\nguestfish does not take the key or passphrase on "
           "the command line: it asks for it separately (see the "
           "--keys-from-stdin and --echo-keys options).", fp);
  fclose (fp);
  return buf;
}

static int
cmp_actions (const void *x, const void *y)
{
  const struct action *const *a = x, *const *b = y;

  return strcmp ((*a)->name, (*b)->name);
}

/* What completion offers for an argument of TYPE named NAME (see
 * fish_api_arg_kinds in fish.h). */
static char
arg_kind (int type, const char *name)
{
  switch (type) {
  case A_FILEIN: case A_FILEOUT: return 'L';
  case A_PATHNAME: return 'P';
  case A_DEVICE: case A_MOUNTABLE: case A_DEVICELIST: return 'D';
  case A_DEV_OR_PATH: return 'B';
  case A_KEY: return 0;             /* not a word */
  default: return strcmp (name, "filename") == 0 ? 'L' : 'S';
  }
}

/* The kinds of the command-line arguments of each command, in the
 * order of fish_api_commands. */
static void
pr_arg_kinds (const struct action *const *list, size_t n)
{
  size_t i;
  int j;
  char kind;

  pr ("\nconst char *const fish_api_arg_kinds[] = {\n");
  for (i = 0; i < n; i++) {
    pr ("  \"");
    for (j = 0; j < action_nr_args (list[i]); j++)
      if ((kind = arg_kind (list[i]->args[j].type, list[i]->args[j].name)))
        pr ("%c", kind);
    pr ("\", /* %s */\n", dashes (list[i]->name));
  }
  pr ("};\n");
}

static void
pr_table (void)
{
  const struct action *a, *list[1024];
  size_t n = 0, i;
  char *syn, *desc;

  for (a = action_next (NULL); a && n < 1024; a = action_next (a))
    if (!(a->flags & FL_NOT_IN_FISH))
      list[n++] = a;
  qsort (list, n, sizeof list[0], cmp_actions);
  pr ("const struct command_entry fish_api_commands[] = {\n");
  for (i = 0; i < n; i++) {
    a = list[i];
    syn = fish_synopsis (a);
    desc = fish_longdesc (a);
    pr ("  { \"%s\", ", dashes (a->name));
    if (a->fish_alias)
      pr_cstring (a->fish_alias);
    else
      pr ("NULL");
    pr (",\n    ");
    pr_cstring (a->shortdesc);
    pr (",\n    ");
    pr_cstring (syn);
    pr (",\n    ");
    pr_cstring (desc);
    pr (",\n    run_%s },\n", a->name);
    free (syn);
    free (desc);
  }
  pr ("};\n\nconst size_t fish_nr_api_commands = %zu;\n", n);
  pr_arg_kinds (list, n);
}

/**
 * Emit F<fish/cmds.c>.
 */
void
generate_fish_cmds_c (void)
{
  const struct action *a;

  output_begin ("fish/cmds.c", "c");
  pr ("#include <config.h>\n\n#include <inttypes.h>\n#include <stdio.h>\n"
      "#include <stdlib.h>\n#include <string.h>\n\n#include \"fish.h\"\n\n");
  pr_struct_printers ();
  for (a = action_next (NULL); a; a = action_next (a))
    if (!(a->flags & FL_NOT_IN_FISH))
      pr_run (a);
  pr_table ();
  output_end ();
}
