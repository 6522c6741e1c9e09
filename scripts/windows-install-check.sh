#!/usr/bin/env bash
# The Windows installers, run: the NSIS setup .exe and the .msi in dist/ are installed, the
# installed program started, and both uninstalled again, under Wine (Debian's wine64 + wine32:
# the NSIS stub is a 32-bit program) in a throw-away prefix. Silent installs and the command
# line open no window, so no display is needed. scripts/package-check.sh runs this after the
# build; alone, against artifacts already built:
#   scripts/windows-install-check.sh          # dist/nhi-companion-<version>-windows-x64{-setup.exe,.msi}
#
# Each of   setup.exe /S /CurrentUser   (in a zh_TW locale: the Chinese shortcut name)
#           setup.exe /S /AllUsers
#           setup.exe /S /KIOSK
#           msiexec /i <msi> /qn
#           msiexec /i <msi> ADDLOCAL=Main,Kiosk /qn
# must: exit 0; put exactly the expected files in the folder README.md names; create the
# Start-menu shortcut (and a kiosk's Startup one); write the uninstall entry (read back with
# `wine reg query`); write config.toml with `kiosk = true` for a kiosk; leave an installed
# nhi-companion.exe whose `--version` prints the version and whose `diagnose --json` exits 0
# with smart_card_service "not_running" (Wine has no smart-card service) and the machine-wide
# configuration it should find; then its uninstaller (the registered QuietUninstallString,
# msiexec /x <msi> /qn) must exit 0 and leave the prefix's files as they were before the
# install, and no uninstall entry or settings key. Any deviation fails (exit 1).
#
# Wine 8.0 lacks bcryptprimitives.dll's ProcessPrng, which Rust's std imports: a test-only
# stand-in (scripts/wine/bcryptprimitives-standin.c) is built into the throw-away prefix's
# system32 when, and only when, the installed program does not load without it. What Wine
# cannot show (ACLs, the SCardSvr service, the MSI's all-users Start menu) is in
# packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
DIST=${DIST:-dist}
SETUP="$DIST/nhi-companion-$VERSION-windows-x64-setup.exe"
MSI="$DIST/nhi-companion-$VERSION-windows-x64.msi"
APP="NHI Card Companion"
APP_ZH="健保卡裝置認證小幫手"
NSIS_KEY='Software\Microsoft\Windows\CurrentVersion\Uninstall\NHICardCompanion'
SETTINGS_KEY="Software\\$APP"
# One step that hangs (a dialog nobody can click) must fail CI, not eat its 90 minutes.
STEP_TIMEOUT=${WINE_STEP_TIMEOUT:-300}

failures=0
fail() {
    echo "windows-install-check: FAIL: $*" >&2
    failures=$((failures + 1))
}
say() { echo "windows-install-check: $*" >&2; }

for tool in wine wineserver wineboot winepath x86_64-w64-mingw32-gcc msiinfo jq localedef; do
    command -v "$tool" >/dev/null || {
        say "FAIL: $tool is missing; scripts/setup-system.sh --package installs it"
        exit 1
    }
done
for f in "$SETUP" "$MSI"; do
    [[ -s $f ]] || {
        say "FAIL: $f is missing (build it with scripts/package.sh)"
        exit 1
    }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/nhi-wine.XXXXXX")
cleanup() {
    # Only this prefix's wineserver (and its processes): other Wine users are left alone.
    wineserver -k >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all HOME="$work/home"
# No Mono/Gecko install prompts; no winemenubuilder (it would write .desktop files and icons
# for the shortcuts into the host's menus).
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
unset DISPLAY WAYLAND_DISPLAY NHI_COMPANION_MACHINE_CONFIG
export LC_ALL=C.UTF-8
mkdir -p "$HOME"

# A Traditional Chinese locale for the per-user install, without touching the system's
# locales: compiled into the work folder and found through LOCPATH.
mkdir -p "$work/locale"
localedef -i zh_TW -f UTF-8 "$work/locale/zh_TW.UTF-8" || fail "localedef zh_TW.UTF-8 failed"
export LOCPATH="$work/locale"

run() { timeout "$STEP_TIMEOUT" wine "$@"; }
settle() { timeout "$STEP_TIMEOUT" wineserver -w; }
drive_c() { printf '%s' "$WINEPREFIX/drive_c"; }
# Every file and folder on drive C:, sorted.
snapshot() { (cd "$(drive_c)" && find . -mindepth 1 | LC_ALL=C sort) >"$1"; }
# `wine reg` starts the 32-bit reg.exe; /reg:64 reads the 64-bit view the installers write.
reg_query() { run reg query "$@" /reg:64 2>/dev/null | tr -d '\r'; }
reg_exists() { run reg query "$1" /reg:64 >/dev/null 2>&1; }
# One value's data ("    Name    REG_SZ    data").
reg_value() { reg_query "$1" /v "$2" | sed -n "s/^    $2    REG_[A-Z_]*    //p"; }
# The same, decoded: reg.exe writes in the console's code page, so read it in the zh_TW
# locale (code page 950, Big5) and convert, to see the Chinese name as written.
reg_text() {
    LC_ALL=zh_TW.UTF-8 timeout "$STEP_TIMEOUT" wine reg query "$1" /v "$2" /reg:64 2>/dev/null |
        iconv -f CP950 -t UTF-8 | tr -d '\r' | sed -n "s/^    $2    REG_[A-Z_]*    //p"
}
unix_path() { winepath -u "$1" 2>/dev/null | tr -d '\r'; }
win_env() { run cmd /c echo "%$1%" 2>/dev/null | tr -d '\r'; }

start=$SECONDS
say "wine: $(wine --version); prefix $WINEPREFIX"
timeout "$STEP_TIMEOUT" wineboot -i >/dev/null 2>&1 || fail "wineboot -i (creating the prefix) failed"
settle
say "prefix created in $((SECONDS - start)) s"

LOCALAPPDATA=$(win_env LOCALAPPDATA)
APPDATA=$(win_env APPDATA)
PROGRAMDATA=$(win_env ProgramData)
PROGRAMFILES=$(win_env ProgramW6432)
say "folders: LOCALAPPDATA=$LOCALAPPDATA APPDATA=$APPDATA ProgramData=$PROGRAMDATA ProgramW6432=$PROGRAMFILES"
USER_PROGRAMS="$APPDATA\\Microsoft\\Windows\\Start Menu\\Programs"
COMMON_PROGRAMS="$PROGRAMDATA\\Microsoft\\Windows\\Start Menu\\Programs"
KIOSK_CONFIG="$PROGRAMDATA\\$APP\\config.toml"

# ---- the ProcessPrng stand-in (test only, this prefix only) ------------------------------
# Decided on the real program: the MSI is installed once, its exe started, and the stand-in
# added only if that fails. The MSI is uninstalled again before the checks start.
ensure_exe_loads() {
    local exe=$1 out rc=0
    out=$(WINEDEBUG=err+module run "$exe" --version 2>&1) || rc=$?
    if ((rc == 0)); then
        say "the installed program loads under this Wine without a stand-in"
        return
    fi
    say "the installed program does not load under this Wine (exit $rc):"
    grep -m3 -i 'err:module' <<<"$out" | sed 's/^/windows-install-check:   /' >&2 || true
    grep -qi 'bcryptprimitives\|ProcessPrng' <<<"$out" ||
        fail "it fails for another reason than the known missing ProcessPrng (see above)"
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$work/bcryptprimitives.dll" \
        scripts/wine/bcryptprimitives-standin.c -ladvapi32
    cp "$work/bcryptprimitives.dll" "$(drive_c)/windows/system32/bcryptprimitives.dll"
    say "added the test-only ProcessPrng stand-in to this prefix's system32"
}

# ---- one install, checked, then uninstalled ----------------------------------------------
# check_case NAME KIND INSTDIR PROGRAMS_DIR ROOT KIOSK LOCALE -- INSTALL-ARGS...
#   KIND nsis|msi; ROOT HKCU|HKLM (where the uninstall entry belongs); KIOSK 0|1.
check_case() {
    local name=$1 kind=$2 instdir=$3 programs=$4 root=$5 kiosk=$6 locale=$7
    shift 8
    local case_start=$SECONDS before="$work/before.txt" after="$work/after.txt"
    say "---- $name"
    snapshot "$before"

    local rc=0
    if [[ $kind == nsis ]]; then
        LC_ALL=$locale run "$SETUP" "$@" || rc=$?
    else
        LC_ALL=$locale run msiexec /i "$MSI" "$@" || rc=$?
    fi
    settle
    ((rc == 0)) || fail "$name: the installer exited $rc"

    # Exactly these files: nothing missing, nothing extra (the stand-in DLL never ships).
    local expected=(fonts-OFL.txt nhi-companion.exe)
    [[ $kind == nsis ]] && expected+=(uninstall.exe)
    local dir got want
    dir=$(unix_path "$instdir")
    got=$(cd "$dir" 2>/dev/null && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort | tr '\n' ' ')
    want=$(printf '%s\n' "${expected[@]}" | LC_ALL=C sort | tr '\n' ' ')
    [[ $got == "$want" ]] || fail "$name: $instdir holds '$got', expected '$want'"

    local shortcut_name=$APP
    [[ $locale == zh_TW.UTF-8 ]] && shortcut_name=$APP_ZH
    [[ -f "$(unix_path "$programs\\$shortcut_name.lnk")" ]] ||
        fail "$name: no Start-menu shortcut $programs\\$shortcut_name.lnk"

    local key version display
    if [[ $kind == nsis ]]; then
        key="$root\\$NSIS_KEY"
    else
        key="$root\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$PRODUCT_CODE"
    fi
    if reg_exists "$key"; then
        version=$(reg_value "$key" DisplayVersion)
        [[ $version == "$VERSION" ]] || fail "$name: $key DisplayVersion is '$version'"
        [[ -n $(reg_value "$key" UninstallString) ]] || fail "$name: $key has no UninstallString"
        display=$(reg_text "$key" DisplayName)
        want=$APP
        [[ $kind == nsis ]] && want="$APP $APP_ZH"
        [[ $display == "$want" ]] || fail "$name: $key DisplayName is '$display', expected '$want'"
        say "uninstall entry $key: $display $version"
    else
        fail "$name: no uninstall entry $key"
    fi

    local config_unix
    config_unix=$(unix_path "$KIOSK_CONFIG")
    if ((kiosk)); then
        grep -qx 'kiosk = true' "$config_unix" 2>/dev/null || fail "$name: $KIOSK_CONFIG does not say kiosk = true"
        if [[ $kind == nsis ]]; then
            [[ -f "$(unix_path "$programs\\StartUp\\$APP.lnk")" ]] || fail "$name: no Startup shortcut for all users"
        fi
    else
        [[ ! -e $config_unix ]] || fail "$name: $KIOSK_CONFIG written by a non-kiosk install"
    fi

    check_installed_program "$name" "$instdir\\nhi-companion.exe" "$kiosk"

    # Uninstall the way Windows would.
    rc=0
    if [[ $kind == nsis ]]; then
        local quiet exe args
        quiet=$(reg_value "$key" QuietUninstallString)
        exe=$(sed -n 's/^"\([^"]*\)".*/\1/p' <<<"$quiet")
        read -r -a args <<<"${quiet#\""$exe"\"}"
        [[ -n $exe && " ${args[*]} " == *" /S "* ]] || fail "$name: QuietUninstallString '$quiet' is not a silent uninstall"
        LC_ALL=$locale run "$exe" "${args[@]}" || rc=$?
    else
        LC_ALL=$locale run msiexec /x "$MSI" /qn || rc=$?
    fi
    settle
    # NSIS's uninstaller deletes itself by running from a copy in %TEMP% that Windows
    # removes at the next restart: restart the prefix so that happens.
    timeout "$STEP_TIMEOUT" wineboot -r >/dev/null 2>&1 || true
    settle
    ((rc == 0)) || fail "$name: the uninstaller exited $rc"

    # What an uninstall leaves is reported, then removed, so the next case starts clean and
    # reports only its own faults.
    if reg_exists "$key"; then
        fail "$name: the uninstall entry $key is still there"
        run reg delete "$key" /f /reg:64 >/dev/null 2>&1 || true
    fi
    for r in HKCU HKLM; do
        if reg_exists "$r\\$SETTINGS_KEY"; then
            fail "$name: $r\\$SETTINGS_KEY is still there"
            run reg delete "$r\\$SETTINGS_KEY" /f /reg:64 >/dev/null 2>&1 || true
        fi
    done
    snapshot "$after"
    check_nothing_left "$name" "$before" "$after"
    say "$name: done in $((SECONDS - case_start)) s"
}

# check_installed_program NAME WINDOWS-EXE-PATH KIOSK
check_installed_program() {
    local name=$1 exe=$2 kiosk=$3 out rc=0
    out=$(run "$exe" --version 2>&1 | tr -d '\r') || rc=$?
    ((rc == 0)) || fail "$name: nhi-companion.exe --version exited $rc: $out"
    [[ $out == "nhi-companion $VERSION" ]] || fail "$name: nhi-companion.exe --version printed '$out'"

    local json="$work/diagnose.json"
    rc=0
    run "$exe" diagnose --json >"$json" 2>"$work/diagnose.err" || rc=$?
    if ((rc != 0)); then
        fail "$name: nhi-companion.exe diagnose --json exited $rc: $(head -c 600 "$work/diagnose.err")"
        return
    fi
    if ! jq -e . "$json" >/dev/null 2>&1; then
        fail "$name: diagnose --json printed no JSON: $(head -c 300 "$json")"
        return
    fi
    local state kiosk_json config_state app_version
    state=$(jq -r '.smart_card_service' "$json")
    app_version=$(jq -r '.app_version' "$json")
    kiosk_json=$(jq -r '.machine_config.kiosk' "$json")
    config_state=$(jq -r '.machine_config.state' "$json")
    say "$name: diagnose: smart_card_service=$state problems=$(jq -r '[.problems[].code] | join(",")' "$json") machine_config=$config_state kiosk=$kiosk_json"
    [[ $app_version == "$VERSION" ]] || fail "$name: diagnose reports app_version '$app_version'"
    [[ $state == not_running ]] || fail "$name: diagnose says smart_card_service '$state', expected not_running"
    jq -e 'any(.problems[]; .code == "service-not-running")' "$json" >/dev/null ||
        fail "$name: diagnose lists no service-not-running problem"
    # The Windows build gives the Windows advice (SCardSvr), not pcscd's.
    jq -e 'any(.problems[]; .code == "service-not-running" and (.hint.en | contains("SCardSvr")))' "$json" >/dev/null ||
        fail "$name: the service-not-running advice is not the Windows one: $(jq -c '.problems' "$json" | head -c 400)"
    if ((kiosk)); then
        [[ $config_state == read && $kiosk_json == true ]] ||
            fail "$name: the installed program did not read the kiosk configuration ($config_state, kiosk=$kiosk_json)"
    else
        [[ $config_state == missing && $kiosk_json == false ]] ||
            fail "$name: machine configuration is '$config_state' (kiosk=$kiosk_json), expected missing"
    fi
}

# After an uninstall the prefix holds what it held before, but for three empty folders:
# %LOCALAPPDATA%\Programs (the per-user programs folder, shared by every per-user app),
# %TEMP%\~nsuN.tmp (NSIS's uninstaller runs from a copy there, deleted at the restart; the
# empty folder stays) and C:\windows\Installer (Windows Installer's cache folder).
check_nothing_left() {
    local name=$1 before=$2 after=$3 line path c_drive
    c_drive=$(drive_c)
    while IFS= read -r line; do
        path=${line#> }
        case $line in
        "> ./users/"*"/AppData/Local/Programs" | "> ./users/"*"/Temp/~nsu"*".tmp" | "> ./windows/Installer")
            if [[ -n $(find "$c_drive/$path" -mindepth 1 -print -quit) ]]; then
                fail "$name: $path is not empty after the uninstall"
            fi
            ;;
        ">"*)
            fail "$name: left after the uninstall: $path"
            rm -rf "${c_drive:?}/$path"
            ;;
        "<"*) fail "$name: removed by the install/uninstall although it was there before: ${line#< }" ;;
        esac
    done < <(diff "$before" "$after" | grep '^[<>]' || true)
}

# ---- the runs ----------------------------------------------------------------------------
PRODUCT_CODE=$(msiinfo export "$MSI" Property | tr -d '\r' | awk -F'\t' '$1 == "ProductCode" {print $2}')
[[ $(msiinfo export "$MSI" Property | tr -d '\r' | awk -F'\t' '$1 == "ALLUSERS" {print $2}') == 1 ]] ||
    fail "the .msi does not set ALLUSERS=1 (per-machine)"
say "MSI ProductCode $PRODUCT_CODE"

run msiexec /i "$MSI" /qn || fail "probe install of the .msi failed"
settle
ensure_exe_loads "$PROGRAMFILES\\$APP\\nhi-companion.exe"
run msiexec /x "$MSI" /qn || fail "probe uninstall of the .msi failed"
settle
if ((failures > 0)); then
    say "$failures check(s) failed before the installs were checked"
    exit 1
fi

# Wine's msi.dll resolves ProgramMenuFolder to the user's Start menu even with ALLUSERS=1
# (a FIXME in its source); Windows uses the all-users one. See packaging/README.md.
check_case "setup.exe /S /CurrentUser" nsis "$LOCALAPPDATA\\Programs\\$APP" "$USER_PROGRAMS" HKCU 0 zh_TW.UTF-8 -- /S /CurrentUser
check_case "setup.exe /S /AllUsers" nsis "$PROGRAMFILES\\$APP" "$COMMON_PROGRAMS" HKLM 0 C.UTF-8 -- /S /AllUsers
check_case "setup.exe /S /KIOSK" nsis "$PROGRAMFILES\\$APP" "$COMMON_PROGRAMS" HKLM 1 C.UTF-8 -- /S /KIOSK
check_case "msiexec /i /qn" msi "$PROGRAMFILES\\$APP" "$USER_PROGRAMS" HKLM 0 C.UTF-8 -- /qn
check_case "msiexec /i ADDLOCAL=Main,Kiosk /qn" msi "$PROGRAMFILES\\$APP" "$USER_PROGRAMS" HKLM 1 C.UTF-8 -- ADDLOCAL=Main,Kiosk /qn

if ((failures > 0)); then
    say "$failures check(s) failed ($((SECONDS - start)) s)"
    exit 1
fi
say "all Windows install checks passed ($((SECONDS - start)) s)"
