#!/usr/bin/env bash
# Builds "NHI Card Companion.app" (universal: x86_64 + arm64) and a .dmg. macOS only: it
# needs lipo, codesign, hdiutil and (for notarization) xcrun notarytool, which exist only
# there. Run by .github/workflows/release.yml on a macOS runner; it cannot run on Linux.
#
#   packaging/macos/build-app.sh            # -> dist/NHI Card Companion.app, dist/nhi-companion-<v>-macos-universal.dmg
#
# Optional environment (each step is skipped when its variables are absent):
#   MACOS_SIGN_IDENTITY   "Developer ID Application: Name (TEAMID)" in the keychain -> codesign
#                         with the hardened runtime and a secure timestamp (otherwise ad-hoc).
#   MACOS_SANDBOX=1       sign with entitlements.plist (app sandbox + smartcard + network)
#                         instead of entitlements-hardened.plist.
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD (app-specific password)
#                         -> notarize the .dmg with notarytool and staple the ticket.
#   CARGO_PROFILE         default dist.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ $(uname -s) != Darwin ]]; then
    echo "build-app.sh: macOS only (lipo, codesign, hdiutil); this is $(uname -s)" >&2
    exit 2
fi

PROFILE=${CARGO_PROFILE:-dist}
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
APP_NAME="NHI Card Companion"
DIST=dist
APP="$DIST/$APP_NAME.app"
DMG="$DIST/nhi-companion-$VERSION-macos-universal.dmg"
TARGET_DIR=${CARGO_TARGET_DIR:-target}
# Both halves and the Info.plist agree on the minimum system version.
export MACOSX_DEPLOYMENT_TARGET=11.0

targets=(x86_64-apple-darwin aarch64-apple-darwin)
rustup target add "${targets[@]}" >/dev/null
for t in "${targets[@]}"; do
    cargo build --locked --profile "$PROFILE" --bin nhi-companion --target "$t"
done

rm -rf "$APP" "$DMG"
mkdir -p "$APP/Contents/MacOS" "$APP/Contents/Resources"
lipo -create -output "$APP/Contents/MacOS/nhi-companion" \
    "$TARGET_DIR/x86_64-apple-darwin/$PROFILE/nhi-companion" \
    "$TARGET_DIR/aarch64-apple-darwin/$PROFILE/nhi-companion"
lipo -info "$APP/Contents/MacOS/nhi-companion"
sed "s/@VERSION@/$VERSION/g" packaging/macos/Info.plist >"$APP/Contents/Info.plist"
plutil -lint "$APP/Contents/Info.plist"
printf 'APPL????' >"$APP/Contents/PkgInfo"
cp packaging/icons/nhi-companion.icns "$APP/Contents/Resources/"
cp -R packaging/macos/zh-Hant.lproj packaging/macos/en.lproj "$APP/Contents/Resources/"
cp assets/fonts/OFL.txt "$APP/Contents/Resources/fonts-OFL.txt"

entitlements=packaging/macos/entitlements-hardened.plist
[[ ${MACOS_SANDBOX:-} == 1 ]] && entitlements=packaging/macos/entitlements.plist
if [[ -n ${MACOS_SIGN_IDENTITY:-} ]]; then
    codesign --force --timestamp --options runtime --entitlements "$entitlements" \
        --sign "$MACOS_SIGN_IDENTITY" "$APP"
else
    echo "build-app.sh: MACOS_SIGN_IDENTITY not set: ad-hoc signature (Gatekeeper will warn)" >&2
    codesign --force --sign - --entitlements "$entitlements" "$APP"
fi
codesign --verify --strict --verbose=2 "$APP"

# The disk image: the app and a link to /Applications to drag it onto.
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$APP" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "$APP_NAME" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$DMG"
if [[ -n ${MACOS_SIGN_IDENTITY:-} ]]; then
    codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
fi

if [[ -n ${MACOS_SIGN_IDENTITY:-} && -n ${APPLE_ID:-} && -n ${APPLE_TEAM_ID:-} && -n ${APPLE_APP_PASSWORD:-} ]]; then
    xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
        --password "$APPLE_APP_PASSWORD" --wait
    xcrun stapler staple "$DMG"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG" || true
else
    echo "build-app.sh: notarization skipped (needs MACOS_SIGN_IDENTITY, APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD)" >&2
fi

ls -l "$APP/Contents/MacOS/nhi-companion" "$DMG"
