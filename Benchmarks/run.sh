#!/usr/bin/env bash
# Runs the benchmark workloads of ../shared/bench/README.md for phbeval and its peers in one run
# and prints each time and the ratios:
#   W1  stratified bootstrap of the two-equation net-benefit model (B = 10,000, n = 2,235)
#   W2  OLS + CR1 on 1,000,000 rows, after loading
#   W3  loading the 1,000,000-row CSV
#   W7  the W1 bootstrap with the two equations by SUR (R: boot of systemfit, B = 1,000 scaled)
#   W4  chained-equation MI (pmm, m = 20, 10 iterations) + Rubin-pooled effect (R: mice + pool)
#   W6  bootstrap-then-impute, B = 1,000, M = 2 (R: boot-style loop of mice, B = 10 scaled)
#   W8  loading a 1,000,000-row, 22-column Stata .dta (pandas.read_stata, haven::read_dta; the
#       file is written by Benchmarks/make_dta.R, so W8 needs R's haven)
# Peers need: apt-get install r-base-core r-cran-boot r-cran-sandwich; pip install statsmodels pandas.
# Usage: Benchmarks/run.sh [ROWS]   (default 1000000; data cached in Benchmarks/data/)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
data=Benchmarks/data/national_${rows}.csv
pilot=Tests/CostEffectivenessTests/Fixtures/pilot_like.csv
mkdir -p Benchmarks/data Benchmarks/results
[ -f "$data" ] || python3 Benchmarks/make_national.py "$rows" "$data"
scripts/install-deps.sh
swift build -c release --product phbeval-bench >/dev/null
have_python=$(python3 -c "import pandas, statsmodels" 2>/dev/null && echo yes || echo no)
have_r=$( (command -v Rscript >/dev/null && Rscript -e 'library(sandwich); library(boot)' >/dev/null 2>&1) && echo yes || echo no)

w1=Benchmarks/results/w1.txt; : > "$w1"
.build/release/phbeval-bench cea "$pilot" 5 | tee -a "$w1"
[ "$have_python" = yes ] && python3 Benchmarks/peers/cea.py "$pilot" 10000 | tee -a "$w1"
[ "$have_r" = yes ] && Rscript Benchmarks/peers/cea.R "$pilot" 10000 | tee -a "$w1"

w7=Benchmarks/results/w7.txt; : > "$w7"
.build/release/phbeval-bench cea-sur "$pilot" 5 | tee -a "$w7"
have_systemfit=$( (command -v Rscript >/dev/null && Rscript -e 'library(systemfit)' >/dev/null 2>&1) && echo yes || echo no)
[ "$have_systemfit" = yes ] && Rscript Benchmarks/peers/sur.R "$pilot" 1000 | tee -a "$w7"

have_mice=$( (command -v Rscript >/dev/null && Rscript -e 'library(mice)' >/dev/null 2>&1) && echo yes || echo no)
masked=Benchmarks/data/pilot_masked.csv
w4=Benchmarks/results/w4.txt; w6=Benchmarks/results/w6.txt; : > "$w4"; : > "$w6"
if [ "$have_mice" = yes ]; then
  [ -f "$masked" ] || Rscript Benchmarks/peers/mask_pilot.R "$pilot" "$masked"
  .build/release/phbeval-bench mi "$masked" 5 | tee -a "$w4"
  Rscript Benchmarks/peers/mi.R "$masked" | tee -a "$w4"
  .build/release/phbeval-bench mi-boot "$masked" 3 | tee -a "$w6"
  Rscript Benchmarks/peers/mi_boot.R "$masked" 10 | tee -a "$w6"
else
  echo "skipped W4/W6 (they need R's mice for the masking and the peers: apt-get install r-cran-mice)"
fi

w8=Benchmarks/results/w8.txt; : > "$w8"
dta=Benchmarks/data/w8_${rows}.dta
have_haven=$( (command -v Rscript >/dev/null && Rscript -e 'library(haven)' >/dev/null 2>&1) && echo yes || echo no)
if [ "$have_haven" = yes ]; then
  [ -f "$dta" ] || Rscript Benchmarks/make_dta.R "$rows" "$dta"
  .build/release/phbeval-bench load "$dta" 5 | tee -a "$w8"
  [ "$have_python" = yes ] && python3 Benchmarks/peers/read_dta.py "$dta" 5 | tee -a "$w8"
  Rscript Benchmarks/peers/read_dta.R "$dta" 3 | tee -a "$w8"
else
  echo "skipped W8 (it needs R's haven to write the .dta: apt-get install r-cran-haven)"
fi

w23=Benchmarks/results/national_${rows}.txt; : > "$w23"
.build/release/phbeval-bench national "$data" 5 | tee -a "$w23"
[ "$have_python" = yes ] && python3 Benchmarks/peers/national.py "$data" 3 | tee -a "$w23"
[ "$have_r" = yes ] && Rscript Benchmarks/peers/national.R "$data" | tee -a "$w23"
[ "$have_python" = yes ] || echo "skipped pandas/statsmodels/numpy (pip install statsmodels pandas)"
[ "$have_r" = yes ] || echo "skipped R (apt-get install r-base-core r-cran-boot r-cran-sandwich)"

python3 - "$w1" "$w23" "$w7" "$w4" "$w6" "$w8" <<'PY'
import os, sys
def runs(path):
    out = {}
    for line in open(path):
        kv = dict(p.split("=", 1) for p in line.split())
        out[kv["tool"]] = kv
    return out
w1, w23, w7 = runs(sys.argv[1]), runs(sys.argv[2]), runs(sys.argv[3])
print(f"\n{'workload':<34}{'tool':<22}{'seconds':>9}{'× phbeval':>11}")
rows = [("W1 bootstrap B=10,000 + CEAC", w1, "seconds"), ("W2 OLS + CR1 (after loading)", w23, "fit_s"),
        ("W3 load 1M-row CSV", w23, "load_s"), ("W7 SUR bootstrap B=10,000", w7, "seconds")]
for label, runs_, key in rows:
    me = float(runs_["phbeval"][key])
    for tool, kv in runs_.items():
        print(f"{label:<34}{tool:<22}{float(kv[key]):>9.3f}{float(kv[key]) / me:>10.1f}×")
print(f"\nphbeval peak resident memory, W3 + W2 in one process: {w23['phbeval']['peak_rss_mib']} MiB")
print("W1 ΔE / ΔC / CEAC(20,000) / SE: " + "; ".join(f"{t} {kv['dE']} / {kv['dC']} / {kv['ceac20000']} / {kv['se_dE']}, {kv['se_dC']}" for t, kv in w1.items()))
w4, w6 = runs(sys.argv[4]) if os.path.getsize(sys.argv[4]) else {}, runs(sys.argv[5]) if os.path.getsize(sys.argv[5]) else {}
if w4:
    me, r = float(w4["phbeval"]["seconds"]), float(w4["R_mice"]["seconds"])
    print(f"W4 MI m=20 ×10 iterations + pool: phbeval {me:.3f} s, R mice {r:.2f} s: {r / me:.0f}×; group " +
          "; ".join(f"{t} {kv['group']} (se {kv['se']}, fmi {kv['fmi']})" for t, kv in w4.items()))
w8 = runs(sys.argv[6]) if os.path.getsize(sys.argv[6]) else {}
if w8:
    me = float(w8["phbeval"]["load_s"])
    print("W8 load 1M × 22 .dta: " + "; ".join(f"{t} {float(kv['load_s']):.3f} s ({float(kv['load_s']) / me:.1f}×, mean x1 {kv['mean_x1']})" for t, kv in w8.items()))
if w6:
    me, r = float(w6["phbeval"]["seconds"]), float(w6["R_boot_mice"]["per_replicate"]) * 1000
    print(f"W6 bootstrap-then-impute B=1,000 M=2: phbeval {me:.2f} s, R boot×mice {r:.0f} s (scaled from B={w6['R_boot_mice']['B']}): {r / me:.0f}×; " +
          "; ".join(f"{t} ΔE {kv['dE']} ΔC {kv['dC']}" for t, kv in w6.items()))
print("W2 group estimate / CR1 s.e.: " + "; ".join(f"{t} {kv['group']} / {kv['se']}" for t, kv in w23.items()))
PY
