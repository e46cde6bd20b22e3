/* guestkit — virt-df: free space on the filesystems of disk images.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements virt-df over many libvirt guests: a few worker
 * threads, each with its own handle and appliance, take the guests in
 * turn; each prints its guest's rows only once the guests before it
 * are printed, so the output is in guest order whatever finishes
 * first.  As in libguestfs, a guest whose disks cannot be added
 * (none, or gone) is skipped; one whose appliance fails counts as an
 * error.
 */

#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "df.h"

/* libguestfs's guess of the memory one appliance needs, and its cap
 * on threads (without -P). */
#define MIB_PER_THREAD 650
#define MAX_THREADS 12

/* The work shared by the threads. */
struct pool {
  struct df_guest *guests;
  size_t nr_guests;
  size_t next_take;             /* under lock */
  size_t next_print;            /* under lock; cond signals changes */
  size_t errors;                /* under lock */
  pthread_mutex_t lock;
  pthread_cond_t cond;
  const char *uri;
  int verbose, trace;
};

/* Available memory in MiB from /proc/meminfo, or 0 if unknown. */
static unsigned long long
available_mib (void)
{
  FILE *fp = fopen ("/proc/meminfo", "r");
  char line[256];
  unsigned long long kib = 0;

  if (fp == NULL)
    return 0;
  while (fgets (line, sizeof line, fp))
    if (sscanf (line, "MemAvailable: %llu kB", &kib) == 1)
      break;
  fclose (fp);
  return kib / 1024;
}

/** The number of threads without C<-P>: one per 650 MiB of available
 * memory (as libguestfs), at most two per CPU and at most 12; at
 * least 1.  An appliance keeps a CPU busy under TCG only part of its
 * life (start-up and I/O leave it idle), so two per CPU finish sooner
 * than one: measured on 2 cores, 4 guests took 13-17 s with -P 4,
 * 27 s with -P 2 (bench/README.md, "Many guests"). */
size_t
df_default_threads (void)
{
  unsigned long long n = available_mib () / MIB_PER_THREAD;
  long cpus = sysconf (_SC_NPROCESSORS_ONLN);

  if (cpus > 0 && n > 2 * (unsigned long long) cpus)
    n = 2 * (unsigned long long) cpus;
  if (n > MAX_THREADS)
    n = MAX_THREADS;
  return n < 1 ? 1 : (size_t) n;
}

/* Look at guest I on a new handle.  0, or -1 on an error. */
static int
do_guest (struct pool *p, size_t i)
{
  struct guestfs_add_domain_argv a = {
    .bitmask = GUESTFS_ADD_DOMAIN_READONLY_BITMASK |
               GUESTFS_ADD_DOMAIN_READONLYDISK_BITMASK,
    .readonly = 1, .readonlydisk = "read",
  };
  guestfs_h *g = guestfs_create ();
  char id[64];
  int r = -1;

  if (g == NULL)
    return -1;
  snprintf (id, sizeof id, "thread_domain_%zu", i);
  guestfs_set_identifier (g, id);
  guestfs_set_verbose (g, p->verbose);
  guestfs_set_trace (g, p->trace);
  if (p->uri) {
    a.bitmask |= GUESTFS_ADD_DOMAIN_LIBVIRTURI_BITMASK;
    a.libvirturi = p->uri;
  }
  if (guestfs_add_domain_argv (g, p->guests[i].name, &a) == -1)
    r = 0;                      /* skipped, as libguestfs does */
  else if (guestfs_launch (g) == 0)
    r = df_collect (g, &p->guests[i]);
  guestfs_close (g);
  return r;
}

/* Wait for guest I's turn, print it and pass the turn on. */
static void
print_in_turn (struct pool *p, size_t i, int r)
{
  pthread_mutex_lock (&p->lock);
  while (p->next_print != i)
    pthread_cond_wait (&p->cond, &p->lock);
  df_print_guest (&p->guests[i]);
  if (r == -1)
    p->errors++;
  p->next_print = i + 1;
  pthread_cond_broadcast (&p->cond);
  pthread_mutex_unlock (&p->lock);
}

static void *
worker (void *arg)
{
  struct pool *p = arg;
  size_t i;

  for (;;) {
    pthread_mutex_lock (&p->lock);
    i = p->next_take++;
    pthread_mutex_unlock (&p->lock);
    if (i >= p->nr_guests)
      return NULL;
    print_in_turn (p, i, do_guest (p, i));
  }
}

/**
 * Look at C<guests> (libvirt domains of C<uri>) with C<nr_threads>
 * threads (0: df_default_threads()), the handles copying C<-v> and
 * C<-x> from C<model>, and print them in order.  0, or -1 if any
 * guest failed.  If no thread can be started the work is done here.
 */
int
df_parallel (guestfs_h *model, const char *uri, struct df_guest *guests,
             size_t nr_guests, size_t nr_threads)
{
  struct pool p = {
    .guests = guests, .nr_guests = nr_guests, .uri = uri,
    .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER,
    .verbose = guestfs_get_verbose (model), .trace = guestfs_get_trace (model),
  };
  size_t n = nr_threads ? nr_threads : df_default_threads (), started = 0;
  pthread_t *threads;

  if (n > nr_guests)
    n = nr_guests;
  threads = calloc (n ? n : 1, sizeof *threads);
  while (threads && started < n &&
         pthread_create (&threads[started], NULL, worker, &p) == 0)
    started++;
  if (started < n)
    fprintf (stderr, "virt-df: could only start %zu of %zu threads\n",
             started, n);
  if (started == 0)
    worker (&p);                /* do it all in this thread */
  for (size_t i = 0; i < started; i++)
    pthread_join (threads[i], NULL);
  free (threads);
  return p.errors ? -1 : 0;
}
