/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements guestfish's prepared disk images, C<-N
 * [FILENAME=]TYPE[:PARAM...]>: it parses and checks the option,
 * creates the sparse raw file (F<test1.img>, F<test2.img>, ... unless
 * named) before the drives are added, and after launch partitions the
 * disk, sets up LVM and makes filesystems with ordinary API calls.
 * C<-N help> lists the types.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fish.h"

#define MAX_PARAMS 6

struct prep;

/* A type of prepared disk: its parameters (in order) and what to do
 * on the disk DEV after launch. */
struct prep_type {
  const char *name;
  const char *description;
  const char *params[MAX_PARAMS + 1];   /* NULL-terminated */
  int (*format) (const struct prep *p, const char *dev);
};

/* One -N option. */
struct prep {
  const struct prep_type *type;
  char *arg;                    /* the option, for messages */
  char *filename;
  char *spec;                   /* copy of TYPE:PARAMS, split in place */
  const char *values[MAX_PARAMS];       /* given or default */
  int64_t size, bootsize;
  size_t drive;                 /* index among the drives added */
};

static struct prep *preps;
static size_t nr_preps;

/* Parameter defaults, by name. */
static const struct {
  const char *name, *value, *help;
} defaults[] = {
  { "size", "1G", "the size of the disk image" },
  { "partition", "mbr", "partition table type (mbr or gpt)" },
  { "filesystem", "ext2", "the type of filesystem to use" },
  { "name", "/dev/VG/LV", "the name of the VG and LV to use" },
  { "bootfs", "ext2", "the type of filesystem to use for boot" },
  { "rootfs", "ext2", "the type of filesystem to use for root" },
  { "bootsize", "128M", "the size of the boot filesystem" },
};

static const char *
default_value (const char *name, const char **help)
{
  for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; ++i)
    if (strcmp (defaults[i].name, name) == 0) {
      if (help)
        *help = defaults[i].help;
      return defaults[i].value;
    }
  return NULL;
}

/* The value of parameter NAME (given or default). */
static const char *
param (const struct prep *p, const char *name)
{
  for (size_t i = 0; p->type->params[i]; ++i)
    if (strcmp (p->type->params[i], name) == 0)
      return p->values[i];
  return default_value (name, NULL);
}

/*-- What each type does after launch --*/

/* "/dev/sda" + N: the name of partition N. */
static char *
partition_name (const char *dev, int n)
{
  char *name;

  if (asprintf (&name, "%s%d", dev, n) == -1) {
    perror ("asprintf");
    return NULL;
  }
  return name;
}

static int
format_disk (const struct prep *p, const char *dev)
{
  (void) p;
  (void) dev;
  return 0;
}

static int
format_part (const struct prep *p, const char *dev)
{
  return guestfs_part_disk (g, dev, param (p, "partition"));
}

static int
format_fs (const struct prep *p, const char *dev)
{
  CLEANUP_FREE char *part = partition_name (dev, 1);

  if (part == NULL || format_part (p, dev) == -1)
    return -1;
  return guestfs_mkfs (g, param (p, "filesystem"), part);
}

/* Make PV a physical volume holding the VG and LV of "name", which
 * was checked to be /dev/VG/LV. */
static int
make_lv (const struct prep *p, const char *pv)
{
  const char *name = param (p, "name") + strlen ("/dev/");
  const char *slash = strchr (name, '/');
  CLEANUP_FREE char *vg = strndup (name, slash - name);
  char *pvs[2] = { (char *) pv, NULL };

  if (vg == NULL) {
    perror ("strndup");
    return -1;
  }
  if (guestfs_pvcreate (g, pv) == -1 || guestfs_vgcreate (g, vg, pvs) == -1)
    return -1;
  return guestfs_lvcreate_free (g, slash + 1, vg, 100);
}

static int
format_lv (const struct prep *p, const char *dev)
{
  CLEANUP_FREE char *part = partition_name (dev, 1);

  if (part == NULL || format_part (p, dev) == -1)
    return -1;
  return make_lv (p, part);
}

static int
format_lvfs (const struct prep *p, const char *dev)
{
  if (format_lv (p, dev) == -1)
    return -1;
  return guestfs_mkfs (g, param (p, "filesystem"), param (p, "name"));
}

/* Two partitions: boot (bootsize) from sector 64, root up to 64
 * sectors before the end; boot gets its filesystem. */
static int
boot_and_root (const struct prep *p, const char *dev, const char *boot)
{
  int64_t sectors = p->bootsize / 512;

  if (guestfs_part_init (g, dev, param (p, "partition")) == -1 ||
      guestfs_part_add (g, dev, "p", 64, 64 + sectors - 1) == -1 ||
      guestfs_part_add (g, dev, "p", 64 + sectors, -64) == -1)
    return -1;
  return guestfs_mkfs (g, param (p, "bootfs"), boot);
}

static int
format_bootroot (const struct prep *p, const char *dev)
{
  CLEANUP_FREE char *boot = partition_name (dev, 1);
  CLEANUP_FREE char *root = partition_name (dev, 2);

  if (boot == NULL || root == NULL || boot_and_root (p, dev, boot) == -1)
    return -1;
  return guestfs_mkfs (g, param (p, "rootfs"), root);
}

static int
format_bootrootlv (const struct prep *p, const char *dev)
{
  CLEANUP_FREE char *boot = partition_name (dev, 1);
  CLEANUP_FREE char *root = partition_name (dev, 2);

  if (boot == NULL || root == NULL || boot_and_root (p, dev, boot) == -1 ||
      make_lv (p, root) == -1)
    return -1;
  return guestfs_mkfs (g, param (p, "rootfs"), param (p, "name"));
}

static const struct prep_type types[] = {
  { "disk", "create a blank disk",
    { "size", NULL }, format_disk },
  { "part", "create a disk with one partition",
    { "size", "partition", NULL }, format_part },
  { "fs", "create a disk with one partition holding a filesystem",
    { "filesystem", "size", "partition", NULL }, format_fs },
  { "lv", "create a disk with a logical volume (no filesystem)",
    { "name", "size", "partition", NULL }, format_lv },
  { "lvfs", "create a disk with a logical volume holding a filesystem",
    { "name", "filesystem", "size", "partition", NULL }, format_lvfs },
  { "bootroot", "create a disk with boot and root filesystems",
    { "bootfs", "rootfs", "size", "bootsize", "partition", NULL },
    format_bootroot },
  { "bootrootlv", "create a disk with boot and root (on an LV) filesystems",
    { "name", "bootfs", "rootfs", "size", "bootsize", "partition", NULL },
    format_bootrootlv },
};

#define NR_TYPES (sizeof types / sizeof types[0])

/*-- -N help --*/

static void
print_type_help (const struct prep_type *t)
{
  printf ("-N [FILENAME=]%s", t->name);
  for (size_t i = 0; t->params[i]; ++i)
    printf ("[:%s", t->params[i]);
  for (size_t i = 0; t->params[i]; ++i)
    putchar (']');
  printf ("\n    %s\n", t->description);
  for (size_t i = 0; t->params[i]; ++i) {
    const char *help = "";
    const char *value = default_value (t->params[i], &help);
    printf ("    %-12s %-12s %s\n", t->params[i], value, help);
  }
  putchar ('\n');
}

static void
print_help (void)
{
  printf ("List of available prepared disk images:\n\n");
  for (size_t i = 0; i < NR_TYPES; ++i)
    print_type_help (&types[i]);
  printf ("The disk is named test1.img for the first -N, test2.img for the\n"
          "second and so on (existing files are overwritten), unless\n"
          "FILENAME= is given.  The appliance is launched; filesystems are\n"
          "not mounted.  Parameters that are left empty (fs::2G) keep\n"
          "their default.  Example:\n\n"
          "    guestfish -N fs:ext4:200M -m /dev/sda1\n");
}

/*-- Parsing -N --*/

static const struct prep_type *
find_type (const char *name)
{
  for (size_t i = 0; i < NR_TYPES; ++i)
    if (strcmp (types[i].name, name) == 0)
      return &types[i];
  return NULL;
}

/* Split P->spec (TYPE:PARAM:...) into the type and values. */
static int
split_spec (struct prep *p)
{
  char *type = p->spec, *s = strchr (type, ':');
  size_t n = 0;

  if (s)
    *s++ = '\0';
  p->type = find_type (type);
  if (p->type == NULL) {
    fprintf (stderr, "guestfish: -N %s: unknown type '%s' (see -N help)\n",
             p->arg, type);
    return -1;
  }
  for (; p->type->params[n]; ++n) {
    char *v = s;
    if (s && (s = strchr (s, ':')) != NULL)
      *s++ = '\0';
    p->values[n] = v && *v ? v : default_value (p->type->params[n], NULL);
  }
  if (s) {
    fprintf (stderr, "guestfish: -N %s: too many parameters for '%s' "
             "(at most %zu, see -N help)\n", p->arg, p->type->name, n);
    return -1;
  }
  return 0;
}

/* A size parameter: a positive number with an optional suffix. */
static int
parse_size (const struct prep *p, const char *name, int64_t *r)
{
  CLEANUP_FREE char *what = NULL;

  if (asprintf (&what, "guestfish: -N %s", p->arg) == -1) {
    perror ("asprintf");
    return -1;
  }
  if (parse_int64 (what, name, param (p, name), r) == -1)
    return -1;
  if (*r < 512) {
    fprintf (stderr, "%s: %s: '%s' is too small\n", what, name,
             param (p, name));
    return -1;
  }
  return 0;
}

/* "name" must be /dev/VG/LV with plain VG and LV names. */
static int
check_lv_name (const struct prep *p)
{
  const char *name = param (p, "name");
  const char *vg = name + strlen ("/dev/"), *lv = strchr (vg, '/');
  static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                           "0123456789+_.-";

  if (strncmp (name, "/dev/", 5) != 0 || lv == NULL || lv == vg ||
      lv[1] == '\0' || strspn (vg, ok) != (size_t) (lv - vg) ||
      strspn (lv + 1, ok) != strlen (lv + 1) || vg[0] == '-' || lv[1] == '-') {
    fprintf (stderr, "guestfish: -N %s: name '%s' must be /dev/VG/LV\n",
             p->arg, name);
    return -1;
  }
  return 0;
}

/* Check the sizes and names of P. */
static int
check_params (struct prep *p)
{
  if (parse_size (p, "size", &p->size) == -1)
    return -1;
  if (param (p, "name") && check_lv_name (p) == -1)
    return -1;
  if (strstr (p->type->name, "boot") == NULL)
    return 0;
  if (parse_size (p, "bootsize", &p->bootsize) == -1)
    return -1;
  /* 64 sectors before boot and after root, and room for root. */
  if (p->bootsize / 512 + 2 * 64 + 2048 > p->size / 512) {
    fprintf (stderr, "guestfish: -N %s: bootsize %s does not fit in a "
             "disk of %s\n", p->arg, param (p, "bootsize"), param (p, "size"));
    return -1;
  }
  return 0;
}

/* Parse ARG into P (filename, type, values); 0 or -1. */
static int
parse_prep (struct prep *p, const char *arg, size_t number)
{
  const char *eq = strchr (arg, '=');

  p->arg = strdup (arg);
  p->spec = strdup (eq ? eq + 1 : arg);
  if (eq)
    p->filename = strndup (arg, eq - arg);
  else if (asprintf (&p->filename, "test%zu.img", number) == -1)
    p->filename = NULL;
  if (p->arg == NULL || p->filename == NULL || p->spec == NULL) {
    perror ("guestfish: -N");
    return -1;
  }
  if (eq == arg) {
    fprintf (stderr, "guestfish: -N %s: missing file name before '='\n", arg);
    return -1;
  }
  if (split_spec (p) == -1)
    return -1;
  return check_params (p);
}

static void
free_prep (struct prep *p)
{
  free (p->arg);
  free (p->filename);
  free (p->spec);
}

/*-- The interface for fish.c --*/

/**
 * Handle C<-N ARG>: with C<help>, print the list of types and exit;
 * otherwise check ARG and remember the disk, which will be drive
 * number C<drive> (counting from 0) among those added.  Returns the
 * disk's file name (owned here, valid until exit), or NULL after
 * printing an error.
 */
const char *
prep_option (const char *arg, size_t drive)
{
  struct prep p = { .drive = drive };

  if (strcmp (arg, "help") == 0) {
    print_help ();
    guestfs_close (g);
    exit (EXIT_SUCCESS);
  }
  if (parse_prep (&p, arg, nr_preps + 1) == -1) {
    free_prep (&p);
    return NULL;
  }
  preps = realloc (preps, (nr_preps + 1) * sizeof *preps);
  if (preps == NULL) {
    perror ("guestfish: -N");
    exit (EXIT_FAILURE);
  }
  preps[nr_preps] = p;
  return preps[nr_preps++].filename;
}

/**
 * The number of C<-N> options: the appliance must be launched to
 * prepare the disks if it is not zero.
 */
size_t
prep_count (void)
{
  return nr_preps;
}

/**
 * Create each C<-N> disk as a sparse raw file, replacing any file of
 * that name.  Call before the drives are added.  Returns 0, or -1
 * after the library printed an error.
 */
int
prep_create_disks (void)
{
  for (size_t i = 0; i < nr_preps; ++i)
    if (guestfs_disk_create (g, preps[i].filename, "raw", preps[i].size,
                             -1) == -1)
      return -1;
  return 0;
}

/**
 * After launch, partition and format each C<-N> disk.  Returns 0, or
 * -1 after an error was printed.
 */
int
prep_format_disks (void)
{
  CLEANUP_FREE_STRING_LIST char **devices = guestfs_list_devices (g);
  size_t n = 0;

  if (devices == NULL)
    return -1;
  while (devices[n])
    n++;
  for (size_t i = 0; i < nr_preps; ++i) {
    if (preps[i].drive >= n) {
      fprintf (stderr, "guestfish: -N %s: disk %s is missing in the "
               "appliance\n", preps[i].arg, preps[i].filename);
      return -1;
    }
    if (preps[i].type->format (&preps[i], devices[preps[i].drive]) == -1)
      return -1;
  }
  return 0;
}

/**
 * Free what the C<-N> options left (at exit).
 */
void
prep_free (void)
{
  for (size_t i = 0; i < nr_preps; ++i)
    free_prep (&preps[i]);
  free (preps);
  preps = NULL;
  nr_preps = 0;
}
