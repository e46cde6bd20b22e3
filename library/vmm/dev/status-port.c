/* guestkit — guestkit-vmm's private status port.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * This file implements the 4-port status device at STATUS_PORT through
 * which the appliance talks to guestkit-vmm: a 32-bit write of
 * STATUS_READY says the guest is up, a 32-bit write of STATUS_EXIT |
 * CODE (CODE 0-255) that it is exiting with status CODE.  Any other
 * value, a narrower write or one at another offset is ignored.  A
 * 32-bit read at offset 0 returns STATUS_MAGIC; every other read
 * returns all ones.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "vmm.h"

#define STATUS_CODE_MASK 0xFFu

struct status_port {
  struct exit_notifier n;
};

struct status_port *
status_port_new (struct exit_notifier n)
{
  struct status_port *s = calloc (1, sizeof *s);

  if (s == NULL)
    return NULL;
  s->n = n;
  return s;
}

static void
status_write (struct status_port *s, uint32_t v)
{
  if (v == STATUS_READY) {
    if (s->n.ready)
      s->n.ready (s->n.opaque);
  }
  else if ((v & ~STATUS_CODE_MASK) == STATUS_EXIT) {
    if (s->n.exit)
      s->n.exit (s->n.opaque, VMM_EXIT_STATUS, (int) (v & STATUS_CODE_MASK));
  }
}

static void
status_port_io (void *dev, uint16_t offset, bool write, uint8_t *data,
                unsigned size)
{
  struct status_port *s = dev;
  bool dword = offset == 0 && size == 4;

  if (write) {
    if (dword)
      status_write (s, (uint32_t) le_get (data, 4));
  }
  else if (dword)
    le_put (data, STATUS_MAGIC, 4);
  else
    memset (data, 0xFF, size > 4 ? 4 : size);
}

static void
status_port_teardown (void *dev)
{
  free (dev);
}

const struct device_ops status_port_ops = {
  .name = "status-port",
  .io = status_port_io,
  .reset = NULL,
  .teardown = status_port_teardown,
};
