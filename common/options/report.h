/* guestkit — common/options: output helpers of the reporting tools.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUESTKIT_REPORT_H
#define GUESTKIT_REPORT_H

#include <stdint.h>
#include <stdio.h>

/** Room for the longest string report_human_size() writes. */
#define REPORT_HUMAN_MAX 32

const char *report_human_size (uint64_t n, uint64_t unit,
                               char buf[REPORT_HUMAN_MAX]);
void report_csv_field (FILE *fp, const char *field);
void report_json_string (FILE *fp, const char *s);
void report_text (FILE *fp, const char *s);

#endif
