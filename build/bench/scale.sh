#!/usr/bin/env bash
# Search speed at scale (issue 11): N passages in ONE workspace, hybrid search by 4 concurrent clients.
#
#   build/bench/scale.sh [sqlite|postgres|all] [PASSAGES...]      (default: all 100000 1000000)
#
# Per provider and passage count, against a fresh published server (local embeddings, as shipped): N passages
# are seeded straight into the database (ready documents of 100 passages, Zipf text, random unit vectors; see
# DocumentBench's Seeder), one search loads the workspace's vectors (timed), then wrk drives
# GET /api/v1/workspaces/{id}/search?q=…&limit=10 with 4 connections after an unrecorded warm-up, and prints
# p50/p95/p99, requests/s and the server's resident memory (VmRSS now, VmHWM peak). Optional environment:
#   BENCH_DURATION       recorded wrk run (default 20s)
#   BENCH_WARMUP         unrecorded warm-up (default 15s)
#   BENCH_CONNECTIONS    wrk connections (default 4)
#   BENCH_WORKSPACES     spread the passages over this many workspaces (default 1; issue 3's setting was 20); wrk
#                        rotates over them, and the first search loads each one's vectors
#   BENCH_SERVER_ENV     extra server settings, space-separated KEY=VALUE (e.g. Planck__Search__VectorSearch__Oversampling=2)
# PostgreSQL is a throwaway cluster on port 55477 (not the developers' 55433).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=build/bench/run.sh
source "$BENCH_DIR/run.sh"
# shellcheck source=build/bench/search.sh
source "$BENCH_DIR/search.sh"

PG_PORT=55477
SEARCH_DURATION="${BENCH_DURATION:-20s}"
SEARCH_WARMUP="${BENCH_WARMUP:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-4}"
WORKSPACES="${BENCH_WORKSPACES:-1}"
TOOL=""

scale_run() {
    local provider="$1" passages="$2" admin_key ids_file out started
    echo
    echo "================ $provider, $passages passages in $WORKSPACES workspace(s) ================"
    if [[ "$provider" == postgres ]]; then
        planck_pg_start "$PG_PORT"
        "$PLANCK_PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
    fi
    EXTRA_APP_ENV=("Planck__Embeddings__Provider=Local" "Planck__Search__VectorCacheMegabytes=2048")
    # shellcheck disable=SC2206
    [[ -n "${BENCH_SERVER_ENV:-}" ]] && EXTRA_APP_ENV+=($BENCH_SERVER_ENV)
    start_server "$provider"
    admin_key="$(run_cli_key create-api-key --email "$ADMIN_EMAIL" --name bench)"
    ids_file="$WORK/workspace-$provider-$passages.txt"
    bench_tool workspaces "$BASE_URL" "$admin_key" "$WORKSPACES" | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)))' >"$ids_file"
    # shellcheck disable=SC2046
    echo "seed: $(bench_tool seed "$provider" "$(connection_string_for "$provider")" "$passages" $(cat "$ids_file"))"  # one argument per workspace
    if [[ "$provider" == postgres ]]; then
        "$PLANCK_PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$PG_DB" -qc "VACUUM ANALYZE" >&2
        echo "database size: $("$PLANCK_PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$PG_DB" -tAc "SELECT pg_size_pretty(pg_database_size(current_database()))")"
    else
        echo "database size: $(du -sh "$(data_dir_of_server)" | cut -f1)"
    fi

    started=$(date +%s.%N)
    local workspace
    while read -r workspace; do
        curl -sS -o /dev/null --max-time 600 -H "X-API-Key: $admin_key" "$BASE_URL/api/v1/workspaces/$workspace/search?limit=10&q=revenue+forecast"
    done <"$ids_file"
    echo "first search of each workspace (loads the vectors): $(python3 -c "import time; print(round(time.time() - $started, 2))") s"

    out="$WORK/search-$provider-$passages.txt"
    search_wrk "$admin_key" "$ids_file" "$out" "$CONNECTIONS"
    echo "search (hybrid, $passages passages, $WORKSPACES workspace(s), wrk -t1 -c$CONNECTIONS -d$SEARCH_DURATION): $(parse_wrk "$out" | awk -F'\t' '{printf "%s req/s", $1}'), $(grep -E '^p(50|95|99)_ms' "$out" | tr '\n' ' ')"
    echo "server memory: VmRSS $(awk '/VmRSS/ {print $2/1024 " MB"}' "/proc/$SERVER_PID/status"), VmHWM $(awk '/VmHWM/ {print $2/1024 " MB"}' "/proc/$SERVER_PID/status")"
    stop_server
    if [[ "$provider" == postgres ]]; then planck_pg_stop; fi
}

scale_main() {
    if help_asked "${1:-all}" "${BASH_SOURCE[0]}" 15; then return 0; fi
    select_providers "${1:-all}" || die "usage: build/bench/scale.sh [sqlite|postgres|all] [PASSAGES...]"
    local sizes=("${@:2}")
    ((${#sizes[@]})) || sizes=(100000 1000000)
    prepare_run scalebench
    dotnet build "$BENCH_DIR/DocumentBench/DocumentBench.csproj" -c Release -o "$WORK/tool" -v minimal >&2
    TOOL="$WORK/tool/Planck.Bench.Documents.dll"

    echo "## Search at scale"
    echo
    machine_facts | grep -v '^- load:'
    echo "- uptime: $(uptime)"
    echo "- server settings: ${BENCH_SERVER_ENV:-(defaults)}"
    local provider passages
    for provider in "${PROVIDERS[@]}"; do
        for passages in "${sizes[@]}"; do
            scale_run "$provider" "$passages"
            echo "- uptime after: $(uptime)"
        done
    done
}

scale_main "$@"
