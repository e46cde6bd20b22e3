/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the swap calls: C<mkswap> (and the old
 * C<mkswap_L>, C<mkswap_U>), C<mkswap_file>, and C<swapon_*> /
 * C<swapoff_*> on a device, a labelled or UUID-named swap area, or a
 * guest file.  Swap is turned on and off with swapon(2)/swapoff(2);
 * a guest file is named by its real path under F</sysroot>.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/swap.h>

#include "daemon.h"
#include "actions.h"

#define OPT_LABEL (UINT64_C (1) << 0)
#define OPT_UUID  (UINT64_C (1) << 1)
#define SWAP_LABEL_MAX 16

/* Run mkswap on TARGET with an optional label and UUID. */
static int
run_mkswap (const char *target, const char *label, const char *uuid)
{
  const char *argv[8];
  size_t n = 0;

  if (label && strlen (label) > SWAP_LABEL_MAX) {
    reply_with_error_errno (ERANGE, "%s: swap labels are limited to %d "
                            "bytes", label, SWAP_LABEL_MAX);
    return -1;
  }
  argv[n++] = "mkswap";
  argv[n++] = "-f";
  if (label) {
    argv[n++] = "-L";
    argv[n++] = label;
  }
  if (uuid) {
    argv[n++] = "-U";
    argv[n++] = uuid;
  }
  argv[n++] = target;
  argv[n] = NULL;
  return fs_run (NULL, "mkswap", argv);
}

/**
 * Make a swap area on C<device>, with an optional label and UUID.
 */
int
do_mkswap (const char *device, const char *label, const char *uuid)
{
  return run_mkswap (device, (optargs_bitmask & OPT_LABEL) ? label : NULL,
                     (optargs_bitmask & OPT_UUID) ? uuid : NULL);
}

/**
 * Make a swap area with C<label> on C<device> (old form).
 */
int
do_mkswap_L (const char *label, const char *device)
{
  return run_mkswap (device, label, NULL);
}

/**
 * Make a swap area with C<uuid> on C<device> (old form).
 */
int
do_mkswap_U (const char *uuid, const char *device)
{
  return run_mkswap (device, NULL, uuid);
}

/**
 * Write a swap signature into the existing guest file C<path>.
 */
int
do_mkswap_file (const char *path)
{
  CLEANUP_FREE char *real = fs_real_path (path, S_IFREG);

  if (real == NULL)
    return -1;
  return run_mkswap (real, NULL, NULL);
}

/* Turn swap on or off on the appliance path TARGET; NAME is what the
 * caller named it. */
static int
swap_onoff (bool on, const char *target, const char *name)
{
  CLEANUP_FREE char *ext = NULL;

  if ((on ? swapon (target, 0) : swapoff (target)) == -1) {
    int err = errno;
    if (strncmp (name, "/dev/", 5) == 0)
      ext = device_to_external (name);
    reply_with_error_errno (err, "%s: %s", ext ? ext : name, strerror (err));
    return -1;
  }
  return 0;
}

/* The device holding the swap area whose TAG is VALUE, found with
 * blkid.  Returns it malloc'd, or NULL after replying. */
static char *
find_swap (const char *tag, const char *value)
{
  CLEANUP_FREE char *out = NULL, *err = NULL, *token = NULL, *type = NULL;
  char *dev;
  const char *argv[] = { "blkid", "-c", "/dev/null", "-o", "device",
                         "-t", NULL, NULL };
  int r;

  if (asprintf (&token, "%s=%s", tag, value) == -1) {
    reply_with_perror ("asprintf");
    return NULL;
  }
  argv[6] = token;
  r = commandrv (&out, &err, argv);
  if (r != 0 || out == NULL || out[0] == '\0') {
    reply_with_error_errno (ENOENT, "%s: no swap area with this %s", value,
                            tag);
    return NULL;
  }
  out[strcspn (out, "\n")] = '\0';
  type = do_vfs_type (out);
  if (type == NULL)
    return NULL;
  if (strcmp (type, "swap") != 0) {
    reply_with_error_errno (EINVAL, "%s: not a swap area", value);
    return NULL;
  }
  dev = strdup (out);
  if (dev == NULL)
    reply_with_perror ("strdup");
  return dev;
}

static int
swap_by_tag (bool on, const char *tag, const char *value)
{
  CLEANUP_FREE char *dev = find_swap (tag, value);

  if (dev == NULL)
    return -1;
  return swap_onoff (on, dev, value);
}

static int
swap_file (bool on, const char *path)
{
  CLEANUP_FREE char *real = fs_real_path (path, S_IFREG);

  if (real == NULL)
    return -1;
  return swap_onoff (on, real, path);
}

/** Swap on C<device>. */
int
do_swapon_device (const char *device)
{
  return swap_onoff (true, device, device);
}

/** Stop swapping on C<device>. */
int
do_swapoff_device (const char *device)
{
  return swap_onoff (false, device, device);
}

/** Swap on the swap area labelled C<label>. */
int
do_swapon_label (const char *label)
{
  return swap_by_tag (true, "LABEL", label);
}

/** Stop swapping on the swap area labelled C<label>. */
int
do_swapoff_label (const char *label)
{
  return swap_by_tag (false, "LABEL", label);
}

/** Swap on the swap area with C<uuid>. */
int
do_swapon_uuid (const char *uuid)
{
  return swap_by_tag (true, "UUID", uuid);
}

/** Stop swapping on the swap area with C<uuid>. */
int
do_swapoff_uuid (const char *uuid)
{
  return swap_by_tag (false, "UUID", uuid);
}

/** Swap on the guest file C<file>. */
int
do_swapon_file (const char *file)
{
  return swap_file (true, file);
}

/** Stop swapping on the guest file C<file>. */
int
do_swapoff_file (const char *file)
{
  return swap_file (false, file);
}
