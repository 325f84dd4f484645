#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what is missing (PostgreSQL server
# binaries, node + npm for the workbook tools, and Chromium + CJK fonts once browser tests exist), restores, builds with warnings as
# errors, checks formatting, runs every test project and prints, as the very last line,
#   N passed, N failed, N skipped
# Exit status is non-zero if the build or format check failed, any test failed, or no test ran.
#
# Environment:
#   ZHIJIAN_TEST_PG  superuser connection string of an existing PostgreSQL server (skips installing one)
#   PG_BIN           directory holding initdb/pg_ctl (skips installing PostgreSQL)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

solution=Zhijian.slnx
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# ---------------------------------------------------------------- helpers

script_start=$SECONDS
phase_name=""
phase_start=0

# Prints "== name" when a phase starts and "== name (Ns)" when it ends.
phase() {
  end_phase
  phase_name="$1"
  phase_start=$SECONDS
  echo "== $phase_name"
}

end_phase() {
  if [[ -n "$phase_name" ]]; then
    echo "== $phase_name ($((SECONDS - phase_start))s)"
    phase_name=""
  fi
}

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "error: need root (or sudo) to run: $*" >&2
    return 1
  fi
}

apt_updated=0
apt_install() {
  if [[ "$apt_updated" -eq 0 ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

package_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# ---------------------------------------------------------------- prerequisites

ensure_postgres() {
  if [[ -n "${ZHIJIAN_TEST_PG:-}" ]]; then
    echo "using the existing PostgreSQL server from ZHIJIAN_TEST_PG"
    return
  fi
  if [[ -n "${PG_BIN:-}" && -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]]; then
    echo "using PostgreSQL binaries from PG_BIN=$PG_BIN"
    return
  fi
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    echo "PostgreSQL server binaries missing; installing them"
    apt_install postgresql
  fi
  # The tests run initdb/pg_ctl as this user when they run as root (initdb refuses root).
  if ! id -u postgres >/dev/null 2>&1; then
    as_root useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  ls -d /usr/lib/postgresql/*/bin
}

# Browser tests (tests/Zhijian.E2E) drive Debian's Chromium; CJK fonts keep Chinese text from
# rendering as boxes in screenshots.
ensure_browser() {
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  package_installed fonts-noto-cjk || missing+=(fonts-noto-cjk)
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "installing ${missing[*]}"
    apt_install "${missing[@]}"
  fi
  /usr/bin/chromium --version 2>/dev/null || true
}

# Sums the <Counters> of every TRX file under $1 and prints "passed failed skipped total".
# TRX is XML, often on a single line, so match the element rather than lines.
sum_trx() {
  local dir="$1"
  find "$dir" -type f -name '*.trx' -print0 2>/dev/null \
    | xargs -0 -r cat \
    | grep -o '<Counters [^>]*>' \
    | grep -oE ' (total|passed|failed|error|timeout|aborted|notExecuted)="[0-9]+"' \
    | awk -F'"' '
        { sub(/^ /, "", $1); sub(/=$/, "", $1); n[$1] += $2 }
        END {
          failed = n["failed"] + n["error"] + n["timeout"] + n["aborted"]
          printf "%d %d %d %d\n", n["passed"], failed, n["notExecuted"], n["total"]
        }'
}

# The import and template tests drive ExcelJS and SheetJS (tools/workbooks, pinned in its package-lock.json) with node.
ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "node or npm missing; installing them"
    apt_install nodejs npm
  fi
  node --version
  (cd tools/workbooks && npm ci --no-audit --no-fund)
  # axe-core for the browser suite's accessibility check (tools/axe, pinned in its package-lock.json).
  (cd tools/axe && npm ci --no-audit --no-fund)
}

# Installs the pinned npm tools of tools/openapi (package-lock.json, npm ci) unless node_modules already holds
# exactly that lock; then fetches the document from the published app, lints it and type-checks the client.
check_openapi() {
  local app_dir="$1" tools="$repo_root/tools/openapi" doc="$repo_root/artifacts/openapi/v1.json"
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm missing; installing Node.js"
    apt_install nodejs npm || return 1
  fi
  local lock_hash stamp="$tools/node_modules/.zhijian-lock.sha256"
  lock_hash="$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
    (cd "$tools" && npm ci --no-audit --no-fund) || return 1
    echo "$lock_hash" >"$stamp"
  fi
  "$tools/fetch-document.sh" "$app_dir" "$doc" || return 1
  local rc=0
  (cd "$tools" && npx --no-install redocly lint --config redocly.yaml --format=summary "$doc") || rc=1
  (cd "$tools" && npx --no-install openapi-typescript "$doc" -o generated/api.d.ts \
    && npx --no-install tsc --noEmit -p tsconfig.json) || rc=1
  return "$rc"
}

# ---------------------------------------------------------------- run

problems=()

phase "prerequisites"
command -v dotnet >/dev/null 2>&1 || {
  echo "error: dotnet not found; install the .NET SDK named in global.json" >&2
  exit 1
}
dotnet --version
ensure_postgres
ensure_node
if [[ -d tests/Zhijian.E2E ]]; then
  ensure_browser
fi

phase "restore"
dotnet restore "$solution"

phase "build"
build_ok=1
if ! dotnet build "$solution" --no-restore -c Release -warnaserror; then
  build_ok=0
  problems+=("build failed")
fi

if [[ "$build_ok" -eq 1 ]]; then
  phase "format"
  if ! dotnet format "$solution" --verify-no-changes --no-restore; then
    problems+=("dotnet format found unformatted code; run dotnet format $solution")
  fi

  # Browser tests drive the application as it is deployed: dotnet publish output in the Production environment.
  phase "publish"
  if dotnet publish src/Zhijian.Web -c Release --no-build -o "$repo_root/artifacts/e2e/app"; then
    export ZHIJIAN_PUBLISHED_APP="$repo_root/artifacts/e2e/app"
  else
    problems+=("dotnet publish failed")
  fi

  # The API contract as clients see it: the published app's /openapi/v1.json must pass Redocly's recommended rules
  # with no error, and a client generated from it must type-check real calls (tools/openapi/client-check.ts).
  phase "openapi"
  if ! check_openapi "$repo_root/artifacts/e2e/app"; then
    problems+=("OpenAPI contract check failed (see the openapi phase above)")
  fi

  phase "test"
  results_dir="$repo_root/TestResults/$(date -u +%Y%m%d-%H%M%S)"
  test_rc=0
  mkdir -p "$results_dir"
  # The runner's output is kept beside the TRX files so that an error outside any test (a fixture's
  # cleanup, a crashed test host) can be quoted again at the end, where a truncated log still shows it.
  dotnet test --solution "$solution" -c Release --no-build \
    --report-xunit-trx --results-directory "$results_dir" 2>&1 | tee "$results_dir/dotnet-test.log" \
    || test_rc=${PIPESTATUS[0]}
  echo "test results: $results_dir"
else
  results_dir=""
  test_rc=0
fi

phase "summary"
read -r passed failed skipped total < <(if [[ -n "$results_dir" ]]; then sum_trx "$results_dir"; else echo 0 0 0 0; fi)
: "${passed:=0}" "${failed:=0}" "${skipped:=0}" "${total:=0}"
if [[ "$build_ok" -eq 1 ]]; then
  [[ "$total" -gt 0 ]] || problems+=("no tests ran (no TRX results under $results_dir)")
  [[ "$failed" -eq 0 ]] || problems+=("$failed test(s) failed")
  # A crashed test host can leave fewer results than tests; trust the runner's exit code too.
  if [[ "$test_rc" -ne 0 && "$failed" -eq 0 ]]; then
    problems+=("dotnet test exited with code $test_rc")
    echo "-- runner messages outside test results (from $results_dir/dotnet-test.log):"
    grep -n -i -E -A12 'cleanup failure|catastrophic|unhandled exception|exited with|crash|error[: ]' \
      "$results_dir/dotnet-test.log" | grep -v -E '^[0-9]+[-:] *error: 0$' | head -80 || true
  fi
fi
end_phase
echo "total time: $((SECONDS - script_start))s"

status=0
for problem in "${problems[@]+"${problems[@]}"}"; do
  echo "FAILED: $problem"
  status=1
done
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
