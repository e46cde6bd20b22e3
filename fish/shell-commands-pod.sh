#!/bin/sh
# guestkit — fish/shell-commands-pod.sh: guestfish's shell commands as POD.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: shell-commands-pod.sh GUESTFISH API-COMMANDS.pod
#
# Prints one POD section per guestfish command that is not an API call
# (help, edit, copy-in, ...), in the form of the generated
# guestfish-commands.pod.  The text is what `GUESTFISH help CMD' prints,
# read back from the built program: the C tables in fish/ stay the one
# source of that text, as the API table is for the generated part.

set -e
fish="$1"
api_pod="$2"

# Turn the output of `help CMD' into POD.  '<' and '>' become
# entities; paragraphs indented by 8 stay verbatim.
help_to_pod () {
  awk '
    function esc(s) {
      gsub(/</, "\001", s); gsub(/>/, "\002", s)
      gsub(/\001/, "E<lt>", s); gsub(/\002/, "E<gt>", s)
      return s
    }
    function flush() { if (para != "") desc = desc para "\n\n"; para = "" }
    function add(s) { para = para (para == "" ? "" : "\n") s }
    /^[A-Z]+$/ { flush(); sect = $0; next }
    sect == "NAME" && /^    / {
      line = substr($0, 5); i = index(line, " - ")
      name = substr(line, 1, i - 1); shortdesc = substr(line, i + 3); next
    }
    sect == "SYNOPSIS" && /^ / { synopsis = $0; next }
    sect == "DESCRIPTION" && /^$/ { flush(); next }
    sect == "DESCRIPTION" && /^        / { add(" " substr($0, 9)); next }
    sect == "DESCRIPTION" { add(esc(substr($0, 5))); next }
    sect == "ALIASES" && /^    / { aliases = substr($0, 5) }
    END {
      flush()
      printf "=head2 %s\n\n", name
      printf "%s\n\n%s.\n\n%s", synopsis, esc(shortdesc), desc
      if (aliases != "") printf "Aliases: %s.\n\n", aliases
    }
  '
}

api_names="$(sed -n 's/^=head2 //p' "$api_pod")"
for cmd in $("$fish" help | awk '{ print $1 }'); do
  if ! printf '%s\n' "$api_names" | grep -qxF -- "$cmd"; then
    "$fish" help "$cmd" | help_to_pod
  fi
done
