#!/usr/bin/env bash
# bench/http: the figure users get. N concurrent HTTP clients (own cookie jars and anti-forgery tokens) drive 企业开办
# cases from application to rating through the real server (Kestrel, a child process on 127.0.0.1 and a free port,
# demo mode) against the same database's raw commit rate (single-row INSERT transactions, same clients, same
# durability settings). The LAST line is `ratio: X` (case commands/s ÷ raw commits/s).
#
# Usage: bench/http/run.sh sqlite|postgres [--clients 4] [--seconds 10] [--rounds 5] [--warmup 3]
#   sqlite    a fresh database file in a temporary folder, the server's data directory (WAL, synchronous=FULL)
#   postgres  a fresh database on the server `scripts/postgres.sh ensure` starts (fsync=on, synchronous_commit=on);
#             ONETHING_BENCH_POSTGRES, if set, names another server instead (a connection string that may CREATE DATABASE)
# Works from any directory; needs the .NET SDK of global.json.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [[ $# -lt 1 || ( "$1" != sqlite && "$1" != postgres ) ]]; then
  echo "usage: $0 sqlite|postgres [--clients N] [--seconds S] [--warmup S] [--rounds R]" >&2
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

echo "building (Release) ..." >&2
dotnet build "$root/src/Server/OneThing.Server.csproj" -c Release --nologo -v quiet >&2
dotnet build "$here/Http.csproj" -c Release --nologo -v quiet >&2
dotnet "$here/bin/Release/net10.0/Http.dll" "$database" --server "$root/src/Server/bin/Release/net10.0/OneThing.Server.dll" "$@"
