#!/usr/bin/env bash
# Organizational life at scale (issue 7) on a throwaway PostgreSQL server: compliance board of the root and
# the alert scan, with a request's latency while the scan runs; writes bench/results/meetings.md.
#
#   bench/run-meetings.sh                                   # 100,000 orgs / 100,000 members
#   bench/run-meetings.sh --orgs 1000000 --members 1000000  # national size
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

orgs=100000
members=100000
out="bench/results/meetings.md"
keep=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --orgs) orgs="$2"; shift 2 ;;
    --members) members="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

bench_name=zhijian-meetings
# shellcheck source=bench/throwaway-postgres.sh
source "$repo_root/bench/throwaway-postgres.sh"

echo "== meetings benchmark: $orgs organizations, $members memberships"
dotnet "$bench_dll" --meetings-bench --connection "$connection" --orgs "$orgs" --members "$members" --out "$out" \
  --server-note "throwaway cluster (bench/throwaway-postgres.sh), fsync/synchronous_commit/full_page_writes off"
