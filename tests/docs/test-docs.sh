#!/bin/bash
# guestkit — the manual pages agree with the programs (no appliance):
# for every guestfish command, `guestfish help CMD' and guestfish(1)
# carry the same usage line, summary, description and aliases; the
# options of `guestfish --help' and of each virt-* tool's --help are
# exactly those its page documents; every function of guestfs.h has
# its entry in guestfs(3); podchecker finds nothing; man renders each
# page.
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../functions.sh"

top=${GUESTKIT_TOP_BUILDDIR:?run me through ./run --test}
src=${GUESTKIT_TOP_SRCDIR:-$top}
fish_pod=$top/fish/guestfish.full.pod
lib_pod=$top/docs/guestfs.full.pod
for f in "$fish_pod" "$lib_pod" "$top/fish/guestfish.1" "$top/docs/guestfs.3"; do
    [ -r "$f" ] || skip_all "$f not built"
done
cd "$scratch" || exit 1

# One line per command: name|synopsis|summary|description|aliases,
# blanks collapsed (the two sides wrap lines differently).
norm () { tr -s ' \t' '  ' | sed 's/^ //; s/ $//'; }

# From `help CMD' output (NAME, SYNOPSIS, DESCRIPTION, ALIASES).
help_record () {
    awk '
      /^[A-Z]+$/ { s = $0; next }
      s == "NAME" && /^    / { l = substr($0, 5); i = index(l, " - ")
                               n = substr(l, 1, i - 1); sd = substr(l, i + 3) }
      s == "SYNOPSIS" && /^ / { syn = $0 }
      s == "DESCRIPTION" { d = d " " $0 }
      s == "ALIASES" && /^    / { al = substr($0, 5) }
      END { gsub(/[ \t]+/, " ", d); gsub(/[ \t]+/, " ", syn)
            sub(/^ /, "", syn); sub(/^ /, "", d); sub(/ $/, "", d)
            print n "|" syn "|" sd "|" d "|" al }'
}

# From the COMMANDS section of guestfish(1) as pod2text renders it:
# "  NAME" heads, then the usage line, the summary paragraph, the
# description, "Aliases: ..." and (library commands) "C API: ...".
man_records () {
    { printf '=encoding utf8\n\n'
      sed -n '/^=head1 COMMANDS/,/^=head1 EXIT STATUS/p' "$fish_pod" |
          sed '1d;$d'; } |
        pod2text --utf8 -w 1000 | awk '
      function flush() {
        if (n == "") return
        gsub(/[ \t]+/, " ", d); sub(/^ /, "", d); sub(/ $/, "", d)
        sub(/\.$/, "", sd); sub(/\.$/, "", al)
        print n "|" syn "|" sd "|" d "|" al
      }
      function endpara() {
        if (p == "") return
        gsub(/[ \t]+/, " ", p); sub(/^ /, "", p); sub(/ $/, "", p)
        if (k == 0) syn = p
        else if (k == 1) sd = p
        else if (p ~ /^Aliases: /) al = substr(p, 10)
        else if (p !~ /^C API: /) d = d " " p
        k++; p = ""
      }
      /^  [^ ]/ { endpara(); flush(); n = substr($0, 3); k = 0
                  if (n ~ / /) n = ""     # "Shell commands", ...
                  syn = sd = d = al = ""; next }
      /^$/ { endpara(); next }
      { p = p " " $0 }
      END { endpara(); flush() }'
}

guestfish help > list || ok 1 "guestfish help lists the commands"
awk '{ print $1 }' list > names
{
    while read -r c; do echo "echo @@@"; echo "help $c"; done < names
} > script
guestfish -f script > helps 2>&1
awk -v dir="$scratch" '/^@@@$/ { n++; next } { print > (dir "/h." n) }' helps
i=0
while read -r c; do
    i=$((i + 1))
    help_record < "h.$i"
done < names | LC_ALL=C sort > from-help
man_records | LC_ALL=C sort > from-man

check_eq "guestfish help: one entry per listed command" \
    "$(wc -l < names)" "$(wc -l < from-help)"
check_eq "guestfish(1): every command has an entry, and only those" \
    "$(cut -d'|' -f1 from-help)" "$(cut -d'|' -f1 from-man)"
diff from-help from-man > records.diff
ok $? "every command: help CMD and guestfish(1) show the same usage, \
summary, description and aliases"
sed 's/^/# /' records.diff | head -20
check "the shell command edit has its entry, with its aliases vi and emacs" \
    grep -q '^edit|edit filename|edit a file|.*|vi emacs$' from-man
grep -q '^add-drive|add-drive filename \[readonly:true|false\] ' from-man
ok $? "add-drive's usage line shows optional arguments as name:value"

# The options named in a --help text: the first column of each line
# that starts with "  -" (e.g. "-a, --add IMAGE", "--listen [--csh]").
help_options () {
    grep '^  -' | sed 's/   .*//' | grep -o -- '--\?[A-Za-z][-A-Za-z0-9]*' |
        LC_ALL=C sort -u
}
# The options a POD page documents: each B<-x> / B<--xx> of its
# "=item" lines ("=item B<-a> IMAGE, B<--add> IMAGE").
pod_options () {
    grep '^=item B<-' "$1" | grep -o -- 'B<--\?[A-Za-z][-A-Za-z0-9]*' |
        sed 's/^B<//' | LC_ALL=C sort -u
}

# PROGRAM POD: every option of --help is documented, and every
# documented one is in --help or is an alias the program accepts
# (virt-ls --time for --times: "PROGRAM ALIAS --help" succeeds).
check_options () {
    local prog=$1 pod=$2 opt bad=""
    "$prog" --help | help_options > help-opts
    pod_options "$pod" > pod-opts
    check_eq "$prog: every option of --help is in its manual page" "" \
        "$(comm -23 help-opts pod-opts)"
    for opt in $(comm -13 help-opts pod-opts); do
        "$prog" "$opt" --help > /dev/null 2>&1 || bad="$bad $opt"
    done
    check_eq "$prog: every option of its manual page is in --help or \
an accepted alias" "" "$bad"
}
check_options guestfish "$fish_pod"
check_eq "guestfish --help and guestfish(1): exactly the same options" \
    "$(guestfish --help | help_options)" "$(pod_options "$fish_pod")"
for pod in "$src"/tools/*/virt-*.pod; do
    check_options "$(basename "$pod" .pod)" "$pod"
done

# Every function guestfs.h declares has a prototype in guestfs(3), and
# every call of the table its own =head2.
grep -o '^extern GUESTFS_DLL_PUBLIC [^(]*guestfs_[A-Za-z0-9_]* (' \
     "$top/library/guestfs.h" | grep -o 'guestfs_[A-Za-z0-9_]* ($' |
    sed 's/ ($//' | LC_ALL=C sort -u > h-functions
grep '^ ' "$lib_pod" | grep -o 'guestfs_[A-Za-z0-9_]* (' | sed 's/ ($//' |
    LC_ALL=C sort -u > man-functions
check_eq "every function of guestfs.h has a prototype in guestfs(3)" "" \
    "$(comm -23 h-functions man-functions)"
sed -n 's/^#define GUESTFS_HAVE_\([A-Z0-9_]*\) 1$/\1/p' \
    "$top/library/guestfs.h" | grep -v '^STRUCT_\|_OPTS$' |
    tr 'A-Z' 'a-z' | LC_ALL=C sort > h-calls
sed -n 's/^=head2 guestfs_//p' "$lib_pod" | tr 'A-Z' 'a-z' |
    LC_ALL=C sort > man-heads
check_eq "every call has its own section in guestfs(3)" "" \
    "$(comm -23 h-calls man-heads)"
grep -q '^This function returns a NULL-terminated array of strings, or NULL' \
     "$lib_pod"
ok $? "guestfs(3) says who frees a string list"

# podchecker: no error and no warning, on the whole pages.
for pod in "$fish_pod" "$lib_pod" "$src"/tools/*/virt-*.pod; do
    check_eq "podchecker $(basename "$pod")" "$pod pod syntax OK." \
        "$(podchecker -warnings -warnings "$pod" 2>&1)"
done

# Each built page renders, and its NAME line is the POD's.
for page in "$top/fish/guestfish.1" "$top/docs/guestfs.3" \
            "$top"/tools/*/virt-*.1; do
    base=$(basename "$page")
    pod=${page%.[13]}.pod
    [ -r "$pod" ] || pod=${page%.[13]}.full.pod
    want=$(sed -n '/^=head1 NAME$/,/^=head1/{/^[a-z]/p}' "$pod")
    got=$(MANWIDTH=200 man -l "$page" 2>/dev/null |
              sed -n '/^NAME$/{n;p}' | sed 's/^ *//')
    check_eq "man -l $base: renders its NAME line" "$want" "$got"
    check_eq "groff: $base has no warnings" "" \
        "$(groff -man -Tutf8 -ww -z "$page" 2>&1)"
done

done_testing
