/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the output helpers the generated commands
 * share: printing string lists and hash tables, and the usage error
 * for a command called with the wrong arguments.
 */

#include <config.h>

#include <stdio.h>

#include "fish.h"

/**
 * Print a NULL-terminated string list, one item per line (nothing
 * for an empty or NULL list).
 */
void
print_strings (char *const *argv)
{
  for (size_t i = 0; argv && argv[i]; ++i)
    printf ("%s\n", argv[i]);
}

/**
 * Print a hash returned as a flat list of key, value pairs, one
 * C<key: value> per line.
 */
void
print_table (char *const *argv)
{
  for (size_t i = 0; argv && argv[i] && argv[i+1]; i += 2)
    printf ("%s: %s\n", argv[i], argv[i+1]);
}

/**
 * Print a buffer field (an xattr value, ...) as libguestfs does, so
 * that binary content cannot disturb the terminal: printable ASCII as
 * is, every other byte as C<\xNN>.
 */
void
print_escaped_buffer (const char *buf, size_t len)
{
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = buf[i];
    if (c >= 0x20 && c < 0x7f)
      putchar (c);
    else
      printf ("\\x%02x", c);
  }
}

/**
 * Print a one-line usage error for C<cmd>, showing its synopsis.
 * Always returns -1 so callers can C<return usage_error (cmd);>.
 */
int
usage_error (const char *cmd)
{
  const struct command_entry *entry = find_command (cmd);

  if (entry && entry->synopsis)
    fprintf (stderr, "%s: wrong number of arguments (usage: %s)\n",
             cmd, entry->synopsis);
  else
    fprintf (stderr, "%s: wrong number of arguments\n", cmd);
  return -1;
}
