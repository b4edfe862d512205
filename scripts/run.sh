#!/usr/bin/env bash
# The main job: installs what is missing, builds phbeval in release mode and runs it on the
# shipped example data (until `phbeval reproduce` exists: --version, --help and a regression).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product phbeval
bin=.build/release/phbeval
"$bin" --version
"$bin" --help
"$bin" regress datasets/examples/trial.csv \
  --formula "ascot12 ~ arm + ascot0 + age + female + condition" --vcov CR1 --cluster site
