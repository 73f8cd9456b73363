#!/usr/bin/env bash
# `make dist`: build on Linux what people install, into build/bin/dist/:
#   Credence-Setup-<version>.exe   Windows x64 installer (NSIS, per user)
#   credence_<version>_amd64.deb   Debian/Ubuntu package
#   SHA256SUMS
# Needs: frontend/dist built (the Makefile sees to it), makensis (Debian's nsis),
# dpkg-deb and dpkg-shlibdeps (dpkg-dev), the GTK/WebKit dev packages for the
# Linux app. Prints how long each step took; scripts/dist/check.sh checks the result.
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=${VERSION:-$(scripts/dist/version.sh)}
WINVERSION=$(scripts/dist/version.sh --windows "$VERSION")
OUT=build/bin/dist
WORK=$(mktemp -d)
# go-winres turns an icon, a manifest and version strings into a .syso that
# `go build` links into the exe; pinned, fetched from the Go module proxy.
WINRES=github.com/tc-hib/go-winres@v0.3.3
LDFLAGS="-s -w -X credence/backend/version.Version=$VERSION"
SYSO=(rsrc_windows_amd64.syso backend/cmd/credence/rsrc_windows_amd64.syso)

cleanup() { rm -rf "$WORK"; rm -f "${SYSO[@]}"; }
trap cleanup EXIT

for tool in makensis dpkg-deb dpkg-shlibdeps; do
	command -v $tool >/dev/null || { echo "dist: $tool is missing (apt-get install nsis dpkg-dev)" >&2; exit 1; }
done
[ -f frontend/dist/index.html ] || { echo "dist: build the frontend first (make dist does)" >&2; exit 1; }

t0=$SECONDS; last=$SECONDS
step() { echo "dist: $* (after $((SECONDS - last)) s)"; last=$SECONDS; }
echo "dist: version $VERSION (Windows $WINVERSION)"
rm -rf "$OUT"; mkdir -p "$OUT" "$WORK/win"

# --- Windows ---------------------------------------------------------------
# resource NAME.exe "description" DIR: version resource, icon and manifest for one exe.
resource() {
	sed -e "s|@VERSION@|$VERSION|g; s|@WINVERSION@|$WINVERSION|g; s|@FILENAME@|$1|g; s|@DESCRIPTION@|$2|g" \
		build/windows/winres.json.in >"$WORK/winres.json"
	cp build/windows/icon.ico "$WORK/icon.ico"
	go run $WINRES make --in "$WORK/winres.json" --arch amd64 --out "$3/rsrc"
}
resource credence-app.exe "Credence 信鉴" .
resource credence.exe "Credence command line" backend/cmd/credence
step "Windows resources"

export GOOS=windows GOARCH=amd64 CGO_ENABLED=0
go build -tags desktop,production -ldflags "$LDFLAGS -H windowsgui" -o "$WORK/win/credence-app.exe" .
step "Windows app"
go build -ldflags "$LDFLAGS" -o "$WORK/win/credence.exe" ./backend/cmd/credence
step "Windows CLI"
unset GOOS GOARCH CGO_ENABLED
rm -f "${SYSO[@]}"

# The WebView2 bootstrapper Wails embeds, from the module already in go.sum.
WV2="$(go list -m -f '{{.Dir}}' github.com/wailsapp/wails/v2)/internal/webview2runtime/MicrosoftEdgeWebview2Setup.exe"
[ -f "$WV2" ] || { echo "dist: WebView2 bootstrapper not found at $WV2" >&2; exit 1; }
SETUP="Credence-Setup-$VERSION.exe"
makensis -V2 -NOCD \
	-DVERSION="$VERSION" -DWINVERSION="$WINVERSION" \
	-DAPP_EXE="$WORK/win/credence-app.exe" -DCLI_EXE="$WORK/win/credence.exe" \
	-DICON="$PWD/build/windows/icon.ico" -DWEBVIEW2_BOOTSTRAPPER="$WV2" \
	-DOUTFILE="$PWD/$OUT/$SETUP" build/windows/installer/credence.nsi
step "Windows installer"

# --- Debian/Ubuntu -----------------------------------------------------------
ROOT="$WORK/deb"
mkdir -p "$ROOT/DEBIAN" "$ROOT/usr/bin" "$ROOT/usr/share/applications" "$ROOT/usr/share/doc/credence"
go build -tags desktop,production,webkit2_41 -ldflags "$LDFLAGS" -o "$ROOT/usr/bin/credence-app" .
go build -ldflags "$LDFLAGS" -o "$ROOT/usr/bin/credence" ./backend/cmd/credence
step "Linux app and CLI"
install -m 0644 build/linux/credence.desktop "$ROOT/usr/share/applications/credence.desktop"
for s in 48 128 256; do
	install -D -m 0644 "build/linux/credence-$s.png" "$ROOT/usr/share/icons/hicolor/${s}x$s/apps/credence.png"
done
install -m 0644 build/linux/copyright "$ROOT/usr/share/doc/credence/copyright"
# The libraries the binaries link, as package names with versions (what
# debhelper would compute); GTK 3 and WebKitGTK 4.1 are among them.
mkdir -p "$WORK/shlibs/debian"
printf 'Source: credence\n\nPackage: credence\nArchitecture: amd64\n' >"$WORK/shlibs/debian/control"
DEPENDS=$(cd "$WORK/shlibs" && dpkg-shlibdeps -O "$ROOT/usr/bin/credence-app" "$ROOT/usr/bin/credence" 2>/dev/null |
	sed -n 's/^shlibs:Depends=//p')
case "$DEPENDS" in *libgtk-3-0*libwebkit2gtk-4.1-0* | *libwebkit2gtk-4.1-0*libgtk-3-0*) ;;
*) echo "dist: unexpected dependencies: $DEPENDS" >&2; exit 1 ;;
esac
SIZE=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
sed -e "s|@VERSION@|$VERSION|; s|@SIZE@|$SIZE|; s|@DEPENDS@|$DEPENDS|" build/linux/control.in >"$ROOT/DEBIAN/control"
find "$ROOT" -type d -exec chmod 0755 {} +
DEB="credence_${VERSION}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$OUT/$DEB" >/dev/null
step "Debian package"

(cd "$OUT" && sha256sum "$SETUP" "$DEB" >SHA256SUMS)
echo "dist: built in $((SECONDS - t0)) s:"
(cd "$OUT" && ls -l "$SETUP" "$DEB" SHA256SUMS)
