/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements guestfish's script parser: it splits a line
 * into words (quotes, escapes, C<~> expansion), handles comments,
 * C<-> (ignore errors), C<!cmd>, C<E<lt>!cmd> and C<cmd | pipeline>,
 * runs scripts line by line, and provides the argument parsers the
 * generated commands call (booleans, integers, string lists,
 * FileIn / FileOut names including C<-E<lt>E<lt>MARKER> here-documents).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fish.h"

#define WHITESPACE " \t\r\n\v\f"

/* Where we are, for error messages: script name (NULL: no prefix)
 * and line number; the stream here-documents are read from. */
static const char *cur_name;
static size_t cur_line;
static FILE *cur_input;
static const char *cur_list;    /* the list parse_string_list splits */

/* Temporary files made for the running command: here-documents, and
 * output for "-" when standard output is a regular file (opening
 * /dev/stdout for writing would truncate it), copied there after. */
struct tmp_file {
  char *path;
  bool to_stdout;
};
static struct tmp_file *tmp_files;
static size_t nr_tmp_files;

/* A growing string. */
struct wbuf {
  char *s;
  size_t len, cap;
};

/* A growing NULL-terminated list of strings. */
struct wlist {
  char **v;
  size_t n, cap;
};

static void *
xrealloc (void *p, size_t n)
{
  p = realloc (p, n);
  if (p == NULL) {
    fprintf (stderr, "guestfish: out of memory\n");
    exit (EXIT_FAILURE);
  }
  return p;
}

static void
wbuf_push (struct wbuf *w, char c)
{
  if (w->len + 2 > w->cap) {
    w->cap = w->cap ? w->cap * 2 : 32;
    w->s = xrealloc (w->s, w->cap);
  }
  w->s[w->len++] = c;
  w->s[w->len] = '\0';
}

static void
wbuf_append (struct wbuf *w, const char *s)
{
  while (*s)
    wbuf_push (w, *s++);
}

/* Give away the string (an empty word is "", not NULL). */
static char *
wbuf_take (struct wbuf *w)
{
  char *s = w->s ? w->s : xrealloc (NULL, 1);

  if (w->s == NULL)
    s[0] = '\0';
  w->s = NULL;
  w->len = w->cap = 0;
  return s;
}

static void
wlist_push (struct wlist *l, char *s)
{
  if (l->n + 2 > l->cap) {
    l->cap = l->cap ? l->cap * 2 : 8;
    l->v = xrealloc (l->v, l->cap * sizeof (char *));
  }
  l->v[l->n++] = s;
  l->v[l->n] = NULL;
}

static void
wlist_free (struct wlist *l)
{
  for (size_t i = 0; i < l->n; ++i)
    free (l->v[i]);
  free (l->v);
  l->v = NULL;
  l->n = l->cap = 0;
}

/* Print a one-line syntax error, prefixed by the script position. */
static void __attribute__((format (printf, 1, 2)))
syntax_error (const char *fs, ...)
{
  va_list args;

  if (cur_name)
    fprintf (stderr, "%s:%zu: ", cur_name, cur_line);
  else
    fprintf (stderr, "guestfish: ");
  if (cur_list)
    fprintf (stderr, "list \"%s\": ", cur_list);
  va_start (args, fs);
  vfprintf (stderr, fs, args);
  va_end (args);
  fputc ('\n', stderr);
}

/*-- Splitting lines into words --*/

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The value of a numeric escape (\ooo or \xhh) starting at P, or -1.
 * Sets *USED to the number of characters after the backslash. */
static int
numeric_escape (const char *p, size_t *used)
{
  int v = 0;

  if (*p == 'x') {
    int hi = hex_value (p[1]), lo = hi >= 0 ? hex_value (p[2]) : -1;
    if (lo < 0)
      return -1;
    *used = 3;
    return hi * 16 + lo;
  }
  for (size_t i = 0; i < 3; ++i) {
    if (p[i] < '0' || p[i] > '7')
      return -1;
    v = v * 8 + (p[i] - '0');
  }
  *used = 3;
  return v > 255 ? -1 : v;
}

/* Decode the escape after a backslash at P into W.  Returns the
 * position after it, or NULL after printing an error. */
static const char *
parse_escape (const char *p, struct wbuf *w)
{
  static const char simple[] = "a\ab\bf\fn\nr\rt\tv\v\"\"''\\\\??";
  size_t used = 1;
  int v;

  for (size_t i = 0; simple[i]; i += 2) {
    if (*p == simple[i]) {
      wbuf_push (w, simple[i+1]);
      return p + 1;
    }
  }
  if (*p == 'x' || (*p >= '0' && *p <= '7')) {
    v = numeric_escape (p, &used);
    if (v > 0) {
      wbuf_push (w, (char) v);
      return p + used;
    }
  }
  if (*p == '\0')
    syntax_error ("unterminated double-quoted string");
  else
    syntax_error ("invalid escape sequence '\\%.*s' in double-quoted string",
                  *p == 'x' || (*p >= '0' && *p <= '7') ? 3 : 1, p);
  return NULL;
}

/* Read a double-quoted string whose body starts at P. */
static const char *
read_dquoted (const char *p, struct wbuf *w)
{
  while (*p != '"') {
    if (*p == '\0') {
      syntax_error ("unterminated double-quoted string");
      return NULL;
    }
    if (*p == '\\') {
      p = parse_escape (p + 1, w);
      if (p == NULL)
        return NULL;
    }
    else
      wbuf_push (w, *p++);
  }
  return p + 1;
}

/* Read a single-quoted (literal) string whose body starts at P. */
static const char *
read_squoted (const char *p, struct wbuf *w)
{
  while (*p != '\'') {
    if (*p == '\0') {
      syntax_error ("unterminated single-quoted string");
      return NULL;
    }
    wbuf_push (w, *p++);
  }
  return p + 1;
}

/* Expand "~" or "~user" at P (unquoted, start of a word) into W.
 * An unknown user is left as written. */
static const char *
expand_tilde (const char *p, struct wbuf *w)
{
  size_t n = strcspn (p + 1, "/\"'" WHITESPACE);
  const char *home = NULL;
  struct passwd *pw;

  if (n == 0) {
    home = getenv ("HOME");
    if (home == NULL && (pw = getpwuid (getuid ())) != NULL)
      home = pw->pw_dir;
  }
  else {
    CLEANUP_FREE char *user = strndup (p + 1, n);
    if (user && (pw = getpwnam (user)) != NULL)
      home = pw->pw_dir;
  }
  if (home == NULL)
    return p;
  wbuf_append (w, home);
  return p + 1 + n;
}

/* Read one word starting at P (not whitespace) into W. */
static const char *
read_word (const char *p, bool line_mode, struct wbuf *w)
{
  if (line_mode && *p == '~')
    p = expand_tilde (p, w);
  while (p && *p && strchr (WHITESPACE, *p) == NULL) {
    if (*p == '"')
      p = read_dquoted (p + 1, w);
    else if (*p == '\'')
      p = read_squoted (p + 1, w);
    else
      wbuf_push (w, *p++);
  }
  return p;
}

/* Split STR into words appended to OUT.  In LINE_MODE, an unquoted
 * word starting with '|' begins the host pipeline, returned in
 * *PIPECMD (pointing into STR), and '~' is expanded.  Returns 0, or
 * -1 after printing an error. */
static int
split_words (const char *str, bool line_mode, struct wlist *out,
             const char **pipecmd)
{
  const char *p = str;
  struct wbuf w = { NULL, 0, 0 };

  for (;;) {
    p += strspn (p, WHITESPACE);
    if (*p == '\0')
      return 0;
    if (line_mode && *p == '|') {
      p += 1 + strspn (p + 1, WHITESPACE);
      if (*p == '\0') {
        syntax_error ("missing host command after '|'");
        return -1;
      }
      *pipecmd = p;
      return 0;
    }
    p = read_word (p, line_mode, &w);
    if (p == NULL) {
      free (w.s);
      return -1;
    }
    wlist_push (out, wbuf_take (&w));
  }
}

/*-- Running lines --*/

/**
 * Describe a wait STATUS of the host program CMD that is not a clean
 * exit, as "WHO 'CMD' failed with exit status N" (-1: the errno of
 * system or pclose).  Returns 0 for a clean exit, else -1.
 */
int
fish_report_status (const char *who, const char *cmd, int status)
{
  if (status == -1) {
    fprintf (stderr, "%s '%s': %s\n", who, cmd, strerror (errno));
    return -1;
  }
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return 0;
  if (WIFEXITED (status))
    fprintf (stderr, "%s '%s' failed with exit status %d\n",
             who, cmd, WEXITSTATUS (status));
  else
    fprintf (stderr, "%s '%s' was killed by signal %d\n",
             who, cmd, WIFSIGNALED (status) ? WTERMSIG (status) : 0);
  return -1;
}

/* State saved while a command's output goes into a pipeline. */
struct pipe_state {
  FILE *pp;
  int saved_stdout;
  void (*saved_sigpipe) (int);
};

static int
pipe_start (const char *pipecmd, struct pipe_state *ps)
{
  fflush (stdout);
  ps->pp = popen (pipecmd, "w");
  if (ps->pp == NULL) {
    fprintf (stderr, "guestfish: pipe command '%s': %s\n",
             pipecmd, strerror (errno));
    return -1;
  }
  ps->saved_stdout = fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (ps->saved_stdout == -1 ||
      dup2 (fileno (ps->pp), STDOUT_FILENO) == -1) {
    fprintf (stderr, "guestfish: redirecting output to '%s': %s\n",
             pipecmd, strerror (errno));
    if (ps->saved_stdout >= 0)
      close (ps->saved_stdout);
    pclose (ps->pp);
    return -1;
  }
  /* A pipeline that stops reading early (head, grep -q) is fine. */
  ps->saved_sigpipe = signal (SIGPIPE, SIG_IGN);
  return 0;
}

/* End the pipeline.  Like libguestfs, the pipeline's failure (its
 * exit status, or its not reading everything) only fails the command
 * with --pipe-error. */
static int
pipe_finish (const char *pipecmd, struct pipe_state *ps)
{
  bool write_failed = fflush (stdout) == EOF || ferror (stdout);
  int status;

  dup2 (ps->saved_stdout, STDOUT_FILENO);
  close (ps->saved_stdout);
  clearerr (stdout);
  signal (SIGPIPE, ps->saved_sigpipe);
  status = pclose (ps->pp);
  if (status == -1 || !fish_pipe_error)
    return status == -1 ? fish_report_status ("guestfish: pipe command", pipecmd, -1) : 0;
  if (write_failed) {
    fprintf (stderr, "guestfish: pipe command '%s' did not read all "
             "the output\n", pipecmd);
    return -1;
  }
  return fish_report_status ("guestfish: pipe command", pipecmd, status);
}

/* Create a temporary file for the running command; returns its
 * name (owned by the list) and sets *FD, or NULL after an error. */
static const char *
make_tmp_file (int *fd, bool to_stdout)
{
  const char *tmpdir = getenv ("TMPDIR");
  char *path;

  if (asprintf (&path, "%s/guestfishXXXXXX", tmpdir ? tmpdir : "/tmp") == -1)
    return NULL;
  *fd = mkostemp (path, O_CLOEXEC);
  if (*fd == -1) {
    fprintf (stderr, "guestfish: %s: %s\n", path, strerror (errno));
    free (path);
    return NULL;
  }
  tmp_files = xrealloc (tmp_files, (nr_tmp_files + 1) * sizeof *tmp_files);
  tmp_files[nr_tmp_files++] = (struct tmp_file) { path, to_stdout };
  return path;
}

/* Append the file PATH to standard output. */
static int
copy_to_stdout (const char *path)
{
  CLEANUP_CLOSE int fd = open (path, O_RDONLY|O_CLOEXEC);
  char buf[65536];
  ssize_t n;

  fflush (stdout);
  while (fd >= 0 && (n = read (fd, buf, sizeof buf)) > 0) {
    if (write (STDOUT_FILENO, buf, n) != n)
      break;
    n = 0;
  }
  if (fd == -1 || n != 0) {
    fprintf (stderr, "guestfish: copying output to stdout: %s\n",
             strerror (errno));
    return -1;
  }
  return 0;
}

/* After a command: copy captured output to stdout, delete the
 * temporary files.  Returns 0, or -1 if copying failed. */
static int
finish_tmp_files (void)
{
  int r = 0;

  for (size_t i = 0; i < nr_tmp_files; ++i) {
    if (tmp_files[i].to_stdout && copy_to_stdout (tmp_files[i].path) == -1)
      r = -1;
    unlink (tmp_files[i].path);
    free (tmp_files[i].path);
  }
  free (tmp_files);
  tmp_files = NULL;
  nr_tmp_files = 0;
  return r;
}

/**
 * Run command C<cmd> (API or shell command, by name or alias) with
 * its C<argc> arguments.  If C<pipecmd> is not NULL, the command's
 * standard output goes to C</bin/sh -c pipecmd>; with C<--pipe-error>,
 * the pipeline failing makes the command fail.  With C<--remote>, the
 * listener runs it (F<remote.c>).  Returns 0, or -1 after an error was
 * printed.
 */
int
fish_issue_command (const char *cmd, size_t argc, char *argv[],
                    const char *pipecmd)
{
  const struct command_entry *entry = find_command (cmd);
  struct pipe_state ps;
  int r;

  if (fish_echo_commands)
    fish_echo_command (cmd, argc, argv);
  if (entry == NULL) {
    fprintf (stderr, "%s: unknown command\n", cmd);
    return -1;
  }
  if (pipecmd && pipe_start (pipecmd, &ps) == -1)
    return -1;
  r = remote_pid ? remote_issue_command (cmd, argc, argv)
                 : entry->run (cmd, argc, argv);
  fflush (stdout);
  if (finish_tmp_files () == -1)
    r = -1;
  if (pipecmd && pipe_finish (pipecmd, &ps) == -1)
    r = -1;
  return r;
}

/* "!cmd": run a host shell command. */
static int
run_host_command (const char *cmd)
{
  fflush (stdout);
  return fish_report_status ("guestfish: host command", cmd, system (cmd));
}

/* "<!cmd": run a host command and execute its output as a script. */
static int
run_inline_script (const char *cmd)
{
  FILE *fp;
  int r, status;

  fflush (stdout);
  fp = popen (cmd, "r");
  if (fp == NULL) {
    fprintf (stderr, "guestfish: host command '%s': %s\n",
             cmd, strerror (errno));
    return -1;
  }
  r = fish_run_script (fp, NULL);
  status = pclose (fp);
  if (r == 0)
    r = fish_report_status ("guestfish: host command", cmd, status);
  return r;
}

/* An ordinary command line: words, then maybe "| pipeline". */
static int
run_words (const char *line)
{
  struct wlist words = { NULL, 0, 0 };
  const char *pipecmd = NULL;
  int r = -1;

  if (split_words (line, true, &words, &pipecmd) == -1)
    goto out;
  if (words.n == 0) {
    if (pipecmd)
      syntax_error ("missing guestfish command before '|'");
    r = pipecmd ? -1 : 0;
    goto out;
  }
  r = fish_issue_command (words.v[0], words.n - 1, words.v + 1, pipecmd);
 out:
  wlist_free (&words);
  return r;
}

/**
 * Parse and run one script line.  Blank lines and comments (C<#> as
 * the first non-blank character) do nothing.  A leading C<-> makes
 * the line's failure non-fatal: the error is still printed, but the
 * result is 0.  Returns 0 or -1.
 */
int
fish_run_line (const char *line)
{
  const char *p = line + strspn (line, WHITESPACE);
  bool ignore_errors = false, exit_on_error = fish_exit_on_error;
  int r;

  if (*p == '#' || *p == '\0')
    return 0;
  if (*p == '-') {
    ignore_errors = true;
    fish_exit_on_error = false;
    p++;
    p += strspn (p, WHITESPACE);
  }
  if (*p == '!')
    r = run_host_command (p + 1);
  else if (p[0] == '<' && p[1] == '!')
    r = run_inline_script (p + 2);
  else
    r = run_words (p);
  fflush (stdout);
  fish_exit_on_error = exit_on_error;
  return ignore_errors ? 0 : r;
}

/**
 * Run the script read from C<fp> (named C<name> in error messages, or
 * NULL for none) until its end, the first failing command, or
 * C<quit>.  Returns 0 or -1.
 */
int
fish_run_script (FILE *fp, const char *name)
{
  const char *saved_name = cur_name;
  size_t saved_line = cur_line;
  FILE *saved_input = cur_input;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int r = 0;

  cur_name = name;
  cur_line = 0;
  cur_input = fp;
  while (r == 0 && !fish_quit && (len = getline (&line, &cap, fp)) != -1) {
    cur_line++;
    if (len > 0 && line[len-1] == '\n')
      line[len-1] = '\0';
    r = fish_run_line (line);
  }
  if (r == 0 && ferror (fp)) {
    fprintf (stderr, "guestfish: %s: read error\n", name ? name : "stdin");
    r = -1;
  }
  free (line);
  cur_name = saved_name;
  cur_line = saved_line;
  cur_input = saved_input;
  return r;
}

/*-- Argument parsers the generated commands call --*/

/**
 * Parse a boolean argument: true/false, yes/no, on/off, 1/0 (also
 * t/f, y/n), in any case.  Returns 1, 0, or -1 after an error.
 */
int
parse_bool (const char *cmd, const char *name, const char *str)
{
  static const char *const yes[] = { "true", "t", "yes", "y", "on", "1" };
  static const char *const no[] = { "false", "f", "no", "n", "off", "0" };

  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; ++i) {
    if (strcasecmp (str, yes[i]) == 0)
      return 1;
    if (strcasecmp (str, no[i]) == 0)
      return 0;
  }
  fprintf (stderr, "%s: %s: expecting true or false, not '%s'\n",
           cmd, name, str);
  return -1;
}

/* Scale *V by a size suffix S ("k", "M", "GiB", "MB", ...).
 * Returns 0, -1 if the suffix is invalid, -2 on overflow. */
static int
apply_size_suffix (long long *v, const char *s)
{
  static const char units[] = "KMGTPEZY";
  const char *u = strchr (units, *s == 'k' ? 'K' : *s);
  long long base = 1024;

  if (*s == '\0' || u == NULL)
    return -1;
  if (strcmp (s + 1, "B") == 0)
    base = 1000;
  else if (s[1] != '\0' && strcmp (s + 1, "iB") != 0)
    return -1;
  for (ptrdiff_t i = 0; i <= u - units; ++i) {
    if (__builtin_mul_overflow (*v, base, v))
      return -2;
  }
  return 0;
}

/* Parse an integer (C radix prefixes, optional size suffix) within
 * [MIN, MAX].  Returns 0, or -1 after printing an error. */
static int
parse_number (const char *cmd, const char *name, const char *str,
              long long min, long long max, long long *r)
{
  char *end;
  int s = 0;

  errno = 0;
  *r = strtoll (str, &end, 0);
  if (end != str && *end != '\0' && errno == 0)
    s = apply_size_suffix (r, end);
  if (end == str || s == -1) {
    fprintf (stderr, "%s: %s: '%s' is not a valid number\n", cmd, name, str);
    return -1;
  }
  if (errno == ERANGE || s == -2 || *r < min || *r > max) {
    fprintf (stderr, "%s: %s: '%s' is out of range\n", cmd, name, str);
    return -1;
  }
  return 0;
}

/**
 * Parse an C<int> argument (decimal, C<0x> hex or C<0> octal, with an
 * optional size suffix such as C<1M>).  Returns 0, or -1 after
 * printing an error naming C<cmd> and C<name>.
 */
int
parse_int (const char *cmd, const char *name, const char *str, int *r)
{
  long long v;

  if (parse_number (cmd, name, str, INT_MIN, INT_MAX, &v) == -1)
    return -1;
  *r = (int) v;
  return 0;
}

/**
 * Parse an C<int64_t> argument; see L</parse_int>.
 */
int
parse_int64 (const char *cmd, const char *name, const char *str,
             int64_t *r)
{
  long long v;

  if (parse_number (cmd, name, str, INT64_MIN, INT64_MAX, &v) == -1)
    return -1;
  *r = v;
  return 0;
}

/**
 * Split a list argument into a NULL-terminated list, with the same
 * quoting rules as command lines (C<"a b" 'c d' e>).  Returns NULL
 * after printing an error.
 */
char **
parse_string_list (const char *str)
{
  struct wlist words = { NULL, 0, 0 };
  const char *unused = NULL;
  int r;

  cur_list = str;
  r = split_words (str, false, &words, &unused);
  cur_list = NULL;
  if (r == -1) {
    wlist_free (&words);
    return NULL;
  }
  if (words.v == NULL) {
    words.v = xrealloc (NULL, sizeof (char *));
    words.v[0] = NULL;
  }
  return words.v;
}

/* Copy lines from the script input into FD up to the line MARKER. */
static int
copy_heredoc (int fd, const char *marker)
{
  FILE *in = cur_input ? cur_input : stdin;
  CLEANUP_FREE char *line = NULL;
  size_t cap = 0;
  ssize_t len;

  while ((len = getline (&line, &cap, in)) != -1) {
    cur_line++;
    if (len > 0 && line[len-1] == '\n')
      line[--len] = '\0';
    if (strcmp (line, marker) == 0)
      return 0;
    line[len++] = '\n';
    if (write (fd, line, len) != len) {
      fprintf (stderr, "guestfish: here-document: %s\n", strerror (errno));
      return -1;
    }
  }
  syntax_error ("here-document ended before its marker '%s'", marker);
  return -1;
}

/* "-<<MARKER": save the following input lines in a temporary file
 * (deleted after the command) and return its name. */
static char *
file_in_heredoc (const char *marker)
{
  const char *path;
  int fd, r;

  if (*marker == '\0') {
    syntax_error ("missing here-document marker after '-<<'");
    return NULL;
  }
  path = make_tmp_file (&fd, false);
  if (path == NULL)
    return NULL;
  r = copy_heredoc (fd, marker);
  close (fd);
  return r == 0 ? strdup (path) : NULL;
}

/**
 * Map a FileIn argument to a host path: C<-> is standard input,
 * C<-E<lt>E<lt>MARKER> the script lines up to C<MARKER> (a
 * here-document), anything else the path as is.  Returns a malloc'd
 * path, or NULL after an error.
 */
char *
file_in (const char *arg)
{
  if (strcmp (arg, "-") == 0)
    return strdup ("/dev/stdin");
  if (strncmp (arg, "-<<", 3) == 0)
    return file_in_heredoc (arg + 3);
  return strdup (arg);
}

/**
 * Map a FileOut argument to a host path: C<-> is standard output (the
 * current one, so it follows C<| pipeline>; when that is a regular
 * file, a temporary file that is appended to it after the command).
 * Returns a malloc'd path, or NULL after an error.
 */
char *
file_out (const char *arg)
{
  struct stat st;
  const char *path;
  int fd;

  if (strcmp (arg, "-") != 0)
    return strdup (arg);
  if (fstat (STDOUT_FILENO, &st) == -1 || !S_ISREG (st.st_mode))
    return strdup ("/dev/stdout");
  path = make_tmp_file (&fd, true);
  if (path == NULL)
    return NULL;
  close (fd);
  return strdup (path);
}
