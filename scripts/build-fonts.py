#!/usr/bin/env python3
"""Builds the fonts the app carries inside its binary (assets/fonts/), reproducibly.

    pip install fonttools==4.68.0 lz4==4.4.5
    scripts/build-fonts.py            # needs npm and apt-get download (Debian) on the PATH

1. Noto Sans TC Regular and Bold (OFL), exactly the TTFs of the npm package
   @expo-google-fonts/noto-sans-tc 0.4.3 (checked by SHA-256), subset to what the app can ever
   show: every character of Big5 and Big5-HKSCS (a card's name field is Big5, rare HKSCS name
   characters included), Latin, punctuation and symbols, and every character of the app's own
   texts (i18n/, src/). Then compressed as an LZ4 block (high compression, size in front):
   the app unpacks them at start-up (`ui::fonts`), fast enough not to be noticed (zstd packs
   a fifth tighter but unpacks several times slower in pure Rust), into the same memory the
   mapped fonts took before.
2. The 44 Big5/HKSCS characters Noto Sans TC itself lacks: the control pictures (␀ …) from
   Noto Sans Symbols 2 (OFL; Debian fonts-noto-core 20201225-1),
   `NotoSansSymbols2-Regular.subset.ttf`; the rest (HKSCS's IPA letters, ˆ ˍ ≒) from DejaVu
   Sans (Debian fonts-dejavu-core 2.37), renamed "NHI Companion Symbols" as its licence asks
   of a modified copy: `NhiSymbols-Regular.ttf`.

`tests/font_coverage.rs` proves every Big5/HKSCS character (as encoding_rs decodes Big5) has a
glyph in the bundled fonts, and that the Chinese fonts cover every text of the app.
"""

import glob
import hashlib
import os
import subprocess
import sys
import tempfile

from fontTools import subset
from fontTools.ttLib import TTFont
import lz4.block

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "assets", "fonts")

NOTO_PACKAGE = "@expo-google-fonts/noto-sans-tc@0.4.3"
NOTO = {
    "Regular": ("400Regular/NotoSansTC_400Regular.ttf",
                "add35d53f70727657b4509531677c4e3712b67df3d54661efdee5d3a0c16d954"),
    "Bold": ("700Bold/NotoSansTC_700Bold.ttf",
             "ed4ae6ed781e34d0beee896e9be5d835a938ac7adabbcc1b6b6904290006f372"),
}
DEJAVU_PACKAGE = "fonts-dejavu-core=2.37-6"
DEJAVU_FILE = "usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
NOTO_CORE_PACKAGE = "fonts-noto-core=20201225-1"
SYMBOLS2_FILE = "usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf"

# Blocks kept whole (where the font has them): Latin for foreign residents' names, punctuation,
# arrows, shapes and dingbats (✓ ⚠ ○), CJK symbols, Bopomofo, full-width forms, the Big5
# compatibility and vertical forms.
BLOCKS = [
    (0x0020, 0x007E), (0x00A0, 0x024F), (0x02B0, 0x02FF), (0x0300, 0x036F),
    (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x218F), (0x2190, 0x21FF),
    (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F), (0x2580, 0x259F),
    (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x2700, 0x27BF), (0x3000, 0x303F),
    (0x3100, 0x312F), (0x31A0, 0x31BF), (0x3200, 0x33FF), (0xFE30, 0xFE6F),
    (0xFF00, 0xFFEF),
]


def big5_characters():
    """Every character a two-byte Big5 sequence decodes to: encoding_rs's (WHATWG) list, which
    the test keeps up to date, and Python's Big5-HKSCS / CP950 codecs besides."""
    chars = set()
    with open(os.path.join(OUT, "big5-characters.txt"), encoding="ascii") as f:
        for line in f:
            if not line.startswith("#"):
                chars.update(int(word, 16) for word in line.split())
    trails = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    for lead in range(0x81, 0xFF):
        for trail in trails:
            for codec in ("big5hkscs", "cp950", "big5"):
                try:
                    text = bytes([lead, trail]).decode(codec)
                except UnicodeDecodeError:
                    continue
                chars.update(ord(c) for c in text)
    return chars


def app_characters():
    """Every non-ASCII character in the app's texts and sources."""
    chars = set()
    paths = glob.glob(os.path.join(ROOT, "i18n", "**", "*.ftl"), recursive=True)
    paths += glob.glob(os.path.join(ROOT, "src", "**", "*.rs"), recursive=True)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            chars.update(ord(c) for c in f.read() if ord(c) > 0x7E)
    return chars


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def fetch_noto(work):
    subprocess.run(["npm", "pack", NOTO_PACKAGE, "--pack-destination", work],
                   check=True, stdout=subprocess.DEVNULL)
    tarball = glob.glob(os.path.join(work, "*.tgz"))[0]
    subprocess.run(["tar", "xzf", tarball, "-C", work], check=True)
    fonts = {}
    for weight, (rel, digest) in NOTO.items():
        path = os.path.join(work, "package", rel)
        if sha256(path) != digest:
            sys.exit(f"{rel}: not the expected file (SHA-256 differs)")
        fonts[weight] = path
    return fonts


def fetch_debian(work, package, path):
    """One file of a Debian package (`apt-get download`, unpacked with dpkg-deb)."""
    name = package.split("=")[0]
    subprocess.run(["apt-get", "download", package], check=True, cwd=work,
                   stdout=subprocess.DEVNULL)
    deb = glob.glob(os.path.join(work, f"{name}_*.deb"))[0]
    subprocess.run(["dpkg-deb", "-x", deb, os.path.join(work, name)], check=True)
    return os.path.join(work, name, path)


def subset_font(source, unicodes, out):
    options = subset.Options()
    # Horizontal text only; the vertical metrics are never read.
    options.drop_tables += ["vhea", "vmtx", "VORG"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    subset.save_font(font, out, options)


def rename(path, family):
    font = TTFont(path)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16, 21):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "") + "-Regular"
        elif record.nameID == 3:
            record.string = family + " (subset of DejaVu Sans)"
    font.save(path)


def main():
    wanted = big5_characters() | app_characters()
    for first, last in BLOCKS:
        wanted.update(range(first, last + 1))
    with tempfile.TemporaryDirectory() as work:
        noto = fetch_noto(work)
        covered = set()
        for weight, source in noto.items():
            plain = os.path.join(work, f"NotoSansTC-{weight}.subset.ttf")
            subset_font(source, wanted, plain)
            covered |= set(TTFont(plain).getBestCmap())
            with open(plain, "rb") as f:
                data = f.read()
            packed = lz4.block.compress(data, mode="high_compression", compression=12,
                                        store_size=True)
            target = os.path.join(OUT, f"NotoSansTC-{weight}.subset.ttf.lz4")
            with open(target, "wb") as f:
                f.write(packed)
            print(f"{target}: {len(data)} bytes, {len(packed)} compressed")
        # What Noto Sans TC lacks of Big5/HKSCS: from Noto Sans Symbols 2, else DejaVu Sans.
        missing = big5_characters() - covered
        source = fetch_debian(work, NOTO_CORE_PACKAGE, SYMBOLS2_FILE)
        from_symbols2 = missing & set(TTFont(source).getBestCmap())
        symbols2 = os.path.join(OUT, "NotoSansSymbols2-Regular.subset.ttf")
        subset_font(source, from_symbols2, symbols2)
        rest = missing - from_symbols2
        source = fetch_debian(work, DEJAVU_PACKAGE, DEJAVU_FILE)
        symbols = os.path.join(OUT, "NhiSymbols-Regular.ttf")
        subset_font(source, rest, symbols)
        rename(symbols, "NHI Companion Symbols")
        have = set(TTFont(symbols).getBestCmap()) | set(TTFont(symbols2).getBestCmap())
        print(f"{symbols2}, {symbols}: " + " ".join(chr(c) for c in sorted(missing)))
        if missing - have:
            sys.exit("no font has: " + " ".join(hex(c) for c in sorted(missing - have)))


if __name__ == "__main__":
    main()
