#!/usr/bin/env bash
# Writes a sample SVG of every figure type to DIR (default /tmp/phbeval-figures) and, when
# rsvg-convert is installed, a PNG beside each, to look at. Compiles Sources/Figures with the
# sample program scripts/render-figures/main.swift; no package build is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/phbeval-figures}
mkdir -p "$out"
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
cat > "$build/Imports.swift" <<'SWIFT'
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Darwin)
@_exported import Darwin
#endif
SWIFT
swiftc -module-name RenderFigures -o "$build/render-figures" Sources/Figures/*.swift "$build/Imports.swift" scripts/render-figures/main.swift
"$build/render-figures" "$out"
if command -v rsvg-convert > /dev/null; then
  for svg in "$out"/*.svg; do rsvg-convert -b white "$svg" -o "${svg%.svg}.png"; done
fi
ls "$out"
