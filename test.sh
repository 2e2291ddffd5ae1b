#!/usr/bin/env bash
# Runs every test of the solution. This is the command the README gives and .ci/run calls.
set -uo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test OneThing.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# One plain closing line for any reader: "N passed, N failed" summed over the test projects.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
