#!/usr/bin/env bash
# Runs every test of the solution. This is the command the README gives and .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")"
dotnet test OneThing.sln --nologo "$@"
