#!/usr/bin/env bash
# `npm test`: everything, against real peers — TypeScript, unit tests, the sip-worker against
# sipp PBXs, and the web app in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# System packages the tests drive: Chromium (Playwright can't download its own here), sipp (PBXs
# and phones), socat (a TLS front for sipp, which is built without TLS), openssl (test CAs) and
# PostgreSQL (the integration suite runs on SQLite and again on PostgreSQL).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need[*]} (apt)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing: ${need[*]} — install them (apt-get install -y chromium sip-tester socat openssl postgresql) or run as root" >&2
    exit 1
  fi
fi

step() { printf '\n== %s ==\n' "$1"; }
step "typecheck (tsc --noEmit)"
npx tsc --noEmit
step "unit tests"
npx vitest run --project unit
step "integration tests on SQLite (sip-worker against sipp)"
npx vitest run --project integration

step "integration tests on PostgreSQL (a private cluster on a spare port)"
# Data outside the project folder, a fresh cluster each run, stopped on exit.
export PG_PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export PG_DATA="$(mktemp -d /tmp/lamplighter-test-pg.XXXXXX)"
trap 'PG_DATA="$PG_DATA" PG_PORT="$PG_PORT" scripts/pg-cluster.sh stop; rm -rf "$PG_DATA"' EXIT
PG_DB=postgres scripts/pg-cluster.sh start >/dev/null
TEST_POSTGRES_URL="$(PG_DB=postgres scripts/pg-cluster.sh url)" npx vitest run --project integration
step "build the web app"
npx next build >/tmp/lamplighter-next-build.log 2>&1 || { cat /tmp/lamplighter-next-build.log; exit 1; }
step "end-to-end tests (Playwright, Debian Chromium)"
npx playwright test
