#!/usr/bin/env bash
# A long-lived PostgreSQL cluster holding the national dataset (1,000,000 organizations, 10,000,000 memberships)
# as database "national", for module benchmarks that copy it (CREATE DATABASE x TEMPLATE national) instead of
# seeding 10,000,000 memberships each (7–15 min on 2 cores).
#
#   bench/national-template.sh            # start the cluster (and seed "national" the first time); prints the port
#   bench/national-template.sh --stop     # stop it
#   bench/national-template.sh --copy DB  # a fresh copy of "national" named DB; prints its connection string
#
# Environment: NATIONAL_PG_DIR (default /work/national-pg), NATIONAL_PG_PORT (default 55432), PG_BIN,
# NATIONAL_ORGS / NATIONAL_MEMBERS (default 1000000 / 10000000).
# Same durability-off settings as bench/throwaway-postgres.sh; the data lives until you delete the directory.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${NATIONAL_PG_DIR:-/work/national-pg}"
port="${NATIONAL_PG_PORT:-55432}"
pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
data="$dir/data"

run_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_() { "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
conn() { echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$1;Command Timeout=3600;Include Error Detail=true"; }

if [[ "${1:-}" == "--stop" ]]; then
  (cd /tmp && run_pg "$pg_bin/pg_ctl" -D "$data" -m fast -w stop) || true
  exit 0
fi

if [[ ! -f "$data/PG_VERSION" ]]; then
  mkdir -p "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
  (cd /tmp && run_pg "$pg_bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null)
fi
if ! psql_ -d postgres -c "SELECT 1" >/dev/null 2>&1; then
  settings="-c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir' \
 -c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB \
 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
 -c max_wal_size=8GB -c checkpoint_timeout=30min -c max_connections=200"
  (cd /tmp && run_pg "$pg_bin/pg_ctl" -D "$data" -w -t 120 -l "$dir/server.log" -o "-p $port $settings" start >/dev/null)
fi

if [[ "${1:-}" == "--copy" ]]; then
  target="$2"
  psql_ -d postgres -c "DROP DATABASE IF EXISTS \"$target\" WITH (FORCE)"
  psql_ -d postgres -c "CREATE DATABASE \"$target\" TEMPLATE national"
  conn "$target"
  exit 0
fi

if [[ "$(psql_ -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = 'national'")" == "0" ]]; then
  psql_ -d postgres -c "CREATE DATABASE national_seeding"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  dotnet build "$repo_root/bench/Zhijian.Bench/Zhijian.Bench.csproj" -c Release -p:ZhijianNestedBuild=true -nologo -v quiet
  dotnet "$repo_root/bench/Zhijian.Bench/bin/Release/net10.0/Zhijian.Bench.dll" --seed-only --connection "$(conn national_seeding)" \
    --orgs "${NATIONAL_ORGS:-1000000}" --members "${NATIONAL_MEMBERS:-10000000}"
  psql_ -d postgres -c "ALTER DATABASE national_seeding RENAME TO national"
fi
echo "national dataset ready on 127.0.0.1:$port (database national; copy with: bench/national-template.sh --copy NAME)"
