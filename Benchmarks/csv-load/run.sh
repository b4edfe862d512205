#!/bin/sh
# Usage: Benchmarks/csv-load/run.sh [FILE] [REPETITIONS]
# Compiles the Tabular sources and main.swift (release optimisation, whole module) and times
# CSVReader.read(path:). Make the default file with: python3 Benchmarks/make_national.py
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${TMPDIR:-/tmp}/phbeval-csv-load
mkdir -p "$out"
swiftc -O -wmo -parse-as-library -module-name Tabular -emit-module -emit-module-path "$out/Tabular.swiftmodule" \
    -emit-library -static -o "$out/libTabular.a" "$root"/Sources/Tabular/*.swift
swiftc -O -I "$out" -L "$out" -lTabular -o "$out/csv-load" "$root/Benchmarks/csv-load/main.swift"
"$out/csv-load" "$@"
