/* guestkit — bench: the appliance's boot marks.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the parsing of the boot marks that the
 * appliance's init and guestfsd leave in the kernel log (lines
 * C<guestkit-mark: SECONDS WHO WHAT>, SECONDS from the guest's
 * CLOCK_BOOTTIME), read back with the C<dmesg> call, and of the exec
 * stamp written by F<bench/exec-stamp>.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot-marks.h"

/* Which field of struct boot_marks a mark's text fills. */
static double *
slot (struct boot_marks *m, const char *text)
{
  static const struct { const char *text; size_t off; } map[] = {
    { "init starting", offsetof (struct boot_marks, init_start) },
    { "init modules loaded", offsetof (struct boot_marks, modules) },
    { "init root mounted", offsetof (struct boot_marks, root) },
    { "init ready to start guestfsd", offsetof (struct boot_marks, exec_daemon) },
    { "guestfsd starting", offsetof (struct boot_marks, daemon_start) },
    { "guestfsd channel open", offsetof (struct boot_marks, channel) },
    { "guestfsd ready", offsetof (struct boot_marks, ready) },
  };
  size_t i;

  for (i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcmp (text, map[i].text) == 0)
      return (double *) ((char *) m + map[i].off);
  return NULL;
}

int
boot_marks_parse (const char *log, struct boot_marks *m)
{
  static const char tag[] = "guestkit-mark: ";
  const char *p = log;
  int found = 0;

  for (size_t i = 0; i < BOOT_MARKS_N; i++)
    ((double *) m)[i] = -1;
  while ((p = strstr (p, tag)) != NULL) {
    char text[64], *end;
    double t = strtod (p + sizeof tag - 1, &end);
    size_t len = strcspn (end, "\n");
    double *s;

    p = end;
    if (*end != ' ' || len - 1 >= sizeof text)
      continue;
    memcpy (text, end + 1, len - 1);
    text[len - 1] = '\0';
    if ((s = slot (m, text)) != NULL) {
      *s = t;
      found++;
    }
  }
  return found;
}

double
exec_stamp_read (const char *path)
{
  FILE *fp = fopen (path, "r");
  double t = -1;

  if (fp) {
    if (fscanf (fp, "%lf", &t) != 1)
      t = -1;
    fclose (fp);
  }
  return t;
}
