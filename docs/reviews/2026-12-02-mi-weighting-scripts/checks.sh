#!/bin/sh
# Reproduces the review's checks (run from the repository root after
# `swift build -c release --product phbeval`). Needs R (mice, sandwich, jsonlite) and pandas.
set -u
P=$PWD/.build/release/phbeval
S=docs/reviews/2026-12-02-mi-weighting-scripts
T=${TMPDIR:-/tmp}/review6; mkdir -p $T
(cd $S && python3 make_data.py >/dev/null && python3 make_sep.py)

echo "== 1A Rubin, ATT, trim 0.95, randomised, propensity/analysis covariates imputed (ascot_0, age)"
$P cea $S/review.csv --arm arm --treated PHB --effect ascot_12 --cost cost_total --effect-covariates "ascot_0 + age" \
  --cost-covariates "ascot_0 + age" --propensity "age + sex + condition + imd_quintile + ascot_0" --estimand ATT --trim 0.95 \
  --randomised randomised --imputations 5 --iterations 5 --seed 11 --json > $T/A.json
$P impute $S/review.csv --variables ascot_12,cost_total,ascot_0,age --auxiliary "arm + sex + condition + imd_quintile + randomised" \
  --m 5 --iterations 5 --seed 11 --out $T/A_long.csv > /dev/null
Rscript $S/recompute.R $T/A_long.csv $S/review.csv A > $T/A_R.json && python3 $S/cmp.py $T/A.json $T/A_R.json

echo "== 1B Rubin, ATE unstabilised, --impute-by-arm, delta grids"
$P cea $S/review.csv --arm arm --treated PHB --effect ascot_12 --cost cost_total --effect-covariates ascot_0 --cost-covariates "age + sex" \
  --propensity "age + condition + ascot_0 + sex" --imputations 6 --iterations 7 --seed 5 --impute-by-arm \
  --delta-effect -0.05,0.05 --delta-cost 0,500 --json > $T/B.json
$P impute $S/review.csv --variables ascot_12,cost_total,ascot_0,age --auxiliary "sex + condition" --by arm --m 6 --iterations 7 --seed 5 \
  --out $T/B_long.csv > /dev/null
Rscript $S/recompute.R $T/B_long.csv $S/review.csv B > $T/B_R.json && python3 $S/cmp.py $T/B.json $T/B_R.json

echo "== 2 bootstrap-then-impute: threads 1 vs 2, failed_propensity"
for th in 1 2; do $P cea $S/review_sep.csv --arm arm --treated PHB --effect ascot_12 --cost cost_total --effect-covariates "ascot_0 + age" \
  --cost-covariates "ascot_0 + age" --propensity "sex + condition + imd_quintile + ascot_0" --randomised randomised --stabilize \
  --imputations 2 --bootstrap 200 --seed 3 --threads $th --json > $T/sep_t$th.json 2>/dev/null; done
cmp $T/sep_t1.json $T/sep_t2.json && echo "threads 1 and 2: identical bytes"
python3 -c "import json; print(json.load(open('$T/sep_t1.json'))['bootstrap'])"

echo "== 3 crash: --imputations 1 (Rubin)"
$P cea $S/review.csv --arm arm --treated PHB --effect ascot_12 --cost cost_total --imputations 1 --propensity "age + sex" >/dev/null 2>&1; echo "rc=$?"

echo "== 4/5 pilot equivalent command vs the report"
$P reproduce --out $T/repro --quiet
ROOT=$PWD; cd $T/repro/phbe-pilot-2012
for extra in "" "--categorical imd_quintile"; do
  $P cea analysis-data.csv --arm arm --treated PHB --effect ascot_12 --cost cost_total --effect-covariates 'age + sex + C(condition) + ascot_0' \
    --cost-covariates 'ascot_0 + age + sex + C(condition)' --model ols --bootstrap 1000 --seed 2012 --ci percentile --lambda 0:100000:5000 \
    --level 0.9 --propensity 'age + sex + C(condition) + C(imd_quintile) + ascot_0' --estimand ATE --stabilize --randomised randomised \
    --imputations 2 --iterations 10 --donors 5 $extra --json 2>/dev/null | python3 -c "import json,sys; s=json.load(sys.stdin); print('cea $extra: dC', s['delta_cost']['estimate'], 'dE', s['delta_effect']['estimate'])"
done
python3 -c "import json; p=json.load(open('results.json'))['primary']; print('report: dC', p['delta_cost']['estimate'], 'dE', p['delta_effect']['estimate'])"

echo "== 3 exclude key (analyze)"
cd $ROOT
python3 $S/make_exclude.py $T/ex
for v in ok nan two text arm all; do $P analyze $T/ex/$v.yaml --out $T/ex/out_$v --quiet >/dev/null 2>$T/ex/$v.err; echo "$v rc=$? $(grep -v 'warning' $T/ex/$v.err | head -1)"; done
