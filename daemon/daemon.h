/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares the daemon's internal interface: replying,
 * file streams, running helper programs, guest paths and devices.
 *
 * Command implementations are C<do_E<lt>nameE<gt>> functions whose
 * prototypes come only from the generated F<actions.h>.  On failure a
 * command calls C<reply_with_error> or C<reply_with_perror> exactly
 * once and returns -1 (or NULL); messages carry no command-name prefix.
 */

#ifndef GUESTFSD_DAEMON_H
#define GUESTFSD_DAEMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cleanups.h"
#include "guestfs_protocol.h"   /* generated: guestfs_int_* structs */

/* Where guest filesystems are mounted inside the appliance. */
#define SYSROOT "/sysroot"

/* Hard limits on what a command may build up in memory. */
#define DAEMON_MAX_PATH 4096

extern int verbose;

/* Optional arguments present in the current call (set by dispatch). */
extern uint64_t optargs_bitmask;

/* Name of the appliance's own root disk, e.g. "vdb" (never shown). */
extern char *appliance_root_dev;

/*-- proto.c: replies, progress, file streams --*/

/* Send an error reply for the current call.  If a FileOut stream has
 * already started, the message travels in a cancel chunk instead.
 * Call exactly once per failed command. */
void reply_with_error (const char *fs, ...)
  __attribute__((format (printf, 1, 2)));
/* As above, with an explicit errno (sent as its name). */
void reply_with_error_errno (int err, const char *fs, ...)
  __attribute__((format (printf, 2, 3)));
/* As above, appending ": strerror(errno)" and sending errno. */
void reply_with_perror (const char *fs, ...)
  __attribute__((format (printf, 1, 2)));

/* Report progress of a long operation (rate-limited internally). */
void notify_progress (uint64_t position, uint64_t total);

/* FileIn: call CB for each chunk of the upload.  Returns 0 at the end
 * of the stream, -1 on error (CB failed: the rest is drained and the
 * command must reply with an error), -2 if the library cancelled (the
 * command must reply with an error too).  CB returns 0 or -1. */
typedef int (*receive_cb) (void *opaque, const void *buf, size_t len);
int receive_file (receive_cb cb, void *opaque);

/* FileIn: discard the whole upload (a command that fails before
 * reading it must call this before replying with an error). */
int cancel_receive (void);

/* FileOut: send the OK reply; after this the command streams with
 * send_file_write and finishes with send_file_end(0).  Errors after
 * send_file_start still go through reply_with_error (it becomes a
 * cancel chunk).  send_file_write returns 0, -1 on I/O error, -2 if
 * the library cancelled.  The command returns 0 after send_file_end,
 * -1 after reply_with_error. */
int send_file_start (void);
int send_file_write (const void *buf, size_t len);
int send_file_end (int cancel);
/* Send up to MAX bytes of FD as one chunk, moved through the pipe
 * PIPEFD by splice(2) instead of copied through user space.  Returns
 * the bytes sent, 0 at the end of FD, -1 with errno set if FD could
 * not be read (EINVAL: FD cannot splice; nothing was sent), -2 if the
 * library cancelled. */
ssize_t send_file_splice (int fd, const int pipefd[2], size_t max);

/* Used by the generated dispatch only: send the OK reply with the
 * encoded return value (ENC may be NULL for none). */
struct wbuf;
typedef int (*reply_encode_fn) (struct wbuf *, const void *);
void reply (reply_encode_fn enc, const void *ret);

/* Serve calls on the channel FD until the library closes it (sends
 * the READY message first).  Returns 0 at EOF, -1 on error. */
int serve_channel (int fd);

/*-- command.c: running helper programs --*/

/* Run a program with a NULL-terminated list of arguments (argv[0] is
 * looked up in PATH).  Captures stdout/stderr into malloc'd strings
 * (either pointer may be NULL to discard).  Returns 0 if it exited
 * with status 0, -1 otherwise (*stderror then explains). */
int command (char **stdoutput, char **stderror, const char *name, ...)
  __attribute__((sentinel));
int commandv (char **stdoutput, char **stderror, const char *const *argv);
/* Like commandv, but returns the exit status (or -1 if it could not
 * run or was killed), so callers can accept non-zero codes. */
int commandrv (char **stdoutput, char **stderror, const char *const *argv);
/* Like commandv, feeding STDIN_DATA (may be NULL) to its stdin. */
int commandv_stdin (char **stdoutput, char **stderror,
                    const char *stdin_data, size_t stdin_len,
                    const char *const *argv);
/* Run ARGV with stdin from FD_IN and stdout to FD_OUT (either -1 =
 * /dev/null), in the directory CWD_FD (fchdir; -1 = unchanged), so
 * that tar and friends work on an fd resolved inside the guest root;
 * stderr is captured into *stderror (may be NULL).  Returns the exit
 * status, or -1 if it could not run or was killed. */
int command_fds (int fd_in, int fd_out, int cwd_fd, char **stderror,
                 const char *const *argv);

/*-- utils.c: strings and lists --*/

/* A growable NULL-terminated string list. */
struct stringsbuf {
  char **argv;
  size_t size;
  size_t alloc;
};
#define DECLARE_STRINGSBUF(v) struct stringsbuf (v) = { NULL, 0, 0 }

/* Append a copy of STR (NULL terminates the list).  Return 0 or -1
 * after reply_with_perror. */
int add_string (struct stringsbuf *sb, const char *str);
int add_string_nodup (struct stringsbuf *sb, char *str);
int end_stringsbuf (struct stringsbuf *sb);
void free_stringsbuf (struct stringsbuf *sb);
/* Hand the list to the caller (after end_stringsbuf). */
char **take_stringsbuf (struct stringsbuf *sb);
void sort_strings (char **argv, size_t len);
/* Split on newlines, dropping a final empty line; NULL on error. */
char **split_lines (char *str);
/* Remove trailing newlines in place. */
void trim_newline (char *str);
/* Read FD until BUF (SIZE bytes) is full or EOF, retrying short and
 * interrupted reads: the count, or -1 with errno set. */
ssize_t read_full (int fd, char *buf, size_t size);

/*-- paths.c: guest paths, always resolved inside SYSROOT --*/

/* True if something is mounted on SYSROOT (cached). */
bool is_root_mounted (void);
/* Forget the cached SYSROOT fd and mount state: call it before any
 * mount, umount or program run. */
void root_cache_drop (void);
/* Open PATH (absolute, guest view) inside the guest root: ".." and
 * symlinks never leave it (openat2 RESOLVE_IN_ROOT).  Returns an fd
 * or -1 with errno set. */
int open_in_root (const char *path, int flags, mode_t mode);
/* Open the parent directory of PATH inside the guest root and return
 * its fd; *BASENAME_R gets a malloc'd last component (never "." or
 * ".." or empty).  Returns -1 with errno set. */
int open_parent_in_root (const char *path, char **basename_r);
/* "/sysroot" + PATH, malloc'd, for programs that take a host path
 * (only after the path was checked with open_in_root).  NULL on
 * ENOMEM. */
char *sysroot_path (const char *path);

/*-- devices.c: device names --*/

/* Guest-visible names are /dev/sdX[N]; the appliance kernel sees
 * /dev/vdX[N].  Translate a caller's name (sd, hd, vd or a
 * /dev/mapper or /dev/VG/LV path) to the appliance's, checking it
 * exists as a block device and is not the appliance's own disk.
 * Returns malloc'd name, or NULL after reply_with_error. */
char *device_to_internal (const char *device);
/* Translate an appliance name back to the caller's view (vd -> sd);
 * other names are copied.  Returns malloc'd string or NULL. */
char *device_to_external (const char *device);
/* The appliance's name for DEVICE, unchecked, malloc'd (NULL: ENOMEM). */
char *device_map_internal (const char *device);
/* Translate every /dev/vdX name inside a list in place. */
int devices_to_external (char **list);
/* First line of a small sysfs file, without the newline: 0 or -1. */
int read_sys_line (const char *path, char *buf, size_t size);

/* blkid-cache.c: blkid tags kept between calls that change no device.
 * begin_call before serving each call (NAME may be NULL); get returns
 * a malloc'd copy or NULL; TAG is a static string. */
void blkid_cache_begin_call (uint32_t proc, const char *name);
char *blkid_cache_get (const char *device, const char *tag);
void blkid_cache_put (const char *device, const char *tag,
                      const char *value);
/* blkid.c: probe the TYPE of DEVICES together, into the cache. */
void blkid_prefetch_types (char *const *devices);

/*-- devsparts.c --*/

/* Link /dev/disk/guestfs/LABEL[N] for drives added with a label. */
void make_label_links (void);

/*-- checks.c: argument checks used by the generated dispatch --*/

/* PATH must be absolute, at most DAEMON_MAX_PATH bytes, and (if
 * NEED_ROOT) a root filesystem must be mounted.  0, or -1 after
 * reply_with_error. */
int check_path (const char *path, bool need_root);
/* A Dev_or_Path argument: translated device or checked path
 * (malloc'd), NULL after reply_with_error. */
char *device_or_path (const char *arg, bool need_root);
/* device_to_internal over a list; NULL after reply_with_error. */
char **devices_to_internal (char *const *list);

/*-- stat.c --*/

struct stat;
/* Fill a statns struct from a struct stat (zeroing the spares). */
void stat_to_statns (const struct stat *st, guestfs_int_statns *v);

/*-- mount.c --*/

/* Unmount everything under SYSROOT (used by umount_all and at exit). */
int umount_all_sysroot (void);

/*-- mount-ntfs.c --*/

/* True if FSTYPE ("ntfs", "ntfs-3g") is mounted through ntfs-3g. */
bool mount_is_ntfs (const char *fstype);
/* Mount the NTFS DEVICE on the directory FD (guest path MOUNTPOINT)
 * with mount(8) OPTIONS.  0, or -1 after replying. */
int mount_ntfs (const char *device, int fd, const char *options,
                const char *mountpoint);

/*-- area "files" (links.c) --*/

/* The guest path (from "/") of FD, an fd opened inside the guest
 * root: malloc'd, or NULL with errno set. */
char *fd_to_guest_path (int fd);

/*-- area xattr_streams: stream.c, upload.c --*/

/* Run ARGV in CWD_FD (-1: unchanged) with the current call's FileIn
 * upload on stdin and stdout on OUT_FD (-1: /dev/null).  The upload
 * is always consumed.  0, or -1 after replying. */
int stream_command_in (const char *const *argv, int cwd_fd, int out_fd);
/* Run ARGV in CWD_FD with stdin on IN_FD (-1: /dev/null), streaming
 * its stdout as the current call's FileOut.  0, or -1 after replying. */
int stream_command_out (const char *const *argv, int cwd_fd, int in_fd);
/* Open the guest regular file PATH with FLAGS (created with O_CREAT
 * if CREATE and missing).  Returns the fd, or -1 with errno set
 * (*NOTREG_R true when it exists but is not a regular file). */
int open_regular (const char *path, int flags, bool create, bool *notreg_r);

/*-- area "devices" (devices.c, mount.c) --*/

/* True if DEVICE (appliance name) is the appliance's own disk or one
 * of its partitions.  Sends no reply. */
bool is_appliance_device (const char *device);
/* Source name of the stand-in root that mkmountpoint mounts on
 * SYSROOT (mounts and mountpoints leave it out). */
#define MKMOUNTPOINT_ROOT "guestkit-mountpoints"

/*-- area parted (parted.c) --*/

/* 0 if PARTNUM is a plausible partition number (1 and up), else -1
 * after reply_with_error. */
int parted_check_partnum (int partnum);
/* Rewrite /dev/vdX to /dev/sdX in a program's message, in place. */
void parted_external_names (char *msg);

/*-- fsutil.c (area "fs"): helpers of the filesystem calls --*/

char *fs_real_path (const char *path, mode_t type);
char *fs_real_new_path (const char *path);
int fs_run (char **out, const char *what, const char *const *argv);
char *fs_type_of (const char *device);
char *fs_num (char *buf, size_t size, const char *prefix, int64_t v);
/* The argument list of a filesystem tool, with room for the numbers
 * formatted into it; OVERFLOW is set (and the argument dropped) when
 * either runs out.  ARGV stays NULL-terminated. */
struct fs_args {
  const char *argv[96];
  size_t n;
  char num[24][48];
  size_t nnum;
  bool overflow;
};
void fs_args_add (struct fs_args *a, const char *arg);
/* PREFIX V SUFFIX (either may be NULL) kept in A; "" on overflow. */
const char *fs_args_num (struct fs_args *a, const char *prefix, int64_t v,
                         const char *suffix);
/* OPTION then fs_args_num (A, PREFIX, V, SUFFIX). */
void fs_args_add_num (struct fs_args *a, const char *option,
                      const char *prefix, int64_t v, const char *suffix);
int fs_check_nonneg (const char *what, int64_t v);
#define FS_TMPDIR_SIZE 32
int fs_mount_temp (const char *device, const char *type, char *dir);
void fs_umount_temp (const char *dir);

#endif /* GUESTFSD_DAEMON_H */
