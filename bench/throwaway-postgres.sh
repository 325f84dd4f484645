# Sourced by bench/run-*.sh: starts a throwaway PostgreSQL cluster in a temp dir on a free port (as
# user postgres when run as root), creates database "zhijian", builds bench/Zhijian.Bench, and sets
# $connection, $bench_dll and $source_note; the cluster is stopped and its dir deleted on exit unless
# $keep is true. Expects $repo_root, $keep and optionally $bench_name (temp dir prefix).
pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [[ ! -x "$pg_bin/initdb" ]]; then
  echo "PostgreSQL server binaries not found (set PG_BIN or apt-get install -y postgresql)" >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== build (Release)"
# ZhijianNestedBuild: the web project would otherwise also build the SQLite migrations, which the bench does not need.
dotnet build bench/Zhijian.Bench/Zhijian.Bench.csproj -c Release -p:ZhijianNestedBuild=true -nologo -v quiet
bench_dll="$repo_root/bench/Zhijian.Bench/bin/Release/net10.0/Zhijian.Bench.dll"

# initdb refuses to run as root: root hands the directory to the postgres user.
run_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

work="$(mktemp -d "${BENCH_TMP:-/tmp}/${bench_name:-zhijian-bench}-pg.XXXXXX")"
data="$work/data"
if [[ $(id -u) -eq 0 ]]; then
  chown postgres:postgres "$work"
fi

cleanup() {
  if [[ "$keep" == true ]]; then
    echo "== server left running: $data (stop: runuser -u postgres -- $pg_bin/pg_ctl -D $data -m immediate stop; rm -rf $work)"
    return
  fi
  if [[ -f "$data/postmaster.pid" ]]; then
    (cd /tmp && run_pg "$pg_bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1) || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== initdb in $work"
(cd /tmp && run_pg "$pg_bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null)

# Server settings: the task's memory settings; durability off (a throwaway cluster); checkpoints
# spaced out for the bulk load. The program prints what the server reports for each into the results.
settings="-c listen_addresses=127.0.0.1 -c unix_socket_directories='$work' \
 -c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB \
 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
 -c max_wal_size=8GB -c checkpoint_timeout=30min -c max_connections=100"

port=""
for attempt in 1 2 3 4 5; do
  candidate=$(( 20000 + RANDOM % 40000 ))
  if (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    continue  # something listens there
  fi
  if (cd /tmp && run_pg "$pg_bin/pg_ctl" -D "$data" -w -t 60 -l "$work/server.log" -o "-p $candidate $settings" start >/dev/null); then
    port=$candidate
    break
  fi
  echo "start on port $candidate failed (attempt $attempt)" >&2
done
if [[ -z "$port" ]]; then
  echo "PostgreSQL did not start; log:" >&2
  tail -n 30 "$work/server.log" >&2 || true
  exit 1
fi
echo "== PostgreSQL on 127.0.0.1:$port"

"$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -c "CREATE DATABASE zhijian" >/dev/null
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=zhijian;Command Timeout=600;Include Error Detail=true"

source_note="working tree of $(basename "$repo_root")"
if git -C "$repo_root" rev-parse --short HEAD >/dev/null 2>&1; then
  source_note="commit $(git -C "$repo_root" rev-parse --short HEAD)"
  if [[ -n "$(git -C "$repo_root" status --porcelain -- src bench 2>/dev/null)" ]]; then
    source_note="$source_note with uncommitted changes in src/ or bench/"
  fi
fi
