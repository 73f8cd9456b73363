; The Windows installer of Credence, built on Linux by scripts/dist/build.sh with
; Debian's makensis. Adapted from the template Wails ships
; (v2 pkg/buildassets/build/windows/installer: project.nsi, wails_tools.nsh):
; same WebView2 check and bootstrapper, but
;   - per user, no admin rights (small firms have no IT to elevate for them):
;     program in %LOCALAPPDATA%\Programs\Credence, shortcuts and the
;     Add/Remove Programs entry for the current user only;
;   - the command line credence.exe beside the app (credence-app.exe: Windows
;     file names ignore case, so the two cannot both be "credence");
;   - the uninstaller keeps the workspace (%APPDATA%\Credence) unless the
;     user ticks the box that deletes it; a silent uninstall (/S) keeps it.
; Defines passed by the build: VERSION, WINVERSION (four numbers), APP_EXE,
; CLI_EXE, ICON, WEBVIEW2_BOOTSTRAPPER, OUTFILE.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION | WINVERSION | APP_EXE | CLI_EXE | ICON | WEBVIEW2_BOOTSTRAPPER | OUTFILE
  !error "scripts/dist/build.sh passes VERSION, WINVERSION, APP_EXE, CLI_EXE, ICON, WEBVIEW2_BOOTSTRAPPER and OUTFILE"
!endif

!define DISPLAYNAME "Credence 信鉴"
!define APPFILE "credence-app.exe"
!define CLIFILE "credence.exe"
!define REGKEY "Software\Credence"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Credence"
; What the WebView2 runtime registers once installed (Microsoft's distribution guide).
!define WV2_CLIENT "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${DISPLAYNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Credence"
InstallDirRegKey HKCU "${REGKEY}" "InstallDir"
ShowInstDetails show
ShowUninstDetails show

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "WinVer.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APPFILE}"
!define MUI_UNCOMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; English first: it is the fallback; Windows in Chinese gets Chinese.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

LangString NeedWin10 ${LANG_ENGLISH} "Credence needs 64-bit Windows 10 or later."
LangString NeedWin10 ${LANG_SIMPCHINESE} "信鉴需要 64 位 Windows 10 或更高版本。"
LangString InstallingWebView2 ${LANG_ENGLISH} "Installing Microsoft Edge WebView2 Runtime…"
LangString InstallingWebView2 ${LANG_SIMPCHINESE} "正在安装 Microsoft Edge WebView2 运行时…"
LangString WebView2Failed ${LANG_ENGLISH} "The WebView2 Runtime could not be installed (no internet connection?). Credence will offer to install it when it starts."
LangString WebView2Failed ${LANG_SIMPCHINESE} "未能安装 WebView2 运行时（可能没有联网）。信鉴启动时会再次提示安装。"
LangString ProgramSection ${LANG_ENGLISH} "Program files and shortcuts"
LangString ProgramSection ${LANG_SIMPCHINESE} "程序文件和快捷方式"
LangString WorkspaceSection ${LANG_ENGLISH} "Also delete my workspace (all customer records)"
LangString WorkspaceSection ${LANG_SIMPCHINESE} "同时删除我的工作区（全部客户资料）"

VIProductVersion "${WINVERSION}"
VIFileVersion "${WINVERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${DISPLAYNAME}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "Credence team"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "Credence installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "Credence team"

Function .onInit
  ${IfNot} ${AtLeastWin10}
  ${OrIfNot} ${IsNativeAMD64}
    IfSilent +2
    MessageBox MB_OK|MB_ICONSTOP "$(NeedWin10)"
    SetErrorLevel 64
    Quit
  ${EndIf}
FunctionEnd

; The runtime ships with Windows 11 and recent Windows 10; on others run
; Microsoft's bootstrapper (the one Wails embeds), which downloads it. As a
; normal user it installs for this user only.
Function WebView2
  SetRegView 64
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WV2_CLIENT}" "pv"
  ${If} $0 != ""
  ${AndIf} $0 != "0.0.0.0"
    Return
  ${EndIf}
  ReadRegStr $0 HKCU "Software\${WV2_CLIENT}" "pv"
  ${If} $0 != ""
  ${AndIf} $0 != "0.0.0.0"
    Return
  ${EndIf}
  DetailPrint "$(InstallingWebView2)"
  InitPluginsDir
  File "/oname=$PLUGINSDIR\MicrosoftEdgeWebview2Setup.exe" "${WEBVIEW2_BOOTSTRAPPER}"
  ExecWait '"$PLUGINSDIR\MicrosoftEdgeWebview2Setup.exe" /silent /install' $1
  ${If} $1 != 0
    DetailPrint "$(WebView2Failed)"
    IfSilent +2
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(WebView2Failed)"
  ${EndIf}
FunctionEnd

Section "-Install"
  SetShellVarContext current
  Call WebView2

  SetOutPath "$INSTDIR"
  File "/oname=${APPFILE}" "${APP_EXE}"
  File "/oname=${CLIFILE}" "${CLI_EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${DISPLAYNAME}.lnk" "$INSTDIR\${APPFILE}"
  CreateShortcut "$DESKTOP\${DISPLAYNAME}.lnk" "$INSTDIR\${APPFILE}"

  WriteRegStr HKCU "${REGKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${DISPLAYNAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "Credence team"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APPFILE}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "!un.$(ProgramSection)" UnProgram
  SectionIn RO
  SetShellVarContext current
  Delete "$SMPROGRAMS\${DISPLAYNAME}.lnk"
  Delete "$DESKTOP\${DISPLAYNAME}.lnk"
  Delete "$INSTDIR\${APPFILE}"
  Delete "$INSTDIR\${CLIFILE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR" ; only if empty: never delete what the user put there
  ; WebView2's cache, which Wails keeps in %APPDATA%\<exe name>; no customer data.
  RMDir /r "$APPDATA\${APPFILE}"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "${REGKEY}"
SectionEnd

; Unticked by default, and so skipped by a silent uninstall.
Section /o "un.$(WorkspaceSection)" UnWorkspace
  SetShellVarContext current
  RMDir /r "$APPDATA\Credence"
SectionEnd
