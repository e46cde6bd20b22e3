/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares what the terminal files of guestfish
 * (F<terminal.c>, F<completion.c>, F<keys.c>, F<progress.c>) share
 * among themselves; the rest of the shell sees them through
 * F<fish.h>.
 */

#ifndef FISH_TERMINAL_H
#define FISH_TERMINAL_H

#include <stdbool.h>

/* --keys-from-stdin, --echo-keys (keys.c reads them). */
extern bool term_keys_from_stdin;
extern bool term_echo_keys;

/* --progress-bars (1), --no-progress-bars (0), neither (-1). */
extern int term_progress_bars;

/* Install guestfish's readline completion (completion.c). */
void completion_setup (void);

#endif /* FISH_TERMINAL_H */
