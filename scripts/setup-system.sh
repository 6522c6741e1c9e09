#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the app and its tests need, once.
#   setup-system.sh          what running the app needs (PC/SC service + library)
#   setup-system.sh --test   also what the test suite needs (virtual reader driver, Xvfb, …)
# Already-installed packages are skipped, so a second run costs nothing and needs no network.
set -euo pipefail

packages=(pcscd libpcsclite1 libpcsclite-dev pkg-config)
# The window (winit on X11, checked by running the app on a bare Debian): X11, XKB, cursors,
# RandR, XInput; wgpu draws through Mesa's EGL/GL (or ICED_BACKEND=tiny-skia needs none).
packages+=(libx11-6 libx11-xcb1 libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6 libegl1 libgl1-mesa-dri)
if [[ "${1:-}" == "--test" ]]; then
    # vsmartcard-vpcd: the virtual reader our virtual NHI card plugs into;
    # pcsc-tools: pcsc_scan for humans debugging a test run.
    packages+=(vsmartcard-vpcd pcsc-tools procps)
    # tests/ui_xvfb.rs: a real window on a virtual display, typed into, photographed, and
    # its QR decoded by an independent decoder.
    packages+=(xvfb xdotool imagemagick zbar-tools)
    # tests/token_softhsm.rs: a real PKCS#11 module (SoftHSM2) holding a certificate token.
    packages+=(softhsm2)
fi

# setup-system.sh --package: also what scripts/package.sh needs: the Windows cross-linker, the
# installer builders (NSIS, msitools' wixl), dpkg-shlibdeps for cargo-deb's $auto, help2man for
# the manual page, and tools to inspect the built .exe and .desktop files.
if [[ "${1:-}" == "--package" ]]; then
    packages+=(gcc-mingw-w64-x86-64-posix nsis wixl dpkg-dev icoutils desktop-file-utils help2man)
    # scripts/package-check.sh: lintian for the .deb; appstreamcli for the metainfo; python3
    # (plistlib) for the macOS plists; and scripts/windows-install-check.sh: Wine to run the
    # installers (wine32 is an i386 package: the NSIS stub is 32-bit; added below), msitools'
    # msiinfo to read the .msi, jq for diagnose --json, locales' sources for a zh_TW locale.
    packages+=(lintian appstream python3 msitools jq locales wine wine64 wine32:i386)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null; then
    echo "setup-system: not a Debian/Ubuntu system; please install: ${missing[*]}" >&2
    exit 1
fi
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup-system: run as root or install sudo (missing: ${missing[*]})" >&2; exit 1; }
    sudo=(sudo)
fi
echo "setup-system: installing ${missing[*]}" >&2
# An :i386 package needs the architecture known to dpkg before apt-get update reads its lists.
if [[ " ${missing[*]}" == *":i386"* ]] && ! dpkg --print-foreign-architectures | grep -qx i386; then
    "${sudo[@]}" dpkg --add-architecture i386
fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
