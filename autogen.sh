#!/bin/sh
# guestkit — regenerate the build system and configure.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
autoreconf -fi
./configure "$@"
