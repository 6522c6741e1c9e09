#!/usr/bin/env bash
# Builds the packages this (Debian/Ubuntu x86_64) machine can build, into dist/:
#   linux:   the release binary, its manual page (help2man) and nhi-companion_<v>-1_amd64.deb (cargo-deb)
#   windows: nhi-companion.exe cross-built for x86_64-pc-windows-gnu (GUI subsystem, icon,
#            manifest), the NSIS setup .exe and the per-machine .msi (wixl)
# macOS packages cannot be built here: packaging/macos/build-app.sh runs on a Mac (CI).
#
#   scripts/package.sh                 # both
#   PACKAGE_TARGETS=linux scripts/package.sh     # or windows
#
# Uses the `dist` Cargo profile (see Cargo.toml) and CARGO_TARGET_DIR (default target/).
# Prints each step's time and the sizes; writes dist/SHA256SUMS.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=${PACKAGE_TARGETS:-linux windows}
PROFILE=dist
WIN_TARGET=x86_64-pc-windows-gnu
TARGET_DIR=${CARGO_TARGET_DIR:-target}
[[ $TARGET_DIR == /* ]] || TARGET_DIR="$PWD/$TARGET_DIR"
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
DIST="$PWD/dist"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

step() {
    local name=$1 start=$SECONDS
    shift
    echo "package: $name" >&2
    "$@"
    echo "package: $name took $((SECONDS - start)) s" >&2
}

need() {
    command -v "$1" >/dev/null || {
        echo "package: $1 is missing ($2); scripts/setup-system.sh --package installs the system tools" >&2
        exit 1
    }
}

manual_page() {
    local dir=$1
    # --locale: the Chinese name in --help survives (the default C locale makes it "?").
    help2man --no-info --section=1 --locale=C.UTF-8 \
        --name="read the Taiwan NHI card and show the device authentication code" \
        --output="$dir/nhi-companion.1" "$dir/nhi-companion"
    gzip -9nf "$dir/nhi-companion.1"
}

scripts/setup-system.sh --package
mkdir -p "$DIST"

if [[ " $TARGETS " == *" linux "* ]]; then
    need cargo-deb "cargo install cargo-deb --locked"
    need help2man "Debian: help2man"
    step "linux: cargo build --profile $PROFILE" \
        cargo build --locked --profile "$PROFILE" --bin nhi-companion
    # The manual page (lintian: no-manual-page), made from the built program's --help and
    # --version so it cannot drift from the command line; an asset in Cargo.toml.
    step "linux: help2man" manual_page "$TARGET_DIR/$PROFILE"
    rm -f "$DIST"/nhi-companion_*.deb
    # --no-build: built just above; cargo-deb maps the assets' target/release/ to the profile's
    # directory. $auto in Cargo.toml: dpkg-shlibdeps adds the shared-library dependencies.
    step "linux: cargo deb" \
        cargo deb --locked --profile "$PROFILE" --no-build --no-strip --output "$DIST"
    cp "$TARGET_DIR/$PROFILE/nhi-companion" "$DIST/nhi-companion-$VERSION-linux-x86_64"
fi

if [[ " $TARGETS " == *" windows "* ]]; then
    need x86_64-w64-mingw32-gcc "Debian: gcc-mingw-w64-x86-64-posix"
    need makensis "Debian: nsis"
    need wixl "Debian: wixl"
    rustup target list --installed 2>/dev/null | grep -qx "$WIN_TARGET" || rustup target add "$WIN_TARGET"
    step "windows: cargo build --profile $PROFILE --target $WIN_TARGET" \
        cargo build --locked --profile "$PROFILE" --bin nhi-companion --target "$WIN_TARGET"
    exe="$DIST/nhi-companion-$VERSION-windows-x64.exe"
    cp "$TARGET_DIR/$WIN_TARGET/$PROFILE/nhi-companion.exe" "$exe"
    step "windows: makensis" \
        makensis -V2 -DVERSION="$VERSION" -DEXE="$exe" \
        -DOUTFILE="$DIST/nhi-companion-$VERSION-windows-x64-setup.exe" \
        packaging/windows/installer.nsi
    # wixl wants paths relative to the .wxs (it crashes on absolute ones).
    wxs_dir=packaging/windows
    step "windows: wixl" \
        wixl --arch x64 -D Version="$VERSION" \
        -D Exe="$(realpath --relative-to="$wxs_dir" "$exe")" \
        -D SourceRoot="$(realpath --relative-to="$wxs_dir" .)" \
        -o "$DIST/nhi-companion-$VERSION-windows-x64.msi" "$wxs_dir/nhi-companion.wxs"
fi

(cd "$DIST" && rm -f SHA256SUMS && sha256sum -- * >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
echo "package: built in dist/ (bytes):" >&2
(cd "$DIST" && find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%12s  %f\n' | sort -k2) >&2
