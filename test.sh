#!/usr/bin/env bash
# Runs every test of the solution. This is the command the README gives and .ci/run calls.
set -uo pipefail
cd "$(dirname "$0")" || exit 1
# PostgreSQL tests are part of the suite: start the throw-away test cluster (installing PostgreSQL if needed) unless
# the caller brings a server of their own (ONETHING_TEST_POSTGRES) or opts out (ONETHING_SKIP_POSTGRES=1).
if [[ -z "${ONETHING_TEST_POSTGRES:-}" && "${ONETHING_SKIP_POSTGRES:-}" != 1 ]]; then
  if ! ONETHING_TEST_POSTGRES=$(scripts/postgres.sh ensure) || [[ -z "$ONETHING_TEST_POSTGRES" ]]; then
    echo "test.sh: could not start PostgreSQL for the tests (scripts/postgres.sh ensure failed, see above)." >&2
    echo "test.sh: fix that, point ONETHING_TEST_POSTGRES at a server of your own, or set ONETHING_SKIP_POSTGRES=1." >&2
    exit 1
  fi
  export ONETHING_TEST_POSTGRES
fi
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
