/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<tar_in>, C<tar_out>, C<tgz_in>, C<tgz_out>,
 * C<txz_in> and C<txz_out> with GNU tar.
 *
 * Creation: tar runs with its working directory set to the
 * directory's fd (resolved inside the guest root) and archives "."
 * without following symlinks, so no host path is ever given to it.
 *
 * Extraction must also not follow a symlink the guest already holds
 * (an absolute one, or one with enough C<..>) out of the guest: GNU
 * tar guards against such links in the archive, not against those on
 * disk.  So tar runs chrooted in a throwaway root, built in a private
 * mount namespace (see C<extract_script>): a tmpfs with the
 * appliance's F</usr> bound read-only (for tar and the decompressors)
 * and the guest tree bound at F</sysroot>.  Whatever a guest symlink
 * points to then lies inside that root: the guest, the read-only
 * programs, or the scratch tmpfs that vanishes with the process.
 *
 * The archive travels through F<stream.c> (C<stream_command_in>,
 * C<stream_command_out>).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "actions.h"

/* The tar option for COMPRESS ("" for none), or NULL if unknown. */
static const char *
compress_option (const char *compress)
{
  static const char *const map[][2] = {
    { "gzip", "--gzip" }, { "bzip2", "--bzip2" }, { "xz", "--xz" },
    { "zstd", "--zstd" }, { "lzop", "--lzop" }, { "lzma", "--lzma" },
    { "compress", "--compress" },
  };
  size_t i;

  if (compress == NULL || compress[0] == '\0')
    return "";
  for (i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcmp (compress, map[i][0]) == 0)
      return map[i][1];
  return NULL;
}

/* Add the options shared by extraction and creation to SB.  Returns
 * 0 or -1 after replying. */
static int
add_common_options (struct stringsbuf *sb, const char *zopt,
                    int xattrs, int selinux, int acls)
{
  if ((zopt[0] != '\0' && add_string (sb, zopt) == -1) ||
      (xattrs && (add_string (sb, "--xattrs") == -1 ||
                  add_string (sb, "--xattrs-include=*") == -1)) ||
      (selinux && add_string (sb, "--selinux") == -1) ||
      (acls && add_string (sb, "--acls") == -1))
    return -1;
  return 0;
}

/* Run by sh in a private mount namespace: $1 is the target directory
 * (as the daemon sees it, under /sysroot), the rest tar's arguments.
 * /tmp (a tmpfs over the appliance's, private to this process)
 * becomes the new root. */
static const char extract_script[] =
  "set -e\n"
  "mount -t tmpfs -o mode=0755 guestkit-tar /tmp\n"
  "for d in bin sbin lib lib64; do\n"
  "  if [ -L /$d ]; then ln -s \"$(readlink /$d)\" /tmp/$d; fi\n"
  "done\n"
  "mkdir /tmp/usr /tmp/sysroot /tmp/tmp\n"
  "mount --rbind -o ro /usr /tmp/usr\n"
  "mount --rbind /sysroot /tmp/sysroot\n"
  "dir=$1; shift\n"
  "exec chroot /tmp sh -c 'cd \"$0\" && exec \"$@\"' \"$dir\" \"$@\"\n";

/* Build the extraction command: the script above running
 * "tar -xf - OPTIONS" in DIR.  Returns 0 or -1 after replying. */
static int
build_extract_args (struct stringsbuf *sb, const char *dir, const char *zopt,
                    int xattrs, int selinux, int acls)
{
  if (add_string (sb, "unshare") == -1 || add_string (sb, "--mount") == -1 ||
      add_string (sb, "--propagation=private") == -1 ||
      add_string (sb, "sh") == -1 || add_string (sb, "-c") == -1 ||
      add_string (sb, extract_script) == -1 || add_string (sb, "sh") == -1 ||
      add_string (sb, dir) == -1 ||
      add_string (sb, "tar") == -1 || add_string (sb, "-xf") == -1 ||
      add_string (sb, "-") == -1 ||
      add_common_options (sb, zopt, xattrs, selinux, acls) == -1 ||
      end_stringsbuf (sb) == -1)
    return -1;
  return 0;
}

/* The path of the directory DFD as the daemon sees it (under
 * /sysroot, every symlink already resolved inside the guest root)
 * into BUF.  Returns 0 or -1 after replying. */
static int
fd_dir_path (int dfd, char *buf, size_t size)
{
  char link[64];
  ssize_t len;

  snprintf (link, sizeof link, "/proc/self/fd/%d", dfd);
  len = readlink (link, buf, size - 1);
  if (len == -1) {
    reply_with_perror ("readlink");
    return -1;
  }
  buf[len] = '\0';
  if ((size_t) len == size - 1 ||
      strncmp (buf, SYSROOT, strlen (SYSROOT)) != 0 ||
      (buf[strlen (SYSROOT)] != '/' && buf[strlen (SYSROOT)] != '\0')) {
    reply_with_error ("%s: directory not inside the guest root", buf);
    return -1;
  }
  return 0;
}

/**
 * Unpack the uploaded tar file into C<directory>, optionally
 * decompressing it (C<compress>) and restoring extended attributes,
 * SELinux contexts and ACLs.
 */
int
do_tar_in (const char *directory, const char *compress, int xattrs,
           int selinux, int acls)
{
  CLEANUP_CLOSE int dfd = -1;
  DECLARE_STRINGSBUF (args);
  const char *zopt = compress_option (compress);
  char dir[DAEMON_MAX_PATH + 64];
  int r, err;

  if (zopt == NULL) {
    cancel_receive ();
    reply_with_error ("unknown compression type: %s", compress);
    return -1;
  }
  dfd = open_in_root (directory, O_RDONLY | O_DIRECTORY, 0);
  if (dfd == -1) {
    err = errno;
    cancel_receive ();
    errno = err;
    reply_with_perror ("%s", directory);
    return -1;
  }
  if (fd_dir_path (dfd, dir, sizeof dir) == -1 ||
      build_extract_args (&args, dir, zopt, xattrs, selinux, acls) == -1) {
    cancel_receive ();
    free_stringsbuf (&args);
    return -1;
  }
  r = stream_command_in ((const char *const *) args.argv, -1, -1);
  free_stringsbuf (&args);
  return r;
}

/**
 * Unpack the uploaded gzip-compressed tarball into C<directory>.
 */
int
do_tgz_in (const char *directory)
{
  return do_tar_in (directory, "gzip", 0, 0, 0);
}

/* Build "tar -cf - OPTIONS ." (members "./", "./a", ...).  Returns 0
 * or -1 after replying. */
static int
build_create_args (struct stringsbuf *sb, const char *zopt, int numericowner,
                   char *const *excludes, int xattrs, int selinux, int acls)
{
  CLEANUP_FREE char *ex = NULL;
  size_t i;

  if (add_string (sb, "tar") == -1 || add_string (sb, "-cf") == -1 ||
      add_string (sb, "-") == -1 ||
      add_common_options (sb, zopt, xattrs, selinux, acls) == -1 ||
      (numericowner && add_string (sb, "--numeric-owner") == -1))
    return -1;
  for (i = 0; excludes != NULL && excludes[i] != NULL; i++) {
    if (asprintf (&ex, "--exclude=%s", excludes[i]) == -1) {
      reply_with_perror ("asprintf");
      return -1;
    }
    if (add_string_nodup (sb, ex) == -1) {
      ex = NULL;
      return -1;
    }
    ex = NULL;
  }
  if (add_string (sb, ".") == -1 || end_stringsbuf (sb) == -1)
    return -1;
  return 0;
}

/**
 * Pack the contents of C<directory> into a tar file sent to the
 * library, optionally compressed, with numeric owners, excluding the
 * C<excludes> patterns, and with extended attributes, SELinux
 * contexts and ACLs.
 */
int
do_tar_out (const char *directory, const char *compress, int numericowner,
            char *const *excludes, int xattrs, int selinux, int acls)
{
  CLEANUP_CLOSE int dfd = -1;
  DECLARE_STRINGSBUF (args);
  const char *zopt = compress_option (compress);
  int r;

  if (zopt == NULL) {
    reply_with_error ("unknown compression type: %s", compress);
    return -1;
  }
  dfd = open_in_root (directory, O_RDONLY | O_DIRECTORY, 0);
  if (dfd == -1) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  if (build_create_args (&args, zopt, numericowner, excludes,
                         xattrs, selinux, acls) == -1) {
    free_stringsbuf (&args);
    return -1;
  }
  r = stream_command_out ((const char *const *) args.argv, dfd, -1);
  free_stringsbuf (&args);
  return r;
}

/**
 * Pack the contents of C<directory> into a gzip-compressed tarball
 * sent to the library.
 */
int
do_tgz_out (const char *directory)
{
  return do_tar_out (directory, "gzip", 0, NULL, 0, 0, 0);
}

/**
 * Unpack the uploaded xz-compressed tarball into C<directory>.
 */
int
do_txz_in (const char *directory)
{
  return do_tar_in (directory, "xz", 0, 0, 0);
}

/**
 * Pack the contents of C<directory> into an xz-compressed tarball
 * sent to the library.
 */
int
do_txz_out (const char *directory)
{
  return do_tar_out (directory, "xz", 0, NULL, 0, 0, 0);
}
