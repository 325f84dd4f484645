#!/usr/bin/env bash
# Issue 4's statistics benchmark: on a throwaway PostgreSQL server, seeds N organizations and M memberships,
# then compares the statistics of the subtree nearest 1,000,000 members read from its rollup with the live
# grouped queries (same run), and times the rollup refresh. Writes bench/results/stats-rollup.md.
#
#   bench/run-stats.sh                                    # 1,000,000 orgs / 10,000,000 members (~15-25 min)
#   bench/run-stats.sh --orgs 100000 --members 1000000    # quick run
#
# Every option but --keep goes to the program (--orgs, --members, --subtree, --threshold, --out).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

keep=false
args=()
for a in "$@"; do
  if [[ "$a" == --keep ]]; then keep=true; else args+=("$a"); fi
done

bench_name=zhijian-stats
# shellcheck source=bench/throwaway-postgres.sh
source "$repo_root/bench/throwaway-postgres.sh"

echo "== stats benchmark"
dotnet "$bench_dll" --stats-bench --connection "$connection" --source "$source_note" "${args[@]}"
