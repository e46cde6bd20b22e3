/* guestkit — virt-edit: the -e substitution language.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUESTKIT_EDIT_EXPR_H
#define GUESTKIT_EDIT_EXPR_H

#include <stddef.h>

/** A parsed C<-e> expression: one or more C<s/RE/REPL/FLAGS>. */
struct edit_expr;

/**
 * Parse C<text>.  Returns the expression, or NULL with C<*err> set to
 * a one-line message (malloc'd, the caller frees it).
 */
struct edit_expr *edit_expr_parse (const char *text, char **err);

/**
 * Apply C<e> to each line of C<in> (C<len> bytes; a line keeps its
 * newline, as in C<perl -pe>).  Returns the new contents (malloc'd,
 * C<*outlen> bytes, NUL-terminated), or NULL with C<*err> set.
 */
char *edit_expr_apply (const struct edit_expr *e, const char *in,
                       size_t len, size_t *outlen, char **err);

/** Free C<e> (NULL is allowed). */
void edit_expr_free (struct edit_expr *e);

#endif
