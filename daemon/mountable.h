/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Mountables: devices or btrfsvol:DEVICE/SUBVOLUME (mountable.c). */

#ifndef GUESTFSD_MOUNTABLE_H
#define GUESTFSD_MOUNTABLE_H

#include <stdbool.h>

/* True if M is written btrfsvol:... */
bool is_btrfsvol (const char *m);
/* True if VOL is a safe subvolume path. */
bool btrfsvol_volume_ok (const char *vol);
/* Split M into the appliance device and the subvolume (NULL for a
 * device), malloc'd.  0, or -1 with errno set; no reply. */
int mountable_parse (const char *m, char **device_r, char **volume_r);
/* Caller's form -> appliance's form, checked; NULL after replying. */
char *mountable_to_internal (const char *m);
/* Appliance's form -> caller's form; NULL with errno set, no reply. */
char *mountable_to_external (const char *m);
/* The appliance device of M, malloc'd; NULL after replying. */
char *mountable_device_or_reply (const char *m);

/* The subvolumes of the btrfs filesystem on the appliance device
 * DEVICE except its default one, as "btrfsvol:EXTDEV/PATH" names
 * (btrfsvol.c).  An empty list if they cannot be read (no reply);
 * NULL after replying on ENOMEM. */
char **btrfsvol_list (const char *device);

#endif /* GUESTFSD_MOUNTABLE_H */
