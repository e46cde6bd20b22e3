/* guestkit — guestfish, the guest filesystem shell.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * This file implements the table of guestfish's shell commands that
 * work on guest files through host programs or drive other commands:
 * C<edit>, C<more>, C<display>, C<hexedit>, C<glob>, C<event>,
 * C<list-events>, C<delete-event>, C<reopen>, C<copy-in>, C<copy-out>
 * and C<supported>.  Each command lives in its own file.
 */

#include <config.h>

#include "fish.h"
#include "shellcmds.h"

/** The commands, sorted by name. */
const struct command_entry fish_cmds_commands[] = {
  { "copy-in", NULL, "copy local files or directories into an image",
    "copy-in local [local ...] /remotedir",
    "Copy each local file or directory, recursively, into the guest "
    "directory /REMOTEDIR, which must exist.  The last argument is "
    "always the guest directory.  No wildcards.",
    run_copy_in },
  { "copy-out", NULL, "copy remote files or directories out of an image",
    "copy-out remote [remote ...] localdir",
    "Copy each guest file or directory, recursively, into the local "
    "directory LOCALDIR, which must exist ('.' for the current one).  "
    "The last argument is always the local directory.  Wildcards "
    "work through glob:\n\n"
    " glob copy-out /home/* .",
    run_copy_out },
  { "delete-event", NULL, "delete a previously registered event handler",
    "delete-event name",
    "Remove every event handler registered under NAME by 'event'.  "
    "See also list-events.",
    run_delete_event },
  { "display", NULL, "display an image", "display filename",
    "Download the guest image file FILENAME and show it with display(1) "
    "from ImageMagick, or with the program named by the environment "
    "variable GUESTFISH_DISPLAY_IMAGE (for example eog).",
    run_display },
  { "edit", "vi emacs", "edit a file", "edit filename",
    "Download FILENAME, run an editor on the copy, and upload the "
    "result if it changed.  'edit' runs $EDITOR (vi if unset); its "
    "aliases 'vi' and 'emacs' run those editors.\n\n"
    "The new contents go to a new file in the same directory, which "
    "gets the mode, owner and extended attributes (SELinux label "
    "included) of the old file and then replaces it.  If the editor "
    "leaves the bytes as they were, or fails, nothing is uploaded and "
    "the guest file is untouched.  A symbolic link is followed: its "
    "target is edited.",
    run_edit },
  { "event", NULL, "register a handler for an event or events",
    "event name eventset \"shell script ...\"",
    "Run the shell script fragment whenever one of the events in "
    "EVENTSET is raised.  EVENTSET is a comma-separated list of event "
    "names (close, subprocess_quit, launch_done, progress, appliance, "
    "library, trace, enter, libvirt_auth, warning), or * for all.  "
    "NAME (any string, even empty) is for delete-event.\n\n"
    "The fragment runs with $SHELL -c (/bin/sh if SHELL is unset).  "
    "The event's name is in $EVENT; a message event's text is $1, "
    "and a progress event's numbers are $1 to $4 (the call, its "
    "serial, the position and the total):\n\n"
    " event \"\" close \"echo closed\"\n"
    " event \"\" progress \"echo progress: $3/$4\"\n"
    " event \"\" * \"echo $EVENT $@\"",
    run_event },
  { "glob", NULL, "expand wildcards in command",
    "glob command args...",
    "Expand the wildcards (* ? [...] {a,b}) of each argument that is "
    "a guest path or a /dev/ name, and run COMMAND once for each "
    "combination of the matches.  A pattern that matches nothing is "
    "passed unchanged.  A failing run does not stop the others, but "
    "glob then fails.\n\n"
    " glob rm-rf /home/*",
    run_glob },
  { "hexedit", NULL, "edit with a hex editor",
    "hexedit <filename|device> [<max> | <start> <max>]",
    "Download all or part of a guest file or device, edit it with "
    "$HEXEDITOR (hexedit(1) if unset), and write the bytes back where "
    "they came from if they changed.  Without a range, the file or "
    "device must be at most 16M; otherwise give MAX bytes from the "
    "start, or MAX bytes from START (both take suffixes like 1M and "
    "0x hex).  The editor must not change the length.\n\n"
    " hexedit /dev/sda 1M\n"
    " hexedit /dev/sda1 0x400 0x400",
    run_hexedit },
  { "list-events", NULL, "list event handlers", "list-events",
    "List the handlers registered with 'event', one a line: "
    "\"NAME\" (NUMBER): EVENTSET: SCRIPT.",
    run_list_events },
  { "more", "less", "view a file", "more filename",
    "Download FILENAME and show it with $PAGER (more if unset); the "
    "alias 'less' always uses less(1).",
    run_more },
  { "reopen", NULL, "close and reopen libguestfs handle", "reopen",
    "Shut the appliance down, close the handle and carry on with a new "
    "one.  The new handle keeps the error handler, verbose, trace, "
    "autosync, path and pgroup settings; drives must be added again "
    "and the event handlers are gone.  Rarely needed but for testing.",
    run_reopen },
  { "supported", NULL, "list supported groups of commands", "supported",
    "List every optional group of commands the daemon knows, each "
    "followed by yes or no: whether this appliance supports it.  The "
    "handle must be launched.",
    run_supported },
};

/** The number of entries in C<fish_cmds_commands>. */
const size_t fish_nr_cmds_commands =
  sizeof fish_cmds_commands / sizeof fish_cmds_commands[0];
