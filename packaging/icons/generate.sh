#!/usr/bin/env bash
# Regenerates the app icon set from the SVG sources in this directory:
#   png/nhi-companion-<N>.png  N = 16 24 32 48 64 128 256 512 (16 and 24 from the simplified
#                              nhi-companion-small.svg, the rest from nhi-companion.svg)
#   nhi-companion.ico          16 24 32 48 64 256 (256 stored as PNG), for the Windows .exe and installer
#   nhi-companion.icns         16 32 48 128 256 512, for the macOS .app
# Tools (Debian): librsvg2-bin (rsvg-convert), icoutils (icotool), icnsutils (png2icns).
# The outputs are committed; run this only after editing an SVG.
set -euo pipefail
cd "$(dirname "$0")"

for tool in rsvg-convert icotool png2icns; do
    command -v "$tool" >/dev/null || {
        echo "generate.sh: $tool missing (apt-get install librsvg2-bin icoutils icnsutils)" >&2
        exit 1
    }
done

mkdir -p png
for n in 16 24 32 48 64 128 256 512; do
    src=nhi-companion.svg
    ((n <= 24)) && src=nhi-companion-small.svg
    rsvg-convert --width "$n" --height "$n" "$src" -o "png/nhi-companion-$n.png"
done

icotool --create -o nhi-companion.ico \
    png/nhi-companion-{16,24,32,48,64}.png --raw=png/nhi-companion-256.png
png2icns nhi-companion.icns png/nhi-companion-{16,32,48,128,256,512}.png >/dev/null

ls -l png nhi-companion.ico nhi-companion.icns
