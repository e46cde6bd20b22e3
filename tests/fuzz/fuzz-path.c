/* guestkit — a fuzz target for the daemon's guest path resolution.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements a fuzz target for F<daemon/paths.c>
 * (C<open_in_root>, C<open_parent_in_root> with its C<split_path>,
 * C<sysroot_path>).  The file is compiled in here with C<SYSROOT>
 * naming a relative directory, so the daemon's code runs unchanged
 * against a temporary tree standing in for F</sysroot>, made once
 * per process: files, directories, absolute and relative symlinks
 * pointing out (C<..> chains, the host's own path to a directory
 * outside the root), a symlink loop, a FIFO and, where permitted, a
 * character device.  The fuzzer gives the path and the open flags
 * (read-only opens, C<O_PATH>, C<O_DIRECTORY>, C<O_NOFOLLOW>, and
 * C<O_CREAT|O_EXCL> whose new file is removed again; C<O_NONBLOCK>
 * always, so the FIFO never blocks).
 *
 * What must hold:
 *  - every fd either call returns resolves (F</proc/self/fd/N>) to the
 *    root or below it, never to the directory beside it;
 *  - a path not starting with C</> is refused with EINVAL;
 *  - C<open_parent_in_root> gives a last component that is not empty,
 *    C<.> or C<..> and has no C</>, and parent + component is the path
 *    without its trailing slashes;
 *  - C<sysroot_path> is C<SYSROOT> followed by the path.
 *
 * Run by tests/fuzz/test-fuzz-replay.sh over tests/fuzz/corpus/fuzz-path/
 * and by tests/fuzz/run-fuzzers.sh under libFuzzer.
 */

#include <config.h>

#include "daemon.h"

#undef SYSROOT
#define SYSROOT "fuzz-sysroot"
#include "paths.c"

#include <ftw.h>
#include <limits.h>
#include <sys/sysmacros.h>

#define FUZZ_NAME "fuzz-path"
#include "fuzz-driver.h"

/* Symbols paths.c's header declares that nothing here calls. */
int verbose;
uint64_t optargs_bitmask;
char *appliance_root_dev;

static char tree[32], root_real[PATH_MAX], outside_real[PATH_MAX];
static size_t root_len;
static unsigned long programs, opened, parents, created, refused;

static void
must (int r, const char *what)
{
  if (r == -1) {
    perror (what);
    abort ();
  }
}

static int
remove_one (const char *path, const struct stat *st, int type,
            struct FTW *ftw)
{
  (void) st; (void) type; (void) ftw;
  remove (path);
  return 0;
}

/* At exit: the tree goes (the cwd is left inside; it is gone too). */
static void
remove_tree (void)
{
  nftw (tree, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The tree, in a fresh temporary directory that becomes the cwd. */
static void
make_tree (void)
{
  char link[PATH_MAX + 16];

  strcpy (tree, "/tmp/fuzz-path-XXXXXX");
  if (mkdtemp (tree) == NULL || chdir (tree) == -1)
    abort ();
  atexit (remove_tree);
  must (mkdir ("outside", 0755), "outside");
  must (close (open ("outside/secret", O_CREAT | O_WRONLY, 0600)), "secret");
  must (mkdir (SYSROOT, 0755), SYSROOT);
  must (mkdir (SYSROOT "/etc", 0755), "etc");
  must (close (open (SYSROOT "/etc/passwd", O_CREAT | O_WRONLY, 0644)),
        "passwd");
  must (mkdir (SYSROOT "/dir", 0755), "dir");
  must (mkdir (SYSROOT "/dir/sub", 0755), "sub");
  must (symlink ("/", SYSROOT "/abs"), "abs");
  must (symlink ("/etc", SYSROOT "/dir/etc"), "dir/etc");
  must (symlink ("../../..", SYSROOT "/dir/sub/up"), "up");
  must (symlink ("../outside/secret", SYSROOT "/escape"), "escape");
  must (symlink ("../../../../../../outside", SYSROOT "/dir/deep"), "deep");
  must (symlink ("loop", SYSROOT "/loop"), "loop");
  must (symlink ("/proc/self/root", SYSROOT "/magic"), "magic");
  must (mkfifo (SYSROOT "/fifo", 0600), "fifo");
  if (mknod (SYSROOT "/null", S_IFCHR | 0600, makedev (1, 3)) == -1)
    must (symlink ("/dev/null", SYSROOT "/null"), "null");
  if (realpath (SYSROOT, root_real) == NULL ||
      realpath ("outside", outside_real) == NULL)
    abort ();
  snprintf (link, sizeof link, "%s", outside_real);
  must (symlink (link, SYSROOT "/host"), "host");
  root_len = strlen (root_real);
}

/* Whether FD resolves to the root or below it. */
static bool
inside (int fd, char *where, size_t len)
{
  char proc[64];
  ssize_t n;

  snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  n = readlink (proc, where, len - 1);
  if (n < 0)
    return false;
  where[n] = '\0';
  return strncmp (where, root_real, root_len) == 0 &&
    (where[root_len] == '\0' || where[root_len] == '/');
}

static void
try_open (const char *path, int flags)
{
  char where[PATH_MAX];
  int fd = open_in_root (path, flags | O_NONBLOCK, 0600);

  if (path[0] != '/')
    CHECK (fd == -1 && errno == EINVAL, "relative path %s not refused", path);
  if (fd == -1) {
    refused++;
    return;
  }
  opened++;
  if (!inside (fd, where, sizeof where))
    fuzz_fail ("%s opened %s, outside the root", path, where);
  if (flags & O_CREAT) {
    created++;
    unlink (where);             /* O_EXCL: the file is ours */
  }
  close (fd);
}

static void
try_parent (const char *path)
{
  char where[PATH_MAX];
  char *base = NULL;
  size_t len = strlen (path), blen;
  int fd = open_parent_in_root (path, &base);

  if (fd == -1)
    return;
  parents++;
  blen = strlen (base);
  while (len > 1 && path[len - 1] == '/')
    len--;
  CHECK (blen > 0 && strchr (base, '/') == NULL && strcmp (base, ".") &&
         strcmp (base, ".."), "%s: last component '%s'", path, base);
  CHECK (blen <= len && memcmp (path + len - blen, base, blen) == 0,
         "%s: last component '%s' is not its end", path, base);
  if (!inside (fd, where, sizeof where))
    fuzz_fail ("the parent of %s is %s, outside the root", path, where);
  free (base);
  close (fd);
}

static void
fuzz_one (const uint8_t *data, size_t size)
{
  static const int flags[] = { O_RDONLY, O_PATH, O_RDONLY | O_DIRECTORY,
    O_PATH | O_NOFOLLOW, O_RDONLY | O_NOFOLLOW, O_PATH | O_DIRECTORY,
    O_WRONLY | O_CREAT | O_EXCL, O_RDWR };
  char *path, *sp;
  uint8_t sel;

  if (root_len == 0)
    make_tree ();
  programs++;
  if (size == 0)
    return;
  sel = data[0];
  path = strndup ((const char *) data + 1, size - 1);
  if (path == NULL)
    return;
  try_open (path, flags[sel % 8]);
  if (sel & 0x80)
    try_parent (path);
  sp = sysroot_path (path);
  CHECK (sp && strncmp (sp, SYSROOT, strlen (SYSROOT)) == 0 &&
         strcmp (sp + strlen (SYSROOT), path) == 0,
         "sysroot_path (%s) is %s", path, sp ? sp : "NULL");
  free (sp);
  free (path);
}

static void __attribute__((unused))
fuzz_summary (char *buf, size_t len)
{
  (void) is_root_mounted ();    /* a plain directory: just must not crash */
  snprintf (buf, len, "%lu paths: %lu opened (%lu created), %lu refused, "
            "%lu parents opened", programs, opened, created, refused,
            parents);
}
