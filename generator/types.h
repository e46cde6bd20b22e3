/* guestkit — generator: types describing the API table.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file declares the shape of the one API table (F<actions-*.c>)
 * and of the emitters that turn it into code.
 */

#ifndef GENERATOR_TYPES_H
#define GENERATOR_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Required argument types (libguestfs names). */
enum argtype {
  A_NONE = 0,
  A_STRING,       /* plain string */
  A_PATHNAME,     /* absolute guest path, resolved in the guest root */
  A_DEVICE,       /* /dev/sdX... block device */
  A_MOUNTABLE,    /* device (later: btrfs subvolume) */
  A_DEV_OR_PATH,  /* device if it starts with /dev/, else a Pathname */
  A_FILEIN,       /* host file name streamed to the daemon */
  A_FILEOUT,      /* host file name streamed from the daemon */
  A_OPTSTRING,    /* string or NULL */
  A_STRINGLIST,
  A_DEVICELIST,
  A_BOOL,
  A_INT,
  A_INT64,
  A_BUFFERIN,     /* const char *buf, size_t buf_size */
  A_KEY,          /* key or passphrase: a string, but guestfish reads it
                     apart from the command line and traces hide it */
};

/* Optional argument types. */
enum opttype {
  O_NONE = 0,
  O_BOOL,
  O_INT,
  O_INT64,
  O_STRING,
  O_STRINGLIST,
};

/* Return types. */
enum rettype {
  R_ERR = 0,
  R_INT,
  R_INT64,
  R_BOOL,
  R_CONSTSTRING,      /* library-side only: handle owns it */
  R_CONSTOPTSTRING,   /* library-side only: may be NULL without error */
  R_STRING,
  R_STRINGLIST,
  R_STRUCT,
  R_STRUCTLIST,
  R_HASHTABLE,
  R_BUFFEROUT,
};

/* Struct field types. */
enum fieldtype {
  F_END = 0,
  F_INT32,
  F_INT64,
  F_UINT64,
  F_STRING,
  F_UINT32,
  F_CHAR,
  F_OPTPERCENT,   /* float, -1 when absent */
  F_UUID,         /* char NAME[32], not NUL-terminated */
  F_BUFFER,       /* char *NAME; uint32_t NAME_len */
};

#define MAX_ARGS 8
#define MAX_OPTARGS 40
#define MAX_FIELDS 32

struct arg {
  int type;             /* enum argtype or enum opttype */
  const char *name;
};

struct field {
  enum fieldtype type;
  const char *name;
};

struct structdef {
  const char *name;     /* guestfs_<name> / guestfs_int_<name> */
  struct field fields[MAX_FIELDS];
};

/* Action flags. */
#define FL_ONCE_HAD_NO_OPTARGS 0x01 /* C: guestfs_<name> + guestfs_<name>_opts */
#define FL_PROGRESS            0x02 /* daemon sends progress messages */
#define FL_NOT_IN_FISH         0x04 /* no guestfish command */
#define FL_NO_ROOT             0x08 /* Pathname args need no mounted root */
#define FL_CONFIG              0x10 /* only valid before launch */
#define FL_FISH_OCTAL          0x20 /* guestfish prints the R_INT in octal */
#define FL_NO_LOCK             0x40 /* C: does not take the handle lock */

/* A test case, run by the generated test script through guestfish.
 * PREP names a prepared disk: "none" (empty 100M disk), "fs" (sda1 ext2
 * mounted on /), "lvfs" (sda1 PV, VG/LV ext2 mounted on /).
 * SCRIPT is a guestfish script; its output must equal EXPECT (or,
 * when EXPECT starts with "~", the script must fail). */
struct test {
  const char *prep;
  const char *script;
  const char *expect;
};

struct action {
  const char *name;           /* add_drive, mount, ... */
  int proc_nr;                /* > 0: daemon call; 0: library call */
  enum rettype ret;
  const char *ret_struct;     /* for R_STRUCT / R_STRUCTLIST */
  struct arg args[MAX_ARGS];
  struct arg optargs[MAX_OPTARGS];
  unsigned flags;
  const char *fish_alias;     /* extra guestfish names, space-separated */
  const char *deprecated_by;  /* deprecated: the call that replaces it */
  const char *shortdesc;
  const char *longdesc;
  const struct test *tests;   /* terminated by { NULL } */
};

/* The table (actions-*.c), terminated by an entry with name == NULL. */
extern const struct structdef structs[];

/* The tables, one per area (actions-*.c), in NULL-terminated lists
 * (generator.c); library calls come first. */
extern const struct action *const library_tables[];
extern const struct action *const daemon_tables[];
const char *action_area (const struct action *a);  /* tables.c */

/* Iterate over every action, library ones first. */
const struct action *action_next (const struct action *prev);
const struct structdef *find_struct (const char *name);
#define FOR_EACH_DAEMON_ACTION(a) \
  for ((a) = action_next (NULL); (a); (a) = action_next (a)) \
    if ((a)->proc_nr > 0)
#define FOR_EACH_LIBRARY_ACTION(a) \
  for ((a) = action_next (NULL); (a); (a) = action_next (a)) \
    if ((a)->proc_nr == 0)

/* Emission helpers (generator.c). */
extern FILE *out;
void pr (const char *fs, ...) __attribute__((format (printf, 1, 2)));
void output_begin (const char *path, const char *comment_style);
void output_end (void);

/* Struct fields (generator.c): the C declaration (public and wire
 * structs share one layout) and the wire helper suffix. */
void pr_field_decl (const struct field *f);
const char *field_wire (enum fieldtype t);

/* Naming helpers (generator.c). */
int action_nr_args (const struct action *a);
int action_nr_optargs (const struct action *a);
bool action_has_arg (const struct action *a, int type);
const char *c_function_name (const struct action *a); /* with _opts */
bool is_wire_arg (int type);
bool has_wire_args (const struct action *a);
const char *arg_ctype (int type);      /* public and daemon C types */
const char *optarg_ctype (int type);
/* The public C function of an action (gen-c.c). */
const char *ret_ctype (const struct action *a);
void pr_params (const struct action *a);
/* guestfish's usage line and full description (gen-fish.c), shared
 * by its help and its manual page; the caller frees them. */
char *fish_synopsis (const struct action *a);
char *fish_longdesc (const struct action *a);
char *upper (const char *s);       /* static buffer rotated */
char *dashes (const char *s);      /* static buffer rotated */

/* Emitters. */
void generate_protocol_h (void);
void generate_protocol_c (void);
void generate_guestfs_h (void);
void generate_library_actions_c (void);
void generate_library_internal_h (void);
void generate_library_syms (void);
void generate_daemon_actions_h (void);
void generate_daemon_stubs_c (void);
void generate_fish_cmds_c (void);
void generate_tests (void);
void generate_docs_actions_pod (void);
void generate_docs_structs_pod (void);
void generate_fish_commands_pod (void);
void generate_python_c (void);
void generate_python_py (void);
bool python_has_method (const struct action *a);  /* gen-python.c */

#endif /* GENERATOR_TYPES_H */
