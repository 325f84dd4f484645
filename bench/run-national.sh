#!/usr/bin/env bash
# The "national" benchmark (DESIGN.md "Performance budget") on a throwaway PostgreSQL server:
# starts a cluster in a temp dir on a free port, builds and runs bench/Zhijian.Bench against it,
# writes bench/results/national-postgres.md (+ -plans.md), then stops the server and deletes the dir.
#
#   bench/run-national.sh                                   # 1,000,000 orgs / 10,000,000 members (~20-40 min)
#   bench/run-national.sh --orgs 100000 --members 1000000   # quick run (~3 min)
#
# Options: --orgs N, --members M, --out FILE (default bench/results/national-postgres.md),
#          --keep (leave the server running and print its connection string instead of deleting it),
#          anything else is passed to the benchmark program (e.g. --moves 4, --no-what-if).
# Environment: PG_BIN (directory with initdb/pg_ctl; default: newest /usr/lib/postgresql/*/bin),
#              BENCH_TMP (parent of the temp dir; default /tmp; needs ~15 GB free for the full size).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

orgs=1000000
members=10000000
out="bench/results/national-postgres.md"
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

bench_name=zhijian-bench
# shellcheck source=bench/throwaway-postgres.sh
source "$repo_root/bench/throwaway-postgres.sh"

echo "== benchmark: $orgs organizations, $members memberships"
dotnet "$bench_dll" --connection "$connection" --orgs "$orgs" --members "$members" --out "$out" \
  --server-note "throwaway cluster started by bench/run-national.sh; fsync, synchronous_commit and full_page_writes off; max_wal_size=8GB, checkpoint_timeout=30min" \
  --source "$source_note" "${extra[@]}"
