/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares the shell commands listed in F<shellcmds.c> and
 * what they share: the local copies of guest files that C<edit>,
 * C<more>, C<display> and C<hexedit> hand to a host program
 * (F<local.c>), and the event handler list that C<reopen> resets
 * (F<events.c>).
 */

#ifndef FISH_SHELLCMDS_H
#define FISH_SHELLCMDS_H

#include <stdbool.h>
#include <stddef.h>

/* A guest file copied into a private (0700) host directory. */
struct local_file {
  char *dir;                    /* the private directory */
  char *path;                   /* DIR/file, mode 0600 */
  char *orig;                   /* DIR/orig, a copy, or NULL */
};

/* Create the private directory and an empty file in it.  Returns 0,
 * or -1 after printing an error naming CMD. */
int local_create (const char *cmd, struct local_file *lf);
/* Remove the files and directory and free the names. */
void local_remove (struct local_file *lf);
/* Keep a copy of the file, so local_changed can tell later whether a
 * program changed it.  Returns 0 or -1 after an error. */
int local_snapshot (const char *cmd, struct local_file *lf);
/* 1 if the file differs from its snapshot, 0 if not, -1 on error. */
int local_changed (const char *cmd, const struct local_file *lf);
/* Run "PROGRAM FILE" through /bin/sh (PROGRAM may carry options, as
 * $EDITOR often does; FILE is passed unparsed).  Returns 0 if it
 * exited with status 0, or -1 after printing why not. */
int local_run (const char *cmd, const char *program, const char *file);

/* The commands (each returns 0, or -1 after printing an error). */
int run_copy_in (const char *cmd, size_t argc, char *argv[]);
int run_copy_out (const char *cmd, size_t argc, char *argv[]);
int run_delete_event (const char *cmd, size_t argc, char *argv[]);
int run_display (const char *cmd, size_t argc, char *argv[]);
int run_edit (const char *cmd, size_t argc, char *argv[]);
int run_event (const char *cmd, size_t argc, char *argv[]);
int run_glob (const char *cmd, size_t argc, char *argv[]);
int run_hexedit (const char *cmd, size_t argc, char *argv[]);
int run_list_events (const char *cmd, size_t argc, char *argv[]);
int run_more (const char *cmd, size_t argc, char *argv[]);
int run_reopen (const char *cmd, size_t argc, char *argv[]);
int run_supported (const char *cmd, size_t argc, char *argv[]);

/* Forget every event handler registered by 'event' (their handle is
 * gone): reopen calls this. */
void events_forget (void);

#endif /* FISH_SHELLCMDS_H */
