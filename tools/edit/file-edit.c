/* guestkit — virt-edit: edit a file of a disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the editing of one guest file, as libguestfs's
 * virt-edit does it: download it to a private local directory, run
 * C<$EDITOR> on the copy (or apply the C<-e> expression), and if the
 * contents changed, upload them to a new file with a random name in
 * the same guest directory, give it the mode, owner, group and
 * extended attributes (ACLs and SELinux label included) of the
 * original, keep the original as the backup if asked, and rename
 * the new file over the original.  A symbolic link is followed (the
 * file it points to is edited); other non-regular files are refused.
 */

#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanups.h"
#include "edit.h"

/* The guest file that NAME designates: Windows paths translated,
 * symbolic links resolved, and only a regular file accepted. */
static char *
guest_file (struct tool_options *o, const char *root, const char *name)
{
  char *path = options_windows_path (o, root, name), *real;
  int r;

  if (path == NULL)
    return NULL;
  if (guestfs_is_symlink (o->g, path) > 0) {
    real = guestfs_realpath (o->g, path);
    free (path);
    if (real == NULL)
      return NULL;
    path = real;
  }
  r = guestfs_is_file (o->g, path);
  if (r == 0) {
    fprintf (stderr, "%s: %s: %s\n", o->prog, name,
             guestfs_exists (o->g, path) > 0 ? "not a regular file"
             : "No such file or directory");
  }
  if (r <= 0) {
    free (path);
    return NULL;
  }
  return path;
}

/* Read the local file PATH: malloc'd contents, *LEN bytes. */
static char *
read_local (const char *prog, const char *path, size_t *len)
{
  CLEANUP_FCLOSE FILE *fp = fopen (path, "rb");
  char *buf = NULL;
  size_t cap = 0, n;

  *len = 0;
  if (fp == NULL)
    goto error;
  do {
    if (*len == cap) {
      char *p = realloc (buf, cap = cap ? cap * 2 : 65536);
      if (p == NULL)
        goto error;
      buf = p;
    }
    n = fread (buf + *len, 1, cap - *len, fp);
    *len += n;
  } while (n > 0);
  if (ferror (fp))
    goto error;
  return buf;
 error:
  fprintf (stderr, "%s: %s: %m\n", prog, path);
  free (buf);
  return NULL;
}

static int
write_local (const char *prog, const char *path, const char *buf,
             size_t len)
{
  FILE *fp = fopen (path, "wb");

  if (fp == NULL || fwrite (buf, 1, len, fp) != len) {
    fprintf (stderr, "%s: %s: %m\n", prog, path);
    if (fp)
      fclose (fp);
    return -1;
  }
  if (fclose (fp) == EOF) {
    fprintf (stderr, "%s: %s: %m\n", prog, path);
    return -1;
  }
  return 0;
}

/* S quoted for the shell (malloc'd). */
static char *
shell_quote (const char *s)
{
  char *q = malloc (4 * strlen (s) + 3), *p = q;

  if (q == NULL)
    return NULL;
  *p++ = '\'';
  for (; *s; s++) {
    if (*s == '\'') {
      memcpy (p, "'\\''", 4);
      p += 4;
    } else
      *p++ = *s;
  }
  *p++ = '\'';
  *p = '\0';
  return q;
}

/* Run $EDITOR (default vi) on the local file PATH. */
static int
run_editor (const char *prog, const char *path)
{
  const char *editor = getenv ("EDITOR");
  CLEANUP_FREE char *quoted = shell_quote (path), *cmd = NULL;
  int r;

  if (editor == NULL || *editor == '\0')
    editor = "vi";
  if (quoted == NULL || asprintf (&cmd, "%s %s", editor, quoted) == -1) {
    fprintf (stderr, "%s: out of memory\n", prog);
    return -1;
  }
  r = system (cmd);
  if (r == -1 || !WIFEXITED (r) || WEXITSTATUS (r) != 0) {
    fprintf (stderr, "%s: the editor '%s' failed\n", prog, editor);
    return -1;
  }
  return 0;
}

/* The directory part of the absolute guest path PATH (malloc'd). */
static char *
guest_dirname (const char *path)
{
  const char *slash = strrchr (path, '/');

  if (slash == NULL || slash == path)
    return strdup ("/");
  return strndup (path, slash - path);
}

/* A new name in the guest directory of PATH: DIR/.virt-edit-XXXXXXXX
 * with random letters (malloc'd). */
static char *
random_name (const char *path)
{
  static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char rnd[8];
  char suffix[9];
  CLEANUP_FREE char *dir = guest_dirname (path);
  char *ret;

  if (dir == NULL || getrandom (rnd, sizeof rnd, 0) != sizeof rnd)
    return NULL;
  for (size_t i = 0; i < sizeof rnd; i++)
    suffix[i] = chars[rnd[i] % (sizeof chars - 1)];
  suffix[8] = '\0';
  if (asprintf (&ret, "%s%s.virt-edit-%s", dir, strcmp (dir, "/") ? "/" : "",
                suffix) == -1)
    return NULL;
  return ret;
}

/* Put the local file LOCAL in place of the guest file PATH, keeping
 * its attributes, and the original as PATH.EXT if EXT is not NULL. */
static int
upload_back (struct tool_options *o, const char *path, const char *local,
             const char *ext)
{
  CLEANUP_FREE char *tmp = random_name (path), *backup = NULL;

  if (tmp == NULL) {
    fprintf (stderr, "%s: could not make a temporary name\n", o->prog);
    return -1;
  }
  if (guestfs_upload (o->g, local, tmp) == -1)
    goto error;                 /* a cancelled upload leaves a part */
  if (guestfs_copy_attributes (o->g, path, tmp,
                               GUESTFS_COPY_ATTRIBUTES_ALL, 1, -1) == -1)
    goto error;
  if (ext) {
    if (asprintf (&backup, "%s%s", path, ext) == -1 ||
        guestfs_mv (o->g, path, backup) == -1)
      goto error;
  }
  return guestfs_rename (o->g, tmp, path);
 error:
  guestfs_rm_f (o->g, tmp);
  return -1;
}

/* The local copy: DIR/file, with the guest file's extension if it is
 * made of letters and digits (editors choose their mode by it). */
static char *
local_name (const char *dir, const char *path)
{
  const char *dot = strrchr (path, '.');
  char *ret;
  bool ok = dot && !strchr (dot, '/') && strlen (dot) <= 16 && dot[1];

  for (const char *c = ok ? dot + 1 : ""; *c; c++)
    if (!isalnum ((unsigned char) *c))
      ok = false;
  if (asprintf (&ret, "%s/file%s", dir, ok ? dot : "") == -1)
    return NULL;
  return ret;
}

/* Edit the local copy LOCAL (contents OLD, OLDLEN bytes); returns the
 * new contents (malloc'd, *NEWLEN bytes). */
static char *
edit_local (struct tool_options *o, const char *local, const char *old,
            size_t oldlen, const struct edit_how *how, size_t *newlen)
{
  CLEANUP_FREE char *err = NULL;
  char *new;

  if (how->expr == NULL)
    return run_editor (o->prog, local) == -1 ? NULL
      : read_local (o->prog, local, newlen);
  new = edit_expr_apply (how->expr, old, oldlen, newlen, &err);
  if (new == NULL)
    fprintf (stderr, "%s: -e: %s\n", o->prog, err ? err : "out of memory");
  else if (write_local (o->prog, local, new, *newlen) == -1) {
    free (new);
    new = NULL;
  }
  return new;
}

/* True (after a message) if a signal asked virt-edit to stop. */
static bool
gave_up (const struct tool_options *o)
{
  int sig = edit_interrupted ();

  if (sig)
    fprintf (stderr, "%s: interrupted by signal %d: nothing was changed\n",
             o->prog, sig);
  return sig != 0;
}

/* Remove the private directory DIR and whatever is in it (the local
 * copy, an editor's backup or swap files). */
static void
remove_private_dir (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *e;

  while (d && (e = readdir (d)) != NULL)
    if (strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
      unlinkat (dirfd (d), e->d_name, 0);
  if (d)
    closedir (d);
  rmdir (dir);
}

/* Download PATH to LOCAL (a new file, mode 0600), edit it, and upload
 * it back if changed. */
static int
edit_copy (struct tool_options *o, const char *path, const char *local,
           const struct edit_how *how)
{
  CLEANUP_FREE char *old = NULL, *new = NULL;
  size_t oldlen, newlen;
  int fd = open (local, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC,
                 0600);

  if (fd == -1 || close (fd) == -1) {
    fprintf (stderr, "%s: %s: %m\n", o->prog, local);
    return -1;
  }
  if (gave_up (o) || guestfs_download (o->g, path, local) == -1)
    return -1;
  old = read_local (o->prog, local, &oldlen);
  if (old == NULL)
    return -1;
  new = edit_local (o, local, old, oldlen, how, &newlen);
  if (new == NULL || gave_up (o))
    return -1;
  if (newlen == oldlen && memcmp (old, new, oldlen) == 0)
    return 0;                   /* unchanged: leave the guest alone */
  return upload_back (o, path, local, how->backup_ext);
}

/**
 * Edit the guest file C<name> (of C<root>, NULL if mounted with
 * C<-m>) as C<how> says.  0, or -1 after a message.
 */
int
edit_file (struct tool_options *o, const char *root, const char *name,
           const struct edit_how *how)
{
  CLEANUP_FREE char *path = guest_file (o, root, name);
  CLEANUP_FREE char *local = NULL;
  const char *tmpdir = getenv ("TMPDIR");
  CLEANUP_FREE char *dir = NULL;
  int r;

  if (path == NULL)
    return -1;
  if (asprintf (&dir, "%s/virt-edit.XXXXXX", tmpdir ? tmpdir : "/tmp") == -1)
    dir = NULL;
  if (dir == NULL || mkdtemp (dir) == NULL) {
    fprintf (stderr, "%s: cannot create a temporary directory: %m\n",
             o->prog);
    return -1;
  }
  local = local_name (dir, path);
  r = local ? edit_copy (o, path, local, how) : -1;
  remove_private_dir (dir);
  return r;
}
