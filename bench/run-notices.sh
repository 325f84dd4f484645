#!/usr/bin/env bash
# Notices at national size (issue 18) on a copy of the national dataset: sending a notice to the subtree closest to
# 1,000,000 members and reading its rate, against the bare counts; writes bench/results/notices.md.
#
#   bench/run-notices.sh [DB]     # DB defaults to notices_bench; dropped at the end unless --keep
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
db="${1:-notices_bench}"
conn="$(bench/national-template.sh --copy "$db" | tail -n 1)"
dotnet run --project bench/Zhijian.Bench -c Release -- --notices-bench --connection "$conn" --out bench/results/notices.md
if [[ "${2:-}" != "--keep" ]]; then
  psql -h 127.0.0.1 -p "${NATIONAL_PG_PORT:-55432}" -U postgres -d postgres -c "DROP DATABASE \"$db\" WITH (FORCE)" >/dev/null
fi
