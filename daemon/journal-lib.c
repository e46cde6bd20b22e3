/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements loading libsystemd's sd-journal on first use
 * instead of at exec.  Linked in, libsystemd and the five libraries
 * it needs are mapped and relocated before guestfsd's main on every
 * launch, about 20 ms of the appliance's start under TCG, for calls
 * that few sessions make.  Only C<journal_open> and the "journal"
 * feature test load it: every other journal call needs an open
 * journal first.  The library comes from the appliance's read-only
 * root, by its fixed soname.
 */

#include <config.h>

#ifdef HAVE_SD_JOURNAL

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>

#include "daemon.h"
#include "journal.h"

#define LIBSYSTEMD "libsystemd.so.0"

struct journal_lib journal_lib;

static bool loaded;
static char why[256];

/* Point *FN at sd_journal_NAME in H: true if found. */
static bool
sym (void *h, const char *name, void **fn)
{
  char full[64];

  snprintf (full, sizeof full, "sd_journal_%s", name);
  *fn = dlsym (h, full);
  if (*fn == NULL)
    snprintf (why, sizeof why, "%s: %s missing", LIBSYSTEMD, full);
  return *fn != NULL;
}

/**
 * Load libsystemd and fill C<journal_lib> (once).  Returns 0, or -1
 * with the reason in C<journal_lib_error ()>.
 */
int
journal_lib_load (void)
{
  struct journal_lib *l = &journal_lib;
  void *h;

  if (loaded)
    return 0;
  h = dlopen (LIBSYSTEMD, RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) {
    snprintf (why, sizeof why, "%s", dlerror ());
    return -1;
  }
  if (!sym (h, "open_files_fd", (void **) &l->open_files_fd) ||
      !sym (h, "close", (void **) &l->close) ||
      !sym (h, "next", (void **) &l->next) ||
      !sym (h, "next_skip", (void **) &l->next_skip) ||
      !sym (h, "previous_skip", (void **) &l->previous_skip) ||
      !sym (h, "get_realtime_usec", (void **) &l->get_realtime_usec) ||
      !sym (h, "set_data_threshold", (void **) &l->set_data_threshold) ||
      !sym (h, "restart_data", (void **) &l->restart_data) ||
      !sym (h, "enumerate_available_data",
            (void **) &l->enumerate_available_data)) {
    dlclose (h);
    return -1;
  }
  loaded = true;
  return 0;
}

/* Why the last journal_lib_load failed. */
const char *
journal_lib_error (void)
{
  return why;
}

#endif /* HAVE_SD_JOURNAL */
