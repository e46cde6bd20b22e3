/* guestkit — the VMM's sandbox: file descriptors, privileges, seccomp.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file declares the sandbox that F<main.c> puts the VMM in once
 * the machine is set up and before the vCPU thread starts (see
 * F<sandbox.c> for what it does and the allow-list).
 */

#ifndef GUESTKIT_VMM_SANDBOX_H
#define GUESTKIT_VMM_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

struct vmm;
struct vmm_config;

enum sandbox_mode {
  SANDBOX_OFF,
  SANDBOX_ERRNO,                /* denied calls fail with EPERM */
  SANDBOX_KILL,                 /* denied calls kill the process (SIGSYS) */
};

/* The default mode (errno; off in AddressSanitizer builds). */
enum sandbox_mode sandbox_default_mode (void);
const char *sandbox_mode_name (enum sandbox_mode mode);
/* "kill", "errno" or "off"; -1 for anything else. */
int sandbox_parse_mode (const char *s);

/* A set of open file descriptors. */
#define SANDBOX_MAX_FDS 512
struct sandbox_fds {
  int fd[SANDBOX_MAX_FDS];
  size_t n;
};

/* Record the descriptors open now. */
void sandbox_fds_snapshot (struct sandbox_fds *s);

/**
 * At startup: stdin becomes /dev/null and every inherited descriptor
 * that the command line does not name (C<fd:N>, --channel, --console,
 * --control) is closed, besides stdout and stderr.
 */
void sandbox_close_inherited (const struct vmm_config *c);

/**
 * After setup: close every descriptor that is neither in KEEP nor one
 * of the machine's own (KVM, eventfds, channel, console, control);
 * give up root and every capability; set no_new_privs; install the
 * seccomp allow-list in the configured mode.  Returns 0, or -1 with
 * the machine's error set.
 */
int sandbox_enter (struct vmm *vm, const struct sandbox_fds *keep);

/* How many system calls the allow-list admits. */
size_t sandbox_allowlist_size (void);

/**
 * The self-test: from inside the sandbox, try openat("/etc/passwd"),
 * execve, socket(AF_INET) and ptrace, printing one line each on
 * stdout.  Returns 0 if all were denied with EPERM (in kill mode the
 * first one ends the process with SIGSYS), else 1.
 */
int sandbox_selftest (enum sandbox_mode mode);

#endif /* GUESTKIT_VMM_SANDBOX_H */
