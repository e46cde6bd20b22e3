/* guestkit — bench: the appliance's boot marks.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef BENCH_BOOT_MARKS_H
#define BENCH_BOOT_MARKS_H

#include <stddef.h>

/* Guest seconds since boot of each mark, -1 where missing.  Only
 * doubles, in boot order. */
struct boot_marks {
  double init_start, modules, root, exec_daemon;
  double daemon_start, channel, ready;
};
#define BOOT_MARKS_N (sizeof (struct boot_marks) / sizeof (double))

/* Fill M from the kernel log LOG; returns how many marks were found. */
extern int boot_marks_parse (const char *log, struct boot_marks *m);

/* The wall-clock seconds in bench/exec-stamp's file, or -1. */
extern double exec_stamp_read (const char *path);

#endif
