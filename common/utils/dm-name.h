/* guestkit — common utilities: device-mapper names.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUESTKIT_DM_NAME_H
#define GUESTKIT_DM_NAME_H

/* Split one part of "VG-LV" (with "--" for "-") from *P into OUT
 * (sized like the input); *P moves past the "-". */
void dm_name_part (const char **p, char *out);

#endif /* GUESTKIT_DM_NAME_H */
