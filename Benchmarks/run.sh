#!/usr/bin/env bash
# Runs benchmark workloads W2 (OLS + CR1 on 1,000,000 rows, after loading) and W3 (loading the
# 1,000,000-row CSV) for phbeval and its peers in one run, and prints each time and the ratios.
# Peers need: apt-get install r-base-core r-cran-sandwich; pip install statsmodels pandas.
# Usage: Benchmarks/run.sh [ROWS]   (default 1000000; data cached in Benchmarks/data/)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
data=Benchmarks/data/national_${rows}.csv
mkdir -p Benchmarks/data Benchmarks/results
[ -f "$data" ] || python3 Benchmarks/make_national.py "$rows" "$data"
scripts/install-deps.sh
swift build -c release --product phbeval-bench >/dev/null
out=Benchmarks/results/national_${rows}.txt
: > "$out"
.build/release/phbeval-bench national "$data" 5 | tee -a "$out"
if python3 -c "import pandas, statsmodels" 2>/dev/null; then python3 Benchmarks/peers/national.py "$data" 3 | tee -a "$out"
else echo "skipping pandas/statsmodels (pip install statsmodels pandas)"; fi
if command -v Rscript >/dev/null && Rscript -e 'library(sandwich)' >/dev/null 2>&1; then Rscript Benchmarks/peers/national.R "$data" | tee -a "$out"
else echo "skipping R (apt-get install r-base-core r-cran-sandwich)"; fi
python3 - "$out" <<'PY'
import sys
runs = {}
for line in open(sys.argv[1]):
    kv = dict(p.split("=", 1) for p in line.split())
    runs[kv["tool"]] = kv
me = runs["phbeval"]
print()
print(f"{'workload':<34}{'tool':<22}{'seconds':>9}{'phbeval ×':>11}")
for key, label in (("load_s", "W3 load 1M-row CSV"), ("fit_s", "W2 OLS + CR1 (after loading)")):
    for tool, kv in runs.items():
        ratio = float(kv[key]) / float(me[key])
        print(f"{label:<34}{tool:<22}{float(kv[key]):>9.3f}{ratio:>10.1f}×")
print(f"\nphbeval peak resident memory (W3 + W2 in one process): {me['peak_rss_mib']} MiB")
print("group estimate / CR1 s.e.: " + "; ".join(f"{t} {kv['group']} / {kv['se']}" for t, kv in runs.items()))
PY
