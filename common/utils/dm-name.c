/* guestkit — common utilities: device-mapper names.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the splitting of an LVM device-mapper name
 * ("VG-LV", where a "-" inside a name is written "--"), shared by the
 * library and the daemon.
 */

#include <config.h>

#include "dm-name.h"

/**
 * Copy one part of an LVM device-mapper name from C<*p> up to a
 * single "-" or the end into C<out> (at least as long as the input),
 * turning "--" into "-", and advance C<*p> past the separator.
 */
void
dm_name_part (const char **p, char *out)
{
  const char *s = *p;

  while (*s != '\0') {
    if (s[0] == '-' && s[1] == '-') {
      *out++ = '-';
      s += 2;
    }
    else if (s[0] == '-') {
      s++;
      break;
    }
    else
      *out++ = *s++;
  }
  *out = '\0';
  *p = s;
}
