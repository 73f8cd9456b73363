#!/usr/bin/env bash
# `make dist-check`: checks what `make dist` built in build/bin/dist/, as the
# issue asks (CI runs it; needs root or sudo for dpkg, Xvfb, p7zip-full, file,
# imagemagick, xdotool):
#   - the checksums match;
#   - the installer holds the app, the CLI, the uninstaller and the WebView2
#     bootstrapper; both exes are PE32+ x86-64 (the app a GUI program) with a
#     version resource carrying this version;
#   - `GOOS=windows go vet ./...` passes and every test binary builds for Windows;
#   - the .deb declares GTK 3 and WebKitGTK 4.1, installs with dpkg -i,
#     `credence version` runs from PATH, the installed app opens under Xvfb and
#     shows its first screen (screenshot in e2e/artifacts/dist-first-screen.png),
#     and dpkg -r removes every file it installed.
# Prints "N passed, 0 failed" at the end; exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=${VERSION:-$(scripts/dist/version.sh)}
WINVERSION=$(scripts/dist/version.sh --windows "$VERSION")
OUT=build/bin/dist
SETUP="$OUT/Credence-Setup-$VERSION.exe"
DEB="$OUT/credence_${VERSION}_amd64.deb"
SHOT=e2e/artifacts/dist-first-screen.png
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
WORK=$(mktemp -d)
APP_PID=""
INSTALLED=""
passed=0
t0=$SECONDS

cleanup() {
	[ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
	# A failed check must not leave the package on the machine.
	[ -n "$INSTALLED" ] && $SUDO dpkg -r credence >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "dist-check: FAIL: $*" >&2; echo "$passed passed, 1 failed"; exit 1; }
ok() { passed=$((passed + 1)); echo "dist-check: ok: $* ($((SECONDS - t0)) s)"; }

[ -f "$SETUP" ] && [ -f "$DEB" ] || fail "run make dist first: $SETUP or $DEB is missing"
(cd "$OUT" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match"
ok "checksums"

# --- Windows installer ---------------------------------------------------------
file -b "$SETUP" | grep -q "Nullsoft Installer" || fail "$SETUP is not an NSIS installer: $(file -b "$SETUP")"
7z l -slt -tPE "$SETUP" >"$WORK/setup.slt" || fail "7z cannot read $SETUP as a PE file"
grep -qxF "ProductVersion: $VERSION" "$WORK/setup.slt" || fail "the installer's version resource lacks $VERSION"
7z l "$SETUP" >"$WORK/listing" || fail "7z cannot list $SETUP"
for f in credence-app.exe credence.exe uninstall.exe '$PLUGINSDIR/MicrosoftEdgeWebview2Setup.exe'; do
	grep -qF " $f" "$WORK/listing" || fail "installer lacks $f:$(cat "$WORK/listing")"
done
ok "installer lists the app, the CLI, the uninstaller and the WebView2 bootstrapper"

7z x -y -o"$WORK/win" "$SETUP" credence-app.exe credence.exe >/dev/null || fail "7z cannot extract the exes"
for exe in credence-app.exe credence.exe; do
	kind=$(file -b "$WORK/win/$exe")
	case "$exe:$kind" in
	credence-app.exe:"PE32+ executable (GUI) x86-64"*) ;;
	credence.exe:"PE32+ executable (console) x86-64"*) ;;
	*) fail "$exe is $kind" ;;
	esac
	7z l -slt "$WORK/win/$exe" >"$WORK/$exe.slt"
	grep -qxF "ProductVersion: $VERSION" "$WORK/$exe.slt" || fail "$exe has no ProductVersion $VERSION in its version resource"
	grep -qxF "FileVersion: $WINVERSION" "$WORK/$exe.slt" || fail "$exe has no numeric FileVersion $WINVERSION"
	grep -qF ".rsrc/0/GROUP_ICON/APP" <(7z l "$WORK/win/$exe") || fail "$exe has no icon"
done
ok "credence-app.exe (GUI) and credence.exe (console) are PE32+ x86-64 with version $VERSION and the icon"

GOOS=windows GOARCH=amd64 go vet ./... || fail "GOOS=windows go vet"
ok "GOOS=windows go vet ./..."
# Build every test binary for Windows; /bin/true stands in for running it
# (Wine cannot start Go 1.24+ programs), so a compile error is the only failure.
GOOS=windows GOARCH=amd64 go test -count=1 -vet=off -exec /bin/true ./... >"$WORK/wintests" 2>&1 ||
	fail "a test binary does not build for Windows: $(grep -v '^ok\|no test files' "$WORK/wintests")"
n=$(grep -c '^ok' "$WORK/wintests" || true)
[ "$n" -gt 0 ] || fail "no Windows test binary was built"
ok "$n Windows test binaries build"

# --- Debian package --------------------------------------------------------------
depends=$(dpkg-deb -f "$DEB" Depends)
for d in libgtk-3-0 libwebkit2gtk-4.1-0; do
	[[ ", $depends" == *", $d"* ]] || fail "Depends lacks $d: $depends"
done
dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's|^\./|/|' | grep -v '/$' >"$WORK/files"
for f in /usr/bin/credence /usr/bin/credence-app /usr/share/applications/credence.desktop /usr/share/icons/hicolor/256x256/apps/credence.png; do
	grep -qxF "$f" "$WORK/files" || fail "the package lacks $f"
done
ok "the .deb declares $depends and holds the app, the CLI, the desktop entry and the icon"

if dpkg -s credence >/dev/null 2>&1; then fail "a credence package is already installed here; remove it first (dpkg -r credence)"; fi
INSTALLED=1
$SUDO dpkg -i "$DEB" >/dev/null || fail "dpkg -i"
[ "$(command -v credence)" = /usr/bin/credence ] || fail "credence is not on PATH after dpkg -i"
got=$(cd / && credence version) || fail "credence version exited $?"
[[ "$got" == "Credence $VERSION ("* ]] || fail "credence version printed $got"
ok "dpkg -i; credence version from PATH says: $got"

# The installed app, started as the desktop entry starts it, on a fresh workspace.
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/credence.desktop)
mkdir -p "$(dirname "$SHOT")" "$WORK/home"
rm -f "$SHOT"
DISPLAY_NUM=$((90 + RANDOM % 9))
while [ -e "/tmp/.X$DISPLAY_NUM-lock" ]; do DISPLAY_NUM=$((DISPLAY_NUM + 1)); done
Xvfb ":$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
trap 'cleanup; kill $XVFB_PID 2>/dev/null || true' EXIT
export DISPLAY=":$DISPLAY_NUM"
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/data" CREDENCE_DIR="$WORK/workspace" $exec_line >"$WORK/app.log" 2>&1 &
APP_PID=$!
win=""
for _ in $(seq 60); do
	win=$(xdotool search --onlyvisible --name '^Credence 信鉴$' 2>/dev/null | head -1) && [ -n "$win" ] && break
	kill -0 "$APP_PID" 2>/dev/null || fail "the installed app exited: $(cat "$WORK/app.log")"
	sleep 0.5
done
[ -n "$win" ] || fail "no Credence window appeared: $(cat "$WORK/app.log")"
title=$(xdotool getwindowname "$win")
[ "$title" = "Credence 信鉴" ] || fail "window title is $title"
# The first screen is drawn once the frontend has asked Go for the status;
# wait until the picture has settled into many colours (text, not a blank page).
colours=0
for _ in $(seq 40); do
	sleep 0.5
	import -window root "$SHOT" 2>/dev/null || continue
	colours=$(convert "$SHOT" -format %k info:)
	[ "$colours" -gt 200 ] && break
done
[ "$colours" -gt 200 ] || fail "the window stayed blank ($colours colours): $SHOT"
sleep 1; import -window root "$SHOT"
[ ! -e "$WORK/workspace/MANIFEST" ] || fail "opening the first screen created a workspace"
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
ok "the installed app opened its window \"$title\" and drew its first screen ($colours colours): $SHOT"

$SUDO dpkg -r credence >/dev/null || fail "dpkg -r"
INSTALLED=""
dpkg -s credence 2>/dev/null | grep -q '^Status: install ok installed' && fail "still installed after dpkg -r"
left=$(while read -r f; do [ -e "$f" ] && echo "$f"; done <"$WORK/files" || true)
[ -z "$left" ] || fail "dpkg -r left: $left"
! command -v credence >/dev/null || fail "credence still on PATH"
ok "dpkg -r removed every file"

echo "dist-check: done in $((SECONDS - t0)) s"
echo "$passed passed, 0 failed"
