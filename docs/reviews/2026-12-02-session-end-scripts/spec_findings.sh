#!/bin/sh
# Reproduces the analyze findings M1 (CRLF header), L1 (backtick category), L2 (data column replaced).
# Run in an empty folder: PHB=path/to/phbeval sh spec_findings.sh
set -u
E=/work/wt-review9/datasets/examples
cp $E/study_unit_costs.csv .
sed -e 's#replicates: 5000#replicates: 200#' -e 's#out: ../../reports/example#out: out#' $E/study.yaml > ex.yaml
# M1: the example cohort saved with CRLF line ends (as Excel on Windows saves CSV)
sed 's/$/\r/' $E/study_cohort.csv > study_cohort.csv
"$PHB" analyze ex.yaml --out o1 --quiet; echo "M1 rc=$?"
tr -d '\r' < study_cohort.csv > lf.csv
# L1: a category with a backtick
sed 's/,primary_care$/,a`b/' $E/study_unit_costs.csv > uc_tick.csv
sed -e 's#file: study_cohort.csv#file: lf.csv#' -e 's#unit_costs: study_unit_costs.csv#unit_costs: uc_tick.csv#' ex.yaml > tick.yaml
"$PHB" analyze tick.yaml --out o2 --quiet; echo "L1 rc=$?"
# L2: the data already hold a column cost_total (empty): replaced by the computed total without a word
sed '1s/$/,cost_total/; 2,$s/$/,/' lf.csv > col.csv
sed -e 's#file: study_cohort.csv#file: col.csv#' ex.yaml > col.yaml
"$PHB" analyze col.yaml --out o3 --quiet 2>/dev/null; echo "L2 rc=$? (0, no note)"
