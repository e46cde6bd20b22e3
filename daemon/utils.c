/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the string helpers of the daemon: growable
 * NULL-terminated string lists (C<struct stringsbuf>), sorting, and
 * splitting program output into lines.
 *
 * The list functions reply with an error themselves when memory runs
 * out, so a command that gets -1 (or NULL) from them just returns.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"

/**
 * Append C<str> to the list, taking ownership of it (NULL ends the
 * list).  On failure C<str> is freed, the error is replied and -1
 * returned.
 */
int
add_string_nodup (struct stringsbuf *sb, char *str)
{
  char **p;
  size_t n;

  if (sb->size >= sb->alloc) {
    n = sb->alloc == 0 ? 16 : sb->alloc * 2;
    p = reallocarray (sb->argv, n, sizeof (char *));
    if (p == NULL) {
      reply_with_perror ("realloc");
      free (str);
      return -1;
    }
    sb->argv = p;
    sb->alloc = n;
  }
  sb->argv[sb->size++] = str;
  return 0;
}

/**
 * Append a copy of C<str> (NULL ends the list).  Returns 0, or -1
 * after replying with the error.
 */
int
add_string (struct stringsbuf *sb, const char *str)
{
  char *copy = NULL;

  if (str != NULL) {
    copy = strdup (str);
    if (copy == NULL) {
      reply_with_perror ("strdup");
      return -1;
    }
  }
  return add_string_nodup (sb, copy);
}

/**
 * Terminate the list with NULL.  Returns 0, or -1 after replying.
 */
int
end_stringsbuf (struct stringsbuf *sb)
{
  return add_string_nodup (sb, NULL);
}

/**
 * Free the list and its strings, and reset it to empty.
 */
void
free_stringsbuf (struct stringsbuf *sb)
{
  size_t i;

  if (sb->argv != NULL) {
    for (i = 0; i < sb->size; i++)
      free (sb->argv[i]);
    free (sb->argv);
  }
  sb->argv = NULL;
  sb->size = sb->alloc = 0;
}

/**
 * Give the caller the list (call C<end_stringsbuf> first); the
 * buffer is left empty.
 */
char **
take_stringsbuf (struct stringsbuf *sb)
{
  char **ret = sb->argv;

  sb->argv = NULL;
  sb->size = sb->alloc = 0;
  return ret;
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/**
 * Sort the first C<len> strings of C<argv> in C<strcmp> order.
 */
void
sort_strings (char **argv, size_t len)
{
  if (len > 1)
    qsort (argv, len, sizeof (char *), compare_strings);
}

/**
 * Split C<str> into a NULL-terminated list of lines (copies; C<str>
 * is not changed).  A final newline does not make an empty last
 * line, and C<""> gives an empty list.  Returns NULL after replying
 * with the error.
 */
char **
split_lines (char *str)
{
  DECLARE_STRINGSBUF (lines);
  const char *p = str;
  const char *nl;
  char *line;

  while (p != NULL && *p != '\0') {
    nl = strchr (p, '\n');
    line = nl ? strndup (p, nl - p) : strdup (p);
    if (line == NULL) {
      reply_with_perror ("strdup");
      free_stringsbuf (&lines);
      return NULL;
    }
    if (add_string_nodup (&lines, line) == -1) {
      free_stringsbuf (&lines);
      return NULL;
    }
    p = nl ? nl + 1 : NULL;
  }
  if (end_stringsbuf (&lines) == -1) {
    free_stringsbuf (&lines);
    return NULL;
  }
  return take_stringsbuf (&lines);
}

/**
 * Remove trailing newlines (and carriage returns) in place.
 */
void
trim_newline (char *str)
{
  size_t len;

  if (str == NULL)
    return;
  len = strlen (str);
  while (len > 0 && (str[len - 1] == '\n' || str[len - 1] == '\r'))
    str[--len] = '\0';
}

/**
 * Read from C<fd> until C<buf> (C<size> bytes) is full or the end of
 * the input, retrying interrupted and short reads.  Returns the bytes
 * read, or -1 with errno set.
 */
ssize_t
read_full (int fd, char *buf, size_t size)
{
  size_t len = 0;
  ssize_t r;

  while (len < size) {
    r = read (fd, buf + len, size - len);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    if (r == 0)
      break;
    len += r;
  }
  return len;
}
