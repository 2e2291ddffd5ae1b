#!/usr/bin/env bash
# What the per-request session check costs: GET /api/auth/me over real HTTP (wrk, keep-alive) against the server
# built from BASE (default: main, where the cookie alone decides) and from the working tree (one session lookup per
# request), each on its own SQLite database with the demo data, measured in turns so both see the same machine.
# Usage: bench/session-check/run.sh [BASE] [SECONDS] [CONNECTIONS]; needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-main}
seconds=${2:-10}
connections=${3:-4}
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/before-src"
git archive "$base" | tar -x -C "$work/before-src"
dotnet build -c Release -v q --nologo "$work/before-src/src/Server" -o "$work/before" >/dev/null
dotnet build -c Release -v q --nologo src/Server -o "$work/after" >/dev/null

start() { # name port
  ASPNETCORE_ENVIRONMENT=Development dotnet "$work/$1/OneThing.Server.dll" --urls "http://127.0.0.1:$2" \
    --data-dir "$work/$1-data" >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && break; sleep 0.5; done
  curl -sf -c "$work/$1.jar" -H 'Content-Type: application/json' \
    -d '{"userName":"approver","password":"OneThing#2026"}' "http://127.0.0.1:$2/api/auth/login" >/dev/null
  awk '$6 == "onething.auth" { print "onething.auth=" $7 }' "$work/$1.jar" >"$work/$1.cookie"
}

rate() { # name port
  local out
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" -H "Cookie: $(cat "$work/$1.cookie")" "http://127.0.0.1:$2/api/auth/me")
  if grep -q 'Non-2xx' <<<"$out"; then echo "$1: some answers were not 200" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ { print $2 }' <<<"$out"
}

start before 5391
start after 5392
# Warm both up (JIT, pools), then alternate.
rate before 5391 >/dev/null
rate after 5392 >/dev/null
for turn in 1 2 3; do
  b=$(rate before 5391)
  a=$(rate after 5392)
  echo "turn $turn: before $b req/s, after $a req/s, ratio $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
done
