/* guestkit — virt-inspector: report the operating systems of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-inspector's command line: add the disks
 * read-only, inspect them, and describe every operating system found
 * (none gives an empty document) as libguestfs's XML or, with
 * C<--json>, as JSON.  C<--xpath QUERY> is a mode of its own: it
 * reads a document from standard input instead.  Exits 0, or 1 on
 * any error.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "inspector.h"

enum { OPT_JSON = OPTION_TOOL, OPT_NO_APPS, OPT_NO_ICON, OPT_XPATH };

static const char short_options[] = "a:c:d:vVx";
static const struct option long_options[] = {
  OPTIONS_COMMON_LONG,
  { "json", no_argument, NULL, OPT_JSON },
  { "no-applications", no_argument, NULL, OPT_NO_APPS },
  { "no-icon", no_argument, NULL, OPT_NO_ICON },
  { "xpath", required_argument, NULL, OPT_XPATH },
  { NULL, 0, NULL, 0 },
};

static const char usage_text[] =
  "virt-inspector: describe the operating systems of a virtual machine\n"
  "\n"
  "Usage:\n"
  "  virt-inspector [OPTIONS] -a DISK.IMG [-a ...]\n"
  "  virt-inspector [OPTIONS] -d DOMAIN\n"
  "  virt-inspector --xpath QUERY < OUTPUT.XML\n"
  "\n"
  "Options:\n"
  OPTIONS_COMMON_HELP
  "  --json                 JSON instead of XML\n"
  "  --no-applications      leave out the installed applications\n"
  "  --no-icon              leave out the guest's icon\n"
  "  --xpath QUERY          run an XPath query on the XML on stdin\n"
  "\n"
  "Example:\n"
  "  virt-inspector -a disk.img --no-icon > disk.xml\n";

static int
handle_own (void *tool, int c, const char *arg)
{
  struct inspector *in = tool;

  switch (c) {
  case OPT_JSON: in->json = true; return 1;
  case OPT_NO_APPS: in->apps = false; return 1;
  case OPT_NO_ICON: in->icon = false; return 1;
  case OPT_XPATH: in->xpath = arg; return 1;
  }
  return 0;
}

/* The checks after the options; 0, or -1 after a message. */
static int
check_options (struct inspector *in, int argc, char *argv[])
{
  char buf[256];
  const char *msg = NULL;

  if (optind < argc) {
    snprintf (buf, sizeof buf, "extra argument '%s' on the command line",
              argv[optind]);
    msg = buf;
  } else if (in->xpath && (in->o.nr_drives > 0 || in->json))
    msg = "cannot use --xpath together with other options";
  else if (!in->xpath && in->o.nr_drives == 0)
    msg = "no disk given: use -a or -d";
  if (msg == NULL)
    return 0;
  options_usage_error (&in->o, "%s", msg);
  return -1;
}

/* Parse the options into IN; returns the exit status to leave with
 * (-1: go on). */
static int
parse_options (struct inspector *in, int argc, char *argv[])
{
  const struct options_cmdline cl = {
    short_options, long_options, usage_text, handle_own, in,
  };
  int r = options_getopt (&in->o, &cl, argc, argv);

  if (r != -1)
    return r;
  return check_options (in, argc, argv) == 0 ? -1 : EXIT_FAILURE;
}

/* Inspect, collect each root, write the document. */
static int
run (struct inspector *in)
{
  CLEANUP_FREE_STRING_LIST char **roots = NULL;
  struct insp_os *oses;
  size_t n = 0;
  int r = 0;

  if (options_add_drives (&in->o) == -1 || guestfs_launch (in->o.g) == -1)
    return -1;
  roots = guestfs_inspect_os (in->o.g);
  if (roots == NULL)
    return -1;
  while (roots[n] != NULL)
    n++;
  oses = calloc (n + 1, sizeof *oses);
  if (oses == NULL)
    return -1;
  for (size_t i = 0; i < n && r == 0; ++i)
    r = insp_collect (in, roots[i], &oses[i]);
  if (r == 0)
    r = in->json ? insp_write_json (oses, n) : insp_write_xml (oses, n);
  for (size_t i = 0; i < n; ++i)
    insp_os_free (&oses[i]);
  free (oses);
  return r;
}

int
main (int argc, char *argv[])
{
  struct inspector in = { .apps = true, .icon = true };
  int r;

  if (options_init (&in.o, "virt-inspector") == -1)
    exit (EXIT_FAILURE);
  in.o.read_only = true;
  r = parse_options (&in, argc, argv);
  if (r == -1 && in.xpath)
    r = insp_xpath (in.xpath) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
  else if (r == -1)
    r = options_finish (&in.o, run (&in));
  options_free (&in.o);
  exit (r);
}
