/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the liveness checks C<ping_daemon> and
 * C<echo_daemon>, and C<sleep>, and the test-only C<internal_test_crash>.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "actions.h"

/**
 * Do nothing: the reply tells the library that the daemon is alive.
 */
int
do_ping_daemon (void)
{
  return 0;
}

/**
 * Return C<words> joined with single spaces.
 */
char *
do_echo_daemon (char *const *words)
{
  size_t i, len = 0, n;
  char *ret, *p;

  for (i = 0; words[i] != NULL; i++)
    len += strlen (words[i]) + 1;
  ret = malloc (len + 1);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  p = ret;
  for (i = 0; words[i] != NULL; i++) {
    if (i > 0)
      *p++ = ' ';
    n = strlen (words[i]);
    memcpy (p, words[i], n);
    p += n;
  }
  *p = '\0';
  return ret;
}

/**
 * Sleep for C<secs> seconds (0 to 3600).
 */
int
do_sleep (int secs)
{
  if (secs < 0 || secs > 3600) {
    reply_with_error ("%d: seconds must be 0 to 3600", secs);
    return -1;
  }
  sleep (secs);
  return 0;
}

/**
 * The test-only call that crashes the daemon: abort without a reply
 * (tests/test-faults checks the library reports it and can relaunch).
 */
int
do_internal_test_crash (void)
{
  abort ();
}
