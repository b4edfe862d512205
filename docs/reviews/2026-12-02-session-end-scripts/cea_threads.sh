#!/bin/sh
# cea --imputations 2 --bootstrap 200 (bootstrap-then-impute): threads 1/2/3 and pre-w7 byte identity.
# trialmiss.csv: datasets/examples/trial.csv with 20% of ascot12, 15% of cost, 10% of age blanked (seed 5).
set -u
python3 - <<'PY'
import csv, random
random.seed(5)
rows = list(csv.DictReader(open('/work/wt-review9/datasets/examples/trial.csv')))
for r in rows:
    if random.random() < 0.2: r['ascot12'] = ''
    if random.random() < 0.15: r['cost'] = ''
    if random.random() < 0.1: r['age'] = ''
w = csv.DictWriter(open('trialmiss.csv', 'w'), fieldnames=rows[0].keys()); w.writeheader(); w.writerows(rows)
PY
for t in 1 2 3; do
  "$NEW" cea trialmiss.csv --arm arm --treated 1 --effect ascot12 --cost cost --effect-covariates "ascot0 + age" \
    --cost-covariates "age + C(site)" --imputations 2 --bootstrap 200 --seed 3 --threads $t --json --replicates-out rep$t.csv > cea$t.json
done
"$PRE" cea trialmiss.csv --arm arm --treated 1 --effect ascot12 --cost cost --effect-covariates "ascot0 + age" \
    --cost-covariates "age + C(site)" --imputations 2 --bootstrap 200 --seed 3 --threads 2 --json --replicates-out reppre.csv > ceapre.json
md5sum cea?.json ceapre.json rep?.csv reppre.csv
