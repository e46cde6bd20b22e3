/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements C<pvs_full>, C<vgs_full> and C<lvs_full>: one
 * lvm report with every field of the struct, sizes in bytes, fields
 * separated by C<|> (which no name, UUID, attribute or tag may hold),
 * parsed by a table that maps each column to a struct member.
 *
 * UUIDs lose their dashes (32 characters); absent percentages are -1.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "actions.h"
#include "lvm-int.h"

/* Most objects one listing may return. */
#define MAX_OBJECTS 4096

enum kind { K_STR, K_UUID, K_U64, K_I64, K_PCT };

struct col {
  const char *field;            /* lvm report field */
  enum kind kind;
  size_t off;                   /* member offset in the struct */
};

#define C(T, f, k) { #f, k, offsetof (guestfs_int_##T, f) }

static const struct col pv_cols[] = {
  C (lvm_pv, pv_name, K_STR), C (lvm_pv, pv_uuid, K_UUID),
  C (lvm_pv, pv_fmt, K_STR), C (lvm_pv, pv_size, K_U64),
  C (lvm_pv, dev_size, K_U64), C (lvm_pv, pv_free, K_U64),
  C (lvm_pv, pv_used, K_U64), C (lvm_pv, pv_attr, K_STR),
  C (lvm_pv, pv_pe_count, K_I64), C (lvm_pv, pv_pe_alloc_count, K_I64),
  C (lvm_pv, pv_tags, K_STR), C (lvm_pv, pe_start, K_U64),
  C (lvm_pv, pv_mda_count, K_I64), C (lvm_pv, pv_mda_free, K_U64),
  { NULL, 0, 0 }
};

static const struct col vg_cols[] = {
  C (lvm_vg, vg_name, K_STR), C (lvm_vg, vg_uuid, K_UUID),
  C (lvm_vg, vg_fmt, K_STR), C (lvm_vg, vg_attr, K_STR),
  C (lvm_vg, vg_size, K_U64), C (lvm_vg, vg_free, K_U64),
  C (lvm_vg, vg_sysid, K_STR), C (lvm_vg, vg_extent_size, K_U64),
  C (lvm_vg, vg_extent_count, K_I64), C (lvm_vg, vg_free_count, K_I64),
  C (lvm_vg, max_lv, K_I64), C (lvm_vg, max_pv, K_I64),
  C (lvm_vg, pv_count, K_I64), C (lvm_vg, lv_count, K_I64),
  C (lvm_vg, snap_count, K_I64), C (lvm_vg, vg_seqno, K_I64),
  C (lvm_vg, vg_tags, K_STR), C (lvm_vg, vg_mda_count, K_I64),
  C (lvm_vg, vg_mda_free, K_U64),
  { NULL, 0, 0 }
};

static const struct col lv_cols[] = {
  C (lvm_lv, lv_name, K_STR), C (lvm_lv, lv_uuid, K_UUID),
  C (lvm_lv, lv_attr, K_STR), C (lvm_lv, lv_major, K_I64),
  C (lvm_lv, lv_minor, K_I64), C (lvm_lv, lv_kernel_major, K_I64),
  C (lvm_lv, lv_kernel_minor, K_I64), C (lvm_lv, lv_size, K_U64),
  C (lvm_lv, seg_count, K_I64), C (lvm_lv, origin, K_STR),
  C (lvm_lv, snap_percent, K_PCT), C (lvm_lv, copy_percent, K_PCT),
  C (lvm_lv, move_pv, K_STR), C (lvm_lv, lv_tags, K_STR),
  C (lvm_lv, mirror_log, K_STR), { "lv_modules", K_STR,
                                   offsetof (guestfs_int_lvm_lv, modules) },
  { NULL, 0, 0 }
};

/* Store the text VAL of column C into the struct at BASE.  0, or -1
 * if VAL does not parse (errno EINVAL) or on ENOMEM. */
static int
set_field (char *base, const struct col *c, const char *val)
{
  char *end = NULL, *dst;
  size_t n = 0;

  errno = 0;
  switch (c->kind) {
  case K_STR:
    if ((*(char **) (base + c->off) = strdup (val)) == NULL)
      return -1;
    return 0;
  case K_UUID:
    dst = base + c->off;
    for (; *val && n < 32; val++)
      if (*val != '-')
        dst[n++] = *val;
    if (n != 32 || *val != '\0')
      goto bad;
    return 0;
  case K_U64:
    *(uint64_t *) (base + c->off) = strtoull (val, &end, 10);
    break;
  case K_I64:
    *(int64_t *) (base + c->off) = strtoll (val, &end, 10);
    break;
  case K_PCT:
    *(float *) (base + c->off) = val[0] ? strtof (val, &end) : -1;
    if (val[0] == '\0')
      return 0;
    break;
  }
  if (errno == 0 && end != val && *end == '\0')
    return 0;
 bad:
  errno = EINVAL;
  return -1;
}

/* Free the strings of the struct at BASE. */
static void
free_fields (char *base, const struct col *cols)
{
  const struct col *c;

  for (c = cols; c->field; c++)
    if (c->kind == K_STR)
      free (*(char **) (base + c->off));
}

/* Parse one report LINE into the struct at BASE (zeroed).  0, or -1
 * after replying (the struct's strings are then freed). */
static int
parse_line (char *line, char *base, const struct col *cols)
{
  const struct col *c;
  char *save = line, *val;

  for (c = cols; c->field; c++) {
    val = strsep (&save, "|");
    if (val == NULL || set_field (base, c, lvm_trim (val)) == -1) {
      if (val == NULL || errno == EINVAL)
        reply_with_error ("unexpected lvm output for %s", c->field);
      else
        reply_with_perror ("strdup");
      free_fields (base, cols);
      return -1;
    }
  }
  return 0;
}

/* The "-o" argument for COLS; NULL on ENOMEM. */
static char *
field_list (const struct col *cols)
{
  const struct col *c;
  size_t len = 0;
  char *ret;

  for (c = cols; c->field; c++)
    len += strlen (c->field) + 1;
  ret = calloc (1, len + 1);
  if (ret == NULL)
    return NULL;
  for (c = cols; c->field; c++) {
    if (c != cols)
      strcat (ret, ",");
    strcat (ret, c->field);
  }
  return ret;
}

/* Run the report VERB (pvs, vgs, lvs) for COLS and parse every line into
 * an array of SIZE-byte structs.  Returns the array (*LEN_R entries;
 * free with free_all) or NULL after replying. */
static char *
report (const char *verb, const struct col *cols, size_t size,
        uint32_t *len_r)
{
  CLEANUP_FREE char *fields = field_list (cols), *out = NULL;
  const char *argv[] = {
    "lvm", verb, "--noheadings", "--units", "b", "--nosuffix",
    "--separator", "|", "-o", fields, NULL
  };
  char *arr, *line, *save = NULL;
  uint32_t n = 0;

  if (fields == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  if (lvm_run (argv, &out) == -1)
    return NULL;
  arr = calloc (MAX_OBJECTS, size);
  if (arr == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  for (line = strtok_r (out, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    line = lvm_trim (line);
    if (line[0] == '\0')
      continue;
    if (n == MAX_OBJECTS) {
      reply_with_error ("more than %d objects", MAX_OBJECTS);
      goto fail;
    }
    if (parse_line (line, arr + n * size, cols) == -1)
      goto fail;
    n++;
  }
  *len_r = n;
  return arr;

 fail:
  while (n > 0)
    free_fields (arr + --n * size, cols);
  free (arr);
  return NULL;
}

/**
 * List every PV with all its fields (names as the caller sees them).
 */
guestfs_int_lvm_pv_list *
do_pvs_full (void)
{
  guestfs_int_lvm_pv_list *ret = malloc (sizeof *ret);
  uint32_t i;
  char *name;

  if (ret == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  ret->val = (guestfs_int_lvm_pv *)
    report ("pvs", pv_cols, sizeof *ret->val, &ret->len);
  if (ret->val == NULL) {
    free (ret);
    return NULL;
  }
  for (i = 0; i < ret->len; i++) {
    name = device_to_external (ret->val[i].pv_name);
    if (name == NULL) {
      reply_with_perror ("malloc");
      guestfs_free_int_lvm_pv_list (ret);
      free (ret);
      return NULL;
    }
    free (ret->val[i].pv_name);
    ret->val[i].pv_name = name;
  }
  return ret;
}

/**
 * List every VG with all its fields.
 */
guestfs_int_lvm_vg_list *
do_vgs_full (void)
{
  guestfs_int_lvm_vg_list *ret = malloc (sizeof *ret);

  if (ret == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  ret->val = (guestfs_int_lvm_vg *)
    report ("vgs", vg_cols, sizeof *ret->val, &ret->len);
  if (ret->val == NULL) {
    free (ret);
    return NULL;
  }
  return ret;
}

/**
 * List every LV with all its fields.
 */
guestfs_int_lvm_lv_list *
do_lvs_full (void)
{
  guestfs_int_lvm_lv_list *ret = malloc (sizeof *ret);

  if (ret == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  ret->val = (guestfs_int_lvm_lv *)
    report ("lvs", lv_cols, sizeof *ret->val, &ret->len);
  if (ret->val == NULL) {
    free (ret);
    return NULL;
  }
  return ret;
}
