# guestkit — rules shared by the virt-* tools (tools/<name>/Makefile.am).
# SPDX-License-Identifier: GPL-2.0-or-later

TOOL_INCLUDES = $(AM_CPPFLAGS) -I$(top_srcdir)/library -I$(top_builddir)/library \
	-I$(top_srcdir)/common/utils -I$(top_srcdir)/common/options
TOOL_WARN = $(WARN_CFLAGS) $(WERROR_CFLAGS) $(SANITIZER_CFLAGS)
TOOL_LINKLIBS = $(top_builddir)/common/options/liboptions.la \
	$(top_builddir)/library/libguestfs.la \
	$(top_builddir)/common/utils/libutils.la
TOOL_LINKOPTS = $(SANITIZER_CFLAGS)

# Man pages are written in POD next to the tool (virt-NAME.pod).
SUFFIXES = .pod .1
.pod.1:
	$(AM_V_GEN)podchecker -warnings -warnings $< 2>&1 | grep -v 'pod syntax OK' >&2; \
	pod2man --utf8 --section 1 --center "guestkit" --release "guestkit $(VERSION)" \
	  --name "$$(basename $@ .1 | tr a-z A-Z)" $< > $@.tmp && mv $@.tmp $@
CLEANFILES = *.1
