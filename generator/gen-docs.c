/* guestkit — generator: the manual pages' generated sections.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the emitters of the generated POD that the
 * manual pages include: F<docs/guestfs-actions.pod> (every API call,
 * for guestfs(3)), F<docs/guestfs-structs.pod> (every struct) and
 * F<fish/guestfish-commands.pod> (every guestfish command that wraps
 * a call, for guestfish(1)).  guestfish's usage lines and descriptions
 * come from the same helpers its C<help> command is generated from
 * (F<gen-fish.c>), so the two cannot disagree.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types.h"

#define MAX_ACTIONS 1024

static int
cmp_by_name (const void *x, const void *y)
{
  const struct action *const *a = x, *const *b = y;

  return strcmp ((*a)->name, (*b)->name);
}

/* Fill LIST with every action (or only those guestfish has), sorted
 * by name; returns how many. */
static size_t
sorted_actions (const struct action **list, bool fish_only)
{
  const struct action *a;
  size_t n = 0;

  for (a = action_next (NULL); a && n < MAX_ACTIONS; a = action_next (a))
    if (!fish_only || !(a->flags & FL_NOT_IN_FISH))
      list[n++] = a;
  qsort (list, n, sizeof list[0], cmp_by_name);
  return n;
}

/* Print [P, END) as POD ordinary text: '<' and '>' as entities, so
 * that no X<...> sequence in the table becomes formatting. */
static void
pr_escaped (const char *p, const char *end)
{
  for (; p < end; p++) {
    if (*p == '<')
      pr ("E<lt>");
    else if (*p == '>')
      pr ("E<gt>");
    else
      pr ("%c", *p);
  }
}

/**
 * Print TEXT (paragraphs separated by blank lines, as in the table's
 * longdescs) as POD.  A paragraph that starts with a blank stays
 * verbatim, as guestfish's help prints it; a paragraph that would
 * start with '=' is guarded with Z<>.
 */
static void
pr_pod_text (const char *text)
{
  const char *p = text;

  while (*p) {
    const char *sep = strstr (p, "\n\n");
    const char *end = sep ? sep : p + strlen (p);

    if (*p == ' ')
      pr ("%.*s\n\n", (int) (end - p), p);
    else {
      if (*p == '=')
        pr ("Z<>");
      pr_escaped (p, end);
      pr ("\n\n");
    }
    p = sep ? sep + 2 : end;
    while (*p == '\n')
      p++;
  }
}

/*-- docs/guestfs-actions.pod --*/

static void
pr_prototypes (const struct action *a)
{
  const char *cn = c_function_name (a);

  if (action_nr_optargs (a) == 0 || (a->flags & FL_ONCE_HAD_NO_OPTARGS)) {
    pr (" %s\n guestfs_%s (", ret_ctype (a), a->name);
    pr_params (a);
    pr (");\n");
  }
  if (action_nr_optargs (a) == 0) {
    pr ("\n");
    return;
  }
  pr ("\n %s\n guestfs_%s (", ret_ctype (a), cn);
  pr_params (a);
  pr (",\n     ...);\n\n %s\n guestfs_%s_va (", ret_ctype (a), cn);
  pr_params (a);
  pr (",\n     va_list args);\n\n %s\n guestfs_%s_argv (", ret_ctype (a), cn);
  pr_params (a);
  pr (",\n     const struct guestfs_%s_argv *optargs);\n\n", cn);
}

static const char *
arg_doc (int type)
{
  switch (type) {
  case A_STRING: return "a string";
  case A_PATHNAME: return "an absolute path in the guest filesystem";
  case A_DEVICE: return "a block device name, such as /dev/sda1";
  case A_MOUNTABLE: return "a filesystem that can be mounted: a device "
      "name (or a btrfs subvolume)";
  case A_DEV_OR_PATH: return "a device name if it starts with /dev/, "
      "otherwise an absolute path in the guest";
  case A_FILEIN: return "the name of a local (host) file whose contents "
      "are sent to the appliance";
  case A_FILEOUT: return "the name of a local (host) file that receives "
      "the data";
  case A_OPTSTRING: return "a string, or NULL";
  case A_STRINGLIST: return "a NULL-terminated list of strings";
  case A_DEVICELIST: return "a NULL-terminated list of device names";
  case A_BOOL: return "a boolean (0 or 1)";
  case A_INT: return "an int";
  case A_INT64: return "a 64 bit integer";
  case A_BUFFERIN: return "a buffer of BYTES, with its length in "
      "the following size_t parameter";
  case A_KEY: return "a key or passphrase (it is never traced)";
  }
  return "?";
}

static const char *
optarg_doc (int type)
{
  switch (type) {
  case O_BOOL: return "int (a boolean)";
  case O_INT: return "int";
  case O_INT64: return "int64_t";
  case O_STRING: return "const char *";
  case O_STRINGLIST: return "char *const * (a NULL-terminated list)";
  }
  return "?";
}

static void
pr_arguments (const struct action *a)
{
  int i;

  if (action_nr_args (a) == 0)
    return;
  /* Not =item: the same names recur in many calls, and each =item
   * would be a link target. */
  pr ("Arguments:\n\n");
  for (i = 0; i < action_nr_args (a); i++)
    pr ("I<%s>: %s.\n\n", a->args[i].name, arg_doc (a->args[i].type));
}

static void
pr_optargs (const struct action *a)
{
  char cn[128];
  int i;

  if (action_nr_optargs (a) == 0)
    return;
  /* upper() rotates a few buffers: keep a copy. */
  snprintf (cn, sizeof cn, "%s", upper (c_function_name (a)));
  pr ("Optional arguments are given after the required ones as a list "
      "of pairs (one of the C<GUESTFS_%s_*> constants below, then the "
      "value), ended by C<-1>:\n\n=over 4\n\n", cn);
  for (i = 0; i < action_nr_optargs (a); i++)
    pr ("=item C<GUESTFS_%s_%s>, %s\n\n", cn, upper (a->optargs[i].name),
        optarg_doc (a->optargs[i].type));
  pr ("=back\n\n");
}

/* What the call returns, who frees it, and how it reports errors. */
static void
pr_returns (const struct action *a)
{
  const char *s = a->ret_struct;

  switch (a->ret) {
  case R_ERR:
    pr ("This function returns 0 on success or -1 on error.\n\n"); break;
  case R_INT: case R_INT64:
    pr ("On error this function returns -1.\n\n"); break;
  case R_BOOL:
    pr ("This function returns a C truth value (1 or 0) on success, "
        "or -1 on error.\n\n"); break;
  case R_CONSTSTRING:
    pr ("This function returns a string, or NULL on error.  The string "
        "belongs to the handle: the caller must not free it, and it is "
        "only valid until the next call on the handle.\n\n"); break;
  case R_CONSTOPTSTRING:
    pr ("This function returns a string, or NULL, which here is not an "
        "error (it cannot fail).  The string belongs to the handle: "
        "the caller must not free it.\n\n"); break;
  case R_STRING:
    pr ("This function returns a string, or NULL on error.  The caller "
        "must free it after use.\n\n"); break;
  case R_STRINGLIST:
    pr ("This function returns a NULL-terminated array of strings, or "
        "NULL on error.  The caller must free each string and then the "
        "array.\n\n"); break;
  case R_HASHTABLE:
    pr ("This function returns a NULL-terminated array of strings that "
        "alternate key and value (key, value, key, value, ..., NULL), or "
        "NULL on error.  The caller must free each string and then the "
        "array.\n\n"); break;
  case R_STRUCT:
    pr ("This function returns a C<struct guestfs_%s *>, or NULL on "
        "error.  The caller must free it with C<guestfs_free_%s>.\n\n",
        s, s); break;
  case R_STRUCTLIST:
    pr ("This function returns a C<struct guestfs_%s_list *>, or NULL on "
        "error.  The caller must free it with C<guestfs_free_%s_list>."
        "\n\n", s, s); break;
  case R_BUFFEROUT:
    pr ("This function returns a buffer, or NULL on error.  Its size is "
        "stored in I<*size_r>; it is not NUL-terminated.  The caller must "
        "free it after use.\n\n"); break;
  }
  if (a->ret != R_CONSTOPTSTRING)
    pr ("On error, C<guestfs_last_error> and C<guestfs_last_errno> tell "
        "what went wrong (the error handler has already been called).\n\n");
}

static void
pr_notes (const struct action *a)
{
  if (a->flags & FL_CONFIG)
    pr ("This call configures the handle: use it before "
        "C<guestfs_launch>.\n\n");
  if (a->flags & FL_PROGRESS)
    pr ("This long-running call sends progress notifications "
        "(C<GUESTFS_EVENT_PROGRESS>).\n\n");
  if (action_has_arg (a, A_KEY))
    pr ("This call takes a key or passphrase parameter; traces show it "
        "as C<***>.\n\n");
  if (a->deprecated_by)
    pr ("I<This function is deprecated.>  New code should use "
        "L</guestfs_%s> instead.\n\n", a->deprecated_by);
  if (strncmp (a->name, "internal_", 9) == 0)
    pr ("I<This function is internal>: it is used by guestkit itself and "
        "may change or disappear.\n\n");
  if (a->flags & FL_NOT_IN_FISH)
    pr ("guestfish has no command for this call.\n\n");
  else
    pr ("In guestfish: L<guestfish(1)/%s>.\n\n", dashes (a->name));
}

static void
pr_action_doc (const struct action *a)
{
  pr ("=head2 guestfs_%s\n\n", a->name);
  pr_prototypes (a);
  pr_pod_text (a->longdesc);
  pr_arguments (a);
  pr_optargs (a);
  pr_returns (a);
  pr_notes (a);
}

/**
 * Emit F<docs/guestfs-actions.pod>: one C<=head2> per API call,
 * sorted by name.
 */
void
generate_docs_actions_pod (void)
{
  const struct action *list[MAX_ACTIONS];
  size_t n = sorted_actions (list, false), i;

  output_begin ("docs/guestfs-actions.pod", "pod");
  for (i = 0; i < n; i++)
    pr_action_doc (list[i]);
  output_end ();
}

/*-- docs/guestfs-structs.pod --*/

static void
pr_struct_users (const char *name)
{
  const struct action *list[MAX_ACTIONS];
  size_t n = sorted_actions (list, false), i;
  bool any = false;

  for (i = 0; i < n; i++)
    if ((list[i]->ret == R_STRUCT || list[i]->ret == R_STRUCTLIST) &&
        strcmp (list[i]->ret_struct, name) == 0) {
      pr ("%s L</guestfs_%s>", any ? "," : "Returned by", list[i]->name);
      any = true;
    }
  if (any)
    pr (".\n\n");
}

/**
 * Emit F<docs/guestfs-structs.pod>: each struct, its list struct and
 * their free functions.
 */
void
generate_docs_structs_pod (void)
{
  const struct structdef *s;
  const struct field *f;

  output_begin ("docs/guestfs-structs.pod", "pod");
  for (s = structs; s->name; s++) {
    pr ("=head2 struct guestfs_%s\n\n struct guestfs_%s {\n", s->name,
        s->name);
    for (f = s->fields; f->type != F_END; f++)
      pr_field_decl (f);
    pr (" };\n\n struct guestfs_%s_list {\n   uint32_t len; /* Number of "
        "elements in list. */\n   struct guestfs_%s *val; /* Elements. */\n"
        " };\n\n void guestfs_free_%s (struct guestfs_%s *);\n"
        " void guestfs_free_%s_list (struct guestfs_%s_list *);\n\n",
        s->name, s->name, s->name, s->name, s->name, s->name);
    pr_struct_users (s->name);
  }
  output_end ();
}

/*-- fish/guestfish-commands.pod --*/

static void
pr_fish_command (const struct action *a)
{
  char *syn = fish_synopsis (a), *desc = fish_longdesc (a);

  pr ("=head2 %s\n\n", dashes (a->name));
  pr (" %s\n\n", syn);
  pr_escaped (a->shortdesc, a->shortdesc + strlen (a->shortdesc));
  pr (".\n\n");
  pr_pod_text (desc);
  if (a->fish_alias)
    pr ("Aliases: %s.\n\n", a->fish_alias);
  pr ("C API: L<guestfs(3)/guestfs_%s>.\n\n", a->name);
  free (syn);
  free (desc);
}

/**
 * Emit F<fish/guestfish-commands.pod>: every API command of
 * guestfish, sorted, with the usage line and description its
 * C<help> command prints.
 */
void
generate_fish_commands_pod (void)
{
  const struct action *list[MAX_ACTIONS];
  size_t n = sorted_actions (list, true), i;

  output_begin ("fish/guestfish-commands.pod", "pod");
  for (i = 0; i < n; i++)
    pr_fish_command (list[i]);
  output_end ();
}
