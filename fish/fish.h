/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares guestfish's internal interface between the
 * generated command table (F<cmds.c>) and the hand-written shell.
 */

#ifndef FISH_H
#define FISH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "guestfs.h"
#include "cleanups.h"

/* The handle every command works on. */
extern guestfs_h *g;

/* Set by --ro/--rw: whether -a adds drives read-only. */
extern bool read_only;

/* A command: generated ones wrap an API call, hand-written ones
 * (help, quit, echo, ...) live in the shell.  RUN prints its own
 * output; on failure it returns -1 (library errors were already
 * printed by the handle's error handler; others print one line). */
typedef int (*run_fn) (const char *cmd, size_t argc, char *argv[]);

struct command_entry {
  const char *name;          /* "add-drive" */
  const char *aliases;       /* space-separated, or NULL */
  const char *shortdesc;     /* one line */
  const char *synopsis;      /* "add-drive filename [readonly:true|false] ..." */
  const char *longdesc;      /* paragraphs, plain text */
  run_fn run;
};

/* Generated (cmds.c): the API commands, sorted by name. */
extern const struct command_entry fish_api_commands[];
extern const size_t fish_nr_api_commands;

/* Look a command up by name or alias (API and shell commands; '_' and
 * '-' are equivalent).  NULL if unknown. */
const struct command_entry *find_command (const char *name);

/*-- Helpers the generated code calls (parse.c / output.c) --*/

/* Parse a boolean ("true"/"false", "yes"/"no", "on"/"off", "1"/"0",
 * case-insensitive).  Returns 1, 0, or -1 after printing an error
 * naming CMD and the argument NAME. */
int parse_bool (const char *cmd, const char *name, const char *str);
/* Parse a decimal (or 0x hex, 0 octal) integer that must fit; returns
 * 0, or -1 after printing an error naming CMD and NAME. */
int parse_int (const char *cmd, const char *name, const char *str, int *r);
int parse_int64 (const char *cmd, const char *name, const char *str,
                 int64_t *r);
/* Split a list argument ("a b 'c d'") into a NULL-terminated list;
 * the caller frees it. */
char **parse_string_list (const char *str);
/* Map a FileIn / FileOut argument to a host path ("-" is standard
 * input / output).  Returns malloc'd path. */
char *file_in (const char *arg);
char *file_out (const char *arg);

/* Print a string list one item per line, a hash as "key: value". */
void print_strings (char *const *argv);
void print_table (char *const *argv);
/* Print a buffer struct field: printable ASCII as is, other bytes as
 * \xNN (no newline). */
void print_escaped_buffer (const char *buf, size_t len);

/* Print "CMD: wrong number of arguments" style usage error for CMD,
 * showing its synopsis.  Always returns -1. */
int usage_error (const char *cmd);

/*-- The shell (fish.c, parse.c, builtins.c) --*/

/* Shell-only commands (builtins.c), sorted by name. */
extern const struct command_entry fish_shell_commands[];
extern const size_t fish_nr_shell_commands;
/* edit, more, display, hexedit, glob, event, reopen, copy-in, ...
 * (shellcmds.c). */
extern const struct command_entry fish_cmds_commands[];
extern const size_t fish_nr_cmds_commands;

/* Every command table (builtins.c lists them, shell ones first so
 * they win over an API call of the same name).  Each shell feature
 * file exports its own table and count; add it to fish_tables[]. */
struct command_table {
  const struct command_entry *entries;
  const size_t *nr;
};
extern const struct command_table fish_tables[];
extern const size_t fish_nr_tables;
/* The Nth command over all tables (NULL past the end): completion and
 * help walk them with this. */
const struct command_entry *fish_command_at (size_t n);
/* Set by quit/exit/q: stop reading commands. */
extern bool fish_quit;
/* Run CMD with its arguments; with PIPECMD, stdout goes to
 * /bin/sh -c PIPECMD (with --pipe-error, a failing pipeline fails the
 * command).  Returns
 * 0, or -1 after an error was printed. */
int fish_issue_command (const char *cmd, size_t argc, char *argv[],
                        const char *pipecmd);
/* Report a host program's wait status that is not a clean exit
 * ("WHO 'CMD' failed with exit status N"); 0 if clean, else -1. */
int fish_report_status (const char *who, const char *cmd, int status);
/* Parse and run one line ('#', '-', '!', '<!', '|').  0 or -1. */
int fish_run_line (const char *line);
/* Run a script until EOF, the first failure, or quit; NAME (or NULL)
 * prefixes errors as NAME:LINE:. */
int fish_run_script (FILE *fp, const char *name);

/*-- Prepared disks, -N (prep.c) --*/

/* -N ARG for drive number DRIVE: the file name (owned by prep.c), or
 * NULL after an error; "-N help" prints the list and exits. */
const char *prep_option (const char *arg, size_t drive);
size_t prep_count (void);
/* Create the -N files (before adding drives); 0 or -1. */
int prep_create_disks (void);
/* Partition and format them (after launch); 0 or -1. */
int prep_format_disks (void);
void prep_free (void);

/*-- Remote control (remote.c: --remote, listen.c: --listen) --*/

/* --remote: the listener's PID, or 0: commands run locally. */
extern int remote_pid;
/* --listen, --csh. */
extern bool listen_wanted, listen_csh;
/* A failing command ends guestfish (and a listener it is sent to):
 * false at the interactive prompt and for "-cmd". */
extern bool fish_exit_on_error;
/* --remote[=PID] (ARG NULL: $GUESTFISH_PID); 0 or -1. */
int remote_option (const char *arg);
/* Refuse option mixes remote control cannot do; 0 or -1. */
int remote_check_options (size_t nr_disks, bool has_script, int nr_commands);
/* Run a command in the listener; 0 or -1. */
int remote_issue_command (const char *cmd, size_t argc, char *argv[]);
/* --listen: fork (the parent exits once the child listens); 0 or -1. */
int listen_start (void);
/* --listen: serve remote commands until exit; 0 or -1. */
int listen_serve (void);
/*-- -i / --inspector (inspect.c) --*/

/* Set by -i: inspect and mount after launch. */
extern bool fish_inspector;
/* Old "-i disk.img ...": add ARGV[0..ARGC-1] as drives; the count
 * used, or -1 after an error. */
int inspect_old_style_drives (int argc, char *argv[]);
/* Launch, inspect, mount the one OS found (error if HAVE_MOUNTS, -m);
 * 0 or -1 after printing an error. */
int inspect_mount (bool have_mounts);
/* The OS and mounts under the interactive banner (after -i). */
void inspect_print_banner (void);
/*-- The terminal: options, prompt, completion, keys, progress bars
 *   (terminal.c, completion.c, keys.c, progress.c) --*/

/* Generated (cmds.c): for each entry of fish_api_commands, one letter
 * per command-line argument saying what completion offers for it:
 * L local file, P guest path, D device, B device or guest path,
 * S anything else. */
extern const char *const fish_api_arg_kinds[];

/* Option codes of the terminal options (fish.c's long_options). */
enum {
  OPT_ECHO_KEYS = 0x1000, OPT_KEYS_FROM_STDIN, OPT_PIPE_ERROR,
  OPT_PROGRESS_BARS, OPT_NO_PROGRESS_BARS,
};
/* -x, --echo-keys, --keys-from-stdin, --pipe-error, --[no-]progress-bars:
 * record option C.  Returns 0. */
int fish_term_option (int c);
/* Set by -x: echo each command before running it. */
extern bool fish_echo_commands;
/* Set by --pipe-error: a failing "| pipeline" fails the command. */
extern bool fish_pipe_error;
/* Print "CMD ARG..." on stdout (for -x). */
void fish_echo_command (const char *cmd, size_t argc, char *argv[]);
/* After the options: turn progress bars on if asked for, or by
 * default when INTERACTIVE (no commands on the command line) and
 * standard input is a terminal. */
void fish_progress_setup (bool interactive);
/* The interactive shell: banner, "><fs> " prompt, completion and
 * history, until quit or end of input.  Returns 0. */
int fish_interactive (void);

/* Read the key or passphrase parameter PARAM: from /dev/tty with echo
 * off, or as a line of standard input with --keys-from-stdin.  Returns
 * the key (free it with fish_free_key), or NULL after an error. */
char *read_key (const char *param);
/* Wipe and free *KEYP (cleanup function: CLEANUP_FREE_KEY). */
void fish_free_key (char **keyp);
#define CLEANUP_FREE_KEY __attribute__((cleanup (fish_free_key)))

#endif /* FISH_H */
