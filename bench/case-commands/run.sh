#!/usr/bin/env bash
# bench/case-commands: the cost of the case layer's commands (草稿 → 提交 → 受理 → 办理 → 出件 → 评价, each its own
# transaction with its audit event) against plain engine commands (start, complete) in the same process, on one SQLite
# file (journal_mode=WAL, synchronous=FULL). The LAST line is `ratio: X` (case commands/s ÷ engine commands/s), so a
# change to what a case command does (e.g. what its audit event seals) shows as a change of X, whatever the machine's
# load. Usage: bench/case-commands/run.sh [--seconds S] [--rounds R]. Works from any directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
echo "building (Release) ..." >&2
dotnet build "$here/CaseCommands.csproj" -c Release --nologo -v quiet >&2
dotnet "$here/bin/Release/net10.0/CaseCommandsBench.dll" "$@"
