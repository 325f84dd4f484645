#!/usr/bin/env bash
# Issue 4's import benchmark: builds bench/Zhijian.Bench, starts a throwaway PostgreSQL server (as
# run-national.sh does), and imports a generated N-row member workbook through MemberImporter into SQLite
# (a temp file) and into PostgreSQL, with MiniExcel's own parse and raw binary COPY as baselines in the
# same run, then exports the imported members. Writes bench/results/import.md.
#
#   bench/run-import.sh                 # 100,000 rows
#   bench/run-import.sh --rows 10000    # quick run
#
# Options: --rows N, --out FILE (default bench/results/import.md), --keep (leave the server running).
# Environment: PG_BIN (directory with initdb/pg_ctl; default: newest /usr/lib/postgresql/*/bin),
#              BENCH_TMP (parent of the temp dir; default /tmp).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

rows=100000
out="bench/results/import.md"
keep=false
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    *) extra+=("$1"); shift ;;
  esac
done

bench_name=zhijian-import
# shellcheck source=bench/throwaway-postgres.sh
source "$repo_root/bench/throwaway-postgres.sh"

echo "== import benchmark: $rows rows"
dotnet "$bench_dll" --import-bench --rows "$rows" --connection "$connection" --out "$out" \
  --server-note "throwaway cluster started by bench/run-import.sh; fsync, synchronous_commit and full_page_writes off; shared_buffers=2GB" \
  --source "$source_note" "${extra[@]}"
