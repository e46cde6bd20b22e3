/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the LVM identity commands: C<pvuuid>,
 * C<vguuid>, C<lvuuid>, C<vglvuuids>, C<vgpvuuids>, the
 * C<pvchange_uuid>/C<vgchange_uuid> families and C<vgmeta>.
 *
 * UUIDs are returned as lvm prints them (with dashes).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "daemon.h"
#include "actions.h"
#include "lvm-int.h"

/* Largest metadata vgmeta returns (well below one message). */
#define MAX_VGMETA (GUESTFS_MESSAGE_MAX - 65536)

/* Run a report of one field for one object and return its single
 * value (malloc'd), or NULL after replying. */
static char *
lvm_one (const char *report, const char *field, const char *name)
{
  const char *argv[] = {
    "lvm", report, "--noheadings", "-o", field, name, NULL
  };
  CLEANUP_FREE char *out = NULL;
  char *val, *ret;

  if (lvm_run (argv, &out) == -1)
    return NULL;
  val = lvm_trim (out);
  if (val[0] == '\0' || strchr (val, '\n') != NULL) {
    reply_with_error ("%s: no unique %s found", name, field);
    return NULL;
  }
  ret = strdup (val);
  if (ret == NULL)
    reply_with_perror ("strdup");
  return ret;
}

/**
 * Return the UUID of the PV C<device>.
 */
char *
do_pvuuid (const char *device)
{
  return lvm_one ("pvs", "pv_uuid", device);
}

/**
 * Return the UUID of the VG C<vgname>.
 */
char *
do_vguuid (const char *vgname)
{
  if (lvm_check_name ("volume group", vgname) == -1)
    return NULL;
  return lvm_one ("vgs", "vg_uuid", vgname);
}

/**
 * Return the UUID of the LV C<device>.
 */
char *
do_lvuuid (const char *device)
{
  return lvm_one ("lvs", "lv_uuid", device);
}

/**
 * List the UUIDs of the LVs of the VG C<vgname>.
 */
char **
do_vglvuuids (const char *vgname)
{
  const char *argv[] = {
    "lvm", "lvs", "--noheadings", "-o", "lv_uuid", vgname, NULL
  };

  if (lvm_check_name ("volume group", vgname) == -1)
    return NULL;
  return lvm_list (argv, NULL);
}

/**
 * List the UUIDs of the PVs under the VG C<vgname>.
 */
char **
do_vgpvuuids (const char *vgname)
{
  const char *argv[] = {
    "lvm", "vgs", "--noheadings", "-o", "pv_uuid", vgname, NULL
  };

  if (lvm_check_name ("volume group", vgname) == -1)
    return NULL;
  return lvm_list (argv, NULL);
}

/**
 * Give the PV C<device> a new random UUID.
 */
int
do_pvchange_uuid (const char *device)
{
  const char *argv[] = { "lvm", "pvchange", "-u", device, NULL };

  return lvm_run (argv, NULL);
}

/**
 * Give every PV a new random UUID.
 */
int
do_pvchange_uuid_all (void)
{
  const char *argv[] = { "lvm", "pvchange", "-u", "-a", NULL };

  return lvm_run (argv, NULL);
}

/**
 * Give the VG C<vg> a new random UUID.
 */
int
do_vgchange_uuid (const char *vg)
{
  const char *argv[] = { "lvm", "vgchange", "-u", vg, NULL };

  if (lvm_check_name ("volume group", vg) == -1)
    return -1;
  return lvm_run (argv, NULL);
}

/**
 * Give every VG a new random UUID.
 */
int
do_vgchange_uuid_all (void)
{
  const char *argv[] = { "lvm", "vgchange", "-u", NULL };

  return lvm_run (argv, NULL);
}

/* Read the whole of FILE (at most MAX_VGMETA bytes) into a malloc'd
 * buffer; NULL after replying. */
static char *
read_meta (const char *file, size_t *size_r)
{
  CLEANUP_CLOSE int fd = open (file, O_RDONLY | O_CLOEXEC);
  struct stat st;
  char *buf;
  ssize_t r;
  size_t n = 0;

  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", file);
    return NULL;
  }
  if (st.st_size > MAX_VGMETA) {
    reply_with_error ("metadata larger than %d bytes", MAX_VGMETA);
    return NULL;
  }
  buf = malloc (st.st_size + 1);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  while (n < (size_t) st.st_size &&
         (r = read (fd, buf + n, st.st_size - n)) > 0)
    n += r;
  *size_r = n;
  return buf;
}

/**
 * Return the metadata of the VG C<vgname> as lvm writes it to a
 * backup file (made in a private directory of the appliance's
 * F</tmp> and removed afterwards).
 */
char *
do_vgmeta (const char *vgname, size_t *size_r)
{
  char dir[] = "/tmp/vgmetaXXXXXX";
  char file[sizeof dir + 8];
  const char *argv[] = { "lvm", "vgcfgbackup", "-f", file, vgname, NULL };
  char *ret = NULL;

  if (lvm_check_name ("volume group", vgname) == -1)
    return NULL;
  if (mkdtemp (dir) == NULL) {
    reply_with_perror ("mkdtemp");
    return NULL;
  }
  snprintf (file, sizeof file, "%s/meta", dir);
  if (lvm_run (argv, NULL) == 0)
    ret = read_meta (file, size_r);
  unlink (file);
  rmdir (dir);
  return ret;
}
