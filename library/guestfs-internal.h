/* guestkit — the library's internal interface.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file declares the handle and the functions shared inside the
 * library.  Library code never exits, aborts on an error path or
 * prints: it sets the handle's error once and returns -1 or NULL.
 */

#ifndef GUESTFS_INTERNAL_H
#define GUESTFS_INTERNAL_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "guestfs.h"
#include "cleanups.h"
#include "wire.h"

#define DEFAULT_MEMSIZE 768          /* MiB */
#define MIN_MEMSIZE 128
#define MAX_MEMSIZE 65536
#define DEFAULT_LAUNCH_TIMEOUT 600   /* s, TCG boots are slow */
#define MAX_DRIVES 255
#define MAX_SMP 255

enum state { CONFIG = 0, LAUNCHING, READY };

struct drive {
  char *filename;
  char *format;                 /* "raw", "qcow2", or NULL: probe */
  const char *launch_format;    /* what launch opens it as (static) */
  bool probed;                  /* launch_format came from a probe */
  char *label;
  char *cachemode;              /* "writeback" or "unsafe" */
  bool readonly;
  bool scratch;                 /* a temp file we created and delete */
};

struct event_handler {
  uint64_t events;              /* 0 = free slot */
  guestfs_event_callback cb;
  void *opaque;
  int flags;
};

struct error_handler {
  guestfs_error_handler_cb cb;
  void *opaque;
};

struct private_data {
  char *key;
  void *data;
};

struct backend;

struct guestfs_h {
  enum state state;
  bool verbose;
  bool trace;
  bool autosync;
  int memsize;
  char *backend_name;           /* "vmm", "qemu" (NULL: default) */
  char *append;
  char *path;                   /* appliance directory */
  char *tmpdir;                 /* private 0700 dir, made on demand */
  char *sockdir;                /* private 0700 dir for sockets */

  /* Settings of the "devices" area (config.c). */
  char *identifier;             /* "" or [A-Za-z0-9_-]+ */
  char *program;                /* never NULL */
  char *env_tmpdir;             /* LIBGUESTFS_TMPDIR or TMPDIR, or NULL */
  char *int_tmpdir;             /* set_tmpdir, or NULL */
  char *env_cachedir;           /* LIBGUESTFS_CACHEDIR or TMPDIR */
  char *int_cachedir;           /* set_cachedir, or NULL */
  bool explicit_cachedir;       /* set_cachedir or LIBGUESTFS_CACHEDIR */
  char *env_sockdir;            /* XDG_RUNTIME_DIR, or NULL */
  char *hv;                     /* set_hv or LIBGUESTFS_HV, or NULL */
  char **backend_settings;      /* NULL-terminated, never NULL */
  bool pgroup;
  bool network;
  bool recovery_proc;
  int smp;
  volatile sig_atomic_t user_cancel;

  struct drive *drives;
  size_t nr_drives;
  int *image_lock_fds;          /* image-lock.c: held while launched */
  size_t nr_image_lock_fds;

  /* lock.c: the handle lock, and each thread's last error. */
  pthread_mutex_t lock;         /* recursive; held for every API call */
  pthread_key_t error_key;
  pthread_mutex_t error_list_lock;
  struct guestfs_int_error_data *error_list;
  struct error_handler error_handler;
  struct error_handler *error_stack;
  size_t nr_error_stack;
  guestfs_abort_cb abort_cb;

  struct event_handler *events;
  size_t nr_events;
  struct private_data *pda;
  size_t nr_pda;

  /* While launched. */
  const struct backend *backend;
  void *backend_data;
  int daemon_fd;                /* RPC channel */
  char rx_buf[4096];            /* read from the channel, not yet used */
  size_t rx_pos, rx_end;
  int console_fd;               /* appliance serial console, or -1 */
  uint32_t serial;
  char console_buf[4096];       /* partial console line */
  size_t console_len;
  char last_console_line[256];  /* for launch error messages */
  int launch_timeout;           /* seconds */
  int call_timeout;             /* seconds, 0 = none */
};

/* A backend: how the appliance is run. */
struct backend {
  const char *name;
  size_t data_size;
  /* Start the appliance; set g->daemon_fd and g->console_fd.  KERNEL,
   * INITRD, ROOT are the appliance files, CMDLINE the kernel command
   * line.  Returns 0, or -1 after setting the error. */
  int (*launch) (guestfs_h *g, void *data, const char *kernel,
                 const char *initrd, const char *root, const char *cmdline);
  /* Stop it (kill if still running) and reap it.  Returns 0, or -1
   * if it exited abnormally and CHECK is true. */
  int (*shutdown) (guestfs_h *g, void *data, bool check);
  /* The process ID of the hypervisor, or -1 if none runs. */
  pid_t (*get_pid) (guestfs_h *g, void *data);
  /* Called about once a second while waiting on the appliance, or
   * NULL: returns NULL if all is well, else why the backend is dead. */
  const char *(*check) (guestfs_h *g, void *data);
};

extern const struct backend backend_qemu;
extern const struct backend backend_vmm;

/*-- process.c --*/
/* A NULL-terminated argument vector that grows as needed. */
struct guestfs_int_argv {
  guestfs_h *g;
  char **argv;
  size_t n, cap;
};
void guestfs_int_argv_add (struct guestfs_int_argv *a, char *s);
void guestfs_int_argv_free (struct guestfs_int_argv *a);
#define ADD_ARG(a, ...) \
  guestfs_int_argv_add ((a), safe_asprintf ((a)->g, __VA_ARGS__))
void guestfs_int_log_argv (guestfs_h *g, char *const *argv, const char *sep);
int guestfs_int_wait_exit (pid_t pid, int timeout_ms, int *status);
void guestfs_int_drain_console (guestfs_h *g, int timeout_ms);
double guestfs_int_now (void);
int guestfs_int_stop_process (guestfs_h *g, pid_t pid, bool check,
                              int drain_ms);

/*-- kvm-probe.c --*/
/* True if KVM runs guest kernel code at hardware speed (cached). */
bool guestfs_int_kvm_usable (guestfs_h *g);

/*-- lock.c --*/
struct guestfs_int_error_data;
int guestfs_int_lock_init (guestfs_h *g);
void guestfs_int_lock_destroy (guestfs_h *g);
guestfs_h *guestfs_int_lock (guestfs_h *g);
void guestfs_int_unlock (guestfs_h *g);
void guestfs_int_unlock_cleanup (guestfs_h **gp);
/* Hold the handle's lock until the end of the enclosing scope. */
#define GUESTFS_INT_LOCK_SCOPE(g)                                    \
  __attribute__((cleanup (guestfs_int_unlock_cleanup)))              \
  guestfs_h *guestfs_int_lock_scope_ = guestfs_int_lock (g)
void guestfs_int_set_thread_error (guestfs_h *g, int errnum, char *msg);
const char *guestfs_int_thread_error (guestfs_h *g);
int guestfs_int_thread_errno (guestfs_h *g);

/*-- errors.c --*/
void guestfs_int_error_errno (guestfs_h *g, int errnum, const char *fs, ...)
  __attribute__((format (printf, 3, 4)));
void guestfs_int_perrorf (guestfs_h *g, const char *fs, ...)
  __attribute__((format (printf, 2, 3)));
#define error(g, ...) guestfs_int_error_errno ((g), 0, __VA_ARGS__)
#define perrorf guestfs_int_perrorf

/* Allocation that never returns NULL: on failure the handle's abort
 * callback runs (rule: OOM is handled in one place). */
void *guestfs_int_safe_malloc (guestfs_h *g, size_t n);
void *guestfs_int_safe_calloc (guestfs_h *g, size_t n, size_t s);
void *guestfs_int_safe_realloc (guestfs_h *g, void *p, size_t n);
char *guestfs_int_safe_strdup (guestfs_h *g, const char *s);
char *guestfs_int_safe_asprintf (guestfs_h *g, const char *fs, ...)
  __attribute__((format (printf, 2, 3)));
#define safe_malloc guestfs_int_safe_malloc
#define safe_calloc guestfs_int_safe_calloc
#define safe_realloc guestfs_int_safe_realloc
#define safe_strdup guestfs_int_safe_strdup
#define safe_asprintf guestfs_int_safe_asprintf

/*-- events.c --*/
void guestfs_int_call_callbacks_message (guestfs_h *g, uint64_t event,
                                         const char *buf, size_t len);
void guestfs_int_call_callbacks_array (guestfs_h *g, uint64_t event,
                                       const uint64_t *array, size_t len);
void guestfs_int_call_callbacks_void (guestfs_h *g, uint64_t event);
void guestfs_int_debug (guestfs_h *g, const char *fs, ...)
  __attribute__((format (printf, 2, 3)));
#define debug(g, ...) \
  do { if ((g)->verbose) guestfs_int_debug ((g), __VA_ARGS__); } while (0)
void guestfs_int_call_enter (guestfs_h *g, const char *name);
/* Tracing from the generated stubs. */
void guestfs_int_trace_string (FILE *fp, const char *s);
void guestfs_int_trace_strlist (FILE *fp, char *const *list);
void guestfs_int_trace_send (guestfs_h *g, char *buf, size_t len);
#define GUESTFS_INT_TRACE_BEGIN(g, name)                             \
  char *trace_buf = NULL;                                            \
  size_t trace_len = 0;                                              \
  FILE *trace_fp = open_memstream (&trace_buf, &trace_len);          \
  if (trace_fp) {                                                    \
    fputs ((name), trace_fp)
#define GUESTFS_INT_TRACE_END(g)                                     \
    fclose (trace_fp);                                               \
    guestfs_int_trace_send ((g), trace_buf, trace_len);              \
  }                                                                  \
  free (trace_buf)

/*-- install-dirs.c --*/
/* The default appliance directory and VMM helper (malloc'd). */
char *guestfs_int_default_appliance_path (guestfs_h *g);
char *guestfs_int_default_vmm_path (guestfs_h *g);

/*-- dir-security.c --*/
char *guestfs_int_cache_dir (guestfs_h *g);
int guestfs_int_dir_private (const char *dir, char *why, size_t len);
int guestfs_int_check_dir_security (guestfs_h *g);

/*-- image-lock.c --*/
int guestfs_int_lock_drives (guestfs_h *g);
void guestfs_int_unlock_drives (guestfs_h *g);

/*-- launch.c --*/
int guestfs_int_check_launched (guestfs_h *g, const char *name);
int guestfs_int_check_config (guestfs_h *g, const char *name);
/* Make (once) and return the handle's private temporary directory. */
const char *guestfs_int_tmpdir (guestfs_h *g);
/* Delete the private directory (it holds only flat files). */
void guestfs_int_remove_tmpdir (guestfs_h *g);
/* Tear down a launched (or half-launched) appliance.  Returns -1 if
 * it exited abnormally and CHECK is true. */
int guestfs_int_shutdown_backend (guestfs_h *g, bool check);

/*-- config.c, backend-settings.c (area "devices") --*/
/* Read the environment variables of these settings at create. */
void guestfs_int_init_config (guestfs_h *g, bool use_env);
void guestfs_int_free_config (guestfs_h *g);
/* The base directories (never NULL; the handle owns them). */
const char *guestfs_int_tmpdir_base (guestfs_h *g);
const char *guestfs_int_sockdir_base (guestfs_h *g);
/* The handle's private socket directory, made 0700 on first use under
 * the socket base; NULL after setting the error. */
const char *guestfs_int_sockdir (guestfs_h *g);
void guestfs_int_remove_sockdir (guestfs_h *g);
/* The per-user cache directory ("CACHEDIR/.guestkit-UID", malloc'd)
 * if a cache directory was chosen explicitly, else NULL. */
char *guestfs_int_explicit_cachedir (guestfs_h *g);
/* The hypervisor binary the qemu backend runs (never NULL). */
const char *guestfs_int_hv (guestfs_h *g);
/* Append the settings of a colon-separated list. */
void guestfs_int_backend_settings_from_env (guestfs_h *g, const char *value);
/* Is the backend setting NAME present (as NAME or NAME=...)? */
bool guestfs_int_has_backend_setting (guestfs_h *g, const char *name);
/* Called in a backend's child after fork: process group and death
 * signal as the handle's settings ask. */
bool guestfs_int_dies_with_caller (guestfs_h *g);
void guestfs_int_child_setup (bool pgroup, bool die_with_parent);

/*-- drives.c --*/
void guestfs_int_free_drives (guestfs_h *g);
void guestfs_int_rollback_drives (guestfs_h *g, size_t n);

/*-- proto.c --*/
struct guestfs_int_rpc_call {
  const char *name;
  uint32_t proc;
  bool progress;
  uint64_t optargs_bitmask;
  int (*enc) (struct wbuf *, const void *);  /* NULL: no args */
  const void *args;
  const char *filein;           /* FileIn host path, or NULL */
  const char *fileout;          /* FileOut host path, or NULL */
  int (*dec) (struct rbuf *, void *);        /* NULL: RErr */
  void *ret;
};
/* Send one call and wait for its reply (with its file stream, if
 * any).  Returns 0, or -1 after setting the error. */
int guestfs_int_rpc (guestfs_h *g, const struct guestfs_int_rpc_call *c);
/* Wait for the daemon's READY message after launch. */
int guestfs_int_wait_ready (guestfs_h *g);
/* Process console output already read. */
void guestfs_int_console_input (guestfs_h *g, const char *buf, size_t len);

/*-- disk-probe.c (area diskimg) --*/
struct guestfs_int_disk_info {
  const char *format;           /* static string: "raw", "qcow2", ... */
  int64_t virtual_size;         /* -1: not known for this format */
  bool has_backing_file;
  bool has_data_file;           /* qcow2: an external data file */
};
/* Read the header of host image FILENAME as FORMAT (NULL: detect);
 * NAME prefixes errors.  Returns 0, or -1 after setting the error. */
int guestfs_int_disk_probe (guestfs_h *g, const char *name,
                            const char *filename, const char *format,
                            struct guestfs_int_disk_info *info);

/* drive-format.c: decide each drive's format before launch. */
int guestfs_int_drives_decide_formats (guestfs_h *g);

#endif /* GUESTFS_INTERNAL_H */
