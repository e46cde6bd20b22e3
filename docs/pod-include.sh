#!/bin/sh
# guestkit — docs/pod-include.sh: expand __INCLUDE:NAME__ lines in POD.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: pod-include.sh FILE.pod DIR...
#
# Prints FILE.pod with each line that reads exactly __INCLUDE:NAME__
# replaced by the contents of the first DIR/NAME that exists (POD has
# no include directive; the manual pages pull their generated parts in
# this way).  Fails if an included file is missing.

set -e
file="$1"
shift

find_include () {
  for d in "$@"; do
    if [ -f "$d/$name" ]; then
      echo "$d/$name"
      return 0
    fi
  done
  echo "pod-include.sh: $file: $name not found" >&2
  return 1
}

while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    __INCLUDE:*__)
      name="${line#__INCLUDE:}"
      name="${name%__}"
      path="$(find_include "$@")"
      cat "$path"
      ;;
    *)
      printf '%s\n' "$line"
      ;;
  esac
done < "$file"
