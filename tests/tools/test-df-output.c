/* guestkit — unit tests of virt-df's output with absurd values (TAP).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the tests of tools/df/output.c for security
 * plan row 22: statvfs values a hostile appliance may send (blocks
 * 2^64-1 read as -1, INT64_MAX, free above total, negative free,
 * bsize 0 or 512) and guest and device names with a newline, commas,
 * quotes and an escape code.  The whole output of each format (text,
 * -h, -i, CSV, JSON) is compared; under the sanitizer build any
 * overflow would also be reported.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.c"
#include "tap.h"

static struct df_row rows[] = {
  { (char *) "/dev/sda1", { .bsize = 4096, .blocks = 1000, .bfree = 250,
      .bavail = 200, .files = 100, .ffree = 40 } },
  { (char *) "/dev/sda2", { .bsize = 4096, .blocks = -1, .bfree = 0,
      .bavail = -1, .files = -1, .ffree = 0 } },
  { (char *) "/dev/sda3", { .bsize = 4096, .blocks = INT64_MAX,
      .bfree = -1, .bavail = INT64_MAX, .files = INT64_MAX,
      .ffree = INT64_MIN } },
  { (char *) "/dev/sda4", { .bsize = 1024, .blocks = 100, .bfree = 200,
      .bavail = 300, .files = 10, .ffree = 20 } },
  { (char *) "/dev/sda5", { .bsize = 0, .blocks = 100, .bfree = 50,
      .bavail = 50, .files = 0, .ffree = 0 } },
  { (char *) "/dev/x,\n\"y\"", { .bsize = 512, .blocks = 1001, .bfree = 1,
      .bavail = 1, .files = 1, .ffree = 1 } },
};

static struct df_guest guest = {
  (char *) "g\n1,\"q\"\x1b[31m", NULL, rows, sizeof rows / sizeof rows[0],
};

/* Everything df_print_title, df_print_guest and df_print_end write to
 * stdout with SETTINGS, as a malloc'd string. */
static char *
capture (struct df_settings settings)
{
  FILE *tmp = tmpfile ();
  int saved = dup (STDOUT_FILENO);
  char *buf;
  long len;

  if (!tmp || saved == -1)
    abort ();
  fflush (stdout);
  dup2 (fileno (tmp), STDOUT_FILENO);
  df_settings = settings;
  json_first = true;
  df_print_title ();
  df_print_guest (&guest);
  df_print_end ();
  fflush (stdout);
  dup2 (saved, STDOUT_FILENO);
  close (saved);
  len = ftell (tmp);
  buf = calloc (1, (size_t) len + 1);
  rewind (tmp);
  if (!buf || fread (buf, 1, (size_t) len, tmp) != (size_t) len)
    abort ();
  fclose (tmp);
  return buf;
}

static void
expect (struct df_settings settings, const char *want, const char *what)
{
  char *got = capture (settings);

  if (strcmp (got, want) != 0)
    printf ("# want:\n%s# got:\n%s", want, got);
  ok (strcmp (got, want) == 0, what);
  free (got);
}

#define NAME "g?1,\"q\"?[31m"
#define DEV6 "/dev/x,?\"y\""

int
main (void)
{
  expect ((struct df_settings) { .format = DF_TEXT },
    "Filesystem                           1K-blocks       Used  Available  Use%\n"
    NAME ":/dev/sda1                    4000       3000        800   75%\n"
    NAME ":/dev/sda2                       0          0          0    0%\n"
    NAME ":/dev/sda3              18446744073709551615 18446744073709551615 18446744073709551615  100%\n"
    NAME ":/dev/sda4                     100          0        300    0%\n"
    NAME ":/dev/sda5                       0          0          0   50%\n"
    NAME ":" DEV6 "                   500        500          0  100%\n",
    "text: 1K blocks saturate, never negative, use 0-100%");
  expect ((struct df_settings) { .format = DF_TEXT, .human = true },
    "Filesystem                                Size       Used  Available  Use%\n"
    NAME ":/dev/sda1                    3.9M       2.9M       800K   75%\n"
    NAME ":/dev/sda2                       0          0          0    0%\n"
    NAME ":/dev/sda3                     16E        16E        16E  100%\n"
    NAME ":/dev/sda4                    100K          0       300K    0%\n"
    NAME ":/dev/sda5                       0          0          0   50%\n"
    NAME ":" DEV6 "                  500K       500K        512  100%\n",
    "text -h: the same in df -h form");
  expect ((struct df_settings) { .format = DF_TEXT, .inodes = true },
    "Filesystem                              Inodes      IUsed      IFree IUse%\n"
    NAME ":/dev/sda1                     100         60         40   60%\n"
    NAME ":/dev/sda2                       0          0          0    0%\n"
    NAME ":/dev/sda3              9223372036854775807 9223372036854775807          0  100%\n"
    NAME ":/dev/sda4                      10          0         20    0%\n"
    NAME ":/dev/sda5                       0          0          0    0%\n"
    NAME ":" DEV6 "                     1          0          1    0%\n",
    "text -i: inodes never negative");
  expect ((struct df_settings) { .format = DF_CSV },
    "VirtualMachine,Filesystem,1K-blocks,Used,Available,Use%\n"
    "\"g\n1,\"\"q\"\"\x1b[31m\",/dev/sda1,4000,3000,800,75.0\n"
    "\"g\n1,\"\"q\"\"\x1b[31m\",/dev/sda2,0,0,0,0.0\n"
    "\"g\n1,\"\"q\"\"\x1b[31m\",/dev/sda3,18446744073709551615,18446744073709551615,18446744073709551615,100.0\n"
    "\"g\n1,\"\"q\"\"\x1b[31m\",/dev/sda4,100,0,300,0.0\n"
    "\"g\n1,\"\"q\"\"\x1b[31m\",/dev/sda5,0,0,0,50.0\n"
    "\"g\n1,\"\"q\"\"\x1b[31m\",\"/dev/x,\n\"\"y\"\"\",500,500,0,99.9\n",
    "CSV: names quoted, newline and quotes inside the quotes");
  expect ((struct df_settings) { .format = DF_JSON },
    "[\n"
    "  {\"guest\": \"g\\n1,\\\"q\\\"\\u001b[31m\", \"uuid\": null, \"filesystem\": \"/dev/sda1\", \"size\": 4096000, \"used\": 3072000, \"available\": 819200, \"use_percent\": 75.0, \"inodes\": 100, \"inodes_used\": 60, \"inodes_free\": 40, \"inodes_use_percent\": 60.0},\n"
    "  {\"guest\": \"g\\n1,\\\"q\\\"\\u001b[31m\", \"uuid\": null, \"filesystem\": \"/dev/sda2\", \"size\": 0, \"used\": 0, \"available\": 0, \"use_percent\": 0.0, \"inodes\": 0, \"inodes_used\": 0, \"inodes_free\": 0, \"inodes_use_percent\": 0.0},\n"
    "  {\"guest\": \"g\\n1,\\\"q\\\"\\u001b[31m\", \"uuid\": null, \"filesystem\": \"/dev/sda3\", \"size\": 18446744073709551615, \"used\": 18446744073709551615, \"available\": 18446744073709551615, \"use_percent\": 100.0, \"inodes\": 9223372036854775807, \"inodes_used\": 9223372036854775807, \"inodes_free\": 0, \"inodes_use_percent\": 100.0},\n"
    "  {\"guest\": \"g\\n1,\\\"q\\\"\\u001b[31m\", \"uuid\": null, \"filesystem\": \"/dev/sda4\", \"size\": 102400, \"used\": 0, \"available\": 307200, \"use_percent\": 0.0, \"inodes\": 10, \"inodes_used\": 0, \"inodes_free\": 20, \"inodes_use_percent\": 0.0},\n"
    "  {\"guest\": \"g\\n1,\\\"q\\\"\\u001b[31m\", \"uuid\": null, \"filesystem\": \"/dev/sda5\", \"size\": 0, \"used\": 0, \"available\": 0, \"use_percent\": 50.0, \"inodes\": 0, \"inodes_used\": 0, \"inodes_free\": 0, \"inodes_use_percent\": 0.0},\n"
    "  {\"guest\": \"g\\n1,\\\"q\\\"\\u001b[31m\", \"uuid\": null, \"filesystem\": \"/dev/x,\\n\\\"y\\\"\", \"size\": 512512, \"used\": 512000, \"available\": 512, \"use_percent\": 99.9, \"inodes\": 1, \"inodes_used\": 0, \"inodes_free\": 1, \"inodes_use_percent\": 0.0}\n"
    "]\n",
    "JSON: bytes saturate, strings escaped");
  return tap_done ();
}
