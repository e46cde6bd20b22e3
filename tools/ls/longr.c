/* guestkit — virt-ls: list files of a disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-ls -lR: walk a guest directory tree (the
 * directory first, then each entry in name order, descending into
 * subdirectories as they come), with the status of each directory's
 * entries fetched in a few C<lstatnslist> calls, and print one line
 * (or JSON object) per file: type, permissions, size, the optional
 * uid/gid, times, extra stats and checksum, the path, and a link's
 * target.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanups.h"
#include "ls.h"

/* Names per lstatnslist call, to keep each reply small. */
#define STAT_BATCH 256
/* Deeper than any path the guest kernel could open (PATH_MAX / 2). */
#define MAX_DEPTH 2048

static const char *
file_type (int64_t mode)
{
  switch (mode & S_IFMT) {
  case S_IFREG: return "-";
  case S_IFDIR: return "d";
  case S_IFCHR: return "c";
  case S_IFBLK: return "b";
  case S_IFIFO: return "p";
  case S_IFLNK: return "l";
  case S_IFSOCK: return "s";
  default: return "u";
  }
}

/* DIR/NAME without a doubled slash (malloc'd; NULL: out of memory). */
static char *
full_path (const char *dir, const char *name)
{
  size_t len = strlen (dir);
  char *p;

  if (name == NULL)
    return strdup (dir);
  if (asprintf (&p, "%s%s%s", dir, len > 0 && dir[len - 1] == '/' ? "" : "/",
                name) == -1)
    return NULL;
  return p;
}

static int
show_checksum (struct ls *ls, const struct guestfs_statns *st,
               const char *path)
{
  CLEANUP_FREE char *sum = NULL;

  if ((st->st_mode & S_IFMT) == S_IFREG) {
    sum = guestfs_checksum (ls->o.g, ls->checksum, path);
    if (sum == NULL)
      return -1;
  }
  if (sum != NULL || ls->csv || ls->json)
    ls_field_string (ls, "checksum", sum);
  return 0;
}

static void
show_stats (struct ls *ls, const struct guestfs_statns *st)
{
  char mode[16];

  ls_field_string (ls, "type", file_type (st->st_mode));
  snprintf (mode, sizeof mode, "%04o", (unsigned) (st->st_mode & 07777));
  ls_field_string (ls, "mode", mode);
  ls_field_size (ls, st->st_size);
  if (ls->uids) {
    ls_field_int (ls, "uid", st->st_uid, 4, true);
    ls_field_int (ls, "gid", st->st_gid, 4, true);
  }
  if (ls->times) {
    ls_field_time (ls, "atime", st->st_atime_sec);
    ls_field_time (ls, "mtime", st->st_mtime_sec);
    ls_field_time (ls, "ctime", st->st_ctime_sec);
  }
  if (ls->extra_stats) {
    ls_field_dev (ls, "dev", st->st_dev);
    ls_field_int (ls, "ino", st->st_ino, 0, false);
    ls_field_int (ls, "nlink", st->st_nlink, 0, false);
    ls_field_dev (ls, "rdev", st->st_rdev);
    ls_field_int (ls, "blocks", st->st_blocks, 0, false);
  }
}

/* One file's line.  NAME is NULL for the top directory itself. */
static int
show_file (struct ls *ls, const char *dir, const char *name,
           const struct guestfs_statns *st)
{
  CLEANUP_FREE char *path = full_path (dir, name);
  CLEANUP_FREE char *link = NULL;

  if (path == NULL)
    return -1;
  if ((st->st_mode & S_IFMT) == S_IFLNK) {
    link = guestfs_readlink (ls->o.g, path);
    if (link == NULL)
      return -1;
  }
  ls_start_entry (ls);
  show_stats (ls, st);
  if (ls->checksum && show_checksum (ls, st, path) == -1)
    return -1;
  ls_field_string (ls, "path", path);
  if (link != NULL || ls->json)
    ls_field_link (ls, link);
  ls_end_entry (ls);
  return 0;
}

static int visit_dir (struct ls *ls, const char *dir, unsigned depth);

/* Show the entries NAMES[0..N) of DIR, descending into directories. */
static int
visit_batch (struct ls *ls, const char *dir, char **names, size_t n,
             unsigned depth)
{
  char *saved = names[n];
  struct guestfs_statns_list *sts;
  int r = 0;

  names[n] = NULL;
  sts = guestfs_lstatnslist (ls->o.g, dir, names);
  names[n] = saved;
  if (sts == NULL)
    return -1;
  for (size_t i = 0; i < n && i < sts->len && r == 0; ++i) {
    CLEANUP_FREE char *sub = NULL;

    r = show_file (ls, dir, names[i], &sts->val[i]);
    if (r == 0 && (sts->val[i].st_mode & S_IFMT) == S_IFDIR) {
      sub = full_path (dir, names[i]);
      r = sub == NULL ? -1 : visit_dir (ls, sub, depth + 1);
    }
  }
  guestfs_free_statns_list (sts);
  return r;
}

static int
visit_dir (struct ls *ls, const char *dir, unsigned depth)
{
  CLEANUP_FREE_STRING_LIST char **names = NULL;
  size_t n = 0, done, batch;

  if (depth > MAX_DEPTH) {
    fprintf (stderr, "%s: %s: directories nested too deeply\n",
             ls->o.prog, dir);
    return -1;
  }
  names = guestfs_ls (ls->o.g, dir);
  if (names == NULL)
    return -1;
  while (names[n] != NULL)
    n++;
  for (done = 0; done < n; done += batch) {
    batch = n - done < STAT_BATCH ? n - done : STAT_BATCH;
    if (visit_batch (ls, dir, names + done, batch, depth) == -1)
      return -1;
  }
  return 0;
}

/** virt-ls -lR DIR: the directory, then everything under it.  0, or
 * -1 after an error message. */
int
ls_long_recursive (struct ls *ls, const char *dir)
{
  struct guestfs_statns *st = guestfs_lstatns (ls->o.g, dir);
  int r;

  if (st == NULL)
    return -1;
  r = show_file (ls, dir, NULL, st);
  if (r == 0 && (st->st_mode & S_IFMT) == S_IFDIR)
    r = visit_dir (ls, dir, 0);
  guestfs_free_statns (st);
  return r;
}
