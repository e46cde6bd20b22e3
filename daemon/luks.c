/* guestkit — guestfsd, the daemon that runs inside the appliance.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the LUKS commands (C<luks_format>,
 * C<luks_format_cipher>, C<luks_add_key>, C<luks_kill_slot>,
 * C<luks_uuid>, C<cryptsetup_open>, C<cryptsetup_close> and the
 * deprecated C<luks_open>, C<luks_open_ro>, C<luks_close>) by running
 * cryptsetup.
 *
 * Keys never appear on a command line or in a log: the key that
 * unlocks goes to cryptsetup's stdin (C<--key-file=->, read to the
 * end, so any byte is allowed), and a new key for C<luks_add_key> is
 * written to a 0600 file in a private 0700 directory of the
 * appliance's F</tmp> (a tmpfs) that is removed afterwards.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "actions.h"
#include "lvm-int.h"

/* Longest device-mapper name we accept. */
#define MAX_MAPNAME 127
/* LUKS2 has 32 key slots (LUKS1: 8; cryptsetup checks). */
#define MAX_KEYSLOT 31

/* Run cryptsetup with ARGV, KEY (may be NULL) on its stdin.  0, or -1
 * after replying with cryptsetup's message. */
static int
run_cryptsetup (const char *const *argv, const char *key)
{
  CLEANUP_FREE char *err = NULL;

  if (commandv_stdin (NULL, &err, key, key ? strlen (key) : 0, argv) == -1) {
    reply_with_error ("%s", err && err[0] ? lvm_tidy_message (err)
                      : "cryptsetup failed");
    return -1;
  }
  return 0;
}

/* A key slot number.  0 or -1 after replying. */
static int
check_keyslot (int keyslot)
{
  if (keyslot < 0 || keyslot > MAX_KEYSLOT) {
    reply_with_error ("keyslot must be between 0 and %d", MAX_KEYSLOT);
    return -1;
  }
  return 0;
}

/* A device-mapper name of ours: [A-Za-z0-9_.+-], not starting with
 * '-', not "control", "." or "..".  0 or -1 after replying. */
static int
check_mapname (const char *name)
{
  size_t len = strlen (name);

  if (len == 0 || len > MAX_MAPNAME || name[0] == '-' ||
      strcmp (name, "control") == 0 || strcmp (name, ".") == 0 ||
      strcmp (name, "..") == 0 ||
      strspn (name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
              "0123456789+_.-") != len) {
    reply_with_error ("%s: invalid mapping name", name);
    return -1;
  }
  return 0;
}

/* Format DEVICE as LUKS with KEY in KEYSLOT, using CIPHER if not
 * NULL. */
static int
luks_format (const char *device, const char *key, int keyslot,
             const char *cipher)
{
  char slot[16];
  const char *argv[] = {
    "cryptsetup", "-q", "luksFormat", "--key-file=-", "--key-slot", slot,
    device, cipher ? "--cipher" : NULL, cipher, NULL
  };

  if (check_keyslot (keyslot) == -1)
    return -1;
  if (cipher && (cipher[0] == '\0' || cipher[0] == '-' ||
                 strspn (cipher, "abcdefghijklmnopqrstuvwxyz"
                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:_.") !=
                 strlen (cipher))) {
    reply_with_error ("%s: invalid cipher", cipher);
    return -1;
  }
  snprintf (slot, sizeof slot, "%d", keyslot);
  return run_cryptsetup (argv, key);
}

/**
 * Erase C<device> and make it a LUKS device unlocked by C<key> in
 * C<keyslot>.
 */
int
do_luks_format (const char *device, const char *key, int keyslot)
{
  return luks_format (device, key, keyslot, NULL);
}

/**
 * As C<luks_format>, with the cipher C<cipher>.
 */
int
do_luks_format_cipher (const char *device, const char *key, int keyslot,
                       const char *cipher)
{
  return luks_format (device, key, keyslot, cipher);
}

/* Write KEY to a new 0600 file in a new private directory: DIR (a
 * "/tmp/luksXXXXXX" buffer) and FILE (at least sizeof DIR + 8) are
 * filled in.  0 or -1 after replying (nothing left behind). */
static int
write_key_file (char *dir, char *file, size_t file_size, const char *key)
{
  int fd;
  size_t len = strlen (key);
  ssize_t r = 0;

  if (mkdtemp (dir) == NULL) {
    reply_with_perror ("mkdtemp");
    return -1;
  }
  snprintf (file, file_size, "%s/key", dir);
  fd = open (file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    r = write (fd, key, len);
  if (fd == -1 || r != (ssize_t) len || close (fd) == -1) {
    reply_with_perror ("writing the new key");
    if (fd >= 0)
      unlink (file);
    rmdir (dir);
    return -1;
  }
  return 0;
}

/**
 * Add C<newkey> in C<keyslot> (which must be free) of the LUKS
 * device C<device>, unlocked with C<key>.
 */
int
do_luks_add_key (const char *device, const char *key, const char *newkey,
                 int keyslot)
{
  char dir[] = "/tmp/luksXXXXXX", file[sizeof dir + 8], slot[16];
  const char *argv[] = {
    "cryptsetup", "-q", "luksAddKey", "--key-file=-", "--key-slot", slot,
    device, file, NULL
  };
  int r;

  if (check_keyslot (keyslot) == -1 ||
      write_key_file (dir, file, sizeof file, newkey) == -1)
    return -1;
  snprintf (slot, sizeof slot, "%d", keyslot);
  r = run_cryptsetup (argv, key);
  unlink (file);
  rmdir (dir);
  return r;
}

/**
 * Remove the key in C<keyslot> of C<device>, unlocking with C<key>
 * (another slot's key).
 */
int
do_luks_kill_slot (const char *device, const char *key, int keyslot)
{
  char slot[16];
  const char *argv[] = {
    "cryptsetup", "-q", "luksKillSlot", "--key-file=-", device, slot, NULL
  };

  if (check_keyslot (keyslot) == -1)
    return -1;
  snprintf (slot, sizeof slot, "%d", keyslot);
  return run_cryptsetup (argv, key);
}

/**
 * Return the UUID of the LUKS device C<device>.
 */
char *
do_luks_uuid (const char *device)
{
  const char *argv[] = { "cryptsetup", "luksUUID", device, NULL };
  CLEANUP_FREE char *err = NULL;
  char *out = NULL;

  if (commandv (&out, &err, argv) == -1) {
    CLEANUP_FREE char *ext = device_to_external (device);
    reply_with_error ("%s: not a LUKS device (%s)", ext ? ext : device,
                      err && err[0] ? lvm_tidy_message (err) : "?");
    free (out);
    return NULL;
  }
  if (out == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  trim_newline (out);
  return out;
}

/* The cryptsetup --type for DEVICE: CRYPTTYPE if given (checked),
 * else "bitlk" for a BitLocker volume, "luks" otherwise.  NULL after
 * replying. */
static const char *
open_type (const char *device, const char *crypttype)
{
  const char *argv[] = {
    "blkid", "-p", "-o", "value", "-s", "TYPE", device, NULL
  };
  CLEANUP_FREE char *out = NULL;

  if (crypttype) {
    if (strcmp (crypttype, "luks") == 0 || strcmp (crypttype, "bitlk") == 0)
      return crypttype;
    reply_with_error ("%s: unknown crypttype (use luks or bitlk)", crypttype);
    return NULL;
  }
  if (commandv (&out, NULL, argv) == 0 && out &&
      strncmp (out, "BitLocker", 9) == 0)
    return "bitlk";
  return "luks";
}

/* Open DEVICE with KEY as /dev/mapper/MAPNAME. */
static int
crypt_open (const char *device, const char *key, const char *mapname,
            bool readonly, const char *crypttype)
{
  const char *type;
  const char *argv[] = {
    "cryptsetup", "open", "--key-file=-", "--type", NULL, device, mapname,
    readonly ? "--readonly" : NULL, NULL
  };

  if (check_mapname (mapname) == -1)
    return -1;
  /* dm-crypt and the cipher modes LUKS uses most are modules. */
  command (NULL, NULL, "modprobe", "-a", "dm_crypt", "xts", "essiv", NULL);
  type = open_type (device, crypttype);
  if (type == NULL)
    return -1;
  argv[4] = type;
  return run_cryptsetup (argv, key);
}

/**
 * Open the encrypted C<device> with C<key> as F</dev/mapper/mapname>;
 * optional C<readonly> and C<crypttype> (luks or bitlk; guessed if
 * absent).
 */
int
do_cryptsetup_open (const char *device, const char *key, const char *mapname,
                    int readonly, const char *crypttype)
{
  bool ro = (optargs_bitmask & 1) && readonly;

  return crypt_open (device, key, mapname, ro,
                     (optargs_bitmask & 2) ? crypttype : NULL);
}

/**
 * Close the mapping C<device> (F</dev/mapper/NAME>).
 */
int
do_cryptsetup_close (const char *device)
{
  const char *argv[] = { "cryptsetup", "close", NULL, NULL };

  if (strncmp (device, "/dev/mapper/", 12) != 0) {
    CLEANUP_FREE char *ext = device_to_external (device);
    reply_with_error ("%s: not a /dev/mapper device", ext ? ext : device);
    return -1;
  }
  if (check_mapname (device + 12) == -1)
    return -1;
  argv[2] = device + 12;
  return run_cryptsetup (argv, NULL);
}

/**
 * Deprecated: C<cryptsetup_open> of a LUKS device.
 */
int
do_luks_open (const char *device, const char *key, const char *mapname)
{
  return crypt_open (device, key, mapname, false, "luks");
}

/**
 * Deprecated: read-only C<cryptsetup_open> of a LUKS device.
 */
int
do_luks_open_ro (const char *device, const char *key, const char *mapname)
{
  return crypt_open (device, key, mapname, true, "luks");
}

/**
 * Deprecated: C<cryptsetup_close>.
 */
int
do_luks_close (const char *device)
{
  return do_cryptsetup_close (device);
}
