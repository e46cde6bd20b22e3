/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the journal calls (C<journal_open> ...
 * C<journal_close>): one systemd journal at a time, read with
 * libsystemd's sd-journal.
 *
 * The directory is opened inside the guest root (C<open_in_root>:
 * neither C<..> nor a guest symlink leads out of it) and its journal
 * files are handed to sd-journal as fds (journal-files.c); with none,
 * the journal is open but empty.  Journal files are guest data:
 * files sd-journal refuses are left out, the data threshold (at
 * most C<FIELD_MAX>) bounds every value, including the decompressed
 * ones, and an entry is bounded in fields and bytes before it is
 * sent back.  Without libsystemd every call fails (the "journal"
 * feature is then not available); libsystemd is loaded by the first
 * C<journal_open> (journal-lib.c).
 */

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_SD_JOURNAL
#include <systemd/sd-journal.h>
#endif

#include "daemon.h"
#include "actions.h"
#include "journal.h"

/* The default data threshold (sd-journal's too). */
#define DEFAULT_THRESHOLD 65536
/* Longest value sent back whatever the threshold. */
#define FIELD_MAX (1024 * 1024)
/* Most bytes (names, values and overhead) and fields in one entry. */
#define ENTRY_MAX (3 * 1024 * 1024)
#define FIELDS_MAX 4096

#ifdef HAVE_SD_JOURNAL

static sd_journal *journal;
static struct journal_files files;
static bool is_open;            /* journal, or open with no files */
static int64_t threshold = DEFAULT_THRESHOLD;

/* The threshold in force: the caller's, but at most FIELD_MAX. */
static size_t
effective_threshold (void)
{
  return threshold == 0 || threshold > FIELD_MAX ?
    FIELD_MAX : (size_t) threshold;
}

/* Give sd-journal the threshold in force. */
static void
set_threshold (void)
{
  if (journal != NULL)
    journal_lib.set_data_threshold (journal, effective_threshold ());
}

/* 0 if a journal is open, else -1 after replying. */
static int
check_open (void)
{
  if (is_open)
    return 0;
  reply_with_error ("no journal is open: call journal_open first");
  return -1;
}

/* Close the journal (sd-journal closes the fds it was given) and
 * the fds not handed over yet. */
static void
close_journal (void)
{
  if (journal != NULL)
    journal_lib.close (journal);
  journal_files_close (&files);
  journal = NULL;
  is_open = false;
}

/* Reply that there is no current entry (-EADDRNOTAVAIL) or with the
 * sd-journal error R (negative). */
static void
reply_sd_error (int r)
{
  if (r == -EADDRNOTAVAIL)
    reply_with_error ("no current entry: call journal_next first");
  else
    reply_with_error_errno (-r, "%s", strerror (-r));
}

/**
 * Open the journal in the guest directory C<directory>, closing the
 * one open before.  Returns 0, or -1 after replying.
 */
int
do_journal_open (const char *directory)
{
  int r;

  if (journal_lib_load () == -1) {
    reply_with_error ("cannot load sd-journal: %s", journal_lib_error ());
    return -1;
  }
  close_journal ();
  if (journal_files_find (&files, directory) == -1) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  if (files.n > 0) {
    r = journal_lib.open_files_fd (&journal, files.fds, files.n, 0);
    if (r < 0) {
      journal = NULL;
      close_journal ();
      reply_with_error_errno (-r, "%s: %s", directory, strerror (-r));
      return -1;
    }
    files.n = 0;                /* sd-journal owns the fds now */
  }
  is_open = true;
  threshold = DEFAULT_THRESHOLD;
  set_threshold ();
  return 0;
}

/**
 * Close the open journal.  Returns 0, or -1 after replying when none
 * is open.
 */
int
do_journal_close (void)
{
  if (check_open () == -1)
    return -1;
  close_journal ();
  return 0;
}

/**
 * Move to the next entry: 1 if there is one, 0 at the end, -1 after
 * replying.
 */
int
do_journal_next (void)
{
  int r;

  if (check_open () == -1)
    return -1;
  if (journal == NULL)
    return 0;                   /* no files */
  r = journal_lib.next (journal);
  if (r < 0) {
    reply_with_error_errno (-r, "%s", strerror (-r));
    return -1;
  }
  return r > 0;
}

/**
 * Skip C<skip> entries forwards (or backwards when negative).
 * Returns how many were skipped, or -1 after replying.
 */
int64_t
do_journal_skip (int64_t skip)
{
  uint64_t n;
  int r;

  if (check_open () == -1)
    return -1;
  if (journal == NULL)
    return 0;                   /* no files */
  if (skip >= 0)
    r = journal_lib.next_skip (journal, (uint64_t) skip);
  else {
    n = skip == INT64_MIN ? (uint64_t) INT64_MAX : (uint64_t) -skip;
    r = journal_lib.previous_skip (journal, n);
  }
  if (r < 0) {
    reply_with_error_errno (-r, "%s", strerror (-r));
    return -1;
  }
  return r;
}

/* Append the "NAME=value" DATA (LEN bytes) to LIST, the value cut to
 * the threshold; *TOTAL counts the bytes.  Data without '=' is
 * skipped.  0, or -1 after replying. */
static int
add_field (guestfs_int_xattr_list *list, const char *data, size_t len,
           size_t *total)
{
  const char *eq = memchr (data, '=', len);
  size_t vlen, max = effective_threshold ();
  guestfs_int_xattr *v;

  if (eq == NULL || eq == data)
    return 0;                   /* corrupt: not a field */
  vlen = len - (eq + 1 - data);
  if (vlen > max)
    vlen = max;
  *total += (eq - data) + vlen + 16;
  if (list->len >= FIELDS_MAX || *total > ENTRY_MAX) {
    reply_with_error_errno (E2BIG, "journal entry too large (over %d "
                            "fields or %d bytes)", FIELDS_MAX, ENTRY_MAX);
    return -1;
  }
  v = realloc (list->val, (list->len + 1) * sizeof *v);
  if (v == NULL) {
    reply_with_perror ("realloc");
    return -1;
  }
  list->val = v;
  v = &list->val[list->len];
  v->attrname = strndup (data, eq - data);
  v->attrval = malloc (vlen + 1);
  if (v->attrname == NULL || v->attrval == NULL) {
    free (v->attrname);
    free (v->attrval);
    reply_with_perror ("malloc");
    return -1;
  }
  memcpy (v->attrval, eq + 1, vlen);
  v->attrval_len = vlen;
  list->len++;
  return 0;
}

/* Fill LIST with the fields of the current entry.  0, or -1 after
 * replying. */
static int
read_fields (guestfs_int_xattr_list *list)
{
  const void *data;
  size_t len, total = 0;
  int r;

  if (journal == NULL) {
    reply_sd_error (-EADDRNOTAVAIL);    /* no files */
    return -1;
  }
  journal_lib.restart_data (journal);
  while ((r = journal_lib.enumerate_available_data (journal, &data,
                                                   &len)) > 0)
    if (add_field (list, data, len, &total) == -1)
      return -1;
  if (r < 0)
    reply_sd_error (r);
  return r < 0 ? -1 : 0;
}

/**
 * The fields of the current entry (names and values), or NULL after
 * replying.  The caller frees the list.
 */
guestfs_int_xattr_list *
do_journal_get (void)
{
  guestfs_int_xattr_list *list;

  if (check_open () == -1)
    return NULL;
  list = calloc (1, sizeof *list);
  if (list == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  if (read_fields (list) == -1) {
    guestfs_free_int_xattr_list (list);
    free (list);
    return NULL;
  }
  return list;
}

/**
 * The data threshold (0: unlimited), or -1 after replying.
 */
int64_t
do_journal_get_data_threshold (void)
{
  if (check_open () == -1)
    return -1;
  return threshold;
}

/**
 * Set the data threshold to C<t> (0: unlimited, still bounded by
 * C<FIELD_MAX>).  Returns 0, or -1 after replying.
 */
int
do_journal_set_data_threshold (int64_t t)
{
  if (check_open () == -1)
    return -1;
  if (t < 0) {
    reply_with_error ("threshold must not be negative");
    return -1;
  }
  threshold = t;
  set_threshold ();
  return 0;
}

/**
 * The wall-clock time of the current entry in microseconds, or -1
 * after replying.
 */
int64_t
do_journal_get_realtime_usec (void)
{
  uint64_t usec;
  int r;

  if (check_open () == -1)
    return -1;
  r = journal ? journal_lib.get_realtime_usec (journal, &usec)
    : -EADDRNOTAVAIL;
  if (r == 0 && usec > INT64_MAX)
    r = -ERANGE;
  if (r < 0) {
    reply_sd_error (r);
    return -1;
  }
  return (int64_t) usec;
}

#else /* !HAVE_SD_JOURNAL */

#define NOT_BUILT(ret)                                          \
  do {                                                          \
    reply_with_error_errno (ENOTSUP, "this daemon was built "   \
                            "without libsystemd (feature \"journal\")"); \
    return ret;                                                 \
  } while (0)

int do_journal_open (const char *d) { (void) d; NOT_BUILT (-1); }
int do_journal_close (void) { NOT_BUILT (-1); }
int do_journal_next (void) { NOT_BUILT (-1); }
int64_t do_journal_skip (int64_t s) { (void) s; NOT_BUILT (-1); }
guestfs_int_xattr_list *do_journal_get (void) { NOT_BUILT (NULL); }
int64_t do_journal_get_data_threshold (void) { NOT_BUILT (-1); }
int do_journal_set_data_threshold (int64_t t) { (void) t; NOT_BUILT (-1); }
int64_t do_journal_get_realtime_usec (void) { NOT_BUILT (-1); }

#endif /* !HAVE_SD_JOURNAL */
