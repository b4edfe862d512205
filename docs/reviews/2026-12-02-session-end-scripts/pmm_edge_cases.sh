#!/bin/sh
# W6 speed changes (SortedPredictions, DonorSearch, ChainedEquations diagnostics): PMM edge cases,
# byte identity for --threads 1/2/3 and against a pre-w7 binary (main's debug build of 87a9936).
# Usage: NEW=path/to/phbeval PRE=path/to/pre-w7/phbeval sh pmm_edge_cases.sh  (in an empty folder)
set -u
python3 "$(dirname "$0")/pmm_edge_data.py"
for f in few1 few2 few3 few5 tied huge tiny denorm negzero const hugex; do
  for d in 1 3 5; do
    "$PRE" impute $f.csv --variables y --out pre.$f.$d.csv --m 3 --seed 7 --donors $d --threads 1 >/dev/null 2>&1
    for t in 1 2 3; do
      timeout 60 "$NEW" impute $f.csv --variables y --out new.$f.$d.$t.csv --m 3 --seed 7 --donors $d --threads $t >/dev/null 2>&1 || echo "$f d$d t$t rc=$?"
      cmp -s pre.$f.$d.csv new.$f.$d.$t.csv || echo "$f donors $d threads $t DIFFERS from pre-w7"
    done
  done
done
for args in "--variables y,w --m 4 --seed 11" "--variables y,w --auxiliary x --m 3 --seed 2 --predictors y=x --predictors w=x --donors 10" \
            "--variables y,w --auxiliary x+z --m 3 --seed 9 --donors 2" "--variables y,w --m 3 --seed 5 --by x --iterations 3"; do
  "$PRE" impute big.csv $args --out pre.big.csv >/dev/null 2>&1
  for t in 1 2 3; do "$NEW" impute big.csv $args --out new.big.csv --threads $t >/dev/null 2>&1; cmp -s pre.big.csv new.big.csv || echo "big [$args] t$t DIFFERS"; done
done
echo done
