#!/usr/bin/env bash
# The one version string of a build, from git:
#   on a tag v1.2.3           -> 1.2.3
#   after it (or with no tag) -> 1.2.3+N.gHASH   (N commits since the tag, or in all)
#   with uncommitted changes  -> ... .dirty
# The form is valid semver and a valid Debian upstream version (no hyphen), so the
# same string names the .deb, the installer and what `credence version` prints.
# With no tag yet the base is wails.json's productVersion.
# `version.sh --windows [VERSION]` prints the four numbers a Windows version resource
# needs, of VERSION when given.
set -euo pipefail
cd "$(dirname "$0")/../.."

base=$(sed -n 's/.*"productVersion": *"\([0-9.]*\)".*/\1/p' wails.json)
base=${base:-0.0.0}
if ! git rev-parse --git-dir >/dev/null 2>&1; then
	v="$base+unknown"; count=0
elif tag=$(git describe --tags --abbrev=0 --match 'v[0-9]*' 2>/dev/null); then
	base=${tag#v}
	count=$(git rev-list --count "$tag"..HEAD)
else
	count=$(git rev-list --count HEAD)
fi
if [ -z "${v:-}" ]; then
	v=$base
	if [ "$count" != 0 ]; then v="$base+$count.g$(git rev-parse --short=7 HEAD)"; fi
	if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
		case $v in *+*) v="$v.dirty" ;; *) v="$v+dirty" ;; esac
	fi
fi

if [ "${1:-}" = --windows ]; then
	# From the given version string if any (so it always matches it), else from git.
	if [ -n "${2:-}" ]; then
		v=$2; base=${v%%+*}; count=0
		case $v in *+[0-9]*) count=${v#*+}; count=${count%%[!0-9]*} ;; esac
	fi
	IFS=. read -r a b c _ <<<"${base%%[!0-9.]*}"
	echo "${a:-0}.${b:-0}.${c:-0}.$count"
else
	echo "$v"
fi
