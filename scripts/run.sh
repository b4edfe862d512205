#!/usr/bin/env bash
# The main job: installs what is missing, builds phbeval in release mode and runs it on the
# shipped example data (until `phbeval reproduce` exists: --version, --help, a regression,
# EQ-5D-5L scoring and a bootstrapped cost-effectiveness analysis).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product phbeval
bin=.build/release/phbeval
"$bin" --version
"$bin" --help
"$bin" regress datasets/examples/trial.csv \
  --formula "ascot12 ~ arm + ascot0 + age + female + condition" --vcov CR1 --cluster site
"$bin" score eq5d-5l datasets/examples/eq5d5l.csv --columns mo,sc,ua,pd,ad --value-set England-Devlin-2018
"$bin" cea datasets/examples/trial.csv --arm arm --treated 1 --effect ascot12 --cost cost \
  --effect-covariates "ascot0 + age + female" --cost-covariates "age + female" --bootstrap 10000 --seed 1
