#!/usr/bin/env bash
# bench/engine-vs-peer: OneThing's in-memory engine vs the npm bpmn-engine on the same 企业开办 diagram.
# Prints each side's figure (`peer: X instances/s`, `ours: Y instances/s`) and, as its LAST line, `ratio: Z` (Y ÷ X).
#
# Usage: bench/engine-vs-peer/run.sh [PEER_N [OURS_N]]     instances per side (defaults 1000 and 1000000)
#        bench/engine-vs-peer/run.sh --seconds T           time-boxed: each side runs for T seconds
# Extra arguments per side through PEER_ARGS / OURS_ARGS, e.g. OURS_ARGS=--breakdown PEER_ARGS="--mode source".
# Works from any directory; needs node (20+) with npm, and the .NET SDK of global.json.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

peer_args=()
ours_args=()
if [[ "${1:-}" == "--seconds" ]]; then
  [[ $# -eq 2 && "$2" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "usage: $0 --seconds T" >&2; exit 2; }
  peer_args=(1 --seconds "$2")
  ours_args=(1 --seconds "$2")
elif [[ $# -le 2 ]]; then
  for n in "$@"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [PEER_N [OURS_N]] | --seconds T" >&2; exit 2; }
  done
  [[ $# -ge 1 ]] && peer_args=("$1")
  [[ $# -ge 2 ]] && ours_args=("$2")
else
  echo "usage: $0 [PEER_N [OURS_N]] | --seconds T" >&2
  exit 2
fi
# shellcheck disable=SC2206 # word splitting of the extra arguments is intended
peer_args+=(${PEER_ARGS:-})
# shellcheck disable=SC2206
ours_args+=(${OURS_ARGS:-})

if [[ ! -d "$here/node_modules" ]]; then
  echo "installing the peer (npm ci) ..." >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

echo "building ours (Release) ..." >&2
dotnet build "$here/EngineVsPeer.csproj" -c Release --nologo -v quiet >&2

rate_of() { # the number of the last "<side>: X instances/s" line
  sed -n "s/^$1: \([0-9][0-9.]*\) instances\/s\$/\1/p" | tail -n 1
}

peer_out="$(cd "$here" && node peer.mjs "${peer_args[@]}")"
echo "$peer_out"
peer_rate="$(rate_of peer <<<"$peer_out")"

ours_out="$(cd "$root" && dotnet run -c Release --no-build --project "$here/EngineVsPeer.csproj" -- "${ours_args[@]}")"
echo "$ours_out"
ours_rate="$(rate_of ours <<<"$ours_out")"

if [[ -z "$peer_rate" || -z "$ours_rate" ]]; then
  echo "run.sh: a side printed no 'instances/s' figure" >&2
  exit 1
fi
cpu_of() { # the number of the last "<side>: cpu S s, X instances/cpu-s" line
  sed -n "s/^$1: cpu .* \([0-9][0-9.]*\) instances\/cpu-s\$/\1/p" | tail -n 1
}
peer_cpu="$(cpu_of peer <<<"$peer_out")"
ours_cpu="$(cpu_of ours <<<"$ours_out")"
if [[ -n "$peer_cpu" && -n "$ours_cpu" ]]; then
  awk -v y="$ours_cpu" -v x="$peer_cpu" 'BEGIN { printf "cpu ratio: %.2f (instances per CPU-second, ours / peer)\n", y / x }'
fi
awk -v y="$ours_rate" -v x="$peer_rate" 'BEGIN { printf "ratio: %.2f\n", y / x }'
