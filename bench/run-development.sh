#!/usr/bin/env bash
# Development statistics at national scale (issue 16) on a copy of the national dataset: seeds ~2,000,000 development
# records set-based, builds the tallies, times development-stats of the root against a live grouped count; writes
# bench/results/development.md and drops the copy.
#
#   bench/run-development.sh [--keep]
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
db=zj_development
keep=false
[[ "${1:-}" == "--keep" ]] && keep=true

connection="$(bash bench/national-template.sh --copy "$db" | tail -n 1)"
dotnet build bench/Zhijian.Bench -c Release -v q >/dev/null
dotnet bench/Zhijian.Bench/bin/Release/net10.0/Zhijian.Bench.dll --development-bench --connection "$connection" --out bench/results/development.md
if [[ "$keep" != true ]]; then
  psql -h 127.0.0.1 -p "${NATIONAL_PG_PORT:-55432}" -U postgres -d postgres -c "DROP DATABASE \"$db\" WITH (FORCE)"
fi
