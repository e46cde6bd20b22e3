/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the application lists of the text package
 * databases: dpkg's F</var/lib/dpkg/status> (stanzas of "Key: value"
 * lines; only packages whose Status is "install ok installed"; the
 * version split as libguestfs does into epoch, version and release at
 * the first '-'; the first line of Description as the description)
 * and apk's F</lib/apk/db/installed> ("P:" name, "V:" version, "A:"
 * arch, "T:" description, "U:" URL, "o:" origin).  A truncated or
 * garbled file gives the packages that could be read.
 */

#include <config.h>

#include <string.h>

#include "daemon.h"
#include "inspect-apps.h"

/* One dpkg stanza being read: A and whether it is installed. */
struct stanza {
  struct insp_app a;
  int installed;
  char *version;
};

/* Add the stanza S if it is an installed package; reset it. */
static int
end_stanza (struct insp_apps *apps, struct stanza *s)
{
  int r = 0;

  if (s->installed && s->a.name && s->version) {
    insp_apps_split_version (&s->a, s->version, 1);
    r = insp_apps_add (apps, &s->a);
  }
  memset (s, 0, sizeof *s);
  return r;
}

/* The Source field "NAME (VERSION)" without the version, in place. */
static const char *
source_name (char *value)
{
  value[strcspn (value, " (")] = '\0';
  return value;
}

/* Take the dpkg field KEY: VALUE (both in the buffer) into S. */
static void
deb_field (struct stanza *s, const char *key, char *value)
{
  if (strcmp (key, "Package") == 0)
    s->a.name = value;
  else if (strcmp (key, "Status") == 0)
    s->installed = strcmp (value, "install ok installed") == 0;
  else if (strcmp (key, "Version") == 0)
    s->version = value;
  else if (strcmp (key, "Architecture") == 0)
    s->a.arch = value;
  else if (strcmp (key, "Description") == 0)
    s->a.description = value;
  else if (strcmp (key, "Source") == 0)
    s->a.source_package = source_name (value);
  else if (strcmp (key, "Homepage") == 0)
    s->a.url = value;
}

/**
 * Add the installed packages of the guest's dpkg status file to
 * C<apps>.  Returns 0, or -1 on ENOMEM.
 */
int
insp_apps_deb (struct insp_apps *apps)
{
  CLEANUP_FREE char *buf = insp_apps_read ("/var/lib/dpkg/status",
                                           APPS_FILE_MAX, NULL);
  struct stanza s;
  char *line, *next, *colon;

  memset (&s, 0, sizeof s);
  for (line = buf; line; line = next) {
    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    if (line[0] == '\0') {
      if (end_stanza (apps, &s) == -1)
        return -1;
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t' ||
        (colon = strchr (line, ':')) == NULL)
      continue;                 /* continuation or garbage */
    *colon = '\0';
    deb_field (&s, line, colon + 1 + strspn (colon + 1, " \t"));
  }
  return end_stanza (apps, &s);
}

/* Take the apk line "K:VALUE" into A (*VERSION for V:). */
static void
apk_field (struct insp_app *a, char **version, char key, char *value)
{
  switch (key) {
  case 'P': a->name = value; break;
  case 'V': *version = value; break;
  case 'A': a->arch = value; break;
  case 'T': a->description = value; break;
  case 'U': a->url = value; break;
  case 'o': a->source_package = value; break;
  default: break;
  }
}

/**
 * Add the packages of the guest's apk database to C<apps>.  Returns
 * 0, or -1 on ENOMEM.
 */
int
insp_apps_apk (struct insp_apps *apps)
{
  CLEANUP_FREE char *buf = insp_apps_read ("/lib/apk/db/installed",
                                           APPS_FILE_MAX, NULL);
  struct insp_app a;
  char *line, *next, *version = NULL;

  memset (&a, 0, sizeof a);
  for (line = buf; line; line = next) {
    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    if (line[0] != '\0' && line[1] == ':') {
      apk_field (&a, &version, line[0], line + 2);
      continue;
    }
    if (line[0] != '\0' && next)
      continue;
    if (a.name && version) {
      insp_apps_split_version (&a, version, 0);
      if (insp_apps_add (apps, &a) == -1)
        return -1;
    }
    memset (&a, 0, sizeof a);
    version = NULL;
  }
  return 0;
}
