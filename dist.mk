# Release packaging (issue 18), included from the Makefile:
#   make dist        the Windows installer, the Debian package and their SHA-256 sums in build/dist/
#   make dist-check  checks what `make dist` built (PE32+, version resource, installer contents,
#                    Windows builds of every package and test binary, dpkg -i / run / dpkg -r)

# The one version string, from git (scripts/dist/version.sh); override with VERSION=...
ifndef VERSION
VERSION := $(shell scripts/dist/version.sh)
endif
VERSION_LDFLAGS := -X credence/backend/version.Version=$(VERSION)

.PHONY: dist dist-check

dist: frontend/dist/index.html
	VERSION='$(VERSION)' scripts/dist/build.sh

# Builds first (about 4-5 minutes here), then checks (about 2 minutes).
dist-check: dist
	VERSION='$(VERSION)' scripts/dist/check.sh
