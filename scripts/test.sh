#!/usr/bin/env bash
# `npm test`: everything, against real peers — TypeScript, unit tests, the sip-worker against
# sipp PBXs, and the web app in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# System packages the tests drive: Chromium (Playwright can't download its own here), sipp (PBXs
# and phones), socat (a TLS front for sipp, which is built without TLS) and openssl (test CAs).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need[*]} (apt)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing: ${need[*]} — install them (apt-get install -y chromium sip-tester socat openssl) or run as root" >&2
    exit 1
  fi
fi

step() { printf '\n== %s ==\n' "$1"; }
step "typecheck (tsc --noEmit)"
npx tsc --noEmit
step "unit tests"
npx vitest run --project unit
step "integration tests (sip-worker against sipp)"
npx vitest run --project integration
step "build the web app"
npx next build >/tmp/lamplighter-next-build.log 2>&1 || { cat /tmp/lamplighter-next-build.log; exit 1; }
step "end-to-end tests (Playwright, Debian Chromium)"
npx playwright test
