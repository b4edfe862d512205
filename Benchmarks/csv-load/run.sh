#!/bin/sh
# Usage: Benchmarks/csv-load/run.sh [FILE] [REPETITIONS]
# Times CSVReader.read(path:) on FILE (default /tmp/national_1m.csv, made by
# `python3 Benchmarks/make_national.py`), then pandas.read_csv on the same file when pandas is
# installed, so that one run gives both figures on the same machine.
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
file=${1:-/tmp/national_1m.csv}
repetitions=${2:-5}
out=${TMPDIR:-/tmp}/phbeval-csv-load
mkdir -p "$out"
swiftc -O -wmo -parse-as-library -module-name Tabular -emit-module -emit-module-path "$out/Tabular.swiftmodule" \
    -emit-library -static -o "$out/libTabular.a" "$root"/Sources/Tabular/*.swift
swiftc -O -I "$out" -L "$out" -lTabular -o "$out/csv-load" "$root/Benchmarks/csv-load/main.swift"
"$out/csv-load" "$file" "$repetitions"
if python3 -c "import pandas" 2>/dev/null; then
    python3 - "$file" "$repetitions" <<'PY'
import sys, time
import pandas as pd
path, repetitions = sys.argv[1], int(sys.argv[2])
seconds = []
for _ in range(repetitions):
    start = time.perf_counter()
    pd.read_csv(path)
    seconds.append(time.perf_counter() - start)
seconds.sort()
print(f"pandas.read_csv: min {seconds[0] * 1000:.0f} ms, median {seconds[len(seconds) // 2] * 1000:.0f} ms over {repetitions} runs")
PY
fi
