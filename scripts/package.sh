#!/usr/bin/env bash
# Makes the release bundles from `dotnet publish` (the only output that carries the console's static web assets):
#   artifacts/release/zhijian-<version>-framework.tar.gz   needs the ASP.NET Core 10 runtime on the server
#   artifacts/release/zhijian-<version>-linux-x64.tar.gz   self-contained: needs nothing but glibc
# Each holds app/ (the published application), zhijian.service (systemd), nginx-zhijian.conf, zhijian.env.example
# and FIRST-RUN.md. Nothing in a bundle loads anything from the internet.
#
# Usage: bash scripts/package.sh [version]      (version defaults to git describe)
#        ZHIJIAN_FLAVOURS="framework" bash scripts/package.sh   (only one flavour)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version="${1:-$(git describe --tags --always --dirty 2>/dev/null || date -u +%Y%m%d)}"
out="$repo_root/artifacts/release"
mkdir -p "$out"

for flavour in ${ZHIJIAN_FLAVOURS:-framework linux-x64}; do
  name="zhijian-$version-$flavour"
  dir="$out/$name"
  rm -rf "$dir" "$dir.tar.gz"
  echo "== publishing $name"
  case "$flavour" in
    framework)
      dotnet publish src/Zhijian.Web -c Release --no-self-contained -o "$dir/app"
      exec_start="/usr/bin/dotnet /opt/zhijian/app/Zhijian.Web.dll"
      ;;
    linux-x64)
      dotnet publish src/Zhijian.Web -c Release -r linux-x64 --self-contained -o "$dir/app"
      exec_start="/opt/zhijian/app/Zhijian.Web"
      ;;
    *)
      echo "unknown flavour $flavour (framework | linux-x64)" >&2
      exit 2
      ;;
  esac

  for f in Zhijian.Migrations.Sqlite.dll Zhijian.Migrations.Postgres.dll wwwroot _framework; do
    [[ -e "$dir/app/$f" || -e "$dir/app/wwwroot/$f" ]] || { echo "error: $f missing from $dir/app" >&2; exit 1; }
  done

  sed "s|@EXEC_START@|$exec_start|" deploy/zhijian.service > "$dir/zhijian.service"
  cp deploy/nginx-zhijian.conf deploy/zhijian.env.example deploy/FIRST-RUN.md "$dir/"
  tar -C "$out" -czf "$dir.tar.gz" "$name"
  echo "   $dir.tar.gz ($(du -h "$dir.tar.gz" | cut -f1))"
done
