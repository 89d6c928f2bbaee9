#!/usr/bin/env bash
# Database answering benchmarks (issue 10).
#
#   build/bench/databases.sh [all|uploaded|overhead|catalog]     (default: all)
#
# uploaded  SQL over uploaded tables holding a 100,000-row CSV: the first query (which loads the workspace's in-memory
#           copy) and 50 warm grouped aggregates, on SQLite and on PostgreSQL as Planck's database (target: under 200 ms).
# overhead  The server's own time per database answer over a 200-table catalog: table selection, prompt, validation,
#           result typing and chart, with an instant model and an instant query so neither is counted (target: p95 under 30 ms).
# catalog   Catalog read and profile of a 200-table schema (about 560,000 rows) on SQLite, PostgreSQL and MariaDB through
#           the server's engine with its default limits, as a read-only role: 1 cold run + 5 (target: under 5 s). The
#           tool builds the schema and drops it after. MariaDB is skipped, with a message, while the build has no MySQL engine.
# Results go to stdout as JSON lines.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WHAT="${1:-all}"
PG_PORT="${PG_PORT:-55442}"
MARIADB_PORT="${MARIADB_PORT:-53396}"
case "$WHAT" in all|uploaded|overhead|catalog) ;; *) echo "usage: $0 [all|uploaded|overhead|catalog]" >&2; exit 2 ;; esac
runs() { [[ "$WHAT" == all || "$WHAT" == "$1" ]]; }

# shellcheck source=build/postgres.sh
source "$ROOT/build/postgres.sh"
# shellcheck source=build/mariadb.sh
source "$ROOT/build/mariadb.sh"
SQLITE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/planck-catbench-sqlite.XXXXXXXX")"
trap 'planck_pg_stop >/dev/null 2>&1 || true; planck_mariadb_stop >/dev/null 2>&1 || true; rm -rf "$SQLITE_DIR"' EXIT

dotnet build "$ROOT/build/bench/DatabaseBench" -c Release -v quiet -p:SkipWebApp=true >/dev/null
TOOL="$ROOT/build/bench/DatabaseBench/bin/Release/net10.0/Planck.Bench.Databases.dll"
if runs uploaded || runs catalog; then planck_pg_start "$PG_PORT" >/dev/null; fi

if runs uploaded; then
    dotnet "$TOOL" uploaded sqlite
    dotnet "$TOOL" uploaded postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=dbbench"
fi
if runs overhead; then
    dotnet "$TOOL" overhead
fi
if runs catalog; then
    dotnet "$TOOL" catalog sqlite "$SQLITE_DIR"
    dotnet "$TOOL" catalog postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused"
    planck_mariadb_start "$MARIADB_PORT" >/dev/null
    status=0
    dotnet "$TOOL" catalog mysql "Server=127.0.0.1;Port=$MARIADB_PORT;User ID=$PLANCK_MARIADB_USER;Password=$PLANCK_MARIADB_PASSWORD" || status=$?
    if [[ "$status" -eq 3 ]]; then
        echo "[databases.sh] catalog mysql skipped: this build has no MySQL/MariaDB engine yet (the schema and role were built, checked and dropped)" >&2
    elif [[ "$status" -ne 0 ]]; then
        exit "$status"
    fi
fi
