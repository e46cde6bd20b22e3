/* guestkit — common/options: what guestfish and the virt-* tools share.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the command line loop every virt-* tool runs:
 * C<--help> and C<-V> (which end the program with success), the
 * tool's own options, then the common ones (options.c), and one
 * message for an option that is unknown or lacks its argument; and
 * the end of a run: flush the output, shut the appliance down, free.
 */

#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "options.h"

/* One option C; 1 handled, 0 unknown, -1 after a message. */
static int
one_option (struct tool_options *o, const struct options_cmdline *cl,
            int c, const char *arg)
{
  int r = 0;

  if (c == '?' || c == ':')
    return 0;
  if (cl->own)
    r = cl->own (cl->tool, c, arg);
  if (r == 0)
    r = options_handle (o, c, arg);
  return r;
}

/**
 * Parse the options of C<argv> as C<cl> describes them.  Returns -1
 * if the tool goes on (C<optind> is its first argument), or the
 * status it exits with (after C<--help>, C<-V> or a message).
 */
int
options_getopt (struct tool_options *o, const struct options_cmdline *cl,
                int argc, char *argv[])
{
  int c, r;

  opterr = 0;
  while ((c = getopt_long (argc, argv, cl->short_options,
                           cl->long_options, NULL)) != -1) {
    if (c == OPTION_HELP) {
      fputs (cl->usage, stdout);
      return EXIT_SUCCESS;
    }
    if (c == 'V')
      return options_print_version (o) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
    r = one_option (o, cl, c, optarg);
    if (r == 0)
      options_bad (o, c, argv);
    if (r <= 0)
      return EXIT_FAILURE;
  }
  return -1;
}

/** A usage error: "PROG: MESSAGE" and the hint to use C<--help>.
 * Returns C<EXIT_FAILURE>. */
int
options_usage_error (const struct tool_options *o, const char *fmt, ...)
{
  va_list ap;

  fprintf (stderr, "%s: ", o->prog);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
  options_usage_hint (o);
  return EXIT_FAILURE;
}

/** After a run whose result was C<ran> (0 or -1): flush standard
 * output, shut the appliance down (if launched) and free everything.
 * Returns the status to exit with. */
int
options_finish (struct tool_options *o, int ran)
{
  int r = ran == 0 ? EXIT_SUCCESS : EXIT_FAILURE;

  if (fflush (stdout) != 0)
    r = EXIT_FAILURE;
  if (o->g && guestfs_shutdown (o->g) == -1)
    r = EXIT_FAILURE;
  options_free (o);
  return r;
}
