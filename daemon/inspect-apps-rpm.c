/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the application list of rpm guests.  The
 * guest's database files in F</var/lib/rpm> (sqlite, the Berkeley DB
 * F<Packages> or ndb) are copied, with a size cap, to a private
 * directory of the appliance (so that neither the guest's symlinks nor
 * a read-only mount matter, and rpm never writes to the guest), and
 * the appliance's rpm program queries that copy.  Fields are separated
 * by control characters in the query format; records that do not
 * parse are skipped.  A garbage database makes rpm fail: the list is
 * then empty.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "daemon.h"
#include "inspect-apps.h"

#define FS "\x1f"               /* field separator */
#define RS "\x1e"               /* record separator */
#define NR_FIELDS 8

/* The database files copied, if the guest has them. */
static const char *const db_files[] = {
  "rpmdb.sqlite", "rpmdb.sqlite-wal", "Packages", "Packages.db", "Index.db",
};

/* Copy the regular file NAME of the directory DIRFD into the directory
 * TO, charging *BUDGET.  0 (also if it is not there), or -1. */
static int
copy_db_file (int dirfd, const char *name, const char *to, size_t *budget)
{
  CLEANUP_CLOSE int in = openat (dirfd, name,
                                 O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  CLEANUP_CLOSE int out = -1;
  CLEANUP_FREE char *path = NULL;
  char buf[65536];
  size_t done = 0;
  struct stat st;
  ssize_t n;

  if (in == -1)
    return errno == ENOENT ? 0 : -1;
  if (fstat (in, &st) == -1 || !S_ISREG (st.st_mode) || st.st_size < 0 ||
      (size_t) st.st_size > *budget || asprintf (&path, "%s/%s", to, name) == -1)
    return -1;
  *budget -= (size_t) st.st_size;
  out = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out == -1)
    return -1;
  while ((n = read_full (in, buf, sizeof buf)) > 0) {
    if ((size_t) n > (size_t) st.st_size - done ||   /* it grew */
        write (out, buf, (size_t) n) != n)
      return -1;
    done += (size_t) n;
  }
  return n == 0 ? 0 : -1;
}

/* Copy the guest's rpm database into the new directory DIR.  0, or
 * -1 if there is none or it cannot be copied. */
static int
copy_db (const char *dir)
{
  CLEANUP_CLOSE int dirfd = open_in_root ("/var/lib/rpm",
                                          O_RDONLY | O_DIRECTORY, 0);
  size_t budget = APPS_FILE_MAX;

  if (dirfd == -1)
    return -1;
  for (size_t i = 0; i < sizeof db_files / sizeof db_files[0]; i++)
    if (copy_db_file (dirfd, db_files[i], dir, &budget) == -1)
      return -1;
  return 0;
}

/* Remove the directory DIR and the files copied into it. */
static void
remove_db (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  struct dirent *d;
  DIR *dp = fd >= 0 ? fdopendir (fd) : NULL;

  while (dp && (d = readdir (dp)) != NULL)
    if (strcmp (d->d_name, ".") != 0 && strcmp (d->d_name, "..") != 0)
      unlinkat (fd, d->d_name, 0);
  if (dp)
    closedir (dp);
  else if (fd >= 0)
    close (fd);
  rmdir (dir);
}

/* "(none)" (rpm's unset tag) as NULL. */
static const char *
tag (const char *s)
{
  return strcmp (s, "(none)") == 0 ? NULL : s;
}

/* Add the package of the record REC ("NAME FS EPOCH FS ..."). */
static int
add_record (struct insp_apps *apps, char *rec)
{
  char *f[NR_FIELDS], *save = NULL;
  struct insp_app a;
  size_t n = 0;
  long epoch;

  for (char *p = strtok_r (rec, FS, &save); p && n < NR_FIELDS;
       p = strtok_r (NULL, FS, &save))
    f[n++] = p;
  if (n != NR_FIELDS)
    return 0;
  memset (&a, 0, sizeof a);
  a.name = f[0];
  epoch = tag (f[1]) ? strtol (f[1], NULL, 10) : 0;
  a.epoch = epoch > 0 && epoch < INT32_MAX ? (int32_t) epoch : 0;
  a.version = tag (f[2]);
  a.release = tag (f[3]);
  a.arch = tag (f[4]);
  a.url = tag (f[5]);
  a.summary = tag (f[6]);
  a.description = tag (f[7]);
  return insp_apps_add (apps, &a);
}

/* Run rpm on the database in DIR and add what it lists. */
static int
query (struct insp_apps *apps, const char *dir)
{
  CLEANUP_FREE char *out = NULL, *err = NULL;
  const char *argv[] = {
    "rpm", "--dbpath", dir, "-qa", "--qf",
    "%{NAME}" FS "%{EPOCH}" FS "%{VERSION}" FS "%{RELEASE}" FS "%{ARCH}" FS
    "%{URL}" FS "%{SUMMARY}" FS "%{DESCRIPTION}" RS, NULL
  };
  char *rec, *save = NULL;

  if (commandrv (&out, &err, argv) != 0 || out == NULL) {
    if (verbose)
      fprintf (stderr, "inspect: rpm: %s\n", err ? err : "failed");
    return 0;
  }
  for (rec = strtok_r (out, RS, &save); rec != NULL;
       rec = strtok_r (NULL, RS, &save))
    if (add_record (apps, rec) == -1)
      return -1;
  return 0;
}

/**
 * Add the packages of the guest's rpm database to C<apps>.  Returns
 * 0 (an empty list if the database is missing or unreadable), or -1
 * on ENOMEM.
 */
int
insp_apps_rpm (struct insp_apps *apps)
{
  char dir[] = "/tmp/rpmdbXXXXXX";
  int r = 0;

  if (mkdtemp (dir) == NULL)
    return 0;
  if (copy_db (dir) == 0)
    r = query (apps, dir);
  remove_db (dir);
  return r;
}
