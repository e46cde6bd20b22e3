/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares the helpers shared by the LVM files of the
 * daemon (F<lvm.c>, F<lvm-uuid.c>, F<lvm-full.c>, F<lvm-filter.c>).
 */

#ifndef GUESTFSD_LVM_INT_H
#define GUESTFSD_LVM_INT_H

#include <stdbool.h>

/* LVM's limit on VG and LV names. */
#define LVM_MAX_NAME 127

/* Run lvm with ARGV (argv[0] = "lvm"); its stdout goes to *OUT_R
 * (malloc'd) if OUT_R is not NULL.  Returns 0, or -1 after replying
 * with lvm's error message. */
int lvm_run (const char *const *argv, char **out_r);

/* Check a VG or LV name (WHAT says which, for the message) as LVM
 * would.  Returns 0, or -1 after replying. */
int lvm_check_name (const char *what, const char *name);

/* Strip leading and trailing blanks of S in place; return it. */
char *lvm_trim (char *s);

/* Run a listing and return each non-empty, trimmed line of its
 * output, passed through CONVERT (NULL: as is; a result of "" drops
 * the line), as a sorted list (the caller frees it).  NULL after
 * replying. */
char **lvm_list (const char *const *argv, char *(*convert) (const char *));

/* lvm_list for a listing of every PV, VG or LV: the empty list,
 * without running lvm, when no device has an LVM label. */
char **lvm_list_all (const char *const *argv,
                     char *(*convert) (const char *));

/* Tidy a program's error message ERR in place (blanks trimmed,
 * /dev/vdX shown as /dev/sdX); returns ERR.  Also used by the LUKS
 * and md files. */
char *lvm_tidy_message (char *err);

/* True if some block device may be an LVM physical volume (has an
 * LVM2 label, or the devices could not be listed); false means lvm
 * would find no volume group (lvm-probe.c). */
bool lvm_maybe_present (void);

#endif /* GUESTFSD_LVM_INT_H */
