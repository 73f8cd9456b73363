# Release packaging (issue 18), included from the Makefile:
#   make dist        the Windows installer, the Debian package and their SHA-256 sums in build/dist/
#   make dist-check  checks what `make dist` built (PE32+, version resource, installer contents,
#                    Windows builds of every package and test binary, dpkg -i / run / dpkg -r)

# The one version string, from git (scripts/dist/version.sh); override with VERSION=...
ifndef VERSION
VERSION := $(shell scripts/dist/version.sh)
endif
VERSION_LDFLAGS := -X credence/backend/version.Version=$(VERSION)
