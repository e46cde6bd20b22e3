/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the commands that hand a guest file to a host
 * program: C<edit> (C<vi>, C<emacs>) with $EDITOR, C<more> (C<less>)
 * with $PAGER, and C<display> with $GUESTFISH_DISPLAY_IMAGE.
 *
 * C<edit> uploads the result only if the editor changed the bytes.
 * It then writes a new file in the same guest directory, gives it
 * the mode, owner and extended attributes (SELinux label included)
 * of the old one, and renames it over the old one, so that a failure
 * half way never leaves a truncated file.  A symbolic link is
 * followed: its target is edited and the link stays.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fish.h"
#include "shellcmds.h"

/* The program a command runs: VAR's value, or DEFAULT. */
static const char *
program_from_env (const char *var, const char *def)
{
  const char *p = getenv (var);

  return p && *p ? p : def;
}

/* The editor for CMD: vi and emacs name theirs, edit uses $EDITOR. */
static const char *
choose_editor (const char *cmd)
{
  if (strcasecmp (cmd, "vi") == 0)
    return "vi";
  if (strcasecmp (cmd, "emacs") == 0)
    return "emacs -nw";
  return program_from_env ("EDITOR", "vi");
}

/* A new file's template in the directory of the guest path PATH. */
static char *
sibling_template (const char *path)
{
  const char *slash = strrchr (path, '/');
  int dirlen = slash ? (int) (slash - path) : 0;
  char *tmpl;

  if (asprintf (&tmpl, "%.*s/guestfishXXXXXX", dirlen, path) == -1)
    return NULL;
  return tmpl;
}

/* Write LOCAL to a new file beside REMOTE, copy REMOTE's attributes
 * to it and rename it over REMOTE.  0, or -1 (the new file removed). */
static int
replace_remote (const char *cmd, const char *local, const char *remote)
{
  CLEANUP_FREE char *tmpl = sibling_template (remote);
  CLEANUP_FREE char *newname = NULL;

  if (tmpl == NULL) {
    fprintf (stderr, "%s: out of memory\n", cmd);
    return -1;
  }
  newname = guestfs_mktemp (g, tmpl, -1);
  if (newname == NULL)
    return -1;
  if (guestfs_upload (g, local, newname) == -1 ||
      guestfs_copy_attributes (g, remote, newname,
                               GUESTFS_COPY_ATTRIBUTES_ALL, 1, -1) == -1 ||
      guestfs_rename (g, newname, remote) == -1) {
    guestfs_push_error_handler (g, NULL, NULL);
    guestfs_rm_f (g, newname);
    guestfs_pop_error_handler (g);
    return -1;
  }
  return 0;
}

/* Download REMOTE into LF and keep a snapshot.  0 or -1. */
static int
fetch (const char *cmd, const char *remote, struct local_file *lf)
{
  if (local_create (cmd, lf) == -1)
    return -1;
  if (guestfs_download (g, remote, lf->path) == -1 ||
      local_snapshot (cmd, lf) == -1) {
    local_remove (lf);
    return -1;
  }
  return 0;
}

/**
 * C<edit>, C<vi>, C<emacs> FILENAME (see L</replace_remote>).  Returns
 * 0, or -1 after an error was printed.
 */
int
run_edit (const char *cmd, size_t argc, char *argv[])
{
  CLEANUP_FREE char *remote = NULL;
  struct local_file lf;
  int r;

  if (argc != 1)
    return usage_error (cmd);
  remote = guestfs_realpath (g, argv[0]);
  if (remote == NULL || fetch (cmd, remote, &lf) == -1)
    return -1;
  r = local_run (cmd, choose_editor (cmd), lf.path);
  if (r == 0)
    r = local_changed (cmd, &lf);
  if (r == 1)
    r = replace_remote (cmd, lf.path, remote);
  local_remove (&lf);
  return r == -1 ? -1 : 0;
}

/* Download REMOTE and run PROGRAM on the copy. */
static int
view (const char *cmd, const char *remote, const char *program)
{
  struct local_file lf;
  int r;

  if (local_create (cmd, &lf) == -1)
    return -1;
  r = guestfs_download (g, remote, lf.path);
  if (r == 0)
    r = local_run (cmd, program, lf.path);
  local_remove (&lf);
  return r;
}

/**
 * C<more>, C<less> FILENAME.  Returns 0, or -1 after an error.
 */
int
run_more (const char *cmd, size_t argc, char *argv[])
{
  const char *pager = strcasecmp (cmd, "less") == 0
    ? "less" : program_from_env ("PAGER", "more");

  if (argc != 1)
    return usage_error (cmd);
  return view (cmd, argv[0], pager);
}

/**
 * C<display> FILENAME.  Returns 0, or -1 after an error.
 */
int
run_display (const char *cmd, size_t argc, char *argv[])
{
  if (argc != 1)
    return usage_error (cmd);
  return view (cmd, argv[0],
               program_from_env ("GUESTFISH_DISPLAY_IMAGE", "display"));
}
