/* guestkit — the drives added to a handle.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements C<add_drive>, C<add_drive_ro> and
 * C<add_drive_scratch>.  The format of an image is what the caller
 * says; when the caller says nothing it is probed at launch, under the
 * rules in drive-format.c.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guestfs-internal.h"
#include "guestfs-internal-actions.h"

static int
check_format (guestfs_h *g, const char *format)
{
  if (strcmp (format, "raw") == 0 || strcmp (format, "qcow2") == 0)
    return 0;
  guestfs_int_error_errno (g, EINVAL,
                           "add_drive: format '%s' is not supported "
                           "(use \"raw\" or \"qcow2\")", format);
  return -1;
}

static int
check_cachemode (guestfs_h *g, const char *cachemode)
{
  if (strcmp (cachemode, "writeback") == 0 || strcmp (cachemode, "unsafe") == 0)
    return 0;
  guestfs_int_error_errno (g, EINVAL,
                           "add_drive: cachemode '%s' must be \"writeback\" "
                           "or \"unsafe\"", cachemode);
  return -1;
}

static int
check_label (guestfs_h *g, const char *label)
{
  size_t i, n = strlen (label);

  if (n == 0 || n > 20)
    goto bad;
  for (i = 0; i < n; i++)
    if (!((label[i] >= 'a' && label[i] <= 'z') ||
          (label[i] >= 'A' && label[i] <= 'Z') ||
          (label[i] >= '0' && label[i] <= '9') || label[i] == '_'))
      goto bad;
  return 0;
 bad:
  guestfs_int_error_errno (g, EINVAL,
                           "add_drive: label '%s' must be 1-20 letters, "
                           "digits or '_'", label);
  return -1;
}

/* Refuse what we cannot honour rather than silently ignoring it. */
static int
check_unsupported (guestfs_h *g, const struct guestfs_add_drive_opts_argv *o)
{
  static const struct { uint64_t bit; const char *name; } unsupported[] = {
    { GUESTFS_ADD_DRIVE_OPTS_PROTOCOL_BITMASK, "protocol" },
    { GUESTFS_ADD_DRIVE_OPTS_SERVER_BITMASK, "server" },
    { GUESTFS_ADD_DRIVE_OPTS_USERNAME_BITMASK, "username" },
    { GUESTFS_ADD_DRIVE_OPTS_SECRET_BITMASK, "secret" },
  };
  size_t i;

  for (i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++)
    if ((o->bitmask & unsupported[i].bit) &&
        !(unsupported[i].bit == GUESTFS_ADD_DRIVE_OPTS_PROTOCOL_BITMASK &&
          strcmp (o->protocol, "file") == 0)) {
      guestfs_int_error_errno (g, ENOTSUP,
                               "add_drive: the '%s' option is not supported: "
                               "only local files can be added",
                               unsupported[i].name);
      return -1;
    }
  return 0;
}

static int
check_file (guestfs_h *g, const char *filename, bool readonly)
{
  int fd = open (filename, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);

  if (fd == -1) {
    perrorf (g, "%s", filename);
    return -1;
  }
  close (fd);
  return 0;
}

static void
append_drive (guestfs_h *g, const struct drive *d)
{
  g->drives = safe_realloc (g, g->drives,
                            (g->nr_drives + 1) * sizeof g->drives[0]);
  g->drives[g->nr_drives++] = *d;
}

int
guestfs_impl_add_drive (guestfs_h *g, const char *filename,
                        const struct guestfs_add_drive_opts_argv *o)
{
  struct drive d = { 0 };
  uint64_t m = o->bitmask;

  if (g->nr_drives >= MAX_DRIVES) {
    error (g, "add_drive: too many drives (at most %d)", MAX_DRIVES);
    return -1;
  }
  d.readonly = (m & GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK) && o->readonly;
  if (check_unsupported (g, o) == -1 ||
      ((m & GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK) &&
       check_format (g, o->format) == -1) ||
      ((m & GUESTFS_ADD_DRIVE_OPTS_CACHEMODE_BITMASK) &&
       check_cachemode (g, o->cachemode) == -1) ||
      ((m & GUESTFS_ADD_DRIVE_OPTS_LABEL_BITMASK) &&
       check_label (g, o->label) == -1) ||
      check_file (g, filename, d.readonly) == -1)
    return -1;
  d.filename = safe_strdup (g, filename);
  if (m & GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK)
    d.format = safe_strdup (g, o->format);
  d.cachemode = safe_strdup (g, (m & GUESTFS_ADD_DRIVE_OPTS_CACHEMODE_BITMASK)
                             ? o->cachemode : "writeback");
  if (m & GUESTFS_ADD_DRIVE_OPTS_LABEL_BITMASK)
    d.label = safe_strdup (g, o->label);
  append_drive (g, &d);
  return 0;
}

int
guestfs_impl_add_drive_ro (guestfs_h *g, const char *filename)
{
  struct guestfs_add_drive_opts_argv o = {
    .bitmask = GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK, .readonly = 1,
  };

  return guestfs_impl_add_drive (g, filename, &o);
}

int
guestfs_impl_add_drive_scratch (guestfs_h *g, int64_t size,
                                const struct guestfs_add_drive_scratch_argv *o)
{
  const char *dir = guestfs_int_tmpdir (g);
  CLEANUP_FREE char *path = NULL;
  struct drive d = { 0 };
  int fd;

  if (!dir)
    return -1;
  if (size <= 0) {
    guestfs_int_error_errno (g, EINVAL, "add_drive_scratch: size must be > 0");
    return -1;
  }
  path = safe_asprintf (g, "%s/scratch%zu.img", dir, g->nr_drives);
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd == -1 || ftruncate (fd, size) == -1) {
    perrorf (g, "add_drive_scratch: %s", path);
    if (fd >= 0)
      close (fd);
    return -1;
  }
  close (fd);
  d.filename = path;
  path = NULL;
  d.format = safe_strdup (g, "raw");
  d.cachemode = safe_strdup (g, "unsafe");
  d.scratch = true;
  if (o->bitmask & GUESTFS_ADD_DRIVE_SCRATCH_LABEL_BITMASK)
    d.label = safe_strdup (g, o->label);
  append_drive (g, &d);
  return 0;
}

/**
 * Remove the drives added after the first C<n> (an all-or-nothing
 * caller such as C<add_domain> undoing its adds), deleting scratch
 * files.
 */
void
guestfs_int_rollback_drives (guestfs_h *g, size_t n)
{
  size_t i;

  for (i = n; i < g->nr_drives; i++) {
    struct drive *d = &g->drives[i];
    if (d->scratch)
      unlink (d->filename);
    free (d->filename);
    free (d->format);
    free (d->label);
    free (d->cachemode);
  }
  if (n < g->nr_drives)
    g->nr_drives = n;
}

/**
 * Free the drive list, deleting scratch files.
 */
void
guestfs_int_free_drives (guestfs_h *g)
{
  guestfs_int_rollback_drives (g, 0);
  free (g->drives);
  g->drives = NULL;
}
