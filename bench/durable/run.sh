#!/usr/bin/env bash
# bench/durable: the durable engine on the 企业开办 diagram (each start and each task completion is its own command
# and transaction, several concurrent clients) against the database's raw commit rate (single-row INSERT
# transactions, same clients, same durability settings). The LAST line is `ratio: X` (engine commands/s ÷ raw
# commits/s).
#
# Usage: bench/durable/run.sh sqlite|postgres [options of the program, e.g. --clients 4 --seconds 10 --rounds 2]
#   sqlite    a fresh database file in a temporary folder (journal_mode=WAL, synchronous=FULL)
#   postgres  a fresh database on the server `scripts/postgres.sh ensure` starts (fsync=on, synchronous_commit=on);
#             ONETHING_BENCH_POSTGRES, if set, names another server instead (a connection string that may CREATE DATABASE)
# Works from any directory; needs the .NET SDK of global.json.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [[ $# -lt 1 || ( "$1" != sqlite && "$1" != postgres ) ]]; then
  echo "usage: $0 sqlite|postgres [--clients N] [--seconds S] [--warmup S] [--rounds R] [--profile N] [--inbox result|query|view]" >&2
  exit 2
fi
database="$1"
shift

if [[ "$database" == postgres && -z "${ONETHING_BENCH_POSTGRES:-}" ]]; then
  if [[ ! -x "$root/scripts/postgres.sh" ]]; then
    echo "run.sh: scripts/postgres.sh is missing; set ONETHING_BENCH_POSTGRES to a connection string instead" >&2
    exit 1
  fi
  ONETHING_BENCH_POSTGRES="$("$root/scripts/postgres.sh" ensure)"
  export ONETHING_BENCH_POSTGRES
fi

diagram="$root/bench/engine-vs-peer/qiye-kaiban.bpmn"
[[ -f "$diagram" ]] || diagram="$root/workflows/qiye-kaiban.bpmn"

echo "building (Release) ..." >&2
dotnet build "$here/Durable.csproj" -c Release --nologo -v quiet >&2
dotnet "$here/bin/Release/net10.0/Durable.dll" "$database" --bpmn "$diagram" "$@"
