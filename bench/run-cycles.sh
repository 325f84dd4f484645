#!/usr/bin/env bash
# The yearly cycles at national size (issue 17): registration statistics, the evaluation board and the terms board of the root on a copy
# of the national dataset (bench/national-template.sh), each against the live aggregate; writes bench/results/cycles.md.
#
#   bench/run-cycles.sh            # copies "national" to "cycles", runs, drops the copy
#   bench/run-cycles.sh --keep     # keeps the copy
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
out="bench/results/cycles.md"
keep=false
db=cycles
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    --db) db="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

connection="${CYCLES_CONNECTION:-$(bench/national-template.sh --copy "$db" | tail -n 1)}"
dotnet build bench/Zhijian.Bench -c Release >/dev/null
bench_dll="bench/Zhijian.Bench/bin/Release/net10.0/Zhijian.Bench.dll"
dotnet "$bench_dll" --cycles-bench --connection "$connection" --out "$out"
if [[ "$keep" != true ]]; then
  psql -h 127.0.0.1 -p "${NATIONAL_PG_PORT:-55432}" -U postgres -d postgres -c "DROP DATABASE \"$db\" WITH (FORCE)" >/dev/null
fi
