/* guestkit — virt-log: print the systemd journal of a guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-log's journal output: every entry of the
 * journal in the guest's F</var/log/journal>, one line each, much as
 * C<journalctl -o short> prints them but without the host name:
 *
 *  Nov 14 22:13:21 sshd[42]: Accepted publickey
 *
 * The time is the entry's wall-clock time in the local time zone
 * (C<TZ>); the name is C<SYSLOG_IDENTIFIER>, else C<_COMM>; C<[PID]>
 * comes from C<_PID>.  The values come from the guest: control
 * characters other than tab and newline are written as C<\xHH>, so a
 * journal cannot send escape sequences to the terminal.  On a
 * terminal, entries of priority error and worse are printed in bold.
 */

#include <config.h>

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guestfs.h"
#include "log.h"

/* The journal directory in the guest. */
#define JOURNAL_DIR "/var/log/journal"
/* Priority of errors (syslog's LOG_ERR). */
#define PRIORITY_ERR 3

/* The value of the first field NAME of ENTRY, or NULL. */
static const struct guestfs_xattr *
field (const struct guestfs_xattr_list *entry, const char *name)
{
  for (uint32_t i = 0; i < entry->len; i++)
    if (strcmp (entry->val[i].attrname, name) == 0)
      return &entry->val[i];
  return NULL;
}

/* Write the guest value V, control characters escaped. */
static void
put_value (const struct guestfs_xattr *v)
{
  for (uint32_t i = 0; i < v->attrval_len; i++) {
    unsigned char c = v->attrval[i];

    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
      printf ("\\x%02x", c);
    else
      putchar (c);
  }
}

/* True if the entry's PRIORITY is error or worse. */
static bool
is_error (const struct guestfs_xattr_list *entry)
{
  const struct guestfs_xattr *p = field (entry, "PRIORITY");

  return p != NULL && p->attrval_len == 1 &&
    p->attrval[0] >= '0' && p->attrval[0] <= '0' + PRIORITY_ERR;
}

/* Print the time USEC (microseconds since the epoch).  0, or -1 with
 * a message on stderr. */
static int
put_time (const char *prog, int64_t usec)
{
  time_t t = (time_t) (usec / 1000000);
  struct tm tm;
  char buf[64];

  if (localtime_r (&t, &tm) == NULL ||
      strftime (buf, sizeof buf, "%b %d %H:%M:%S", &tm) == 0) {
    fprintf (stderr, "%s: journal entry with a bad timestamp (%" PRIi64
             ")\n", prog, usec);
    return -1;
  }
  fputs (buf, stdout);
  return 0;
}

/* Print the current entry of the journal of G.  0, or -1. */
static int
put_entry (guestfs_h *g, const char *prog, bool tty)
{
  struct guestfs_xattr_list *entry = guestfs_journal_get (g);
  const struct guestfs_xattr *name, *pid, *msg;
  int64_t usec = guestfs_journal_get_realtime_usec (g);
  bool bold;

  if (entry == NULL || usec == -1 || put_time (prog, usec) == -1) {
    guestfs_free_xattr_list (entry);
    return -1;
  }
  name = field (entry, "SYSLOG_IDENTIFIER");
  if (name == NULL)
    name = field (entry, "_COMM");
  pid = field (entry, "_PID");
  msg = field (entry, "MESSAGE");
  bold = tty && is_error (entry);
  if (name != NULL) {
    putchar (' ');
    put_value (name);
  }
  if (pid != NULL) {
    putchar ('[');
    put_value (pid);
    putchar (']');
  }
  fputs (bold ? ": \033[1m" : ": ", stdout);
  if (msg != NULL)
    put_value (msg);
  fputs (bold ? "\033[0m\n" : "\n", stdout);
  guestfs_free_xattr_list (entry);
  return 0;
}

/**
 * True if the mounted guest of C<g> has a journal directory.
 */
bool
log_has_journal (guestfs_h *g)
{
  return guestfs_is_dir (g, JOURNAL_DIR) > 0;
}

/**
 * Print every entry of the journal in the mounted guest of C<g> on
 * standard output.  Returns 0, or -1 after an error (reported by the
 * handle, or by C<prog> on stderr).
 */
int
log_journal (guestfs_h *g, const char *prog)
{
  bool tty = isatty (STDOUT_FILENO);
  int r = 0, more = 0;

  if (guestfs_journal_open (g, JOURNAL_DIR) == -1)
    return -1;
  while (r == 0 && (more = guestfs_journal_next (g)) > 0)
    r = put_entry (g, prog, tty);
  if (r == 0 && more == -1)
    r = -1;
  if (guestfs_journal_close (g) == -1)
    r = -1;
  return r;
}
