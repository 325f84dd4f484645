#!/usr/bin/env bash
# Issue 6's transfers benchmark: builds bench/Zhijian.Bench, starts a throwaway PostgreSQL server, seeds a
# League tree with the bulk seeder on SQLite (small) and PostgreSQL, runs a graduate batch transfer and the
# root's transfer statistics over a year, each against a bare SQL baseline in the same run.
# Writes bench/results/transfers.md.
#
#   bench/run-transfers.sh                                          # PostgreSQL 10,000 orgs / 200,000 members, batch 100,000
#   bench/run-transfers.sh --orgs 1000 --members 20000 --batch 10000  # quick run
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
keep=false
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep) keep=true; shift ;;
    *) extra+=("$1"); shift ;;
  esac
done

bench_name=zhijian-transfers
# shellcheck source=bench/throwaway-postgres.sh
source "$repo_root/bench/throwaway-postgres.sh"

echo "== transfers benchmark"
dotnet "$bench_dll" --transfer-bench --connection "$connection" \
  --server-note "throwaway cluster started by bench/run-transfers.sh; fsync, synchronous_commit and full_page_writes off" \
  "${extra[@]}"
