#!/bin/bash
# guestkit — the Python binding (bindings/python): test-python.py under
# the interpreter configure found, from the build tree.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/../functions.sh"

[ -n "${GUESTKIT_PYTHON:-}" ] ||
    skip_all "the Python binding is not built (--disable-python, or no python3-dev)"
opt=
[ -r "${LIBGUESTFS_PATH:-}/kernel" ] || opt=--no-appliance
"$GUESTKIT_PYTHON" "$(dirname "$0")/test-python.py" "$scratch" $opt
