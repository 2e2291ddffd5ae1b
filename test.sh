#!/usr/bin/env bash
# Runs every test of the solution, then the browser tests of the web UI (Playwright on Debian's Chromium;
# ONETHING_SKIP_E2E=1 skips them). This is the command the README gives and .ci/run calls.
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
# One plain closing line for any reader: "N passed, N failed, N skipped" summed over the test projects and the
# browser tests.
read -r passed failed skipped < <(awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d %d %d\n", p, f, s }' "$log")

# The browser tests (Playwright, src/Designer/e2e) drive the web UI on the server dotnet test has just built (its
# build also built the UI). ONETHING_SKIP_E2E=1 skips them.
if [[ "${ONETHING_SKIP_E2E:-}" != 1 ]]; then
  e2e_status=0
  if ! scripts/browser.sh ensure >/dev/null; then
    echo "test.sh: could not install the browser for the web UI tests (scripts/browser.sh ensure failed, see above)." >&2
    echo "test.sh: fix that, or set ONETHING_SKIP_E2E=1 to run without the browser tests." >&2
    e2e_status=1
    failed=$((failed + 1))
  else
    designer=src/Designer
    stamp=$designer/node_modules/.onething-npm-ci.stamp
    if [[ ! -f $stamp || $designer/package-lock.json -nt $stamp ]]; then
      (cd "$designer" && npm ci --no-audit --no-fund) && touch "$stamp" || e2e_status=1
    fi
    results=$designer/test-results/results.json
    rm -f "$results"
    if ((e2e_status == 0)); then
      (cd "$designer" && npx playwright test) || e2e_status=$?
    fi
    if [[ -f $results ]]; then
      read -r p f s < <(node -e '
        const { stats } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
        console.log((stats.expected ?? 0) + (stats.flaky ?? 0), stats.unexpected ?? 0, stats.skipped ?? 0)' "$results")
      passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    elif ((e2e_status != 0)); then
      echo "test.sh: the browser tests did not run (see above)." >&2
      failed=$((failed + 1))
    fi
  fi
  if ((e2e_status != 0 && status == 0)); then
    status=$e2e_status
  fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
if ((failed > 0 && status == 0)); then
  status=1
fi
exit "$status"
