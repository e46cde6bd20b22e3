/* guestkit — libguestfs-compatible library.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the checks launch makes on the directories the
 * library keeps files in (security plan row 23), before anything is
 * created or read there:
 *
 * - the cache directory (C<$LIBGUESTFS_CACHEDIR/.guestkit-UID> or the
 *   one set_cachedir chose, else C<$XDG_CACHE_HOME/guestkit> or
 *   C<~/.cache/guestkit>) has a predictable name, so one that already
 *   exists must be a real directory (not a symbolic link), owned by
 *   the effective uid, and not writable by group or others;
 * - the bases of the private temporary and socket directories (TMPDIR,
 *   XDG_RUNTIME_DIR) get random mkdtemp names, but a base that anyone
 *   may write without the sticky bit (mode 0777 rather than 1777)
 *   would let others rename or replace those directories.
 *
 * Each problem is an error starting "security:" and naming the path;
 * root is held to the same rules (a directory another uid owns is
 * refused even then).  A directory that does not exist yet is fine.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "guestfs-internal.h"

/**
 * The cache directory (malloc'd), or NULL if there is none (no
 * explicit choice, no XDG_CACHE_HOME and no HOME).
 */
char *
guestfs_int_cache_dir (guestfs_h *g)
{
  const char *xdg = getenv ("XDG_CACHE_HOME"), *home = getenv ("HOME");
  char *dir = guestfs_int_explicit_cachedir (g);

  if (dir)
    return dir;
  if (xdg && *xdg)
    return safe_asprintf (g, "%s/guestkit", xdg);
  if (home && *home)
    return safe_asprintf (g, "%s/.cache/guestkit", home);
  return NULL;
}

/**
 * Whether DIR is a private directory of ours: a real directory (not a
 * symbolic link), owned by the effective uid, not writable by group or
 * others.  Returns 1 if it is, 0 if it does not exist, -1 if it is
 * not (the reason, without the path, in WHY of LEN bytes).
 */
int
guestfs_int_dir_private (const char *dir, char *why, size_t len)
{
  struct stat st;

  if (lstat (dir, &st) == -1)
    return 0;
  if (S_ISLNK (st.st_mode))
    snprintf (why, len, "is a symbolic link");
  else if (!S_ISDIR (st.st_mode))
    snprintf (why, len, "is not a directory");
  else if (st.st_uid != geteuid ())
    snprintf (why, len, "is owned by uid %ld, not %ld",
              (long) st.st_uid, (long) geteuid ());
  else if (st.st_mode & 022)
    snprintf (why, len, "is writable by group or others (mode %04o)",
              (unsigned) (st.st_mode & 07777));
  else
    return 1;
  return -1;
}

/* DIR, if it exists, must be our own private directory. */
static int
check_private (guestfs_h *g, const char *dir)
{
  char why[96];

  if (guestfs_int_dir_private (dir, why, sizeof why) == -1) {
    error (g, "security: %s: %s", dir, why);
    return -1;
  }
  return 0;
}

/* DIR, where mkdtemp makes our directories: others may write it only
 * if the sticky bit stops them touching ours. */
static int
check_base (guestfs_h *g, const char *dir)
{
  struct stat st;

  if (stat (dir, &st) == -1 || !S_ISDIR (st.st_mode))
    return 0;                   /* mkdtemp will say */
  if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
    error (g, "security: %s: is writable by others and not sticky "
           "(mode %04o)", dir, (unsigned) (st.st_mode & 07777));
    return -1;
  }
  return 0;
}

/**
 * Check the cache directory and the temporary and socket bases.
 * Returns 0, or -1 after setting a "security:" error.
 */
int
guestfs_int_check_dir_security (guestfs_h *g)
{
  CLEANUP_FREE char *cache = guestfs_int_cache_dir (g);

  if (cache && check_private (g, cache) == -1)
    return -1;
  if (check_base (g, guestfs_int_tmpdir_base (g)) == -1 ||
      check_base (g, guestfs_int_sockdir_base (g)) == -1)
    return -1;
  return 0;
}
