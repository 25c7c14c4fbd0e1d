#!/usr/bin/env bash
# Install the Debian packages the test suite drives for real, if they are missing.
# One package per line in .ci/debian-packages.txt ("package  command-that-proves-it").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
missing=()
while read -r pkg probe; do
  [[ -z "${pkg}" || "${pkg}" == \#* ]] && continue
  if [[ -n "${probe:-}" ]] && command -v "${probe}" >/dev/null 2>&1; then continue; fi
  if dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null | grep -q "install ok installed"; then continue; fi
  missing+=("${pkg}")
done < "${here}/debian-packages.txt"
if ((${#missing[@]})); then
  if [[ "$(id -u)" != 0 ]]; then
    echo "[WARNING] [.ci/system-deps.sh] not root: cannot install ${missing[*]}; tests needing them will skip" >&2
    exit 0
  fi
  echo "installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
