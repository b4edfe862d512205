#!/usr/bin/env bash
# The main job: installs what is missing, builds phbeval in release mode and runs
# `phbeval reproduce`: the shipped PHB pilot study spec through the analyze pipeline and the
# follow-up tables, writing reports/phbe-pilot-reproduction.md (published vs reproduced), its
# JSON and the full report in reports/phbe-pilot-2012/. No network is needed after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product phbeval
.build/release/phbeval reproduce "$@"
