/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares the inspection code shared by F<inspect*.c>:
 * what is learnt about one operating system (a "root"), and the
 * helpers that read a guest filesystem mounted privately.
 */

#ifndef GUESTFSD_INSPECT_H
#define GUESTFSD_INSPECT_H

#include <stdbool.h>
#include <stddef.h>

/* Largest guest file inspection reads (release files, fstab). */
#define INSP_FILE_MAX (64 * 1024)
/* Longest string taken from a guest (product name, hostname ...). */
#define INSP_STRING_MAX 512
/* Most fstab entries, or drive letters, kept per root. */
#define INSP_LIST_MAX 256

/* What inspection learnt about one operating system.  Strings are
 * malloc'd; NULL means "unknown" (or, for the Windows fields, "could
 * not be determined"). */
struct insp_root {
  char *root;                   /* the root filesystem, caller's name */
  char *type, *distro, *product_name, *product_variant;
  char *arch, *hostname, *osinfo, *pkg_format, *pkg_mgmt;
  int major, minor;
  char *systemroot, *control_set, *software_hive, *system_hive;
  char **fstab;                 /* pairs: mountable, mountpoint */
  size_t nr_fstab;
  char **drives;                /* pairs: drive letter, device */
  size_t nr_drives;
};

/* A candidate filesystem while it is mounted read-only on DIR. */
struct insp_fs {
  const char *device;           /* caller's name (/dev/sda1) */
  int rootfd;                   /* O_PATH fd of DIR */
  char dir[32];
};

/*-- inspect.c --*/

/* The root ROOT of the last inspect_os, or NULL after replying. */
const struct insp_root *insp_lookup_root (const char *root);

/*-- inspect-fs.c --*/

/* Mount DEVICE (caller's name; filesystem TYPE) read-only on a private
 * directory.  Returns 0, or -1 (no reply: the filesystem is skipped). */
int insp_mount (struct insp_fs *fs, const char *device, const char *type);
/* Unmount and remove what insp_mount made. */
void insp_umount (struct insp_fs *fs);
/* Open PATH inside the filesystem (symlinks and ".." stay inside). */
int insp_open (const struct insp_fs *fs, const char *path, int flags);
bool insp_is_dir (const struct insp_fs *fs, const char *path);
bool insp_is_file (const struct insp_fs *fs, const char *path);
/* Read the regular file PATH whole if it is at most MAX bytes:
 * malloc'd and NUL-terminated (*LEN_R gets the length), or NULL. */
char *insp_read (const struct insp_fs *fs, const char *path, size_t max,
                 size_t *len_r);
/* First non-empty line of the small file PATH, cleaned, or NULL. */
char *insp_first_line (const struct insp_fs *fs, const char *path);
/* PATH looked up without regard to case, component by component:
 * the path as it is on disk (malloc'd), or NULL if not found. */
char *insp_case_path (const struct insp_fs *fs, const char *path);
/* A copy of at most INSP_STRING_MAX bytes of S with control
 * characters replaced by '?' and surrounding blanks removed; NULL for
 * NULL, empty or on ENOMEM. */
char *insp_clean (const char *s, size_t len);
/* The architecture of the ELF or PE binary PATH (static string), or
 * NULL. */
const char *insp_binary_arch (const struct insp_fs *fs, const char *path);
/* Set *FIELD to a copy of S (kept if S is NULL).  0, or -1 on ENOMEM. */
int insp_set (char **field, const char *s);

/*-- inspect-linux.c --*/

bool insp_is_linux_root (const struct insp_fs *fs);
/* Fill R for the Linux root on FS.  0, or -1 after replying. */
int insp_linux (struct insp_root *r, const struct insp_fs *fs);

/*-- inspect-fstab.c --*/

/* Read FS's /etc/fstab into R->fstab (the root's own entry is added
 * first if fstab lacks one).  0, or -1 after replying. */
int insp_fstab (struct insp_root *r, const struct insp_fs *fs);

/* The device with the blkid tag TAG=VALUE (caller's name, malloc'd),
 * or NULL. */
char *insp_find_tag (const char *tag, const char *value);

/*-- inspect-arch.c --*/

/* The architecture of the binary PATH per libmagic (static), or NULL. */
const char *insp_magic_arch (const struct insp_fs *fs, const char *path);

/*-- inspect-windows.c --*/

/* The systemroot of a Windows root on FS as it is on disk
 * ("/Windows"), malloc'd, or NULL. */
char *insp_windows_systemroot (const struct insp_fs *fs);
/* Fill R for the Windows root on FS (systemroot SYSROOT, taken).
 * 0, or -1 after replying. */
int insp_windows (struct insp_root *r, const struct insp_fs *fs,
                  char *sysroot);

/*-- inspect-drives.c --*/

/* Find the partition that a MountedDevices value (DATA, LEN bytes)
 * names: the caller's device name malloc'd, or NULL. */
char *insp_drive_device (const char *data, size_t len);

/*-- inspect-osinfo.c --*/

/* Package format, package manager and libosinfo id of R (from its
 * type, distro and version).  0, or -1 on ENOMEM. */
int insp_derive (struct insp_root *r);

#endif /* GUESTFSD_INSPECT_H */
