/* guestkit — virt-edit: edit a file of a disk image or guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUESTKIT_EDIT_H
#define GUESTKIT_EDIT_H

#include "expr.h"
#include "options.h"

/** How to edit: with C<$EDITOR>, or with C<expr> if not NULL; and
 * the extension of the backup of the original (NULL: none). */
struct edit_how {
  const struct edit_expr *expr;
  const char *backup_ext;
};

/* file-edit.c */
int edit_file (struct tool_options *o, const char *root, const char *name,
               const struct edit_how *how);

/* interrupt.c */
void edit_catch_signals (guestfs_h *g);
int edit_interrupted (void);
void edit_reraise (void);

#endif
