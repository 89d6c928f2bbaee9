#!/usr/bin/env bash
# Builds the server package: a self-contained linux-x64 publish of src/WebApi with the web app in wwwroot, the
# systemd unit, the nginx configuration and an example settings file, as one versioned tarball.
#
#   build/package.sh            (from any directory; needs the .NET 10 SDK and Node.js 20+ with npm)
#
# Writes artifacts/planck-<version>-linux-x64.tar.gz, whose single top directory planck-<version>/ holds
#   app/                         the published server (run app/Planck.WebApi; no .NET install needed)
#   deploy/planck.service        systemd unit
#   deploy/nginx/planck.conf     reverse proxy
#   deploy/planck.env.example    settings file for /etc/planck/planck.env
#   README.md
# The version is Directory.Build.props' <Version>. The last line of output is the tarball's path.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

VERSION="$(dotnet msbuild src/WebApi/WebApi.csproj -getProperty:Version -p:SkipWebApp=true)"
if [[ ! "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]; then
    echo "ERROR: could not read the version from Directory.Build.props (got \"$VERSION\")." >&2
    exit 1
fi
NAME="planck-$VERSION"
ARTIFACTS="$ROOT/artifacts"
STAGE="$ARTIFACTS/stage/$NAME"
TARBALL="$ARTIFACTS/$NAME-linux-x64.tar.gz"

rm -rf "$ARTIFACTS/stage"
mkdir -p "$STAGE/deploy/nginx"

echo "==> dotnet publish src/WebApi -c Release -r linux-x64 --self-contained ($VERSION)"
# The web app is built into wwwroot and published with the server (src/WebApi/WebApp.targets); SkipWebApp must not be set.
dotnet publish src/WebApi -c Release -r linux-x64 --self-contained -p:SkipWebApp=false -v minimal -o "$STAGE/app"

if [[ ! -x "$STAGE/app/Planck.WebApi" || ! -f "$STAGE/app/wwwroot/index.html" ]]; then
    echo "ERROR: the publish output lacks app/Planck.WebApi or the web app (app/wwwroot/index.html)." >&2
    exit 1
fi
# Development settings never ship.
rm -f "$STAGE/app/appsettings.Development.json"

install -m 0644 deploy/planck.service "$STAGE/deploy/planck.service"
install -m 0644 deploy/nginx/planck.conf "$STAGE/deploy/nginx/planck.conf"
install -m 0644 deploy/planck.env.example "$STAGE/deploy/planck.env.example"
install -m 0644 README.md "$STAGE/README.md"

if command -v systemd-analyze >/dev/null 2>&1; then
    echo "==> systemd-analyze verify deploy/planck.service"
    # Checked against the staged app, as it will sit under /opt/planck once unpacked.
    verify_dir="$(mktemp -d)"
    trap 'rm -rf "$verify_dir"' EXIT
    sed "s#/opt/planck/app#$STAGE/app#g" deploy/planck.service > "$verify_dir/planck.service"
    systemd-analyze verify "$verify_dir/planck.service"
fi

echo "==> $TARBALL"
tar -C "$ARTIFACTS/stage" --owner=0 --group=0 --numeric-owner --mode=go+rX,go-w -czf "$TARBALL" "$NAME"
rm -rf "$ARTIFACTS/stage"
ls -l "$TARBALL" | awk '{print $5, "bytes"}'
echo "$TARBALL"
