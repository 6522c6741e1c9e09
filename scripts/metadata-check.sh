#!/usr/bin/env bash
# The packages' metadata, checked from the source files (no build needed; scripts/package-check.sh
# runs it first, so a typo fails CI in seconds):
#   - the desktop entry with desktop-file-validate (no errors, no warnings, no hints),
#   - the AppStream metainfo with appstreamcli validate (no network: URLs are not fetched),
#     its newest <release> against Cargo.toml's version and its <launchable> against the
#     desktop entry's file name,
#   - the .deb's synopsis length (Cargo.toml's description) and packaging/linux/changelog's
#     newest version,
#   - the macOS Info.plist, entitlements and InfoPlist.strings (scripts/check-macos-plists.py).
# Exit 1 when any of them fails.
set -euo pipefail
cd "$(dirname "$0")/.."
# Lengths below are in characters, not bytes.
export LC_ALL=C.UTF-8

failures=0
fail() {
    echo "metadata-check: FAIL: $*" >&2
    failures=$((failures + 1))
}

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
desktop=packaging/linux/nhi-companion.desktop
metainfo=packaging/linux/io.github.nhicompanion.NhiCompanion.metainfo.xml

# desktop-file-validate exits 0 on warnings and hints: any output at all fails here.
if out=$(desktop-file-validate "$desktop" 2>&1) && [[ -z $out ]]; then
    echo "metadata-check: ok desktop-file-validate $desktop" >&2
else
    echo "$out" >&2
    fail "desktop-file-validate $desktop"
fi

# Errors and warnings fail; the one pedantic note (an upper-case letter in the id) is
# explained in packaging/README.md. --no-net: CI must not depend on reaching the URLs.
if appstreamcli validate --no-net --explain "$metainfo" >&2; then
    echo "metadata-check: ok appstreamcli validate $metainfo" >&2
else
    fail "appstreamcli validate $metainfo"
fi
# The software centre shows the newest release: it must be the version being packaged.
newest=$(grep -o '<release version="[^"]*"' "$metainfo" | head -n1 | cut -d'"' -f2)
[[ $newest == "$VERSION" ]] || fail "$metainfo: newest <release> is '$newest', Cargo.toml says '$VERSION'"
grep -q "<launchable type=\"desktop-id\">$(basename "$desktop")</launchable>" "$metainfo" ||
    fail "$metainfo: <launchable> does not name $(basename "$desktop")"

# The .deb's control file. cargo-deb cuts Cargo.toml's description into 79-character lines
# and the first one is the synopsis apt shows: longer, and the synopsis ends mid-sentence.
description=$(sed -n 's/^description = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
((${#description} <= 79)) || fail "Cargo.toml description is ${#description} characters; the .deb synopsis takes 79"
# The Debian changelog's newest entry is the package being built (cargo-deb's revision 1).
changelog_version=$(sed -n '1s/^nhi-companion (\([^)]*\)).*/\1/p' packaging/linux/changelog)
[[ $changelog_version == "$VERSION-1" ]] ||
    fail "packaging/linux/changelog: newest entry is '$changelog_version', expected '$VERSION-1'"

python3 scripts/check-macos-plists.py || fail "macOS plists (scripts/check-macos-plists.py)"

if ((failures > 0)); then
    echo "metadata-check: $failures check(s) failed" >&2
    exit 1
fi
echo "metadata-check: all metadata checks passed" >&2
