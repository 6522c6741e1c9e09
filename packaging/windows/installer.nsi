; NHI Card Companion (健保卡裝置認證小幫手) - Windows installer (NSIS 3, Unicode, MUI2).
;
; Built by scripts/package.sh (Linux, Debian's `nsis`) and the release workflow (Windows):
;   makensis -DVERSION=0.1.0 -DEXE=/abs/path/nhi-companion.exe \
;            -DOUTFILE=/abs/path/nhi-companion-0.1.0-setup.exe packaging/windows/installer.nsi
;
; Install modes (MultiUser.nsh):
;   - per-machine (Program Files, HKLM; needs an administrator) or per-user
;     (%LOCALAPPDATA%\Programs, HKCU; no administrator). An administrator is asked which; a
;     standard user gets per-user without a question.
;   - command line: /AllUsers or /CurrentUser choose the mode; /S is silent; /D=C:\path sets
;     the folder (must be last).
;   - /KIOSK: service-center kiosks. Forces per-machine, writes the machine-wide configuration
;     %ProgramData%\NHI Card Companion\config.toml (kiosk = true; an existing file is kept),
;     starts the app at every logon (all users' Startup folder) and sets the Smart Card service
;     (SCardSvr) to start automatically. Silent kiosk roll-out: setup.exe /S /KIOSK
;
; The app needs the Windows Smart Card service (SCardSvr, "Smart Card" / 智慧卡); the finish
; page says so. The Traditional Chinese font is inside nhi-companion.exe: nothing to install.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef EXE
  !error "pass -DEXE=path/to/nhi-companion.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "nhi-companion-${VERSION}-setup.exe"
!endif

!define APPNAME "NHI Card Companion"
!define APPNAME_ZH "健保卡裝置認證小幫手"
!define APPEXE "nhi-companion.exe"
!define PUBLISHER "NHI Card Companion project"
!define SETTINGS_KEY "Software\NHI Card Companion"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\NHICardCompanion"

Name "${APPNAME}"
OutFile "${OUTFILE}"
BrandingText "${APPNAME} ${VERSION}"

; VIProductVersion needs four numbers.
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APPNAME} Setup"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "MIT OR Apache-2.0"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"

; ---- install mode: per-user or per-machine ------------------------------------------------
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${APPNAME}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${SETTINGS_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${SETTINGS_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh

Var Kiosk ; "1" with /KIOSK

; ---- pages --------------------------------------------------------------------------------
!define MUI_ICON "../icons/nhi-companion.ico"
!define MUI_UNICON "../icons/nhi-companion.ico"
!define MUI_ABORTWARNING

!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipInKioskMode
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE_3LINES
!define MUI_FINISHPAGE_TEXT "$(FinishText)"
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "$(RunApp)"
!define MUI_FINISHPAGE_RUN_FUNCTION RunAppUnelevated
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default when the system's UI language is neither.
!insertmacro MUI_LANGUAGE "TradChinese"
!insertmacro MUI_LANGUAGE "English"

LangString FinishText ${LANG_TRADCHINESE} "${APPNAME_ZH} 已安裝完成。$\r$\n$\r$\n本程式需要 Windows 的「智慧卡」服務 (SCardSvr)。若程式顯示「智慧卡服務沒有執行」，請開啟「服務」，啟動「智慧卡」並將啟動類型設為「自動」。$\r$\n$\r$\n請先插上讀卡機，再插入健保卡（晶片朝上）。"
LangString FinishText ${LANG_ENGLISH} "${APPNAME} has been installed.$\r$\n$\r$\nThe app needs the Windows Smart Card service (SCardSvr). If it says $\"the smart card service is not running$\", open Services, start $\"Smart Card$\" and set its startup type to Automatic.$\r$\n$\r$\nPlug in the card reader first, then insert the NHI card (chip up)."
LangString RunApp ${LANG_TRADCHINESE} "開啟 ${APPNAME_ZH}"
LangString RunApp ${LANG_ENGLISH} "Start ${APPNAME}"
LangString Need64Bit ${LANG_TRADCHINESE} "本程式需要 64 位元的 Windows 10 或更新版本。"
LangString Need64Bit ${LANG_ENGLISH} "This app needs 64-bit Windows 10 or later."
LangString KioskNeedsAdmin ${LANG_TRADCHINESE} "/KIOSK 安裝必須以系統管理員身分執行（安裝給所有使用者）。"
LangString KioskNeedsAdmin ${LANG_ENGLISH} "A /KIOSK installation must be run as an administrator (it installs for all users)."
LangString ShortcutName ${LANG_TRADCHINESE} "${APPNAME_ZH}"
LangString ShortcutName ${LANG_ENGLISH} "${APPNAME}"

; ---- install ------------------------------------------------------------------------------
Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "$(Need64Bit)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MULTIUSER_INIT

  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/KIOSK" $R1
  ${IfNot} ${Errors}
    StrCpy $Kiosk "1"
    ${If} $MultiUser.Privileges != "Admin"
    ${AndIf} $MultiUser.Privileges != "Power"
      MessageBox MB_OK|MB_ICONSTOP "$(KioskNeedsAdmin)" /SD IDOK
      SetErrorLevel 740 ; ERROR_ELEVATION_REQUIRED
      Quit
    ${EndIf}
    Call MultiUser.InstallMode.AllUsers
  ${EndIf}
FunctionEnd

Function SkipInKioskMode
  ${If} $Kiosk == "1"
    Abort
  ${EndIf}
FunctionEnd

; An elevated installer would start the app elevated too; let Explorer start it as the user.
Function RunAppUnelevated
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\${APPEXE}"'
FunctionEnd

Section "!${APPNAME}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "/oname=${APPEXE}" "${EXE}"
  File "/oname=fonts-OFL.txt" "../../assets/fonts/OFL.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Start menu (all users or this user, following the install mode).
  CreateShortcut "$SMPROGRAMS\$(ShortcutName).lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\${APPEXE}" 0

  ; Remember the mode and folder (read back by MultiUser.nsh on upgrade and uninstall).
  WriteRegStr SHCTX "${SETTINGS_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${SETTINGS_KEY}" "Kiosk" "$Kiosk"

  ; Apps & features / Programs and Features.
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APPNAME} ${APPNAME_ZH}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APPEXE},0"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" "$0"

  ${If} $Kiosk == "1"
    ; Machine-wide configuration, read by the app's kiosk mode. Kept if it already exists,
    ; so re-running the installer does not undo a site's own settings.
    SetShellVarContext all
    CreateDirectory "$APPDATA\${APPNAME}"
    SetOutPath "$APPDATA\${APPNAME}"
    SetOverwrite off
    File "/oname=config.toml" "kiosk-config.toml"
    SetOverwrite on
    SetOutPath "$INSTDIR"
    ; Only administrators and SYSTEM may change it; users read it. SIDs, not names, so this
    ; works on every Windows language (S-1-5-32-544 Administrators, S-1-5-18 SYSTEM,
    ; S-1-5-32-545 Users).
    nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$APPDATA\${APPNAME}" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
    Pop $0
    ; Start with every logon.
    CreateShortcut "$SMSTARTUP\$(ShortcutName).lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\${APPEXE}" 0
    ; The Smart Card service starts on demand by default; a kiosk wants it always there.
    nsExec::ExecToLog '"$SYSDIR\sc.exe" config SCardSvr start= auto'
    Pop $0
    nsExec::ExecToLog '"$SYSDIR\sc.exe" start SCardSvr'
    Pop $0
  ${EndIf}
SectionEnd

; ---- uninstall ----------------------------------------------------------------------------
Function un.onInit
  SetRegView 64
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "Uninstall"
  ReadRegStr $Kiosk SHCTX "${SETTINGS_KEY}" "Kiosk"

  Delete "$INSTDIR\${APPEXE}"
  Delete "$INSTDIR\fonts-OFL.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ; Shortcuts were created under both language names only if the language changed between
  ; runs; remove both.
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$SMPROGRAMS\${APPNAME_ZH}.lnk"

  ${If} $Kiosk == "1"
    Delete "$SMSTARTUP\${APPNAME}.lnk"
    Delete "$SMSTARTUP\${APPNAME_ZH}.lnk"
    SetShellVarContext all
    Delete "$APPDATA\${APPNAME}\config.toml"
    RMDir "$APPDATA\${APPNAME}"
  ${EndIf}

  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  DeleteRegKey SHCTX "${SETTINGS_KEY}"
SectionEnd
