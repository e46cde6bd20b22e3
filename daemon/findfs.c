/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<blkid>, which returns everything a direct
 * (uncached) probe of a device finds, and C<findfs_label> and
 * C<findfs_uuid>, which look for the filesystem with a given tag
 * among all block devices except the appliance's own disk.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "actions.h"

/* blkid's exit status when nothing was found. */
#define BLKID_NOT_FOUND 2
/* Most KEY=VALUE pairs returned by blkid. */
#define MAX_TAGS 256
/* Longest label or UUID looked for. */
#define MAX_TAG_VALUE 256

/* Reply with blkid's error for DEVICE (exit status R). */
static void
reply_blkid_error (const char *what, char *err, int r)
{
  trim_newline (err);
  if (err != NULL && err[0] != '\0')
    reply_with_error ("%s", err);
  else
    reply_with_error ("blkid %s: exit status %d", what, r);
}

/* Add the line "KEY=VALUE" to SB as two strings; the device name in
 * DEVNAME is shown as the caller names it.  0 or -1 after replying. */
static int
add_tag_line (struct stringsbuf *sb, char *line)
{
  char *eq = strchr (line, '='), *ext;

  if (eq == NULL || eq == line)
    return 0;
  if (sb->size >= 2 * MAX_TAGS) {
    reply_with_error ("too many attributes");
    return -1;
  }
  *eq = '\0';
  if (add_string (sb, line) == -1)
    return -1;
  if (strcmp (line, "DEVNAME") != 0)
    return add_string (sb, eq + 1);
  ext = device_to_external (eq + 1);
  if (ext == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  return add_string_nodup (sb, ext);
}

/**
 * Probe C<device> and return the attributes found as a hash.
 */
char **
do_blkid (const char *device)
{
  CLEANUP_FREE char *out = NULL, *err = NULL;
  DECLARE_STRINGSBUF (sb);
  const char *argv[] = {
    "blkid", "-c", "/dev/null", "-p", "-i", "-o", "export", device, NULL
  };
  char *line, *save = NULL;
  int r = commandrv (&out, &err, argv);

  if ((r != 0 && r != BLKID_NOT_FOUND) || out == NULL) {
    reply_blkid_error (device, err, r);
    return NULL;
  }
  for (line = strtok_r (out, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    if (add_tag_line (&sb, line) == -1) {
      free_stringsbuf (&sb);
      return NULL;
    }
  }
  if (end_stringsbuf (&sb) == -1) {
    free_stringsbuf (&sb);
    return NULL;
  }
  return take_stringsbuf (&sb);
}

/* Return the first device (caller's name, malloc'd) other than the
 * appliance's whose TAG is VALUE, or NULL after replying. */
static char *
findfs (const char *tag, const char *value)
{
  CLEANUP_FREE char *out = NULL, *err = NULL, *token = NULL;
  const char *argv[] = {
    "blkid", "-c", "/dev/null", "-o", "device", "-t", NULL, NULL
  };
  char *line, *save = NULL;
  int r;

  if (value[0] == '\0' || strlen (value) > MAX_TAG_VALUE ||
      strpbrk (value, "\"\n")) {
    reply_with_error_errno (EINVAL, "%s: invalid %s", value, tag);
    return NULL;
  }
  if (asprintf (&token, "%s=%s", tag, value) == -1) {
    reply_with_perror ("asprintf");
    return NULL;
  }
  argv[6] = token;
  r = commandrv (&out, &err, argv);
  if (r != 0 && r != BLKID_NOT_FOUND) {
    reply_blkid_error (token, err, r);
    return NULL;
  }
  for (line = out ? strtok_r (out, "\n", &save) : NULL; line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    if (!is_appliance_device (line)) {
      char *ext = device_to_external (line);

      if (ext == NULL)
        reply_with_perror ("malloc");
      return ext;
    }
  }
  reply_with_error_errno (ENOENT, "%s: not found", value);
  return NULL;
}

/**
 * Return the device of the filesystem labelled C<label>.
 */
char *
do_findfs_label (const char *label)
{
  return findfs ("LABEL", label);
}

/**
 * Return the device of the filesystem whose UUID is C<uuid>.
 */
char *
do_findfs_uuid (const char *uuid)
{
  return findfs ("UUID", uuid);
}
