#!/usr/bin/env bash
# Debian packages the test suite uses, installed when missing (needs root or sudo):
#   docker-compose   validates docker-compose.yml without a Docker engine (apps/platform/src/compose.spec.ts)
#   chromium         the real browser the UI tests drive with playwright-core (no downloaded browser builds)
#   fonts-noto-cjk   Japanese glyphs, so line and station names render (and screenshots show them)
set -euo pipefail
missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
