#!/usr/bin/env bash
# Starts a built Zhijian.Web (default: the publish output test.sh makes) on an empty SQLite database in a temp
# directory on a free port, saves /openapi/v1.json and stops it again.
#   tools/openapi/fetch-document.sh [APP_DIR] [OUT_FILE]
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
app_dir="${1:-$repo_root/artifacts/e2e/app}"
out="${2:-$repo_root/artifacts/openapi/v1.json}"
[[ -f "$app_dir/Zhijian.Web.dll" ]] || { echo "error: no Zhijian.Web.dll in $app_dir" >&2; exit 1; }

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo $((20000 + RANDOM % 40000)))"
log="$work/app.log"
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$app_dir" && exec env ASPNETCORE_ENVIRONMENT=Production Database__Provider=sqlite \
  ConnectionStrings__Zhijian="Data Source=$work/openapi.db" Demo__Enabled=false Storage__Path="$work/files" \
  dotnet Zhijian.Web.dll --urls "http://127.0.0.1:$port" >"$log" 2>&1) &
pid=$!

mkdir -p "$(dirname "$out")"
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/openapi/v1.json" -o "$out.tmp" 2>/dev/null; then
    mv "$out.tmp" "$out"
    echo "saved $out ($(wc -c <"$out") bytes)"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
echo "error: the app did not serve /openapi/v1.json; its log:" >&2
tail -40 "$log" >&2
exit 1
