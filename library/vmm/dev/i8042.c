/* guestkit — the reset line of an i8042 keyboard controller.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements just enough of the i8042 at ports 0x60-0x64
 * to reboot: the "pulse output line" command 0xFE written to the
 * command port 0x64 tells the exit notifier the guest asked for a
 * reset (once, until the device is reset).  Every read returns 0xFF,
 * so Linux concludes there is no controller; every other write is
 * ignored.  There is no keyboard, mouse, A20 gate or output buffer.
 */

#include <config.h>

#include <stdlib.h>

#include "vmm.h"

#define I8042_CMD_OFFSET 4      /* port 0x64 */
#define I8042_CMD_RESET 0xFE    /* pulse the CPU reset line */

struct i8042 {
  struct exit_notifier n;
  bool reset_sent;
};

struct i8042 *
i8042_new (struct exit_notifier n)
{
  struct i8042 *s = calloc (1, sizeof *s);

  if (s == NULL)
    return NULL;
  s->n = n;
  return s;
}

/* Every port reads as absent. */
static uint8_t
i8042_rd (void *dev, unsigned off)
{
  return 0xFF;
}

/* A byte reaching port 0x64 is a command; only reset is acted on. */
static void
i8042_wr (void *dev, unsigned off, uint8_t v)
{
  struct i8042 *s = dev;

  if (off != I8042_CMD_OFFSET || v != I8042_CMD_RESET || s->reset_sent)
    return;
  s->reset_sent = true;
  if (s->n.exit)
    s->n.exit (s->n.opaque, VMM_EXIT_RESET, 0);
}

static void
i8042_io (void *dev, uint16_t offset, bool write, uint8_t *data,
          unsigned size)
{
  io_bytewise (dev, offset, write, data, size, i8042_rd, i8042_wr);
}

static void
i8042_reset (void *dev)
{
  struct i8042 *s = dev;

  s->reset_sent = false;
}

static void
i8042_teardown (void *dev)
{
  free (dev);
}

const struct device_ops i8042_ops = {
  .name = "i8042",
  .io = i8042_io,
  .reset = i8042_reset,
  .teardown = i8042_teardown,
};
