#!/usr/bin/env bash
# Installs the Debian packages phbeval needs to build and run, when any is missing:
# LAPACK/LAPACKE/BLAS headers and libraries, OpenBLAS (served through Debian's alternatives as
# libblas.so.3/liblapack.so.3), pkg-config (SwiftPM finds LAPACKE through it), and ReadStat
# (libreadstat-dev: Stata, SPSS and SAS files).
set -euo pipefail
packages=(liblapack-dev libblas-dev liblapacke-dev libopenblas0-pthread pkg-config libreadstat-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "phbeval: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
