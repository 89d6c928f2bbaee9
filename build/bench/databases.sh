#!/usr/bin/env bash
# Database answering benchmarks (issue 10).
#
#   build/bench/databases.sh
#
# 1. SQL over uploaded tables holding a 100,000-row CSV: the first query (which loads the workspace's in-memory copy)
#    and 50 warm grouped aggregates, on SQLite and on PostgreSQL as Planck's database (target: under 200 ms).
# 2. The server's own time per database answer over a 200-table catalog: table selection, prompt, validation, result
#    typing and chart, with an instant model and an instant query so neither is counted (target: p95 under 30 ms).
# Catalog read and profile of a 200-table schema on each engine is measured by the integration tests' catalog
# benchmark (see docs/benchmarks.md). Results go to stdout as JSON lines.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_PORT="${PG_PORT:-55442}"
# shellcheck source=build/postgres.sh
source "$ROOT/build/postgres.sh"
trap 'planck_pg_stop >/dev/null 2>&1 || true' EXIT

dotnet build "$ROOT/build/bench/DatabaseBench" -c Release -v quiet -p:SkipWebApp=true >/dev/null
TOOL="$ROOT/build/bench/DatabaseBench/bin/Release/net10.0/Planck.Bench.Databases.dll"
planck_pg_start "$PG_PORT" >/dev/null

dotnet "$TOOL" uploaded sqlite
dotnet "$TOOL" uploaded postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=dbbench"
dotnet "$TOOL" overhead
