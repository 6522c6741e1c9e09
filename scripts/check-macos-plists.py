#!/usr/bin/env python3
"""Checks the macOS bundle configuration in packaging/macos/ on any machine (CI runs Linux).

The .app is built only on a macOS runner at release time (packaging/macos/build-app.sh), so a
typo in Info.plist, the entitlements or the localized names would otherwise first show there,
or in users' hands. This reads every file the way build-app.sh uses it (Info.plist with
@VERSION@ filled in from Cargo.toml) with Python's plistlib and checks what Apple and our
other packaging files expect. Exit 1 and one line per problem when anything is off.

    python3 scripts/check-macos-plists.py [REPO_ROOT]
"""

import plistlib
import re
import sys
from pathlib import Path

# The repository root; another root (a copy with a planted typo) can be given to try the checks.
ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
MACOS = ROOT / "packaging" / "macos"
problems = []


def fail(message):
    problems.append(message)


def cargo_version():
    match = re.search(r'^version = "([^"]+)"', (ROOT / "Cargo.toml").read_text(), re.M)
    return match.group(1)


def load_plist(path, text=None):
    """The parsed plist, or None (with the parser's complaint recorded)."""
    try:
        data = text.encode() if text is not None else path.read_bytes()
        return plistlib.loads(data, fmt=plistlib.FMT_XML)
    except Exception as e:  # plistlib raises several types (ExpatError, ValueError, ...)
        fail(f"{path.relative_to(ROOT)}: not a valid XML property list: {e}")
        return None


def expect(plist, name, key, kind, value=None):
    """plist[key] exists, has the type `kind` and (when given) the value."""
    if key not in plist:
        fail(f"{name}: {key} is missing")
    elif not isinstance(plist[key], kind):
        fail(f"{name}: {key} is a {type(plist[key]).__name__}, not a {kind.__name__}")
    elif value is not None and plist[key] != value:
        fail(f"{name}: {key} is {plist[key]!r}, expected {value!r}")


def check_info_plist(version):
    path = MACOS / "Info.plist"
    template = path.read_text(encoding="utf-8")
    # build-app.sh: sed "s/@VERSION@/$VERSION/g"
    text = template.replace("@VERSION@", version)
    if "@" in re.sub(r"<!--.*?-->", "", text, flags=re.S):
        fail("Info.plist: a placeholder other than @VERSION@ is left after build-app.sh's substitution")
    plist = load_plist(path, text)
    if plist is None:
        return
    name = "Info.plist"
    metainfo = next((ROOT / "packaging" / "linux").glob("*.metainfo.xml"))
    app_id = re.search(r"<id>([^<]+)</id>", metainfo.read_text()).group(1)
    # One identity everywhere: the AppStream id is the bundle id (packaging/README.md).
    expect(plist, name, "CFBundleIdentifier", str, app_id)
    # build-app.sh lipo's the binary to Contents/MacOS/nhi-companion.
    expect(plist, name, "CFBundleExecutable", str, "nhi-companion")
    expect(plist, name, "CFBundlePackageType", str, "APPL")
    expect(plist, name, "CFBundleInfoDictionaryVersion", str, "6.0")
    expect(plist, name, "CFBundleName", str)
    expect(plist, name, "CFBundleDisplayName", str)
    expect(plist, name, "CFBundleShortVersionString", str, version)
    expect(plist, name, "CFBundleVersion", str)
    expect(plist, name, "CFBundleIconFile", str)
    expect(plist, name, "LSMinimumSystemVersion", str)
    expect(plist, name, "CFBundleLocalizations", list)
    expect(plist, name, "CFBundleDevelopmentRegion", str)
    expect(plist, name, "NSHighResolutionCapable", bool, True)
    # Apple: CFBundleVersion is up to three period-separated integers; anything else (a
    # "-beta" suffix) is refused by notarization and the App Store.
    for key in ("CFBundleVersion", "CFBundleShortVersionString"):
        value = plist.get(key, "")
        if isinstance(value, str) and not re.fullmatch(r"\d+(\.\d+){0,2}", value):
            fail(f"Info.plist: {key} {value!r} is not up to three period-separated integers")
    icon = plist.get("CFBundleIconFile", "")
    icon_file = ROOT / "packaging" / "icons" / (icon if icon.endswith(".icns") else f"{icon}.icns")
    if not icon_file.is_file():
        fail(f"Info.plist: CFBundleIconFile {icon!r}: {icon_file.relative_to(ROOT)} does not exist")
    # The universal binary's halves are built for MACOSX_DEPLOYMENT_TARGET in build-app.sh.
    build = (MACOS / "build-app.sh").read_text()
    target = re.search(r"MACOSX_DEPLOYMENT_TARGET=(\S+)", build)
    if target and plist.get("LSMinimumSystemVersion") != target.group(1):
        fail(
            f"Info.plist: LSMinimumSystemVersion {plist.get('LSMinimumSystemVersion')!r} "
            f"differs from build-app.sh's MACOSX_DEPLOYMENT_TARGET {target.group(1)!r}"
        )
    # Every declared localization has its .lproj folder and every folder is declared.
    declared = set(plist.get("CFBundleLocalizations", []))
    folders = {p.stem for p in MACOS.glob("*.lproj") if p.is_dir()}
    for missing in sorted(declared - folders):
        fail(f"Info.plist: CFBundleLocalizations has {missing!r} but there is no {missing}.lproj")
    for extra in sorted(folders - declared):
        fail(f"{extra}.lproj exists but Info.plist's CFBundleLocalizations does not list it")
    for folder in sorted(folders):
        if f"{folder}.lproj" not in build:
            fail(f"build-app.sh does not copy {folder}.lproj into the bundle")


STRINGS_LINE = re.compile(r'^"([A-Za-z]+)"\s*=\s*"((?:[^"\\]|\\.)*)"\s*;$')


def check_strings():
    """InfoPlist.strings: old-style `"key" = "value";` lines and /* comments */ only."""
    keys_by_folder = {}
    for path in sorted(MACOS.glob("*.lproj/InfoPlist.strings")):
        name = str(path.relative_to(MACOS))
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as e:
            fail(f"{name}: not UTF-8: {e}")
            continue
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        keys = set()
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            match = STRINGS_LINE.match(line)
            if not match:
                fail(f"{name}:{number}: not a '\"key\" = \"value\";' line: {line!r}")
                continue
            if match.group(1) not in ("CFBundleName", "CFBundleDisplayName"):
                fail(f"{name}:{number}: unexpected key {match.group(1)!r}")
            if not match.group(2).strip():
                fail(f"{name}:{number}: {match.group(1)} is empty")
            keys.add(match.group(1))
        keys_by_folder[name] = keys
    if not keys_by_folder:
        fail("no packaging/macos/*.lproj/InfoPlist.strings")
    for name, keys in keys_by_folder.items():
        if keys != {"CFBundleName", "CFBundleDisplayName"}:
            fail(f"{name}: has {sorted(keys)}, expected CFBundleName and CFBundleDisplayName")


# Entitlements build-app.sh may sign with, and what each must say.
KNOWN_ENTITLEMENTS = {
    "com.apple.security.app-sandbox",
    "com.apple.security.smartcard",
    "com.apple.security.network.client",
    "com.apple.security.network.server",
}
REQUIRED_ENTITLEMENTS = {
    # The sandboxed build sees no reader without smartcard, and no service without network.
    "entitlements.plist": KNOWN_ENTITLEMENTS,
    "entitlements-hardened.plist": {"com.apple.security.smartcard"},
}


def check_entitlements():
    build = (MACOS / "build-app.sh").read_text()
    for file_name, required in REQUIRED_ENTITLEMENTS.items():
        path = MACOS / file_name
        if f"packaging/macos/{file_name}" not in build:
            fail(f"build-app.sh does not use {file_name}")
        plist = load_plist(path)
        if plist is None:
            continue
        if not isinstance(plist, dict):
            fail(f"{file_name}: the top level is not a dictionary")
            continue
        for key, value in plist.items():
            if key not in KNOWN_ENTITLEMENTS:
                fail(f"{file_name}: unknown entitlement {key!r} (a typo signs silently)")
            if value is not True:
                fail(f"{file_name}: {key} is {value!r}, expected <true/>")
        for key in sorted(required - plist.keys()):
            fail(f"{file_name}: {key} is missing")
    hardened = load_plist(MACOS / "entitlements-hardened.plist")
    if hardened and "com.apple.security.app-sandbox" in hardened:
        fail("entitlements-hardened.plist: the Developer ID build must not be sandboxed")


def main():
    version = cargo_version()
    check_info_plist(version)
    check_strings()
    check_entitlements()
    for message in problems:
        print(f"check-macos-plists: FAIL: {message}", file=sys.stderr)
    if problems:
        return 1
    print(f"check-macos-plists: ok: Info.plist ({version}), entitlements, InfoPlist.strings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
