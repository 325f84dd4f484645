#!/usr/bin/env bash
# Issue 4's statistics benchmark: on a throwaway PostgreSQL server, seeds N organizations and M memberships,
# then compares the statistics of the subtree nearest 1,000,000 members read from its rollup with the live
# grouped queries (same run), and times the rollup refresh. Writes bench/results/stats-rollup.md.
#
#   bench/run-stats.sh                                    # 1,000,000 orgs / 10,000,000 members (~15-25 min)
#   bench/run-stats.sh --orgs 100000 --members 1000000    # quick run
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

orgs=1000000
members=10000000
out="bench/results/stats-rollup.md"
keep=false
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --orgs) orgs="$2"; shift 2 ;;
    --members) members="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    *) extra+=("$1"); shift ;;
  esac
done

bench_name=zhijian-stats
# shellcheck source=bench/throwaway-postgres.sh
source "$repo_root/bench/throwaway-postgres.sh"

echo "== stats benchmark: $orgs organizations, $members memberships"
dotnet "$bench_dll" --stats-bench --connection "$connection" --orgs "$orgs" --members "$members" --out "$out" \
  --source "$source_note" "${extra[@]}"
