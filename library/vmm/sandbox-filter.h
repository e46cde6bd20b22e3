/* guestkit — the VMM's seccomp allow-list (sandbox-filter.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file declares the builder of the VMM's seccomp BPF program.
 */

#ifndef GUESTKIT_VMM_SANDBOX_FILTER_H
#define GUESTKIT_VMM_SANDBOX_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/filter.h>

#include "sandbox.h"

/* Write the program into F (MAX instructions); returns its length,
 * which may exceed MAX (then nothing usable was written).  KILL: a
 * denied call kills the process, else it fails with EPERM. */
size_t sandbox_build_filter (struct sock_filter *f, size_t max, bool kill);

#endif /* GUESTKIT_VMM_SANDBOX_FILTER_H */
