/* guestkit — backend settings strings.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the backend settings: a list of strings,
 * C<NAME> or C<NAME=VALUE>, that backends read and ignore when they
 * do not know them (the qemu backend knows C<force_tcg> and
 * C<force_kvm>).  The list starts from the colon-separated
 * C<LIBGUESTFS_BACKEND_SETTINGS>.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs-internal.h"
#include "guestfs-internal-actions.h"

/* Does SETTING name NAME ("NAME" or "NAME=...")? */
static bool
is_setting (const char *setting, const char *name)
{
  size_t n = strlen (name);

  return strncmp (setting, name, n) == 0 &&
    (setting[n] == '\0' || setting[n] == '=');
}

static size_t
count_settings (guestfs_h *g)
{
  size_t n = 0;

  while (g->backend_settings[n])
    n++;
  return n;
}

static void
append_setting (guestfs_h *g, char *setting)
{
  size_t n = count_settings (g);

  g->backend_settings = safe_realloc (g, g->backend_settings,
                                      (n + 2) * sizeof (char *));
  g->backend_settings[n] = setting;
  g->backend_settings[n + 1] = NULL;
}

/**
 * True if the backend setting C<name> is present.
 */
bool
guestfs_int_has_backend_setting (guestfs_h *g, const char *name)
{
  size_t i;

  for (i = 0; g->backend_settings[i]; i++)
    if (is_setting (g->backend_settings[i], name))
      return true;
  return false;
}

int
guestfs_impl_set_backend_settings (guestfs_h *g, char *const *settings)
{
  size_t i;

  for (i = 0; g->backend_settings[i]; i++)
    free (g->backend_settings[i]);
  g->backend_settings[0] = NULL;
  for (i = 0; settings[i]; i++)
    append_setting (g, safe_strdup (g, settings[i]));
  return 0;
}

/**
 * Read C<LIBGUESTFS_BACKEND_SETTINGS> (colon-separated; empty items
 * are skipped) into the handle.
 */
void
guestfs_int_backend_settings_from_env (guestfs_h *g, const char *value)
{
  const char *p = value;
  size_t len;

  while (*p) {
    len = strcspn (p, ":");
    if (len > 0)
      append_setting (g, safe_asprintf (g, "%.*s", (int) len, p));
    p += len + (p[len] == ':');
  }
}

char **
guestfs_impl_get_backend_settings (guestfs_h *g)
{
  size_t n = count_settings (g), i;
  char **ret = safe_calloc (g, n + 1, sizeof (char *));

  for (i = 0; i < n; i++)
    ret[i] = safe_strdup (g, g->backend_settings[i]);
  return ret;
}

int
guestfs_impl_clear_backend_setting (guestfs_h *g, const char *name)
{
  size_t i, j;
  int removed = 0;

  for (i = j = 0; g->backend_settings[i]; i++) {
    if (is_setting (g->backend_settings[i], name)) {
      free (g->backend_settings[i]);
      removed++;
    }
    else
      g->backend_settings[j++] = g->backend_settings[i];
  }
  g->backend_settings[j] = NULL;
  return removed;
}

int
guestfs_impl_set_backend_setting (guestfs_h *g, const char *name,
                                  const char *val)
{
  guestfs_impl_clear_backend_setting (g, name);
  append_setting (g, safe_asprintf (g, "%s=%s", name, val));
  return 0;
}

char *
guestfs_impl_get_backend_setting (guestfs_h *g, const char *name)
{
  size_t i, n = strlen (name);
  const char *s;

  for (i = 0; g->backend_settings[i]; i++) {
    s = g->backend_settings[i];
    if (is_setting (s, name))
      return safe_strdup (g, s[n] == '=' ? s + n + 1 : "1");
  }
  guestfs_int_error_errno (g, ESRCH, "get_backend_setting: %s: no such "
                           "backend setting", name);
  return NULL;
}
