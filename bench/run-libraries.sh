#!/usr/bin/env bash
# The archive search at scale (issue 18): 100,000 generated documents searched through ArchiveService against the bare
# index query, on a fresh PostgreSQL database of the shared cluster (pg_trgm) and on a SQLite file (FTS5 trigram);
# writes bench/results/libraries.md.
#
#   bench/run-libraries.sh [--docs 100000] [--pg "Host=127.0.0.1;Port=55432;Username=postgres"]
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

docs=100000
pg="Host=127.0.0.1;Port=55432;Username=postgres"
out="bench/results/libraries.md"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --docs) docs="$2"; shift 2 ;;
    --pg) pg="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

dotnet build bench/Zhijian.Bench -c Release >/dev/null
bench_dll="$repo_root/bench/Zhijian.Bench/bin/Release/net10.0/Zhijian.Bench.dll"
db="zhijian_libraries_bench_$$"
sqlite="$(mktemp -d)/libraries.db"
psql_admin() { psql "host=127.0.0.1 port=55432 user=postgres dbname=postgres" -v ON_ERROR_STOP=1 -qc "$1"; }
cleanup() { psql_admin "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || true; rm -rf "$(dirname "$sqlite")"; }
trap cleanup EXIT
psql_admin "CREATE DATABASE \"$db\""

tmp_pg="$(mktemp)"; tmp_lite="$(mktemp)"
dotnet "$bench_dll" --libraries-bench --provider postgres --connection "$pg;Database=$db" --docs "$docs" --out "$tmp_pg"
dotnet "$bench_dll" --libraries-bench --provider sqlite --connection "Data Source=$sqlite" --docs "$docs" --out "$tmp_lite"
{
  echo "# Archive search at scale (issue 18): $docs documents"
  echo
  echo "Started by \`bench/run-libraries.sh\` (program \`bench/Zhijian.Bench --libraries-bench\`). Target: p95 ≤ 200 ms, against the bare index query measured in the same run."
  echo
  cat "$tmp_pg"; cat "$tmp_lite"
} > "$out"
rm -f "$tmp_pg" "$tmp_lite"
cat "$out"
